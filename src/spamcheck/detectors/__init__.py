"""The five detector families, one module each, and a registry of them by name.

>>> sorted(FAMILY_REGISTRY)
['ai_padding', 'boilerplate', 'fragments', 'placeholder_metadata', 'spun']
>>> [f.family for f in build_families(["spun", "boilerplate"])]
['spun', 'boilerplate']
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from .ai_padding import AIPadding
from .base import FamilyDetector, Findings
from .boilerplate import Boilerplate
from .fragments import Fragments
from .metadata import PlaceholderMetadata
from .spun import Spun

ALL_FAMILIES: tuple[type, ...] = (AIPadding, Spun, Fragments, PlaceholderMetadata, Boilerplate)
# dolma-style registry: a family by the name its flags carry.
FAMILY_REGISTRY: dict[str, type] = {cls.family: cls for cls in ALL_FAMILIES}


def build_families(
    names: Sequence[str] | None = None, options: Mapping[str, Mapping[str, Any]] | None = None
) -> list[FamilyDetector]:
    """Instances of the named families (default: all, in the standard order).

    ``options`` maps a family name to its constructor keywords (its thresholds).
    An unknown name is a :class:`ValueError`, never silently skipped.
    """
    names = list(FAMILY_REGISTRY) if names is None else list(names)
    options = options or {}
    unknown = sorted(set(names).union(options) - set(FAMILY_REGISTRY))
    if unknown:
        raise ValueError(f"unknown detector families {unknown}; known: {sorted(FAMILY_REGISTRY)}")
    return [FAMILY_REGISTRY[n](**options.get(n, {})) for n in names]

def flag_types() -> dict[str, tuple[str, ...]]:
    """Every family (the quality family included) and the flag types it declares.

    >>> flag_types()["quality"]
    ('repeated_ngrams', 'repeated_word', 'repeated_lines')
    """
    from .quality import Quality

    return {cls.family: tuple(cls.flag_types) for cls in (*ALL_FAMILIES, Quality)}


__all__ = [
    "ALL_FAMILIES",
    "FAMILY_REGISTRY",
    "AIPadding",
    "Boilerplate",
    "FamilyDetector",
    "Findings",
    "Fragments",
    "PlaceholderMetadata",
    "Spun",
    "build_families",
    "flag_types",
]
