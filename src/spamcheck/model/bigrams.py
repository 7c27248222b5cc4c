"""Word-bigram profile of cleaned prose against pre-LLM web counts, for the ai head.

A language model picks likely continuations: in its prose the next word is, on average, a
more predictable follower of the previous one, and that predictability varies less from
sentence to sentence than in human writing (which has names, jargon, odd turns of phrase).
Without a language model at run time, a bigram table of 2006 web text is the cheap stand-in:
for each pair of adjacent words inside a clause (punctuation and digits break the chain, so
paragraph breaks, tokeniser spacing and line layout never make a pair), the conditional
log-probability ``log10 P(w2 | w1)`` = joint Zipf - Zipf(w1), backed off to just below the
table's smallest count when the pair is not listed. Statistics that do not grow with
length: mean, spread and quantiles of that value, the share of pairs listed, the share of
very predictable pairs (P >= 0.1), the mean pointwise mutual information of listed pairs, the
same for content-word pairs (collocations), and the spread of the per-sentence means.

The tables (``lexicons/wordfreq/en-bigrams.tsv.gz``, ``en.tsv.gz``; see the NOTICE and
``training/build_bigrams.py``) count web text gathered before large language models.
English only: the model judges English prose.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from functools import lru_cache

import numpy as np

from .quantiles import linear_percentiles
from .wordfreq import read_zipf_tsv, zipf_table

# Words, sentence ends, and any other mark or digit (each a break); spaces, apostrophes and
# hyphens join words (cleaned prose is lower case with single spaces).
_TOKEN = re.compile(r"[a-z]+|[.!?]+|[^a-z '-]")
_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyz")
# A pair not in the table occurred fewer than the table's smallest count: half of it.
UNSEEN_GAP = 0.3
PREDICTABLE = -1.0  # log10 P(w2 | w1) at or above this: the next word follows one time in ten
MIN_SENT_PAIRS = 5  # sentences with fewer word pairs are too short for a per-sentence mean
PREFIX = "text.bg."


@lru_cache(maxsize=1)
def bigram_table() -> tuple[dict[str, float], float]:
    """The bigram table ``{"w1 w2": joint zipf}`` and the value given to pairs outside it."""
    table = read_zipf_tsv("en-bigrams.tsv.gz")
    return table, min(table.values()) - UNSEEN_GAP


def bigram_stats(clean: str, function: Collection[str] = frozenset()) -> dict[str, float]:
    """Bigram statistics of cleaned prose (see :func:`spamcheck.model.features.clean_text`).

    Only pairs whose two words are both in the word table count (a pair with an unknown word
    says nothing about the pair; the word-frequency profile already counts unknown words).
    ``function`` holds the function words left out of the content-word (collocation) figures.
    Empty when the prose has no such pair (missing features read as 0, as for other stats).

    >>> s = bigram_stats("in the middle of the night, we sat on the porch.", {"in", "the", "of", "we", "on"})
    >>> s["text.bg.seen"] > 0.5, -3 < s["text.bg.lp_mean"] < 0
    (True, True)
    >>> bigram_stats("zzyzxq qqvx")
    {}
    """
    words_z, _ = zipf_table()
    table, floor = bigram_table()
    lps: list[float] = []
    pmis: list[float] = []
    cc_seen: list[bool] = []
    cc_pmi: list[float] = []
    sent_means: list[float] = []
    prev = ""  # the previous word of the current clause ("" after a break)
    start = 0  # index in lps where the current sentence began
    # One pass over words and breaks: a sentence end closes the sentence, any other mark or
    # digit only breaks the chain of pairs (apostrophes and hyphens join: "don't" = don, t).
    for tok in _TOKEN.findall(clean):
        if tok[0] in _LETTERS:
            w1, prev = prev, tok
            z1 = words_z.get(w1) if w1 else None
            if z1 is None:
                continue
            z2 = words_z.get(tok)
            if z2 is None:
                continue
            j = table.get(f"{w1} {tok}")
            lps.append((floor if j is None else j) - z1)
            content = w1 not in function and tok not in function
            if content:
                cc_seen.append(j is not None)
            if j is not None:
                # log10 P(w1 w2) / (P(w1) P(w2)) on the per-billion scale of both tables.
                pmi = j - z1 - z2 + 9.0
                pmis.append(pmi)
                if content:
                    cc_pmi.append(pmi)
            continue
        prev = ""
        if tok[0] in ".!?":
            if len(lps) - start >= MIN_SENT_PAIRS:
                sent_means.append(sum(lps[start:]) / (len(lps) - start))
            start = len(lps)
    if len(lps) - start >= MIN_SENT_PAIRS:
        sent_means.append(sum(lps[start:]) / (len(lps) - start))
    if not lps:
        return {}
    lp = np.asarray(lps)
    p10, p25, p50, p75, p90 = linear_percentiles(lp, (10, 25, 50, 75, 90))
    return {
        PREFIX + "seen": len(pmis) / len(lps),
        PREFIX + "lp_mean": float(lp.mean()),
        PREFIX + "lp_sd": float(lp.std()),
        PREFIX + "lp_p10": p10,
        PREFIX + "lp_p25": p25,
        PREFIX + "lp_p50": p50,
        PREFIX + "lp_p75": p75,
        PREFIX + "lp_p90": p90,
        PREFIX + "predictable": float((lp >= PREDICTABLE).mean()),
        PREFIX + "pmi_mean": float(np.mean(pmis)) if pmis else 0.0,
        PREFIX + "pmi_sd": float(np.std(pmis)) if pmis else 0.0,
        PREFIX + "cc_seen": float(np.mean(cc_seen)) if cc_seen else 0.0,
        PREFIX + "cc_pmi": float(np.mean(cc_pmi)) if cc_pmi else 0.0,
        PREFIX + "sent_sd": float(np.std(sent_means)) if len(sent_means) >= 2 else 0.0,
    }


__all__ = ["bigram_stats", "bigram_table"]
