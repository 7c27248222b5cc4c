"""What every detector family provides.

A family is one small class: built once with its resources loaded, then
``detect(doc) -> Findings`` per document. It never reads files at call time.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar, Protocol

from ..result import Flag
from ..text.document import Document


@dataclass(slots=True)
class Findings:
    """What a family found in one document.

    ``features`` are numbers for the classifier (named ``<family>.<name>``);
    ``coverage`` says what ran: ``"full"``, or ``"partial: ..."`` /
    ``"skipped: ..."`` with the reason (e.g. English-only lexicons on German text).
    """

    flags: list[Flag] = field(default_factory=list)
    features: dict[str, float] = field(default_factory=dict)
    coverage: str = "full"


class FamilyDetector(Protocol):
    """One detector family (datatrove-style: settings are constructor keywords).

    ``family`` is the name its flags carry and the registry key; ``prose_only``
    families get :meth:`Document.prose` (the main text, HTML boilerplate blanked),
    the others the whole page.
    """

    family: ClassVar[str]
    prose_only: ClassVar[bool]
    # Every flag type detect() can emit (the gate checks names against it).
    flag_types: ClassVar[tuple[str, ...]]

    def detect(self, doc: Document) -> Findings: ...


def check_thresholds(owner: str, *, integers: dict[str, object], numbers: dict[str, object]) -> None:
    """Validate a detector's threshold keyword arguments at the boundary (scikit-learn style).

    ``integers`` must be positive ints, ``numbers`` non-negative finite numbers.

    >>> check_thresholds("X", integers={"n": 3}, numbers={"share": 0.5})
    >>> check_thresholds("X", integers={"n": 0}, numbers={})
    Traceback (most recent call last):
    ...
    ValueError: X: n must be a positive integer, got 0
    """
    for name, value in integers.items():
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise ValueError(f"{owner}: {name} must be a positive integer, got {value!r}")
    for name, value in numbers.items():
        ok = isinstance(value, int | float) and not isinstance(value, bool)
        if not ok or not 0 <= float(value) < float("inf"):  # type: ignore[arg-type]
            raise ValueError(f"{owner}: {name} must be a finite number >= 0, got {value!r}")
