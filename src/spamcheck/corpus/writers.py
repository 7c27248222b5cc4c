"""Append-only outputs that can be cut back to the last checkpoint.

Every chunk is appended to each output, then all outputs are fsynced, then the
checkpoint (output sizes + input position + running totals) is replaced
atomically. A run killed at any point therefore leaves outputs whose prefix up
to the checkpointed sizes is complete; ``--resume`` truncates the rest. Gzip
outputs are written one gzip member per chunk, so a size taken between chunks
is always a valid end of file.
"""

from __future__ import annotations

import gzip
import json
import os
import re
from typing import IO, Any

CHECKPOINT = "checkpoint.json"
SUMMARY = "summary.json"
_SURROGATE = re.compile("[\ud800-\udfff]")


def encode_jsonl(text: str) -> bytes:
    """UTF-8 bytes of JSON lines, lone surrogates kept as ``\\uXXXX`` escapes.

    ``json.dumps(..., ensure_ascii=False)`` leaves a lone surrogate of the input
    (``"\\ud800"`` in a JSONL record) as a raw code point that UTF-8 cannot
    encode; JSON syntax is ASCII, so such a code point can only sit inside a
    string, where its escape means the same character: the record is written
    exactly as it was read.

    >>> encode_jsonl(json.dumps({"t": "a\\ud800b"}, ensure_ascii=False))
    b'{"t": "a\\\\ud800b"}'
    """
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text).encode("utf-8")


def output_names(split: bool, compress: bool) -> list[str]:
    """Files a run writes besides the checkpoint and summary.

    >>> output_names(True, True)
    ['scores.jsonl', 'errors.jsonl', 'kept.jsonl.gz', 'dropped.jsonl.gz']
    """
    names = ["scores.jsonl", "errors.jsonl"]
    if split:
        ext = ".jsonl.gz" if compress else ".jsonl"
        names += [f"kept{ext}", f"dropped{ext}"]
    return names


class Outputs:
    """The open output files of one run directory."""

    def __init__(self, out_dir: str, names: list[str], sizes: dict[str, int] | None = None) -> None:
        self.dir = out_dir
        self.fh: dict[str, IO[bytes]] = {}
        for name in names:
            path = os.path.join(out_dir, name)
            if sizes is None:
                self.fh[name] = open(path, "wb")  # noqa: SIM115 - closed in close()
            else:
                fh = open(path, "ab")  # noqa: SIM115
                # Cut back to the last committed size: whatever follows is a
                # half-written chunk that the resumed run writes again.
                fh.truncate(sizes.get(name, 0))
                fh.seek(0, os.SEEK_END)
                self.fh[name] = fh

    def append(self, name: str, text: str) -> None:
        """Append ``text`` (whole lines) to output ``name``; a gzip output gets one member."""
        if not text:
            return
        data = encode_jsonl(text)
        if name.endswith(".gz"):
            data = gzip.compress(data, compresslevel=5, mtime=0)
        self.fh[name].write(data)

    def commit(self) -> dict[str, int]:
        """Make everything written so far durable; return the committed sizes."""
        sizes = {}
        for name, fh in self.fh.items():
            fh.flush()
            os.fsync(fh.fileno())
            sizes[name] = fh.tell()
        return sizes

    def close(self) -> None:
        for fh in self.fh.values():
            fh.close()


def write_json_atomic(path: str, data: Any) -> None:
    """Replace ``path`` so that a reader sees the old or the new file, never half of one.

    >>> import tempfile
    >>> p = os.path.join(tempfile.mkdtemp(), "c.json")
    >>> write_json_atomic(p, {"a": 1}); json.load(open(p))
    {'a': 1}
    """
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as fh:
        json.dump(data, fh, ensure_ascii=False, indent=1)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
    dfd = os.open(os.path.dirname(path) or ".", os.O_RDONLY)
    try:
        os.fsync(dfd)
    finally:
        os.close(dfd)


def read_checkpoint(out_dir: str) -> dict[str, Any] | None:
    path = os.path.join(out_dir, CHECKPOINT)
    if not os.path.exists(path):
        return None
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)
