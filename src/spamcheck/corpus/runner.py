"""The corpus runner: stream inputs in chunks, score them on a process pool, write
results in input order, checkpoint after every chunk, resume after a kill.

Memory is bounded by ``2 * jobs`` chunks in flight (each at most ``chunk_size``
records and about ``chunk_bytes`` bytes), whatever the corpus size. With workers,
chunks shrink towards the end of the input (:func:`guided_size`) so the workers
finish together.
"""

from __future__ import annotations

import fcntl
import gc
import json
import multiprocessing as mp
import os
import signal
import sys
import time
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from .items import Item, error_item
from .progress import Progress, count_total
from .readers import input_kind, progress_units, read_input
from .tally import Stats
from .work import Accumulator, Options, Packed, init_worker, merge_packs, one_thread, process_chunk
from .writers import CHECKPOINT, SUMMARY, Outputs, output_names, read_checkpoint, write_json_atomic

CHECKPOINT_VERSION = 1


class UsageError(Exception):
    """Bad arguments or an output directory that cannot be used (exit status 2)."""


class RunError(Exception):
    """The run cannot go on (workers keep dying); the checkpoint allows ``--resume``."""


class _AlreadyDone(Exception):
    """``--resume`` of a run that had finished: nothing to do."""


@dataclass
class RunConfig:
    """Everything a corpus run needs.

    >>> RunConfig(["a.jsonl"], "out").jobs
    1
    """

    inputs: list[str]
    out_dir: str
    jobs: int = 1
    options: Options = field(default_factory=Options)
    resume: bool = False
    overwrite: bool = False
    compress: bool = False
    chunk_size: int = 256
    chunk_bytes: int = 4 << 20
    log_every: float = 30.0
    quiet: bool = False


@dataclass
class _Chunk:
    items: list[Item]
    last: Item


def run_batch(cfg: RunConfig) -> dict[str, Any]:
    """Score a corpus; returns the summary (also written to ``out_dir/summary.json``)."""
    for p in cfg.inputs:
        if not os.path.exists(p):
            raise UsageError(f"{p}: no such file or directory")
        if input_kind(p) is None:
            raise UsageError(
                f"{p}: unsupported input (JSONL[.gz|.zst], Parquet, WARC[.gz], .txt/.html or a folder)"
            )
    os.makedirs(cfg.out_dir, exist_ok=True)
    lock = _lock(cfg.out_dir)
    try:
        return _Run(cfg).go()
    finally:
        lock.close()


def _lock(out_dir: str) -> Any:
    fh = open(os.path.join(out_dir, ".lock"), "w")  # noqa: SIM115 - closed by the caller
    try:
        fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as exc:
        fh.close()
        raise UsageError(f"{out_dir} is in use by another spamcheck batch run") from exc
    return fh


