"""``spamcheck score --format html``: one document with its flags highlighted."""

from __future__ import annotations

import bisect
import itertools
from html import escape

from ..result import Flag, Result
from ._html import badge, bars_svg, legend, mark, page


def render_html(result: Result, text: str) -> str:
    """A self-contained HTML page: scores, the flag list and the text with every flag marked.

    ``text`` is what the flag offsets index (the visible text for HTML input).
    Overlapping flags are split into segments; a segment is coloured by the
    strongest flag over it and its tooltip lists them all.

    >>> r = Result(id="d", score=0.9, label="spam",
    ...            flags=[Flag("fragments", "prompt_leak", 6, 19, "Input Keyword", "prompt data", 0.9)])
    >>> html = render_html(r, "Intro Input Keyword end")
    >>> '<mark style="background:#c9a7f5" data-family="fragments"' in html
    True
    """
    flags = [f for f in result.flags if 0 <= f.start < f.end <= len(text)]
    head = (
        f"<h1>{escape(str(result.id or 'document'))}</h1>"
        f"<p>{badge(result.label)} score <b>{result.score:.3f}</b> · language {escape(result.language)}"
        f' · {len(result.flags)} flag(s) · <span class="muted">{escape(result.scorer)}</span></p>'
    )
    if result.error:
        head += f"<p><b>error:</b> {escape(result.error)}</p>"
    head += "".join(f'<p class="muted">warning: {escape(w)}</p>' for w in result.warnings)
    fam = bars_svg([(k, v * 100, _color(k)) for k, v in result.scores.items()], width=300)
    body = [
        head,
        "<h2>Family scores (×100)</h2>",
        fam,
        "<h2>Text</h2>",
        legend(),
        f'<div class="doc" id="doc">{highlight(text, flags)}</div>',
        "<h2>Flags</h2>",
        _flag_table(flags, text),
    ]
    return page(f"spamcheck: {result.id or 'document'}", "".join(body))


def _color(family: str) -> str:
    from ._html import FAMILY_COLORS

    return FAMILY_COLORS.get(family, "#999")


def _flag_table(flags: list[Flag], text: str) -> str:
    if not flags:
        return '<p class="muted">no flags</p>'
    starts = [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"]
    rows = []
    for i, f in enumerate(flags):
        line = bisect.bisect_right(starts, f.start)
        ev = f.text if len(f.text) <= 120 else f.text[:119] + "…"
        rows.append(
            f'<tr><td class="num">{line}</td><td>{escape(f.family)}/{escape(f.type)}</td>'
            f'<td class="num">{f.strength:.2f}</td><td>{escape(f.reason)}</td>'
            f'<td><a href="#flag-{i}">{escape(ev)}</a></td></tr>'
        )
    return (
        "<table><thead><tr><th class=num>line</th><th>flag</th><th class=num>strength</th><th>reason</th>"
        f"<th>evidence</th></tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


def highlight(text: str, flags: list[Flag]) -> str:
    """``text`` as HTML with each flagged span in a ``<mark>``.

    >>> highlight("a b c", [Flag("spun", "t", 2, 3, "b", "why", 0.5)])
    'a <mark style="background:#f7a1a1" data-family="spun" title="spun/t: why" id="flag-0">b</mark> c'
    """
    cuts = sorted({0, len(text), *(f.start for f in flags), *(f.end for f in flags)})
    starting: dict[int, list[int]] = {}
    for i, f in enumerate(flags):
        starting.setdefault(f.start, []).append(i)
    active: set[int] = set()  # a sweep over the cuts keeps this linear in practice
    out: list[str] = []
    for a, b in itertools.pairwise(cuts):
        active = {i for i in active if flags[i].end > a}
        new = starting.get(a, [])
        active.update(new)
        if not active:
            out.append(escape(text[a:b]))
            continue
        over = sorted(active)
        top = max(over, key=lambda i: flags[i].strength)
        title = "; ".join(f"{flags[i].family}/{flags[i].type}: {flags[i].reason}" for i in over)
        new = sorted(new)
        attrs = f' id="flag-{new[0]}"' if new else ""
        # Further flags that start here get an empty anchor so their links work.
        out.extend(f'<span id="flag-{i}"></span>' for i in new[1:])
        out.append(mark(text[a:b], flags[top].family, title, attrs))
    return "".join(out)
