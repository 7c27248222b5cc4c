"""HTML pages: visible text cut into blocks, each labelled main text or boilerplate.

The report's text for an HTML page is its VISIBLE TEXT: every block (heading,
paragraph, list item, table cell, ...) joined with a blank line. Each
:class:`~spamcheck.text.document.Block` carries offsets into that text, its tag, a
label (``"main"`` / ``"boilerplate"``), ``score`` = P(boilerplate) from the
shipped block classifier (``models/html_blocks``; rules if it is missing) and
a short reason.

>>> ex = extract("<html><body><nav><a href='/'>Home</a> <a href='/a'>About</a></nav>"
...              "<p>The cat sat on the mat, and it was happy there for most of the long day.</p>"
...              "</body></html>")
>>> ex.main_text
'The cat sat on the mat, and it was happy there for most of the long day.'
>>> [b.label for b in ex.blocks]
['boilerplate', 'main']
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..text.document import Block, Document
from .meta import PageMeta, norm_title, page_metadata

if TYPE_CHECKING:
    from ..text.languages import LanguageGuesser

# Pages past this many characters are cut before parsing (the extraction warns):
# 5 M characters hold every real article; beyond that a "page" is a dump.
MAX_HTML_CHARS = 5_000_000
# The block model's threshold is tuned for F1 on real pages and sits below 0.5, so on a
# short page every block can land just above it. Then the blocks under 0.5 (still more
# likely main than boilerplate) are kept, with a warning, instead of an empty article.
FALLBACK_THRESHOLD = 0.5
_TAGLIKE = re.compile(
    r"<\s*(?:!doctype|html|head|body|div|p|span|a|table|br|meta|title|section|article|"
    r"frameset|h[1-6]|ul|li|script|style)\b",
    re.I,
)
_BODY = re.compile(r"<body[\s>/]", re.I)
_PARA = re.compile(r"\n\s*\n")


@dataclass(slots=True)
class Extraction:
    """What :func:`extract` found: the visible text, its blocks and the main text."""

    text: str
    main_text: str
    blocks: list[Block] = field(default_factory=list)
    title: str = ""  # the article's headline (see spamcheck.html.meta), else the page <title>
    language: str = "unknown"  # guessed from the text
    author: str = ""  # byline, where the page states one
    date: str = ""  # publication date, YYYY-MM-DD, where the page states one
    declared_language: str = ""  # <html lang> / Content-Language / og:locale, primary subtag
    boilerplate_share: float = 0.0  # share of visible characters in boilerplate blocks
    warnings: list[str] = field(default_factory=list)
    parser: str = "lxml"
    scorer: str = ""
    block_features: list[dict[str, float]] | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict (block text included, so the output stands alone)."""
        blocks = []
        for i, b in enumerate(self.blocks):
            d: dict[str, Any] = {
                "start": b.start,
                "end": b.end,
                "tag": b.tag,
                "label": b.label,
                "score": round(b.score, 4),
                "reason": b.reason,
                "text": self.text[b.start : b.end],
            }
            if self.block_features is not None:
                d["features"] = self.block_features[i]
            blocks.append(d)
        return {
            "title": self.title,
            "author": self.author,
            "date": self.date,
            "language": self.language,
            "declared_language": self.declared_language,
            "boilerplate_share": round(self.boilerplate_share, 4),
            "parser": self.parser,
            "scorer": self.scorer,
            "warnings": list(self.warnings),
            "main_text": self.main_text,
            "text": self.text,
            "blocks": blocks,
        }


def extract(html: str | bytes, *, features: bool = False) -> Extraction:
    """Visible text, labelled blocks and main text of an HTML page. Never raises on bad input.

    ``features=True`` also returns every block's feature values (for debugging
    and for ``spamcheck extract --json --features``).

    >>> extract(b"\\x00\\x01\\x02\\x03\\x04").warnings[-1]
    'input looks binary; no text extracted'
    """
    from ..text.decode import decode_bytes, looks_binary

    warnings: list[str] = []
    if isinstance(html, bytes):
        html, _, warnings = decode_bytes(html)
    elif not isinstance(html, str):
        return Extraction(
            "", "", warnings=[f"expected str or bytes, got {type(html).__name__}"], parser="none"
        )
    if looks_binary(html):
        return Extraction(
            "", "", warnings=[*warnings, "input looks binary; no text extracted"], parser="none"
        )
    if len(html) > MAX_HTML_CHARS:
        warnings.append(f"page has {len(html)} characters; only the first {MAX_HTML_CHARS} were parsed")
        html = html[:MAX_HTML_CHARS]
    if not _TAGLIKE.search(html[:65536]):
        return _plain_text(html, warnings)
    return _extract_html(html, warnings, features)


