"""spamcheck inside a real datatrove pipeline: same verdicts as one machine.

A ``LocalPipelineExecutor`` (2 tasks on 2 worker processes) reads JSON lines with
``JsonlReader``, annotates, filters with an exclusion writer, and writes with
``JsonlWriter``. Skips only when datatrove is not installed.
"""

from __future__ import annotations

import json
import math
import statistics
from pathlib import Path

import pytest

pytest.importorskip("datatrove")

from datatrove.data import Document
from datatrove.executor import LocalPipelineExecutor
from datatrove.pipeline.readers import JsonlReader
from datatrove.pipeline.writers import JsonlWriter
from tests.engine_helpers import assert_same_as_batch, run_example
from training import devdata

import spamcheck
from spamcheck.integrations.datatrove import SpamcheckAnnotator, SpamcheckFilter, drop_reason

needs_shared = pytest.mark.skipif(not devdata.text_dir().exists(), reason="../shared/data not present")
pytestmark = [pytest.mark.datatrove, needs_shared]


def write_jsonl_shards(folder: Path, records: list[dict], shards: int) -> None:
    folder.mkdir(parents=True)
    for s in range(shards):
        with open(folder / f"part-{s}.jsonl", "w", encoding="utf-8") as fh:
            for r in records[s::shards]:
                fh.write(json.dumps({"id": r["id"], "text": r["text"], "gold": r["label"]}) + "\n")


def read_jsonl_folder(folder: Path) -> list[dict]:
    return [json.loads(line) for f in sorted(folder.glob("*.jsonl")) for line in f.read_text().splitlines()]


def assert_same(meta: dict, res: spamcheck.Result) -> None:
    assert math.isclose(meta["spamcheck_score"], res.score, rel_tol=0, abs_tol=1e-9)
    assert meta["spamcheck_label"] == res.label
    assert set(meta["spamcheck_scores"]) == set(spamcheck.FAMILIES)
    for fam in spamcheck.FAMILIES:
        assert math.isclose(meta["spamcheck_scores"][fam], res.scores[fam], rel_tol=0, abs_tol=1e-9), fam
    got = meta["spamcheck_flags"]
    want = [f.to_dict() for f in res.flags]
    assert [{k: v for k, v in g.items() if k != "strength"} for g in got] == [
        {k: v for k, v in w.items() if k != "strength"} for w in want
    ]
    pairs = zip(got, want, strict=True)
    assert all(math.isclose(g["strength"], w["strength"], abs_tol=1e-9) for g, w in pairs)


@pytest.fixture(scope="module")
def threshold(engine_expected) -> float:
    # Drop the top-scoring half of the documents that score above zero: both outputs
    # get documents, whatever the detectors' current calibration.
    positive = sorted({r.score for r in engine_expected.values() if r.score > 0})
    assert len(positive) >= 2, "the sample should give at least two distinct positive scores"
    return statistics.median(positive)


@pytest.fixture(scope="module")
def pipeline_run(tmp_path_factory, engine_records, threshold) -> dict[str, list[dict]]:
    root = tmp_path_factory.mktemp("datatrove")
    write_jsonl_shards(root / "in", engine_records, shards=2)
    executor = LocalPipelineExecutor(
        pipeline=[
            JsonlReader(str(root / "in")),
            SpamcheckAnnotator(),
            SpamcheckFilter(
                threshold=threshold,
                exclusion_writer=JsonlWriter(str(root / "dropped"), compression=None),
            ),
            JsonlWriter(str(root / "kept"), compression=None),
        ],
        tasks=2,
        workers=2,
        logging_dir=str(root / "logs"),
    )
    executor.run()
    return {
        "kept": read_jsonl_folder(root / "kept"),
        "dropped": read_jsonl_folder(root / "dropped"),
        "stats": json.loads((root / "logs" / "stats.json").read_text()),
    }


def test_every_document_comes_out_once(pipeline_run, engine_records):
    ids = [d["id"] for d in pipeline_run["kept"] + pipeline_run["dropped"]]
    assert sorted(ids) == sorted(r["id"] for r in engine_records)
    assert pipeline_run["kept"] and pipeline_run["dropped"]


def test_pipeline_equals_single_machine(pipeline_run, engine_expected):
    assert sum(len(r.flags) for r in engine_expected.values()) > 0
    for doc in pipeline_run["kept"] + pipeline_run["dropped"]:
        assert "spamcheck_error" not in doc["metadata"]
        assert_same(doc["metadata"], engine_expected[doc["id"]])
        assert doc["metadata"]["gold"] in ("human", "machine")  # input metadata kept


