"""Spark overhead: documents/second through Spark local[2] vs the batch command on 2 jobs.

Run from the repository root (needs ``../shared/data``, the ``spark`` extra and Java)::

    .venv/bin/python benchmarks/bench_spark.py                 # 20,000 docs, 3 repeats
    .venv/bin/python benchmarks/bench_spark.py --docs 5000 --repeats 1   # quick look

Both sides score the same seeded sample of real documents from ``training.devdata``
(human and machine texts mixed), read from the same JSON lines shards and write all
results to disk:

* ``batch``: ``spamcheck batch SHARD... --out DIR --jobs 2`` as a subprocess
  (process start and detector load included). If the ``batch`` command does not
  exist, ``spamcheck.score_many(..., n_jobs=2)`` in a fresh subprocess instead
  (reading the shards, writing scores.jsonl) and the table says so.
* ``spark``: ``spark.read.json(SHARDS) -> score_dataframe -> select(id, spamcheck_*)
  -> write`` (the same content as scores.jsonl) on a warm
  ``local[2]`` session (session start-up is reported on its own line: it is paid
  once per application, not per job). Its Python workers are reused between
  repeats, as they would be between a real cluster's tasks, so the first repeat
  (worker start + detector load) is reported as well as the median.

* ``datatrove`` (unless ``--no-datatrove`` or datatrove is missing):
  ``LocalPipelineExecutor`` with ``JsonlReader -> SpamcheckAnnotator -> JsonlWriter``,
  one task per shard on 2 worker processes (process start and detector loads
  included; the writer writes the text too, as datatrove pipelines do).

The overhead ratio is batch docs/s divided by Spark docs/s (target: <= 1.5).
Results go to ``benchmarks/results/spark.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from training import devdata  # noqa: E402

RESULTS = REPO / "benchmarks" / "results" / "spark.json"

# The fallback when there is no batch command: the public API on 2 processes.
SCORE_MANY = """
import json, sys, glob, spamcheck
src, out = sys.argv[1], sys.argv[2]
items = []
for f in sorted(glob.glob(src + "/*.jsonl")):
    for line in open(f, encoding="utf-8"):
        d = json.loads(line)
        items.append((d["id"], d["text"]))
with open(out + "/scores.jsonl", "w", encoding="utf-8") as fh:
    for r in spamcheck.score_many(items, n_jobs=2):
        fh.write(r.to_json() + "\\n")
