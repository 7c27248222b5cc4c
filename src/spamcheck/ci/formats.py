"""The gate's output formats: text (people), json (scripts), github (workflow
annotations) and junit (CI test reports). Each takes a
:class:`~spamcheck.ci.gate.GateReport` and returns the whole output as a string.
"""

from __future__ import annotations

import json
from typing import Any
from xml.etree import ElementTree as ET

from .gate import DocOutcome, GateReport

MAX_ANNOTATIONS = 50  # per document: GitHub shows only the first few anyway
TEXT_FLAGS = 20  # strongest flags listed per failing document in text output


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
