"""Write the spun family's prebuilt collocation index and its card.

Deterministic (no randomness; every set written sorted, gzip without a time stamp), from
the repository root::

    python -m training.build_colloc_index          # rewrite the file and the card
    python -m training.build_colloc_index --check  # exit 1 if the shipped file is stale

Reads ``src/spamcheck/lexicons/spun/colloc_terms.tsv.gz`` and ``colloc_alternates.tsv.gz``
(run it after ``training/build_spun_collocations.py``), derives the lookups with
:func:`spamcheck.detectors.colloc_tables.derive` (the same code the detector falls back to)
and writes ``colloc_index.txt.gz`` and ``colloc_index.json`` (its sha256 and its sources').
"""

from __future__ import annotations

import argparse
import gzip
from pathlib import Path

from spamcheck.detectors import colloc_tables as ct

OUT = Path(__file__).resolve().parents[1] / "src" / "spamcheck" / "lexicons" / ct.FOLDER


def build() -> tuple[bytes, str]:
    """The prebuilt file's bytes and the card's text, derived from the shipped source tables."""
    sources = ct.source_bytes()
    text = {name: gzip.decompress(data).decode("utf-8").splitlines() for name, data in sources.items()}
    terms = ct.read_terms(text[ct.TERMS_FILE])
    strong, weak_raw = ct.read_alternates(text[ct.ALTERNATES_FILE])
    blob = ct.dump(ct.derive(terms, strong, weak_raw))
    return blob, ct.card_text(ct.card_for(blob, sources))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="only compare with the shipped file")
    args = ap.parse_args(argv)
    blob, card = build()
    files = {OUT / ct.INDEX_FILE: blob, OUT / ct.INDEX_CARD: card.encode("utf-8")}
    if args.check:
        stale = [p.name for p, data in files.items() if not p.is_file() or p.read_bytes() != data]
        print("stale: " + ", ".join(stale) if stale else "up to date")
        return 1 if stale else 0
    for p, data in files.items():
        p.write_bytes(data)
        print(f"wrote {p} ({len(data):,} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
