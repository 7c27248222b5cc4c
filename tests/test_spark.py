"""spamcheck inside a real local Spark (local[2]): same verdicts as one machine.

Skips only when pyspark/pyarrow/pandas are not installed (CI installs the ``spark``
extra and Java, so there it runs).
"""

from __future__ import annotations

import gzip
import json
import math
import sys

import pytest

pytest.importorskip("pyspark")
pytest.importorskip("pyarrow")
pytest.importorskip("pandas")

from tests.engine_helpers import N_DOCS, assert_same_as_batch, run_example
from training import devdata

import spamcheck
from spamcheck.integrations.spark import detector_loads, score_dataframe

needs_shared = pytest.mark.skipif(not devdata.text_dir().exists(), reason="../shared/data not present")
pytestmark = [
    pytest.mark.spark,
    pytest.mark.slow,
    needs_shared,
    # pyspark 4 warns that pandas 3 is not fully supported; everything used here is tested.
    pytest.mark.filterwarnings("ignore:PySpark does not yet fully support pandas:FutureWarning"),
]


@pytest.fixture(scope="module")
def spark():
    import os

    from pyspark.sql import SparkSession

    # Workers must run this interpreter (the one with spamcheck and pandas): the
    # environment variable is what the Python worker factory reads.
    saved = os.environ.get("PYSPARK_PYTHON")
    os.environ["PYSPARK_PYTHON"] = sys.executable
    session = (
        SparkSession.builder.master("local[2]")
        .appName("spamcheck-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.memory", "1g")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.driver.host", "127.0.0.1")
        # Small Arrow batches: each task sends several, so a per-batch detector
        # load would show up in test_detector_built_once_per_worker_process.
        .config("spark.sql.execution.arrow.maxRecordsPerBatch", "100")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()
    if saved is None:
        os.environ.pop("PYSPARK_PYTHON", None)
    else:
        os.environ["PYSPARK_PYTHON"] = saved


@pytest.fixture(scope="module")
def scored_rows(spark, engine_records) -> dict[str, object]:
    df = spark.createDataFrame(
        [(r["id"], r["text"]) for r in engine_records], "id string, text string"
    ).repartition(4)
    out = score_dataframe(df, text_col="text", id_col="id")
    return {row["id"]: row for row in out.collect()}


def flag_tuples(flags) -> list[tuple]:
    return [
        (f["family"], f["type"], f["start"], f["end"], f["text"], f["reason"], f["strength"]) for f in flags
    ]


def assert_same(row_score, row_label, row_scores, row_flags, res: spamcheck.Result) -> None:
    assert math.isclose(row_score, res.score, rel_tol=0, abs_tol=1e-9)
    assert row_label == res.label
    for fam in spamcheck.FAMILIES:
        assert math.isclose(row_scores[fam], res.scores[fam], rel_tol=0, abs_tol=1e-9), fam
    got = flag_tuples(row_flags)
    want = [(f.family, f.type, f.start, f.end, f.text, f.reason, f.strength) for f in res.flags]
    assert [g[:6] for g in got] == [w[:6] for w in want]
    assert all(math.isclose(g[6], w[6], abs_tol=1e-9) for g, w in zip(got, want, strict=True))


def test_sample_mixes_human_and_machine(engine_records):
    labels = [r["label"] for r in engine_records]
    assert len(engine_records) == N_DOCS and labels.count("human") == N_DOCS // 2
    assert len({r["id"] for r in engine_records}) == N_DOCS


def test_spark_equals_single_machine(scored_rows, engine_expected):
    assert set(scored_rows) == set(engine_expected)
    # The comparison is only worth something if the sample raises flags at all.
    assert sum(len(r.flags) for r in engine_expected.values()) > 0
    for doc_id, res in engine_expected.items():
        row = scored_rows[doc_id]
        assert row["spamcheck_error"] is None
        assert_same(
            row["spamcheck_score"],
            row["spamcheck_label"],
            row["spamcheck_scores"].asDict(),
            [f.asDict() for f in row["spamcheck_flags"]],
            res,
        )


def test_output_schema_and_input_columns_kept(spark, engine_records):
    df = spark.createDataFrame(
        [(r["id"], r["text"], r["label"]) for r in engine_records[:5]], "id string, text string, gold string"
    )
    out = score_dataframe(df)
    assert out.columns == [
        "id",
        "text",
        "gold",
        "spamcheck_score",
        "spamcheck_label",
        "spamcheck_scores",
        "spamcheck_flags",
        "spamcheck_error",
    ]
    types = dict(out.dtypes)
    assert types["spamcheck_score"] == "double" and types["spamcheck_label"] == "string"
    assert types["spamcheck_scores"] == "struct<" + ",".join(f"{f}:double" for f in spamcheck.FAMILIES) + ">"
    assert types["spamcheck_flags"] == (
        "array<struct<family:string,type:string,start:int,end:int,text:string,reason:string,strength:double>>"
    )
    rows = out.collect()
    assert [r["gold"] for r in rows] == [r["label"] for r in engine_records[:5]]
    again = score_dataframe(out, flags_as="json")  # rescoring replaces, never duplicates
    assert again.columns == out.columns and dict(again.dtypes)["spamcheck_flags"] == "string"
    assert [r["spamcheck_score"] for r in again.collect()] == [r["spamcheck_score"] for r in rows]


def test_udf_runs_once_per_row_in_the_plan(spark, engine_records):
    df = spark.createDataFrame([(r["id"], r["text"]) for r in engine_records[:5]], "id string, text string")
    plan = score_dataframe(df)._jdf.queryExecution().executedPlan().toString()
    # One Python evaluation feeding all five columns, not one per output column.
    assert plan.count("ArrowEvalPython") == 1, plan


def test_json_flags_equal_struct_flags(spark, engine_records, engine_expected):
    subset = engine_records[:300]
    df = spark.createDataFrame([(r["id"], r["text"]) for r in subset], "id string, text string")
    rows = score_dataframe(df, id_col="id", flags_as="json").collect()
    assert dict(score_dataframe(df, flags_as="json").dtypes)["spamcheck_flags"] == "string"
    n_flags = 0
    for row in rows:
        flags = json.loads(row["spamcheck_flags"])
        n_flags += len(flags)
        assert_same(
            row["spamcheck_score"],
            row["spamcheck_label"],
            row["spamcheck_scores"].asDict(),
            flags,
            engine_expected[row["id"]],
        )
    assert n_flags == sum(len(engine_expected[r["id"]].flags) for r in subset)


def test_detector_built_once_per_worker_process(spark, engine_records):
    # Score 600 documents in 6 tasks of 100-record Arrow batches, then probe the
    # workers right away: Spark reuses its Python workers between tasks and jobs, so
    # the probe lands in the processes that just scored and reads their load count.
    df = spark.createDataFrame([(r["id"], r["text"]) for r in engine_records[:600]], "id string, text string")
    assert score_dataframe(df.repartition(6)).where("spamcheck_score >= 0").count() == 600

    def probe(batches):
        import pandas as pd

        for _ in batches:
            pid, loads = detector_loads()
            yield pd.DataFrame({"pid": [pid], "loads": [loads]})

    rows = spark.range(0, 64, numPartitions=8).mapInPandas(probe, "pid long, loads long").collect()
    per_pid = {r["pid"]: r["loads"] for r in rows}
    assert max(per_pid.values()) == 1, per_pid  # built at most once in every process
    assert len(per_pid) <= 4, per_pid  # a handful of reused workers, not one per task


def test_html_column_matches_single_machine(spark):
    pages = sorted((devdata.shared_dir() / "data" / "html" / "trafilatura-eval" / "eval").glob("*.html.gz"))[
        :12
    ]
    if not pages:
        pytest.skip("no HTML pages in ../shared/data")
    data = [(p.name, gzip.decompress(p.read_bytes()).decode("utf-8", "replace")) for p in pages]
    df = spark.createDataFrame(data, "name string, html string")
    rows = {r["name"]: r for r in score_dataframe(df, html_col="html", flags_as="json").collect()}
    det = spamcheck.default_detector()
    for name, html in data:
        res = det.score(html, html=True)
        row = rows[name]
        assert_same(
            row["spamcheck_score"],
            row["spamcheck_label"],
            row["spamcheck_scores"].asDict(),
            json.loads(row["spamcheck_flags"]),
            res,
        )


def test_bad_cells_do_not_fail_the_job(spark, engine_records):
    good = engine_records[0]["text"]
    df = spark.createDataFrame([("null", None), ("empty", ""), ("good", good)], "id string, text string")
    rows = {r["id"]: r for r in score_dataframe(df, id_col="id").collect()}
    assert rows["null"]["spamcheck_error"] and rows["null"]["spamcheck_label"] == "error"
    assert rows["empty"]["spamcheck_error"].startswith("no text")
    assert rows["empty"]["spamcheck_label"] == "error"
    assert rows["good"]["spamcheck_error"] is None
    bin_df = spark.createDataFrame(
        [("b", bytearray(b"\x00\x01\x02" * 200)), ("t", bytearray(good.encode()))], "id string, text binary"
    )
    brows = {r["id"]: r for r in score_dataframe(bin_df).collect()}
    assert brows["b"]["spamcheck_error"]  # binary garbage: reported, not raised
    assert math.isclose(brows["t"]["spamcheck_score"], spamcheck.score(good).score, abs_tol=1e-9)


def test_bad_arguments_are_reported(spark, engine_records):
    df = spark.createDataFrame(
        [(engine_records[0]["id"], engine_records[0]["text"])], "id string, text string"
    )
    with pytest.raises(ValueError, match="not in DataFrame"):
        score_dataframe(df, text_col="body")
    with pytest.raises(ValueError, match="flags_as"):
        score_dataframe(df, flags_as="xml")


def test_example_script_runs_on_local_spark(tmp_path, engine_records):
    inp = tmp_path / "docs.jsonl"
    inp.write_text(
        "".join(json.dumps({"id": r["id"], "text": r["text"]}) + "\n" for r in engine_records[:40])
    )
    out = tmp_path / "out"
    run_example("spark_score.py", inp, out, "--master", "local[2]", "--flags-as", "json", "--format", "json")
    rows = [json.loads(line) for f in sorted(out.glob("part-*")) for line in f.read_text().splitlines()]
    assert sorted(r["id"] for r in rows) == sorted(r["id"] for r in engine_records[:40])
    for row in rows:
        res = spamcheck.score(next(r["text"] for r in engine_records if r["id"] == row["id"]))
        assert math.isclose(row["spamcheck_score"], res.score, abs_tol=1e-9)
        assert row["spamcheck_label"] == res.label


def test_spark_equals_batch_command(scored_rows, engine_batch_lines):
    assert set(engine_batch_lines) == set(scored_rows)
    for doc_id, row in scored_rows.items():
        flags = [f.asDict() for f in row["spamcheck_flags"]]
        scores = row["spamcheck_scores"].asDict()
        assert_same_as_batch(
            row["spamcheck_score"], row["spamcheck_label"], scores, flags, engine_batch_lines[doc_id]
        )
