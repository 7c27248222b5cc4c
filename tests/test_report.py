"""HTML reports: the corpus page of `spamcheck report` and `spamcheck score --format html`."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from benchmarks import make_corpus
from training import devdata

from spamcheck.cli.main import main

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "fixtures" / "seed" / "000_45702f146cbaefe0.txt"
pytestmark = pytest.mark.skipif(not devdata.text_dir().exists(), reason="../shared/data not present")

# Anything that would make a browser fetch something: src/href/url() pointing outside the page.
EXTERNAL = re.compile(
    r"""(?:src|href|action|srcset)\s*=\s*["']?(?!#)[^"'\s>]+|url\(|@import|<link\b|<iframe\b""", re.I
)


@pytest.fixture(scope="session")
def run_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A batch run over 400 real records (1% broken) plus the seed document."""
    d = tmp_path_factory.mktemp("reportrun")
    src = d / "c.jsonl"
    make_corpus.build(str(src), n=400, seed=5, broken=0.01)
    assert main(["batch", "--quiet", str(src), str(SEED), "--out", str(d / "out")]) == 1
    return d / "out"


@pytest.fixture(scope="session")
def report_html(run_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("report") / "report.html"
    assert main(["report", str(run_dir), "--out", str(out)]) == 0
    return out


def test_report_is_self_contained(report_html: Path) -> None:
    html = report_html.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>")
    assert EXTERNAL.search(html) is None, EXTERNAL.search(html)
    assert "Content-Security-Policy" in html and "default-src 'none'" in html


def test_report_content(report_html: Path, run_dir: Path) -> None:
    html = report_html.read_text(encoding="utf-8")
    summary = json.loads((run_dir / "summary.json").read_text())
    assert html.count('class="bar"') == 20
    counts = [int(c) for c in re.findall(r'class="bar"[^>]*data-count="(\d+)"', html)]
    assert counts == summary["histogram"]["counts"]
    # the worst document is the seed, with its evidence marked in context
    first = html.index('class="card worst"')
    card = html[first : html.index('class="card worst"', first + 1)]
    assert SEED.name in card and "<mark" in card and "Data Kalimat" in card
    for fam in ("ai_padding", "fragments", "placeholder_metadata"):
        assert fam in html
    assert html.count("<tr>") >= summary["scored"]  # every scored doc is in the table (< --rows)
    assert "malformed_json" in html or "missing_field" in html or "bad_utf8" in html


def test_report_escapes_record_text(tmp_path: Path) -> None:
    texts = [r["text"] for r in devdata.human_texts()][:2]
    src = tmp_path / "x.jsonl"
    rows = [
        {"id": "<script>alert(1)</script>", "text": texts[0] + "\n\nLorem ipsum dolor sit amet <b>x</b>"},
        {"id": "ok", "text": texts[1]},
    ]
    src.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    assert main(["batch", "--quiet", str(src), "--out", str(tmp_path / "o")]) == 0
    assert main(["report", str(tmp_path / "o"), "--out", str(tmp_path / "r.html")]) == 0
    html = (tmp_path / "r.html").read_text()
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)" in html


def test_report_usage_errors(tmp_path: Path) -> None:
    assert main(["report", str(tmp_path), "--out", str(tmp_path / "r.html")]) == 2
    assert not (tmp_path / "r.html").exists()


def test_single_document_html(tmp_path: Path) -> None:
    r = subprocess.run(
        [sys.executable, "-m", "spamcheck", "score", "--format", "html", str(SEED)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert r.returncode == 0, r.stderr
    html = r.stdout
    assert EXTERNAL.search(html.replace('href="#flag-', "")) is None
    import spamcheck

    res = spamcheck.score(SEED.read_bytes())
    n = len(res.flags)
    assert n > 0
    for i in range(n):  # every flag in the table links to its highlighted span
        assert f'href="#flag-{i}"' in html and f'id="flag-{i}"' in html
    # the visible text is the original text, in order (marks only wrap it)
    text = re.sub(r"<[^>]+>", "", html[html.index('<div class="doc"') : html.index("<h2>Flags</h2>")])
    import html as _h

    assert _h.unescape(text) == SEED.read_text(encoding="utf-8")
