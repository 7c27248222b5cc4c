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
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from itertools import accumulate

from ..lexicons.loader import read_bytes
from .colloc_tables import (
    ALTERNATES_FILE,
    TERMS_FILE,
    prebuilt_tables,
    read_alternates,
    read_terms,
    read_weights,
    weak_set,
)

_TOKEN = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?")
# Two adjacent tokens belong to one phrase only across blanks or a hyphen.
_GAP = re.compile(r"[ \t\-]{1,3}")
# A token (apostrophes unified to "'") and, when it joins the next token, the gap (else
# ""): the lookahead makes the gap group match exactly when the next token starts right
# after it. The gap group always takes part, so ``split`` gives strings only.
_TOKEN_JOIN = re.compile(r"([a-z0-9]+(?:'[a-z]+)?)((?:[ \t\-]{1,3}(?=[a-z0-9]))?)")
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
_EMPTY: frozenset[str] = frozenset()


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
    data = read_bytes("spun", name)
    return tuple(gzip.decompress(data).decode("utf-8").splitlines())


class CollocationIndex:
    """The shipped tables, loaded once; :meth:`find` scans one text.

    >>> idx = CollocationIndex()
    >>> [(c.phrase, c.original) for c in idx.find("a model for kidney ailment risk")]
    [('kidney ailment', 'kidney disease')]
    """

    def __init__(self, stop: frozenset[str] = frozenset(), allow: frozenset[str] = frozenset()) -> None:
        # The big dicts are built at C level and the derived lookups come prebuilt
        # (colloc_tables: seconds of start-up otherwise); weak alternates stay text until used.
        # Terms by their words joined with one blank -> log10 weight as text (float() when
        # ranked); ``terms`` builds the tuple-keyed dict for callers that want it.
        terms_lines = list(_read_gz(TERMS_FILE))
        self._weights: dict[str, str] = read_weights(terms_lines)
        self.strong, self._weak_raw = read_alternates(list(_read_gz(ALTERNATES_FILE)))
        self.known = {tuple(ln.split()) for ln in _read_gz("colloc_known.tsv.gz")}
        self.known.update(phrase_key(tokens(a)) for a in allow)
        derived = prebuilt_tables(terms_lines, self.strong, self._weak_raw)
        self.by_first = derived.by_first  # two-word terms by their first word (sets on demand)
        self.by_second = derived.by_second  # two-word terms by their last word
        # Three-word terms by the two words that stay when the third is swapped (slot 0,
        # 1 or 2), keyed "x y": a window looks up the few terms it could come from instead
        # of trying every alternate of a word (hundreds for common words) against the terms.
        # A value is the one filler word, or several joined by blanks.
        self._tri_raw = derived.tri_raw
        self.stop = frozenset(w.lower() for w in stop) | FUNCTION_WORDS
        # Fast rejection in find(): the words whose alternates (or themselves) start / end
        # some two-word term, and the words in each place of three-word terms.
        self._can_first = derived.can_first
        self._can_second = derived.can_second
        self._tri_words = derived.tri_words
        # Per-word caches over the tables' own vocabulary only (bounded, whatever the input).
        self._alt_sets: dict[str, frozenset[str]] = {}
        self._with_self: dict[str, frozenset[str]] = {}
        self._firsts: dict[str, tuple[str, ...]] = {}
        self._seconds: dict[str, tuple[str, ...]] = {}

    @cached_property
    def terms(self) -> dict[tuple[str, ...], float]:
        """``{term words: log10 weight}`` (built on first use; ``find`` reads ``_weights``)."""
        return read_terms(list(_read_gz(TERMS_FILE)))

    @property
    def weak(self) -> dict[str, frozenset[str]]:
        """Every word's weak (WordNet-only) alternates (built on demand; ``find`` never needs all)."""
        return {w: weak_set(self._weak_raw, w) for w in self._weak_raw}

    def _alts(self, w: str) -> frozenset[str]:
        got = self._alt_sets.get(w)
        if got is None:
            got = self.strong.get(w, _EMPTY) | weak_set(self._weak_raw, w)
            if got:  # only words of the tables are kept: the cache stays bounded
                self._alt_sets[w] = got
        return got

    def _with(self, w: str) -> frozenset[str]:
        """``w`` and its alternates (the same set, in the same order, every call)."""
        got = self._with_self.get(w)
        if got is None:
            alts = self._alts(w)
            got = alts | {w}
            if alts:
                self._with_self[w] = got
        return got

    def _first_words(self, w: str) -> tuple[str, ...]:
        """The words of ``_with(w)`` that start a two-word term, in that set's order."""
        return self._words_in(w, self.by_first.raw, self._firsts)

    def _second_words(self, w: str) -> tuple[str, ...]:
        """The words of ``_with(w)`` that end a two-word term."""
        return self._words_in(w, self.by_second.raw, self._seconds)

    def _words_in(
        self, w: str, index: dict[str, str], cache: dict[str, tuple[str, ...]]
    ) -> tuple[str, ...]:
        got = cache.get(w)
        if got is None:
            got = tuple(filter(index.__contains__, self._with(w)))  # C level, the set's order
            if w in self._with_self:  # a word of the tables: the cache stays bounded
                cache[w] = got
        return got

    def _usable(self, w: str) -> bool:
        return len(w) > 1 and w not in self.stop and not w.isdigit()

    def _best(self, key: tuple[str, ...],
              cands: list[tuple[str, ...]]) -> tuple[tuple[str, ...], float] | None:
        """Most plausible original: strong swaps first, then fewer swaps, then weight."""
        best = None
        strong, weights = self.strong, self._weights
        # Strong substitutions exist for a few dozen words: usually no swap can be one.
        maybe_strong = any(w in strong for w in key)
        for c in cands:
            swaps = [(a, b) for a, b in zip(key, c, strict=False) if a != b]
            all_strong = maybe_strong and all(b in strong.get(a, ()) for a, b in swaps)
            rank = (all_strong, -len(swaps), float(weights[" ".join(c)]))
            # On a tie of rank the alphabetically first term is named: candidate order comes
            # from sets, which differ between processes (PYTHONHASHSEED), and a reason must not.
            if best is None or rank > best[0] or (rank == best[0] and c < best[1]):
                best = (rank, c)
        if best is None:
            return None
        (all_strong, _n, weight), c = best
        return c, (STRONG if all_strong and weight >= MIN_STRONG_WEIGHT else WEAK)

    def _bigram(self, key: tuple[str, ...]) -> list[tuple[str, ...]]:
        # Terms (o1, o2) with o1 in {a} | alts(a), o2 in {b} | alts(b), other than the key,
        # in the order of a scan over o1 then o2 (on a tie of rank the first is named).
        a, b = key
        firsts = self._first_words(a)
        if not firsts:
            return []
        seconds = self._second_words(b)
        if not seconds:
            return []
        by_first = self.by_first
        a2 = self._with(b)
        if len(seconds) < len(firsts):
            # Fewer candidate last words: find the pairs from that side (common words
            # have hundreds of alternates), then restore the scan's order if it matters.
            a1 = self._with(a)
            by_second = self.by_second
            found: set[str] = set()
            for o2 in seconds:
                if not a1.isdisjoint(by_second[o2]):  # usually disjoint: no set built
                    found.update(by_second[o2] & a1)
            # One first word has nothing to order; several keep the scan's order.
            firsts = tuple(found) if len(found) <= 1 else tuple(o1 for o1 in firsts if o1 in found)
        out = []
        for o1 in firsts:
            seconds_of = by_first[o1]
            if not a2.isdisjoint(seconds_of):  # usually disjoint: no set built
                out.extend((o1, o2) for o2 in seconds_of & a2 if (o1, o2) != key)
        return out

    def _has_bigram(self, key: tuple[str, ...]) -> bool:
        """``bool(self._bigram(key))`` without building the list (from the smaller side).

        The search stops at the first first word (or last word) with a term; no candidate
        list, no ranking.
        """
        if " ".join(key) in self._weights:  # the key itself is excluded from its candidates: search
            return bool(self._bigram(key))
        a, b = key
        firsts = self._first_words(a)
        if not firsts:
            return False
        seconds = self._second_words(b)
        if not seconds:
            return False
        if len(seconds) < len(firsts):
            return not all(map(self._with(a).isdisjoint, map(self.by_second.__getitem__, seconds)))
        return not all(map(self._with(b).isdisjoint, map(self.by_first.__getitem__, firsts)))

    def _trigram(self, key: tuple[str, ...]) -> list[tuple[str, ...]]:
        # Terms with one word of the key swapped for one of its alternates (slot 0, 1, 2).
        out = []
        for i in (0, 1, 2):
            if i == 1 and not self._usable(key[1]):
                continue
            rest = " ".join((*key[:i], *key[i + 1:]))  # the two words that stay
            fill = self._tri_raw[i].get(rest)
            if fill is None:
                continue
            alts = self._alts(key[i])
            if " " not in fill:  # one term: the filler word
                hits: Iterable[str] = (fill,) if fill in alts else ()
            else:  # several terms share the other two words: alternates' order, as a scan would
                fills = frozenset(fill.split(" "))
                hits = [o for o in alts if o in fills]
            for o in hits:
                out.append((*key[:i], o, *key[i + 1:]))
        return out

    def find(self, text: str, *, names: bool = True) -> Iterator[Candidate]:
        """Spun-looking 2/3-word windows of ``text`` (offsets into ``text``), left to right.

        Overlapping candidates keep the stronger one (the longer one on a tie).
        ``names=False`` leaves unnamed (``original`` empty) the candidates that can only
        be weak, those with no word that has a learned substitution: the same windows,
        offsets and strengths, without ranking every original a window could come from
        (for callers that only count weak candidates; half the cost of a scan).
        """
        low = text.lower()
        if len(low) != len(text):  # lower() changed offsets (very rare): scan a copy
            low = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
        # One C-level split gives every token and whether it joins the next one (1-3 blanks
        # or hyphens, then a token): [before token 0, token 0, its join, before token 1,
        # ...]; the apostrophe is unified first (same length).
        low = low.replace("’", "'")
        parts = _TOKEN_JOIN.split(low)
        toks = parts[1::3]
        if len(toks) < 2:
            return
        joins = parts[2::3]
        usable = {t for t in set(toks).difference(self.stop) if len(t) > 1 and not t.isdigit()}
        sing = {t: singular(t) for t in usable}  # a window's last word is looked up singular
        # A word outside can_first / can_second has no alternate that starts / ends a term:
        # its window can have no candidate (the plain scan finds none). The per-word tests
        # are set operations over the document's distinct words, the per-window ones a
        # comprehension over the tokens.
        can_second = self._can_second
        first_ok = usable & self._can_first
        last_ok = {t for t, w in sing.items() if w in can_second}
        tri0, tri1, tri2 = self._tri_words
        z_tri = usable & tri0
        last_tri = {t for t, w in sing.items() if w in tri2}
        # (first token, last token, original, strength) per window with a candidate. The
        # order does not matter: keep_strongest sorts them, and no two share a span.
        hits: list[tuple[int, int, tuple[str, ...], float]] = []
        # A window's answer depends on its key only: a phrase repeated in the document is
        # searched once.
        memo: dict[tuple[str, ...], tuple[tuple[str, ...], float] | None] = {}
        bigrams = [i for i, (j, a, t) in enumerate(zip(joins, toks, toks[1:], strict=False), 1)
                   if j and t in last_ok and a in first_ok]
        for i in bigrams:
            best = self._window((toks[i - 1], sing[toks[i]]), self._bigram, memo, names)
            if best is not None:
                hits.append((i - 1, i, *best))
        # A 3-word candidate keeps two words of a term in their places (the middle word
        # need not be usable: _trigram decides).
        windows3 = zip(joins, joins[1:], toks, toks[1:], toks[2:], strict=False)
        trigrams = [i for i, (j1, j2, z, a, t) in enumerate(windows3, 2)
                    if j1 and j2 and t in usable and z in usable
                    and (z in z_tri) + (a in tri1) + (t in last_tri) >= 2]
        for i in trigrams:
            best = self._window((toks[i - 2], toks[i - 1], sing[toks[i]]), self._trigram, memo, names)
            if best is not None:
                hits.append((i - 2, i, *best))
        if not hits:
            return
        # Offsets only now: part k of the split ends at ends[k]; token i is part 3i + 1.
        ends = list(accumulate(map(len, parts)))
        found: list[Candidate] = []
        for first, last_i, orig, strength in hits:
            fs, e = ends[3 * first], ends[3 * last_i + 1]
            found.append(Candidate(fs, e, text[fs:e], " ".join(orig), strength))
        yield from keep_strongest(found)

    def _window(
        self,
        key: tuple[str, ...],
        search: Callable[[tuple[str, ...]], list[tuple[str, ...]]],
        memo: dict[tuple[str, ...], tuple[tuple[str, ...], float] | None],
        names: bool = True,
    ) -> tuple[tuple[str, ...], float] | None:
        """The best original of one window's key (None: a term, known, or no swap fits).

        ``names=False``: a key none of whose words has a learned substitution can only
        rank weak (``_best``), so only whether it has a candidate is asked: ``((), WEAK)``.
        """
        if key in memo:
            return memo[key]
        best = None
        if " ".join(key) not in self._weights and key not in self.known:
            strong = self.strong
            if not names and not any(w in strong for w in key):
                if self._has_bigram(key) if len(key) == 2 else self._trigram(key):
                    best = ((), WEAK)
            else:
                cands = search(key)
                if cands:
                    best = self._best(key, cands)
        memo[key] = best
        return best


def keep_strongest(found: list[Candidate]) -> list[Candidate]:
    """Left to right; of overlapping candidates the stronger stays (the longer on a tie)."""
    found.sort(key=lambda c: (c.start, -c.strength, -(c.end - c.start)))
    kept: list[Candidate] = []
    for c in found:
        if kept and c.start < kept[-1].end:
            if (c.strength, c.end - c.start) > (kept[-1].strength, kept[-1].end - kept[-1].start):
                kept[-1] = c
            continue
        kept.append(c)
    return kept
