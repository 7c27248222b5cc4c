"""The report contract: :class:`Flag` and :class:`Result`.

The JSON shape is fixed so that outside tools can read it::

    {"id", "score", "label", "scores": {family: 0..1}, "flags": [{"family", "type",
     "start", "end", "text", "reason", "strength"}], "features": {...}}

``label`` is ``clean``, ``suspect``, ``spam`` or ``error`` (the input could not be
judged: not text, binary, empty; ``error`` then says why and ``score`` is 0).
``flags`` are ordered strongest first (ties by offset);
:meth:`Result.flags_by_offset` gives them in text order.

Extra fields (``why``, ``language``, ``detectors``, ``scorer``, ``warnings`` ...) are
added after those and never change the meaning of the fixed ones. ``why`` is one
line saying which scores and thresholds decided the label.

``json.dumps(result.to_dict())`` gives the contract; for structures holding
results, ``json.dumps(obj, default=spamcheck.result.jsonable)``.
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
    "quality",
)
LABELS: tuple[str, ...] = ("clean", "suspect", "spam", "error")
# The labels of a judged document; "error" marks one that could not be judged.
JUDGED_LABELS: tuple[str, ...] = ("clean", "suspect", "spam")


@dataclass(frozen=True, slots=True)
class Flag:
    """One finding: a typed span of the original text with the reason it fired.

    ``start``/``end`` are offsets into the original text (for HTML input: into the
    visible text that :func:`spamcheck.extract` renders), ``text`` is
    ``original[start:end]``; ``strength`` is in 0..1.

    >>> Flag("fragments", "prompt_leak", 0, 13, "Input Keyword", "prompt data", 0.9).end
    13
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


@dataclass(slots=True, repr=False)
class Result:
    """Everything spamcheck concluded about one document.

    :meth:`to_dict` is the JSON contract (``json.dumps(result.to_dict())``);
    :meth:`to_json` the same as a string. The ``repr`` is one short line.

    >>> r = Result(id="d1", score=0.1, label="clean")
    >>> r.to_dict()["label"]
    'clean'
    >>> r
    Result(id='d1', label='clean', score=0.100, flags=0)
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
    why: str = ""

    def to_dict(self) -> dict[str, Any]:
        """The contract shape as plain ``dict``/``list``/``str``/``float`` values.

        Fixed keys first (``id``, ``score``, ``label``, ``scores``, ``flags``,
        ``features``), then the extra fields; ``json.dumps`` accepts the result.

        >>> import json
        >>> json.loads(json.dumps(Result(id="d1", score=0.25, label="clean").to_dict()))["score"]
        0.25
        """
        return {
            "id": self.id,
            "score": round(float(self.score), 6),
            "label": self.label,
            "scores": {k: round(float(v), 6) for k, v in self.scores.items()},
            "flags": [f.to_dict() for f in self.flags],
            "features": {k: _json_number(v) for k, v in self.features.items()},
            "why": self.why,
            "language": self.language,
            "detectors": self.detectors,
            "scorer": self.scorer,
            "input_kind": self.input_kind,
            "warnings": self.warnings,
            "error": self.error,
        }

    def to_json(self) -> str:
        """``to_dict()`` as one line of JSON (UTF-8 characters kept as they are)."""
        return json.dumps(self.to_dict(), ensure_ascii=False, sort_keys=False)

    def flags_by_offset(self) -> list[Flag]:
        """The flags in text order (``flags`` itself is strongest first).

        >>> r = Result("d", 0.5, "suspect", flags=[Flag("spun", "t", 9, 12, "abc", "r", 0.9),
        ...                                          Flag("spun", "t", 0, 3, "xyz", "r", 0.2)])
        >>> [f.start for f in r.flags_by_offset()]
        [0, 9]
        """
        return sorted(self.flags, key=lambda f: (f.start, f.end, f.family, f.type))

    def __repr__(self) -> str:
        top = max(self.flags, key=lambda f: f.strength, default=None)
        extra = f", top={top.family}/{top.type} {top.strength:.2f}" if top else ""
        if self.error:
            extra += f", error={_short(self.error)!r}"
        return (
            f"Result(id={_short(str(self.id)) if self.id is None else repr(_short(self.id))}, "
            f"label={self.label!r}, score={self.score:.3f}, flags={len(self.flags)}{extra})"
        )


def by_strength(flags: list[Flag]) -> list[Flag]:
    """Strongest first; ties in text order (how evidence is shown everywhere).

    >>> weak, strong = Flag("a", "t", 0, 1, "x", "r", 0.2), Flag("a", "t", 5, 6, "y", "r", 0.9)
    >>> [f.strength for f in by_strength([weak, strong])]
    [0.9, 0.2]
    """
    return sorted(flags, key=lambda f: (-f.strength, f.start, f.end, f.family, f.type))


def jsonable(obj: Any) -> Any:
    """A ``default=`` for :func:`json.dumps`: results and flags as their ``to_dict()``.

    >>> json.dumps({"run": 1, "results": [Result("d", 0.0, "clean")]}, default=jsonable)[:40]
    '{"run": 1, "results": [{"id": "d", "scor'
    """
    if isinstance(obj, (Result, Flag)):
        return obj.to_dict()
    raise TypeError(f"{type(obj).__name__} is not JSON serialisable")


def _short(s: str, n: int = 40) -> str:
    return s if len(s) <= n else s[: n - 1] + "…"


def _json_number(v: float) -> float:
    # NaN/inf are not JSON; a feature that cannot be computed is reported as 0.
    v = float(v)
    if v != v or v in (float("inf"), float("-inf")):
        return 0.0
    return round(v, 6)
