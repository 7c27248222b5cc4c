"""Per-sentence surprisal profile of cleaned prose, for the ai head.

A language model writes every sentence about as predictably as the last; people alternate
plain sentences with odd ones (a name, a joke, jargon, a typo), and a text that mixes the
two changes level where one writer hands over to the other. Without a language model at
run time, a small word model is the stand-in: the pre-LLM web unigram and bigram tables the
project already ships (``lexicons/wordfreq/en.tsv.gz`` and ``en-bigrams.tsv.gz``, Apache-2.0,
counts of 2006 web text; see their NOTICE). Being built from web counts, not from any
training document, the model gives a human training text no head start (a model fitted on
the training texts would find their human side familiar and leak the label).

Each word's surprisal, in bits, is ``-log2 P(w | previous word)`` with ``P`` the
Jelinek-Mercer mix ``LAMBDA * P_bigram + (1 - LAMBDA) * P_unigram``; a pair outside the
table gets the table's floor as its bigram probability, a word outside the word table the
word table's floor. The first word of a clause (after any mark or digit) has no previous
word and is scored by its unigram probability alone, so punctuation, paragraph breaks and
line layout never form a pair. A sentence's level is the mean surprisal of its words
(length-normalised); per document the statistics of those levels over sentences of at
least ``MIN_SENT_WORDS`` words: mean, spread ("burstiness"), quantiles, the shares below
and above fixed points, the mean jump between neighbouring sentences, the largest shift of
level between a document's beginning and its rest, and the spread of word surprisal within
sentences. Beside them a cheap compression view of the same question: the zlib cost of
each sentence given the text before it (bits per character), its mean, spread and jump.

Everything reads the cleaned prose (:func:`spamcheck.model.features.clean_text`: lower
case, one space, no paragraph breaks, quotes and dashes straightened), so neither layout
nor spacing nor encoding leftovers of a source reach these numbers, and nothing here
grows with length. English only, as the model.
"""

from __future__ import annotations

import math
import re
import zlib
from collections.abc import Iterable
from functools import lru_cache

import numpy as np

from spamcheck.model.bigrams import bigram_table
from spamcheck.model.quantiles import linear_percentiles
from spamcheck.model.wordfreq import zipf_table

PREFIX = "text.sp."
# Weight of the bigram estimate in the mix (the unigram estimate smooths unlisted pairs).
LAMBDA = 0.6
# Sentences shorter than this many words give too noisy a level to count.
MIN_SENT_WORDS = 5
# Fixed points of a sentence's mean surprisal (bits per word): about the pooled lower and
# upper quartiles of the sentence levels of 1,000 random training texts (human and machine alike,
# no label used), so the shares mean the same thing for every document.
LOW_BITS = 8.7
HIGH_BITS = 10.0
# The compression view looks at this much text before a sentence (zlib's window is 32 KB;
# a short context keeps each call cheap and the cost comparable along the document).
ZLIB_CONTEXT = 1000
# Words, sentence ends, and any other mark or digit (a break); spaces, apostrophes and
# hyphens only separate words (as in model/bigrams.py).
_TOKEN = re.compile(r"[a-z]+|[.!?]+|[^a-z '-]")
_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyz")
_SENTENCE = re.compile(r"[^.!?]*[.!?]+|[^.!?]+$")
_LOG2_10 = math.log2(10.0)


@lru_cache(maxsize=1)
def word_model() -> tuple[dict[str, float], float, dict[str, float], float]:
    """Unigram probabilities, the unigram floor, the bigram table (joint Zipf) and its floor."""
    words, floor = zipf_table()
    pairs, pair_floor = bigram_table()
    return {w: 10.0 ** (z - 9.0) for w, z in words.items()}, 10.0 ** (floor - 9.0), pairs, pair_floor


