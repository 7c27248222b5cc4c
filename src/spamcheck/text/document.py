"""Document: the original text, its normalised form, segments and language.

Every detector receives a :class:`Document`, works on ``doc.text`` (normalised)
and reports spans through :meth:`Document.flag`, which maps them back to the
original text. Segments are computed lazily and cached, so a detector that does
not need sentences does not pay for them.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from functools import cached_property
from itertools import accumulate
from typing import TYPE_CHECKING

from ..result import Flag
from .normalise import OffsetMap, normalise

if TYPE_CHECKING:
    from .languages import LanguageGuesser

Span = tuple[int, int]

_LINE = re.compile(r"[^\n]*")
_PARA_BREAK = re.compile(r"\n[ \t\f\v]*\n\s*")
# A sentence runs to . ! ? (plus closing quotes/brackets) followed by space, or to
# the end of its paragraph. Abbreviations split a few sentences too many; the
# detectors that care (rhythm, truncation) are robust to that.
_SENTENCE = re.compile(r"[^\s].*?(?:[.!?…]+[\"'”’)\]]*(?=\s|$)|$)", re.S)
# The one word pattern (letters/digits with inner apostrophes); detectors import it.
WORD = re.compile(r"\w+(?:['’]\w+)*")
# The word pattern as one group: re.split then alternates gaps and words, and the
# running sums of their lengths are the word offsets. One C pass gives words and
# offsets, instead of findall plus a Match object per word (2.5x faster).
_WORD_SPLIT = re.compile(f"({WORD.pattern})")


@dataclass(slots=True)
class Block:
    """A block of an HTML page (or a paragraph of plain text) in document offsets."""

    start: int
    end: int
    tag: str = "p"
    label: str = "main"  # "main" | "boilerplate"
    score: float = 0.0  # probability of boilerplate
    reason: str = ""


class Document:
    """One document ready for detection.

    >>> d = Document("Hello world.\\n\\nSecond para.")
    >>> [d.text[s:e] for s, e in d.paragraphs]
    ['Hello world.', 'Second para.']
    """

    def __init__(
        self,
        original: str,
        *,
        doc_id: str | None = None,
        blocks: list[Block] | None = None,
        input_kind: str = "text",
        languages: LanguageGuesser | None = None,
    ) -> None:
        self.id = doc_id
        self.original = original
        self._map: OffsetMap | None
        self.text, self._map, self.homoglyphs = normalise(original)
        if blocks is not None and self._map is not None:
            # Blocks arrive in original offsets; detectors work in normalised ones.
            m = self._map
            for b in blocks:
                b.start, b.end = m.to_normalised(b.start), m.to_normalised(b.end)
        self.blocks = blocks
        self.input_kind = input_kind
        self._languages = languages

    # -- offsets -----------------------------------------------------------
    def to_original(self, start: int, end: int) -> Span:
        """Map a normalised span to the original text."""
        if self._map is None:
            return start, end
        s = self._map.to_original(start, is_end=False)
        e = self._map.to_original(end, is_end=True)
        return s, max(s, e)

    def flag(
        self, family: str, type_: str, start: int, end: int, reason: str, strength: float
    ) -> Flag:
        """Build a :class:`Flag` from a span of the normalised text."""
        s, e = self.to_original(start, end)
        return Flag(family, type_, s, e, self.original[s:e], reason, round(min(1.0, max(0.0, strength)), 4))

    # -- segments (normalised offsets) --------------------------------------
    @cached_property
    def lines(self) -> list[Span]:
        """Non-empty lines, stripped of surrounding white space."""
        out = []
        for m in _LINE.finditer(self.text):
            s, e = _strip(self.text, m.start(), m.end())
            if e > s:
                out.append((s, e))
        return out

    @cached_property
    def paragraphs(self) -> list[Span]:
        """Blank-line separated paragraphs; for HTML, the blocks."""
        if self.blocks is not None:
            return [(b.start, b.end) for b in self.blocks if b.end > b.start]
        out = []
        pos = 0
        for m in _PARA_BREAK.finditer(self.text):
            s, e = _strip(self.text, pos, m.start())
            if e > s:
                out.append((s, e))
            pos = m.end()
        s, e = _strip(self.text, pos, len(self.text))
        if e > s:
            out.append((s, e))
        return out

    @cached_property
    def sentences(self) -> list[Span]:
        out = []
        text = self.text
        for ps, pe in self.paragraphs:
            for line_s, line_e in _lines_in(text, ps, pe):
                for m in _SENTENCE.finditer(text, line_s, line_e):
                    # A match starts at a non-space, so only its end needs stripping
                    # (rstrip() and _strip agree on what white space is).
                    s = m.start()
                    out.append((s, s + len(m.group().rstrip())))
        return out

    @cached_property
    def _word_split(self) -> tuple[list[str], list[int], list[int]]:
        """``(words, starts, ends)`` from one regex pass."""
        parts = _WORD_SPLIT.split(self.text)
        # parts = [gap, word, gap, ..., word, gap]: bounds[2k] is where word k
        # starts, bounds[2k + 1] where it ends.
        bounds = list(accumulate(map(len, parts)))
        return parts[1::2], bounds[0:-1:2], bounds[1::2]

    @cached_property
    def words(self) -> list[str]:
        return self._word_split[0]

    @cached_property
    def word_starts(self) -> list[int]:
        """Start offset of each word (sorted: ready for ``bisect``)."""
        return self._word_split[1]

    @cached_property
    def word_spans(self) -> list[Span]:
        _, starts, ends = self._word_split
        return list(zip(starts, ends, strict=True))

    @cached_property
    def lower_words(self) -> list[str]:
        return list(map(str.lower, self.words))

    @cached_property
    def language(self) -> str:
        if self._languages is None:
            return "unknown"
        return self._languages.guess(self.lower_words)

    def prose(self) -> Document:
        """The view the prose families read: boilerplate blocks blanked out.

        For plain text this is the document itself. For HTML, blocks the extractor
        labelled boilerplate are replaced by spaces of the same length, so offsets
        (and :meth:`flag`) stay valid while navigation, share bars and footers
        cannot count as LLM vocabulary, stuffing or rhythm. Language is guessed
        on the main text and shared with the full document.
        """
        cached = self.__dict__.get("_prose")
        if cached is not None:
            return cached
        if not self.blocks or all(b.label != "boilerplate" for b in self.blocks):
            self.__dict__["_prose"] = self
            return self
        chars = list(self.text)
        for b in self.blocks:
            if b.label == "boilerplate":
                for i in range(b.start, b.end):
                    if chars[i] != "\n":
                        chars[i] = " "
        view = copy.copy(self)
        # Drop every cached segment: the view recomputes them on its own text.
        for name in ("lines", "paragraphs", "sentences", "_word_split", "words", "word_starts", "word_spans",
                     "lower_words", "language"):
            view.__dict__.pop(name, None)
        view.text = "".join(chars)
        view.blocks = [b for b in self.blocks if b.label != "boilerplate"]
        view.__dict__["_prose"] = view
        self.__dict__["_prose"] = view
        if view.words:
            self.__dict__["language"] = view.language
        return view


def _strip(text: str, s: int, e: int) -> Span:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


def _lines_in(text: str, s: int, e: int) -> list[Span]:
    out = []
    pos = s
    while pos < e:
        nl = text.find("\n", pos, e)
        if nl == -1:
            nl = e
        if nl > pos:
            out.append((pos, nl))
        pos = nl + 1
    return out
