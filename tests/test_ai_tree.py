"""The ai head's tree half: its own settings (fit.AI_TREE over fit.HGB_SETTINGS), the shared
``_hgb`` taking its monotone constraints directly, the blend of the two halves, and the
leave-one-source-out run that refits only the tree half."""

from __future__ import annotations

import numpy as np
import pytest

from spamcheck.model import fit
from spamcheck.model.classifier import blend_logits


def _xy(n: int = 400, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, 6))
    y = (x[:, 0] + 0.5 * x[:, 1] + rng.normal(scale=0.8, size=n) > 0).astype(int)
    return x, y


def test_hgb_takes_the_constraint_list_and_the_overall_head_keeps_its_constraints():
    x, y = _xy()
    assert fit._hgb([1, 0, -1]).monotonic_cst == [1, 0, -1]
    assert fit._hgb(None).monotonic_cst is None
    # Without a list the overall head still constrains the ai logit (first column) alone ...
    assert fit._fit_hgb(x, y).monotonic_cst == [1, 0, 0, 0, 0, 0]
    # ... and with one it uses exactly that list.
    cst = [1, 0, 1, 0, 0, 1]
    clf = fit._fit_hgb(x, y, cst)
    assert clf.monotonic_cst == cst
    params = clf.get_params()
    assert all(params[k] == v for k, v in fit.HGB_SETTINGS.items())  # the overall head's settings
    # The constraint holds: raising a +1 column never lowers the score.
    lo, hi = x.copy(), x.copy()
    hi[:, 5] += 2.0
    assert (clf.decision_function(hi) >= clf.decision_function(lo) - 1e-12).all()


def test_ai_tree_half_uses_ai_tree_over_the_shared_settings():
    x, y = _xy()
    clf = fit.fit_ai_head(x, y, 1.0, hgb=True)
    params = clf.get_params()
    want = {**fit.HGB_SETTINGS, **fit.AI_TREE}
    assert {k: params[k] for k in want} == want
    assert params["monotonic_cst"] is None  # no constraint on the prose statistics
    # An experiment's override wins over AI_TREE.
    over = fit.fit_ai_head(x, y, 1.0, hgb=True, tree={"max_leaf_nodes": 5, "min_samples_leaf": 77})
    assert over.get_params()["max_leaf_nodes"] == 5 and over.get_params()["min_samples_leaf"] == 77
    # The linear half ignores the tree settings.
    assert fit.fit_ai_head(x, y, 1.0, hgb=False, tree={"max_leaf_nodes": 5}).__class__.__name__ == (
        "LogisticRegression")


def test_fit_model_fits_its_ai_tree_half_with_ai_tree():
    rng = np.random.default_rng(3)
    words = ("the", "of", "and", "a", "to", "in", "is", "it", "that", "for")
    preps, ys, groups = [], [], []
    for g in ("s1", "s2", "s3"):
        for i in range(60):
            y = i % 2
            text = " ".join(rng.choice(words, size=40))
            preps.append((text, {"text.x": float(rng.normal(1.5 * y)), "text.n": float(rng.normal()),
                                 "boilerplate.n": float(rng.normal())}))
            ys.append(y)
            groups.append(g)
    model, _ = fit.fit_model(preps, ys, groups, n_folds=3, n_hash=2**10, n_jobs=1, log=lambda _m: None)
    trees, linear = model.parts["ai_clf"]
    params = trees.get_params()
    want = {**fit.HGB_SETTINGS, **fit.AI_TREE}
    assert {k: params[k] for k in want} == want
    assert linear.__class__.__name__ == "LogisticRegression"
    assert model.card["ai_tree"] == want  # the card says which settings the tree half had


def test_blend_is_monotone_in_each_halfs_logit():
    rng = np.random.default_rng(5)
    trees, linear = rng.normal(size=200), rng.normal(size=200)
    scales = [(0.3, 2.0), (-1.0, 0.5)]
    base = blend_logits([trees, linear], scales)
    for h in range(2):
        for step in (1e-6, 0.5, 3.0):
            raised = [trees + step * (h == 0), linear + step * (h == 1)]
            assert (blend_logits(raised, scales) > base).all()


