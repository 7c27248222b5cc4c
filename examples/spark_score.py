"""Score a corpus with spamcheck on Spark: local[2] here, a cluster by changing --master.

    # local, 2 cores (JSON lines in, Parquet out):
    python examples/spark_score.py docs.jsonl out/ --master "local[2]"

    # a standalone cluster: the same script, only the master URL changes
    # (every executor needs spamcheck: installed there, or shipped with spark.archives
    # from `python -m spamcheck.integrations.spark_archive`; see docs/spark.md)
    python examples/spark_score.py hdfs:///crawl/docs.jsonl hdfs:///crawl/scored \\
        --master spark://head-node:7077

    # or through spark-submit, which then decides the master:
    spark-submit --master yarn examples/spark_score.py docs.jsonl out/ --master ""

INPUT is JSON lines or Parquet (by extension, or --input-format) with a text column
(``text``; or --html-col for raw HTML) and optionally an id column. OUTPUT gets every
input column plus spamcheck_score, spamcheck_label, spamcheck_scores,
spamcheck_flags and spamcheck_error. A summary (documents per label) is printed.
"""

from __future__ import annotations

import argparse
import os
import sys
import time


def build_session(master: str, app: str = "spamcheck"):  # type: ignore[no-untyped-def]
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName(app)
    if master:
        builder = builder.master(master)
    if master.startswith("local"):
        # Local mode: the Python workers must be this interpreter (the one with
        # spamcheck), not whatever "python3" is first on PATH.
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        builder = builder.config("spark.ui.enabled", "false").config("spark.driver.memory", "2g")
    return builder.getOrCreate()


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument(
        "input", help="JSON lines or Parquet file/folder (any Spark path: file://, hdfs://, s3a://)"
    )
    p.add_argument("output", help="output folder (overwritten)")
    p.add_argument("--master", default="local[2]", help='Spark master URL; "" leaves it to spark-submit')
    p.add_argument("--text-col", default="text")
    p.add_argument("--html-col", default=None, help="score this column as HTML instead of --text-col")
    p.add_argument("--id-col", default=None)
    p.add_argument("--flags-as", choices=["struct", "json"], default="struct")
    p.add_argument("--input-format", choices=["auto", "json", "parquet"], default="auto")
    p.add_argument("--format", choices=["parquet", "json"], default="parquet", help="output format")
    p.add_argument("--partitions", type=int, default=0, help="repartition the input first (0: keep)")
    args = p.parse_args(argv)

    from spamcheck.integrations.spark import score_dataframe

    spark = build_session(args.master)
    spark.sparkContext.setLogLevel("ERROR")
    try:
        fmt = args.input_format
        if fmt == "auto":
            fmt = "parquet" if args.input.rstrip("/").endswith(".parquet") else "json"
        df = spark.read.parquet(args.input) if fmt == "parquet" else spark.read.json(args.input)
        if args.partitions:
            df = df.repartition(args.partitions)
        try:
            out = score_dataframe(df, args.text_col, args.html_col, args.id_col, flags_as=args.flags_as)
        except ValueError as exc:
            print(f"spark_score: {exc}", file=sys.stderr)
            return 2
        start = time.perf_counter()
        out.write.mode("overwrite").format(args.format).save(args.output)
        took = time.perf_counter() - start
        # Read the written result back for the summary rather than scoring twice.
        counts = spark.read.format(args.format).load(args.output).groupBy("spamcheck_label").count().collect()
        total = sum(r["count"] for r in counts)
        summary = ", ".join(
            f"{r['spamcheck_label']}: {r['count']}" for r in sorted(counts, key=lambda r: r[0])
        )
        print(f"scored {total} documents in {took:.1f} s ({total / max(took, 1e-9):.0f} docs/s); {summary}")
    finally:
        spark.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
