"""Detector family `boilerplate` (placeholder: being written)."""

from __future__ import annotations

from typing import ClassVar

from ..document import Document
from .base import Findings


class Boilerplate:
    family: ClassVar[str] = "boilerplate"

    def detect(self, doc: Document) -> Findings:
        return Findings()
