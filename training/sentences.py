"""Sentence-structure and repetition statistics of cleaned prose: a measured and NOT adopted
ai-head feature group (13 of 22 leave-one-source-out folds: a tie, see
benchmarks/results/loso_ai_sentences_partial.json), kept for ``training.loso --add sentences``.

Two kinds of style signal that the document-level word statistics
(:func:`spamcheck.model.features.text_stats`) average away:

- **how the sentences differ from one another.** A writer alternates long and short
  sentences, dense and plain ones, and starts them in many ways; a generator tends to a
  steady rhythm (neighbouring sentences of similar length and function-word density) and to
  favourite openings. Measured over the document's sentences: the mean jump in length
  between neighbours relative to the mean length, the lag-1 correlation of lengths, the
  spread of the function-word share and of the mean word length across sentences, the
  spread of commas per sentence, the shares of sentences opening with a pronoun, with a
  conjunction or with a connective adverb, and how often an opening word or word pair
  repeats an earlier sentence's.
- **repetition and diversity.** Older generators (GPT-2-era models) loop and repeat
  phrases; people and modern models rarely do. Measured on fixed windows of ``WINDOW``
  words (averaged over at most ``N_WINDOWS`` from the start, so that nothing grows with
  length): distinct word bigrams and trigrams per bigram and trigram, the share of trigram
  positions taken by a trigram seen twice, and the length of the longest word n-gram that
  occurs twice (capped).

Everything reads the cleaned prose (:func:`spamcheck.model.features.clean_text`: lower
case, single spaces, no paragraph breaks or line layout, quotes and dashes straightened),
so no layout, spacing or encoding leftover of a source reaches these numbers; no column
counts words of any topic. English word classes, as the function-word columns. A text
with fewer than two usable sentences gets the neutral values (0 spread, 0 repetition).
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Sequence

import numpy as np

PREFIX = "text.ss."
# Words as features.py reads them (clean prose is lower case).
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)*")
# A sentence ends at . ! or ? followed by white space (clean prose has single spaces).
_SENT_END = re.compile(r"(?<=[.!?])\s+")
# Sentences with fewer words are headings, list remnants or abbreviations' leftovers.
MIN_SENT_WORDS = 3
# The repetition windows: consecutive runs of this many words (fixed, so the ratios do not fall
# with length), at most N_WINDOWS of them from the start, averaged.
WINDOW = 100
N_WINDOWS = 5
# The longest repeated n-gram is counted up to this length (a pasted paragraph is not "more" looping).
MAX_REPEAT = 12

# Opening-word classes (closed-class English words: no topic).
PRONOUNS = frozenset(["i", "we", "you", "he", "she", "it", "they", "this", "that", "these", "those",
                      "there", "one"])
CONJUNCTIONS = frozenset(["and", "but", "or", "so", "yet", "nor", "because", "although", "though",
                          "while", "whereas", "if"])
CONNECTIVES = frozenset([
    "however", "moreover", "furthermore", "additionally", "overall", "ultimately", "consequently",
    "therefore", "thus", "hence", "indeed", "instead", "meanwhile", "finally", "firstly", "secondly",
    "lastly", "similarly", "likewise", "nevertheless", "nonetheless", "notably", "importantly",
    "essentially", "specifically", "also",
])

NAMES = tuple(
    PREFIX + k
    for k in (
        "len_jump",
        "len_ac1",
        "fw_sd",
        "fw_jump",
        "wlen_sd",
        "comma_mean",
        "comma_sd",
        "open_pronoun",
        "open_conj",
        "open_connective",
        "open_fw",
        "open1_repeat",
        "open2_repeat",
        "distinct2",
        "distinct3",
        "tri_repeat",
        "longest_repeat",
    )
)


def sentence_stats(clean: str, function_set: frozenset[str]) -> dict[str, float]:
    """Sentence-structure and repetition columns (``text.ss.*``) of cleaned prose.

    Parameters
    ----------
    clean
        Prose after :func:`spamcheck.model.features.clean_text`.
    function_set
        The function words (:func:`spamcheck.model.features.function_words`).

    Returns
    -------
    dict
        One float per name in :data:`NAMES`; every value is finite.

    >>> fw = frozenset(["the", "on"])
    >>> s = sentence_stats("the cat sat. the cat sat. the cat sat on the mat again.", fw)
    >>> s["text.ss.open1_repeat"], s["text.ss.longest_repeat"] >= 3
    (1.0, True)
    >>> sentence_stats("", fw)["text.ss.distinct2"]
    1.0
    """
    fws = function_set
    out = dict.fromkeys(NAMES, 0.0)
    sents: list[list[str]] = []
    commas: list[int] = []
    # A break is white space and a word holds none: the pieces' words are the text's words.
    words: list[str] = []
    for piece in _SENT_END.split(clean):
        ws = _WORD.findall(piece)
        words += ws
        if len(ws) >= MIN_SENT_WORDS:
            sents.append(ws)
            commas.append(piece.count(","))
    if sents:
        out.update(_sentence_part(sents, commas, fws))
    # Whole windows of WINDOW words (at most N_WINDOWS), or the whole text when shorter.
    wins = [words[i : i + WINDOW] for i in range(0, min(len(words), WINDOW * N_WINDOWS), WINDOW)]
    wins = [w for w in wins if len(w) == WINDOW] or [words]
    parts = [_repetition_part(w) for w in wins]
    out.update({k: sum(p[k] for p in parts) / len(parts) for k in parts[0]})
    return out


def _sentence_part(sents: list[list[str]], commas: list[int], fws: frozenset[str]) -> dict[str, float]:
    """The columns over sentences (``sents``: each sentence's words, at least MIN_SENT_WORDS)."""
    n = len(sents)
    lens = np.array([len(s) for s in sents], dtype=float)
    fw = np.array([sum(w in fws for w in s) / len(s) for s in sents])
    wl = np.array([sum(map(len, s)) / len(s) for s in sents])
    cm = np.array(commas, dtype=float)
    out: dict[str, float] = {}
    if n >= 2:
        out["len_jump"] = float(np.abs(np.diff(lens)).mean() / lens.mean())
        out["len_ac1"] = _lag1(lens)
        out["fw_sd"] = float(fw.std())
        out["fw_jump"] = float(np.abs(np.diff(fw)).mean())
        out["wlen_sd"] = float(wl.std())
        out["comma_sd"] = float(cm.std())
    out["comma_mean"] = float(cm.mean())
    first = [s[0] for s in sents]
    out["open_pronoun"] = sum(w in PRONOUNS for w in first) / n
    out["open_conj"] = sum(w in CONJUNCTIONS for w in first) / n
    out["open_connective"] = sum(w in CONNECTIVES for w in first) / n
    out["open_fw"] = sum(w in fws for w in first) / n
    if n >= 2:
        out["open1_repeat"] = _repeat_share(first)
        out["open2_repeat"] = _repeat_share([" ".join(s[:2]) for s in sents])
    return {PREFIX + k: v for k, v in out.items()}


def _lag1(x: np.ndarray) -> float:
    """Lag-1 autocorrelation of a series (0 when it has no spread or fewer than three values)."""
    if len(x) < 3:
        return 0.0
    d = x - x.mean()
    den = float((d * d).sum())
    return float((d[:-1] * d[1:]).sum() / den) if den > 0 else 0.0


def _repeat_share(items: Sequence[str]) -> float:
    """The share of items after the first that repeat an earlier one."""
    return (len(items) - len(set(items))) / (len(items) - 1)


def _repetition_part(words: list[str]) -> dict[str, float]:
    """Distinct n-gram ratios, repeated-trigram share and the longest repeated n-gram of ``words``."""
    out = {PREFIX + "distinct2": 1.0, PREFIX + "distinct3": 1.0}
    bi = list(itertools.pairwise(words))
    tri = list(zip(words, words[1:], words[2:], strict=False))
    if bi:
        out[PREFIX + "distinct2"] = len(set(bi)) / len(bi)
    if tri:
        counts = Counter(tri)
        out[PREFIX + "distinct3"] = len(counts) / len(tri)
        # Trigram positions whose trigram occurs more than once (first occurrences included):
        # how much of the window is taken by looping, not just how many repeats there are.
        out[PREFIX + "tri_repeat"] = sum(c for c in counts.values() if c > 1) / len(tri)
    out[PREFIX + "longest_repeat"] = float(_longest_repeat(words))
    return out


def _longest_repeat(words: list[str]) -> int:
    """The length of the longest word n-gram occurring at least twice (0 if none; at most MAX_REPEAT).

    >>> _longest_repeat("a b c x a b c y".split()), _longest_repeat("a b c".split())
    (3, 0)
    """
    # A repeated k-gram's (k-1)-prefix repeats too, so "some k-gram repeats" is monotone in k:
    # a binary search over k, each test one C-level set of k-tuples.
    lo, hi = 0, min(MAX_REPEAT, len(words) - 1)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        grams = list(zip(*(words[i:] for i in range(mid)), strict=False))
        if len(set(grams)) < len(grams):
            lo = mid
        else:
            hi = mid - 1
    return lo
