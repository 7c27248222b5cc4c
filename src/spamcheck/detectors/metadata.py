"""Detector family `placeholder_metadata` (placeholder: being written)."""

from __future__ import annotations

from typing import ClassVar

from ..document import Document
from .base import Findings


class PlaceholderMetadata:
    family: ClassVar[str] = "placeholder_metadata"

    def detect(self, doc: Document) -> Findings:
        return Findings()