"""


def sample_docs(n: int, seed: int) -> list[dict]:
    """``n`` real documents, seeded, human and machine mixed in their natural share."""
    recs = list(devdata.iter_all())
    rng = random.Random(seed)
    picked = rng.sample(recs, n) if n <= len(recs) else [rng.choice(recs) for _ in range(n)]
    # Ids must be unique even when sampling with replacement.
    return [{"id": f"{i}:{r['id']}", "text": r["text"]} for i, r in enumerate(picked)]


def write_shards(folder: Path, docs: list[dict], shards: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for s in range(shards):
        with open(folder / f"part-{s:03d}.jsonl", "w", encoding="utf-8") as fh:
            for d in docs[s::shards]:
                fh.write(json.dumps(d, ensure_ascii=False) + "\n")


def batch_available() -> bool:
    proc = subprocess.run(
        [sys.executable, "-m", "spamcheck", "batch", "--help"], capture_output=True, text=True, timeout=120
    )
    return proc.returncode == 0


def time_batch(src: Path, out: Path, jobs: int, use_cli: bool) -> float:
    shutil.rmtree(out, ignore_errors=True)
    if use_cli:
        # The shard files, not the folder: a folder input means one document per .txt/.html file.
        shards = [str(p) for p in sorted(src.glob("*.jsonl"))]
        cmd = [
            sys.executable,
            "-m",
            "spamcheck",
            "batch",
            *shards,
            "--out",
            str(out),
            "--jobs",
            str(jobs),
            "--quiet",
        ]
    else:
        out.mkdir(parents=True)
        cmd = [sys.executable, "-c", SCORE_MANY, str(src), str(out)]
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=3600)
    took = time.perf_counter() - start
    if proc.returncode not in (0, 1):  # batch may exit 1 when it found spam
        raise SystemExit(f"batch failed ({proc.returncode}): {proc.stderr[-2000:]}")
    return took


def count_lines(folder: Path) -> int:
    with open(folder / "scores.jsonl", encoding="utf-8") as fh:
        return sum(1 for _ in fh)


def start_spark(cores: int):  # type: ignore[no-untyped-def]
    os.environ["PYSPARK_PYTHON"] = sys.executable
    from pyspark.sql import SparkSession

    return (
        SparkSession.builder.master(f"local[{cores}]")
        .appName("spamcheck-bench")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.memory", "2g")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.driver.host", "127.0.0.1")
        # Enough input partitions that both cores stay busy to the end.
        .config("spark.sql.files.minPartitionNum", str(cores * 4))
        .config("spark.sql.files.maxPartitionBytes", str(4 << 20))
        .getOrCreate()
    )


def time_spark(spark, src: Path, out: Path, fmt: str) -> float:  # type: ignore[no-untyped-def]
    from spamcheck.integrations.spark import score_dataframe

    shutil.rmtree(out, ignore_errors=True)
    start = time.perf_counter()
    df = spark.read.schema("id string, text string").json(str(src))
    scored = score_dataframe(df, "text", id_col="id")
    # Like scores.jsonl: the id and the verdict, not the input text again.
    scored = scored.select("id", *[c for c in scored.columns if c.startswith("spamcheck_")])
    scored.write.mode("overwrite").format(fmt).save(str(out))
    return time.perf_counter() - start


def datatrove_available() -> bool:
    try:
        import datatrove  # noqa: F401
        import orjson  # noqa: F401
    except ImportError:
        return False
    return True


def time_datatrove(src: Path, out: Path, workers: int, tasks: int) -> float:
    """JsonlReader -> SpamcheckAnnotator -> JsonlWriter on ``workers`` processes."""
    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.readers import JsonlReader
    from datatrove.pipeline.writers import JsonlWriter

    from spamcheck.integrations.datatrove import SpamcheckAnnotator

    shutil.rmtree(out, ignore_errors=True)
    executor = LocalPipelineExecutor(
        pipeline=[
            JsonlReader(str(src)),
            SpamcheckAnnotator(),
            JsonlWriter(str(out / "docs"), compression=None),
        ],
        tasks=tasks,
        workers=workers,
        logging_dir=str(out / "logs"),
        skip_completed=False,
    )
    start = time.perf_counter()
    executor.run()
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, default=20_000)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--cores", type=int, default=2, help="Spark local[N] and batch --jobs N")
    ap.add_argument("--shards", type=int, default=8, help="input JSON lines files")
    ap.add_argument("--spark-format", choices=["json", "parquet"], default="json")
    ap.add_argument("--no-datatrove", action="store_true", help="skip the datatrove side")
    ap.add_argument("--out", type=Path, default=RESULTS)
    args = ap.parse_args(argv)
    with_dt = not args.no_datatrove and datatrove_available()

    docs = sample_docs(args.docs, args.seed)
    sizes = [len(d["text"]) for d in docs]
    use_cli = batch_available()
    batch_name = f"spamcheck batch --jobs {args.cores}" if use_cli else "score_many(n_jobs=2) [no batch cmd]"
    print(
        f"{len(docs)} documents (seed {args.seed}), mean {statistics.mean(sizes) / 1000:.2f} KB; "
        f"{os.cpu_count()} CPUs; baseline: {batch_name}"
    )

    tmp = Path(tempfile.mkdtemp(prefix="bench_spark_"))
    try:
        src = tmp / "in"
        write_shards(src, docs, args.shards)
        t0 = time.perf_counter()
        spark = start_spark(args.cores)
        spark.sparkContext.setLogLevel("ERROR")
        startup = time.perf_counter() - t0
        print(f"spark session start-up: {startup:.1f} s (once per application)")

        runs: dict[str, list[float]] = {"batch": [], "spark": []}
        if with_dt:
            runs["datatrove"] = []
        try:
            for rep in range(args.repeats):
                # Alternate the order so neither side always runs on a cooler machine.
                order = list(runs) if rep % 2 == 0 else list(reversed(runs))
                for name in order:
                    if name == "batch":
                        took = time_batch(src, tmp / "batch_out", args.cores, use_cli)
                    elif name == "spark":
                        took = time_spark(spark, src, tmp / "spark_out", args.spark_format)
                    else:
                        took = time_datatrove(src, tmp / "dt_out", args.cores, args.shards)
                    runs[name].append(len(docs) / took)
                print(f"  repeat {rep + 1}: " + " ".join(f"{k}={v[-1]:.1f}/s" for k, v in runs.items()))
            spark_rows = spark.read.format(args.spark_format).load(str(tmp / "spark_out")).count()
        finally:
            spark.stop()
        batch_rows = count_lines(tmp / "batch_out")
        if spark_rows != len(docs) or batch_rows < len(docs):
            raise SystemExit(f"row counts differ: spark {spark_rows}, batch {batch_rows}, docs {len(docs)}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    med = {k: statistics.median(v) for k, v in runs.items()}
    ratio = med["batch"] / med["spark"]
    print()
    print(f"{'system':44} {'docs/s (median)':>16} {'ms/doc/core':>12} {'first run':>10}")
    labels = {
        "batch": batch_name,
        "spark": f"spark local[{args.cores}] (warm session)",
        "datatrove": f"datatrove local, {args.cores} workers",
    }
    for k in runs:
        print(f"{labels[k]:44} {med[k]:16.1f} {1000 * args.cores / med[k]:12.3f} {runs[k][0]:9.1f}/s")
    cold = len(docs) / (len(docs) / med["spark"] + startup)
    if with_dt:
        print(f"overhead ratio batch/datatrove: {med['batch'] / med['datatrove']:.2f}x")
    print(
        f"\noverhead ratio batch/spark: {ratio:.2f}x (target <= 1.5x); "
        f"spark with start-up in a single run: {cold:.1f} docs/s"
    )

    out = {
        "command": " ".join([Path(sys.executable).name, *sys.argv]),
        "docs": len(docs),
        "seed": args.seed,
        "mean_chars": statistics.mean(sizes),
        "cores": args.cores,
        "repeats": args.repeats,
        "baseline": batch_name,
        "docs_per_s": {k: v for k, v in runs.items()},
        "median_docs_per_s": med,
        "ms_per_doc_per_core": {k: 1000 * args.cores / v for k, v in med.items()},
        "spark_startup_s": startup,
        "overhead_ratio": ratio,
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(out, indent=2) + "\n")
    print(f"wrote {args.out.relative_to(REPO) if args.out.is_relative_to(REPO) else args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
