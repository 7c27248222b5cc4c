"""Adapters that run spamcheck inside other engines.

- :mod:`spamcheck.integrations.spark`: score a Spark DataFrame column (``spark`` extra).
- :mod:`spamcheck.integrations.datatrove`: annotate and filter documents in a
  datatrove pipeline (``datatrove`` extra).

Neither engine is imported until you import its module, so ``import spamcheck``
never needs them. Both write the same fields, built here by :func:`result_fields`.
"""

from __future__ import annotations

from typing import Any

from ..result import FAMILIES, Result

# The order of a flag's fields in every engine's output (the Result contract order).
FLAG_FIELDS: tuple[str, ...] = ("family", "type", "start", "end", "text", "reason", "strength")


def result_fields(result: Result) -> dict[str, Any]:
    """The engine-neutral columns of one result: score, label, family scores, flags, error.

    Values are plain Python (float, str, dict, list of dicts) so Arrow and JSON take them
    as they are; scores keep full float precision (no rounding), so an engine's numbers
    equal the single-machine ``Result`` exactly.

    >>> import spamcheck
    >>> f = result_fields(spamcheck.score("Lorem ipsum dolor sit amet, consectetur adipiscing elit."))
    >>> sorted(f), sorted(f["scores"]) == sorted(spamcheck.FAMILIES)
    (['error', 'flags', 'label', 'score', 'scores'], True)
    """
    return {
        "score": float(result.score),
        "label": result.label,
        "scores": {fam: float(result.scores.get(fam, 0.0)) for fam in FAMILIES},
        "flags": [
            {
                "family": f.family,
                "type": f.type,
                "start": int(f.start),
                "end": int(f.end),
                "text": f.text,
                "reason": f.reason,
                "strength": float(f.strength),
            }
            for f in result.flags
        ],
        "error": result.error,
    }


__all__ = ["FLAG_FIELDS", "result_fields"]
