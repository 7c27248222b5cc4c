"""The text-statistics fast paths equal the plain computations they replaced.

Each replaced computation is kept here as the reference, in its old form, and compared
(exact equality, not a tolerance) on real documents and on edge cases written for these
tests plus hypothesis-generated text:

* ``quality.stats._dups`` (set arithmetic) against the old loop over the items;
* ``quality.stats._first_seen_ids`` (``dict.fromkeys`` and a C-level map) against
  ``vocab.setdefault`` per token; and the whole of :func:`quality_stats` against itself
  with the old ``_dups`` and id numbering put back;
* ``model.features._words_and_sentences`` (``str.isspace`` maps) against the old
  per-token comprehensions;
* ``model.features.text_stats`` (exact integer sums and counts over the size instead of
  numpy means of whole numbers; digit counts by ``str.count`` for ASCII) against the old
  body with numpy means and ``_DIGIT.findall``.
"""

from __future__ import annotations

import itertools
import random
from collections import Counter

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.conftest import needs_shared

from spamcheck.model import features as F
from spamcheck.model.quantiles import linear_percentiles
from spamcheck.quality import stats as S
from spamcheck.text.document import Document

# Written for these tests: blank lines and repeats, digits of other scripts, sentence ends
# at the very end and start, runs of white space, contractions, hyphenated numbers.
EDGE = [
    "",
    " ",
    "a",
    "Same line.\nSame line.\n\nSame line.\n\n\nOther line",
    "it is. we went home!  ok",
    "ends with a mark. ",
    "!. ? start with marks",
    "numbers 3.5 and 9,000 and ٣٤ and ۱۲ and VGG-11 and x2",
    "They don't know; it isn't theirs. We'll see—won't we?",
    "word word word word word word word word word word word word word word word word",
    "\n\n\n",
    "tab\tseparated\tvalues\nand\r\nwindows lines",
]

TEXT = st.lists(
    st.sampled_from([*"ab c.!?\n\t'’-,3٣é", "the ", "isn't ", "...", "\n\n", "Word "]), max_size=80
).map("".join)


def _real_texts(n: int, seed: int) -> list[str]:
    from training import devdata

    pool = [r["text"] for r in devdata.iter_all()]
    return random.Random(seed).sample(pool, n)


# -- quality statistics -----------------------------------------------------------------

def _plain_dups(items: list[str]) -> tuple[int, int]:
    seen: set[str] = set()
    n = chars = 0
    for x in items:
        if x in seen:
            n += 1
            chars += len(x)
        else:
            seen.add(x)
    return n, chars


def _plain_ids(toks: list[str]) -> tuple[np.ndarray, int]:
    vocab: dict[str, int] = {}
    return np.array([vocab.setdefault(t, len(vocab)) for t in toks], dtype=np.int64), len(vocab)