class _Run:
    def __init__(self, cfg: RunConfig) -> None:
        self.cfg = cfg
        self.names = output_names(cfg.options.split, cfg.compress)
        self.files = dict(zip(("scores", "errors", "kept", "dropped"), self.names, strict=False))
        self.desc = {
            "version": CHECKPOINT_VERSION,
            "inputs": [os.path.abspath(p) for p in cfg.inputs],
            "options": {
                "id_field": cfg.options.id_field,
                "text_field": cfg.options.text_field,
                "html_field": cfg.options.html_field,
                "split": cfg.options.split,
                "drop_labels": sorted(cfg.options.drop_labels),
                "compress": cfg.compress,
            },
        }
        self.stats = Stats()
        self.position: dict[str, Any] | None = None
        self.units = [progress_units(p) for p in cfg.inputs]
        self.session = 0
        self.done_units = 0
        self.started = datetime.now(timezone.utc).isoformat(timespec="seconds")

    # -- setup -------------------------------------------------------------
    def _open(self) -> Outputs:
        cfg, ck = self.cfg, read_checkpoint(self.cfg.out_dir)
        leftovers = [n for n in (*self.names, SUMMARY) if os.path.exists(os.path.join(cfg.out_dir, n))]
        if ck is not None and cfg.resume:
            mine = {k: ck.get(k) for k in self.desc}
            if mine != self.desc:
                raise UsageError(
                    f"{cfg.out_dir} holds a run with other inputs or options; "
                    "resume with the same arguments, or use --overwrite"
                )
            if ck.get("complete"):
                raise _AlreadyDone
            self.stats = Stats.from_dict(ck["stats"])
            self.position = ck["position"]
            return Outputs(cfg.out_dir, self.names, ck["outputs"])
        if (ck is not None or leftovers) and not cfg.overwrite:
            raise UsageError(
                f"{cfg.out_dir} already holds a run: use --resume to continue it "
                "or --overwrite to start again"
            )
        stale = {*output_names(True, True), *output_names(True, False), SUMMARY, CHECKPOINT}
        for n in sorted(stale):
            if os.path.exists(os.path.join(cfg.out_dir, n)):
                os.remove(os.path.join(cfg.out_dir, n))
        out = Outputs(cfg.out_dir, self.names)
        self._checkpoint(out.commit(), complete=False)
        return out

    def _checkpoint(self, sizes: dict[str, int], complete: bool) -> None:
        write_json_atomic(
            os.path.join(self.cfg.out_dir, CHECKPOINT),
            {
                **self.desc,
                "position": self.position,
                "outputs": sizes,
                "stats": self.stats.to_dict(),
                "complete": complete,
            },
        )

    # -- reading -----------------------------------------------------------
    def _items(self) -> Iterator[Item]:
        o = self.cfg.options
        cols = None if o.split else [c for c in (o.id_field, o.text_field, o.html_field) if c]
        pos = self.position
        for i, path in enumerate(self.cfg.inputs):
            if pos is not None and i < pos["input"]:
                continue
            start = tuple(pos["resume"]) if pos is not None and i == pos["input"] else ()
            try:
                yield from read_input(i, path, start, cols)
            except Exception as exc:  # a reader bug must not lose the rest of the corpus
                yield error_item(
                    i,
                    path,
                    -1,
                    None,
                    "unreadable",
                    f"reader failed: {type(exc).__name__}: {exc}",
                    resume=(-1,),
                )

    def _chunks(self) -> Iterator[_Chunk]:
        cfg = self.cfg
        # With workers, chunks shrink as the input runs out (guided scheduling), so the
        # last ones end close together instead of one worker scoring a whole last chunk
        # while the others wait. One process has no one to wait for: full chunks.
        guided = _Guide(self.units, cfg.jobs, cfg.chunk_size) if cfg.jobs > 1 else None
        limit = cfg.chunk_size
        buf: list[Item] = []
        size = 0
        for it in self._items():
            buf.append(it)
            size += _weight(it)
            if len(buf) >= limit or size >= cfg.chunk_bytes:
                yield _Chunk(buf, buf[-1])
                if guided is not None:
                    limit = guided.next_size(buf)
                buf, size = [], 0
        if buf:
            yield _Chunk(buf, buf[-1])

    # -- committing --------------------------------------------------------
    def _commit(self, out: Outputs, chunk: _Chunk, packed: Packed) -> None:
        blobs, stats = packed
        for key, blob in blobs.items():
            out.append(self.files[key], blob)
        self.stats.merge(stats)
        sizes = out.commit()
        self.position = {"input": chunk.last.input, "resume": list(chunk.last.resume)}
        self.stats.elapsed_before = self._elapsed_before + (time.monotonic() - self.t0)
        self._checkpoint(sizes, complete=False)
        self.session += stats.records_in + stats.skipped
        if self.progress:
            self.done_units = sum(self.units[: chunk.last.input]) + chunk.last.raw_pos
            self.progress.update(self.stats.records_in, self.done_units)

    # -- running -----------------------------------------------------------
    def go(self) -> dict[str, Any]:
        cfg = self.cfg
        try:
            out = self._open()
        except _AlreadyDone:
            with open(os.path.join(cfg.out_dir, SUMMARY), encoding="utf-8") as fh:
                return json.load(fh)
        self._elapsed_before = self.stats.elapsed_before
        self.t0 = time.monotonic()
        self.progress = (
            None
            if cfg.quiet
            else Progress(
                sum(self.units),
                every=cfg.log_every,
                already=self.stats.records_in,
                total_records=count_total(cfg.inputs),
            )
        )
        old_term = signal.signal(signal.SIGTERM, _raise_interrupt)
        complete = False
        try:
            if cfg.jobs <= 1:
                from .. import default_detector

                default_detector()
                limiter = one_thread()
                try:
                    for chunk in self._chunks():
                        self._commit(out, chunk, process_chunk(chunk.items, cfg.options))
                finally:
                    if limiter is not None:
                        limiter.restore_original_limits()
            else:
                self._parallel(out)
            complete = True
        finally:
            signal.signal(signal.SIGTERM, old_term)
            if self.progress:
                done = sum(self.units) if complete else self.done_units
                self.progress.update(self.stats.records_in, done, force=True)
                self.progress.close()
            sizes = out.commit()
            out.close()
            if complete:
                self.stats.elapsed_before = self._elapsed_before + (time.monotonic() - self.t0)
                self._checkpoint(sizes, complete=True)
            summary = self._summary(complete)
            write_json_atomic(os.path.join(cfg.out_dir, SUMMARY), summary)
        return summary

    def _parallel(self, out: Outputs) -> None:
        jobs = self.cfg.jobs
        from .. import default_detector

        # Built once here, before the fork: the workers inherit it (init_worker finds it
        # cached) instead of each re-reading the model and rebuilding the collocation
        # index, seconds of CPU per worker, and share its pages copy-on-write.
        default_detector()
        # Move everything built so far (model, lexicon tables) out of the collector's reach:
        # a worker's collections would otherwise walk those objects and dirty their pages,
        # copying the shared tables into every worker.
        gc.freeze()
        ex = _executor(jobs)
        # With fork, the first submit starts every worker: do it before any reader
        # (pyarrow) has started threads, so no worker is forked holding their locks.
        ex.submit(int).result()
        pending: deque[tuple[_Chunk, Future[Packed]]] = deque()
        try:
            for chunk in self._chunks():
                pending.append((chunk, ex.submit(process_chunk, chunk.items, self.cfg.options)))
                while len(pending) >= 2 * jobs:
                    ex = self._finish_oldest(out, pending, ex)
            while pending:
                ex = self._finish_oldest(out, pending, ex)
        finally:
            ex.shutdown(wait=True, cancel_futures=True)

    def _finish_oldest(
        self, out: Outputs, pending: deque[tuple[_Chunk, Future[Packed]]], ex: ProcessPoolExecutor
    ) -> ProcessPoolExecutor:
        chunk, fut = pending[0]
        try:
            packed = fut.result()
        except BrokenProcessPool:
            # A worker died (out of memory, a crash in a C extension). Score this
            # chunk record by record in fresh pools so only the culprit is lost,
            # then resubmit the chunks that were queued behind it.
            ex.shutdown(wait=False, cancel_futures=True)
            packed = _isolate(chunk.items, self.cfg.options)
            ex = _executor(self.cfg.jobs, "spawn")
            for i in range(1, len(pending)):
                c, _ = pending[i]
                pending[i] = (c, ex.submit(process_chunk, c.items, self.cfg.options))
        pending.popleft()
        self._commit(out, chunk, packed)
        return ex

    def _summary(self, complete: bool) -> dict[str, Any]:
        el = time.monotonic() - self.t0
        counts = self.stats.summary(el, self.session, self.cfg.inputs)
        if not self.cfg.options.split:
            del counts["kept"], counts["dropped"]
        return {
            "complete": complete,
            **counts,
            "inputs": self.cfg.inputs,
            "options": self.desc["options"],
            "jobs": self.cfg.jobs,
            "outputs": self.names,
            "started": self.started,
            "finished": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        }


