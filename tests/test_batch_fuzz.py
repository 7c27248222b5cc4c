"""Seeded fuzz of `spamcheck batch`: every record ends as one score or one error, in every mode.

Broken JSON, lone surrogates, NUL bytes, wrong field types, a 5 MB record, blank and
empty records; plain, --split, --split --compress and two workers; and a run killed
with SIGKILL mid-way, then resumed. Needs no shared data: the records are built here.
"""

from __future__ import annotations

import gzip
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
PATH = [str(REPO / "src"), str(REPO), os.environ.get("PYTHONPATH", "")]
ENV = {**os.environ, "PYTHONPATH": os.pathsep.join(PATH)}
CMD = [sys.executable, "-m", "spamcheck", "batch"]
WORDS = (
    "the", "council", "met", "on", "tuesday", "to", "agree", "a", "budget", "for", "roads",
    "schools", "and", "the", "new", "library", "while", "residents", "asked", "why", "repairs",
    "took", "so", "long", "after", "storms", "damaged", "several", "bridges", "near", "river",
)


def _sentence(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


def _record(rng: random.Random, i: int) -> bytes | None:
    """One JSONL line (without newline) of a random kind; ``None`` for a blank line."""
    kind = rng.randrange(16)
    text = " ".join(_sentence(rng, rng.randint(5, 25)) for _ in range(rng.randint(1, 6)))
    if kind == 0:
        return json.dumps({"id": f"r{i}", "text": text})[: rng.randint(1, 30)].encode()  # cut JSON
    if kind == 1:
        return rng.randbytes(rng.randint(1, 80)).replace(b"\n", b" ")  # random bytes
    if kind == 2:
        # lone surrogates (json.dumps escapes them, as a JSONL writer upstream would)
        return json.dumps({"id": f"r{i}", "text": "\ud800 " + text + " \udfff"}).encode()
    if kind == 3:
        # lone surrogates in the id and in a field that only --split writes
        return json.dumps({"id": f"r{i}\udc80", "text": text, "meta": "\udbff"}).encode()
    if kind == 4:
        return json.dumps({"id": f"r{i}", "text": text.replace(" ", "\u0000", 3)}).encode()  # NUL escapes
    if kind == 5:
        return b'{"id": "r%d", "text": "%s\x00"}' % (i, text.encode())  # raw NUL byte (invalid JSON)
    if kind == 6:
        wrong = rng.choice([None, 12, 3.5, True, [text], {"t": text}])
        return json.dumps({"id": f"r{i}", "text": wrong}).encode()
    if kind == 7:
        return json.dumps({"id": f"r{i}", "body": text}).encode()  # no text field
    if kind == 8:
        return json.dumps(rng.choice([[1, 2], "a string", 7, None])).encode()  # not an object
    if kind == 9:
        return json.dumps({"id": f"r{i}", "text": rng.choice(["", "   \n\t", "!!! ???"])}).encode()
    if kind == 10:
        return None
    if kind == 11:
        return b'{"id": "r%d", "text": "caf\xc3 \xff broken utf-8"}' % i
    if kind == 12:
        return json.dumps({"id": [i], "text": text}).encode()  # id of a wrong type: located instead
    return json.dumps({"id": f"r{i}", "text": text}).encode()


def make_input(path: Path, n: int, seed: int, big: bool) -> int:
    """Write the fuzz corpus; returns the number of records (non-blank lines)."""
    rng = random.Random(seed)
    lines: list[bytes] = []
    for i in range(n):
        line = _record(rng, i)
        lines.append(b"" if line is None else line)
    if big:  # one 5 MB record of ordinary prose in the middle
        para = " ".join(_sentence(rng, 12) for _ in range(40))
        big_text = (para + "\n\n") * (5_000_000 // len(para))
        lines.insert(n // 2, json.dumps({"id": "big", "text": big_text}).encode())
    path.write_bytes(b"\n".join(lines) + b"\n")
    return sum(1 for x in lines if x.strip())


def read_lines(p: Path) -> list[bytes]:
    if not p.exists():
        return []
    raw = gzip.decompress(p.read_bytes()) if p.suffix == ".gz" else p.read_bytes()
    return [x for x in raw.split(b"\n") if x]


def check_run(out: Path, n_records: int, stderr: str, split: str | None) -> list[bytes]:
    """records in = scores + errors, each record once; outputs are valid UTF-8 JSON."""
    assert "Traceback" not in stderr, stderr[-3000:]
    scores, errors = read_lines(out / "scores.jsonl"), read_lines(out / "errors.jsonl")
    assert len(scores) + len(errors) == n_records
    places = []
    for line in scores + errors:
        d = json.loads(line.decode("utf-8"))  # strict UTF-8: no raw surrogates written
        places.append(d["record"])
        if "label" in d:
            assert d["label"] in ("clean", "suspect", "spam")  # a judged record; unjudged ones are errors
            assert d["why"].startswith(d["label"] + ":")
        else:
            assert d["error"] and d["error_kind"]
            assert "NoneType" not in d["error"] and "is a int" not in d["error"]
    assert sorted(places) == list(range(n_records))
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["complete"] is True
    assert summary["records_in"] == n_records == summary["scored"] + summary["errors"]
    if split:
        kept = read_lines(out / f"kept.jsonl{split}")
        dropped = read_lines(out / f"dropped.jsonl{split}")
        assert len(kept) + len(dropped) == len(scores)
        for line in kept + dropped:
            json.loads(line.decode("utf-8"))
    return scores


MODES = {
    "plain": [],
    "split": ["--split"],
    "split-gz-suspect": ["--split", "--compress", "--drop", "suspect"],
    "jobs2-split": ["--jobs", "2", "--split"],
}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int]:
    p = tmp_path_factory.mktemp("fuzz") / "fuzz.jsonl"
    return p, make_input(p, 220, seed=20261201, big=True)


@pytest.mark.slow
@pytest.mark.timeout(600)
@pytest.mark.parametrize("mode", list(MODES))
def test_every_record_is_scored_or_an_error(corpus, tmp_path, mode):
    src, n = corpus
    out = tmp_path / "out"
    r = subprocess.run([*CMD, str(src), "--out", str(out), "--chunk-size", "16", *MODES[mode]],
                       capture_output=True, text=True, env=ENV, timeout=500)
    assert r.returncode == 1, r.stderr[-3000:]  # the broken records are errors
    split = ".gz" if "--compress" in MODES[mode] else "" if "--split" in MODES[mode] else None
    check_run(out, n, r.stderr, split)


@pytest.mark.slow
@pytest.mark.timeout(600)
@pytest.mark.parametrize("mode", ["split", "jobs2-split"])
def test_sigkill_then_resume_finishes_with_every_record_once(tmp_path, mode):
    src = tmp_path / "fuzz.jsonl"
    n = make_input(src, 300, seed=7 + len(mode), big=False)
    ref, out = tmp_path / "ref", tmp_path / "out"
    args = ["--chunk-size", "8", *MODES[mode]]
    r = subprocess.run([*CMD, str(src), "--out", str(ref), *args], capture_output=True, text=True, env=ENV,
                       timeout=500)
    reference = check_run(ref, n, r.stderr, "")
    proc = subprocess.Popen([*CMD, str(src), "--out", str(out), *args, "--quiet"], env=ENV,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    deadline = time.monotonic() + 300
    killed = False
    while time.monotonic() < deadline and proc.poll() is None:
        ck = out / "checkpoint.json"
        try:
            done = json.loads(ck.read_text())["stats"]["records_in"] if ck.exists() else 0
        except (ValueError, KeyError):
            done = 0  # replaced while read
        if done >= n // 4:
            os.killpg(proc.pid, signal.SIGKILL)  # the runner and its workers, mid-run
            killed = True
            break
        time.sleep(0.05)
    proc.wait(timeout=60)
    assert killed, "the run finished before it could be killed"
    assert json.loads((out / "checkpoint.json").read_text())["complete"] is False
    r = subprocess.run([*CMD, str(src), "--out", str(out), *args, "--resume"], capture_output=True, text=True,
                       env=ENV, timeout=500)
    assert r.returncode == 1, r.stderr[-3000:]
    resumed = check_run(out, n, r.stderr, "")
    assert resumed == reference  # the same lines, in the same order, none twice
