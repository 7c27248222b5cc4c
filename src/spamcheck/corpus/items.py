"""What a reader hands the runner: one :class:`Item` per input record or per error."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

# Item kinds (Item.kind). "json" payload: the raw line (bytes), parsed in the worker
# so the main process only moves bytes; "row": a dict from Parquet; "file": a file's
# bytes; "warc": (headers dict, body bytes); "error": the error message.


@dataclass(slots=True)
class Item:
    """One input record (or one unreadable stretch of input) in input order.

    ``resume`` is where reading this input restarts after this item (the
    checkpoint stores it); ``raw_pos`` is how many bytes of the input file were
    consumed, for progress.

    >>> Item(0, "a.jsonl", 0, 0, "json", b'{"text": "hi"}').kind
    'json'
    """

    input: int
    source: str
    record: int
    offset: int | None
    kind: str
    payload: Any
    is_html: bool = False
    resume: tuple[int, ...] = ()
    raw_pos: int = 0
    line: int | None = None
    error_kind: str = ""

    def where(self) -> dict[str, Any]:
        """The location fields shared by score and error lines."""
        d: dict[str, Any] = {"source": self.source, "record": self.record}
        if self.line is not None:
            d["line"] = self.line
        if self.offset is not None:
            d["offset"] = self.offset
        return d


def error_item(
    inp: int,
    source: str,
    record: int,
    offset: int | None,
    kind: str,
    message: str,
    resume: tuple[int, ...] = (),
    raw_pos: int = 0,
    line: int | None = None,
) -> Item:
    """An error entry that takes a record's place in the output order.

    >>> error_item(0, "x.gz", 3, 120, "truncated", "cut").error_kind
    'truncated'
    """
    return Item(
        inp,
        source,
        record,
        offset,
        "error",
        message,
        resume=resume,
        raw_pos=raw_pos,
        line=line,
        error_kind=kind,
    )
