"""A small streaming WARC reader (``.warc``, ``.warc.gz``); warcio is not needed.

Documents are ``response`` records with an HTML or text payload, ``resource``
records and WET ``conversion`` records. Other records (warcinfo, request,
metadata, images and other non-text responses) are not documents: they become
``"skip"`` items, counted in the summary but not scored.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from typing import Any

from ..items import Item, error_item
from ..streams import ByteSource
from .common import MAX_RECORD_BYTES, open_source, truncated, unreadable

DOC_TYPES = (b"response", b"resource", b"conversion")
TEXTY = ("text/", "application/xhtml", "application/xml", "application/json")


def read_warc(inp: int, path: str, start: tuple[int, ...] = ()) -> Iterator[Item]:
    """Items of one WARC file; ``start`` is ``(byte offset, record)``.

    >>> import tempfile, os
    >>> body = b"HTTP/1.1 200 OK\\r\\nContent-Type: text/html\\r\\n\\r\\n<p>Hi</p>"
    >>> rec = (b"WARC/1.0\\r\\nWARC-Type: response\\r\\nContent-Length: %d\\r\\n\\r\\n" % len(body)) + body
    >>> p = os.path.join(tempfile.mkdtemp(), "a.warc")
    >>> _ = open(p, "wb").write(rec + b"\\r\\n\\r\\n")
    >>> [(i.kind, i.payload[1]) for i in read_warc(0, p)]
    [('warc', b'<p>Hi</p>')]
    """
    offset, record = start if start else (0, 0)
    src = open_source(inp, path, offset, record)
    if isinstance(src, Item):
        yield src
        return
    carry: list[bytes] = []  # a version line found while resynchronising
    with src:
        while True:
            here = src.offset - sum(map(len, carry))
            try:
                got = _next_record(src, carry)
            except OSError as exc:
                yield unreadable(inp, path, record, here, "read error", exc)
                return
            if got is None:
                break
            rec_at, headers, block, problem = got
            resume = (src.offset - sum(map(len, carry)), record + 1)
            if problem == "truncated" or (problem and src.problem):
                break
            if problem:
                yield error_item(
                    inp, path, record, rec_at, "malformed", problem, resume=resume, raw_pos=src.raw_position()
                )
                record += 1
                continue
            wtype = headers.get(b"warc-type", b"").lower()
            if wtype not in DOC_TYPES:
                continue  # warcinfo, request, metadata, revisit: not documents
            item = _document(inp, path, record, rec_at, wtype, headers, block)
            item.resume, item.raw_pos = resume, src.raw_position()
            yield item
            record += 1
        if src.problem or (got is not None and got[3] == "truncated"):
            yield truncated(
                inp, path, src, record, here, why="truncated: WARC record shorter than its Content-Length"
            )


def _next_record(src: ByteSource, carry: list[bytes]) -> tuple[int, dict[bytes, bytes], bytes, str] | None:
    line = carry.pop() if carry else src.readline(65536)
    while line and not line.strip():
        line = src.readline(65536)
    if not line:
        return None
    at = src.offset - len(line)
    if not line.startswith(b"WARC/"):
        # Resynchronise on the next version line; the skipped stretch is one error.
        while line and not line.startswith(b"WARC/"):
            line = src.readline(65536)
        if line:
            carry.append(line)
        return at, {}, b"", f"not a WARC record at byte {at}: skipped to the next record"
    headers: dict[bytes, bytes] = {}
    while True:
        h = src.readline(65536)
        if not h:
            return at, headers, b"", "truncated"
        if not h.strip():
            break
        name, _, value = h.partition(b":")
        headers[name.strip().lower()] = value.strip()
    try:
        length = int(headers.get(b"content-length", b""))
    except ValueError:
        return at, headers, b"", "WARC record without a valid Content-Length"
    if length > MAX_RECORD_BYTES:
        src.skip(src.offset + length)
        return at, headers, b"", f"WARC record of {length} bytes; not scored"
    block = src.read(length)
    if len(block) < length:
        return at, headers, block, "truncated"
    return at, headers, block, ""


def _document(
    inp: int, path: str, record: int, at: int, wtype: bytes, headers: dict[bytes, bytes], block: bytes
) -> Item:
    meta: dict[str, Any] = {
        "id": headers.get(b"warc-record-id", b"").decode("latin-1").strip("<>") or None,
        "url": headers.get(b"warc-target-uri", b"").decode("latin-1") or None,
    }
    ctype = headers.get(b"content-type", b"").decode("latin-1").lower()
    body = block
    if wtype == b"response" and ("application/http" in ctype or block.startswith(b"HTTP/")):
        head, _, body = block.partition(b"\r\n\r\n")
        http = _http_headers(head)
        ctype = http.get("content-type", "").lower()
        try:
            body = _decode_body(body, http)
        except (ValueError, zlib.error) as exc:
            return error_item(inp, path, record, at, "malformed", f"bad HTTP body encoding: {exc}")
    if ctype and not ctype.startswith(TEXTY):
        return Item(inp, path, record, at, "skip", f"non-text payload ({ctype.split(';')[0]})")
    is_html = "html" in ctype or (not ctype and body.lstrip()[:1] == b"<")
    meta["content_type"] = ctype.split(";")[0] or None
    return Item(inp, path, record, at, "warc", (meta, body), is_html=is_html)


def _http_headers(head: bytes) -> dict[str, str]:
    out: dict[str, str] = {}
    for ln in head.split(b"\r\n")[1:]:
        name, _, value = ln.partition(b":")
        out[name.strip().lower().decode("latin-1")] = value.strip().decode("latin-1")
    return out


def _decode_body(body: bytes, http: dict[str, str]) -> bytes:
    if "chunked" in http.get("transfer-encoding", "").lower():
        body = _dechunk(body)
    enc = http.get("content-encoding", "").lower()
    if enc in ("gzip", "x-gzip"):
        body = zlib.decompress(body, wbits=47)
    elif enc == "deflate":
        body = zlib.decompress(body)
    return body


def _dechunk(body: bytes) -> bytes:
    out, pos = bytearray(), 0
    while pos < len(body):
        eol = body.find(b"\r\n", pos)
        if eol < 0:
            break
        size = int(body[pos:eol].split(b";")[0].strip() or b"0", 16)
        if size == 0:
            break
        out += body[eol + 2 : eol + 2 + size]
        pos = eol + 2 + size + 2
    return bytes(out)
