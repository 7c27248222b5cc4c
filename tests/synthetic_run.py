"""A synthetic ``spamcheck batch`` output directory of any size, for the report's tests.

Scoring 20,000 real documents takes minutes on the CI machine; the report only
reads ``scores.jsonl``, ``summary.json`` and ``errors.jsonl``, so this writes
those files in the batch command's format (same fields, 80-character contexts
with the line breaks real documents have, long source paths, up to 50 flags).
Labels follow the given thresholds, except that some high scores are capped to
``suspect`` (as the model's defect gate does), so a histogram coloured by score
bands could not match the label counts.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

from spamcheck.detectors import flag_types
from spamcheck.result import FAMILIES

WORDS = (
    "the",
    "council",
    "said",
    "budget",
    "water",
    "new",
    "school",
    "plan",
    "road",
    "would",
    "their",
    "after",
    "city",
    "residents",
    "local",
    "report",
    "year",
    "market",
    "price",
    "growth",
    "energy",
    "policy",
    "data",
    "team",
    "project",
    "service",
    "health",
)
# The real flag types of every family, so the synthetic run follows the registry.
TYPES = {family: list(types) for family, types in flag_types().items()}


def _prose(rng: random.Random, n: int) -> str:
    out = []
    for i in range(n):
        out.append(rng.choice(WORDS))
        if i % 9 == 8:
            out.append(rng.choice([".\n\n", ".\n", ". "]))  # real contexts keep their line breaks
    return " ".join(out)


def write_run(
    out: Path, n: int, *, seed: int = 1, thresholds: dict[str, float], errors: int = 25
) -> dict[str, int]:
    """Write a run of ``n`` scored documents (+ ``errors`` error lines) to ``out``; return the labels."""
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    labels = {"clean": 0, "suspect": 0, "spam": 0}
    hist = [0] * 20
    flag_types: dict[str, dict[str, int]] = {}
    with open(out / "scores.jsonl", "w", encoding="utf-8") as fh:
        for i in range(n):
            score = round(
                min(1.0, max(0.0, rng.betavariate(1.2, 3.0) if rng.random() < 0.8 else rng.random())), 6
            )
            label = (
                "spam"
                if score >= thresholds["spam"]
                else "suspect"
                if score >= thresholds["suspect"]
                else "clean"
            )
            if label == "spam" and rng.random() < 0.3:
                label = "suspect"  # a capped score: the gate keeps it below spam
            labels[label] += 1
            hist[min(19, int(score * 20))] += 1
            flags = []
            for _ in range(rng.choice([0, 0, 1, 2, 5, 12, 50]) if score > 0.3 else rng.choice([0, 0, 1])):
                fam = rng.choice(FAMILIES)
                typ = rng.choice(TYPES[fam])
                ft = flag_types.setdefault(f"{fam}/{typ}", {"flags": 0, "docs": 0})
                ft["flags"] += 1
                start = rng.randrange(0, 5000)
                ev = _prose(rng, rng.randrange(2, 12))
                flags.append(
                    {
                        "family": fam,
                        "type": typ,
                        "start": start,
                        "end": start + len(ev),
                        "strength": round(rng.uniform(0.3, 0.99), 4),
                        "reason": f"{typ.replace('_', ' ')} matched ({rng.randrange(1, 9)} times)",
                        "text": ev,
                        "before": _prose(rng, 14)[-80:],
                        "after": _prose(rng, 14)[:80],
                    }
                )
            rec = {
                "id": f"doc-{i:06d}-" + "".join(rng.choice("abcdef0123456789") for _ in range(12)),
                "source": f"/data/crawl/2026-11/segment-{i % 37:03d}/part-{i % 11:05d}.jsonl.gz",
                "record": i,
                "line": i + 1,
                "score": score,
                "label": label,
                "scores": {f: round(rng.random() * score, 6) for f in FAMILIES},
                "language": "en",
                "n_flags": len(flags) + (rng.randrange(0, 40) if len(flags) == 50 else 0),
                "flags": sorted(flags, key=lambda f: (f["start"], f["end"])),
            }
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    kinds: dict[str, int] = {}
    with open(out / "errors.jsonl", "w", encoding="utf-8") as fh:
        for j in range(errors):
            kind = rng.choice(["malformed_json", "bad_utf8", "missing_field"])
            kinds[kind] = kinds.get(kind, 0) + 1
            fh.write(
                json.dumps(
                    {
                        "source": "/data/crawl/broken.jsonl",
                        "record": j,
                        "line": j + 1,
                        "error_kind": kind,
                        "error": f"{kind.replace('_', ' ')} at column {j}",
                    }
                )
                + "\n"
            )
    summary = {
        "complete": True,
        "records_in": n + errors,
        "scored": n,
        "errors": errors,
        "skipped": 0,
        "labels": labels,
        "error_kinds": dict(sorted(kinds.items())),
        "flag_types": flag_types,
        "histogram": {"edges": [round(i / 20, 2) for i in range(21)], "counts": hist},
        "throughput": {"records_per_s": 400.0},
        "inputs": ["/data/crawl/2026-11"],
        "jobs": 2,
    }
    (out / "summary.json").write_text(json.dumps(summary), encoding="utf-8")
    return labels
