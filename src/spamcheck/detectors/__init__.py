"""The five detector families, one module each, plus the quality statistics."""

from __future__ import annotations

from .ai_padding import AIPadding
from .base import FamilyDetector, Findings
from .boilerplate import Boilerplate
from .fragments import Fragments
from .metadata import PlaceholderMetadata
from .spun import Spun

ALL_FAMILIES: tuple[type, ...] = (AIPadding, Spun, Fragments, PlaceholderMetadata, Boilerplate)


def flag_types() -> dict[str, tuple[str, ...]]:
    """Every family (the quality family included) and the flag types it declares.

    >>> flag_types()["quality"]
    ('repeated_ngrams', 'repeated_word', 'repeated_lines')
    """
    from .quality import Quality

    return {cls.family: tuple(cls.flag_types) for cls in (*ALL_FAMILIES, Quality)}


__all__ = [
    "ALL_FAMILIES",
    "AIPadding",
    "Boilerplate",
    "FamilyDetector",
    "Findings",
    "Fragments",
    "PlaceholderMetadata",
    "Spun",
    "flag_types",
]