def _executor(jobs: int, method: str = "fork") -> ProcessPoolExecutor:
    # fork: workers start in milliseconds and share the parent's imported code;
    # pools rebuilt mid-run (after a crash) use spawn, as reader threads may exist.
    if method not in mp.get_all_start_methods():
        method = "spawn"
    return ProcessPoolExecutor(jobs, mp_context=mp.get_context(method), initializer=init_worker)


MAX_CRASHES = 5  # worker deaths in a row before the run stops (a broken setup, not a bad record)


def _isolate(items: list[Item], opts: Options) -> Packed:
    """Score a chunk whose worker died, one record per task, so only the culprit is lost."""
    from .work import _err

    packs: list[Packed] = []
    ex = _executor(1, "spawn")
    streak = 0
    try:
        for it in items:
            try:
                packs.append(ex.submit(process_chunk, [it], opts).result())
                streak = 0
            except BrokenProcessPool:
                streak += 1
                if streak >= MAX_CRASHES:
                    raise RunError(
                        f"worker processes died {streak} times in a row (out of memory? a broken install?); "
                        "fix the cause and rerun with --resume"
                    ) from None
                ex.shutdown(wait=False, cancel_futures=True)
                ex = _executor(1, "spawn")
                acc = Accumulator()
                acc.add(
                    it.input, _err(it, "worker_crash", "the worker process died while scoring this record")
                )
                packs.append(acc.pack())
    finally:
        ex.shutdown(wait=True)
    return merge_packs(packs)


