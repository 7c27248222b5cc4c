"""Byte streams over plain, gzip and zstd files that never lose decoded bytes.

``gzip.GzipFile`` raises ``EOFError`` on a truncated file and can drop what it had
already decoded in that read; here every byte decoded before the cut is handed
out, then the stream ends and :attr:`RawStream.problem` says what went wrong and
at which compressed byte offset.
"""

from __future__ import annotations

import io
import zlib
from collections.abc import Callable
from typing import IO, Any

READ_SIZE = 1 << 16


def compression_of(path: str) -> str:
    """``"gz"``, ``"zst"`` or ``""`` from the file name.

    >>> compression_of("x.jsonl.gz"), compression_of("a.warc"), compression_of("b.zst")
    ('gz', '', 'zst')
    """
    low = path.lower()
    if low.endswith((".gz", ".gzip")):
        return "gz"
    if low.endswith((".zst", ".zstd")):
        return "zst"
    return ""


class RawStream(io.RawIOBase):
    """Decompresses ``fh`` (gzip members or zstd frames, any number) as a raw stream.

    >>> import gzip, io as _io
    >>> s = RawStream(_io.BytesIO(gzip.compress(b"a\\n") + gzip.compress(b"b\\n")), "gz")
    >>> s.read(), s.problem
    (b'a\\nb\\n', None)
    """

    def __init__(self, fh: IO[bytes], kind: str) -> None:
        super().__init__()
        self.fh = fh
        self.kind = kind
        self.problem: str | None = None
        self.problem_offset: int | None = None  # compressed byte offset of the cut
        self._new: Callable[[], Any] = _factory(kind)
        self._dec: Any = self._new()
        self._fed = 0  # compressed bytes given to the current member/frame
        self._pending = b""
        self._done = False
        self.raw_read = 0

    def readable(self) -> bool:
        return True

    def raw_position(self) -> int:
        """Compressed bytes read from the file so far (for progress; no system call)."""
        return self.raw_read

    def readinto(self, buf: Any) -> int:
        while not self._pending and not self._done:
            self._fill()
        n = min(len(buf), len(self._pending))
        buf[:n] = self._pending[:n]
        self._pending = self._pending[n:]
        return n

    def _fill(self) -> None:
        data = self.fh.read(READ_SIZE)
        self.raw_read += len(data)
        if not data:
            if self._fed and not self._dec.eof:
                self._fail("truncated: compressed stream ends before its end-of-stream marker")
            self._done = True
            return
        self._feed(data)

    def _feed(self, data: bytes) -> None:
        while data:
            try:
                out = self._dec.decompress(data)
            except (zlib.error, Exception) as exc:  # zstd raises its own ZstdError
                self._fail(f"corrupt compressed data: {exc}")
                self._done = True
                return
            self._fed += len(data)
            self._pending += out
            if not self._dec.eof:
                return
            # One member/frame finished; what follows is the next one.
            data = self._dec.unused_data
            self._dec = self._new()
            self._fed = 0
            if data and not data.strip(b"\x00"):
                return  # zero padding after the last member is tolerated

    def _fail(self, message: str) -> None:
        self.problem = message
        self.problem_offset = self.fh.tell()


def _factory(kind: str) -> Callable[[], Any]:
    if kind == "gz":
        return lambda: zlib.decompressobj(wbits=31)
    if kind == "zst":
        try:
            import zstandard
        except ImportError as exc:  # pragma: no cover - depends on the extra
            raise ImportError(
                "reading .zst needs the 'corpus' extra: pip install 'spamcheck[corpus]'"
            ) from exc
        return lambda: zstandard.ZstdDecompressor().decompressobj()
    raise ValueError(f"unknown compression {kind!r}")


class ByteSource:
    """A buffered reader over a file, decompressing by extension.

    ``offset`` counts uncompressed bytes handed out, so a record's offset means the
    same thing whether or not the file is compressed.

    >>> import tempfile, os
    >>> p = os.path.join(tempfile.mkdtemp(), "a.txt")
    >>> _ = open(p, "wb").write(b"one\\ntwo\\n")
    >>> with ByteSource(p) as s:
    ...     s.readline(), s.offset
    (b'one\\n', 4)
    """

    def __init__(self, path: str, start: int = 0) -> None:
        self.path = path
        self.kind = compression_of(path)
        self._fh = open(path, "rb")  # noqa: SIM115 - closed in close()
        self.raw: RawStream | None = None
        if self.kind:
            self.raw = RawStream(self._fh, self.kind)
            self._buf: IO[bytes] = io.BufferedReader(self.raw, READ_SIZE)
            self.offset = 0
            self.skip(start)
        else:
            self._fh.seek(start)
            self._buf = self._fh
            self.offset = start

    def skip(self, upto: int) -> None:
        """Discard bytes until ``offset == upto`` (compressed streams cannot seek)."""
        while self.offset < upto:
            got = self._buf.read(min(READ_SIZE, upto - self.offset))
            if not got:
                return
            self.offset += len(got)

    def readline(self, limit: int = -1) -> bytes:
        line = self._buf.readline(limit)
        self.offset += len(line)
        return line

    def read(self, n: int) -> bytes:
        data = self._buf.read(n)
        self.offset += len(data)
        return data

    def raw_position(self) -> int:
        return self.raw.raw_position() if self.raw else self.offset

    @property
    def problem(self) -> str | None:
        return self.raw.problem if self.raw else None

    def close(self) -> None:
        self._fh.close()

    def __enter__(self) -> ByteSource:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