def _check_quality(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    for items in (text.split("\n"), S._PARA_SPLIT.split(text.strip()), S._LINE_SPLIT.split(text)):
        assert S._dups(items) == _plain_dups(items)
    toks = S._TOKEN.findall(text)
    (fast, v_fast), (plain, v_plain) = S._first_seen_ids(toks), _plain_ids(toks)
    assert fast.dtype == plain.dtype and np.array_equal(fast, plain) and v_fast == v_plain
    want = S.quality_stats(Document(text))
    with monkeypatch.context() as m:  # the whole measure with the old pieces put back
        m.setattr(S, "_dups", _plain_dups)
        m.setattr(S, "_first_seen_ids", _plain_ids)
        assert S.quality_stats(Document(text)) == want


@pytest.mark.parametrize("text", EDGE)
def test_quality_fast_paths_on_edge_cases(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    _check_quality(text, monkeypatch)


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_quality_fast_paths_on_generated_text(text: str) -> None:
    with pytest.MonkeyPatch.context() as mp:
        _check_quality(text, mp)


@needs_shared
def test_quality_fast_paths_on_real_documents(monkeypatch: pytest.MonkeyPatch) -> None:
    for text in _real_texts(400, 31):
        _check_quality(text, monkeypatch)


# -- text statistics of cleaned prose ---------------------------------------------------

def _plain_words_and_sentences(clean: str) -> tuple[list[str], list[int]]:
    toks = F._WORD_OR_BREAK.findall(clean)
    if not clean:
        return [], []
    breaks = [i for i, t in enumerate(toks) if not t[0].isalnum()]
    if not breaks:
        return toks, [len(toks)]
    words = [t for t in toks if t[0].isalnum()]
    lens = [b - a - 1 for a, b in itertools.pairwise([-1, *breaks, len(toks)])]
    body = clean.rstrip()
    if len(body) < len(clean) and body[-1:] in (".", "!", "?"):
        lens.pop()
    return words, lens


def _plain_text_stats(clean: str) -> dict[str, float]:
    """text_stats as it was: numpy means of whole numbers, ``_DIGIT.findall`` for digits."""
    out: dict[str, float] = {}
    words, sent_lens = _plain_words_and_sentences(clean)
    n = max(len(words), 1)
    chars = max(len(clean), 1)
    counts = Counter(words)
    rates = [counts.get(w, 0) / n for w in F.function_words()]
    out.update(zip(F._fw_keys(), rates, strict=True))
    out["text.fw_share"] = sum(rates)
    for name, sym in F._PUNCT.items():
        k = len(F._DIGIT.findall(clean)) if sym is None else clean.count(sym)
        out[f"text.punct.{name}"] = 1000.0 * k / chars
    lens = np.fromiter(map(len, words), dtype=float, count=len(words)) if words else np.zeros(1)
    out["text.word_len_mean"] = float(lens.mean())
    out["text.word_len_std"] = float(lens.std())
    out["text.long_word_share"] = float((lens >= 9).mean())
    sl = np.array(sent_lens or [0], dtype=float)
    out["text.sent_len_mean"] = float(sl.mean())
    out["text.sent_len_std"] = float(sl.std())
    out["text.sent_len_cv"] = float(sl.std() / sl.mean()) if sl.mean() else 0.0
    for q, v in zip((10, 50, 90), linear_percentiles(sl, (10, 50, 90)), strict=True):
        out[f"text.sent_len_p{q}"] = v
    out["text.sent_short_share"] = float((sl < 8).mean())
    out["text.sent_long_share"] = float((sl > 35).mean())
    out["text.mattr50"] = F._mattr(words, 50)
    out["text.hapax200"] = F._hapax(words[:200])
    out["text.zlib_ratio"] = F._compression(clean)
    n_pairs = max(len(words) - 1, 0)
    out["text.bigram_repeat"] = (n_pairs - len(set(itertools.pairwise(words)))) / n
    return out


def _check_text(raw: str) -> None:
    for clean in (F.clean_text(raw), raw):  # raw: inputs clean_text never makes (tabs, runs)
        assert F._words_and_sentences(clean) == _plain_words_and_sentences(clean)
        assert F._n_digits(clean) == len(F._DIGIT.findall(clean))
        got, want = F.text_stats(clean), _plain_text_stats(clean)
        assert list(got) == list(want)  # same names, same order
        assert got == want, {k: (got[k], want[k]) for k in got if got[k] != want[k]}
        assert all(type(v) is float for v in got.values())


@pytest.mark.parametrize("text", EDGE)
def test_text_stats_fast_paths_on_edge_cases(text: str) -> None:
    _check_text(text)


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_text_stats_fast_paths_on_generated_text(text: str) -> None:
    _check_text(text)


@needs_shared
def test_text_stats_fast_paths_on_real_documents() -> None:
    for text in _real_texts(400, 37):
        _check_text(F.prose_text(Document(text)))
        _check_text(text)
