"""Detector family `ai_padding` (placeholder: being written)."""

from __future__ import annotations

from typing import ClassVar

from ..document import Document
from .base import Findings


class AIPadding:
    family: ClassVar[str] = "ai_padding"

    def detect(self, doc: Document) -> Findings:
        return Findings()
