"""Annotate and filter a JSON lines corpus with spamcheck in a datatrove pipeline.

    python examples/datatrove_pipeline.py corpus/ out/ --tasks 2
    python examples/datatrove_pipeline.py corpus/ out/ --threshold 0.6 --html

Reads every ``*.jsonl[.gz|.zst]`` under INPUT (``text`` and ``id`` keys, the rest
becomes metadata), annotates each document with spamcheck's verdict, drops those
judged spam (``--threshold``: drop at score >= T; default: the detector's ``spam``
label) and writes:

- ``OUT/kept/``: the documents kept, with ``spamcheck_*`` metadata;
- ``OUT/dropped/``: the documents dropped, with the same metadata plus
  ``filter_reason`` (``spamcheck_<strongest family>``);
- ``OUT/logs/``: datatrove's logs and ``stats.json`` (counts per label and reason).

For Slurm, swap ``LocalPipelineExecutor`` for ``datatrove.executor.SlurmPipelineExecutor``
with the same pipeline list (see docs/datatrove.md).
"""

from __future__ import annotations

import argparse
import sys


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("input", help="folder of JSON lines files (any fsspec path)")
    p.add_argument("output", help="output folder: kept/, dropped/ and logs/ are written under it")
    p.add_argument("--tasks", type=int, default=2, help="shards of the input (one per file at most)")
    p.add_argument("--workers", type=int, default=-1, help="processes at once (default: = tasks)")
    p.add_argument("--threshold", type=float, default=None, help="drop at score >= this (0..1)")
    p.add_argument("--html", action="store_true", help="the text key holds raw HTML")
    p.add_argument("--text-key", default="text")
    p.add_argument("--id-key", default="id")
    args = p.parse_args(argv)
    if args.threshold is not None and not 0.0 <= args.threshold <= 1.0:
        print("datatrove_pipeline: --threshold must be in 0..1", file=sys.stderr)
        return 2

    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.readers import JsonlReader
    from datatrove.pipeline.writers import JsonlWriter

    from spamcheck.integrations.datatrove import SpamcheckAnnotator, SpamcheckFilter

    out = args.output.rstrip("/")
    html = True if args.html else None
    executor = LocalPipelineExecutor(
        pipeline=[
            JsonlReader(args.input, text_key=args.text_key, id_key=args.id_key),
            SpamcheckAnnotator(html=html),
            SpamcheckFilter(
                threshold=args.threshold, exclusion_writer=JsonlWriter(f"{out}/dropped"), html=html
            ),
            JsonlWriter(f"{out}/kept"),
        ],
        tasks=args.tasks,
        workers=args.workers,
        logging_dir=f"{out}/logs",
        # Rerunning into the same folder recomputes everything (no stale shards).
        skip_completed=False,
    )
    executor.run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
