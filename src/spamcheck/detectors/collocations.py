"""Spun collocations from data: a rare phrase whose synonym swap is an established term.

A synonym spinner replaces words of established terms one by one ("deep learning" ->
"profound learning", "kidney disease" -> "kidney ailment"). The tables shipped in
``lexicons/spun/colloc_*.tsv.gz`` (built by ``training/build_spun_collocations.py``
from WordNet, English bigram counts and the shared corpora; see the NOTICE) give:

* established 2/3-word terms with a log10 evidence weight;
* per word, the words it may have replaced: *strong* (substitutions learned from the
  train split of the tortured-phrase list) and *weak* (WordNet relations);
* phrases that are swaps of a term but are themselves in ordinary use.

At run time every window of two (or three) adjacent words is a candidate when it is
neither a term nor known; its swaps are looked up with dict/set operations only.
"""

from __future__ import annotations

import gzip
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

_TOKEN = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?")
# Two adjacent tokens belong to one phrase only across blanks or a hyphen.
_GAP = re.compile(r"[ \t\-]{1,3}")
# Strength: every swapped word is a substitution learned from tortured phrases and the
# original is well established -> shown; one alone stays below the family's 0.5 decision
# (real prose has the odd "personal esteem" or "human bosom": six State of the Union and
# inaugural speeches were suspect on one such phrase), two or more reach it. A swap through
# a WordNet relation only is weak: counted in a feature, never shown.
STRONG = 0.45
WEAK = 0.2
MIN_STRONG_WEIGHT = 1.5  # log10 evidence of the original term for a strong flag
# Function words never start or end a candidate ("my bosom", "our esteem", "really
# quick" are ordinary English whatever their swaps give).
_FUNCTION_TEXT = """
a an the this that these those my our your his her its their whose which what who whom
i me we us you he him she they them it there here and or but nor so yet if then than as
of in on at by for to from with without into onto over under about after before between
through during against among upon within across toward towards per via
is are was were be been being am do does did done have has had having will would shall
should can could may might must not no yes very too really quite rather just only also
even still much many more most less least some any all each every both either neither
one two three few several lot lots bunch thing things something anything nothing
everything way ways kind sort get got make made take give go going come
"""
FUNCTION_WORDS = frozenset(_FUNCTION_TEXT.split())


def tokens(text: str) -> list[str]:
    """Lower-case word tokens (hyphens split words, apostrophes stay inside).

    >>> tokens("K-closest neighbors’ Parkinson's")
    ['k', 'closest', 'neighbors', "parkinson's"]
    """
    return [t.replace("’", "'") for t in _TOKEN.findall(text.lower())]


def singular(w: str) -> str:
    """Rule-based singular of an English noun (the head of a term is its last word).

    >>> [singular(w) for w in ("networks", "studies", "classes", "analysis", "bus")]
    ['network', 'study', 'class', 'analysis', 'bus']
    """
    if len(w) <= 3 or w.endswith("'s"):
        return w
    if w.endswith("ies"):
        return w[:-3] + "y"
    if w.endswith("sses"):
        return w[:-2]
    if w.endswith("s") and not w.endswith(("ss", "us", "is")):
        return w[:-1]
    return w


def phrase_key(toks: Sequence[str]) -> tuple[str, ...]:
    """Lookup key of a phrase: its tokens with the last one singular.

    >>> phrase_key(["neural", "networks"])
    ('neural', 'network')
    """
    if not toks:
        return ()
    return (*toks[:-1], singular(toks[-1]))


@dataclass(frozen=True, slots=True)
class Candidate:
    start: int
    end: int
    phrase: str
    original: str
    strength: float


@lru_cache(maxsize=4)
def _read_gz(name: str) -> tuple[str, ...]:
    # Cached: the tables are several MB and every Detector in a process reads the same ones.
    data = (resources.files("spamcheck") / "lexicons" / "spun" / name).read_bytes()
    return tuple(gzip.decompress(data).decode("utf-8").splitlines())


