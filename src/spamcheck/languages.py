"""Language guess from stop-word coverage (no model, no download).

Stop-word lists ship in ``lexicons/stopwords`` (from jusText, BSD licence). The
guess decides which detectors apply: English-lexicon detectors stay silent on
other languages, so a German page is never called spam for not being English.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from importlib import resources

# Below this share of stop words (for the best language) the text is not prose
# we can name: lists, code, tables, random junk.
MIN_STOPWORD_SHARE = 0.12
# Fewer words than this: too short to guess.
MIN_WORDS = 8
# The guess uses only each list's most frequent words: the long tails of the
# Wikipedia-derived lists hold foreign words ("the", "you", "love", "world" are in
# the Finnish list), which made plain English texts come out as Finnish.
GUESS_TOP_WORDS = 200


def load_stopwords(top: int | None = None) -> dict[str, frozenset[str]]:
    """All shipped stop-word lists, by ISO 639-1 code.

    The jusText lists are ordered by frequency; ``top`` keeps only the first
    ``top`` distinct (lower-cased) words of each.

    >>> len(load_stopwords(top=50)["de"])
    50
    """
    out: dict[str, frozenset[str]] = {}
    root = resources.files("spamcheck") / "lexicons" / "stopwords"
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

    >>> g = LanguageGuesser()
    >>> g.guess("the cat sat on the mat and it was happy with the day".split())
    'en'
    """

    def __init__(self, stopwords: dict[str, frozenset[str]] | None = None) -> None:
        self.stopwords = stopwords if stopwords is not None else load_stopwords(top=GUESS_TOP_WORDS)
        # Exclusive words tell close languages apart (en/nl, es/pt, id/ms).
        self._exclusive = {
            lang: ws - frozenset().union(*(o for k, o in self.stopwords.items() if k != lang))
            for lang, ws in self.stopwords.items()
        }
        # word -> languages listing it, and word -> the one language owning it: one
        # dict lookup per distinct word instead of one set test per word per language.
        langs_of: dict[str, list[str]] = {}
        for lang, ws in self.stopwords.items():
            for w in ws:
                langs_of.setdefault(w, []).append(lang)
        self._langs_of = {w: tuple(ls) for w, ls in langs_of.items()}
        self._owner = {w: lang for lang, ws in self._exclusive.items() for w in ws}

    def guess(self, lower_words: Sequence[str]) -> str:
        words = lower_words[:2000]
        if len(words) < MIN_WORDS:
            return "unknown"
        n = len(words)
        hits = dict.fromkeys(self.stopwords, 0)
        excls = dict.fromkeys(self.stopwords, 0)
        langs_of, owner = self._langs_of, self._owner
        for w, c in Counter(words).items():
            for lang in langs_of.get(w, ()):
                hits[lang] += c
            o = owner.get(w)
            if o is not None:
                excls[o] += c
        best, best_share, best_excl = "unknown", 0.0, 0
        for lang in self.stopwords:
            share = hits[lang] / n
            if share < MIN_STOPWORD_SHARE:
                continue
            excl = excls[lang]
            if (share + excl / n, excl) > (best_share + best_excl / n, best_excl):
                best, best_share, best_excl = lang, share, excl
        return best
