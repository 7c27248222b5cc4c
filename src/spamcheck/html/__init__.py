"""HTML pages: extract the main text (:mod:`.extraction`), walk the page into blocks
(:mod:`.segment`), describe each block (:mod:`.features`) and classify it
(:mod:`.block_model`)."""

from .extraction import MAX_HTML_CHARS, Extraction, extract, html_document

__all__ = ["MAX_HTML_CHARS", "Extraction", "extract", "html_document"]
