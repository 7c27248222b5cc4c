"""Time the fragments / placeholder_metadata / boilerplate families and quality_stats.

Runs each on the same real documents (from ``training.devdata``: every 5th record
evenly spaced over all three sets, human and machine) and prints per-family median and
mean ms/doc, ms per 5 KB, and, when datatrove is installed, the time of datatrove's
Gopher quality + Gopher repetition + C4 + FineWeb filters on the same documents
with the ratio to ``quality_stats``. Also counts flags of each family on the
HUMAN documents of the sample (false positives for fragments/metadata).

    .venv/bin/python benchmarks/bench_text_families.py [--n 1000]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from training import devdata

from spamcheck.detectors.boilerplate import Boilerplate
from spamcheck.detectors.fragments import Fragments
from spamcheck.detectors.metadata import PlaceholderMetadata
from spamcheck.quality.stats import quality_stats
from spamcheck.text.document import Document
from spamcheck.text.languages import LanguageGuesser


def sample(n: int) -> list[dict]:
    # Evenly spaced over all three sets (l2r, outfox, seqxgpt), human and machine.
    recs = list(devdata.iter_all())
    step = max(1, len(recs) // n)
    return recs[::step][:n]


def datatrove_stack():  # type: ignore[no-untyped-def]
    try:
        from datatrove.data import Document as DTDoc
        from datatrove.pipeline.filters import (
            C4QualityFilter,
            FineWebQualityFilter,
            GopherQualityFilter,
            GopherRepetitionFilter,
        )
    except ImportError:
        return None
    filters = [GopherRepetitionFilter(), GopherQualityFilter(), C4QualityFilter(), FineWebQualityFilter()]

    def run(text: str) -> None:
        for f in filters:
            # Every filter sees the text (no early exit), as quality_stats computes everything.
            f.filter(DTDoc(text=text, id="x"))

    return run


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=1000)
    args = ap.parse_args()
    recs = sample(args.n)
    lg = LanguageGuesser()
    docs = [Document(r["text"], languages=lg) for r in recs]
    for d in docs:  # segment and guess language once, outside the timings
        _ = d.language, d.lines, d.paragraphs, d.sentences
    kb = [max(1, len(d.text)) / 5000 for d in docs]
    print(f"{len(docs)} documents, mean {statistics.mean(len(d.text) for d in docs):.0f} chars")
    fams = {"fragments": Fragments(), "placeholder_metadata": PlaceholderMetadata(),
            "boilerplate": Boilerplate()}
    runners = {name: fam.detect for name, fam in fams.items()}
    runners["stats"] = quality_stats
    dt = datatrove_stack()
    if dt is not None:
        runners["datatrove_stack"] = lambda d: dt(d.text)
    times: dict[str, list[float]] = {}
    for name, fn in runners.items():
        ts = []
        for d in docs:
            t0 = time.perf_counter()
            fn(d)
            ts.append((time.perf_counter() - t0) * 1000)
        times[name] = ts
        per5k = statistics.median(t / k for t, k in zip(ts, kb, strict=True))
        print(f"{name:22s} median {statistics.median(ts):.3f} ms/doc  mean {statistics.mean(ts):.3f} ms/doc"
              f"  median {per5k:.3f} ms per 5 KB")
    if dt is not None:
        ratio = sum(times["datatrove_stack"]) / sum(times["stats"])
        print(f"quality_stats is {ratio:.1f}x faster than datatrove's Gopher+C4+FineWeb filters (total time)")
    fp: Counter[tuple[str, str, str]] = Counter()
    humans = Counter()
    for r, d in zip(recs, docs, strict=True):
        if r["label"] != "human":
            continue
        humans[r["source"]] += 1
        for fam in fams.values():
            for f in fam.detect(d).flags:
                fp[(r["source"], f.family, f.type)] += 1
    print("human documents in sample:", dict(humans))
    for k, v in sorted(fp.items()):
        print("  flags on human text:", k, v)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
