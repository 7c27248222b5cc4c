"""Human-readable text output: a verdict line, why, a per-family summary, then the
evidence, grouped by family and type, each with its line and highlighted span.
Strongest first throughout: families by score, types by their strongest flag,
flags by strength.

Weak, numerous flags (one per LLM-typical word) would bury the strong ones, so
within each type the strongest few are shown and the rest are counted; ``--all``
shows everything.
"""

from __future__ import annotations

import bisect
import os
import sys
from collections import defaultdict

from ..result import FAMILIES, Flag, Result

_COLORS = {"spam": "\x1b[1;31m", "suspect": "\x1b[1;33m", "clean": "\x1b[1;32m", "error": "\x1b[1;35m"}
_HL, _DIM, _BOLD, _RESET = "\x1b[1;7m", "\x1b[2m", "\x1b[1m", "\x1b[0m"
CONTEXT = 40  # characters of context shown each side of the evidence
PER_TYPE = 3  # flags shown per type unless show_all
MAX_EVIDENCE = 160  # longer evidence is elided in the middle


def _use_color(mode: str) -> bool:
    if mode == "always":
        return True
    if mode == "never" or os.environ.get("NO_COLOR"):
        return False
    return sys.stdout.isatty()


def render_text(result: Result, text: str, *, color: str = "auto", show_all: bool = False) -> str:
    """Format a result for a terminal.

    >>> from spamcheck.result import Result
    >>> "CLEAN" in render_text(Result(id="x", score=0.0, label="clean"), "", color="never")
    True
    """
    c = _use_color(color)

    def paint(s: str, code: str) -> str:
        return f"{code}{s}{_RESET}" if c else s

    lab = paint(result.label.upper(), _COLORS.get(result.label, ""))
    out = [f"{result.id}: {lab} score={result.score:.3f} language={result.language}"]
    if result.why:
        out.append(f"  why: {result.why}")
    out.append(f"  scorer: {result.scorer}")
    if result.error:
        out.append(f"  error: {result.error}")
    out.extend(f"  warning: {w}" for w in result.warnings)
    if result.label == "error":
        return "\n".join(out)  # not judged: no family scores to show
    line_starts = [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"]
    by_family: dict[str, dict[str, list[Flag]]] = defaultdict(lambda: defaultdict(list))
    for f in result.flags:
        by_family[f.family][f.type].append(f)
    def top(flags: list[Flag]) -> float:
        return max(f.strength for f in flags)

    fams = sorted(
        FAMILIES,
        key=lambda fam: (-result.scores.get(fam, 0.0), -max(map(top, by_family[fam].values()), default=0.0)),
    )
    for fam in fams:
        s = result.scores.get(fam, 0.0)
        types = dict(sorted(by_family.get(fam, {}).items(), key=lambda kv: (-top(kv[1]), kv[0])))
        counts = ", ".join(f"{t}×{len(v)}" for t, v in types.items())
        cov = result.detectors.get(fam, "")
        cov_note = f" [{cov}]" if cov and cov != "full" else ""
        head = f"  {fam:<21} {s:.2f}  {counts or 'no flags'}{cov_note}"
        out.append(paint(head, _BOLD) if s >= 0.5 else head)
        for typ, flags in types.items():
            ranked = sorted(flags, key=lambda f: (-f.strength, f.start))
            shown = ranked if show_all else ranked[:PER_TYPE]
            for f in shown:
                out.extend(_evidence(f, text, line_starts, paint))
            if len(shown) < len(flags):
                out.append(f"      … {len(flags) - len(shown)} more {typ} flags (--all shows them)")
    return "\n".join(out)


def _evidence(f: Flag, text: str, line_starts: list[int], paint) -> list[str]:  # type: ignore[no-untyped-def]
    line = bisect.bisect_right(line_starts, f.start)
    pre = text[max(0, f.start - CONTEXT) : f.start].replace("\n", " ")
    ev = text[f.start : f.end].replace("\n", " ")
    if len(ev) > MAX_EVIDENCE:
        half = MAX_EVIDENCE // 2 - 3
        ev = ev[:half] + " … " + ev[-half:]
    post = text[f.end : f.end + CONTEXT].replace("\n", " ")
    colored = bool(paint("", "x"))
    shown = paint(pre, _DIM) + paint(ev, _HL) + paint(post, _DIM) if colored else f"{pre}[[{ev}]]{post}"
    return [
        f"    L{line:<5} {f.type} ({f.strength:.2f}): {f.reason}",
        f"           …{shown}…",
    ]
