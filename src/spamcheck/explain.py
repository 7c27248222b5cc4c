"""Why a result got its label, in one line; and the label floors that are not the model's.

:func:`why` reads only the decision's inputs (label, score, family scores,
thresholds, error), so whatever sets a label can call it afterwards and the line
always agrees with the numbers shown beside it.
"""

from __future__ import annotations

from collections.abc import Mapping

from .scoring import DECISION_POINT, DECISIVE_FAMILIES, DEFECT_FAMILIES, just_below

DEFECTS: tuple[str, ...] = DEFECT_FAMILIES
FAMILY_DECISION = DECISION_POINT  # every family score's decision point
# Families that make a document at least suspect on their own when they reach
# FAMILY_DECISION: degenerate (mostly repeated) text is not clean whatever the model says.
SUSPECT_FAMILIES: tuple[str, ...] = ("quality",)


def cap_below(threshold: float) -> float:
    """The score a capped document gets: just below the threshold.

    >>> cap_below(0.8)
    0.799999
    """
    return just_below(threshold)


def at_least_suspect(score: float, scores: Mapping[str, float], suspect: float) -> tuple[float, str | None]:
    """Raise ``score`` to ``suspect`` when a :data:`SUSPECT_FAMILIES` family fired.

    Returns ``(score, family that raised it or None)``.

    >>> at_least_suspect(0.2, {"quality": 0.9}, 0.5)
    (0.5, 'quality')
    >>> at_least_suspect(0.7, {"quality": 0.9}, 0.5)
    (0.7, None)
    """
    for fam in SUSPECT_FAMILIES:
        if scores.get(fam, 0.0) >= FAMILY_DECISION and score < suspect:
            return suspect, fam
    return score, None


def _fams(scores: Mapping[str, float], names: tuple[str, ...] | None = None) -> str:
    hits = sorted(
        ((s, f) for f, s in scores.items() if s >= FAMILY_DECISION and (names is None or f in names)),
        key=lambda x: -x[0],
    )
    return ", ".join(f"{f} {s:.2f}" for s, f in hits)


def _strongest(scores: Mapping[str, float]) -> str:
    if not scores or max(scores.values()) <= 0:
        return "no family found anything"
    fam = max(scores, key=lambda f: scores[f])
    return f"strongest family {fam} {scores[fam]:.2f}"


def why(
    label: str,
    score: float,
    scores: Mapping[str, float],
    thresholds: Mapping[str, float],
    *,
    error: str | None = None,
    raised_by: str | None = None,
    raised_from: float | None = None,
) -> str:
    """One line: which scores and thresholds gave ``label``.

    ``thresholds`` has ``suspect`` and ``spam``; ``raised_by``/``raised_from``: a
    family that lifted the score to suspect (see :func:`at_least_suspect`) and the
    score before.

    >>> why("spam", 0.97, {"fragments": 0.91, "ai_padding": 0.8}, {"suspect": 0.5, "spam": 0.94})
    'spam: score 0.970 >= spam 0.940 and defect family fragments 0.91 >= 0.5'
    >>> why("suspect", 0.939999, {"ai_padding": 0.99, "fragments": 0.1}, {"suspect": 0.5, "spam": 0.94})[:60]
    'suspect: capped just below spam 0.940 because no defect fami'
    >>> why("error", 0.0, {}, {}, error="input looks binary")
    'error: input looks binary'
    """
    if label == "error" or error:
        return f"error: {error or 'not scored'}"
    sus, spam = float(thresholds.get("suspect", 0.5)), float(thresholds.get("spam", 0.8))
    fired = _fams(scores)
    if label == "spam":
        defects = _fams(scores, DEFECTS)
        tail = f" and defect family {defects} >= {FAMILY_DECISION}" if defects else ""
        return f"spam: score {score:.3f} >= spam {spam:.3f}{tail}"
    if label == "suspect":
        if raised_by is not None:
            before = f" {raised_from:.3f}" if raised_from is not None else ""
            return (
                f"suspect: {raised_by} {scores.get(raised_by, 0.0):.2f} >= {FAMILY_DECISION} "
                f"(degenerate text) raised the score{before} to suspect {sus:.3f}"
            )
        if abs(score - cap_below(spam)) < 1e-9 and not _fams(scores, DEFECTS):
            return (
                f"suspect: capped just below spam {spam:.3f} because no defect family "
                f"({', '.join(DEFECTS)}) reached {FAMILY_DECISION}; {_strongest(scores)}"
            )
        tail = (
            f"families >= {FAMILY_DECISION}: {fired}"
            if fired
            else f"no family reached {FAMILY_DECISION} ({_strongest(scores)}): the combined score decided"
        )
        return f"suspect: score {score:.3f} >= suspect {sus:.3f} and < spam {spam:.3f}; {tail}"
    if abs(score - cap_below(sus)) < 1e-9 and not _fams(scores, DECISIVE_FAMILIES):
        return (
            f"{label}: capped just below suspect {sus:.3f} because neither ai_padding nor a defect "
            f"family ({', '.join(DEFECTS)}) reached {FAMILY_DECISION}; {_strongest(scores)}"
        )
    tail = f"families >= {FAMILY_DECISION}: {fired}" if fired else _strongest(scores)
    return f"{label}: score {score:.3f} < suspect {sus:.3f}; {tail}"
