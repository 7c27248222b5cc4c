"""Build ``src/spamcheck/lexicons/wordfreq/en.tsv.gz``: the English word-frequency table of
:mod:`spamcheck.model.wordfreq` (the ai head's word-frequency profile).

    pip download --no-deps wordsegment==1.3.1 -d /tmp/ws && unzip -o /tmp/ws/wordsegment-*.whl -d /tmp/ws
    .venv/bin/python -m training.build_wordfreq /tmp/ws/wordsegment/unigrams.txt

Source: ``wordsegment`` 1.3.1 ``unigrams.txt`` (Apache-2.0; counts of the Google Web
Trillion Word Corpus via Peter Norvig's "Natural Language Corpus Data"), web text counted
before large language models existed, so the table cannot have learnt any generator's taste.
Kept: the ``TOP`` most frequent purely alphabetic words, each with its Zipf value
(log10 of occurrences per billion words, over the whole file's total), two decimals, in
rank order. Deterministic: the same input gives the same bytes (gzip mtime 0).
"""

from __future__ import annotations

import argparse
import gzip
import math
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "src" / "spamcheck" / "lexicons" / "wordfreq" / "en.tsv.gz"
TOP = 50_000


def build(unigrams: Path, top: int = TOP) -> list[tuple[str, float]]:
    """``(word, zipf)`` of the ``top`` most frequent alphabetic words of ``unigrams``."""
    rows: list[tuple[str, int]] = []
    total = 0
    for line in unigrams.read_text(encoding="utf-8").splitlines():
        word, count = line.split("\t")
        total += int(count)
        rows.append((word, int(count)))
    rows.sort(key=lambda r: (-r[1], r[0]))
    kept = [(w, c) for w, c in rows if w.isascii() and w.isalpha()][:top]
    return [(w, round(math.log10(c / total * 1e9), 2)) for w, c in kept]


def write_table(rows: list[tuple[str, float]], out: Path) -> None:
    """``key<TAB>zipf`` lines (two decimals), gzipped with mtime 0: the same rows, the same bytes."""
    body = "".join(f"{k}\t{z:.2f}\n" for k, z in rows).encode("utf-8")
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as f:
        f.write(body)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("unigrams", type=Path, help="wordsegment's unigrams.txt")
    ap.add_argument("--top", type=int, default=TOP)
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args(argv)
    rows = build(args.unigrams, args.top)
    write_table(rows, args.out)
    print(f"build_wordfreq: {len(rows)} words -> {args.out} ({args.out.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