def sentence_surprisals(clean: str) -> list[list[float]]:
    """Word surprisals (bits) of each sentence of cleaned prose, in order (sentences without
    words are left out).

    >>> [len(s) for s in sentence_surprisals("it is here. we went home, and slept!")]
    [3, 5]
    >>> all(b > 0 for s in sentence_surprisals("the cat sat.") for b in s)
    True
    """
    uni, uni_floor, pairs, pair_floor = word_model()
    zipf, _ = zipf_table()
    out: list[list[float]] = []
    cur: list[float] = []
    prev = ""  # the previous word of the current clause ("" after a break)
    for tok in _TOKEN.findall(clean):
        if tok[0] in _LETTERS:
            p_uni = uni.get(tok, uni_floor)
            z1 = zipf.get(prev) if prev else None
            if z1 is None:
                p = p_uni
            else:
                j = pairs.get(f"{prev} {tok}", pair_floor)
                p = LAMBDA * min(10.0 ** (j - z1), 1.0) + (1.0 - LAMBDA) * p_uni
            cur.append(-math.log10(p) * _LOG2_10)
            prev = tok
            continue
        prev = ""
        if tok[0] in ".!?" and cur:
            out.append(cur)
            cur = []
    if cur:
        out.append(cur)
    return out


def _shift(levels: np.ndarray) -> float:
    """The largest standardised difference of mean level between the first ``k`` sentences
    and the rest (a CUSUM change-point statistic; 0 for fewer than four sentences)."""
    n = len(levels)
    sd = float(levels.std())
    if n < 4 or sd <= 0:
        return 0.0
    csum = np.cumsum(levels)
    k = np.arange(2, n - 1)
    before = csum[k - 1] / k
    after = (csum[-1] - csum[k - 1]) / (n - k)
    return float(np.max(np.abs(before - after) * np.sqrt(k * (n - k) / n)) / sd)


def _zlib_costs(clean: str) -> list[float]:
    """Bits per character zlib spends on each sentence of at least ``MIN_SENT_WORDS`` words
    given up to ``ZLIB_CONTEXT`` characters before it."""
    costs = []
    for m in _SENTENCE.finditer(clean):
        sent = m.group(0).strip()
        if sent.count(" ") + 1 < MIN_SENT_WORDS:
            continue
        ctx = clean[max(0, m.start() - ZLIB_CONTEXT) : m.start()].encode("utf-8")
        body = sent.encode("utf-8")
        # An empty context still costs zlib's header: measure it the same way for every sentence.
        base = len(zlib.compress(ctx, 9))
        costs.append(8.0 * (len(zlib.compress(ctx + body, 9)) - base) / len(body))
    return costs


def surprisal_stats(clean: str) -> dict[str, float]:
    """The per-sentence surprisal profile of cleaned prose (names start ``text.sp.``).

    Empty when no sentence has ``MIN_SENT_WORDS`` words (missing features read as 0, as for
    the other statistics).

    >>> s = surprisal_stats("the cat sat on the mat today. " * 3 + "we went to the shop and came home.")
    >>> 0 < s["text.sp.mean"] < 20, s["text.sp.sd"] >= 0
    (True, True)
    >>> surprisal_stats("too short.")
    {}
    """
    sents = [s for s in sentence_surprisals(clean) if len(s) >= MIN_SENT_WORDS]
    if not sents:
        return {}
    levels = np.array([sum(s) / len(s) for s in sents])
    p10, p50, p90 = linear_percentiles(levels, (10, 50, 90))
    mean = float(levels.mean())
    sd = float(levels.std())
    out = {
        PREFIX + "mean": mean,
        PREFIX + "sd": sd,
        PREFIX + "cv": sd / mean if mean > 0 else 0.0,
        PREFIX + "p10": p10,
        PREFIX + "p50": p50,
        PREFIX + "p90": p90,
        PREFIX + "low": float((levels < LOW_BITS).mean()),
        PREFIX + "high": float((levels > HIGH_BITS).mean()),
        PREFIX + "jump": float(np.abs(np.diff(levels)).mean()) if len(levels) >= 2 else 0.0,
        PREFIX + "shift": _shift(levels),
        PREFIX + "tok_sd": float(np.mean([np.std(s) for s in sents])),
    }
    costs = np.asarray(_zlib_costs(clean))
    if len(costs):
        out[PREFIX + "z_mean"] = float(costs.mean())
        out[PREFIX + "z_sd"] = float(costs.std())
        out[PREFIX + "z_jump"] = float(np.abs(np.diff(costs)).mean()) if len(costs) >= 2 else 0.0
    return out


def surprisal_many(texts: Iterable[str]) -> list[dict[str, float]]:
    """:func:`surprisal_stats` of each cleaned text (the batched form; the same numbers)."""
    return [surprisal_stats(t) for t in texts]


__all__ = ["sentence_surprisals", "surprisal_many", "surprisal_stats", "word_model"]
