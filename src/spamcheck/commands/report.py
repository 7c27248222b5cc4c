"""``spamcheck report DIR --out report.html``: one self-contained HTML page about a batch run.

Exit status: 0 written; 2 DIR is not a ``spamcheck batch`` output or the page
cannot be written.
"""

from __future__ import annotations

import argparse
import sys


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "report",
        help="write an HTML report (histogram, flags, worst documents) for a batch run",
        description="Write ONE self-contained HTML file (no network, no external assets) "
        "about the output directory of `spamcheck batch`.",
    )
    p.add_argument("dir", metavar="DIR", help="output directory of spamcheck batch")
    p.add_argument("--out", required=True, metavar="FILE", help="HTML file to write")
    p.add_argument("--worst", type=int, default=20, help="documents shown with their evidence (default 20)")
    p.add_argument("--rows", type=int, default=2000, help="documents in the sortable table (default 2000)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..report import ReportError, build_report

    if args.worst < 0 or args.rows < 0:
        print("spamcheck report: --worst and --rows must be >= 0", file=sys.stderr)
        return 2
    try:
        html = build_report(args.dir, worst=args.worst, rows=args.rows)
    except ReportError as exc:
        print(f"spamcheck report: {args.dir}: {exc}", file=sys.stderr)
        return 2
    try:
        with open(args.out, "w", encoding="utf-8") as fh:
            fh.write(html)
    except OSError as exc:
        print(f"spamcheck report: cannot write {args.out}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    print(f"spamcheck report: wrote {args.out} ({len(html):,} bytes)", file=sys.stderr)
    return 0