def _extract_html(html: str, warnings: list[str], want_features: bool) -> Extraction:
    from .block_model import load_block_model, reasons
    from .features import FEATURE_NAMES, featurise
    from .segment import segment

    page = segment(html)
    feats = featurise(page)
    scorer = load_block_model()
    if scorer.note:
        warnings.append(scorer.note)
    if page.parser != "lxml":
        warnings.append("lxml unavailable or failed; parsed with html.parser (slower)")
    if not _BODY.search(html):
        warnings.append("no <body> tag; the whole document was read as the body")
    if page.saw_frames:
        warnings.append(
            "page is a frameset; framed documents are not fetched, only this page's own text is read"
        )
    probs = scorer.probabilities(feats.matrix, feats.group).tolist()
    thr = scorer.threshold
    if probs and min(probs) >= thr and min(probs) < FALLBACK_THRESHOLD:
        # Nothing passed the tuned cut, but some blocks are still more likely main than
        # not: keep those rather than return an empty article (short pages, odd layouts).
        thr = FALLBACK_THRESHOLD
        warnings.append(
            f"no block below the boilerplate threshold {scorer.threshold:.2f}; "
            f"kept the blocks below {FALLBACK_THRESHOLD} as main text"
        )
    why = reasons(feats.matrix, probs, [rb.hint for rb in page.blocks], thr)
    meta = page_metadata(html)
    headline = headline_block([(rb.tag, rb.text) for rb in page.blocks], meta)
    parts: list[str] = []
    blocks: list[Block] = []
    main_parts: list[str] = []
    pos = 0
    boiler_chars = 0
    for i, (rb, reason, p) in enumerate(zip(page.blocks, why, probs, strict=False)):
        if parts:
            pos += 2
        label = "boilerplate" if p >= thr else "main"
        if i == headline and label == "boilerplate":
            # The block model scores a lone short heading like a section title or a
            # banner; the <h1> that repeats the page's own title is the article's headline.
            label = "main"
            reason = f"main: the article's headline (<h1> matching the page title; block model p={p:.2f})"
        blocks.append(Block(pos, pos + len(rb.text), rb.tag, label, float(p), reason))
        parts.append(rb.text)
        pos += len(rb.text)
        if label == "main":
            main_parts.append(rb.text)
        else:
            boiler_chars += len(rb.text)
    text = "\n\n".join(parts)
    if not blocks:
        warnings.append("no visible text found (empty, script-only or hidden-only page)")
    elif not main_parts:
        warnings.append("every block was judged boilerplate; no main text found")
    return Extraction(
        text=text,
        main_text="\n\n".join(main_parts),
        blocks=blocks,
        title=meta.title or page.title,
        language=feats.language,
        author=meta.author,
        date=meta.date,
        declared_language=meta.language,
        boilerplate_share=boiler_chars / max(1, sum(len(p) for p in parts)),
        warnings=warnings,
        parser=page.parser,
        scorer=scorer.name,
        block_features=(
            [dict(zip(FEATURE_NAMES, r, strict=True)) for r in feats.matrix.tolist()]
            if want_features
            else None
        ),
    )


def headline_block(blocks: list[tuple[str, str]], meta: PageMeta) -> int:
    """Index of the ``(tag, text)`` block that is the page's headline ``<h1>``, or -1.

    >>> m = PageMeta(title="Rates held", headline_h1="Rates held")
    >>> headline_block([("a", "Home"), ("h1", "Rates held"), ("p", "The bank...")], m)
    1
    """
    if not meta.headline_h1:
        return -1
    want = norm_title(meta.headline_h1)
    return next((i for i, (tag, text) in enumerate(blocks) if tag == "h1" and norm_title(text) == want), -1)


def _plain_text(text: str, warnings: list[str]) -> Extraction:
    """Not HTML (plain text, JSON, ...): blank-line paragraphs, all main text, and a warning."""
    warnings.append("input does not look like HTML; read as plain text (paragraphs = blocks, all main)")
    parts: list[str] = []
    blocks: list[Block] = []
    pos = 0
    for chunk in _PARA.split(text):
        t = " ".join(chunk.split())
        if not t:
            continue
        if parts:
            pos += 2
        blocks.append(
            Block(pos, pos + len(t), "p", "main", 0.0, "main: plain-text paragraph (input is not HTML)")
        )
        parts.append(t)
        pos += len(t)
    joined = "\n\n".join(parts)
    return Extraction(joined, joined, blocks, warnings=warnings, parser="none", scorer="none")


def html_document(
    html: str, *, doc_id: str | None, languages: LanguageGuesser | None, warnings: list[str]
) -> Document:
    """A :class:`Document` of the page's visible text with labelled blocks.

    Extraction warnings are appended to ``warnings``.

    >>> page = "<p>The council met on Tuesday and agreed on the budget.</p>"
    >>> doc = html_document(page, doc_id=None, languages=None, warnings=[])
    >>> doc.input_kind, doc.blocks[0].label
    ('html', 'main')
    """
    ex = extract(html)
    warnings.extend(w for w in ex.warnings if w not in warnings)
    # Copies: Document shifts block offsets to the normalised text in place.
    blocks = [Block(b.start, b.end, b.tag, b.label, b.score, b.reason) for b in ex.blocks]
    doc = Document(ex.text, doc_id=doc_id, blocks=blocks, input_kind="html", languages=languages)
    return doc
