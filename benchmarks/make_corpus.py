"""Build test corpora for ``spamcheck batch`` from the real development texts.

Records come from ``training.devdata.iter_all()`` (human and machine texts of
the shared data), shuffled with a seed. A fraction of lines is broken on
purpose, each in one of three ways, and the manifest lists every broken line:

- ``malformed_json``: the line is cut in half;
- ``missing_field``: the ``text`` key is renamed;
- ``bad_utf8``: invalid UTF-8 bytes are put inside the text.

    python benchmarks/make_corpus.py /tmp/c20k.jsonl --n 20000 --broken 0.01
    python benchmarks/make_corpus.py /tmp/c1g.jsonl --target-bytes 1G --broken 0

The output format follows the extension: ``.jsonl``, ``.jsonl.gz``, ``.jsonl.zst``
or ``.parquet`` (Parquet cannot hold broken lines; ``--broken`` is ignored).
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from training import devdata  # noqa: E402

BREAKAGES = ("malformed_json", "missing_field", "bad_utf8")


def parse_size(s: str) -> int:
    """``"100M"`` -> bytes.

    >>> parse_size("1G"), parse_size("100M"), parse_size("512")
    (1073741824, 104857600, 512)
    """
    mult = {"K": 1 << 10, "M": 1 << 20, "G": 1 << 30}
    s = s.strip().upper()
    if s and s[-1] in mult:
        return int(float(s[:-1]) * mult[s[-1]])
    return int(s)


def records(seed: int) -> list[dict[str, Any]]:
    """All development records, shuffled with ``seed`` (the same list every time)."""
    recs = [
        {"id": r["id"], "text": r["text"], "label": r["label"], "source": r["source"]}
        for r in devdata.iter_all()
    ]
    random.Random(seed).shuffle(recs)
    return recs


def stream(seed: int, n: int | None, target_bytes: int | None) -> Iterator[dict[str, Any]]:
    """``n`` records, or as many as fill ``target_bytes`` (cycling, with fresh ids)."""
    base = records(seed)
    made = size = 0
    cycle = 0
    while True:
        for r in base:
            if n is not None and made >= n:
                return
            if target_bytes is not None and size >= target_bytes:
                return
            rec = dict(r) if cycle == 0 else {**r, "id": f"{r['id']}#{cycle}"}
            size += len(rec["text"]) + 80
            made += 1
            yield rec
        cycle += 1
        if n is None and target_bytes is None:
            return


def break_line(rec: dict[str, Any], kind: str, rng: random.Random) -> bytes:
    """One broken JSONL line (with its newline) of the given kind.

    >>> import json as _j
    >>> b = break_line({"id": "x", "text": "hello world"}, "bad_utf8", random.Random(0))
    >>> b"\\xff" in b
    True
    """
    if kind == "missing_field":
        r = dict(rec)
        r["body"] = r.pop("text")
        return json.dumps(r, ensure_ascii=False).encode() + b"\n"
    line = json.dumps(rec, ensure_ascii=False).encode()
    if kind == "malformed_json":
        return line[: max(1, len(line) // 2)] + b"\n"
    # bad_utf8: raw invalid bytes inside the JSON string (after the "text": " key)
    at = line.index(b'"text": "') + len(b'"text": "')
    at += rng.randrange(0, max(1, min(40, len(rec["text"]) // 2)))
    while at < len(line) and (line[at] & 0xC0) == 0x80:  # not inside a multi-byte char
        at += 1
    return line[:at] + b"\xff\xfe" + line[at:] + b"\n"


def _open(path: str) -> IO[bytes]:
    if path.endswith(".gz"):
        return gzip.open(path, "wb", compresslevel=5)
    if path.endswith(".zst"):
        import zstandard

        return zstandard.ZstdCompressor(level=3).stream_writer(open(path, "wb"))
    return open(path, "wb")


def build(
    out: str, *, n: int | None = 20000, seed: int = 0, broken: float = 0.01, target_bytes: int | None = None
) -> dict[str, Any]:
    """Write the corpus and ``<out>.manifest.json``; return the manifest."""
    if out.endswith(".parquet"):
        return _build_parquet(out, n=n, seed=seed, target_bytes=target_bytes)
    rng = random.Random(seed + 1)
    recs = stream(seed, n, target_bytes)
    manifest: dict[str, Any] = {
        "path": out,
        "seed": seed,
        "source": "training.devdata.iter_all",
        "records": 0,
        "lines": 0,
        "good": 0,
        "broken": [],
    }
    with _open(out) as fh:
        for rec in recs:
            manifest["lines"] += 1
            if broken and rng.random() < broken:
                kind = BREAKAGES[len(manifest["broken"]) % len(BREAKAGES)]
                fh.write(break_line(rec, kind, rng))
                manifest["broken"].append({"line": manifest["lines"], "kind": kind, "id": rec["id"]})
            else:
                fh.write(json.dumps(rec, ensure_ascii=False).encode() + b"\n")
                manifest["good"] += 1
    manifest["records"] = manifest["lines"]
    Path(out + ".manifest.json").write_text(json.dumps(manifest, indent=1))
    return manifest


def _build_parquet(out: str, *, n: int | None, seed: int, target_bytes: int | None) -> dict[str, Any]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    writer = None
    total = 0
    batch: list[dict[str, Any]] = []

    def flush() -> None:
        nonlocal writer
        table = pa.Table.from_pylist(batch)
        if writer is None:
            writer = pq.ParquetWriter(out, table.schema)
        writer.write_table(table, row_group_size=1000)
        batch.clear()

    for rec in stream(seed, n, target_bytes):
        batch.append(rec)
        total += 1
        if len(batch) >= 1000:
            flush()
    if batch:
        flush()
    if writer is not None:
        writer.close()
    manifest = {"path": out, "seed": seed, "records": total, "lines": total, "good": total, "broken": []}
    Path(out + ".manifest.json").write_text(json.dumps(manifest, indent=1))
    return manifest


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out")
    ap.add_argument(
        "--n", type=int, default=None, help="number of records (default: all, or fill --target-bytes)"
    )
    ap.add_argument("--target-bytes", type=parse_size, default=None, help="e.g. 100M, 1G (cycles the texts)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--broken", type=float, default=0.01, help="fraction of lines to break (default 0.01)")
    a = ap.parse_args(argv)
    m = build(a.out, n=a.n, seed=a.seed, broken=a.broken, target_bytes=a.target_bytes)
    print(f"{a.out}: {m['lines']} lines, {len(m['broken'])} broken, manifest {a.out}.manifest.json")
    return 0


if __name__ == "__main__":
    sys.exit(main())
