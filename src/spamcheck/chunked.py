"""Chunked scoring: the rules per document, the trained model once per chunk.

:meth:`Detector.score` runs the model on one row at a time, and for a 3 KB document a
one-row scikit-learn call (input validation, a one-row ``HashingVectorizer``
transform, the tree ensembles' set-up) costs more than every rule family together.
:func:`analyse_batch` prepares and analyses each document as :meth:`Detector.score`
does, then hands all of them to :meth:`SpamModel.apply_many` in one call. Every
model step is per row, so the scores are the same as one at a time (tested to 1e-9).

The batch command, :func:`spamcheck.score_many`, the Spark UDF and the datatrove
step all score through here.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from .result import Result

if TYPE_CHECKING:
    from .detector import Detector
    from .text.document import Document

# (doc_id, data, html): what one document to score is; html=None sniffs it.
BatchItem = tuple["str | None", "str | bytes", "bool | None"]
# Rows per model call: enough to amortise scikit-learn's per-call overhead (flat from
# about 100 rows on), small enough that a chunk's documents stay in cache and memory.
CHUNK_ROWS = 256


def analyse_batch(det: Detector, items: Iterable[BatchItem]) -> list[tuple[Result | Exception, str | None]]:
    """Score every item; per item ``(result, text its flag offsets index)`` or ``(exception, None)``.

    The text is the decoded input for plain text and the page's visible text for HTML
    (what :func:`spamcheck.extract` renders), so callers that show evidence in context
    need not decode or parse the input again. A document whose analysis raises comes
    back as the exception; the rest of the batch is still scored.

    >>> from spamcheck import default_detector
    >>> [(r.label, t) for r, t in analyse_batch(default_detector(), [("a", "Plain words here.", None)])]
    [('clean', 'Plain words here.')]
    """
    out: list[tuple[Result | Exception, str | None]] = []
    pending: list[tuple[int, Result, Document]] = []
    model = det.model
    for doc_id, data, html in items:
        try:
            prepared = det.prepare_input(data, doc_id=doc_id, html=html)
            if isinstance(prepared, Result):
                out.append((prepared, None))
                continue
            doc, warnings = prepared
            result = det.analyse(doc, warnings, apply_model=False)
        except Exception as exc:  # one bad document must not cost the chunk
            out.append((exc, None))
            continue
        out.append((result, doc.original))
        # An error result (no words) and a rules-scored one are already final.
        if model is not None and result.error is None:
            pending.append((len(out) - 1, result, doc))
            if len(pending) >= CHUNK_ROWS:
                # Apply and let go of the chunk's documents: memory stays flat in the input size.
                _apply_model(det, pending, out)
                pending = []
    if pending:
        _apply_model(det, pending, out)
    return out


def _apply_model(det: Detector, pending: list[tuple[int, Result, Document]], out: list) -> None:
    model = det.model
    try:
        model.apply_many([(r, d) for _, r, d in pending])  # type: ignore[union-attr]
        for _, result, _doc in pending:
            det.finish(result)
        return
    except Exception:
        # Features or prediction raised before any result was finished (apply_many
        # computes every row first), so score one at a time: only the culprit fails.
        pass
    for i, result, doc in pending:
        try:
            model.apply(result, doc)  # type: ignore[union-attr]
            det.finish(result)
        except Exception as exc:
            out[i] = (exc, None)


def score_batch(det: Detector, items: Iterable[BatchItem]) -> list[Result | Exception]:
    """:func:`analyse_batch` without the texts.

    >>> from spamcheck import default_detector
    >>> [r.label for r in score_batch(default_detector(), [(None, "Hello there, friend.", None)])]
    ['clean']
    """
    return [r for r, _ in analyse_batch(det, items)]


def score_with_text(
    det: Detector, data: str | bytes, *, doc_id: str | None = None, html: bool | None = None
) -> tuple[Result, str | None]:
    """Score one document and return the text its flag offsets index (None for an error result).

    One decode and, for HTML, one parse: callers that print evidence in context use
    this text instead of decoding and extracting the input a second time.

    >>> from spamcheck import default_detector
    >>> r, text = score_with_text(default_detector(), b"<p>Hello <b>there</b>, friend.</p>", html=True)
    >>> text
    'Hello there, friend.'
    """
    ((result, text),) = analyse_batch(det, [(doc_id, data, html)])
    if isinstance(result, Exception):
        raise result  # as Detector.score would
    return result, text
