"""``spamcheck gate``: pass/fail documents for CI and pre-commit.

Exit status (ruff's convention): 0 pass, 1 gate failed, 2 usage, configuration
or input error (a path that does not exist, a file that cannot be read or scored).
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from ...ci.formats import FORMATTERS
from ...ci.gate import FORMATS, GateError, GateReport, flag_names, load_settings, run_gate
from ._common import command_parser, tell, write_output


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Register ``spamcheck gate`` (called by :func:`spamcheck.cli.build_parser`)."""
    p = command_parser(
        sub,
        "gate",
        run,
        help="fail (exit 1) when documents look like spam; for CI and pre-commit",
        description="Score files (and .txt/.md/.html under folders) and fail when a criterion is met. "
        "Settings also come from [tool.spamcheck] in the nearest pyproject.toml; the command line wins. "
        "With no criterion set, a document labelled spam fails.",
    )
    p.epilog = "valid --fail-on / fail-on names (family, type or family/type):\n" + "\n".join(
        f"  {fam}: {', '.join(types)}" for fam, types in flag_names().items()
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help="files or folders")
    p.add_argument("--max-score", type=float, default=None, help="fail a document whose score is above X")
    p.add_argument(
        "--fail-on",
        default=None,
        metavar="TYPES",
        help="comma-separated flag names that fail a document: a family (fragments), a type "
        "(prompt_leak) or family/type (fragments/prompt_leak); an unknown name is an error (exit 2)",
    )
    p.add_argument(
        "--max-spam-fraction",
        type=float,
        default=None,
        help="fail when more than this fraction of documents is labelled spam",
    )
    p.add_argument("--format", choices=FORMATS, default=None, help="output format (default text)")
    p.add_argument(
        "--output", "-o", default=None, metavar="FILE", help="write the report here, not to stdout"
    )
    p.add_argument("--config", default=None, metavar="FILE", help="read [tool.spamcheck] from this file")
    p.add_argument("--no-config", action="store_true", help="ignore pyproject.toml")


def run(args: argparse.Namespace) -> int:
    cli: dict[str, Any] = {
        "max_score": args.max_score,
        "fail_on": args.fail_on,
        "max_spam_fraction": args.max_spam_fraction,
        "format": args.format,
    }
    try:
        settings = load_settings(args.config, cli, use_config=not args.no_config)
        report = run_gate(args.paths, settings)
    except GateError as exc:
        return tell("gate", str(exc))
    text = FORMATTERS[settings.format](report)
    if args.output:
        if write_output("gate", args.output, text):
            return 2
    elif text:
        sys.stdout.write(text)
    print(_tally(report), file=sys.stderr)
    return report.exit_code()


def _tally(r: GateReport) -> str:
    n = len(r.docs)
    failed = sum(1 for d in r.docs if d.failed)
    verdict = "FAILED" if r.failed else "passed"
    if r.input_errors:
        verdict = "ERROR"
    return (
        f"spamcheck gate: {verdict}: {n} document(s), {failed} failed, {len(r.input_errors)} unreadable, "
        f"spam fraction {r.spam_fraction:.3f}"
    )
