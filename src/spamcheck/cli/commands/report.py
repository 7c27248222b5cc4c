"""``spamcheck report DIR --out report.html``: one self-contained HTML page about a batch run.

Exit status: 0 written; 2 DIR is not a ``spamcheck batch`` output or the page
cannot be written.
"""

from __future__ import annotations

import argparse

from ._common import command_parser, count, tell, write_output


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Register ``spamcheck report`` (called by :func:`spamcheck.cli.build_parser`)."""
    p = command_parser(
        sub,
        "report",
        run,
        help="write an HTML report (histogram, flags, worst documents) for a batch run",
        description="Write ONE self-contained HTML file (no network, no external assets) "
        "about the output directory of `spamcheck batch`.",
    )
    p.add_argument("dir", metavar="DIR", help="output directory of spamcheck batch")
    p.add_argument("--out", required=True, metavar="FILE", help="HTML file to write")
    p.add_argument(
        "--worst", type=count(0), default=20, help="documents shown with their evidence (default 20)"
    )
    p.add_argument(
        "--rows", type=count(0), default=2000, help="documents in the sortable table (default 2000)"
    )


def run(args: argparse.Namespace) -> int:
    from ...report import ReportError, build_report

    try:
        html = build_report(args.dir, worst=args.worst, rows=args.rows)
    except ReportError as exc:
        return tell("report", f"{args.dir}: {exc}")
    if write_output("report", args.out, html):
        return 2
    return tell("report", f"wrote {args.out} ({len(html):,} bytes)", 0)
