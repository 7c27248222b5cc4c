"""``spamcheck batch``: score a corpus into a directory of attribute files.

Exit status: 0 every record scored; 1 some records are in ``errors.jsonl``;
2 usage error (bad arguments, unsupported input, output directory in use or
holding another run); 130 interrupted (rerun with ``--resume``).
"""

from __future__ import annotations

import argparse
import os

from ._common import command_parser, count, tell


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Register ``spamcheck batch`` (called by :func:`spamcheck.cli.build_parser`)."""
    p = command_parser(
        sub,
        "batch",
        run,
        help="score a corpus (JSONL/Parquet/WARC/folders) into DIR/scores.jsonl",
        description="Score every record of the inputs, in input order, into DIR/scores.jsonl "
        "(records that cannot be scored go to DIR/errors.jsonl), with DIR/summary.json.",
    )
    p.add_argument(
        "inputs",
        nargs="+",
        metavar="INPUT",
        help="JSONL (.gz/.zst), Parquet, WARC (.warc/.warc.gz), .txt/.html files or folders of them",
    )
    p.add_argument("--out", required=True, metavar="DIR", help="output directory")
    p.add_argument("--jobs", type=count(0), default=1, help="worker processes (0: one per CPU; default 1)")
    p.add_argument("--id-field", default="id", help="record field holding the document id (default: id)")
    p.add_argument("--text-field", default="text", help="record field holding the text (default: text)")
    p.add_argument(
        "--html-field",
        default=None,
        help="record field holding HTML; scored as HTML when present, else the text field is used",
    )
    p.add_argument(
        "--split",
        action="store_true",
        help="also write full records to DIR/kept.jsonl and DIR/dropped.jsonl (with drop reasons)",
    )
    p.add_argument(
        "--drop",
        choices=["spam", "suspect"],
        default="spam",
        help="with --split: drop records labelled spam (default) or suspect-or-worse",
    )
    p.add_argument("--compress", action="store_true", help="with --split: gzip kept/dropped files")
    p.add_argument("--resume", action="store_true", help="continue an interrupted run in DIR")
    p.add_argument("--overwrite", action="store_true", help="discard a previous run in DIR and start again")
    p.add_argument("--chunk-size", type=count(1), default=256, help="records per work unit (default 256)")
    p.add_argument(
        "--log-every",
        type=float,
        default=30.0,
        help="seconds between progress lines when stderr is not a terminal (default 30)",
    )
    p.add_argument("--quiet", action="store_true", help="no progress or closing summary on stderr")


def run(args: argparse.Namespace) -> int:
    from ...corpus import Options, RunConfig, RunError, UsageError, run_batch

    if (args.compress or args.drop != "spam") and not args.split:
        return tell("batch", "--compress and --drop need --split")
    drop = frozenset({"spam"} if args.drop == "spam" else {"spam", "suspect"})
    cfg = RunConfig(
        inputs=args.inputs,
        out_dir=args.out,
        jobs=args.jobs or (os.cpu_count() or 1),
        options=Options(
            id_field=args.id_field,
            text_field=args.text_field,
            html_field=args.html_field,
            split=args.split,
            drop_labels=drop,
        ),
        resume=args.resume,
        overwrite=args.overwrite,
        compress=args.compress,
        chunk_size=args.chunk_size,
        log_every=args.log_every,
        quiet=args.quiet,
    )
    try:
        summary = run_batch(cfg)
    except (UsageError, RunError) as exc:
        return tell("batch", str(exc))
    except KeyboardInterrupt:
        return tell("batch", f"interrupted; run the same command with --resume to finish {args.out}", 130)
    if args.quiet:
        return 1 if summary["errors"] else 0
    labels = ", ".join(f"{k} {v}" for k, v in summary["labels"].items())
    tp = summary["throughput"]["records_per_s"]
    return tell(
        "batch",
        f"{summary['records_in']} records: {summary['scored']} scored ({labels}), "
        f"{summary['errors']} errors, {summary['skipped']} skipped; {tp} records/s; see {args.out}",
        1 if summary["errors"] else 0,
    )
