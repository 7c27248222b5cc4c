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
from ._html import FAMILY_COLORS, LABEL_COLORS, OTHER_LABEL_COLOR, badge, bars_svg, legend, page, snippet
from .sort_js import PAGER_JS, SORT_JS

PAGE_ROWS = 50  # document-table rows per page
SHOWN_ERRORS = 5  # error lines shown open near the top of the page
SHOWN_FLAGS = 3  # flags of a worst document shown open; the rest fold into <details>


class ReportError(Exception):
    """The directory is not the output of ``spamcheck batch``."""


def build_report(run_dir: str, *, worst: int = 20, rows: int = 2000, page_rows: int = PAGE_ROWS) -> str:
    """The report page for ``run_dir`` (``worst`` documents in detail, ``rows`` in the table).

    The histogram's bars are stacked by the documents' labels (so the coloured
    counts are the label counts) and the model's suspect/spam thresholds are drawn
    on it; the table shows ``page_rows`` rows per page.

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
    flag_types = (summary or {}).get("flag_types") or scan["flag_types"]
    top = scan["top"]
    body = [
        "<h1>spamcheck corpus report</h1>",
        _overview(summary, scan, run_dir),
        _errors_html(summary, errors),
        "<h2>Score histogram</h2>",
        _histogram_section(scan, run_thresholds(summary)),
        "<h2>Flags per family</h2>",
        _family_chart(flag_types),
        "<h2>Flags per type</h2>",
        _type_table(flag_types),
        f"<h2>Worst {min(worst, len(top))} documents</h2>",
        legend(),
        "".join(_doc_card(i + 1, d) for i, d in enumerate(top[:worst])),
        f"<h2>Documents (top {min(rows, len(top))} by score; click a header to sort)</h2>",
        _doc_table(top[:rows], page_rows),
    ]
    return page("spamcheck corpus report", "".join(body), SORT_JS + PAGER_JS)


def _load(path: str) -> dict[str, Any] | None:
    try:
        with open(path, encoding="utf-8") as fh:
            return json.load(fh)
    except (OSError, ValueError):
        return None


def _scan(path: str, keep: int) -> dict[str, Any]:
    heap: list[tuple[float, int, dict[str, Any]]] = []
    hist = [0] * 20
    by_label: dict[str, list[int]] = {}  # label -> histogram of that label's documents
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
            b = min(19, max(0, int(s * 20)))
            hist[b] += 1
            lab = str(d.get("label", "?"))
            labels[lab] = labels.get(lab, 0) + 1
            by_label.setdefault(lab, [0] * 20)[b] += 1
            for f in d.get("flags", []):
                ft = flag_types.setdefault(f"{f['family']}/{f['type']}", {"flags": 0, "docs": 0})
                ft["flags"] += 1
            item = (s, -n, d)
            if len(heap) < keep:
                heapq.heappush(heap, item)
            elif item > heap[0]:
                heapq.heapreplace(heap, item)
    top = [d for _, _, d in sorted(heap, key=lambda x: (-x[0], -x[1]))]
    return {
        "n": n,
        "hist": hist,
        "by_label": by_label,
        "labels": labels,
        "flag_types": flag_types,
        "top": top,
    }


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


def run_thresholds(summary: dict[str, Any] | None) -> tuple[dict[str, float], str]:
    """The suspect/spam thresholds the run's labels came from, and where they were read.

    ``summary.json``'s ``thresholds`` when the run recorded them, else the shipped
    model's card (what ``spamcheck batch`` scores with), else the rule thresholds
    the detector uses without a model.

    >>> t, where = run_thresholds({"thresholds": {"suspect": 0.6, "spam": 0.9}})
    >>> t, where
    ({'suspect': 0.6, 'spam': 0.9}, 'summary.json')
    """
    got = (summary or {}).get("thresholds")
    if isinstance(got, dict) and {"suspect", "spam"} <= got.keys():
        return {"suspect": float(got["suspect"]), "spam": float(got["spam"])}, "summary.json"
    from ..model import default_model_dir

    d = default_model_dir()
    card = _load(str(d / "card.json")) if d else None
    t = (card or {}).get("thresholds") or {}
    if {"suspect", "spam"} <= t.keys():
        return {"suspect": float(t["suspect"]), "spam": float(t["spam"])}, "the model card"
    from ..detector import SPAM_THRESHOLD, SUSPECT_THRESHOLD

    return {"suspect": SUSPECT_THRESHOLD, "spam": SPAM_THRESHOLD}, "the rule thresholds (no model)"


def _overview(summary: dict[str, Any] | None, scan: dict[str, Any], run_dir: str) -> str:
    # The scan is what the table and histogram show; a summary may lag behind an
    # interrupted run's scores.jsonl, so the labels shown are the scan's.
    labels = scan["labels"] or (summary or {}).get("labels") or {}
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


def label_color(label: str) -> str:
    return LABEL_COLORS.get(label, OTHER_LABEL_COLOR)


def _histogram_section(scan: dict[str, Any], thr: tuple[dict[str, float], str]) -> str:
    t, where = thr
    order = [k for k in LABEL_COLORS if k in scan["by_label"]]
    order += sorted(k for k in scan["by_label"] if k not in LABEL_COLORS)
    keys = "".join(
        f'<span><i style="background:{label_color(k)}"></i>{escape(k)} {scan["labels"].get(k, 0):,}</span>'
        for k in order
    )
    note = (
        f'<p class="muted">Bars are stacked by each document\'s label. Dashed lines: the thresholds '
        f"suspect {t['suspect']:.3f} and spam {t['spam']:.3f} (from {escape(where)}); a document's label "
        "can sit below its score's band when a gate caps it (the record's reasons say why).</p>"
    )
    svg = histogram_svg(scan["hist"], by_label={k: scan["by_label"][k] for k in order}, thresholds=t)
    return f'<p class="legend" id="histogram-legend">{keys}</p>{svg}{note}'


def histogram_svg(
    counts: list[int],
    width: int = 640,
    height: int = 220,
    *,
    by_label: dict[str, list[int]] | None = None,
    thresholds: dict[str, float] | None = None,
) -> str:
    """Score histogram (20 bins over 0..1) as inline SVG.

    Each bin's outline (``rect.bar``, ``data-count``) holds one coloured segment
    per label (``rect.seg``, ``data-label``, ``data-count``), so the red area is
    exactly the spam documents. ``thresholds`` are drawn as dashed lines.
    Without ``by_label`` the whole bar is grey.

    >>> svg = histogram_svg([5] + [0] * 18 + [1], by_label={"clean": [5] + [0] * 19,
    ...                     "spam": [0] * 19 + [1]}, thresholds={"suspect": 0.7, "spam": 0.9})
    >>> svg.count('class="bar"'), svg.count('class="seg"'), svg.count('class="threshold"')
    (20, 2, 2)
    """
    pad_l, pad_b, pad_t = 48, 28, 10
    plot_w, plot_h = width - pad_l - 10, height - pad_b - pad_t
    top = max(counts) if counts and max(counts) > 0 else 1
    bw = plot_w / len(counts)
    parts = [
        f'<svg id="histogram" width="{width}" height="{height}" role="img" aria-label="score histogram">',
        f'<line x1="{pad_l}" y1="{pad_t + plot_h}" x2="{width - 10}" y2="{pad_t + plot_h}" stroke="#888"/>',
    ]
    base = pad_t + plot_h
    for i, c in enumerate(counts):
        lo = i / len(counts)
        h = plot_h * c / top
        if c > 0:
            h = max(h, 2.0)  # a bin with one document must still be visible
        x = pad_l + i * bw + 1
        y = base
        segs = [(k, v[i]) for k, v in (by_label or {}).items() if v[i] > 0]
        tip = ", ".join(f"{k} {n:,}" for k, n in segs)
        for k, n in segs:
            sh = h * n / c
            y -= sh
            parts.append(
                f'<rect class="seg" x="{x:.1f}" y="{y:.2f}" width="{bw - 2:.1f}" height="{sh:.2f}" '
                f'fill="{label_color(k)}" data-label="{escape(k)}" data-count="{n}"/>'
            )
        # With segments the bar is only the bin's outline and tooltip; without, it is grey.
        fill = 'fill="none" pointer-events="all"' if segs else 'fill="#9e9e9e"'
        parts.append(
            f'<rect class="bar" x="{x:.1f}" y="{base - h:.1f}" width="{bw - 2:.1f}" height="{h:.1f}" '
            f'{fill} data-count="{c}">'
            f"<title>{lo:.2f}-{lo + 1 / len(counts):.2f}: {c:,} documents{': ' + tip if tip else ''}"
            "</title></rect>"
        )
    for name, v in (thresholds or {}).items():
        x = pad_l + plot_w * min(1.0, max(0.0, v))
        parts.append(
            f'<line class="threshold" data-name="{escape(name)}" x1="{x:.1f}" y1="{pad_t}" x2="{x:.1f}" '
            f'y2="{base}" stroke="{label_color(name)}" stroke-dasharray="4 3" stroke-width="1.5">'
            f"<title>{escape(name)} threshold {v:.3f}</title></line>"
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


def _short_where(d: dict[str, Any]) -> str:
    """File name and record: the table's column is narrow; the full path is the cell's tooltip."""
    return f"{os.path.basename(str(d.get('source', '?')))} #{d.get('record', '?')}"


def _doc_card(rank: int, d: dict[str, Any]) -> str:
    flags = sorted(d.get("flags", []), key=lambda f: -float(f.get("strength", 0)))[:12]
    fams = " · ".join(f"{k} {v:.2f}" for k, v in d.get("scores", {}).items() if v)
    items = [
        f"<div><b>{escape(f['family'])}/{escape(f['type'])}</b> ({float(f.get('strength', 0)):.2f}) "
        f'<span class="muted">{escape(f.get("reason", ""))}</span>{snippet(f)}</div>'
        for f in flags
    ]
    snips = "".join(items[:SHOWN_FLAGS])
    if len(items) > SHOWN_FLAGS:  # the strongest stay open; the rest fold away
        snips += (
            f'<details class="more"><summary>{len(items) - SHOWN_FLAGS} more flag(s)</summary>'
            f"{''.join(items[SHOWN_FLAGS:])}</details>"
        )
    more = d.get("n_flags", len(flags)) - len(flags)
    tail = f'<p class="muted">… and {more} more flag(s) not kept in scores.jsonl</p>' if more > 0 else ""
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


_SHORT = {"ai_padding": "ai", "fragments": "frag", "placeholder_metadata": "meta", "boilerplate": "boiler"}
# Column widths (%) of the document table: fixed layout, so nothing is pushed past the page edge.
_COLS = {"#": 5, "id": 15, "source": 19, "label": 7, "score": 6, "family": 5.4, "flags": 5, "top flag": 16}


def _doc_table(docs: list[dict[str, Any]], page_rows: int = PAGE_ROWS) -> str:
    # Family names are long and unbreakable; the header shows a short form, the full name as tooltip.
    short = {f: _SHORT.get(f, f) for f in FAMILIES}
    cols = [_COLS["#"], _COLS["id"], _COLS["source"], _COLS["label"], _COLS["score"]]
    cols += [_COLS["family"]] * len(FAMILIES) + [_COLS["flags"], _COLS["top flag"]]
    colgroup = "<colgroup>" + "".join(f'<col style="width:{w}%">' for w in cols) + "</colgroup>"
    head = (
        "<th>#</th><th>id</th><th>source</th><th>label</th><th class=num>score</th>"
        + "".join(f'<th class=num title="{escape(f)}">{escape(short[f])}</th>' for f in FAMILIES)
        + "<th class=num>flags</th><th>top flag</th>"
    )
    rows = []
    for i, d in enumerate(docs, 1):
        top = max(d.get("flags", []), key=lambda f: float(f.get("strength", 0)), default=None)
        tf = f"{top['family']}/{top['type']}" if top else ""
        sc, score = d.get("scores", {}), float(d["score"])
        fam = "".join(_td(sc.get(f, 0), f"{sc.get(f, 0):.2f}", num=True) for f in FAMILIES)
        rows.append(
            f"<tr>{_td(i, num=True)}{_td(str(d.get('id')))}"
            f'<td title="{escape(_where(d))}">{escape(_short_where(d))}</td>'
            f"{_td(d.get('label', ''))}{_td(score, f'{score:.3f}', num=True)}"
            f"{fam}{_td(d.get('n_flags', 0), num=True)}<td>{escape(tf)}</td></tr>"
        )
    pager = (
        '<div class="pager" id="docs-pager"><button type="button" class="prev">previous</button>'
        '<span class="info"></span><button type="button" class="next">next</button></div>'
    )
    return (
        f'{pager}<table class="sortable fit" id="docs" data-page-size="{page_rows}">{colgroup}'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


def _errors_html(summary: dict[str, Any] | None, errors: list[dict[str, Any]]) -> str:
    if not errors:
        n = (summary or {}).get("errors", 0)
        return (
            f"<h2>Errors</h2><p class=muted>{'none' if not n else f'{n:,} (errors.jsonl not readable)'}</p>"
        )
    kinds = (summary or {}).get("error_kinds", {})
    head = ", ".join(f"{escape(k)} {v:,}" for k, v in kinds.items())
    rows = [
        f"<tr><td>{escape(_where(e))}</td><td>{escape(str(e.get('error_kind', '')))}</td>"
        f"<td>{escape(str(e.get('error', ''))[:500])}</td></tr>"
        for e in errors
    ]
    table = (
        "<table id=errors class=fit><thead><tr><th>where</th><th>kind</th><th>error</th></tr></thead>"
        f"<tbody>{''.join(rows[:SHOWN_ERRORS])}</tbody></table>"
    )
    if len(rows) > SHOWN_ERRORS:
        table += (
            f'<details class="more"><summary>{len(rows) - SHOWN_ERRORS} more (of the first {len(rows)}; '
            "all are in errors.jsonl)</summary><table class=fit><tbody>"
            f"{''.join(rows[SHOWN_ERRORS:])}</tbody></table></details>"
        )
    return f"<h2>Errors</h2><p>{head}</p>{table}"
