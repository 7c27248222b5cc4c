"""Human-readable text output: each flag with its line and highlighted evidence."""

from __future__ import annotations

import os
import sys

from .result import Result

_COLORS = {"spam": "\x1b[1;31m", "suspect": "\x1b[1;33m", "clean": "\x1b[1;32m"}
_HL, _DIM, _RESET = "\x1b[1;7m", "\x1b[2m", "\x1b[0m"
CONTEXT = 40  # characters of context shown each side of the evidence


def _use_color(mode: str) -> bool:
    if mode == "always":
        return True
    if mode == "never" or os.environ.get("NO_COLOR"):
        return False
    return sys.stdout.isatty()


def render_text(result: Result, text: str, *, color: str = "auto") -> str:
    """Format a result for a terminal.

    >>> from spamcheck.result import Result
    >>> "clean" in render_text(Result(id="x", score=0.0, label="clean"), "", color="never")
    True
    """
    c = _use_color(color)
    lab = f"{_COLORS[result.label]}{result.label.upper()}{_RESET}" if c else result.label.upper()
    out = [f"{result.id}: {lab} score={result.score:.3f} language={result.language} ({result.scorer})"]
    if result.error:
        out.append(f"  error: {result.error}")
    for w in result.warnings:
        out.append(f"  warning: {w}")
    fams = "  ".join(f"{k}={v:.2f}" for k, v in result.scores.items())
    out.append(f"  families: {fams}")
    line_starts = [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"]
    import bisect

    for f in result.flags:
        line = bisect.bisect_right(line_starts, f.start)
        pre = text[max(0, f.start - CONTEXT) : f.start].replace("\n", " ")
        ev = text[f.start : f.end].replace("\n", " ")
        if len(ev) > 160:
            ev = ev[:77] + " … " + ev[-77:]
        post = text[f.end : f.end + CONTEXT].replace("\n", " ")
        shown = f"{_DIM}{pre}{_RESET}{_HL}{ev}{_RESET}{_DIM}{post}{_RESET}" if c else f"{pre}[[{ev}]]{post}"
        out.append(f"  L{line:<5} {f.family}/{f.type} ({f.strength:.2f}): {f.reason}")
        out.append(f"         …{shown}…")
    if not result.flags:
        out.append("  no flags")
    return "\n".join(out)
