"""Standard quality statistics (placeholder: being written)."""

from __future__ import annotations

from ..document import Document


def quality_stats(doc: Document) -> dict[str, float]:
    return {"stats.n_words": float(len(doc.words))}
