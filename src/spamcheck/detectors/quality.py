"""Detector family ``quality``: degenerate, repetitive text.

Flag types (any language; thresholds far above Gopher's drop thresholds, so that
only text that is mostly repetition fires, not a page with a repeated menu):

* ``repeated_ngrams``: Gopher's duplicate 10-gram character fraction (Rae et al.
  2021, table A1; datatrove's ``gopher_repetition_filter``): the share of the
  characters that sit in 10-word sequences already seen earlier in the text.
  Gopher drops a document at 0.10; this flag fires at :data:`DUP_NGRAM_MIN`.
* ``repeated_word``: Gopher's top 2-gram character fraction: the share of the
  characters covered by the most frequent word pair ("word word word ..."); word
  pairs only, so that a run of "!!!!!!" is not one.
  Gopher drops at 0.20; this flag fires at :data:`TOP_2GRAM_MIN`.
* ``repeated_lines``: Gopher's duplicate-line character fraction (lines seen
  before); Gopher drops at 0.20; this flag fires at :data:`DUP_LINE_MIN`.

The statistics come from :func:`spamcheck.quality.stats.quality_stats`, which
looks at the first :data:`~spamcheck.quality.stats.MAX_NGRAM_TOKENS` tokens for
the n-gram measures; here they are taken over that same window (its characters,
not the whole text's, are the denominator), so a 10 MB repetition is measured as
what it is. Texts of fewer than :data:`MIN_WORDS` words are not judged.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from typing import ClassVar

import numpy as np

from ..quality.stats import (
    _NT,
    _TOKEN,
    _TOKEN_NO_NT,
    MAX_NGRAM_TOKENS,
    _extend,
    _gopher_repetition,
    quality_tokens,
)
from ..text.document import Document
from .base import Findings

FAMILY = "quality"
MIN_WORDS = 50
# Fire thresholds. Measured on every human text and page of the development data
# (l2r, OUTFOX, SeqXGPT, MASC, speeches; trafilatura-eval, CleanEval and
# CleanPortalEval pages scored as HTML): see docs/ci.md "Degenerate text" for the rates.
DUP_NGRAM_MIN = 0.65
TOP_2GRAM_MIN = 0.30
DUP_LINE_MIN = 0.60
# Lines shorter than this many words are labels (menus, "Home", "Reply"): a page that
# repeats its navigation is boilerplate (that family's job), not degenerate text.
LINE_MIN_WORDS = 5
# Characters tokenised to rebuild the window of a long text (20k tokens fit in far less).
_WINDOW_CHARS = 400_000


class Quality:
    """Flags text that is mostly repetition.

    >>> d = Document("spam " * 400)
    >>> sorted(f.type for f in Quality().check(d, {}).flags)
    ['repeated_ngrams', 'repeated_word']
    """

    family: ClassVar[str] = FAMILY
    flag_types: ClassVar[tuple[str, ...]] = ("repeated_ngrams", "repeated_word", "repeated_lines")

    def check(self, doc: Document, stats: dict[str, float]) -> Findings:
        """Flags from ``stats`` (``quality_stats`` of ``doc``; recomputed when empty or windowed)."""
        rep = repetition(doc, stats)
        found = Findings(features={f"{FAMILY}.{k}": round(v, 4) for k, v in rep.items()})
        if rep["n_words"] < MIN_WORDS:
            found.coverage = f"skipped: fewer than {MIN_WORDS} words"
            return found
        text = doc.text
        for type_, stat, threshold, what, name, span in _RULES:
            value = rep[stat]
            if value >= threshold:
                s, e = span(text)
                reason = f"{min(1.0, value):.0%} of the characters are {what} ({name} >= {threshold:.2f})"
                found.flags.append(doc.flag(FAMILY, type_, s, e, reason, _strength(value, threshold)))
        found.flags.sort(key=lambda f: (f.start, f.type))
        return found


def _top_pair(text: str) -> tuple[int, int]:
    """First occurrence of the most frequent word pair (among the n-gram window's words)."""
    spans = [sp for sp in itertools.islice(_word_spans(text), MAX_NGRAM_TOKENS)]
    pairs = Counter((text[a:b], text[c:d]) for (a, b), (c, d) in itertools.pairwise(spans))
    if not pairs:
        return 0, 0
    top = pairs.most_common(1)[0][0]
    for (a, b), (c, d) in itertools.pairwise(spans):
        if (text[a:b], text[c:d]) == top:
            return a, d
    return 0, 0


def _word_spans(text: str):  # type: ignore[no-untyped-def]
    return (m.span() for m in _tokens(text[:_WINDOW_CHARS]) if m.group()[0].isalnum() or m.group()[0] == "_")


# (type, statistic, fire threshold, what it counts, its name, where the evidence is)
_RULES = (
    ("repeated_ngrams", "dup_10gram_char_frac", DUP_NGRAM_MIN, "in 10-word sequences seen earlier",
     "Gopher duplicate 10-gram fraction", lambda text: _first_repeat(text, 10)),
    ("repeated_word", "top_2gram_char_frac", TOP_2GRAM_MIN, "covered by the most frequent word pair",
     "Gopher top 2-gram fraction, word pairs", lambda text: _top_pair(text)),
    ("repeated_lines", "dup_line_char_frac", DUP_LINE_MIN,
     f"in lines of {LINE_MIN_WORDS}+ words seen earlier",
     "Gopher duplicate-line fraction, prose lines", lambda text: _first_repeated_line(text)),
)


def _strength(value: float, threshold: float) -> float:
    # 0.6 at the threshold, 1.0 when everything repeats: each flag alone decides the family.
    return round(0.6 + 0.4 * min(1.0, (value - threshold) / max(1e-9, 1.0 - threshold)), 4)


def repetition(doc: Document, stats: dict[str, float]) -> dict[str, float]:
    """The three fire statistics and the word count, over the n-gram window.

    ``top_2gram_char_frac`` here counts word pairs only (punctuation runs such as
    "!!!!!!" are emphasis, not degenerate text) and is capped at 1.

    >>> r = repetition(Document("one two three " * 30), {})
    >>> r["dup_10gram_char_frac"] > 0.6, r["n_words"]
    (True, 90.0)
    """
    if "stats.n_words" not in stats:
        from ..quality.stats import quality_stats

        stats = quality_stats(doc)
    window, words, spans = _window_words(doc)
    top = 0.0
    if len(words) >= 2:
        (a, b), count = Counter(itertools.pairwise(words)).most_common(1)[0]
        top = min(1.0, count * (len(a) + len(b) + 1) / len(window))
    out = {
        "n_words": float(len(words)),
        "dup_10gram_char_frac": stats.get("stats.dup_10gram_char_frac", 0.0),
        "top_2gram_char_frac": top,
        "dup_line_char_frac": _dup_prose_lines(window),
    }
    if stats.get("stats.n_words", 0.0) > MAX_NGRAM_TOKENS and spans:
        # quality_stats divides the n-gram characters of the first 20k tokens by
        # the whole text's length; measure the window on its own instead.
        w: dict[str, float] = {}
        _gopher_repetition(window, [window[s:e] for s, e in spans], w)
        dup = w.get("stats.dup_10gram_char_frac", 0.0)
        out["dup_10gram_char_frac"] = max(out["dup_10gram_char_frac"], dup)
    return out


Window = tuple[str, list[str], list[tuple[int, int]]]


def _window_words(doc: Document) -> Window:
    """``(window, its words, token spans)``; spans are empty when the window is the whole text."""
    text = doc.text
    tokens = quality_tokens(doc) if len(text) <= _WINDOW_CHARS else None
    if tokens is not None and len(tokens) <= MAX_NGRAM_TOKENS:
        # The window is the whole text: the statistics' own tokens, no second pass. Every
        # non-space character is in one token (a word run or a lone mark) and no token
        # holds white space, so the last token ends where the trailing white space starts.
        return text[: len(text.rstrip())], [t for t in tokens if t[0].isalnum() or t[0] == "_"], []
    return _scan_window(text)


def _scan_window(text: str) -> Window:
    """The window tokenised on its own (texts past the n-gram window)."""
    spans = [m.span() for m in itertools.islice(_tokens(text[:_WINDOW_CHARS]), MAX_NGRAM_TOKENS)]
    window = text[: spans[-1][1]] if spans else ""
    return window, [text[s:e] for s, e in spans if text[s].isalnum() or text[s] == "_"], spans


def _tokens(text: str):  # type: ignore[no-untyped-def]
    return (_TOKEN if _NT.search(text) else _TOKEN_NO_NT).finditer(text)


def _first_repeat(text: str, n: int) -> tuple[int, int]:
    """Span of the first ``n``-token sequence that occurs a second time (its second occurrence)."""
    spans = []
    for m in _tokens(text[:_WINDOW_CHARS]):
        spans.append(m.span())
        if len(spans) >= MAX_NGRAM_TOKENS:
            break
    if len(spans) < n:
        return 0, 0
    vocab: dict[str, int] = {}
    ids = np.array([vocab.setdefault(text[s:e], len(vocab)) for s, e in spans], dtype=np.int64)
    codes = ids
    for k in range(2, n + 1):
        codes = _extend(codes, ids, len(vocab), k)
    seen: set[int] = set()
    for i, c in enumerate(codes.tolist()):
        if c in seen:
            return spans[i][0], spans[i + n - 1][1]
        seen.add(c)
    return spans[0][0], spans[n - 1][1]


_LINE = re.compile(r"[^\n]+")


def _prose_line(line: str) -> bool:
    return len(line.split()) >= LINE_MIN_WORDS


def _dup_prose_lines(window: str) -> float:
    """Share of the window's characters in prose lines (5+ words) seen earlier in it.

    >>> _dup_prose_lines("Home\\nHome\\nHome")
    0.0
    >>> round(_dup_prose_lines("one two three four five\\n" * 4), 2)
    0.72
    """
    if not window:
        return 0.0
    seen: set[str] = set()
    dup = 0
    for m in _LINE.finditer(window):
        line = m.group()
        if not _prose_line(line):
            continue
        if line in seen:
            dup += len(line)
        seen.add(line)
    return dup / len(window)


def _first_repeated_line(text: str) -> tuple[int, int]:
    seen: set[str] = set()
    for m in _LINE.finditer(text):
        line = m.group()
        if not _prose_line(line):
            continue
        if line in seen:
            return m.span()
        seen.add(line)
    return 0, 0


__all__ = ["FAMILY", "Quality", "repetition"]
