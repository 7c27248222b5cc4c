"""The corpus report in a real headless Chromium (Debian's, driven by Playwright)."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import pytest
from benchmarks import make_corpus
from tests.browser_helpers import CHROMIUM, open_page
from training import devdata

from spamcheck.cli.main import main

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "fixtures" / "seed" / "000_45702f146cbaefe0.txt"
playwright = pytest.importorskip("playwright.sync_api")
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="chromium not installed (scripts/dev-setup)"),
    pytest.mark.skipif(not devdata.text_dir().exists(), reason="../shared/data not present"),
]


def png_pixels(data: bytes) -> tuple[int, int, list[bytes]]:
    """Decode an 8-bit RGB/RGBA non-interlaced PNG (what Chromium writes) into rows."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, w, h = 8, b"", 0, 0
    ctype = 6
    while pos < len(data):
        (n,) = struct.unpack(">I", data[pos : pos + 4])
        kind, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + n]
        if kind == b"IHDR":
            w, h, depth, ctype = struct.unpack(">IIBB", body[:10])
            assert depth == 8 and ctype in (2, 6)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + n
    bpp = 4 if ctype == 6 else 3
    raw, stride, rows, prev = zlib.decompress(idat), w * bpp, [], bytearray(w * bpp)
    for y in range(h):
        f, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b, c = prev[i], prev[i - bpp] if i >= bpp else 0
            if f == 1:
                line[i] = (line[i] + a) & 255
            elif f == 2:
                line[i] = (line[i] + b) & 255
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line))
        prev = line
    return w, bpp, rows


def non_white(data: bytes) -> float:
    w, bpp, rows = png_pixels(data)
    total = dark = 0
    for row in rows:
        for x in range(w):
            r, g, b = row[x * bpp : x * bpp + 3]
            total += 1
            dark += (r + g + b) < 720
    return dark / total


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    d = tmp_path_factory.mktemp("browser")
    src = d / "c.jsonl"
    make_corpus.build(str(src), n=300, seed=9, broken=0.01)
    assert main(["batch", "--quiet", str(src), str(SEED), "--out", str(d / "out")]) == 1
    assert main(["report", str(d / "out"), "--out", str(d / "report.html")]) == 0
    return d / "report.html"


@pytest.fixture(scope="module")
def page(report: Path):  # type: ignore[no-untyped-def]
    with open_page(report) as pg:
        yield pg


def test_histogram_renders(page) -> None:  # type: ignore[no-untyped-def]
    sizes = page.eval_on_selector_all(
        "#histogram rect.bar",
        "els => els.map(e => [e.getBBox().width, e.getBBox().height, +e.dataset.count])",
    )
    assert len(sizes) == 20
    assert all(w > 0 for w, _, _ in sizes)
    assert all(h > 0 for _, h, c in sizes if c > 0) and sum(1 for _, _, c in sizes if c > 0) >= 3
    shot = page.locator("#histogram").screenshot()
    assert non_white(shot) > 0.03  # bars drawn, not a blank box
    fams = page.locator("#families svg").screenshot()
    assert non_white(fams) > 0.01


def test_sorting_by_clicking_headers(page) -> None:  # type: ignore[no-untyped-def]
    def column(i: int) -> list[str]:
        return page.eval_on_selector_all(
            f"#docs tbody tr td:nth-child({i})", "tds => tds.map(t => t.textContent)"
        )

    heads = page.eval_on_selector_all("#docs thead th", "ths => ths.map(t => t.textContent)")
    score_col, id_col = heads.index("score") + 1, heads.index("id") + 1
    before = [float(x) for x in column(score_col)]
    assert before == sorted(before, reverse=True) and before[0] > before[-1]
    page.click(f"#docs thead th:nth-child({score_col})")
    asc = [float(x) for x in column(score_col)]
    assert asc == sorted(before)
    assert page.get_attribute(f"#docs thead th:nth-child({score_col})", "aria-sort") == "ascending"
    page.click(f"#docs thead th:nth-child({score_col})")
    assert [float(x) for x in column(score_col)] == sorted(before, reverse=True)
    page.click(f"#docs thead th:nth-child({id_col})")
    ids = column(id_col)
    assert ids == sorted(ids, key=str.lower) and len(set(ids)) > 1
    page.click(f"#docs thead th:nth-child({id_col})")
    assert column(id_col) == sorted(ids, key=str.lower, reverse=True)


def test_worst_documents_highlighted(page) -> None:  # type: ignore[no-untyped-def]
    marks = page.eval_on_selector_all(
        ".card.worst mark", "ms => ms.map(m => m.getBoundingClientRect().width)"
    )
    assert len(marks) > 10 and all(w > 0 for w in marks)
    first = page.text_content(".card.worst")
    assert SEED.name in first


def test_no_network_requests(page, report: Path) -> None:  # type: ignore[no-untyped-def]
    assert page.requests == [report.as_uri()]
