"""What every detector family provides.

A family is one small class: built once with its resources loaded, then
``detect(doc) -> Findings`` per document. It never reads files at call time.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar, Protocol

from ..document import Document
from ..result import Flag


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
    family: ClassVar[str]
    # Every flag type detect() can emit (the gate checks names against it).
    flag_types: ClassVar[tuple[str, ...]]

    def detect(self, doc: Document) -> Findings: ...
