"""Per-document time of the ``ai_padding`` and ``spun`` families on real texts.

Run: ``.venv/bin/python benchmarks/bench_ai_spun.py [N]`` (default 1000 documents,
a seeded sample of all development texts, human and machine). Prints mean and
median ms per document for each family, and ms per 5 KB of text. Document
segmentation (words, sentences) is done once before timing, as the Detector
shares it between families.
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from training import devdata  # noqa: E402

from spamcheck.detectors.ai_padding import AIPadding  # noqa: E402
from spamcheck.detectors.spun import Spun  # noqa: E402
from spamcheck.text.document import Document  # noqa: E402
from spamcheck.text.languages import LanguageGuesser  # noqa: E402


def main(n: int = 1000) -> None:
    texts = [r["text"] for r in devdata.iter_all()]
    texts = random.Random(0).sample(texts, min(n, len(texts)))
    lg = LanguageGuesser()
    docs = []
    for t in texts:
        d = Document(t, languages=lg)
        _ = d.language, d.sentences, d.paragraphs, d.word_spans  # shared segmentation, not timed
        docs.append(d)
    chars = sum(len(d.text) for d in docs)
    print(f"{len(docs)} docs, mean {chars / len(docs):.0f} chars")
    for fam in (AIPadding(), Spun()):
        times = []
        for d in docs:
            t0 = time.perf_counter()
            fam.detect(d)
            times.append((time.perf_counter() - t0) * 1000)
        total = sum(times)
        print(f"{fam.family:<11} mean {total / len(docs):.3f} ms/doc  median {statistics.median(times):.3f} "
              f"ms/doc  {total / (chars / 5000):.3f} ms per 5 KB")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)
