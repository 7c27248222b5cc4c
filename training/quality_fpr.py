"""How often the ``quality`` (degenerate text) family fires on human writing.

Every human text of the development data (l2r per domain, OUTFOX essays, SeqXGPT
human documents, MASC and the speeches of ``human-registers``) and every page of
``html/`` (trafilatura-eval ``eval`` and ``cache``, CleanEval, CleanPortalEval,
built as HTML documents the way ``spamcheck score`` builds them). Prints, per
source, the documents and how many the family fires on, then the highest value of
each statistic next to its fire threshold (the margin).

    .venv/bin/python -m training.quality_fpr [--out rows.jsonl]
"""

from __future__ import annotations

import argparse
import glob
import gzip
import json
import sys
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

from training import devdata

STATS = ("dup_10gram_char_frac", "top_2gram_char_frac", "dup_line_char_frac")


def documents() -> Iterator[tuple[str, str, object]]:
    """``(source, id, Document)`` for every human text and page."""
    from spamcheck.detector import MAX_CHARS, Detector
    from spamcheck.text.decode import decode_bytes
    from spamcheck.text.document import Document

    for r in devdata.human_texts():
        yield f"{r['source']}/{r['domain']}", r["id"], Document(r["text"])
    for name in ("masc", "speeches"):
        path = devdata.text_dir() / "human-registers" / f"{name}.jsonl.gz"
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            for i, line in enumerate(fh):
                d = json.loads(line)
                yield f"registers/{name}", d.get("id", str(i)), Document(d["text"])
    det = Detector(model=None)
    html = devdata.shared_dir() / "data" / "html"
    files = sorted(glob.glob(str(html / "trafilatura-eval" / "*" / "*.html.gz")))
    files += sorted(glob.glob(str(html / "clean*" / "input" / "*")))
    for f in files:
        raw = Path(f).read_bytes()
        raw = gzip.decompress(raw) if f.endswith(".gz") else raw
        text = decode_bytes(raw)[0][:MAX_CHARS]
        yield "html/" + f.split("/html/")[1].split("/")[0], f, det.prepare(text, f, True, [])


def main(argv: list[str] | None = None) -> int:
    from spamcheck.detectors.quality import DUP_LINE_MIN, DUP_NGRAM_MIN, TOP_2GRAM_MIN, Quality, repetition
    from spamcheck.quality.stats import quality_stats

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", help="also write one JSON line of statistics per document here")
    args = ap.parse_args(argv)
    q = Quality()
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    top = dict.fromkeys(STATS, (0.0, ""))
    out = open(args.out, "w", encoding="utf-8") if args.out else None  # noqa: SIM115
    for source, doc_id, doc in documents():
        stats = quality_stats(doc)
        fired = bool(q.check(doc, stats).flags)
        rep = repetition(doc, stats)
        counts[source][0] += 1
        counts[source][1] += fired
        for k in STATS:
            if rep["n_words"] >= 50 and rep[k] > top[k][0]:
                top[k] = (rep[k], str(doc_id))
        if out:
            out.write(json.dumps({"source": source, "id": doc_id, "fired": fired, **rep}) + "\n")
    if out:
        out.close()
    n = sum(c[0] for c in counts.values())
    k = sum(c[1] for c in counts.values())
    print("| source | documents | quality fires |\n|---|---|---|")
    for source, (docs, hits) in sorted(counts.items()):
        print(f"| {source} | {docs} | {hits} |")
    print(f"| **all** | **{n}** | **{k} ({k / max(n, 1):.2%})** |\n")
    thresholds = dict(zip(STATS, (DUP_NGRAM_MIN, TOP_2GRAM_MIN, DUP_LINE_MIN), strict=True))
    print("| statistic | highest on human text (document) | fires at |\n|---|---|---|")
    for s in STATS:
        print(f"| {s} | {top[s][0]:.3f} ({Path(top[s][1]).name}) | {thresholds[s]:.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
