"""Gopher/C4/FineWeb quality statistics: numbers for the model, not a flag family."""

from .stats import quality_stats

__all__ = ["quality_stats"]
