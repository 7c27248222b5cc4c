"""The built wheel works on its own: installed with its dependencies into a fresh
venv outside the checkout, every subcommand runs from an unrelated folder.

Slow (builds a wheel, installs scikit-learn & co. from the package index), so it is
marked ``slow``. It proves the installed package needs nothing from the repository:
no ``training/``, no ``models/`` beside the source, no ``sys.path`` edits.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
FIXTURE = REPO / "fixtures" / "labeled_small.jsonl"

pytestmark = [pytest.mark.slow, pytest.mark.timeout(3600)]

HUMAN = (
    "The allotment committee met on Thursday evening in the church hall. Mrs Patel reported that the "
    "water butts on the east side had cracked over the winter and would need replacing before May. "
    "After some discussion the members agreed to split the cost between the plots that use them."
)
MACHINE = (
    "Certainly! Here is the article you asked for. In today's fast-paced world, it is important to "
    "note that gardening offers a myriad of benefits. Moreover, it fosters a sense of community."
)
PAGE = (
    "<html><head><title>Hall notes</title></head><body><nav><a href='/'>Home</a> <a href='/about'>About</a>"
    "</nav><article><h1>Committee notes</h1><p>" + HUMAN + "</p></article>"
    "<footer>Copyright 2026. All rights reserved. Privacy policy.</footer></body></html>"
)


def _env() -> dict[str, str]:
    # Nothing from the checkout or the dev venv may leak in.
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")}
    env["PYTHONNOUSERSITE"] = "1"
    return env


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """``bin/`` of a fresh venv with the wheel and its dependencies installed."""
    root = tmp_path_factory.mktemp("wheel")
    dist = root / "dist"
    run = dict(capture_output=True, text=True, env=_env(), cwd=root)
    out = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(dist), str(REPO)], **run
    )
    assert out.returncode == 0, out.stderr[-3000:]
    wheels = list(dist.glob("spamcheck-*.whl"))
    assert len(wheels) == 1
    venv = root / "venv"
    out = subprocess.run([sys.executable, "-m", "venv", str(venv)], **run)
    assert out.returncode == 0, out.stderr[-3000:]
    out = subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "-q", str(wheels[0])], **run)
    assert out.returncode == 0, out.stderr[-3000:]
    return venv / "bin"


@pytest.fixture(scope="module")
def work(installed, tmp_path_factory) -> Path:
    """An unrelated folder with a few inputs written for the test."""
    w = tmp_path_factory.mktemp("elsewhere")
    (w / "docs").mkdir()
    (w / "docs" / "human.txt").write_text(HUMAN + "\n", encoding="utf-8")
    (w / "docs" / "machine.txt").write_text(MACHINE + "\n", encoding="utf-8")
    (w / "page.html").write_text(PAGE, encoding="utf-8")
    with (w / "corpus.jsonl").open("w", encoding="utf-8") as f:
        for i, t in enumerate([HUMAN, MACHINE, HUMAN.replace("Thursday", "Monday")]):
            f.write(json.dumps({"id": f"d{i}", "text": t}) + "\n")
    shutil.copy(FIXTURE, w / "labelled.jsonl")
    return w


def spamcheck(installed: Path, work: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(installed / "spamcheck"), *args], capture_output=True, text=True, env=_env(), cwd=work,
        timeout=1800,
    )


def test_the_package_comes_from_the_venv(installed, work):
    out = subprocess.run(
        [str(installed / "python"), "-c",
         "import spamcheck; print(spamcheck.__file__); print(spamcheck.default_detector().model.name)"],
        capture_output=True, text=True, env=_env(), cwd=work,
    )
    assert out.returncode == 0, out.stderr
    where, name = out.stdout.splitlines()[:2]
    assert where.startswith(str(installed.parent)) and not where.startswith(str(REPO))
    assert name  # the shipped model loads from the wheel's _models


def test_score_and_extract(installed, work):
    out = spamcheck(installed, work, "score", "--format", "json", "docs/human.txt", "docs/machine.txt")
    assert out.returncode in (0, 1), out.stderr
    rows = [json.loads(line) for line in out.stdout.splitlines()]
    by_id = {Path(r["id"]).name: r for r in rows}
    assert by_id["machine.txt"]["score"] > by_id["human.txt"]["score"]
    assert any(f["type"] == "chatbot_leak" for f in by_id["machine.txt"]["flags"])
    out = spamcheck(installed, work, "extract", "--json", "page.html")
    assert out.returncode == 0, out.stderr
    assert "water butts" in json.loads(out.stdout)["main_text"]


def test_batch_report_and_gate(installed, work):
    out = spamcheck(installed, work, "batch", "corpus.jsonl", "--out", "run", "--quiet")
    assert out.returncode in (0, 1), out.stderr
    lines = (work / "run" / "scores.jsonl").read_text(encoding="utf-8").splitlines()
    assert sorted(json.loads(x)["id"] for x in lines) == ["d0", "d1", "d2"]
    out = spamcheck(installed, work, "report", "run", "--out", "report.html")
    assert out.returncode == 0, out.stderr
    assert "<html" in (work / "report.html").read_text(encoding="utf-8").lower()
    out = spamcheck(installed, work, "gate", "--no-config", "--max-score", "0.99", "docs/human.txt")
    assert out.returncode == 0, out.stdout + out.stderr
    out = spamcheck(installed, work, "gate", "--no-config", "--max-score", "0.5", "docs/machine.txt")
    assert out.returncode == 1, out.stdout + out.stderr


def test_train_eval_and_loso(installed, work):
    out = spamcheck(
        installed, work, "train", "labelled.jsonl", "--out", "mymodel", "--jobs", "1", "--folds", "3"
    )
    assert out.returncode == 0, out.stderr
    assert (work / "mymodel" / "card.json").is_file()
    out = spamcheck(installed, work, "eval", "labelled.jsonl", "--model", "mymodel", "--jobs", "1", "--json")
    assert out.returncode == 0, out.stderr
    assert set(json.loads(out.stdout)["overall"]["per_source"]) == {"l2r", "outfox", "seqxgpt"}
    out = spamcheck(installed, work, "eval", "labelled.jsonl", "--loso", "--jobs", "1", "--json")
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["sources"] == ["l2r", "outfox", "seqxgpt"]
