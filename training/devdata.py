"""Read the third-party development data in ``../shared/data/text`` as uniform records.

Each record: ``{"id", "text", "label": "human"|"machine", "source", "domain",
"generator", "attack"}``. ``source`` is the set (``l2r``, ``outfox``, ``seqxgpt``);
``domain`` the sub-set used for leave-one-source-out splits (l2r domain, outfox
"essays", seqxgpt "docs").

Not part of the installed library: the data never ships, only models trained on it.
Set ``SPAMCHECK_SHARED`` to point elsewhere than ``<repo>/../shared``.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def shared_dir() -> Path:
    return Path(os.environ.get("SPAMCHECK_SHARED", REPO.parent / "shared"))


def text_dir() -> Path:
    return shared_dir() / "data" / "text"


def source_commit(folder: str) -> str:
    """``owner+repo @ commit`` of a data folder, for model cards."""
    p = shared_dir() / "data" / folder / ".source_commit"
    return p.read_text().strip() if p.exists() else "unknown"


# Upstream quirk: TravelTourism repeats TechnicalWriting's files; we keep TechnicalWriting.
L2R_SKIP = {"TravelTourism"}
L2R_MODELS = ("GPT-3-Turbo", "GPT-4o", "Gemini-1.5-Pro", "Llama-3-70B")


def iter_l2r() -> Iterator[dict]:
    root = text_dir() / "l2r"
    for dom in sorted(p.name for p in root.iterdir() if p.is_dir()):
        if dom in L2R_SKIP:
            continue
        for name in ("human", *L2R_MODELS):
            f = root / dom / f"{name}.json"
            if not f.exists():
                continue
            for i, t in enumerate(json.loads(f.read_text(encoding="utf-8"))):
                if not isinstance(t, str) or not t.strip():
                    continue
                yield {
                    "id": f"l2r/{dom}/{name}/{i}",
                    "text": t,
                    "label": "human" if name == "human" else "machine",
                    "source": "l2r",
                    "domain": dom,
                    "generator": name,
                    "attack": None,
                }


def iter_outfox() -> Iterator[dict]:
    root = text_dir() / "outfox"
    for split in ("valid", "test"):
        f = root / f"outfox_{split}.jsonl"
        for line in f.read_text(encoding="utf-8").splitlines():
            d = json.loads(line)
            yield {
                "id": f"outfox/{split}/{d['idx']}/{d['generator']}/{d['attack']}",
                "text": d["text"],
                "label": d["label"],
                "source": "outfox",
                "domain": "essays",
                "generator": d["generator"],
                "attack": d["attack"],
            }


def iter_seqxgpt() -> Iterator[dict]:
    root = text_dir() / "seqxgpt" / "SeqXGPT" / "dataset" / "document-level detection dataset"
    for f in sorted(root.glob("*_lines.jsonl")):
        gen = f.name.split("_")[0]
        for i, line in enumerate(f.read_text(encoding="utf-8").splitlines()):
            d = json.loads(line)
            yield {
                "id": f"seqxgpt/{gen}/{i}",
                "text": d["text"],
                "label": "human" if gen == "human" else "machine",
                "source": "seqxgpt",
                "domain": "docs",
                "generator": gen,
                "attack": None,
            }


def iter_all() -> Iterator[dict]:
    """Every record of the three text sets, in a fixed order."""
    yield from iter_l2r()
    yield from iter_outfox()
    yield from iter_seqxgpt()


def human_texts() -> Iterator[dict]:
    return (r for r in iter_all() if r["label"] == "human")
