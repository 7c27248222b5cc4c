"""What `batch`, `gate` and `report` share (commands/_common.py), and reading
[tool.spamcheck] with tomli where tomllib is missing (Python 3.10)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pytest
from benchmarks import make_corpus
from training import devdata

from spamcheck.ci.gate import GateError, _read_toml, load_settings
from spamcheck.cli.main import build_parser, main

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "fixtures" / "seed" / "000_45702f146cbaefe0.txt"
needs_shared = pytest.mark.skipif(not devdata.text_dir().exists(), reason="../shared/data not present")


def subcommands() -> set[str]:
    sub = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    return set(sub.choices)


def test_helper_module_is_not_a_subcommand() -> None:
    names = subcommands()
    assert {"score", "batch", "gate", "report"} <= names
    assert not any(n.startswith("_") for n in names)


@pytest.mark.parametrize(
    ("argv", "option"),
    [
        (["batch", "in.jsonl", "--out", "o", "--jobs", "-1"], "--jobs"),
        (["batch", "in.jsonl", "--out", "o", "--chunk-size", "0"], "--chunk-size"),
        (["report", "d", "--out", "r.html", "--worst", "-3"], "--worst"),
        (["report", "d", "--out", "r.html", "--rows", "many"], "--rows"),
    ],
)
def test_bad_counts_are_usage_errors(
    argv: list[str], option: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exc:
        main(argv)
    assert exc.value.code == 2
    assert f"argument {option}:" in capsys.readouterr().err


def test_counts_at_their_minimum_are_accepted() -> None:
    args = build_parser().parse_args(["batch", "in.jsonl", "--out", "o", "--jobs", "0", "--chunk-size", "1"])
    assert (args.jobs, args.chunk_size, args.func.__module__) == (0, 1, "spamcheck.cli.commands.batch")
    args = build_parser().parse_args(["report", "d", "--out", "r.html", "--worst", "0", "--rows", "0"])
    assert (args.worst, args.rows) == (0, 0)


@needs_shared
def test_unwritable_output_is_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "c.jsonl"
    make_corpus.build(str(src), n=12, seed=5, broken=0)
    assert main(["batch", "--quiet", str(src), "--out", str(tmp_path / "run")]) == 0
    capsys.readouterr()
    # a directory where the file should go: the page or report cannot be written
    assert main(["report", str(tmp_path / "run"), "--out", str(tmp_path)]) == 2
    assert "spamcheck report: cannot write" in capsys.readouterr().err
    assert main(["gate", str(SEED), "--no-config", "--output", str(tmp_path)]) == 2
    assert "spamcheck gate: cannot write" in capsys.readouterr().err
    assert main(["report", str(tmp_path / "run"), "--out", str(tmp_path / "r.html")]) == 0
    assert "spamcheck report: wrote" in capsys.readouterr().err
    assert (tmp_path / "r.html").read_text(encoding="utf-8").startswith("<!")


CONFIG = '[tool.spamcheck]\nmax-score = 0.6\nfail-on = ["lorem_ipsum", "fragments/prompt_leak"]\n'


def test_config_read_with_tomli_where_tomllib_is_missing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("tomli")  # in the test extra, so CI runs this on any Python
    cfg = tmp_path / "pyproject.toml"
    cfg.write_text(CONFIG, encoding="utf-8")
    with_tomllib = _read_toml(REPO / "pyproject.toml")
    monkeypatch.setitem(sys.modules, "tomllib", None)  # what Python 3.10 looks like
    assert _read_toml(REPO / "pyproject.toml") == with_tomllib
    s = load_settings(str(cfg), {})
    assert s.max_score == 0.6 and s.fail_on == ("lorem_ipsum", "fragments/prompt_leak")
    cfg.write_text("[tool.spamcheck\n", encoding="utf-8")  # broken TOML: still a clean GateError
    with pytest.raises(GateError, match="cannot read"):
        load_settings(str(cfg), {})


def test_no_toml_parser_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    cfg = tmp_path / "pyproject.toml"
    cfg.write_text(CONFIG, encoding="utf-8")
    monkeypatch.setitem(sys.modules, "tomllib", None)
    monkeypatch.setitem(sys.modules, "tomli", None)
    with pytest.raises(GateError, match=r"needs the 'tomli' package.*pip install 'tomli>=1\.1'"):
        load_settings(str(cfg), {})
    # the command reports it as a usage error (exit 2), with no traceback
    assert main(["gate", str(SEED), "--config", str(cfg)]) == 2
    err = capsys.readouterr().err
    assert "tomli" in err and "Traceback" not in err
    # --no-config needs no TOML parser at all
    assert main(["gate", str(SEED), "--no-config", "--max-score", "1.0"]) == 0
