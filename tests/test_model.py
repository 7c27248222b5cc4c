"""The trained classifier: training on the fixture, save/load, integrity and version checks, CLI."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import joblib
import numpy as np
import pytest

from spamcheck.cli.main import main as cli_main
from spamcheck.detector import Detector
from spamcheck.model import classifier as M

REPO = Path(__file__).resolve().parents[1]
FIXTURE = REPO / "fixtures" / "labeled_small.jsonl"
SHIPPED = REPO / "models" / "default"


@pytest.fixture(scope="module")
def trained(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("m") / "small"
    assert cli_main(["train", str(FIXTURE), "--out", str(out), "--jobs", "1", "--folds", "3"]) == 0
    return out


def _fixture_texts() -> list[str]:
    return [json.loads(x)["text"] for x in FIXTURE.read_text(encoding="utf-8").splitlines() if x.strip()]


def test_train_writes_card_with_matching_hash(trained):
    card = json.loads((trained / "card.json").read_text())
    assert card["sha256"] == M.file_sha256(trained / "model.joblib")
    assert card["format_version"] == M.FORMAT_VERSION
    assert 0.0 < card["thresholds"]["suspect"] < card["thresholds"]["spam"] < 1.0
    assert card["training"]["records"] == 72


def test_round_trip_scores_are_calibrated_probabilities(trained, tmp_path):
    m = M.load_model(trained)
    det = Detector(model=m)
    results = [det.score(t) for t in _fixture_texts()[:12]]
    for r in results:
        assert 0.0 <= r.score <= 1.0 and 0.0 <= r.scores["ai_padding"] <= 1.0
        assert r.scorer.startswith(f"model small@{m.sha8}")
    # Saving the loaded model again and reloading gives the same scores.
    m2_dir = tmp_path / "again"
    M.SpamModel(m.parts, dict(m.card), name="again").save(m2_dir)
    det2 = Detector(model=str(m2_dir))
    assert [r.score for r in results] == [det2.score(t).score for t in _fixture_texts()[:12]]


def test_tampered_file_is_refused_unless_trusted(trained, tmp_path):
    d = tmp_path / "tampered"
    shutil.copytree(trained, d)
    parts = joblib.load(d / "model.joblib")
    parts["overall_platt"] = (0.0, 5.0)  # someone "adjusts" the model: every document would be spam
    joblib.dump(parts, d / "model.joblib", compress=3)
    with pytest.raises(M.ModelIntegrityError, match=r"does not match card\.json"):
        M.load_model(d)
    with pytest.raises(M.ModelIntegrityError):
        Detector(model=str(d))
    trusted = Detector(model=str(d), trust_model=True)
    text = _fixture_texts()[0]
    r = trusted.score(text)
    base = Detector(model=str(trained)).score(text)
    # The tampered calibration is really in use: its score passed the spam threshold and was
    # capped (no page defect), and its overall probability is the tampered constant, which the
    # honest calibration's is not. (The honest score may pass the spam threshold too: thresholds
    # are placed on what the decision can label, 0.5 on this tiny fixture.)
    assert "(trusted)" in r.scorer and "capped below spam" in r.scorer
    z = np.array([-3.0, 3.0])
    assert np.allclose(trusted.model.overall_prob(z), 1.0 / (1.0 + np.exp(-5.0)))
    assert not np.allclose(M.load_model(trained).overall_prob(z), 1.0 / (1.0 + np.exp(-5.0)))
    assert r.score >= base.score


def test_flipped_byte_is_refused(trained, tmp_path):
    d = tmp_path / "flipped"
    shutil.copytree(trained, d)
    raw = bytearray((d / "model.joblib").read_bytes())
    raw[len(raw) // 2] ^= 0xFF
    (d / "model.joblib").write_bytes(bytes(raw))
    with pytest.raises(M.ModelIntegrityError):
        M.load_model(d)


@pytest.mark.parametrize(
    ("key", "value", "expect"),
    [
        ("sklearn_version", "0.0.1", "install scikit-learn==0.0.1 or retrain with `spamcheck train"),
        ("format_version", 999, "model format 999"),
    ],
)
def test_version_mismatch_says_what_to_do(trained, tmp_path, key, value, expect):
    d = tmp_path / "old"
    shutil.copytree(trained, d)
    card = json.loads((d / "card.json").read_text())
    card[key] = value
    (d / "card.json").write_text(json.dumps(card))
    # The scikit-learn version matters only to the pickle: the array scorer (model.npz) reads
    # the same model without scikit-learn, so only estimator=True is refused for it.
    sklearn_only = key == "sklearn_version"
    if sklearn_only:
        assert not M.load_model(d).uses_estimators
    with pytest.raises(M.ModelVersionError) as e:
        M.load_model(d, estimator=sklearn_only)
    assert expect in str(e.value) and "spamcheck train" in str(e.value)


def test_feature_set_round_trips_and_mismatch_is_clear(trained, tmp_path):
    from spamcheck.model.fit import DEFAULT_AI_FEATURES

    m = M.load_model(trained)
    card = json.loads((trained / "card.json").read_text())
    assert m.ai_features == m.parts["ai_features"] == card["ai_features"] == DEFAULT_AI_FEATURES
    # A model trained on another feature set featurises that way after loading.
    other = tmp_path / "fw"
    assert cli_main(["train", str(FIXTURE), "--out", str(other), "--jobs", "1", "--folds", "3",
                     "--features", "stats+fw"]) == 0
    s = M.load_model(other)
    assert s.ai_features == "stats+fw" and s.vectoriser is not None
    assert (m.vectoriser is None) == (m.ai_features in ("stats", "hgb-stats"))
    assert s.parts["ai_clf"].coef_.shape[1] == 2**18 + len(s.parts["ai_names"])
    texts = _fixture_texts()[:12]
    a = [Detector(model=m).score(t).scores["ai_padding"] for t in texts]
    b = [Detector(model=s).score(t).scores["ai_padding"] for t in texts]
    assert a != b
    # An unknown stored feature set, or a card that disagrees with the file, is refused with advice.
    for value, expect in (("bogus", "ai feature set 'bogus'"), ("stats+fw", "differs from card.json")):
        d = tmp_path / f"card-{value}"
        shutil.copytree(trained, d)
        c = json.loads((d / "card.json").read_text())
        c["ai_features"] = value
        (d / "card.json").write_text(json.dumps(c))
        with pytest.raises(M.ModelVersionError) as e:
            M.load_model(d)
        assert expect in str(e.value) and "spamcheck train" in str(e.value)


def test_blend_head_is_the_mean_of_its_two_standardised_heads(tmp_path):
    d = tmp_path / "blend"
    assert cli_main(["train", str(FIXTURE), "--out", str(d), "--jobs", "1", "--folds", "3",
                     "--features", "hgb+fw"]) == 0
    m = M.load_model(d)
    trees, linear = m.parts["ai_clf"]
    (mt, st), (ml, sl) = m.parts["ai_blend"]
    assert st > 0 and sl > 0
    from spamcheck.model.features import doc_features
    from spamcheck.text.document import Document

    det = Detector(model=m)
    # Any prepared inputs will do: the check is that prediction mixes the heads as training did.
    preps = [doc_features(Document(t), det.score(t)) for t in _fixture_texts()[:8]]
    z = m.ai_logit([p for p, _ in preps], [f for _, f in preps])
    dense = M.dense_matrix([f for _, f in preps], m.parts["ai_names"])
    dense = np.clip((dense - m.parts["ai_mean"]) / m.parts["ai_scale"], -5, 5) * m.parts["dense_weight"]
    from scipy.sparse import csr_matrix, hstack

    x = hstack([m.vectoriser.transform([p for p, _ in preps]), csr_matrix(dense)], format="csr")
    by_hand = ((trees.decision_function(dense) - mt) / st + (linear.decision_function(x) - ml) / sl) / 2
    assert np.allclose(z, by_hand)
    assert len(set(np.round(z, 6))) > 1


def test_no_shipped_model_means_rules(monkeypatch):
    monkeypatch.setattr(M, "default_model_dir", lambda: None)
    assert M.load_default_model() is None


def test_bad_model_dir_is_a_clear_error(tmp_path):
    with pytest.raises(M.ModelError, match=r"expected model\.joblib"):
        M.load_model(tmp_path)


def test_eval_prints_metrics(trained, capsys):
    assert cli_main(["eval", str(FIXTURE), "--model", str(trained), "--jobs", "1"]) == 0
    out = capsys.readouterr().out
    for word in ("roc_auc", "pr_auc", "tpr_at_1pct_fpr", "fpr_at_spam", "calibration", "seqxgpt", "outfox"):
        assert word in out
    assert cli_main(["eval", str(FIXTURE), "--model", str(trained), "--jobs", "1", "--json"]) == 0
    rep = json.loads(capsys.readouterr().out)
    assert 0.0 <= rep["overall"]["all"]["roc_auc"] <= 1.0
    assert set(rep["ai_padding"]["per_source"]) == {"l2r", "outfox", "seqxgpt"}


def test_eval_loso_holds_each_source_out(capsys):
    # Three sources: one fold each; every record is scored by a model that never saw its source.
    assert cli_main(["eval", str(FIXTURE), "--loso", "--jobs", "1", "--json"]) == 0
    rep = json.loads(capsys.readouterr().out)
    assert rep["records"] == 72 and rep["sources"] == ["l2r", "outfox", "seqxgpt"]
    assert set(rep["heads"]["overall"]["per_source"]) == {"l2r", "outfox", "seqxgpt"}
    assert 0.0 <= rep["heads"]["ai_padding"]["all"]["roc_auc"] <= 1.0
    assert 0.0 < rep["thresholds"]["suspect"] <= rep["thresholds"]["spam"] <= 1.0


def test_eval_loso_needs_three_sources(tmp_path, capsys):
    rows = [json.loads(x) for x in FIXTURE.read_text(encoding="utf-8").splitlines() if x.strip()]
    two = tmp_path / "two.jsonl"
    two.write_text("".join(json.dumps(r) + "\n" for r in rows if r["source"] != "l2r"), encoding="utf-8")
    assert cli_main(["eval", str(two), "--loso", "--jobs", "1"]) == 2
    assert "at least 3 sources" in capsys.readouterr().err


def test_train_rejects_bad_input(tmp_path, capsys):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "x", "label": "maybe"}\nnot json\n')
    assert cli_main(["train", str(bad), "--out", str(tmp_path / "o"), "--jobs", "1"]) == 2
    assert cli_main(["eval", str(tmp_path / "missing.jsonl"), "--model", str(tmp_path)]) == 2


# -- the shipped model ------------------------------------------------------


def test_shipped_model_loads_and_is_cached():
    m = M.load_default_model()
    assert m is not None, "models/default/model.joblib should be shipped"
    assert M.load_default_model() is m
    assert (SHIPPED / "model.joblib").stat().st_size < 20_000_000
    card = json.loads((SHIPPED / "card.json").read_text())
    assert card["sha256"] == M.file_sha256(SHIPPED / "model.joblib")
    assert (SHIPPED / "CARD.md").exists()


def test_seed_scores_above_spam_threshold(seed_text):
    m = M.load_default_model()
    assert m is not None
    r = Detector(model=m).score(seed_text)
    assert r.score >= m.thresholds["spam"] and r.label == "spam"
    # ai_padding is calibrated so 0.5 keeps every human source seen in training at <= 2%
    # (see the card), which costs recall: the seed's prose need not reach 0.5, but the model
    # must still rank it above most human texts.
    rows = [json.loads(x) for x in FIXTURE.read_text(encoding="utf-8").splitlines() if x.strip()]
    humans = [x["text"] for x in rows if x["label"] == "human"]
    human_ai = sorted(Detector(model=m).score(t).scores["ai_padding"] for t in humans)
    assert r.scores["ai_padding"] > human_ai[int(0.75 * len(human_ai))]


def test_shipped_scores_are_probabilities():
    m = M.load_default_model()
    assert m is not None
    det = Detector(model=m)
    s = np.array([[r.score, r.scores["ai_padding"]] for r in map(det.score, _fixture_texts()[:24])])
    assert ((s >= 0) & (s <= 1)).all() and s[:, 0].std() > 0


# -- composed training pages --------------------------------------------------

def _compose_sample(seed: int) -> list[dict]:
    from itertools import islice

    from training import devdata
    from training.compose import compose

    return compose(list(islice(devdata.iter_all(), 3000)), 20, 20, seed=seed)


SHARED_TEXT = REPO.parent / "shared" / "data" / "text"


@pytest.mark.skipif(not SHARED_TEXT.exists(), reason="../shared/data not present")
def test_compose_is_seeded_and_marks_spam_pages():
    a, b, c = _compose_sample(1), _compose_sample(1), _compose_sample(2)
    assert [p["text"] for p in a] == [p["text"] for p in b]
    assert [p["text"] for p in a] != [p["text"] for p in c]
    spam = [p for p in a if p["label"] == "spam"]
    clean = [p for p in a if p["label"] == "clean"]
    assert len(spam) == len(clean) == 20
    # Every spam page carries at least two page-level signs; legitimate pages never carry lorem ipsum.
    lorem = ("dolor", "voluptas", "consequatur", "quia", "rerum", "ipsum")
    assert all(not any(f" {w} " in p["text"].lower() for w in lorem) for p in clean)
    assert all(p["group"] == p["domain"] for p in a)