def test_filter_splits_on_threshold_with_reasons(pipeline_run, engine_expected, threshold):
    for doc in pipeline_run["kept"]:
        assert engine_expected[doc["id"]].score < threshold
        assert "filter_reason" not in doc["metadata"]
    for doc in pipeline_run["dropped"]:
        res = engine_expected[doc["id"]]
        assert res.score >= threshold
        assert doc["metadata"]["filter_reason"] == drop_reason(res.scores)
        assert doc["metadata"]["filter_reason"].startswith("spamcheck_")


def test_pipeline_stats_count_documents(pipeline_run, engine_records):
    stats = {s["name"]: s["stats"] for s in pipeline_run["stats"]}
    annot = next(v for k, v in stats.items() if "ANNOTATOR" in k)
    filt = next(v for k, v in stats.items() if "FILTER" in k)

    def count(block: dict, key: str) -> int:
        v = block.get(key, 0)  # plain counters are saved as ints, valued ones as dicts
        return v["total"] if isinstance(v, dict) else v

    assert count(annot, "total") == len(engine_records)
    assert sum(count(annot, f"label_{lab}") for lab in ("clean", "suspect", "spam")) == len(engine_records)
    assert count(filt, "dropped") == len(pipeline_run["dropped"])
    assert count(filt, "forwarded") == len(pipeline_run["kept"])
    reasons = {k: count(filt, k) for k in filt if k.startswith("dropped_")}
    assert sum(reasons.values()) == len(pipeline_run["dropped"])
    assert all(k.startswith("dropped_spamcheck_") for k in reasons)


def test_filter_alone_scores_and_uses_detector_label(engine_records, engine_expected):
    # Without an annotator upstream the filter scores the document itself;
    # threshold=None follows the detector's own label.
    f = SpamcheckFilter()
    for r in engine_records[:200]:
        doc = Document(text=r["text"], id=r["id"])
        kept = f.filter(doc)
        assert (kept is True) == (engine_expected[r["id"]].label != "spam")
        assert_same(doc.metadata, engine_expected[r["id"]])


def test_filter_reuses_upstream_annotation(engine_records):
    # A precomputed verdict is trusted, not recomputed: a forged score decides.
    doc = Document(
        text=engine_records[0]["text"],
        id="x",
        metadata={"spamcheck_score": 0.99, "spamcheck_label": "spam", "spamcheck_scores": {"spun": 0.9}},
    )
    assert SpamcheckFilter(threshold=0.5).filter(doc) == (False, "spamcheck_spun")


def test_bad_documents_do_not_raise():
    step = SpamcheckAnnotator()
    docs = [Document(text="", id="empty"), Document(text="\x00\x01\x02" * 300, id="binary")]
    out = {d.id: d.metadata for d in step.run(iter(docs))}
    # Nothing to judge is an explicit error, never "clean" (a label filter must not keep it unseen).
    assert out["empty"]["spamcheck_label"] == "error"
    assert out["empty"]["spamcheck_error"].startswith("no text")
    assert out["binary"]["spamcheck_error"]
    with pytest.raises(ValueError):
        SpamcheckFilter(threshold=2.0)


def test_example_pipeline_runs(tmp_path, engine_records):
    write_jsonl_shards(tmp_path / "in", engine_records[:60], shards=2)
    run_example(
        "datatrove_pipeline.py", tmp_path / "in", tmp_path / "out", "--tasks", "2", "--threshold", "0.0"
    )
    dropped = [
        json.loads(line)
        for f in (tmp_path / "out" / "dropped").glob("*.jsonl*")
        for line in _open_text(f).splitlines()
    ]
    assert len(dropped) == 60  # threshold 0 drops everything, each with its evidence
    assert all("spamcheck_flags" in d["metadata"] for d in dropped)


def _open_text(path: Path) -> str:
    import gzip

    return gzip.decompress(path.read_bytes()).decode() if path.suffix == ".gz" else path.read_text()


def test_pipeline_equals_batch_command(pipeline_run, engine_batch_lines):
    docs = pipeline_run["kept"] + pipeline_run["dropped"]
    assert {d["id"] for d in docs} == set(engine_batch_lines)
    for d in docs:
        m = d["metadata"]
        line = engine_batch_lines[d["id"]]
        assert_same_as_batch(
            m["spamcheck_score"], m["spamcheck_label"], m["spamcheck_scores"], m["spamcheck_flags"], line
        )
