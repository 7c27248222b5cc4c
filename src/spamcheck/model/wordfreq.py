"""Word-frequency profile of cleaned prose, for the ai head.

Generated prose draws its content words from a narrower, more middle-frequency band than
people do: fewer rare names, slang, typos and domain jargon, fewer very plain words. The
profile measures where a text's content words sit on a web-scale frequency scale (Zipf
values: log10 occurrences per billion words) with statistics that do not grow with length:
mean, spread and quantiles of the content words' values, the mean over distinct content
words, and the shares of words outside the table, rare (Zipf < 3) and mid-frequency (3-4.5).

The table (``lexicons/wordfreq/en.tsv.gz``, 50,000 words; see its NOTICE and
``training/build_wordfreq.py``) counts web text gathered before large language models, so
it carries no generator's vocabulary. English only: the model judges English prose.
"""

from __future__ import annotations

import gzip
import re
from collections.abc import Collection
from functools import lru_cache
from itertools import filterfalse, repeat

import numpy as np

from ..lexicons.loader import read_bytes, split_tab_pairs
from .quantiles import linear_percentiles

_WORD = re.compile(r"[a-z]+")
RARE_ZIPF = 3.0
MID_ZIPF = 4.5
# Value for a word outside the table: below the table's last entry, so "unknown" reads as
# rarer than anything listed (typos, names, jargon) without an unbounded gap.
OOV_GAP = 0.5
PREFIX = "text.wf."


def read_zipf_tsv(name: str) -> dict[str, float]:
    """``{key: zipf}`` from a gzipped ``key<TAB>zipf`` table of ``lexicons/wordfreq`` (words, bigrams)."""
    # The loader's C-level split (it refuses a line without exactly one tab, as the old
    # per-line unpacking did) and dict(zip()): same keys in the same order, last one wins.
    # Measured no faster than the per-line loop (the 250k-line bigram table costs ~0.5 CPU-s
    # of start-up either way: float() and the dict inserts dominate, not the split).
    lines = gzip.decompress(read_bytes("wordfreq", name)).decode("utf-8").splitlines()
    keys, zipfs = split_tab_pairs(lines, f"lexicons/wordfreq/{name}")
    return dict(zip(keys, map(float, zipfs), strict=True))


@lru_cache(maxsize=1)
def zipf_table() -> tuple[dict[str, float], float]:
    """The frequency table ``{word: zipf}`` and the value given to words outside it."""
    table = read_zipf_tsv("en.tsv.gz")
    return table, min(table.values()) - OOV_GAP


def wordfreq_stats(clean: str, function: Collection[str] = frozenset()) -> dict[str, float]:
    """Word-frequency statistics of cleaned prose (see :func:`spamcheck.model.features.clean_text`).

    ``function`` holds the function words left out of the content-word statistics (the
    features module passes its 150 function words; this module must not import it).

    Empty for prose without words (the model fills missing features with 0, as for other stats).

    >>> s = wordfreq_stats("the cat sat on the mat with a zzyzxq", {"the", "on", "with", "a"})
    >>> s["text.wf.oov"] > 0, s["text.wf.c_mean"] < s["text.wf.mean"]
    (True, True)
    >>> wordfreq_stats("")
    {}
    """
    words = _WORD.findall(clean)
    if not words:
        return {}
    table, floor = zipf_table()
    # map(table.get, words, repeat(floor)) is table.get(w, floor) per word, looped in C.
    get = table.get
    z_all = np.fromiter(map(get, words, repeat(floor)), dtype=float, count=len(words))
    content = list(filterfalse(function.__contains__, words))
    zc = np.fromiter(map(get, content, repeat(floor)), dtype=float) if content else np.array([floor])
    # Distinct words in first-seen order, not a set: a set's order follows PYTHONHASHSEED, and
    # the float sum of the mean then differed between processes in its last bit.
    zt = np.fromiter(map(get, dict.fromkeys(content), repeat(floor)), dtype=float) if content else zc
    p10, p25, p50, p75 = linear_percentiles(zc, (10, 25, 50, 75))
    return {
        PREFIX + "mean": float(z_all.mean()),
        PREFIX + "sd": float(z_all.std()),
        PREFIX + "c_mean": float(zc.mean()),
        PREFIX + "c_sd": float(zc.std()),
        PREFIX + "c_p10": p10,
        PREFIX + "c_p25": p25,
        PREFIX + "c_p50": p50,
        PREFIX + "c_p75": p75,
        PREFIX + "t_mean": float(zt.mean()),
        PREFIX + "oov": float((zc <= floor).mean()),
        PREFIX + "rare": float((zc < RARE_ZIPF).mean()),
        PREFIX + "mid": float(((zc >= RARE_ZIPF) & (zc < MID_ZIPF)).mean()),
    }


__all__ = ["read_zipf_tsv", "wordfreq_stats", "zipf_table"]
