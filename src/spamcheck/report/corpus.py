"""``spamcheck report DIR``: one self-contained HTML page about a ``spamcheck batch`` run.

Reads ``DIR/summary.json`` and streams ``DIR/scores.jsonl`` once, keeping only
the worst documents (bounded memory), so it works on corpora of any size.
"""

from __future__ import annotations

import heapq
import json
import os
from html import escape
from typing import Any

from ..result import FAMILIES
from ._html import FAMILY_COLORS, LABEL_COLORS, badge, bars_svg, legend, page, snippet
from .sort_js import SORT_JS


class ReportError(Exception):
    """The directory is not the output of ``spamcheck batch``."""


def build_report(run_dir: str, *, worst: int = 20, rows: int = 2000) -> str:
    """The report page for ``run_dir`` (``worst`` documents in detail, ``rows`` in the table).

    >>> import tempfile
    >>> build_report(tempfile.mkdtemp())
    Traceback (most recent call last):
    ...
    spamcheck.report.corpus.ReportError: no scores.jsonl in this directory: not a spamcheck batch output
    """
    scores = os.path.join(run_dir, "scores.jsonl")
    if not os.path.isfile(scores):
        raise ReportError("no scores.jsonl in this directory: not a spamcheck batch output")
    summary = _load(os.path.join(run_dir, "summary.json"))
    scan = _scan(scores, max(worst, rows))
    errors = _errors(os.path.join(run_dir, "errors.jsonl"), 20)
    hist = summary.get("histogram", {}).get("counts") if summary else None
    if not hist or sum(hist) != scan["n"]:
        hist = scan["hist"]  # an interrupted run's summary may lag behind scores.jsonl
    flag_types = (summary or {}).get("flag_types") or scan["flag_types"]
    top = scan["top"]
    body = [
        "<h1>spamcheck corpus report</h1>",
        _overview(summary, scan, run_dir),
        "<h2>Score histogram</h2>",
        histogram_svg(hist),
        "<h2>Flags per family</h2>",
        _family_chart(flag_types),
        "<h2>Flags per type</h2>",
        _type_table(flag_types),
        f"<h2>Worst {min(worst, len(top))} documents</h2>",
        legend(),
        "".join(_doc_card(i + 1, d) for i, d in enumerate(top[:worst])),
        f"<h2>Documents (top {min(rows, len(top))} by score; click a header to sort)</h2>",
        _doc_table(top[:rows]),
        _errors_html(summary, errors),
    ]
    return page("spamcheck corpus report", "".join(body), SORT_JS)


def _load(path: str) -> dict[str, Any] | None:
    try:
        with open(path, encoding="utf-8") as fh:
            return json.load(fh)
    except (OSError, ValueError):
        return None


def _scan(path: str, keep: int) -> dict[str, Any]:
    heap: list[tuple[float, int, dict[str, Any]]] = []
    hist = [0] * 20
    labels: dict[str, int] = {}
    flag_types: dict[str, dict[str, int]] = {}
    n = 0
    with open(path, encoding="utf-8", errors="replace") as fh:
        for line in fh:
            try:
                d = json.loads(line)
                s = float(d["score"])
            except (ValueError, KeyError, TypeError):
                continue  # a half-written last line of an interrupted run
            n += 1
            hist[min(19, max(0, int(s * 20)))] += 1
            labels[d.get("label", "?")] = labels.get(d.get("label", "?"), 0) + 1
            for f in d.get("flags", []):
                ft = flag_types.setdefault(f"{f['family']}/{f['type']}", {"flags": 0, "docs": 0})
                ft["flags"] += 1
            item = (s, -n, d)
            if len(heap) < keep:
                heapq.heappush(heap, item)
            elif item > heap[0]:
                heapq.heapreplace(heap, item)
    top = [d for _, _, d in sorted(heap, key=lambda x: (-x[0], -x[1]))]
    return {"n": n, "hist": hist, "labels": labels, "flag_types": flag_types, "top": top}


def _errors(path: str, k: int) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    if not os.path.isfile(path):
        return out
    with open(path, encoding="utf-8", errors="replace") as fh:
        for line in fh:
            try:
                out.append(json.loads(line))
            except ValueError:
                continue
            if len(out) >= k:
                break
    return out


