"""The model's fast feature paths equal the plain computations they replaced, on real documents.

* ``FwHasher.transform`` (token ids, n-gram codes, remembered columns; model/fwhash.py)
  against the ``HashingVectorizer(analyzer=fw_ngrams)`` it replaced: the same sparse matrix,
  indices and values bit for bit, in chunks as the batched path calls it.
* ``hashed_column`` against scikit-learn's own hashing of single features.
* ``linear_percentiles`` against ``np.percentile`` (bit for bit), and every feature of
  ``doc_features`` plus the shipped model's probabilities with all fast paths against the
  same with ``np.percentile`` and the scikit-learn vectoriser put back.
"""

from __future__ import annotations

import random

import numpy as np
import pytest
from tests.conftest import needs_shared

from spamcheck.model import features as F
from spamcheck.model.fwhash import NgramColumns, hashed_column
from spamcheck.model.quantiles import linear_percentiles

# Written for these tests: masked-token edge cases (digits glued to letters become "DW" /
# "theD" tokens, non-ASCII letters and symbols are tokens of their own, empty prose).
EDGE = [
    "",
    "a",
    "the 3rd of may, the3 of them; 12x and x12.",
    "naïve café—über “quotes” … 日本語 ok",
    "we, we, we, we, we. and and and and",
]


def _same(a, b) -> None:
    a = a.tocsr()
    a.sort_indices()
    assert a.shape == b.shape
    assert np.array_equal(a.indptr, b.indptr)
    assert np.array_equal(a.indices, b.indices)
    assert np.array_equal(a.data, b.data)


def test_fw_columns_equal_the_vectoriser_on_edge_cases() -> None:
    h = F.FwHasher(n_features=2**12)  # small: hash collisions do happen and must be summed
    clean = [F.clean_text(t) for t in EDGE]
    _same(h.vec.transform(clean), h.transform(clean))
    for t in clean:  # one row at a time, as Detector.score calls it
        _same(h.vec.transform([t]), h.transform([t]))


@needs_shared
def test_fw_columns_equal_the_vectoriser_on_real_documents() -> None:
    from training import devdata

    pool = [r["text"] for r in devdata.iter_all()]
    docs = [F.clean_text(t) for t in random.Random(21).sample(pool, 600)]
    for n in (2**18, 2**10):
        h = F.FwHasher(n_features=n)
        for chunk in (docs[:256], docs[256:], docs[:1]):
            _same(h.vec.transform(chunk), h.transform(chunk))
        # Second pass: the columns now come from the cache.
        _same(h.vec.transform(docs), h.transform(docs))


def test_column_cache_is_cleared_past_its_bound(monkeypatch) -> None:
    from spamcheck.model import fwhash

    monkeypatch.setattr(fwhash, "MAX_CACHED", 50)
    cols = NgramColumns(2**10)
    ref = F.FwHasher(n_features=2**10)
    clean = [F.clean_text(t) for t in EDGE]
    for t in clean * 3:
        _same(ref.vec.transform([t]), cols.transform([F.fw_tokens(t)]))
        assert len(cols._columns) <= 50


@pytest.mark.parametrize("feature", ["the", "W W .", "theD", "日本語", "é", "and W D"])
def test_hashed_column_is_scikit_learns(feature: str) -> None:
    from sklearn.feature_extraction import FeatureHasher

    for n in (2**18, 2**10, 7):
        got = FeatureHasher(n_features=n, input_type="string", alternate_sign=False).transform([[feature]])
        assert got.indices.tolist() == [hashed_column(feature, n)]


def test_linear_percentiles_are_numpys_bit_for_bit() -> None:
    rng = np.random.default_rng(3)
    qs = (0, 1, 10, 25, 33.3, 50, 75, 90, 99, 100)
    arrays = [np.array([2.5]), np.array([1.0, 1.0]), np.array([-0.0, 0.0, 3.0]), np.arange(7.0)]
    for n in (2, 3, 5, 11, 30, 101, 512):
        arrays += [rng.normal(size=n), rng.integers(0, 9, size=n).astype(float), rng.uniform(-7, 2, n) * 1e-3]
    for x in arrays:
        assert linear_percentiles(x, qs) == np.percentile(x, qs).tolist(), x


def _plain_paths(monkeypatch) -> None:
    """Put the replaced computations back: np.percentile and the scikit-learn vectoriser."""
    from spamcheck.model import bigrams, wordfreq

    def plain(x, qs):
        return np.percentile(x, qs).tolist()

    for mod in (F, wordfreq, bigrams):
        monkeypatch.setattr(mod, "linear_percentiles", plain)
    monkeypatch.setattr(F.FwHasher, "transform", lambda self, texts: self.vec.transform(texts))


@needs_shared
def test_features_and_probabilities_equal_the_plain_paths(detector, monkeypatch) -> None:
    from training import devdata

    model = detector.model
    assert model is not None and isinstance(model.vectoriser, F.FwHasher)
    pool = [r["text"] for r in devdata.iter_all() if 500 <= len(r["text"].encode("utf-8")) <= 12000]
    docs = random.Random(17).sample(pool, 160)
    pairs = []
    for text in docs:
        doc, warnings = detector.prepare_input(text)
        pairs.append((detector.analyse(doc, warnings, apply_model=False), doc))
    fast = [F.doc_features(d, r) for r, d in pairs]
    ai, overall = model.predict([p for p, _ in fast], [row for _, row in fast])
    _plain_paths(monkeypatch)
    plain = [F.doc_features(d, r) for r, d in pairs]
    assert fast == plain
    ai2, overall2 = model.predict([p for p, _ in plain], [row for _, row in plain])
    assert ai.tolist() == ai2.tolist() and overall.tolist() == overall2.tolist()
    assert len({round(a, 3) for a in ai.tolist()}) > 20  # the documents do differ


def test_clean_text_skips_the_quote_table_only_where_it_is_the_identity() -> None:
    ascii_but_backtick = "".join(map(chr, range(128))).replace("`", "")
    assert ascii_but_backtick.translate(F._QUOTES) == ascii_but_backtick  # every other ASCII char
    assert F.clean_text("it was `quoted' here") == "it was 'quoted' here"  # the ASCII key still applies
    assert F.clean_text("“so” — fine") == '"so" - fine'
