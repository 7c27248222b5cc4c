"""`spamcheck gate`: exit codes, every output format, config, pre-commit and CI paths."""

from __future__ import annotations

import json
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from training import devdata

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "fixtures" / "seed" / "000_45702f146cbaefe0.txt"
pytestmark = pytest.mark.skipif(not devdata.text_dir().exists(), reason="../shared/data not present")


def gate(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "spamcheck", "gate", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture(scope="module")
def human_files(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Real human texts from the development data (essays, news, reviews ...), as files."""
    d = tmp_path_factory.mktemp("human")
    picked, seen = [], set()
    for r in devdata.human_texts():
        key = (r["source"], r["domain"])
        if key in seen or len(r["text"]) < 400:
            continue
        seen.add(key)
        picked.append(r["text"])
        if len(picked) == 6:
            break
    out = []
    for i, t in enumerate(picked):
        p = d / f"human_{i}.{'md' if i % 2 else 'txt'}"
        p.write_text(t, encoding="utf-8")
        out.append(p)
    return out


@pytest.fixture
def work(tmp_path: Path) -> Path:
    """A folder without a pyproject.toml above it that has [tool.spamcheck]."""
    return tmp_path


def test_seed_fails_humans_pass(work: Path, human_files: list[Path]) -> None:
    r = gate(str(SEED), cwd=work)
    assert r.returncode == 1, r.stderr
    assert "FAIL" in r.stdout and "000_45702f146cbaefe0.txt:" in r.stdout
    r = gate(*map(str, human_files), cwd=work)
    assert r.returncode == 0, r.stdout
    assert r.stdout == "" and "passed" in r.stderr


def test_json_format(work: Path, human_files: list[Path]) -> None:
    r = gate(str(SEED), *map(str, human_files), "--format", "json", cwd=work)
    assert r.returncode == 1
    body = json.loads(r.stdout)
    assert body["passed"] is False and body["exit_code"] == 1
    docs = {Path(d["path"]).name: d for d in body["documents"]}
    assert len(docs) == 1 + len(human_files)
    seed = docs[SEED.name]
    assert seed["failed"] and seed["label"] == "spam" and seed["flags"]
    assert not any(d["failed"] for n, d in docs.items() if n != SEED.name)
    # line/col point at the evidence in the file
    lines = SEED.read_text(encoding="utf-8").split("\n")
    for f in seed["flags"][:40]:
        line = lines[f["line"] - 1]
        assert line[f["col"] - 1 :].startswith(f["text"].split("\n")[0])


def test_github_annotations(work: Path) -> None:
    r = gate(str(SEED), "--format", "github", cwd=work)
    assert r.returncode == 1
    ann = r.stdout.splitlines()
    pat = re.compile(
        r"^::error file=([^,]+),line=(\d+),col=(\d+),endLine=(\d+),endColumn=(\d+),title=([^:]+)::(.+)$"
    )
    assert ann and all(pat.match(a) for a in ann), ann[:3]
    lines = SEED.read_text(encoding="utf-8").split("\n")
    m = next(pat.match(a) for a in ann if "Data Kalimat" in a)
    assert m.group(1).endswith(SEED.name)
    assert "Data Kalimat" in lines[int(m.group(2)) - 1]
    assert "fragments/prompt_leak" in m.group(6)


def test_junit(work: Path, human_files: list[Path]) -> None:
    out = work / "junit.xml"
    r = gate(
        str(SEED),
        *map(str, human_files),
        "--format",
        "junit",
        "--output",
        str(out),
        "--max-spam-fraction",
        "0.5",
        "--max-score",
        "0.8",
        cwd=work,
    )
    assert r.returncode == 1 and r.stdout == ""
    root = ET.parse(out).getroot()
    cases = root.findall(".//testcase")
    assert len(cases) == len(human_files) + 2  # documents + the spam-fraction case
    failed = [c.get("name") for c in cases if c.find("failure") is not None]
    assert failed == [str(SEED)]
    assert root.get("failures") == "1" and root.get("tests") == str(len(cases))


def test_spam_fraction(work: Path, human_files: list[Path]) -> None:
    files = [str(SEED), *map(str, human_files)]  # 1 of 7 is spam
    assert gate(*files, "--max-spam-fraction", "0.2", cwd=work).returncode == 0
    r = gate(*files, "--max-spam-fraction", "0.1", cwd=work)
    assert r.returncode == 1 and "spam fraction" in r.stdout


def test_fail_on(work: Path, human_files: list[Path]) -> None:
    r = gate(str(SEED), "--fail-on", "placeholder_metadata/lorem_ipsum", cwd=work)
    assert r.returncode == 1 and "lorem_ipsum" in r.stdout
    # a type the seed does not have: with an explicit criterion the label alone does not fail it
    assert gate(str(SEED), "--fail-on", "no_such_type", cwd=work).returncode == 0
    assert gate(*map(str, human_files), "--fail-on", "fragments", cwd=work).returncode == 0


def test_pyproject_settings(work: Path) -> None:
    sub = work / "docs" / "deep"
    sub.mkdir(parents=True)
    shutil.copy(SEED, sub / "seed.txt")
    (work / "pyproject.toml").write_text("[tool.spamcheck]\nmax-score = 1.0\n")
    assert gate("seed.txt", cwd=sub).returncode == 0  # found two levels up; 0.999 <= 1.0
    assert gate("seed.txt", "--max-score", "0.5", cwd=sub).returncode == 1  # CLI wins
    assert gate("seed.txt", "--no-config", cwd=sub).returncode == 1  # default: spam fails
    (work / "pyproject.toml").write_text('[tool.spamcheck]\nfail-on = ["lorem_ipsum"]\nformat = "json"\n')
    r = gate("seed.txt", cwd=sub)
    assert r.returncode == 1 and json.loads(r.stdout)["settings"]["fail_on"] == ["lorem_ipsum"]
    other = work / "other.toml"
    other.write_text("[tool.spamcheck]\nmax-score = 1.0\n")
    assert gate("seed.txt", "--config", str(other), cwd=sub).returncode == 0


@pytest.mark.parametrize(
    "toml",
    [
        "[tool.spamcheck]\nmax-score = 7\n",
        "[tool.spamcheck]\nmax-score = 'x'\n",
        "[tool.spamcheck\n",
        "[tool.spamcheck]\nformat = 'xml'\n",
    ],
)
def test_bad_config_is_exit_2(work: Path, toml: str) -> None:
    (work / "pyproject.toml").write_text(toml)
    shutil.copy(SEED, work / "s.txt")
    r = gate("s.txt", cwd=work)
    assert r.returncode == 2 and "spamcheck gate:" in r.stderr and "Traceback" not in r.stderr


def test_usage_and_input_errors(work: Path) -> None:
    r = gate("missing.txt", cwd=work)
    assert r.returncode == 2 and "no such file" in r.stderr
    assert gate(str(SEED), "--format", "xml", cwd=work).returncode == 2
    assert gate(str(SEED), "--config", "nope.toml", cwd=work).returncode == 2
    binary = work / "blob.txt"
    binary.write_bytes(bytes(range(32)) * 200)
    r = gate(str(binary), "--format", "junit", cwd=work)
    assert r.returncode == 2 and "<error" in r.stdout


def test_folders_and_html(work: Path, human_files: list[Path]) -> None:
    site = work / "site"
    (site / "posts").mkdir(parents=True)
    (site / ".git").mkdir()
    shutil.copy(SEED, site / ".git" / "ignored.txt")
    for p in human_files[:2]:
        shutil.copy(p, site / p.name)
    seed = SEED.read_text(encoding="utf-8")
    html = (
        "<html><body><article>"
        + "".join(f"<p>{p}</p>\n" for p in seed.split("\n\n"))
        + "</article></body></html>"
    )
    (site / "posts" / "seed.html").write_text(html, encoding="utf-8")
    r = gate(str(site), "--format", "json", cwd=work)
    assert r.returncode == 1
    docs = json.loads(r.stdout)["documents"]
    assert sorted(Path(d["path"]).name for d in docs) == sorted(
        [p.name for p in human_files[:2]] + ["seed.html"]
    )
    page = next(d for d in docs if d["path"].endswith("seed.html"))
    assert page["failed"]
    src_lines = html.split("\n")
    leak = next(f for f in page["flags"] if "Data Kalimat" in f["text"])
    assert "Data Kalimat" in src_lines[leak["line"] - 1]


def _hook() -> dict[str, str]:
    """The hook definition as pre-commit reads it (flat keys of the single hook)."""
    text = (REPO / ".pre-commit-hooks.yaml").read_text()
    hook = {}
    for line in text.splitlines():
        m = re.match(r"^-?\s+(\w+):\s*(.+?)\s*$", line)
        if m and not line.lstrip().startswith("#"):
            hook[m.group(1)] = m.group(2)
    return hook


def test_pre_commit_hook_runs_like_pre_commit(work: Path, human_files: list[Path]) -> None:
    hook = _hook()
    assert hook["id"] == "spamcheck-gate" and hook["language"] == "python"
    files_re = re.compile(hook["files"])
    repo = work / "repo"
    repo.mkdir()
    staged = []
    for p in human_files[:3]:
        shutil.copy(p, repo / p.name)
        staged.append(p.name)
    (repo / "logo.png").write_bytes(b"\x89PNG")
    staged.append("logo.png")
    # pre-commit passes the staged files that match `files`, as arguments, from the repo root
    args = [f for f in staged if files_re.search(f)]
    assert "logo.png" not in args and len(args) == 3
    entry = shlex.split(hook["entry"])
    assert entry[:2] == ["spamcheck", "gate"]
    run = [sys.executable, "-m", "spamcheck", *entry[1:]]
    assert subprocess.run([*run, *args], cwd=repo, capture_output=True).returncode == 0
    shutil.copy(SEED, repo / "new_post.md")
    r = subprocess.run([*run, *args, "new_post.md"], cwd=repo, capture_output=True, text=True)
    assert r.returncode == 1 and "new_post.md" in r.stdout


def _workflow_gate_commands(path: Path) -> list[str]:
    block = re.search(r"```yaml\nname: spamcheck\n(.*?)```", path.read_text(), re.S)
    assert block, f"no workflow snippet in {path}"
    return [m.group(1) for m in re.finditer(r"run: (spamcheck gate .+)", block.group(1))]


def test_ci_workflow_commands(work: Path, human_files: list[Path]) -> None:
    cmds = _workflow_gate_commands(REPO / "docs" / "ci.md")
    assert cmds and cmds == _workflow_gate_commands(REPO / "README.md")
    content = work / "content"
    content.mkdir()
    for p in human_files:
        shutil.copy(p, content / p.name)
    for cmd in cmds:
        argv = shlex.split(cmd)
        r = subprocess.run(
            [sys.executable, "-m", "spamcheck", *argv[1:]], cwd=work, capture_output=True, text=True
        )
        assert r.returncode == 0, (cmd, r.stdout, r.stderr)
    shutil.copy(SEED, content / "spam.md")
    for cmd in cmds:
        argv = shlex.split(cmd)
        r = subprocess.run(
            [sys.executable, "-m", "spamcheck", *argv[1:]], cwd=work, capture_output=True, text=True
        )
        assert r.returncode == 1, cmd
        if "github" in argv:
            assert r.stdout.startswith("::error file=content/spam.md,line=")
        if "--output" in argv:
            report = work / argv[argv.index("--output") + 1]
            assert ET.parse(report).getroot().get("failures") == "1"