MIN_GUIDED_CHUNK = 32  # smallest guided chunk: below it the model's per-call cost shows


def guided_size(remaining_records: float, jobs: int, chunk_size: int) -> int:
    """Records in the next chunk: a ``2 * jobs``-th of what is left, within [32, chunk_size].

    >>> guided_size(100_000, 2, 256), guided_size(600, 2, 256), guided_size(40, 2, 256)
    (256, 150, 32)
    """
    want = int(remaining_records // (2 * jobs))
    return max(min(MIN_GUIDED_CHUNK, chunk_size), min(chunk_size, want))


class _Guide:
    """Estimates the records left from the input bytes left and sizes chunks with it.

    Sizes are only a schedule: outputs are per record and in input order whatever
    the chunks are, so a poor estimate (compressed input read in blocks, records of
    uneven size) costs balance, never correctness.
    """

    def __init__(self, units: list[int], jobs: int, chunk_size: int) -> None:
        self.before = [sum(units[:i]) for i in range(len(units))]
        self.total = sum(units)
        self.jobs = jobs
        self.chunk_size = chunk_size
        self.start: int | None = None  # input position after this session's first item
        self.records = 0  # records read since then

    def _pos(self, it: Item) -> int:
        return self.before[it.input] + it.raw_pos if it.input < len(self.before) else self.total

    def next_size(self, chunk: list[Item]) -> int:
        """Size of the chunk after ``chunk`` (the chunk just cut, in input order)."""
        if self.start is None:
            # Rate from the bytes after this session's first item (a resumed run starts midway).
            self.start = self._pos(chunk[0])
            self.records -= 1
        self.records += len(chunk)
        pos = self._pos(chunk[-1])
        read = pos - self.start
        if read <= 0 or self.records <= 0 or self.total <= 0:
            return self.chunk_size
        return guided_size(max(self.total - pos, 0) * self.records / read, self.jobs, self.chunk_size)


def _weight(it: Item) -> int:
    p = it.payload
    if isinstance(p, (bytes, str)):
        return len(p)
    if isinstance(p, tuple):
        return len(p[1])
    if isinstance(p, dict):
        return sum(len(v) for v in p.values() if isinstance(v, (str, bytes)))
    return 64


def _raise_interrupt(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt


def log(msg: str) -> None:
    print(f"spamcheck batch: {msg}", file=sys.stderr)
