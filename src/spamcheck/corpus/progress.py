"""Progress on stderr: a bar on a terminal, a plain log line every so often otherwise."""

from __future__ import annotations

import sys
import time
from typing import TextIO


def _hms(seconds: float) -> str:
    s = int(seconds)
    return f"{s // 3600}:{s % 3600 // 60:02d}:{s % 60:02d}"


class Progress:
    """Report records done, rate and (when the input size is known) an ETA.

    ``done_units``/``total_units`` measure input consumed (bytes or files), so the
    ETA works for compressed JSONL whose record count is unknown up front.

    >>> import io
    >>> p = Progress(100, stream=io.StringIO(), tty=False, every=0)
    >>> p.update(10, 50); "50.0%" in p.stream.getvalue()
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
    ) -> None:
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty() if tty is None else tty
        self.total = total_units
        self.every = 0.5 if self.tty else every
        self.start = time.monotonic()
        self.last = float("-inf") if every == 0 else self.start
        self.already = already  # records committed by earlier sessions (not in the rate)
        self.shown = -1

    def update(self, records: int, done_units: int, *, force: bool = False) -> None:
        now = time.monotonic()
        if not force and now - self.last < self.every:
            return
        if force and records == self.shown:
            return  # the closing update repeats the last line
        self.last, self.shown = now, records
        el = now - self.start
        rate = (records - self.already) / el if el > 0 else 0.0
        msg = f"{records:,} records  {rate:,.0f} rec/s  {_hms(el)} elapsed"
        if self.total > 0:
            frac = min(1.0, done_units / self.total)
            msg += f"  {frac:.1%}"
            if 0 < frac < 1:
                msg += f"  ETA {_hms(el * (1 - frac) / frac)}"
            if self.tty:
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