def _loso_data(rng: np.random.Generator) -> tuple[list[dict], list, list[str]]:
    data, preps = [], []
    words = ("the", "of", "and", "a", "to", "in", "is", "it")
    for g, s, shift in (("a", "l2r", 2.0), ("b", "l2r", 2.0), ("c", "l2r", 0.7), ("web/x", "web", 0.0)):
        for y in ((0, 1) if s == "l2r" else (0,)):
            for _ in range(50):
                row = f"l2r/{g}" if s == "l2r" else g
                data.append({"y": y, "ai": True, "group": g, "row": row, "set": s})
                stats = {"text.x": float(rng.normal(shift * y)), "text.n": float(rng.normal())}
                preps.append((" ".join(rng.choice(words, size=40)), stats))
    return data, preps, ["en"] * len(data)


def test_loso_tree_experiment_reuses_the_linear_half_and_never_resumes_other_tree_settings(tmp_path):
    import pickle

    from training.loso import ai_loso

    data, preps, langs = _loso_data(np.random.default_rng(7))
    base = tmp_path / "base.pkl"
    ai_loso(data, preps, langs, features="hgb+fw", checkpoint=base, margin=0.0)
    with open(base, "rb") as f:
        got = pickle.load(f)
    assert got["tree"] == {**fit.HGB_SETTINGS, **fit.AI_TREE} and got["c"] == fit.AI_SETTINGS["hgb+fw"][0]
    tree = {"max_leaf_nodes": 4, "min_samples_leaf": 30}
    ck = tmp_path / "tree.pkl"
    ai_loso(data, preps, langs, features="hgb+fw", checkpoint=ck, margin=0.0, tree=tree, linear_from=base)
    with open(ck, "rb") as f:
        new = pickle.load(f)
    assert sorted(new["folds"]) == sorted(got["folds"])
    for fold, (z_tree, z_lin) in new["folds"].items():
        assert np.array_equal(z_lin, got["folds"][fold][1])  # the linear half taken as it was
        assert not np.allclose(z_tree, got["folds"][fold][0])  # the tree half refitted
        assert new["seconds"][fold][1] is None  # and not timed: it was not fitted
    # A checkpoint of other tree settings is not resumed (nothing reported without fitting).
    assert ai_loso(data, preps, langs, features="hgb+fw", checkpoint=ck, fit=False)["per_source"] == {}
    # A linear half from another design is refused.
    shifted = [(p, {**f, "text.n": f["text.n"] + 1.0}) for p, f in preps]
    with pytest.raises(SystemExit, match="another design"):
        ai_loso(data, shifted, langs, features="hgb+fw", checkpoint=tmp_path / "x.pkl", linear_from=base)


def test_parallel_runs_of_other_folds_merge_into_one_report(tmp_path):
    from training.loso import ai_loso

    data, preps, langs = _loso_data(np.random.default_rng(8))
    one, two = tmp_path / "one.pkl", tmp_path / "two.pkl"
    ai_loso(data, preps, langs, features="stats", checkpoint=one, only=("l2r/a", "human"), margin=0.0)
    ai_loso(data, preps, langs, features="stats", checkpoint=two, only=("l2r/b", "l2r/c"), margin=0.0)
    merged = ai_loso(data, preps, langs, features="stats", checkpoint=one, merge=(two,), fit=False,
                     margin=0.0)
    whole = ai_loso(data, preps, langs, features="stats", checkpoint=tmp_path / "all.pkl", margin=0.0)
    assert not merged["partial"] and merged["per_source"] == whole["per_source"]
    assert merged["tpr_at_0.5"] == whole["tpr_at_0.5"]
    # Folds of other tree settings are refused, not mixed in.
    other = tmp_path / "other.pkl"
    ai_loso(data, preps, langs, features="stats", checkpoint=other, only=("l2r/c",),
            tree={"max_leaf_nodes": 4})
    with pytest.raises(SystemExit, match="not merged"):
        ai_loso(data, preps, langs, features="stats", checkpoint=one, merge=(other,), fit=False)
