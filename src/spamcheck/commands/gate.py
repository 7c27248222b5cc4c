"""``spamcheck gate``: pass/fail documents for CI and pre-commit.

Exit status (ruff's convention): 0 pass, 1 gate failed, 2 usage, configuration
or input error (a path that does not exist, a file that cannot be read or scored).
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any
from xml.etree import ElementTree as ET

from ..gate import FORMATS, DocOutcome, GateError, GateReport, flag_names, load_settings, run_gate
from ._common import command_parser, tell, write_output

MAX_ANNOTATIONS = 50  # per document: GitHub shows only the first few anyway
TEXT_FLAGS = 20  # strongest flags listed per failing document in text output


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


def _ev(text: str, n: int = 80) -> str:
    t = " ".join(text.split())
    return t if len(t) <= n else t[: n - 1] + "…"


def _strongest(d: DocOutcome, n: int) -> list[Any]:
    """The ``n`` strongest flags of a document, strongest first (ties in file order).

    GitHub shows a limited number of annotations and a reader stops early: the
    decisive evidence comes first.
    """
    return sorted(d.flags, key=lambda x: (-x.flag.strength, x.line, x.col))[:n]


def format_text(r: GateReport) -> str:
    out: list[str] = []
    for d in r.docs:
        if d.error:
            out.append(f"{d.path}: ERROR {d.error}")
        elif d.failed:
            res = d.result
            assert res is not None
            out.append(f"{d.path}: FAIL {res.label} score={res.score:.3f}: {'; '.join(d.reasons)}")
            if res.why:
                out.append(f"  why {res.why}")
            shown = _strongest(d, TEXT_FLAGS)
            for x in shown:
                f = x.flag
                out.append(
                    f"  {d.path}:{x.line}:{x.col}: {f.family}/{f.type} ({f.strength:.2f}) "
                    f'{f.reason}: "{_ev(f.text)}"'
                )
            if len(d.flags) > len(shown):
                out.append(f"  ... and {len(d.flags) - len(shown)} weaker flag(s); --format json lists all")
    out.extend(f"FAIL: {why}" for why in r.reasons)
    return "\n".join(out) + ("\n" if out else "")


def _doc_json(d: DocOutcome) -> dict[str, Any]:
    res = d.result
    return {
        "path": d.path,
        "failed": d.failed,
        "reasons": d.reasons,
        "error": d.error,
        "score": round(res.score, 6) if res else None,
        "label": res.label if res else None,
        "why": res.why if res else None,
        "scores": res.scores if res else None,
        # Strongest first, like every other view of the evidence.
        "flags": [
            {**x.flag.to_dict(), "line": x.line, "col": x.col, "end_line": x.end_line, "end_col": x.end_col}
            for x in _strongest(d, len(d.flags))
        ],
    }


def format_json(r: GateReport) -> str:
    s = r.settings
    body = {
        "passed": not r.failed,
        "exit_code": r.exit_code(),
        "reasons": r.reasons,
        "spam_fraction": round(r.spam_fraction, 6),
        "settings": {
            "max_score": s.max_score,
            "fail_on": list(s.fail_on),
            "max_spam_fraction": s.max_spam_fraction,
            "config_file": s.config_file,
        },
        "documents": [_doc_json(d) for d in r.docs],
    }
    return json.dumps(body, ensure_ascii=False, indent=1) + "\n"


def _gh_prop(v: str) -> str:
    return (
        v.replace("%", "%25")
        .replace("\r", "%0D")
        .replace("\n", "%0A")
        .replace(":", "%3A")
        .replace(",", "%2C")
    )


def _gh_msg(v: str) -> str:
    return v.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def format_github(r: GateReport) -> str:
    """GitHub Actions workflow commands: one ``::error`` per flag of a failing document."""
    out: list[str] = []
    for d in r.docs:
        f_ = _gh_prop(d.path)
        if d.error:
            out.append(f"::error file={f_},title=spamcheck%3A unreadable::{_gh_msg(d.error)}")
            continue
        if not d.failed:
            continue
        res = d.result
        assert res is not None
        why = "; ".join(d.reasons) + (f" [{res.why}]" if res.why else "")
        if not d.flags:
            out.append(f"::error file={f_},line=1,title=spamcheck {res.label}::{_gh_msg(why)}")
        for x in _strongest(d, MAX_ANNOTATIONS):
            fl = x.flag
            title = _gh_prop(f"spamcheck {fl.family}/{fl.type}")
            msg = _gh_msg(f'{fl.reason}: "{_ev(fl.text)}" (strength {fl.strength:.2f}; document {why})')
            out.append(
                f"::error file={f_},line={x.line},col={x.col},endLine={x.end_line},"
                f"endColumn={x.end_col + 1},title={title}::{msg}"
            )
    out.extend(f"::error title=spamcheck::{_gh_msg(why)}" for why in r.reasons)
    return "\n".join(out) + ("\n" if out else "")


def format_junit(r: GateReport) -> str:
    """JUnit XML: one testcase per document (plus one for the spam fraction when set)."""
    suite = ET.Element("testsuite", name="spamcheck gate")
    n = fails = errors = 0
    for d in r.docs:
        n += 1
        case = ET.SubElement(suite, "testcase", classname="spamcheck.gate", name=d.path, file=d.path)
        if d.error:
            errors += 1
            ET.SubElement(case, "error", message=d.error, type="input")
        elif d.failed:
            fails += 1
            res = d.result
            assert res is not None
            lines = [res.why] if res.why else []
            lines += [
                f"{d.path}:{x.line}:{x.col}: {x.flag.family}/{x.flag.type} ({x.flag.strength:.2f}) "
                f'{x.flag.reason}: "{_ev(x.flag.text)}"'
                for x in _strongest(d, len(d.flags))
            ]
            el = ET.SubElement(case, "failure", message="; ".join(d.reasons), type=res.label)
            el.text = "\n".join(lines)
    if r.settings.max_spam_fraction is not None:
        n += 1
        case = ET.SubElement(suite, "testcase", classname="spamcheck.gate", name="spam fraction")
        if r.reasons:
            fails += 1
            ET.SubElement(case, "failure", message="; ".join(r.reasons), type="spam-fraction")
    for k, v in (("tests", n), ("failures", fails), ("errors", errors)):
        suite.set(k, str(v))
    root = ET.Element("testsuites", name="spamcheck", tests=str(n), failures=str(fails), errors=str(errors))
    root.append(suite)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


FORMATTERS = {"text": format_text, "json": format_json, "github": format_github, "junit": format_junit}
