"""What the stream readers (JSONL, WARC) share: opening a stream, and the error
items for an unreadable or truncated input."""

from __future__ import annotations

from ..items import Item, error_item
from ..streams import ByteSource

# A record longer than this is reported, not scored: it would hold the whole
# pipeline's memory hostage, and no real document is 64 MB of text.
MAX_RECORD_BYTES = 64 << 20
DONE: tuple[int, ...] = (-1,)  # resume marker: this input is finished


def open_source(inp: int, path: str, offset: int, record: int) -> ByteSource | Item:
    """The (decompressing) stream over ``path`` from ``offset``, or the error item in its place.

    >>> open_source(0, "/no/such.jsonl.gz", 0, 0).error_kind
    'unreadable'
    """
    try:
        return ByteSource(path, offset)
    except (OSError, ImportError) as exc:  # ImportError: .zst without the 'corpus' extra
        return unreadable(inp, path, record, offset, "cannot open", exc)


def unreadable(
    inp: int, path: str, record: int, at: int | None, what: str, exc: Exception, line: int | None = None
) -> Item:
    """The error item for an input that cannot be read on from ``at``: it ends the input.

    >>> unreadable(0, "a.jsonl", 3, 120, "read error", OSError(5, "Input/output error")).payload
    'read error: Input/output error'
    """
    why = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
    return error_item(inp, path, record, at, "unreadable", f"{what}: {why}", resume=DONE, line=line)


def truncated(
    inp: int, path: str, src: ByteSource, record: int, cut: int, line: int | None = None, why: str = ""
) -> Item:
    """The one error item for a stream that ends early; the records before ``cut`` were read.

    The stream's own problem (a cut .gz/.zst) comes first; ``why`` is the reader's
    reason when the container is whole but a record in it is short (WARC).
    """
    if src.problem:
        comp = src.raw.problem_offset if src.raw else None
        why = f"{src.problem} at compressed byte {comp}"
    return error_item(
        inp,
        path,
        record,
        cut,
        "truncated",
        f"{why}; records before uncompressed byte {cut} were read",
        resume=DONE,
        raw_pos=src.raw_position(),
        line=line,
    )
