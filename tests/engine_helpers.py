"""Shared by the real-engine tests (Spark, datatrove): the same seeded sample of real
documents, and the comparison with what `spamcheck batch` writes for it."""

from __future__ import annotations

import json
import math
import random
from pathlib import Path

from training import devdata

SEED = 20250601
N_DOCS = 1000


def sample_records(n: int = N_DOCS, seed: int = SEED) -> list[dict]:
    """A seeded sample of real documents, half human and half machine-written."""
    recs = list(devdata.iter_all())
    rng = random.Random(seed)
    human = [r for r in recs if r["label"] == "human"]
    machine = [r for r in recs if r["label"] == "machine"]
    picked = rng.sample(human, n // 2) + rng.sample(machine, n - n // 2)
    rng.shuffle(picked)
    return [{"id": r["id"], "text": r["text"], "label": r["label"]} for r in picked]


def run_batch_command(folder: Path, records: list[dict]) -> dict[str, dict]:
    """``spamcheck batch`` on the same records (2 jobs); its scores.jsonl by id."""
    import subprocess
    import sys

    inp = folder / "docs.jsonl"
    inp.write_text("".join(json.dumps({"id": r["id"], "text": r["text"]}) + "\n" for r in records))
    cmd = [sys.executable, "-m", "spamcheck", "batch", str(inp), "--out", str(folder / "out"), "--jobs", "2"]
    proc = subprocess.run([*cmd, "--quiet"], capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    lines = (folder / "out" / "scores.jsonl").read_text(encoding="utf-8").splitlines()
    return {d["id"]: d for d in map(json.loads, lines)}


def run_example(script: str, *args: str | Path) -> None:
    """Run ``examples/<script>`` with this interpreter; it must exit 0."""
    import subprocess
    import sys

    path = Path(__file__).resolve().parents[1] / "examples" / script
    cmd = [sys.executable, str(path), *map(str, args)]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]


def assert_same_as_batch(score: float, label: str, scores: dict, flags: list[dict], line: dict) -> None:
    # scores.jsonl rounds scores to 6 decimals (the Result JSON contract): equal after rounding.
    assert math.isclose(line["score"], round(score, 6), abs_tol=1e-9)
    assert line["label"] == label
    for fam in line["scores"]:
        assert math.isclose(line["scores"][fam], round(scores[fam], 6), abs_tol=1e-9), fam
    fields = ("family", "type", "start", "end", "text", "reason")
    assert [tuple(f[k] for k in fields) for f in line["flags"]] == [
        tuple(f[k] for k in fields) for f in flags
    ]
    pairs = zip(line["flags"], flags, strict=True)
    assert all(math.isclose(a["strength"], b["strength"], abs_tol=1e-6) for a, b in pairs)
