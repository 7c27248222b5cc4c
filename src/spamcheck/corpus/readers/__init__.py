"""Streaming readers: JSONL (plain/.gz/.zst), Parquet, WARC, folders of all of these.

Each reader yields :class:`~spamcheck.corpus.items.Item` objects in input order and
never raises for bad data: a broken record, a truncated stream or an unreadable
file becomes an ``"error"`` item in the record's place. ``start`` is the
``resume`` tuple of the last item already committed (see the runner).
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence

from ..items import Item, error_item
from ..streams import READ_SIZE, compression_of
from ..writers import CHECKPOINT
from .common import DONE, MAX_RECORD_BYTES, open_source, truncated, unreadable

RUN_MARKERS = {CHECKPOINT, "scores.jsonl"}  # a folder with both holds a spamcheck batch run
TEXT_EXTS = (".txt", ".md", ".text")
HTML_EXTS = (".html", ".htm", ".xhtml")
# Record files read under a folder (a top-level input may also be .json/.ndjson/.pq):
# the names pipelines write their shards under, and nothing that is often a config file.
SHARD_EXTS = (".jsonl", ".jsonl.gz", ".jsonl.zst", ".parquet", ".warc", ".warc.gz")


def input_kind(path: str) -> str | None:
    """Which reader handles ``path`` (``None``: not a supported input).

    >>> input_kind("crawl.warc.gz"), input_kind("part-0.parquet"), input_kind("a.jsonl.zst")
    ('warc', 'parquet', 'jsonl')
    """
    if os.path.isdir(path):
        return "folder"
    low = path.lower()
    comp = compression_of(low)
    if comp:
        low = low.rsplit(".", 1)[0]
    if low.endswith(".warc"):
        return "warc"
    if low.endswith((".parquet", ".pq")) and not comp:
        return "parquet"
    if low.endswith((".jsonl", ".json", ".ndjson", ".jsonlines")):
        return "jsonl"
    if low.endswith(TEXT_EXTS + HTML_EXTS) and not comp:
        return "file"
    return None


def read_input(
    inp: int, path: str, start: tuple[int, ...] = (), columns: Sequence[str] | None = None
) -> Iterator[Item]:
    """Items of one input, starting after ``start`` (empty: from the beginning)."""
    if start == DONE:
        return iter(())
    kind = input_kind(path)
    if kind == "jsonl":
        return read_jsonl(inp, path, start)
    if kind == "parquet":
        return read_parquet(inp, path, start, columns)
    if kind == "folder":
        return read_folder(inp, path, start, columns)
    if kind == "file":
        return read_folder(inp, path, start, single=True)
    if kind == "warc":
        from .warc import read_warc

        return read_warc(inp, path, start)
    return iter([error_item(inp, path, 0, None, "unsupported", "unsupported input type", resume=DONE)])


def read_jsonl(inp: int, path: str, start: tuple[int, ...] = ()) -> Iterator[Item]:
    """One item per non-blank line; ``start`` is ``(byte offset, record, line)``.

    >>> import tempfile
    >>> p = os.path.join(tempfile.mkdtemp(), "a.jsonl")
    >>> _ = open(p, "wb").write(b'{"text": "a"}\\n\\n{"text": "b"}\\n')
    >>> [(i.record, i.line, i.offset) for i in read_jsonl(0, p)]
    [(0, 1, 0), (1, 3, 15)]
    """
    offset, record, line = start if start else (0, 0, 0)
    src = open_source(inp, path, offset, record)
    if isinstance(src, Item):
        yield src
        return
    partial: int | None = None
    with src:
        while True:
            here = src.offset
            try:
                raw = src.readline(MAX_RECORD_BYTES + 1)
            except OSError as exc:
                yield unreadable(inp, path, record, here, "read error", exc, line=line + 1)
                return
            if not raw:
                break
            line += 1
            if not raw.endswith(b"\n") and src.problem:
                partial = here  # the cut fell inside this line: part of the truncation
                break
            if len(raw) > MAX_RECORD_BYTES:
                while True:  # drop the rest of the oversized line
                    more = src.readline(READ_SIZE)
                    if not more or more.endswith(b"\n"):
                        break
                yield error_item(
                    inp,
                    path,
                    record,
                    here,
                    "too_large",
                    f"record longer than {MAX_RECORD_BYTES} bytes; not scored",
                    resume=(src.offset, record + 1, line),
                    raw_pos=src.raw_position(),
                    line=line,
                )
                record += 1
                continue
            if not raw.strip():
                continue  # blank lines are not records
            yield Item(
                inp,
                path,
                record,
                here,
                "json",
                raw,
                resume=(src.offset, record + 1, line),
                raw_pos=src.raw_position(),
                line=line,
            )
            record += 1
        if src.problem:
            cut = partial if partial is not None else src.offset
            yield truncated(inp, path, src, record, cut, line=line if partial is not None else line + 1)


# -- folders ----------------------------------------------------------------------


def read_folder(
    inp: int,
    path: str,
    start: tuple[int, ...] = (),
    columns: Sequence[str] | None = None,
    single: bool = False,
) -> Iterator[Item]:
    """Every record under a folder, file by file in sorted path order.

    A .txt/.md/.html file is one record; a JSONL/Parquet/WARC shard is read by its
    own reader, its items keeping the shard as ``source`` (so each record is located
    by shard path and line or record number). ``start`` is ``(file index,)`` to
    begin at a file, or ``(file index, *the shard reader's start)`` inside a shard.
    ``raw_pos`` counts the bytes of the files before the item's, plus its own.
    """
    first, inner = (start[0], tuple(start[1:])) if start else (0, ())
    files = iter([path]) if single else walk_sorted(path)
    before = 0
    for n, f in enumerate(files):
        size = _size(f)
        if n < first:
            before += size
            continue
        kind = None if single else input_kind(f)
        if kind in ("jsonl", "parquet", "warc"):
            sub = read_input(inp, f, inner if n == first else (), columns)
            for it in sub:
                # A finished shard (or one that cannot be read on) moves on to the next file.
                it.resume = (n + 1,) if it.resume in ((), DONE) else (n, *it.resume)
                it.raw_pos += before
                yield it
        else:
            yield _file_item(inp, f, n, size, before)
        before += size


def _file_item(inp: int, f: str, n: int, size: int, before: int) -> Item:
    if size > MAX_RECORD_BYTES:
        return error_item(inp, f, n, None, "too_large", f"file of {size} bytes; not scored", resume=(n + 1,))
    try:
        with open(f, "rb") as fh:
            data = fh.read()
    except OSError as exc:
        return error_item(
            inp, f, n, None, "unreadable", f"cannot read: {exc.strerror or exc}", resume=(n + 1,)
        )
    is_html = f.lower().endswith(HTML_EXTS)
    return Item(inp, f, n, None, "file", data, is_html=is_html, resume=(n + 1,), raw_pos=before + size)


def _size(path: str) -> int:
    try:
        return os.path.getsize(path)
    except OSError:
        return 0  # unreadable: reported when it is read


def walk_sorted(root: str) -> Iterator[str]:
    """Text, HTML and shard files under ``root`` in a stable order, directory by directory.

    A folder holding a ``spamcheck batch`` run (its own output, or an earlier one) is
    passed over: its scores are not input.

    >>> import tempfile
    >>> d = tempfile.mkdtemp()
    >>> for name in ("b.jsonl.gz", "a.txt", "notes.json", ".hidden.txt"):
    ...     _ = open(os.path.join(d, name), "w").write("")
    >>> [os.path.basename(p) for p in walk_sorted(d)]
    ['a.txt', 'b.jsonl.gz']
    """
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        if dirpath != root and set(filenames) >= RUN_MARKERS:
            dirnames.clear()
            continue
        for name in sorted(filenames):
            if name.lower().endswith(TEXT_EXTS + HTML_EXTS + SHARD_EXTS) and not name.startswith("."):
                yield os.path.join(dirpath, name)


def read_parquet(
    inp: int, path: str, start: tuple[int, ...] = (), columns: Sequence[str] | None = None
) -> Iterator[Item]:
    """One item per row, streamed batch by batch; ``start`` is ``(row,)``.

    ``columns``: which columns to load (``None``: all, needed for ``--split``).
    """
    row = start[0] if start else 0
    try:
        import pyarrow.parquet as pq
    except ImportError:
        yield error_item(
            inp,
            path,
            row,
            None,
            "unreadable",
            "reading Parquet needs the 'corpus' extra: pip install 'spamcheck[corpus]'",
            resume=DONE,
        )
        return
    try:
        pf = pq.ParquetFile(path)
        total = pf.metadata.num_rows
        groups, first_row = _groups_from(pf, row)
        names = set(pf.schema_arrow.names)
        cols = None if columns is None else [c for c in columns if c in names]
        batches = pf.iter_batches(batch_size=1024, row_groups=groups, columns=cols) if groups else iter(())
    except Exception as exc:  # pyarrow raises several types for a bad file
        yield error_item(inp, path, row, None, "unreadable", f"cannot open Parquet: {exc}", resume=DONE)
        return
    size = os.path.getsize(path)
    n = first_row
    try:
        for batch in batches:
            for rec in batch.to_pylist():
                if n >= row:
                    yield Item(
                        inp,
                        path,
                        n,
                        None,
                        "row",
                        rec,
                        resume=(n + 1,),
                        raw_pos=size * (n + 1) // max(total, 1),
                    )
                n += 1
    except Exception as exc:
        yield error_item(
            inp,
            path,
            n,
            None,
            "unreadable",
            f"Parquet read failed at row {n} of {total}: {exc}; rows from {n} on not read",
            resume=DONE,
            raw_pos=size,
        )


def _groups_from(pf: object, row: int) -> tuple[list[int], int]:
    """Row groups that hold rows ``>= row`` and the index of the first row they hold."""
    md = pf.metadata  # type: ignore[attr-defined]
    groups, first, n = [], None, 0
    for g in range(md.num_row_groups):
        k = md.row_group(g).num_rows
        if n + k > row:
            groups.append(g)
            if first is None:
                first = n
        n += k
    return groups, first if first is not None else n


def progress_units(path: str) -> int:
    """Size of one input in the units its items' ``raw_pos`` counts: bytes of its files."""
    if input_kind(path) == "folder":
        return sum(_size(f) for f in walk_sorted(path))
    return _size(path)
