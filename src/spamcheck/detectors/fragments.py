"""Detector family `fragments` (placeholder: being written)."""

from __future__ import annotations

from typing import ClassVar

from ..document import Document
from .base import Findings


class Fragments:
    family: ClassVar[str] = "fragments"

    def detect(self, doc: Document) -> Findings:
        return Findings()
