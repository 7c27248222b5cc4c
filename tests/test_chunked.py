"""Chunked scoring (one model call per chunk) gives the one-document scores, to 1e-9."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from tests.conftest import needs_shared

import spamcheck
from spamcheck import chunked as scoring
from spamcheck.cli import main as cli_main
from spamcheck.detector import Detector

REPO = Path(__file__).resolve().parents[1]
FIXTURE = REPO / "fixtures" / "labeled_small.jsonl"

# Written for these tests: a page whose navigation and footer the extractor drops.
PAGE = (
    "<html><head><title>Allotment notes</title></head><body>"
    "<nav><a href='/'>Home</a> <a href='/veg'>Vegetables</a> <a href='/contact'>Contact</a></nav>"
    "<article><h1>Allotment notes</h1>"
    "<p>The broad beans went in late this year because the ground stayed wet until April, "
    "and the slugs found them before I did.</p>"
    "<p>Next season I will start them in pots on the windowsill and plant out once the "
    "soil has warmed, which my neighbour swears by.</p></article>"
    "<footer>Copyright 2024 Allotment notes. All rights reserved.</footer></body></html>"
)
GERMAN = (
    "Der Gemeinderat hat am Dienstag den Haushalt beschlossen, nachdem die Sitzung "
    "wegen einer langen Debatte über die Schwimmbadsanierung zweimal unterbrochen wurde."
)


def _fixture_items() -> list[tuple[str | None, object, bool | None]]:
    recs = [json.loads(x) for x in FIXTURE.read_text(encoding="utf-8").splitlines() if x.strip()]
    items: list[tuple[str | None, object, bool | None]] = [(r["id"], r["text"], None) for r in recs]
    seed = (REPO / "fixtures" / "seed" / "000_45702f146cbaefe0.txt").read_text(encoding="utf-8")
    items += [
        ("seed", seed, None),
        ("page", PAGE, None),
        ("page-bytes", PAGE.encode("utf-8"), True),
        ("german", GERMAN, None),
        ("empty", "", None),
        ("short", "Thanks, see you Friday.", None),
        ("binary", b"\x00\x01\x02\x03\x04\x05" * 20, None),
        ("not-text", None, None),
    ]
    return items


def _assert_same(single: spamcheck.Result, batched: spamcheck.Result) -> None:
    assert batched.id == single.id
    assert abs(batched.score - single.score) <= 1e-9
    assert batched.label == single.label
    assert batched.scores.keys() == single.scores.keys()
    for fam, s in single.scores.items():
        assert abs(batched.scores[fam] - s) <= 1e-9, fam
    assert batched.scorer == single.scorer
    assert batched.error == single.error
    assert batched.warnings == single.warnings
    assert batched.flags == single.flags


def _check(det: Detector, items: list[tuple[str | None, object, bool | None]]) -> None:
    batched = det.score_batch(items)  # type: ignore[arg-type]
    assert len(batched) == len(items)
    for (doc_id, data, html), b in zip(items, batched, strict=True):
        assert not isinstance(b, Exception), b
        _assert_same(det.score(data, doc_id=doc_id, html=html), b)  # type: ignore[arg-type]


def test_fixture_docs_batched_equal_single(detector, monkeypatch):
    # A small chunk size puts several chunk boundaries inside the fixture set.
    monkeypatch.setattr(scoring, "CHUNK_ROWS", 7)
    items = _fixture_items()
    _check(detector, items)
    # The model really ran on the English documents (not only the rule fallback).
    if detector.model is not None:
        res = detector.score_batch(items[:5])
        assert all(r.scorer.startswith("model ") for r in res)  # type: ignore[union-attr]


@needs_shared
def test_real_docs_batched_equal_single(detector):
    from training import devdata

    pool = [r["text"] for r in devdata.iter_all() if 2000 <= len(r["text"].encode("utf-8")) <= 8000]
    docs = random.Random(7).sample(pool, 300)
    _check(detector, [(str(i), t, None) for i, t in enumerate(docs)])


@pytest.mark.parametrize("features", ["hashed+stats", "hgb-stats"])
def test_other_feature_sets_batched_equal_single(tmp_path, features):
    # The batched path follows whatever feature set the model's parts name.
    out = tmp_path / features.replace("+", "_")
    args = ["train", str(FIXTURE), "--out", str(out), "--jobs", "1", "--folds", "3", "--features", features]
    assert cli_main(args) == 0
    det = Detector(model=str(out))
    assert det.model.ai_features == features
    _check(det, _fixture_items()[:40])


def test_one_failing_document_does_not_sink_the_chunk(detector, monkeypatch):
    fam = detector.families[0]
    real = fam.detect

    def detect(doc):  # a detector bug on one document
        if "KABOOM" in doc.text:
            raise RuntimeError("boom")
        return real(doc)

    monkeypatch.setattr(fam, "detect", detect)
    items = [("a", "The bus was late again, so I walked the last mile home.", None),
             ("b", "KABOOM the kettle is broken and the shop is shut until Monday morning.", None),
             ("c", "We planted three apple trees along the fence last autumn.", None)]
    out = detector.score_batch(items)
    assert isinstance(out[1], RuntimeError)
    for (doc_id, text, _), r in zip([items[0], items[2]], [out[0], out[2]], strict=True):
        _assert_same(detector.score(text, doc_id=doc_id), r)  # type: ignore[arg-type]


def test_analyse_batch_returns_the_text_flags_index(detector):
    (res, text), = scoring.analyse_batch(detector, [("p", PAGE, True)])
    assert text == spamcheck.extract(PAGE).text
    for f in res.flags:  # type: ignore[union-attr]
        assert text[f.start : f.end] == f.text


def test_score_many_two_jobs_equals_one_job():
    items = [(f"d{i}", it[1]) for i, it in enumerate(_fixture_items()[:73] * 2) if isinstance(it[1], str)]
    one = spamcheck.score_many(items, n_jobs=1)
    two = spamcheck.score_many(items, n_jobs=2)
    assert [r.id for r in two] == [i for i, _ in items]
    for a, b in zip(one, two, strict=True):
        _assert_same(a, b)
    # Below the pool's size threshold the in-process path runs (and agrees).
    few = spamcheck.score_many(items[:5], n_jobs=2)
    for a, b in zip(one[:5], few, strict=True):
        _assert_same(a, b)


def test_fw_ngrams_are_scikit_learns_word_ngrams():
    # FwHasher's fast analyzer must give the tokens of the configuration the models were trained with.
    from sklearn.feature_extraction.text import HashingVectorizer

    from spamcheck.model.features import FW_TOKEN, clean_text, fw_ngrams, mask_content_words

    ref = HashingVectorizer(
        analyzer="word", ngram_range=(1, 3), token_pattern=FW_TOKEN.pattern, lowercase=False,
        preprocessor=mask_content_words,
    ).build_analyzer()
    texts = [clean_text(str(d)) for _, d, _ in _fixture_items() if isinstance(d, str)]
    texts += ["", "one", "two words", "it's 3.5 - isn't it?"]
    for t in texts:
        assert sorted(fw_ngrams(t)) == sorted(ref(t))