def _overview(summary: dict[str, Any] | None, scan: dict[str, Any], run_dir: str) -> str:
    labels = (summary or {}).get("labels") or scan["labels"]
    rows = [("run directory", escape(os.path.abspath(run_dir))), ("documents scored", f"{scan['n']:,}")]
    if summary:
        rows.append(("records in", f"{summary.get('records_in', 0):,}"))
        rows.append(("errors", f"{summary.get('errors', 0):,}"))
        tp = summary.get("throughput", {})
        if tp.get("records_per_s"):
            rows.append(
                ("throughput", f"{tp['records_per_s']:,.0f} records/s ({summary.get('jobs', '?')} jobs)")
            )
        if not summary.get("complete", True):
            rows.append(("status", "<b>incomplete run</b> (resume it with --resume)"))
        rows.append(("inputs", escape(", ".join(map(str, summary.get("inputs", []))))))
    lab = " ".join(f"{badge(k)} {v:,}" for k, v in labels.items())
    rows.append(("labels", lab))
    cells = "".join(f"<div class=muted>{k}</div><div>{v}</div>" for k, v in rows)
    return f'<div class="kv" id="overview">{cells}</div>'


def histogram_svg(counts: list[int], width: int = 640, height: int = 220) -> str:
    """Score histogram (20 bins over 0..1) as inline SVG; bars coloured by label band.

    >>> svg = histogram_svg([5] + [0] * 18 + [1])
    >>> svg.count('class="bar"')
    20
    """
    pad_l, pad_b, pad_t = 48, 28, 10
    plot_w, plot_h = width - pad_l - 10, height - pad_b - pad_t
    top = max(counts) if counts and max(counts) > 0 else 1
    bw = plot_w / len(counts)
    parts = [
        f'<svg id="histogram" width="{width}" height="{height}" role="img" aria-label="score histogram">',
        f'<line x1="{pad_l}" y1="{pad_t + plot_h}" x2="{width - 10}" y2="{pad_t + plot_h}" stroke="#888"/>',
    ]
    for i, c in enumerate(counts):
        lo = i / len(counts)
        color = (
            LABEL_COLORS["spam"]
            if lo >= 0.8
            else LABEL_COLORS["suspect"]
            if lo >= 0.5
            else LABEL_COLORS["clean"]
        )
        h = plot_h * c / top
        if c > 0:
            h = max(h, 2.0)  # a bin with one document must still be visible
        x = pad_l + i * bw + 1
        parts.append(
            f'<rect class="bar" x="{x:.1f}" y="{pad_t + plot_h - h:.1f}" width="{bw - 2:.1f}" '
            f'height="{h:.1f}" fill="{color}" data-count="{c}"><title>{lo:.2f}-{lo + 1 / len(counts):.2f}: '
            f"{c:,} documents</title></rect>"
        )
    for t in range(0, 11, 2):
        x = pad_l + plot_w * t / 10
        parts.append(
            f'<text x="{x:.1f}" y="{height - 8}" font-size="11" text-anchor="middle">{t / 10:.1f}</text>'
        )
    parts.append(
        f'<text x="{pad_l - 6}" y="{pad_t + 10}" font-size="11" text-anchor="end">{top:,}</text>'
        f'<text x="{pad_l - 6}" y="{pad_t + plot_h}" font-size="11" text-anchor="end">0</text></svg>'
    )
    return "".join(parts)


def _family_chart(flag_types: dict[str, dict[str, int]]) -> str:
    fams = dict.fromkeys(FAMILIES, 0)
    for k, v in flag_types.items():
        fam = k.split("/", 1)[0]
        fams[fam] = fams.get(fam, 0) + v.get("flags", 0)
    chart = bars_svg([(f, n, FAMILY_COLORS.get(f, "#999")) for f, n in fams.items()])
    return f'<div id="families">{chart}</div>'


