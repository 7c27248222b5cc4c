"""Detector family `spun` (placeholder: being written)."""

from __future__ import annotations

from typing import ClassVar

from ..document import Document
from .base import Findings


class Spun:
    family: ClassVar[str] = "spun"

    def detect(self, doc: Document) -> Findings:
        return Findings()
