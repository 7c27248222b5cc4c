"""Language guess from stop-word coverage (no model, no download).

Stop-word lists ship in ``lexicons/stopwords`` (from jusText, BSD licence). The
guess decides which detectors apply: English-lexicon detectors stay silent on
other languages, so a German page is never called spam for not being English.
"""

from __future__ import annotations

from collections.abc import Sequence
from importlib import resources

# Below this share of stop words (for the best language) the text is not prose
# we can name: lists, code, tables, random junk.
MIN_STOPWORD_SHARE = 0.12
# Fewer words than this: too short to guess.
MIN_WORDS = 8


def load_stopwords() -> dict[str, frozenset[str]]:
    """All shipped stop-word lists, by ISO 639-1 code."""
    out: dict[str, frozenset[str]] = {}
    root = resources.files("spamcheck") / "lexicons" / "stopwords"
    for entry in root.iterdir():
        if entry.name.endswith(".txt"):
            words = entry.read_text(encoding="utf-8").split()
            out[entry.name[:-4]] = frozenset(w.lower() for w in words)
    return out


class LanguageGuesser:
    """Guess a language from the share of its stop words.

    >>> g = LanguageGuesser()
    >>> g.guess("the cat sat on the mat and it was happy with the day".split())
    'en'
    """

    def __init__(self, stopwords: dict[str, frozenset[str]] | None = None) -> None:
        self.stopwords = stopwords if stopwords is not None else load_stopwords()
        # Exclusive words tell close languages apart (en/nl, es/pt, id/ms).
        self._exclusive = {
            lang: ws - frozenset().union(*(o for k, o in self.stopwords.items() if k != lang))
            for lang, ws in self.stopwords.items()
        }

    def guess(self, lower_words: Sequence[str]) -> str:
        words = lower_words[:2000]
        if len(words) < MIN_WORDS:
            return "unknown"
        best, best_share, best_excl = "unknown", 0.0, 0
        n = len(words)
        for lang, sw in self.stopwords.items():
            hits = sum(1 for w in words if w in sw)
            share = hits / n
            if share < MIN_STOPWORD_SHARE:
                continue
            excl = sum(1 for w in words if w in self._exclusive[lang])
            if (share + excl / n, excl) > (best_share + best_excl / n, best_excl):
                best, best_share, best_excl = lang, share, excl
        return best
