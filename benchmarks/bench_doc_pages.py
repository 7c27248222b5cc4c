"""Out-of-sample human check: documentation pages as HTML (never in the training data).

Scores a seeded sample of the HTML pages under each sub-folder of ``--root`` with the
shipped model and prints, per folder, the share with ai_padding >= 0.5, suspect or spam,
and spam, then the flags of every page that was not clean. Any mdBook-style HTML
documentation works; this stop used the Rust documentation a rustup toolchain installs
(``<toolchain>/share/doc/rust/html``: book, nomicon, reference, rust-by-example, ...).

    python benchmarks/bench_doc_pages.py --per-folder 70 \
        --root ~/.rustup/toolchains/stable-x86_64-unknown-linux-gnu/share/doc/rust/html
"""

from __future__ import annotations

import argparse
import collections
import json
import random
from pathlib import Path

import spamcheck

FOLDERS = ("book", "nomicon", "reference", "rust-by-example", "embedded-book", "edition-guide", "cargo",
           "rustc")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--root", required=True, type=Path)
    ap.add_argument("--folders", nargs="*", default=list(FOLDERS))
    ap.add_argument("--per-folder", type=int, default=70)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    det = spamcheck.Detector()
    rows: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    shown = []
    for folder in args.folders:
        pages = sorted(p for p in (args.root / folder).rglob("*.html")
                       if p.stat().st_size > 6000 and p.name != "print.html")
        rng.shuffle(pages)
        for p in pages[: args.per_folder]:
            r = det.score(p.read_bytes(), doc_id=str(p))
            c = rows[folder]
            c["n"] += 1
            c["ai"] += r.scores["ai_padding"] >= 0.5
            c["flagged"] += r.label in ("suspect", "spam")
            c["spam"] += r.label == "spam"
            c["error"] += r.label == "error"
            if r.label != "clean":
                shown.append((folder, p.name, r.label, r.why,
                              [(f.family, f.type, f.text[:60]) for f in r.flags[:4]]))
    for folder, c in rows.items():
        n = max(c["n"], 1)
        print(f"{folder:16s} n={c['n']:3d} ai>=0.5 {c['ai'] / n:.1%}  "
              f"suspect or spam {c['flagged'] / n:.1%}  spam {c['spam'] / n:.1%}  error {c['error']}")
    for row in shown:
        print(json.dumps(row, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
