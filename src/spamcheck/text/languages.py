"""Language guess from stop-word coverage (no model, no download).

Stop-word lists ship in ``lexicons/stopwords`` (from jusText, BSD licence). The
guess decides which detectors apply: English-lexicon detectors stay silent on
other languages, so a German page is never called spam for not being English.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from ..lexicons.loader import lexicon_file

# Below this share of stop words (for the best language) the text is not prose
# we can name: lists, code, tables, random junk.
MIN_STOPWORD_SHARE = 0.12
# Fewer words than this: too short to guess.
MIN_WORDS = 8
# Languages are ranked on each list's most frequent words only: the long tails of
# the Wikipedia-derived lists hold foreign words ("the", "you", "love", "world" are
# in the Finnish list), which made plain English texts come out as Finnish. The
# full lists still decide whether a text is prose at all (inflected languages
# such as Finnish need their long tail for that).
GUESS_TOP_WORDS = 200


def load_stopwords(top: int | None = None) -> dict[str, frozenset[str]]:
    """All shipped stop-word lists, by ISO 639-1 code.

    The jusText lists are ordered by frequency; ``top`` keeps only the first
    ``top`` distinct (lower-cased) words of each.

    >>> len(load_stopwords(top=50)["de"])
    50
    """
    out: dict[str, frozenset[str]] = {}
    root = lexicon_file("stopwords")
    # Sorted: ties between languages are broken by this order, which must not
    # depend on the file system.
    for entry in sorted(root.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".txt"):
            words = entry.read_text(encoding="utf-8").split()
            # dict keeps the frequency order while removing case duplicates.
            ordered = list(dict.fromkeys(w.lower() for w in words))
            out[entry.name[:-4]] = frozenset(ordered[:top] if top else ordered)
    return out


class LanguageGuesser:
    """Guess a language from the share of its stop words.

    A language qualifies when its full list covers at least
    ``MIN_STOPWORD_SHARE`` of the words; among those, its ``GUESS_TOP_WORDS``
    most frequent stop words (plus the ones no other top list holds) rank it.

    >>> g = LanguageGuesser()
    >>> g.guess("the cat sat on the mat and it was happy with the day".split())
    'en'
    """

    def __init__(
        self, stopwords: dict[str, frozenset[str]] | None = None, top: dict[str, frozenset[str]] | None = None
    ) -> None:
        self.stopwords = stopwords if stopwords is not None else load_stopwords()
        if top is None:
            top = load_stopwords(top=GUESS_TOP_WORDS) if stopwords is None else self.stopwords
        self.top = top
        # Exclusive words tell close languages apart (en/nl, es/pt, id/ms).
        self._exclusive = {
            lang: ws - frozenset().union(*(o for k, o in top.items() if k != lang))
            for lang, ws in top.items()
        }
        # word -> (languages listing it, languages whose top words hold it, the one
        # language owning it or None): one lookup per stop word of the text instead
        # of one set test per word per language.
        langs_of, top_of = _index(self.stopwords), _index(top)
        owner = {w: lang for lang, ws in self._exclusive.items() for w in ws}
        self._table = {
            w: (langs_of.get(w, ()), top_of.get(w, ()), owner.get(w)) for w in langs_of.keys() | top_of.keys()
        }

    def guess(self, lower_words: Sequence[str]) -> str:
        words = lower_words[:2000]
        if len(words) < MIN_WORDS:
            return "unknown"
        n = len(words)
        hits = dict.fromkeys(self.stopwords, 0)
        top_hits = dict.fromkeys(self.stopwords, 0)
        excls = dict.fromkeys(self.stopwords, 0)
        counts = Counter(words)
        table = self._table
        # Only the text's stop words matter; the key intersection finds them in C
        # (its order is arbitrary, and integer sums do not care).
        for w in counts.keys() & table.keys():
            c = counts[w]
            langs, tops, o = table[w]
            for lang in langs:
                hits[lang] += c
            for lang in tops:
                top_hits[lang] += c
            if o is not None:
                excls[o] += c
        best, best_share, best_excl = "unknown", 0.0, 0
        for lang in self.stopwords:
            if hits[lang] / n < MIN_STOPWORD_SHARE:
                continue
            share, excl = top_hits[lang] / n, excls[lang]
            if (share + excl / n, excl) > (best_share + best_excl / n, best_excl):
                best, best_share, best_excl = lang, share, excl
        return best


def _index(lists: dict[str, frozenset[str]]) -> dict[str, tuple[str, ...]]:
    """word -> the languages whose list holds it."""
    out: dict[str, list[str]] = {}
    for lang, ws in lists.items():
        for w in ws:
            out.setdefault(w, []).append(lang)
    return {w: tuple(ls) for w, ls in out.items()}
