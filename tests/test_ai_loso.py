"""The ai head's leave-one-source-out evaluation (training/loso.py --ai-only) and the linear
solver choice that makes its folds affordable."""

from __future__ import annotations

import numpy as np
from scipy.sparse import random as sparse_random

from spamcheck.model.fit import _fit_lr


def _data(rng: np.random.Generator) -> tuple[list[dict], list, list[str]]:
    # Three machine sources (human and machine texts) and two human-only sets; one dense
    # statistic carries the label, strongly in "a" and "b", weakly in "c".
    data, preps = [], []
    for g, s, shift in (("a", "l2r", 3.0), ("b", "l2r", 3.0), ("c", "l2r", 0.7),
                        ("web/x", "web", 0.0), ("masc/y", "masc", 0.0)):
        for y in ((0, 1) if s == "l2r" else (0,)):
            for _ in range(60):
                row = f"l2r/{g}" if s == "l2r" else g
                data.append({"y": y, "ai": True, "group": g, "row": row, "set": s})
                stats = {"text.x": rng.normal(shift * y), "text.n": rng.normal()}
                preps.append((" ".join(["word"] * 30), stats))
    return data, preps, ["en"] * len(data)


def test_human_only_sets_get_their_own_folds_after_the_machine_ones():
    from training.loso import human_only_folds
    from training.train_default import loso_folds

    data, _, _ = _data(np.random.default_rng(0))
    machine = loso_folds(data)
    folds, names = human_only_folds(data, machine)
    groups = np.array([d["group"] for d in data])
    assert names == ["masc+speeches (human only)", "web (human only)"]  # speeches pool with MASC
    assert set(folds[groups == "masc/y"]) == {3} and set(folds[groups == "web/x"]) == {4}
    # The machine sources' folds are untouched.
    assert (folds[machine >= 0] == machine[machine >= 0]).all()


def test_ai_loso_reports_tpr_at_the_calibrated_half_with_the_human_cap_kept(tmp_path):
    from training.loso import ai_loso

    data, preps, langs = _data(np.random.default_rng(1))
    got = ai_loso(data, preps, langs, features="stats", checkpoint=tmp_path / "ck.pkl", margin=0.0)
    assert set(got["per_source"]) == {"l2r/a", "l2r/b", "l2r/c"}
    assert got["machine_folds_done"] == 3 and got["human_folds_done"] == 2 and not got["partial"]
    # Every human group, the human-only sets included, out of fold, at ai_padding >= 0.5: no
    # more than its 98% quantile lets through (of 60 scores, the two above the interpolated
    # quantile), and the worst group sits exactly at that cut.
    shares = got["human_share_at_0.5"]
    assert set(shares) == {"l2r/a", "l2r/b", "l2r/c", "masc/y", "web/x"}
    assert max(shares.values()) <= 2 / 60 + 1e-9
    assert shares[got["cut"]["worst"]] == max(shares.values())
    # The strong sources are caught far more often than the weak one at the same 0.5.
    assert got["tpr_at_0.5"]["l2r/a"] > got["tpr_at_0.5"]["l2r/c"] + 0.3
    assert set(got["fold_seconds"]) >= {"a", "b", "c", "web (human only)"}


def test_wide_sparse_design_uses_the_dual_solver_with_the_primal_solution():
    from sklearn.linear_model import LogisticRegression

    rng = np.random.default_rng(2)
    x = sparse_random(300, 4000, density=0.01, format="csr", random_state=3)
    w = rng.normal(size=4000)
    y = (x @ w + 0.1 * rng.normal(size=300) > 0).astype(int)
    dual = _fit_lr(x, y, 1.0)
    assert dual.dual  # more columns than rows
    primal = LogisticRegression(C=1.0, solver="liblinear", max_iter=2000, class_weight="balanced").fit(x, y)
    # The same L2-regularised problem: the same decision values up to the solvers' tolerance.
    assert np.abs(dual.decision_function(x) - primal.decision_function(x)).max() < 1e-2
    assert not _fit_lr(x[:, :100], y, 1.0).dual  # tall designs keep the primal solver


def test_a_checkpoint_of_other_features_is_not_resumed(tmp_path):
    from training.loso import ai_loso

    data, preps, langs = _data(np.random.default_rng(4))
    ck = tmp_path / "ck.pkl"
    first = ai_loso(data, preps, langs, features="stats", checkpoint=ck)
    # Same names, other values (e.g. features recomputed by changed code): refitted, not reused.
    shifted = [(p, {**f, "text.n": f["text.n"] + i % 3}) for i, (p, f) in enumerate(preps)]
    assert ai_loso(data, shifted, langs, features="stats", checkpoint=ck, fit=False)["per_source"] == {}
    again = ai_loso(data, shifted, langs, features="stats", checkpoint=ck)
    assert not again["partial"] and again["per_source"] != first["per_source"]


def test_sources_filter_fits_only_the_named_folds_and_the_full_run_resumes_them(tmp_path):
    import pytest
    from training.loso import ai_loso, picked_folds

    names = ["Code", "outfox", "masc+speeches (human only)", "web (human only)"]
    assert picked_folds(names, ("L2R/code", "human")) == {0, 2, 3}
    assert picked_folds(names, None) == {0, 1, 2, 3}
    with pytest.raises(ValueError, match="unknown sources"):
        picked_folds(names, ("sports",))
    data, preps, langs = _data(np.random.default_rng(2))
    ck = tmp_path / "ck.pkl"
    part = ai_loso(data, preps, langs, features="stats", checkpoint=ck, only=("l2r/a",), margin=0.0)
    assert part["partial"] and set(part["per_source"]) == {"l2r/a"}
    assert part["machine_folds_done"] == 1 and part["human_folds_done"] == 0
    full = ai_loso(data, preps, langs, features="stats", checkpoint=ck, margin=0.0)
    assert not full["partial"] and full["per_source"]["l2r/a"] == part["per_source"]["l2r/a"]
