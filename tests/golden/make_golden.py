"""Write the golden file: scores, labels and flags of a fixed document set.

Run from the repository root (the file is committed; regenerate it only when a
change of behaviour is intended and reviewed)::

    python -m tests.golden.make_golden

The selection is deterministic: files are listed in sorted order and documents
are drawn by a seeded ``random.Random`` by (path, index), so the same shared data
gives the same set. The seed specimen is always included. ``tests/test_golden.py``
re-scores every document and compares.

Not imported by the package.
"""

from __future__ import annotations

import gzip
import json
import os
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
GOLDEN = Path(__file__).with_name("golden.jsonl.gz")
SEED_PATH = "fixtures/seed/000_45702f146cbaefe0.txt"
RNG_SEED = 20261201

# How many documents to draw from each part of the shared data.
L2R_DOMAINS = ("AcademicResearch", "Business", "Code", "LegalDocument", "NewsArticle", "ProductReview",
               "Religious", "TechnicalWriting")
L2R_FILES = ("human.json", "GPT-4o.json", "Llama-3-70B.json")
L2R_PER_FILE = 10
OUTFOX_N = 70
SEQXGPT_PER_FILE = 14
REGISTERS_PER_FILE = 30
HTML_PER_SET = {"cleaneval-dev": 25, "cleanportaleval": 25, "trafilatura-eval": 30}


def shared_data() -> Path:
    """The shared data folder, as the tests locate it (``SPAMCHECK_SHARED`` or ``../shared``)."""
    return Path(os.environ.get("SPAMCHECK_SHARED", REPO.parent / "shared")) / "data"


def _pick(rng: random.Random, n_total: int, k: int) -> list[int]:
    return sorted(rng.sample(range(n_total), min(k, n_total)))


def _jsonl_lines(path: Path) -> list[str]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as fh:  # type: ignore[operator]
        return [ln for ln in fh if ln.strip()]


def shared_documents() -> Iterator[tuple[str, str | bytes, bool]]:
    """``(id, data, is_html)`` for the shared-data part of the golden set."""
    data = shared_data()
    rng = random.Random(RNG_SEED)
    text = data / "text"
    for dom in L2R_DOMAINS:
        for name in L2R_FILES:
            f = text / "l2r" / dom / name
            items = json.loads(f.read_text(encoding="utf-8"))
            for i in _pick(rng, len(items), L2R_PER_FILE):
                if isinstance(items[i], str) and items[i].strip():
                    yield f"text/l2r/{dom}/{name}#{i}", items[i], False
    for split in ("valid", "test"):
        f = text / "outfox" / f"outfox_{split}.jsonl"
        lines = _jsonl_lines(f)
        for i in _pick(rng, len(lines), OUTFOX_N // 2):
            yield f"text/outfox/{f.name}#{i}", json.loads(lines[i])["text"], False
    seq = text / "seqxgpt" / "SeqXGPT" / "dataset" / "document-level detection dataset"
    for f in sorted(seq.glob("*_lines.jsonl")):
        lines = _jsonl_lines(f)
        for i in _pick(rng, len(lines), SEQXGPT_PER_FILE):
            yield f"text/seqxgpt/{f.name}#{i}", json.loads(lines[i])["text"], False
    for f in sorted((text / "human-registers").glob("*.jsonl.gz")):
        lines = _jsonl_lines(f)
        for i in _pick(rng, len(lines), REGISTERS_PER_FILE):
            yield f"text/human-registers/{f.name}#{i}", json.loads(lines[i])["text"], False
    for name, k in HTML_PER_SET.items():
        folder = data / "html" / name / ("eval" if name == "trafilatura-eval" else "input")
        files = sorted(folder.glob("*.html.gz"))
        for i in _pick(rng, len(files), k):
            yield f"html/{name}/{folder.name}/{files[i].name}", gzip.decompress(files[i].read_bytes()), True


def seed_document() -> tuple[str, str | bytes, bool]:
    return SEED_PATH, (REPO / SEED_PATH).read_bytes(), False


def record(doc_id: str, data: str | bytes, is_html: bool, detector: Any) -> dict[str, Any]:
    """What the golden file keeps of one scored document."""
    r = detector.score(data, doc_id=doc_id, html=is_html)
    return {
        "id": doc_id,
        "html": is_html,
        "score": r.score,
        "label": r.label,
        "scores": r.scores,
        "error": r.error,
        "flags": [[f.family, f.type, f.start, f.end, f.text, f.strength] for f in r.flags],
    }


def main() -> None:
    from spamcheck import default_detector

    det = default_detector()
    docs = [seed_document(), *shared_documents()]
    with gzip.open(GOLDEN, "wt", encoding="utf-8", compresslevel=9) as out:
        for doc_id, data, is_html in docs:
            out.write(json.dumps(record(doc_id, data, is_html, det), ensure_ascii=False) + "\n")
    n_html = sum(1 for d in docs if d[2])
    print(f"wrote {len(docs)} documents ({n_html} HTML) to {GOLDEN}")


if __name__ == "__main__":
    main()
