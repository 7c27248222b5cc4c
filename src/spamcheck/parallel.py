"""In-memory many-document scoring for the API (the corpus runner lives in ``corpus/``)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .detector import Detector
    from .result import Result

Item = "str | bytes | tuple[str, str | bytes]"


def _split(item: object, n: int) -> tuple[str | None, object]:
    if isinstance(item, tuple) and len(item) == 2:
        return str(item[0]), item[1]
    return str(n), item


def _score_chunk(chunk: list[tuple[str | None, object]], factory: Callable[[], Detector]) -> list[Result]:
    # Runs in a worker: the process-wide detector loads its resources once.
    det = factory()
    return [det.score(data, doc_id=i) for i, data in chunk]  # type: ignore[arg-type]


def score_iter(
    items: Iterable[object],
    *,
    n_jobs: int = 1,
    detector: Detector,
    factory: Callable[[], Detector],
    chunk_size: int = 64,
) -> Iterator[Result]:
    """Yield one result per item, in input order.

    ``detector`` scores in this process (``n_jobs == 1``); with more jobs each worker
    calls ``factory`` (a picklable, cached builder such as
    :func:`spamcheck.detector.default_detector`).
    """
    pairs = (_split(it, n) for n, it in enumerate(items))
    if n_jobs == 1:
        for i, data in pairs:
            yield detector.score(data, doc_id=i)  # type: ignore[arg-type]
        return
    from joblib import Parallel, delayed

    def chunks() -> Iterator[list[tuple[str | None, object]]]:
        while True:
            c = list(islice(pairs, chunk_size))
            if not c:
                return
            yield c

    par = Parallel(n_jobs=n_jobs, return_as="generator")
    for results in par(delayed(_score_chunk)(c, factory) for c in chunks()):
        yield from results
