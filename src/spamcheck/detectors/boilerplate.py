"""Detector family ``boilerplate``: page furniture mixed into the text.

Flag types (plain text):

* ``repeated_line``: a line (title, sentence) seen before in the same text; each
  repeat is flagged, the first occurrence is not;
* ``link_list``: three or more short title-like lines in a row (related posts,
  "you may also like" lists);
* ``empty_toc``: a "Table of Contents" heading with no entries under it;
* ``share_nav``: a line that is only a share/navigation/social label;
* ``legal_notice``: cookie banners, "All rights reserved", a bare "Privacy Policy" line.

For HTML input, blocks the extractor labelled ``boilerplate`` become
``html_block`` flags carrying the extractor's reason.

Phrase lists cover English, German, French and Spanish; the structural rules
(repeats, link lists) work in any language.
"""

from __future__ import annotations

import re
from typing import ClassVar

from ..lexicons.loader import phrase_regex, read_lexicon
from ..result import Flag
from ..text.document import WORD as _WORD
from ..text.document import Document
from .base import Findings

_BULLETS = " \t•·*▪◦‣>-–"
# A title or link line is short; longer lines are prose and skip the word scan.
_TITLE_MAX_CHARS = 160
_TERMINAL = tuple('.!?…;"”')
# A line shorter than this is a label ("Home"), not a repeated title or sentence.
_MIN_REPEAT_CHARS = 15
# A title-like line: short, mostly capitalised words, no closing full stop.
_TITLE_MAX_WORDS = 14
_LIST_MIN_RUN = 3
_FIELD = re.compile(r"^\s*(?:[•·*▪◦‣-]\s*)?\w[\w' -]{0,24}?\s:\s")
_CODE = re.compile(r"[\[\]{}=<>_;]|\(\)|\w\(")
# Lines longer than this are not a bare label ("Share on Facebook", "Privacy Policy").
_MAX_LABEL_CHARS = 60
_SEPARATORS = re.compile(r"\s[·•|/–-]\s|\s*[·•|]\s*")
_PHRASE_LANGS = frozenset({"en", "de", "fr", "es"})


