"""spamcheck: find machine-made filler in ingested text and say why.

>>> import spamcheck
>>> r = spamcheck.score("Lorem ipsum dolor sit amet, consectetur adipiscing elit.")
>>> r.label in ("clean", "suspect", "spam")
True
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .detector import Detector, default_detector
from .result import FAMILIES, Flag, Result

__version__ = "0.1.0"


def score(data: str | bytes, *, doc_id: str | None = None, html: bool | None = None) -> Result:
    """Score one document (plain text or HTML, ``str`` or ``bytes``).

    >>> sorted({f.type for f in score("Certainly! Here is the article you asked for.").flags})
    ['chatbot_leak', 'stock_phrase']
    """
    return default_detector().score(data, doc_id=doc_id, html=html)


def score_many(
    items: Iterable[str | bytes | tuple[str, str | bytes]], *, n_jobs: int = 1
) -> list[Result]:
    """Score many documents, in input order, on ``n_jobs`` processes.

    >>> [r.label for r in score_many(["plain human words here", "more words"])]
    ['clean', 'clean']
    """
    return default_detector().score_many(items, n_jobs=n_jobs)


def extract(html: str | bytes, **kwargs: Any):  # type: ignore[no-untyped-def]
    """Main text and labelled blocks of an HTML page; keyword arguments go to
    :func:`spamcheck.html.extract` (e.g. ``features=True``).

    >>> page = "<nav><a href='/'>Home</a></nav><p>The council met on Tuesday and agreed on the budget.</p>"
    >>> extract(page).main_text
    'The council met on Tuesday and agreed on the budget.'
    >>> len(extract("<p>Hello there, reader.</p>", features=True).block_features)
    1
    """
    from .html.extraction import extract as _extract

    return _extract(html, **kwargs)


__all__ = [
    "FAMILIES",
    "Detector",
    "Flag",
    "Result",
    "__version__",
    "default_detector",
    "extract",
    "score",
    "score_many",
]
