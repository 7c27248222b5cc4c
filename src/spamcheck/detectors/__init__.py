"""The five detector families, one module each, plus the quality statistics."""

from __future__ import annotations

from .ai_padding import AIPadding
from .base import FamilyDetector, Findings
from .boilerplate import Boilerplate
from .fragments import Fragments
from .metadata import PlaceholderMetadata
from .spun import Spun

ALL_FAMILIES: tuple[type, ...] = (AIPadding, Spun, Fragments, PlaceholderMetadata, Boilerplate)

__all__ = ["ALL_FAMILIES", "AIPadding", "Boilerplate", "FamilyDetector", "Findings",
           "Fragments", "PlaceholderMetadata", "Spun"]