class Boilerplate:
    """Finds repeated lines, link lists, empty TOCs, share bars and legal notices.

    >>> from spamcheck.text.document import Document
    >>> d = Document("Best Beaches In Spain\\n\\nSome text here.\\n\\nBest Beaches In Spain")
    >>> [f.type for f in Boilerplate().detect(d).flags]
    ['repeated_line']
    """

    family: ClassVar[str] = "boilerplate"
    prose_only: ClassVar[bool] = False  # needs the whole page (link lists, footers, author boxes)
    # Every type detect() emits (the gate checks --fail-on names against these).
    flag_types: ClassVar[tuple[str, ...]] = (
        "repeated_line", "link_list", "empty_toc", "share_nav", "legal_notice", "html_block",
    )

    def __init__(
        self,
        *,
        min_repeat_chars: int = _MIN_REPEAT_CHARS,
        list_min_run: int = _LIST_MIN_RUN,
        max_label_chars: int = _MAX_LABEL_CHARS,
    ) -> None:
        """Load the lexicons.

        Parameters
        ----------
        min_repeat_chars
            Shorter repeated lines are labels ("Home"), not repeated titles or sentences.
        list_min_run
            Consecutive link-like lines that make a link list.
        max_label_chars
            Longer lines are not a bare share/navigation/legal label.
        """
        self.min_repeat_chars = min_repeat_chars
        self.list_min_run = list_min_run
        self.max_label_chars = max_label_chars
        # Whole-line phrases: one set lookup per short line, no regex scan.
        self.line_kinds: dict[str, tuple[str, str, float]] = {}
        for name, kind in (("legal_line.txt", ("legal_notice", "legal/site link line", 0.35)),
                           ("share_nav.txt", ("share_nav", "share/navigation label", 0.4)),
                           ("toc.txt", ("toc", "", 0.0))):
            for phrase in read_lexicon("boilerplate", name):
                self.line_kinds[_line_key(phrase)] = kind
        legal = read_lexicon("boilerplate", "legal.txt")
        self.legal = phrase_regex(legal)
        # Gate for the legal regex: its phrases' distinctive words.
        self.legal_triggers = ("cookie", "rights", "droits", "derechos", "rechte", "continuing to")

    def detect(self, doc: Document) -> Findings:
        text = doc.text
        flags: list[Flag] = []
        n_repeat = self._repeats(doc, flags)
        self._link_lists(doc, flags)
        self._short_lines(doc, flags)
        lower = text.lower()
        if any(t in lower for t in self.legal_triggers):
            for m in self.legal.finditer(text):
                flags.append(doc.flag(self.family, "legal_notice", m.start(), m.end(),
                                      f"cookie/legal notice: {m.group(0)!r}", 0.5))
        html_chars, block_chars = self._html_blocks(doc, flags)
        feats = {f"boilerplate.n_{t}": 0.0 for t in
                 ("repeated_line", "link_list", "empty_toc", "share_nav", "legal_notice", "html_block")}
        covered = 0
        for f in flags:
            feats[f"boilerplate.n_{f.type}"] += 1
            covered += f.end - f.start
        n_lines = len(doc.lines)
        feats["boilerplate.repeated_line_frac"] = n_repeat / n_lines if n_lines else 0.0
        feats["boilerplate.flagged_share"] = min(1.0, covered / max(1, len(doc.original)))
        feats["boilerplate.html_share"] = html_chars / block_chars if block_chars else 0.0
        lang = doc.language
        coverage = "full" if lang in _PHRASE_LANGS or lang == "unknown" else (
            f"partial: share/legal phrase lists cover en/de/fr/es, not {lang}; structural rules ran")
        return Findings(flags, feats, coverage)

    def _repeats(self, doc: Document, flags: list[Flag]) -> int:
        text = doc.text
        seen: set[str] = set()
        n = 0
        for s, e in doc.lines:
            if e - s < self.min_repeat_chars:
                continue
            key = " ".join(text[s:e].lstrip(_BULLETS).split()).lower()
            if len(key) < self.min_repeat_chars or _CODE.search(key):
                continue  # repeated code lines are programs, not page furniture
            if key in seen:
                n += 1
                flags.append(doc.flag(self.family, "repeated_line", s, e, "line repeats an earlier line",
                                      0.5))
            else:
                seen.add(key)
        return n

    def _link_lists(self, doc: Document, flags: list[Flag]) -> None:
        text = doc.text
        run: list[tuple[int, int]] = []
        for s, e in [*doc.lines, (-1, -1)]:
            if s >= 0 and _titleish(text[s:e]):
                run.append((s, e))
                continue
            if len(run) >= self.list_min_run:
                flags.append(doc.flag(self.family, "link_list", run[0][0], run[-1][1],
                                      f"{len(run)} short title lines in a row (related posts / link list)",
                                      0.45))
            run = []

    def _short_lines(self, doc: Document, flags: list[Flag]) -> None:
        """Share/nav labels, legal link lines and empty table-of-contents headings."""
        text = doc.text
        lines = doc.lines
        for idx, (s, e) in enumerate(lines):
            if e - s > self.max_label_chars:
                continue
            kind = self.line_kinds.get(_line_key(text[s:e])) or self._link_row(text[s:e])
            if kind is None:
                continue
            type_, why, strength = kind
            if type_ != "toc":
                flags.append(doc.flag(self.family, type_, s, e, f"{why}: {text[s:e]!r}", strength))
            elif _toc_entries(text, lines[idx + 1 : idx + 4]) < 2:
                flags.append(doc.flag(self.family, "empty_toc", s, e,
                                      "table-of-contents heading with no entries under it", 0.5))

    def _link_row(self, line: str) -> tuple[str, str, float] | None:
        """A footer row of labels ("Datenschutzerklärung · Impressum"): every part known."""
        parts = [p for p in _SEPARATORS.split(line) if p.strip()]
        if len(parts) < 2:
            return None
        kinds = [self.line_kinds.get(_line_key(p)) for p in parts]
        if any(k is None or k[0] == "toc" for k in kinds):
            return None
        legal = next((k for k in kinds if k and k[0] == "legal_notice"), None)
        return legal or kinds[0]

    def _html_blocks(self, doc: Document, flags: list[Flag]) -> tuple[int, int]:
        if not doc.blocks:
            return 0, 0
        bp = total = 0
        for b in doc.blocks:
            size = b.end - b.start
            total += size
            if b.label == "boilerplate" and size > 0:
                bp += size
                strength = 0.3 + 0.4 * max(0.0, min(1.0, b.score))
                flags.append(doc.flag(self.family, "html_block", b.start, b.end,
                                      b.reason or f"<{b.tag}> block classified as boilerplate", strength))
        return bp, total


def _line_key(line: str) -> str:
    return " ".join(_WORD.findall(line.lower()))


def _toc_entries(text: str, following: list[tuple[int, int]]) -> int:
    entries = 0
    for ls, le in following:
        line = text[ls:le]
        if len(_WORD.findall(line)) > _TITLE_MAX_WORDS or line.rstrip().endswith("."):
            break
        entries += 1
    return entries


def _titleish(line: str) -> bool:
    if len(line) > _TITLE_MAX_CHARS or _FIELD.match(line):
        return False  # "Job : Anesthesiologist" is a profile field, not a link title
    words = _WORD.findall(line)
    n = len(words)
    if not n or n > _TITLE_MAX_WORDS or line.rstrip().endswith((*_TERMINAL, ":")) or _CODE.search(line):
        return False
    alpha = [w for w in words if w[0].isalpha()]
    if len(alpha) < 2 or len(alpha) < 0.6 * n:
        return False  # numbers and symbols: a table or code, not titles
    caps = sum(1 for w in words if w[0].isupper() or w[0].isdigit())
    return caps / n >= 0.6