class CollocationIndex:
    """The shipped tables, loaded once; :meth:`find` scans one text.

    >>> idx = CollocationIndex()
    >>> [(c.phrase, c.original) for c in idx.find("a model for kidney ailment risk")]
    [('kidney ailment', 'kidney disease')]
    """

    def __init__(self, stop: frozenset[str] = frozenset(), allow: frozenset[str] = frozenset()) -> None:
        self.terms: dict[tuple[str, ...], float] = {}
        for ln in _read_gz("colloc_terms.tsv.gz"):
            phrase, _, w = ln.partition("\t")
            self.terms[tuple(phrase.split())] = float(w)
        self.strong: dict[str, frozenset[str]] = {}
        self.weak: dict[str, frozenset[str]] = {}
        for ln in _read_gz("colloc_alternates.tsv.gz"):
            w, s, weak = ([*ln.split("\t"), "", ""])[:3]
            if s:
                self.strong[w] = frozenset(s.split(","))
            if weak:
                self.weak[w] = frozenset(weak.split(","))
        self.known = {tuple(ln.split()) for ln in _read_gz("colloc_known.tsv.gz")}
        self.known.update(phrase_key(tokens(a)) for a in allow)
        self.by_first: dict[str, set[str]] = {}
        for t in self.terms:
            if len(t) == 2:
                self.by_first.setdefault(t[0], set()).add(t[1])
        self.stop = frozenset(w.lower() for w in stop) | FUNCTION_WORDS

    def _alts(self, w: str) -> frozenset[str]:
        return self.strong.get(w, frozenset()) | self.weak.get(w, frozenset())

    def _usable(self, w: str) -> bool:
        return len(w) > 1 and w not in self.stop and not w.isdigit()

    def _best(self, key: tuple[str, ...],
              cands: list[tuple[str, ...]]) -> tuple[tuple[str, ...], float] | None:
        """Most plausible original: strong swaps first, then fewer swaps, then weight."""
        best = None
        for c in cands:
            swaps = [(a, b) for a, b in zip(key, c, strict=False) if a != b]
            all_strong = all(b in self.strong.get(a, ()) for a, b in swaps)
            rank = (all_strong, -len(swaps), self.terms[c])
            if best is None or rank > best[0]:
                best = (rank, c)
        if best is None:
            return None
        (all_strong, _n, weight), c = best
        return c, (STRONG if all_strong and weight >= MIN_STRONG_WEIGHT else WEAK)

    def _bigram(self, key: tuple[str, ...]) -> list[tuple[str, ...]]:
        a, b = key
        a2 = self._alts(b) | {b}
        out = []
        for o1 in self._alts(a) | {a}:
            seconds = self.by_first.get(o1)
            if seconds:
                out.extend((o1, o2) for o2 in seconds & a2 if (o1, o2) != key)
        return out

    def _trigram(self, key: tuple[str, ...]) -> list[tuple[str, ...]]:
        out = []
        for i in (0, 1, 2):
            if i == 1 and not self._usable(key[1]):
                continue
            for o in self._alts(key[i]):
                c = (*key[:i], o, *key[i + 1:])
                if c in self.terms:
                    out.append(c)
        return out

    def find(self, text: str) -> Iterator[Candidate]:
        """Spun-looking 2/3-word windows of ``text`` (offsets into ``text``), left to right.

        Overlapping candidates keep the stronger one (the longer one on a tie).
        """
        low = text.lower()
        if len(low) != len(text):  # lower() changed offsets (very rare): scan a copy
            low = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
        found: list[Candidate] = []
        run: list[re.Match[str]] = []
        for m in _TOKEN.finditer(low):
            if run and not _GAP.fullmatch(low, run[-1].end(), m.start()):
                run = []
            run.append(m)
            if len(run) > 3:
                run.pop(0)
            for n in (2, 3):
                if len(run) < n:
                    continue
                win = run[-n:]
                toks = [x.group().replace("’", "'") for x in win]
                if not (self._usable(toks[0]) and self._usable(toks[-1])):
                    continue
                key = phrase_key(toks)
                if key in self.terms or key in self.known:
                    continue
                cands = self._bigram(key) if n == 2 else self._trigram(key)
                best = self._best(key, cands) if cands else None
                if best is None:
                    continue
                orig, strength = best
                s, e = win[0].start(), win[-1].end()
                found.append(Candidate(s, e, text[s:e], " ".join(orig), strength))
        found.sort(key=lambda c: (c.start, -c.strength, -(c.end - c.start)))
        kept: list[Candidate] = []
        for c in found:
            if kept and c.start < kept[-1].end:
                if (c.strength, c.end - c.start) > (kept[-1].strength, kept[-1].end - kept[-1].start):
                    kept[-1] = c
                continue
            kept.append(c)
        yield from kept
