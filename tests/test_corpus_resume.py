"""Interrupted `spamcheck batch` runs resume with no record missing or duplicated."""

from __future__ import annotations

import gzip
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from benchmarks import make_corpus
from training import devdata

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not devdata.text_dir().exists(), reason="../shared/data not present"),
]

CMD = [sys.executable, "-m", "spamcheck", "batch", "--quiet"]


def read(path: Path) -> bytes:
    raw = path.read_bytes() if path.exists() else b""
    return gzip.decompress(raw) if path.suffix == ".gz" else raw


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict, Path]:
    """2,000 real records with 1% broken lines, and an uninterrupted reference run."""
    d = tmp_path_factory.mktemp("resume")
    src = d / "c2k.jsonl"
    m = make_corpus.build(str(src), n=2000, seed=11, broken=0.01)
    ref = d / "ref"
    r = subprocess.run([*CMD, str(src), "--out", str(ref), "--jobs", "2", "--split", "--compress"])
    assert r.returncode == 1  # the broken lines are errors
    return src, m, ref


def command(src: Path, out: Path, *extra: str, jobs: int = 2) -> list[str]:
    """The run under test: small chunks, so there are many checkpoints to be killed between."""
    return [
        *CMD,
        str(src),
        "--out",
        str(out),
        "--jobs",
        str(jobs),
        "--chunk-size",
        "40",
        "--split",
        "--compress",
        *extra,
    ]


def _default_sigint() -> None:
    # A shell that starts the test run in the background (`./.ci/run &`) hands every
    # child SIGINT ignored, and Python then keeps it ignored; a terminal's Ctrl-C is
    # what this test means to send, so the child starts with the default disposition.
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def start(src: Path, out: Path) -> subprocess.Popen[bytes]:
    # Its own process group, so a test can signal the runner and its workers together.
    return subprocess.Popen(command(src, out), start_new_session=True, preexec_fn=_default_sigint)


def resume(src: Path, out: Path, jobs: int = 2) -> int:
    """Run the same command again with --resume; its exit status."""
    return subprocess.run(command(src, out, "--resume", jobs=jobs)).returncode


def wait_for_progress(out: Path, proc: subprocess.Popen[bytes], at_least: int) -> int:
    ck = out / "checkpoint.json"
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        assert proc.poll() is None, "the run finished before it could be interrupted"
        try:
            n = json.loads(ck.read_text())["stats"]["records_in"]
        except (OSError, ValueError, KeyError):
            n = 0
        if n >= at_least:
            return n
        time.sleep(0.05)
    raise AssertionError("no progress")


def check_complete(out: Path, ref: Path, m: dict) -> None:
    for name in ("scores.jsonl", "errors.jsonl", "kept.jsonl.gz", "dropped.jsonl.gz"):
        assert read(out / name) == read(ref / name), name
    scores = [json.loads(x) for x in (out / "scores.jsonl").read_text().splitlines()]
    errors = [json.loads(x) for x in (out / "errors.jsonl").read_text().splitlines()]
    recs = [x["record"] for x in scores] + [x["record"] for x in errors]
    assert len(recs) == len(set(recs)) == m["lines"]
    assert sorted(e["line"] for e in errors) == sorted(b["line"] for b in m["broken"])
    summary = json.loads((out / "summary.json").read_text())
    assert (
        summary["complete"] and summary["records_in"] == m["lines"] == summary["scored"] + summary["errors"]
    )


def test_sigkill_then_resume(corpus: tuple[Path, dict, Path], tmp_path: Path) -> None:
    src, m, ref = corpus
    out = tmp_path / "out"
    proc = start(src, out)
    n = wait_for_progress(out, proc, 600)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    summary = out / "summary.json"
    assert not summary.exists()  # SIGKILL: nothing got to finish
    assert n < m["lines"]
    # a chunk half-written after the last checkpoint is cut away on resume
    with open(out / "scores.jsonl", "ab") as fh:
        fh.write(b'{"id": "half-written')
    assert resume(src, out) == 1
    check_complete(out, ref, m)


def test_kill_only_the_runner_then_resume_gz(corpus: tuple[Path, dict, Path], tmp_path: Path) -> None:
    """SIGKILL to the main process alone: its workers must go too, and .gz input resumes."""
    src, _m, ref = corpus
    gz = tmp_path / "c2k.jsonl.gz"
    gz.write_bytes(gzip.compress(src.read_bytes()))
    out = tmp_path / "out"
    proc = start(gz, out)
    wait_for_progress(out, proc, 900)
    children = _children(proc.pid)
    assert children, "expected pool workers"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    deadline = time.monotonic() + 20
    while any(_alive(c) for c in children) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(_alive(c) for c in children), "workers outlived the killed runner"
    assert resume(gz, out) == 1
    # the same records as the plain-file reference (only the source name differs)
    for name in ("scores.jsonl", "errors.jsonl"):
        a = [{k: v for k, v in json.loads(x).items() if k != "source"} for x in read(out / name).splitlines()]
        b = [{k: v for k, v in json.loads(x).items() if k != "source"} for x in read(ref / name).splitlines()]
        assert a == b


def test_ctrl_c_then_resume(corpus: tuple[Path, dict, Path], tmp_path: Path) -> None:
    src, m, ref = corpus
    out = tmp_path / "out"
    proc = start(src, out)
    wait_for_progress(out, proc, 300)
    os.killpg(proc.pid, signal.SIGINT)  # what a terminal's Ctrl-C sends
    assert proc.wait(timeout=120) == 130
    summary = json.loads((out / "summary.json").read_text())
    assert summary["complete"] is False and 0 < summary["records_in"] < m["lines"]
    assert resume(src, out, jobs=1) == 1  # fewer workers than the interrupted run: same output
    check_complete(out, ref, m)


def _children(pid: int) -> list[int]:
    out = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        kids = (task / "children").read_text().split()
        out.extend(int(k) for k in kids)
    return out


def _alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"