def _type_table(flag_types: dict[str, dict[str, int]]) -> str:
    if not flag_types:
        return '<p class="muted">no flags</p>'
    ranked = sorted(flag_types.items(), key=lambda kv: -kv[1].get("flags", 0))
    rows = "".join(
        f"<tr>{_td(k)}{_td(v.get('flags', 0), num=True)}{_td(v.get('docs', 0), num=True)}</tr>"
        for k, v in ranked
    )
    return (
        '<table class="sortable" id="flag-types"><thead><tr><th>family/type</th><th class=num>flags</th>'
        f"<th class=num>documents</th></tr></thead><tbody>{rows}</tbody></table>"
    )


def _where(d: dict[str, Any]) -> str:
    w = f"{d.get('source', '?')} record {d.get('record', '?')}"
    if d.get("line"):
        w += f" (line {d['line']})"
    return w


def _doc_card(rank: int, d: dict[str, Any]) -> str:
    flags = sorted(d.get("flags", []), key=lambda f: -float(f.get("strength", 0)))[:12]
    fams = " · ".join(f"{k} {v:.2f}" for k, v in d.get("scores", {}).items() if v)
    snips = "".join(
        f"<div><b>{escape(f['family'])}/{escape(f['type'])}</b> ({float(f.get('strength', 0)):.2f}) "
        f'<span class="muted">{escape(f.get("reason", ""))}</span>{snippet(f)}</div>'
        for f in flags
    )
    more = d.get("n_flags", len(flags)) - len(flags)
    tail = f'<p class="muted">… and {more} more flag(s)</p>' if more > 0 else ""
    return (
        f'<div class="card worst"><p>#{rank} {badge(d.get("label", "?"))} <b>{float(d["score"]):.3f}</b> '
        f'{escape(str(d.get("id")))} <span class="muted">{escape(_where(d))}</span></p>'
        f'<p class="muted">{escape(fams)}</p>{snips or "<p class=muted>no flags</p>"}{tail}</div>'
    )


def _td(value: Any, shown: str | None = None, num: bool = False) -> str:
    """A table cell that sorts by ``value`` (``data-v``) and shows ``shown``."""
    cls = " class=num" if num else ""
    text = shown if shown is not None else (f"{value:,}" if isinstance(value, int) else str(value))
    return f'<td{cls} data-v="{escape(str(value))}">{escape(text)}</td>'


def _doc_table(docs: list[dict[str, Any]]) -> str:
    head = (
        "<th>#</th><th>id</th><th>source</th><th>label</th><th class=num>score</th>"
        + "".join(f"<th class=num>{escape(f)}</th>" for f in FAMILIES)
        + "<th class=num>flags</th><th>top flag</th>"
    )
    rows = []
    for i, d in enumerate(docs, 1):
        top = max(d.get("flags", []), key=lambda f: float(f.get("strength", 0)), default=None)
        tf = f"{top['family']}/{top['type']}" if top else ""
        sc, score = d.get("scores", {}), float(d["score"])
        fam = "".join(_td(sc.get(f, 0), f"{sc.get(f, 0):.2f}", num=True) for f in FAMILIES)
        rows.append(
            f"<tr>{_td(i, num=True)}{_td(str(d.get('id')))}<td>{escape(_where(d))}</td>"
            f"{_td(d.get('label', ''))}{_td(score, f'{score:.3f}', num=True)}"
            f"{fam}{_td(d.get('n_flags', 0), num=True)}<td>{escape(tf)}</td></tr>"
        )
    return (
        f'<div class="wide"><table class="sortable" id="docs"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div>"
    )


def _errors_html(summary: dict[str, Any] | None, errors: list[dict[str, Any]]) -> str:
    if not errors:
        return "<h2>Errors</h2><p class=muted>none</p>"
    kinds = (summary or {}).get("error_kinds", {})
    head = ", ".join(f"{escape(k)} {v:,}" for k, v in kinds.items())
    rows = "".join(
        f"<tr><td>{escape(_where(e))}</td><td>{escape(str(e.get('error_kind', '')))}</td>"
        f"<td>{escape(str(e.get('error', '')))}</td></tr>"
        for e in errors
    )
    return (
        f"<h2>Errors</h2><p>{head}</p><table id=errors><thead><tr><th>where</th><th>kind</th><th>error</th>"
        f"</tr></thead><tbody>{rows}</tbody></table>"
    )
