"""Detector family ``spun``: synonym-spun ("tortured") text and spinner leftovers.

* ``tortured_phrase``: exact phrases from the Problematic Paper Screener sample
  ("counterfeit consciousness" for "artificial intelligence"); strength grows
  with the number of papers the phrase was flagged in.
* ``unusual_collocation``: the same trick on phrases the sample does not hold,
  found from data (:mod:`.collocations`): a 2/3-word phrase that is not in use
  while a synonym swap of it is an established term ("kidney ailment": likely a
  spun "kidney disease"). Real phrases to leave alone ("artificial
  consciousness") are listed with ``!`` in ``collocations.txt``.
* ``spintax``: unexpanded spinner syntax ``{big|large|huge}``, nested too.
* ``homoglyph``: words in which look-alike letters (Cyrillic "а" in "pаypal")
  were replaced during normalisation; spans point at the original word.

All phrase lists go into ONE :class:`~spamcheck.lexicons.matcher.PhraseMatcher`.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache
from typing import ClassVar

from ..lexicons.loader import read_table, read_text
from ..lexicons.matcher import PhraseMatcher, normalise_phrase
from ..result import Flag
from ..text.code import code_spans, in_code
from ..text.document import Document
from ..text.normalise import HOMOGLYPHS
from .base import Findings, check_thresholds
from .collocations import WEAK as WEAK_COLLOCATION
from .collocations import CollocationIndex

FAMILY = "spun"
MAX_FLAGS_PER_TYPE = 50

# Spintax: innermost "{a|b|c}" groups of short options; nested groups are found by
# rewriting each innermost group away and scanning again.
_SPINTAX = re.compile(r"\{([^{}|\n]{1,80}(?:\|[^{}|\n]{0,80}){1,30})\}")
_LETTER_RUN = re.compile(r"[^\W\d_]+")
# Code, not spinner output: an empty option (the "||" operator) or an option holding
# statement/expression characters ("{ if (a || b) return x; }" in a code sample).
_CODE_OPTION = re.compile(r"[;=()<>&$`\"\[\]\\]")
_HOMOGLYPH_CHARS = frozenset(HOMOGLYPHS)
_LATIN = re.compile(r"[A-Za-z]")


def _lex(name: str) -> str:
    return read_text("spun", name)


def _data_lines(text: str) -> list[str]:
    return [s.strip() for s in text.splitlines() if s.strip() and not s.lstrip().startswith("#")]


def load_tortured() -> dict[str, int]:
    """Tortured phrase -> number of flagged papers.

    >>> load_tortured()["profound learning"] > 100
    True
    """
    rows = read_table("spun", "tortured_phrases.tsv")
    return {normalise_phrase(r["phrase"]): int(r["papers"]) for r in rows}


def load_allow() -> set[str]:
    """Real phrases never flagged as spun (``!`` lines of ``collocations.txt``).

    >>> "artificial consciousness" in load_allow()
    True
    """
    return {normalise_phrase(ln[1:]) for ln in _data_lines(_lex("collocations.txt")) if ln.startswith("!")}


def _stopwords() -> frozenset[str]:
    return frozenset(read_text("stopwords", "en.txt").split())


@lru_cache(maxsize=2)
def _collocation_index(stop: frozenset[str], allow: frozenset[str]) -> CollocationIndex:
    """One index per process: it is read-only, and building it takes seconds."""
    return CollocationIndex(stop=stop, allow=allow)


class Spun:
    """Tortured phrases, spun collocations, spintax and homoglyph words.

    >>> det = Spun()
    >>> doc = Document("We train a profound learning model with {big|huge} data.")
    >>> doc.__dict__["language"] = "en"   # normally guessed by the Detector
    >>> sorted({f.type for f in det.detect(doc).flags})
    ['spintax', 'tortured_phrase']
    """

    family: ClassVar[str] = FAMILY
    # Every type detect() emits (the gate checks --fail-on names against these).
    flag_types: ClassVar[tuple[str, ...]] = (
        "tortured_phrase", "unusual_collocation", "spintax", "homoglyph",
    )
    prose_only: ClassVar[bool] = True  # reads Document.prose(): main text only

    def __init__(
        self, *, max_flags_per_type: int = MAX_FLAGS_PER_TYPE, weak_collocation: float = WEAK_COLLOCATION
    ) -> None:
        """Load the lexicons and the collocation index (built once per process).

        Parameters
        ----------
        max_flags_per_type
            Flags shown per type; every hit is still counted in the features.
        weak_collocation
            Collocations of this strength or less (WordNet-only swaps, common in human
            prose too) are counted in ``spun.weak_collocation_per_1k`` and never shown.
        """
        check_thresholds("Spun", integers={"max_flags_per_type": max_flags_per_type},
                         numbers={"weak_collocation": weak_collocation})
        self.max_flags_per_type = max_flags_per_type
        self.weak_collocation = float(weak_collocation)
        self.tortured = load_tortured()
        self.allow = load_allow()
        self.matcher = PhraseMatcher([*self.tortured, *self.allow])
        self.collocations = _collocation_index(_stopwords(), frozenset(self.allow))

    def detect(self, doc: Document) -> Findings:
        flags: list[Flag] = []
        n = max(len(doc.words), 1)
        per_1k = 1000.0 / n
        english = doc.language == "en"
        n_tort = n_coll = n_weak = 0
        if english:
            taken: list[tuple[int, int]] = []  # spans already explained (tortured / allowed)
            for s, e, key in self.matcher.finditer(doc.text):
                taken.append((s, e))
                papers = self.tortured.get(key)
                if papers is None:  # an allowed real phrase
                    continue
                n_tort += 1
                if n_tort <= self.max_flags_per_type:
                    flags.append(doc.flag(FAMILY, "tortured_phrase", s, e,
                                          f"tortured phrase '{key}' (flagged in {papers} papers by the "
                                          "Problematic Paper Screener)",
                                          min(0.9, 0.5 + 0.07 * math.log2(papers))))
            # Weak candidates are only counted (unless the caller shows them): they need no name.
            names = self.weak_collocation < WEAK_COLLOCATION
            for c in self.collocations.find(doc.text, names=names):
                if any(c.start < te and ts < c.end for ts, te in taken):
                    continue
                if c.strength <= self.weak_collocation:
                    # A WordNet-only swap ("mutual growth" ~ "common growth") is common in
                    # human prose too (3.7 per human document): counted, never shown, so
                    # ordinary text does not fill its evidence list with noise.
                    n_weak += 1
                    continue
                n_coll += 1
                if n_coll <= self.max_flags_per_type:
                    flags.append(doc.flag(FAMILY, "unusual_collocation", c.start, c.end,
                                          f"'{c.phrase.lower()}': likely a spun '{c.original}'", c.strength))
        n_spin = self._spintax(doc, flags, self.max_flags_per_type)
        n_homo = self._homoglyphs(doc, flags, self.max_flags_per_type)
        feats = {
            f"{FAMILY}.tortured_per_1k": n_tort * per_1k,
            f"{FAMILY}.collocation_per_1k": n_coll * per_1k,
            f"{FAMILY}.weak_collocation_per_1k": n_weak * per_1k,
            f"{FAMILY}.spintax_count": float(n_spin),
            f"{FAMILY}.homoglyph_words": float(n_homo),
            f"{FAMILY}.homoglyph_chars": float(doc.homoglyphs),
        }
        coverage = "full" if english else (
            f"partial: English tortured-phrase lexicons skipped (language={doc.language})")
        return Findings(flags=flags, features=feats, coverage=coverage)

    @staticmethod
    def _spintax(doc: Document, flags: list[Flag], cap: int) -> int:
        """Flag outermost spintax groups; nested groups are resolved inside-out."""
        text = doc.text
        if "{" not in text or "|" not in text:
            return 0
        # Replace innermost groups by same-length placeholders until none are left;
        # every group found this way lies inside the outermost span that contains it.
        work = text
        spans: list[tuple[int, int]] = []
        for _ in range(5):
            found = list(_SPINTAX.finditer(work))
            if not found:
                break
            for m in found:
                spans.append(m.span())
            work = _SPINTAX.sub(lambda m: "x" * (m.end() - m.start()), work)
        # Keep outermost groups only; a group of prose-like options is still spintax,
        # but code ("{a|b}" in a regex) has no spaces and one-letter options: skip that.
        spans.sort(key=lambda se: (se[0], -se[1]))
        outer: list[tuple[int, int]] = []
        for s, e in spans:
            if outer and s >= outer[-1][0] and e <= outer[-1][1]:
                continue
            outer.append((s, e))
        count = 0
        code = code_spans(doc)
        for s, e in outer:
            if in_code(code, s, e):
                continue  # a usage line "cmd {start|stop}" or a template in a code sample
            options = text[s + 1 : e - 1].split("|")
            if sum(1 for o in options if re.search(r"[^\W\d_]{2,}", o)) < 2:
                continue
            if any(not o.strip() or _CODE_OPTION.search(o) for o in options):
                continue
            count += 1
            if count <= cap:
                flags.append(doc.flag(FAMILY, "spintax", s, e,
                                      f"unexpanded spinner syntax with {len(options)} options", 0.9))
        return count

    @staticmethod
    def _homoglyphs(doc: Document, flags: list[Flag], cap: int) -> int:
        """Words of the ORIGINAL text mixing Latin letters with look-alikes."""
        if not doc.homoglyphs:
            return 0
        count = 0
        for m in _LETTER_RUN.finditer(doc.original):
            w = m.group()
            if w.isascii() or not _LATIN.search(w):
                continue
            fakes = [c for c in w if c in _HOMOGLYPH_CHARS]
            if not fakes:
                continue
            count += 1
            if count <= cap:
                s, e = m.span()
                names = ", ".join(sorted({f"U+{ord(c):04X}" for c in fakes}))
                # Built directly: the span is already in original offsets.
                flags.append(Flag(FAMILY, "homoglyph", s, e, w,
                                  f"Latin word with look-alike letters ({names}) hiding it from word lists",
                                  0.85))
        return count
