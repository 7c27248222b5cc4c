"""In-memory many-document scoring for the API (the corpus runner lives in ``corpus/``).

Documents are scored in chunks (:mod:`spamcheck.chunked`: the rules per document,
the model once per chunk). With ``n_jobs > 1`` the chunks go to a pool of forked
processes that inherit the caller's already-built detector, so a worker starts in
milliseconds instead of re-importing and re-loading the model (a spawned worker
spends about a second on that, which is what made 400 documents slower on two
jobs than on one). Inputs too small to feed every worker at least
:data:`MIN_PER_JOB` documents are scored in-process: below that the pool costs
more than it saves.
"""

from __future__ import annotations

import multiprocessing as mp
from collections import deque
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import TYPE_CHECKING, Any

from .chunked import CHUNK_ROWS

if TYPE_CHECKING:
    from .detector import Detector
    from .result import Result

Item = "str | bytes | tuple[str, str | bytes]"

# Chunks larger than this many characters are cut early (memory, and load balance).
CHUNK_CHARS = 8_000_000
# Fewer documents per worker than this and the pool is not worth starting.
MIN_PER_JOB = 48

# The detector a forked worker scores with: set in the parent just before the fork.
_WORKER_DETECTOR: Any = None


def _split(item: object, n: int) -> tuple[str | None, object]:
    if isinstance(item, tuple) and len(item) == 2:
        return str(item[0]), item[1]
    return str(n), item


Pair = tuple["str | None", object]


def _chunks(pairs: Iterator[Pair], rows: int) -> Iterator[list[Pair]]:
    buf: list[Pair] = []
    size = 0
    for p in pairs:
        buf.append(p)
        size += len(p[1]) if isinstance(p[1], (str, bytes)) else 0
        if len(buf) >= rows or size >= CHUNK_CHARS:
            yield buf
            buf, size = [], 0
    if buf:
        yield buf


def _score_chunk(det: Detector, chunk: list[tuple[str | None, object]]) -> list[Result]:
    out = []
    for r in det.score_batch([(i, data, None) for i, data in chunk]):  # type: ignore[misc]
        if isinstance(r, Exception):
            raise r  # as Detector.score would
        out.append(r)
    return out


def _worker_chunk(chunk: list[tuple[str | None, object]]) -> list[Result]:
    return _score_chunk(_WORKER_DETECTOR, chunk)


def _worker_init() -> None:
    # Parallelism comes from the processes: one OpenMP/BLAS thread each.
    from .numeric import one_thread

    one_thread()


def score_iter(
    items: Iterable[object],
    *,
    n_jobs: int = 1,
    detector: Detector,
    chunk_size: int = CHUNK_ROWS,
) -> Iterator[Result]:
    """Yield one result per item, in input order (items: texts or ``(id, text)`` pairs).

    ``detector`` scores in this process; with more jobs, forked workers inherit it.
    """
    det = detector
    pairs = (_split(it, n) for n, it in enumerate(items))
    if n_jobs != 1:
        n_jobs = max(1, n_jobs if n_jobs > 0 else mp.cpu_count())
    head = list(islice(pairs, MIN_PER_JOB * n_jobs))
    if n_jobs == 1 or len(head) < MIN_PER_JOB * n_jobs or "fork" not in mp.get_all_start_methods():
        for chunk in _chunks(_chain(head, pairs), chunk_size):
            yield from _score_chunk(det, chunk)
        return
    yield from _parallel(det, _chain(head, pairs), n_jobs, min(chunk_size, 64))


def _chain(head: list, rest: Iterator) -> Iterator:
    yield from head
    yield from rest


def _parallel(det: Detector, pairs: Iterator[Pair], n_jobs: int, rows: int) -> Iterator[Result]:
    from concurrent.futures import ProcessPoolExecutor

    global _WORKER_DETECTOR
    _WORKER_DETECTOR = det
    # Chunks of at most 64 rows: still one model call per 64 documents, and small
    # enough that two workers share a few hundred documents evenly. At most
    # 2 * n_jobs chunks are in flight, so memory does not grow with the input.
    ex = ProcessPoolExecutor(n_jobs, mp_context=mp.get_context("fork"), initializer=_worker_init)
    try:
        pending: deque[Any] = deque()
        for chunk in _chunks(pairs, rows):
            pending.append(ex.submit(_worker_chunk, chunk))
            while len(pending) >= 2 * n_jobs:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()
    finally:
        ex.shutdown(wait=True, cancel_futures=True)
        _WORKER_DETECTOR = None
