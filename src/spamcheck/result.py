"""The report contract: :class:`Flag` and :class:`Result`.

The JSON shape is fixed so that outside tools can read it::

    {"id", "score", "label", "scores": {family: 0..1}, "flags": [{"family", "type",
     "start", "end", "text", "reason", "strength"}], "features": {...}}

Extra fields (``language``, ``detectors``, ``scorer``, ``warnings`` ...) are added
after those and never change the meaning of the fixed ones.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any

FAMILIES: tuple[str, ...] = (
    "ai_padding",
    "spun",
    "fragments",
    "placeholder_metadata",
    "boilerplate",
)
LABELS: tuple[str, ...] = ("clean", "suspect", "spam")


@dataclass(frozen=True, slots=True)
class Flag:
    """One finding: a typed span of the original text with the reason it fired.

    ``start``/``end`` are offsets into the original text (for HTML input: into the
    visible text that :func:`spamcheck.extract` renders), ``text`` is
    ``original[start:end]``; ``strength`` is in 0..1.

    >>> Flag("fragments", "prompt_leak", 0, 12, "Data Kalimat", "prompt data", 0.9).end
    12
    """

    family: str
    type: str
    start: int
    end: int
    text: str
    reason: str
    strength: float

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class Result:
    """Everything spamcheck concluded about one document.

    >>> r = Result(id="d1", score=0.1, label="clean")
    >>> r.to_dict()["label"]
    'clean'
    """

    id: str | None
    score: float
    label: str
    scores: dict[str, float] = field(default_factory=lambda: dict.fromkeys(FAMILIES, 0.0))
    flags: list[Flag] = field(default_factory=list)
    features: dict[str, float] = field(default_factory=dict)
    language: str = "unknown"
    detectors: dict[str, str] = field(default_factory=dict)
    scorer: str = "rules"
    input_kind: str = "text"
    warnings: list[str] = field(default_factory=list)
    error: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The contract shape, fixed keys first, then the extra fields."""
        return {
            "id": self.id,
            "score": round(float(self.score), 6),
            "label": self.label,
            "scores": {k: round(float(v), 6) for k, v in self.scores.items()},
            "flags": [f.to_dict() for f in self.flags],
            "features": {k: _json_number(v) for k, v in self.features.items()},
            "language": self.language,
            "detectors": self.detectors,
            "scorer": self.scorer,
            "input_kind": self.input_kind,
            "warnings": self.warnings,
            "error": self.error,
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, sort_keys=False)


def _json_number(v: float) -> float:
    # NaN/inf are not JSON; a feature that cannot be computed is reported as 0.
    v = float(v)
    if v != v or v in (float("inf"), float("-inf")):
        return 0.0
    return round(v, 6)
