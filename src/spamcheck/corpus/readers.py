"""Streaming readers: JSONL (plain/.gz/.zst), Parquet, folders of text files, WARC.

Each reader yields :class:`~spamcheck.corpus.items.Item` objects in input order and
never raises for bad data: a broken record, a truncated stream or an unreadable
file becomes an ``"error"`` item in the record's place. ``start`` is the
``resume`` tuple of the last item already committed (see the runner).
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence

from .items import Item, error_item
from .streams import READ_SIZE, ByteSource, compression_of

# A record longer than this is reported, not scored: it would hold the whole
# pipeline's memory hostage, and no real document is 64 MB of text.
MAX_RECORD_BYTES = 64 << 20
DONE: tuple[int, ...] = (-1,)  # resume marker: this input is finished
TEXT_EXTS = (".txt", ".md", ".text")
HTML_EXTS = (".html", ".htm", ".xhtml")


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
        return read_folder(inp, path, start)
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
    try:
        src = ByteSource(path, offset)
    except OSError as exc:
        yield error_item(
            inp, path, record, offset, "unreadable", f"cannot open: {exc.strerror or exc}", resume=DONE
        )
        return
    partial: int | None = None
    with src:
        while True:
            here = src.offset
            try:
                raw = src.readline(MAX_RECORD_BYTES + 1)
            except OSError as exc:
                yield error_item(
                    inp,
                    path,
                    record,
                    here,
                    "unreadable",
                    f"read error: {exc.strerror or exc}",
                    resume=DONE,
                    line=line + 1,
                )
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
            comp = src.raw.problem_offset if src.raw else None
            yield error_item(
                inp,
                path,
                record,
                cut,
                "truncated",
                f"{src.problem} at compressed byte {comp}; records before uncompressed byte {cut} were read",
                resume=DONE,
                raw_pos=src.raw_position(),
                line=line if partial is not None else line + 1,
            )


def read_folder(inp: int, path: str, start: tuple[int, ...] = (), single: bool = False) -> Iterator[Item]:
    """One item per .txt/.md/.html file, in sorted path order; ``start`` is ``(file index,)``."""
    first = start[0] if start else 0
    files = iter([path]) if single else walk_sorted(path)
    for n, f in enumerate(files):
        if n < first:
            continue
        is_html = f.lower().endswith(HTML_EXTS)
        try:
            size = os.path.getsize(f)
            if size > MAX_RECORD_BYTES:
                yield error_item(
                    inp, f, n, None, "too_large", f"file of {size} bytes; not scored", resume=(n + 1,)
                )
                continue
            with open(f, "rb") as fh:
                data = fh.read()
        except OSError as exc:
            yield error_item(
                inp, f, n, None, "unreadable", f"cannot read: {exc.strerror or exc}", resume=(n + 1,)
            )
            continue
        yield Item(inp, f, n, None, "file", data, is_html=is_html, resume=(n + 1,), raw_pos=n + 1)


def walk_sorted(root: str) -> Iterator[str]:
    """Text and HTML files under ``root`` in a stable order, streamed directory by directory."""
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for name in sorted(filenames):
            if name.lower().endswith(TEXT_EXTS + HTML_EXTS) and not name.startswith("."):
                yield os.path.join(dirpath, name)


def count_files(root: str) -> int:
    return sum(1 for _ in walk_sorted(root))


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
    """Size of one input in the units its items' ``raw_pos`` counts (files or bytes)."""
    kind = input_kind(path)
    if kind == "folder":
        return count_files(path)
    if kind == "file":
        return 1
    try:
        return os.path.getsize(path)
    except OSError:
        return 0
