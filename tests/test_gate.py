"""`spamcheck gate`: exit codes, every output format, config, pre-commit and CI paths."""

from __future__ import annotations

import itertools
import json
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "fixtures" / "seed" / "000_45702f146cbaefe0.txt"
# Human texts from the development data, sampled into the repository (see fixtures/README.md):
# these tests need no ../shared.
LABELED = REPO / "fixtures" / "labeled_small.jsonl"


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
    """Real human texts (essays, news, reviews ...; two per source of the fixture sample), as files."""
    d = tmp_path_factory.mktemp("human")
    picked, per_source = [], {}
    for line in LABELED.read_text(encoding="utf-8").splitlines():
        r = json.loads(line)
        if r["label"] != "human" or len(r["text"]) < 400 or per_source.get(r["source"], 0) == 2:
            continue
        per_source[r["source"]] = per_source.get(r["source"], 0) + 1
        picked.append(r["text"])
    assert len(picked) == 6
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
    # a valid type the seed does not have: with an explicit criterion the label alone does not fail it
    assert gate(str(SEED), "--fail-on", "spintax", cwd=work).returncode == 0
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


@pytest.mark.parametrize(
    ("name", "suggestion"),
    [
        ("nonsense_type", None),
        ("placeholder_metdata", "placeholder_metadata"),
        ("spun/prompt_leak", "fragments/prompt_leak"),
        ("fragments/prompt_lek", "fragments/prompt_leak"),
        ("lorem_ipsun", "lorem_ipsum"),
    ],
)
def test_unknown_fail_on_name_is_exit_2_with_the_valid_names(work: Path, name: str, suggestion: str | None):
    # A typo must not switch the gate off: the seed is spam, and the run stops at the name.
    r = gate(str(SEED), "--fail-on", f"lorem_ipsum,{name}", cwd=work)
    assert r.returncode == 2, r.stderr
    assert r.stdout == "" and "Traceback" not in r.stderr
    assert repr(name) in r.stderr
    if suggestion:
        assert f"did you mean {suggestion!r}" in r.stderr
    assert "prompt_leak" in r.stderr  # the valid names are listed (the family's, at least)


def test_unknown_fail_on_name_in_config_is_exit_2(work: Path) -> None:
    (work / "pyproject.toml").write_text('[tool.spamcheck]\nfail-on = ["fake_profil"]\n')
    shutil.copy(SEED, work / "s.txt")
    r = gate("s.txt", cwd=work)
    assert r.returncode == 2 and "did you mean 'fake_profile'" in r.stderr
    assert "pyproject.toml" in r.stderr


@pytest.mark.parametrize(("key", "suggestion"), [("max-scor", "max-score"), ("fail_onn", "fail-on"),
                                                 ("colour", None)])
def test_unknown_config_key_is_exit_2(work: Path, key: str, suggestion: str | None) -> None:
    (work / "pyproject.toml").write_text(f"[tool.spamcheck]\n{key} = 0.5\n")
    shutil.copy(SEED, work / "s.txt")
    r = gate("s.txt", cwd=work)
    assert r.returncode == 2, r.stderr
    assert f"unknown key {key!r}" in r.stderr
    assert "valid keys: max-score, fail-on, max-spam-fraction, format" in r.stderr
    if suggestion:
        assert f"did you mean {suggestion!r}" in r.stderr


def test_gate_help_lists_valid_flag_names_from_the_families() -> None:
    from spamcheck.detectors import flag_types

    r = subprocess.run([sys.executable, "-m", "spamcheck", "gate", "--help"], capture_output=True, text=True)
    help_text = " ".join(r.stdout.split())
    for fam, types in flag_types().items():
        assert f"{fam}:" in help_text
        for t in types:
            assert t in help_text
    assert "exit status: 0 passed; 1 the gate failed; 2" in help_text


def _strengths_descending(values: list[float]) -> bool:
    return all(a >= b for a, b in itertools.pairwise(values))


def test_evidence_strongest_first_in_every_format(work: Path) -> None:
    body = json.loads(gate(str(SEED), "--format", "json", cwd=work).stdout)
    doc = body["documents"][0]
    assert doc["why"].startswith("spam: score")
    strengths = [f["strength"] for f in doc["flags"]]
    assert len(strengths) > 20 and _strengths_descending(strengths)
    assert strengths[0] == max(strengths) > min(strengths)

    ann = gate(str(SEED), "--format", "github", cwd=work).stdout.splitlines()
    got = [float(re.search(r"\(strength ([\d.]+);", a).group(1)) for a in ann]
    assert _strengths_descending(got) and got[0] == max(strengths)
    assert "keyword_stuffing" not in ann[0]  # the many weak stuffing flags come after the decisive ones

    text = gate(str(SEED), cwd=work).stdout.splitlines()
    assert text[1].startswith("  why spam: score")
    shown = [float(re.search(r"\(([\d.]+)\)", x).group(1)) for x in text if x.startswith("  ") and ") " in x
             and not x.startswith("  why") and not x.startswith("  ...")]
    assert shown and _strengths_descending(shown)

    out = work / "j.xml"
    gate(str(SEED), "--format", "junit", "--output", str(out), cwd=work)
    failure = ET.parse(out).getroot().find(".//failure")
    rows = failure.text.splitlines()
    assert rows[0].startswith("spam: score")
    got = [float(re.search(r"\(([\d.]+)\)", x).group(1)) for x in rows[1:]]
    assert _strengths_descending(got)
