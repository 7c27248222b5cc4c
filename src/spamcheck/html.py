"""HTML to blocks (placeholder: minimal version until the block classifier lands)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from bs4 import BeautifulSoup

from .document import Block, Document

if TYPE_CHECKING:
    from .languages import LanguageGuesser

_BLOCK_TAGS = ["p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "td", "th", "pre", "blockquote", "dd", "dt"]


@dataclass(slots=True)
class Extraction:
    text: str
    main_text: str
    blocks: list[Block] = field(default_factory=list)


def extract(html: str | bytes) -> Extraction:
    if isinstance(html, bytes):
        from .decode import decode_bytes

        html = decode_bytes(html)[0]
    soup = BeautifulSoup(html, "html.parser")
    for t in soup(["script", "style", "noscript", "template"]):
        t.decompose()
    parts: list[str] = []
    blocks: list[Block] = []
    pos = 0
    for el in soup.find_all(_BLOCK_TAGS):
        if el.find(_BLOCK_TAGS):
            continue
        t = " ".join(el.get_text(" ", strip=True).split())
        if not t:
            continue
        if parts:
            pos += 2
        blocks.append(Block(pos, pos + len(t), el.name))
        parts.append(t)
        pos += len(t)
    text = "\n\n".join(parts)
    main = "\n\n".join(text[b.start : b.end] for b in blocks if b.label == "main")
    return Extraction(text=text, main_text=main, blocks=blocks)


def html_document(
    html: str, *, doc_id: str | None, languages: LanguageGuesser | None, warnings: list[str]
) -> Document:
    ex = extract(html)
    return Document(ex.text, doc_id=doc_id, blocks=ex.blocks, input_kind="html", languages=languages)
