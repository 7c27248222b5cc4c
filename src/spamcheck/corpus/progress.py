"""Progress on stderr: a bar on a terminal, a plain log line every so often otherwise.

Progress is counted in records. The total is the true record count when it is
cheap to know (:func:`count_records`: Parquet metadata, a plain JSONL file of
moderate size, single text files); otherwise it is estimated from the input
bytes consumed so far (records per byte times the input size) and shown with a
``~``. The ETA divides the records left by the rate measured since the first
chunk was committed, so start-up (loading the model, starting workers) does not
inflate it.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Sequence
from typing import TextIO

# A plain JSONL input up to this size is counted line by line before the run
# (a fraction of a second); beyond it, and for compressed inputs, the total is
# estimated from the bytes read.
COUNT_MAX_BYTES = 64 << 20


def _hms(seconds: float) -> str:
    s = int(seconds)
    return f"{s // 3600}:{s % 3600 // 60:02d}:{s % 60:02d}"


def count_records(path: str) -> int | None:
    """Records in one input when that is cheap to know, else ``None``.

    >>> import tempfile
    >>> p = os.path.join(tempfile.mkdtemp(), "a.jsonl")
    >>> _ = open(p, "wb").write(b'{"text": "a"}\\n\\n{"text": "b"}\\nnot json\\n')
    >>> count_records(p), count_records(p + ".gz")
    (3, None)
    """
    from .readers import input_kind
    from .streams import compression_of

    kind = input_kind(path)
    try:
        if kind == "file":
            return 1
        if kind == "jsonl" and not compression_of(path) and os.path.getsize(path) <= COUNT_MAX_BYTES:
            # Blank lines are not records (the reader skips them); every other line is one.
            with open(path, "rb") as fh:
                return sum(1 for line in fh if line.strip())
        if kind == "parquet":
            import pyarrow.parquet as pq

            return int(pq.ParquetFile(path).metadata.num_rows)
    except (OSError, ImportError, ValueError):
        return None
    except Exception:  # pyarrow raises its own types for a damaged file; the run reports it
        return None
    return None


def count_total(paths: Sequence[str]) -> int | None:
    """Records in all inputs, or ``None`` when any of them would have to be read to know."""
    total = 0
    for p in paths:
        n = count_records(p)
        if n is None:
            return None
        total += n
    return total


class Progress:
    """Report records done, of how many, the rate and an ETA.

    ``total_records``: the true total when known; else ``done_units``/``total_units``
    (input bytes consumed / input size) turn the records so far into an estimate.

    >>> import io
    >>> p = Progress(100, stream=io.StringIO(), tty=False, every=0, total_records=40)
    >>> p.update(10, 50); "10 / 40 records" in p.stream.getvalue()
    True
    """

    def __init__(
        self,
        total_units: int,
        *,
        stream: TextIO | None = None,
        tty: bool | None = None,
        every: float = 30.0,
        already: int = 0,
        total_records: int | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty() if tty is None else tty
        self.total = total_units
        self.total_records = total_records
        self.every = 0.5 if self.tty else every
        self.clock = clock
        self.start = clock()
        self.last = float("-inf") if every == 0 else self.start
        self.already = already  # records committed by earlier sessions (not in the rate)
        self.shown = -1
        self.first: tuple[float, int] | None = None  # (time, records) at the first committed chunk

    def estimate(self, records: int, done_units: int) -> tuple[int | None, bool]:
        """``(total records, exact?)``: the known total, or one from records per input byte."""
        if self.total_records is not None:
            return max(self.total_records, records), True
        if self.total > 0 and done_units > 0:
            return max(records, round(records * self.total / min(done_units, self.total))), False
        return None, False

    def rate(self, records: int, now: float) -> float:
        """Records per second since the first committed chunk (the whole session before that)."""
        if self.first is not None and now > self.first[0] and records > self.first[1]:
            return (records - self.first[1]) / (now - self.first[0])
        el = now - self.start
        return (records - self.already) / el if el > 0 else 0.0

    def update(self, records: int, done_units: int, *, force: bool = False) -> None:
        now = self.clock()
        if self.first is None and records > self.already:
            self.first = (now, records)
        if not force and now - self.last < self.every:
            return
        if force and records == self.shown:
            return  # the closing update repeats the last line
        self.last, self.shown = now, records
        el = now - self.start
        rate = self.rate(records, now)
        total, exact = self.estimate(records, done_units)
        if total:
            frac = min(1.0, records / total)
            msg = f"{records:,} / {'' if exact else '~'}{total:,} records  {frac:.1%}"
        else:
            frac = 0.0
            msg = f"{records:,} records"
        msg += f"  {rate:,.0f} rec/s  {_hms(el)} elapsed"
        if total and rate > 0 and records < total:
            msg += f"  ETA {_hms((total - records) / rate)}"
        if self.tty and total:
            width = 24
            filled = int(width * frac)
            msg = "[" + "#" * filled + "-" * (width - filled) + "] " + msg
        if self.tty:
            self.stream.write("\r\x1b[K" + msg)
        else:
            self.stream.write(f"spamcheck batch: {msg}\n")
        self.stream.flush()

    def close(self) -> None:
        if self.tty:
            self.stream.write("\n")
            self.stream.flush()
