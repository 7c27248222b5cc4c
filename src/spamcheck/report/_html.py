"""Pieces shared by the HTML reports: page shell, style, escaping, highlighting.

Pages are self-contained: inline CSS, JS and SVG only, and a Content-Security-
Policy that forbids the browser from loading anything at all from elsewhere.
"""

from __future__ import annotations

import re
from html import escape
from typing import Any

FAMILY_COLORS = {
    "ai_padding": "#f6d365",
    "spun": "#f7a1a1",
    "fragments": "#c9a7f5",
    "placeholder_metadata": "#8fd0f5",
    "boilerplate": "#c9c9c9",
}
LABEL_COLORS = {"clean": "#2e8540", "suspect": "#c47f00", "spam": "#c62828", "error": "#555555"}
OTHER_LABEL_COLOR = "#8a8a8a"  # a label this version does not know (a newer run's)

CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:"

STYLE = """
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1d1d1f;
background:#fff}
main{max-width:1100px;margin:0 auto;padding:16px 24px 48px}
h1{font-size:22px;margin:8px 0 4px}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #ddd}
.muted{color:#666}.badge{display:inline-block;padding:1px 8px;border-radius:10px;color:#fff;font-weight:600}
table{border-collapse:collapse;width:100%;font-size:13px}th,td{padding:3px 6px;border-bottom:1px solid #eee;
text-align:left;vertical-align:top}th{background:#f5f5f7;position:sticky;top:0}
table.sortable th{cursor:pointer;user-select:none}
table.sortable th[aria-sort=ascending]::after{content:" \\25B2"}
table.sortable th[aria-sort=descending]::after{content:" \\25BC"}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
mark{border-radius:2px;padding:0 1px}.wide{overflow-x:auto}
.doc{white-space:pre-wrap;font:13px/1.5 ui-monospace,Menlo,Consolas,monospace;
border:1px solid #ddd;padding:12px;background:#fcfcfc;overflow-wrap:anywhere}
.snip{font:12.5px/1.5 ui-monospace,Menlo,Consolas,monospace;white-space:normal;overflow-wrap:anywhere;
margin:2px 0 6px;color:#333;display:-webkit-box;-webkit-box-orient:vertical;-webkit-line-clamp:3;
line-clamp:3;overflow:hidden}.snip .nl{color:#999}
details.more>summary{cursor:pointer;color:#555;margin:4px 0}
table.fit{table-layout:fixed;width:100%}
table.fit td,table.fit th{overflow-wrap:anywhere;word-break:break-word}
.pager{margin:8px 0;display:flex;gap:8px;align-items:center}.pager button{font:inherit;padding:2px 10px}
.card{border:1px solid #e2e2e2;border-radius:6px;padding:8px 12px;margin:10px 0}
.legend span{display:inline-block;margin-right:12px}.legend i{display:inline-block;width:12px;height:12px;
margin-right:4px;vertical-align:-1px;border-radius:2px}
.kv{display:grid;grid-template-columns:max-content auto;gap:2px 14px}
"""


def page(title: str, body: str, script: str = "") -> str:
    """A complete HTML document around ``body``.

    >>> "<title>x &amp; y</title>" in page("x & y", "<p>hi</p>")
    True
    """
    js = f"<script>{script}</script>" if script else ""
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        f"<title>{escape(title)}</title><style>{STYLE}</style></head>"
        f"<body><main>{body}</main>{js}</body></html>\n"
    )


def badge(label: str) -> str:
    return f'<span class="badge" style="background:{LABEL_COLORS.get(label, "#555")}">{escape(label)}</span>'


def legend() -> str:
    items = "".join(
        f'<span><i style="background:{c}"></i>{escape(f)}</span>' for f, c in FAMILY_COLORS.items()
    )
    return f'<p class="legend">{items}</p>'


def mark(text: str, family: str, title: str = "", attrs: str = "") -> str:
    color = FAMILY_COLORS.get(family, "#ffe08a")
    t = f' title="{escape(title)}"' if title else ""
    return f'<mark style="background:{color}" data-family="{escape(family)}"{t}{attrs}>{escape(text)}</mark>'


def one_line(text: str) -> str:
    """``text`` escaped with every run of whitespace shown as one space and line breaks as ``⏎``.

    A snippet's context keeps the document's newlines; printed as they are, a few
    blank lines make one flag hundreds of pixels tall.

    >>> one_line("a\\n\\n  b <c>")
    'a <span class="nl">⏎</span> b &lt;c&gt;'
    """
    out = []
    for i, line in enumerate(_LINES.split(text)):
        if i:
            out.append(' <span class="nl">⏎</span> ')
        out.append(escape(" ".join(line.split())))
    return "".join(out)


_LINES = re.compile(r"\s*\n\s*")


def snippet(flag: dict[str, Any]) -> str:
    """Evidence of one flag in its context (``before``/``after`` when known), on at most 3 lines."""
    before = flag.get("before") or ""
    after = flag.get("after") or ""
    lead = "…" if before else ""
    tail = "…" if after else ""
    ev = " ".join(str(flag.get("text", "")).split())
    return (
        f'<div class="snip">{lead}{one_line(before)}'
        f"{mark(ev, flag.get('family', ''), flag.get('reason', ''))}"
        f"{one_line(after)}{tail}</div>"
    )


def bars_svg(values: list[tuple[str, float, str]], width: int = 420, row: int = 18) -> str:
    """A horizontal bar chart (label, value, color) as inline SVG."""
    if not values:
        return '<p class="muted">none</p>'
    top = max(v for _, v, _ in values) or 1.0
    label_w = 230
    h = row * len(values) + 4
    parts = [f'<svg class="bars" width="{width + label_w + 60}" height="{h}" role="img">']
    for i, (name, v, color) in enumerate(values):
        y = i * row + 2
        w = max(1.0, (width * v / top)) if v > 0 else 0
        parts.append(
            f'<text x="{label_w - 6}" y="{y + 12}" text-anchor="end" font-size="12">{escape(name)}</text>'
            f'<rect x="{label_w}" y="{y}" width="{w:.1f}" height="{row - 4}" fill="{color}"/>'
            f'<text x="{label_w + w + 4:.1f}" y="{y + 12}" font-size="12">{v:,.0f}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
