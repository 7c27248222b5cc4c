"""The array scorer (model/runtime.py) gives scikit-learn's scores bit for bit, and scoring needs no sklearn.

* the shipped model's heads from ``model.npz`` against the estimators of ``model.joblib``:
  every logit and probability of several hundred real documents, exactly equal; hypothesis
  rows with NaN, infinities and extreme values through both tree ensembles;
* the pieces that replaced scikit-learn calls: ``murmurhash3_32``, the L2 rows, the stop-word
  file, the scipy-free CSR stack;
* ``model.npz`` is what ``SpamModel.save`` writes for the shipped pickle's parts, a tampered
  one is refused, and a fresh process scores a document without importing scikit-learn.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from tests.conftest import needs_shared

from spamcheck.model import classifier as M
from spamcheck.model import features as F
from spamcheck.model.fwhash import murmurhash3_32
from spamcheck.model.runtime import (
    RUNTIME_FILE,
    Csr,
    Linear,
    Trees,
    export_arrays,
    hstack_dense,
    npz_bytes,
    parts_from_arrays,
    same_parts,
)

REPO = Path(__file__).resolve().parents[1]
SHIPPED = REPO / "models" / "default"


@pytest.fixture(scope="module")
def both() -> tuple[M.SpamModel, M.SpamModel]:
    """The shipped model twice: array scorers (the default) and scikit-learn estimators."""
    fast, slow = M.load_model(SHIPPED), M.load_model(SHIPPED, estimator=True)
    assert not fast.uses_estimators and slow.uses_estimators
    return fast, slow


def test_arrays_round_trip_every_plain_part_with_its_type(both) -> None:
    fast, slow = both
    assert same_parts(fast.parts, slow.parts)
    assert set(fast.parts) == set(slow.parts)
    again = parts_from_arrays(export_arrays(fast.parts))  # runtime objects export too
    assert npz_bytes(export_arrays(again)) == npz_bytes(export_arrays(slow.parts))


@needs_shared
def test_runtime_scores_equal_scikit_learns_on_real_documents(both, detector) -> None:
    from training import devdata

    fast, slow = both
    pool = [r["text"] for r in devdata.iter_all() if 200 <= len(r["text"]) <= 20000]
    docs = random.Random(15).sample(pool, 320)
    preps = []
    for text in docs:
        doc, warnings = detector.prepare_input(text)
        preps.append(F.doc_features(doc, detector.analyse(doc, warnings, apply_model=False)))
    proses, rows = [p for p, _ in preps], [r for _, r in preps]
    for chunk in (slice(0, 256), slice(256, None), slice(7, 8)):
        z_fast = fast.ai_logit(proses[chunk], rows[chunk])
        z_slow = slow.ai_logit(proses[chunk], rows[chunk])
        assert z_fast.tolist() == z_slow.tolist()
        o_fast, o_slow = fast.overall_logit(z_fast, rows[chunk]), slow.overall_logit(z_slow, rows[chunk])
        assert o_fast.tolist() == o_slow.tolist()
    a1, o1 = fast.predict(proses, rows)
    a2, o2 = slow.predict(proses, rows)
    assert a1.tolist() == a2.tolist() and o1.tolist() == o2.tolist()
    assert len({round(x, 4) for x in o1.tolist()}) > 50  # the documents do differ
    # Each head alone, on the exact matrices scikit-learn reads.
    trees, linear = slow.parts["ai_clf"]
    rtrees, rlinear = fast.parts["ai_clf"]
    dense = M.dense_matrix(rows, fast.parts["ai_names"])
    p = fast.parts
    dense = np.clip((dense - p["ai_mean"]) / p["ai_scale"], -5, 5) * p["dense_weight"]
    from scipy.sparse import csr_matrix, hstack

    x = hstack([fast.vectoriser.transform(proses), csr_matrix(dense)], format="csr")
    mine = hstack_dense(fast.vectoriser.rows(proses), dense)
    assert np.array_equal(mine.indptr, x.indptr) and np.array_equal(mine.indices, x.indices)
    assert np.array_equal(mine.data, x.data)
    assert rlinear.decision_function(mine).tolist() == linear.decision_function(x).tolist()
    assert rtrees.decision_function(dense).tolist() == trees.decision_function(dense).tolist()


_EXTREME = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.floats(-5, 5),
    st.sampled_from([0.0, -0.0, 1e-310, -1e300, 1e300, np.nan, np.inf, -np.inf]),
)


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_trees_equal_scikit_learn_on_nan_inf_and_extreme_rows(both, data) -> None:
    fast, slow = both
    for mine, ref in ((fast.parts["ai_clf"][0], slow.parts["ai_clf"][0]),
                      (fast.parts["overall_clf"], slow.parts["overall_clf"])):
        n = data.draw(st.integers(1, 6))
        X = data.draw(arrays(np.float64, (n, ref.n_features_in_), elements=_EXTREME))
        assert np.array_equal(mine.decision_function(X), ref.decision_function(X), equal_nan=True)


@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_linear_head_equals_scikit_learn_and_refuses_what_it_refuses(both, data) -> None:
    from scipy.sparse import random as sparse_random

    fast, slow = both
    mine, ref = fast.parts["ai_clf"][1], slow.parts["ai_clf"][1]
    n = data.draw(st.integers(1, 5))
    seed = data.draw(st.integers(0, 2**31))
    x = sparse_random(n, ref.coef_.shape[1], density=data.draw(st.sampled_from([0.0, 1e-4, 1e-3])),
                      format="csr", random_state=seed)
    scale = data.draw(st.sampled_from([1.0, 1e-300, 1e150]))
    x.data *= scale
    assert mine.decision_function(x).tolist() == ref.decision_function(x).tolist()
    if x.nnz:
        x.data[0] = data.draw(st.sampled_from([np.nan, np.inf]))
        for model in (mine, ref):
            with pytest.raises(ValueError, match="Input X contains"):
                model.decision_function(x)


@settings(max_examples=50, deadline=None)
@given(dense=arrays(np.float32, st.tuples(st.integers(0, 4), st.integers(1, 6)),
                    elements=st.sampled_from([0.0, 1.5, -2.0, 3e-3])),
       counts=st.lists(st.integers(0, 4), min_size=4, max_size=4))
def test_stack_equals_scipys(dense, counts) -> None:
    from scipy.sparse import csr_matrix, hstack

    n = dense.shape[0]
    lengths = counts[:n] + [0] * (n - len(counts[:n]))
    indptr = np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64)
    indices = np.concatenate([np.arange(k) * 2 for k in lengths] or [np.zeros(0)]).astype(np.int64)
    x = Csr(np.arange(len(indices), dtype=np.float64) + 0.5, indices, indptr, (n, 9))
    ref = hstack([csr_matrix((x.data, x.indices, x.indptr), shape=x.shape), csr_matrix(dense)], format="csr")
    got = hstack_dense(x, dense)
    assert got.shape == ref.shape
    assert got.indptr.tolist() == ref.indptr.tolist() and got.indices.tolist() == ref.indices.tolist()
    assert got.data.tolist() == ref.data.tolist()


@settings(max_examples=300, deadline=None)
@given(key=st.text(max_size=40), seed=st.sampled_from([0, 1, 42, 2**31 - 1]))
def test_murmurhash_is_scikit_learns(key: str, seed: int) -> None:
    from sklearn.utils import murmurhash3_32 as ref

    try:
        key.encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates: scikit-learn cannot hash them either
        return
    assert murmurhash3_32(key, seed) == ref(key, seed=seed, positive=False)


def test_murmurhash_on_written_cases() -> None:
    from sklearn.utils import murmurhash3_32 as ref

    keys = ["", "a", "ab", "abc", "abcd", "abcde", "the W W .", "naïve café", "日本語", "🙂 ok", "x" * 1001]
    for key in keys:
        assert murmurhash3_32(key) == ref(key, seed=0, positive=False), key


def test_stop_word_file_is_scikit_learns_list() -> None:
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    from spamcheck.lexicons.loader import word_set

    assert word_set("glasgow", "english_stop_words.txt") == frozenset(ENGLISH_STOP_WORDS)


def test_l2_rows_equal_the_vectoriser_with_collisions() -> None:
    h = F.FwHasher(n_features=2**6)  # tiny: many n-grams share a column and must be summed
    texts = [F.clean_text(t) for t in ("The cat, the dog; and the cat again.", "", "we we we we",
                                        "however, it is not the case that 3 of 4 are so")]
    ref = h.vec.transform(texts)
    got = h.rows(texts)
    assert got.indptr.tolist() == ref.indptr.tolist() and got.indices.tolist() == ref.indices.tolist()
    assert got.data.tolist() == ref.data.tolist()


def test_shipped_npz_is_what_save_writes_for_the_pickle(tmp_path) -> None:
    from training.export_runtime import export

    slow = M.load_model(SHIPPED, estimator=True)
    out = tmp_path / "again"
    M.SpamModel(slow.parts, dict(slow.card), name="default").save(out)
    assert (out / RUNTIME_FILE).read_bytes() == (SHIPPED / RUNTIME_FILE).read_bytes()
    card = json.loads((SHIPPED / "card.json").read_text())
    assert json.loads((out / "card.json").read_text())["runtime"] == card["runtime"]
    assert export(SHIPPED, check=True)


def test_tampered_npz_is_refused_and_trust_means_the_pickle(tmp_path) -> None:
    d = tmp_path / "default"
    shutil.copytree(SHIPPED, d)
    arrays = parts_from_arrays(dict(np.load(d / RUNTIME_FILE, allow_pickle=False)))
    arrays["overall_platt"] = (0.0, 5.0)  # every document would be spam
    (d / RUNTIME_FILE).write_bytes(npz_bytes(export_arrays(arrays)))
    with pytest.raises(M.ModelIntegrityError, match=r"model\.npz.*does not match card\.json"):
        M.load_model(d)
    trusted = M.load_model(d, trust=True)  # the pickle is intact: it is what gets used
    assert trusted.uses_estimators and trusted.parts["overall_platt"] != (0.0, 5.0)
    assert M.load_model(d, estimator=True).uses_estimators


def test_card_without_runtime_entry_loads_the_pickle(tmp_path) -> None:
    d = tmp_path / "old"
    shutil.copytree(SHIPPED, d)
    card = json.loads((d / "card.json").read_text())
    del card["runtime"]
    (d / "card.json").write_text(json.dumps(card))
    assert M.load_model(d).uses_estimators


def test_runtime_file_of_another_format_is_not_read(tmp_path) -> None:
    bad = export_arrays(M.load_model(SHIPPED).parts)
    bad["_runtime_format"] = np.array(99)
    with pytest.raises(ValueError, match="runtime format 99"):
        parts_from_arrays(bad)


def test_trees_and_linear_refuse_the_wrong_width(both) -> None:
    fast, _ = both
    trees, linear = fast.parts["ai_clf"]
    assert isinstance(trees, Trees) and isinstance(linear, Linear)
    with pytest.raises(ValueError, match="features"):
        trees.decision_function(np.zeros((1, 3)))
    with pytest.raises(ValueError, match="features"):
        linear.decision_function(np.zeros((1, 3)))


def test_scoring_a_document_does_not_import_scikit_learn() -> None:
    code = (
        "import sys, spamcheck\n"
        "r = spamcheck.score('Plain words here make a sentence of some length for the model to read. ' * 6)\n"
        "assert r.scorer.startswith('model default@'), r.scorer\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'sklearn', 'scipy', 'pandas', 'joblib'}))\n"
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO / "src"), str(REPO)])}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert out.stdout.strip() == "[]", out.stdout + out.stderr


class _Unexportable:
    """An estimator the array file has no layout for (stands for a future model kind)."""

    def decision_function(self, x):
        return np.zeros(len(x))


def test_save_without_an_array_layout_warns_and_keeps_the_pickle(tmp_path) -> None:
    parts = {"format_version": M.FORMAT_VERSION, "feature_version": F.FEATURE_VERSION,
             "ai_features": "stats", "ai_clf": _Unexportable(), "overall_clf": _Unexportable()}
    with pytest.warns(RuntimeWarning, match="no model.npz written"):
        M.SpamModel(parts, {"thresholds": {"suspect": 0.4, "spam": 0.6}}).save(tmp_path)
    card = json.loads((tmp_path / "card.json").read_text())
    assert "runtime" not in card and not (tmp_path / RUNTIME_FILE).exists()
    assert (tmp_path / "model.joblib").is_file()


def test_block_model_from_its_arrays_equals_the_joblib_bundle(tmp_path) -> None:
    from spamcheck.html import block_model as B
    from spamcheck.html.features import FEATURE_NAMES

    shipped = REPO / "models" / "html_blocks"
    fast = B.load_block_model_from(shipped)
    old = tmp_path / "old"
    shutil.copytree(shipped, old)
    card = json.loads((old / "card.json").read_text())
    del card["runtime"]
    (old / "card.json").write_text(json.dumps(card))
    slow = B.load_block_model_from(old)
    assert fast is not None and slow is not None and fast.name == slow.name
    assert fast.threshold == slow.threshold
    X = np.random.default_rng(4).normal(size=(300, len(FEATURE_NAMES))) * 3
    group = np.arange(300) // 7
    assert fast.probabilities(X, group).tolist() == slow.probabilities(X, group).tolist()
    # A tampered array file is not used: the rules decide and say why.
    bad = tmp_path / "bad"
    shutil.copytree(shipped, bad)
    blob = bytearray((bad / RUNTIME_FILE).read_bytes())
    blob[len(blob) // 2] ^= 0x01
    (bad / RUNTIME_FILE).write_bytes(bytes(blob))
    problems: list[str] = []
    assert B.load_block_model_from(bad, problems) is None
    assert "sha256 does not match" in problems[0]
