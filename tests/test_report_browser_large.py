"""The corpus report of a 20,000-document run in a real headless Chromium.

The run directory is synthetic (``tests/synthetic_run.py``: the batch command's
file format, not its scoring), so this needs no shared data and runs in CI. It
checks what a person opening the page gets: a bounded file and page height, a
histogram whose coloured areas are the label counts (not fixed score bands),
snippets clamped to a few lines, a table that fits the page and pages with a
click, and the errors before the charts.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.browser_helpers import CHROMIUM, open_page
from tests.synthetic_run import write_run

from spamcheck.cli import main
from spamcheck.report._html import LABEL_COLORS
from spamcheck.report.corpus import PAGE_ROWS, run_thresholds

N_DOCS = 20_000
ROWS = 2_000

playwright = pytest.importorskip("playwright.sync_api")
pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="chromium not installed (scripts/dev-setup)"),
]


def rgb(hex_color: str) -> str:
    r, g, b = (int(hex_color[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgb({r}, {g}, {b})"


@pytest.fixture(scope="module")
def big_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, int]]:
    d = tmp_path_factory.mktemp("bigrun")
    thresholds, _ = run_thresholds(None)  # what `spamcheck batch` labels with
    labels = write_run(d / "out", N_DOCS, seed=3, thresholds=thresholds)
    out = d / "report.html"
    assert main(["report", str(d / "out"), "--out", str(out), "--rows", str(ROWS)]) == 0
    return out, labels


@pytest.fixture(scope="module")
def page(big_run):  # type: ignore[no-untyped-def]
    with open_page(big_run[0], width=1100) as pg:
        yield pg


def test_file_size_load_time_and_height(page, big_run) -> None:  # type: ignore[no-untyped-def]
    report, _ = big_run
    assert report.stat().st_size < 3_000_000
    # Generous for a 2-core machine shared with other jobs; the page loads in ~1 s idle.
    assert page.load_seconds < 20, page.load_seconds
    height = page.evaluate("document.documentElement.scrollHeight")
    assert 2_000 < height < 20_000, height
    assert page.requests == [report.as_uri()]


def test_histogram_colours_are_the_label_counts(page, big_run) -> None:  # type: ignore[no-untyped-def]
    _, labels = big_run
    segs = page.eval_on_selector_all(
        "#histogram rect.seg",
        "els => els.map(e => [getComputedStyle(e).fill, +e.dataset.count, e.getBBox().height])",
    )
    by_colour: dict[str, int] = {}
    for fill, count, h in segs:
        assert h > 0
        by_colour[fill] = by_colour.get(fill, 0) + count
    want = {rgb(LABEL_COLORS[k]): v for k, v in labels.items() if v}
    assert by_colour == want
    # the suspect/spam thresholds are drawn where the model puts them (not at 0.5/0.8)
    t, _ = run_thresholds(None)
    lines = page.eval_on_selector_all(
        "#histogram line.threshold", "ls => ls.map(l => [l.dataset.name, +l.getAttribute('x1')])"
    )
    assert {n for n, _ in lines} == {"suspect", "spam"}
    xs = dict(lines)
    assert xs["suspect"] < xs["spam"]
    bars = page.eval_on_selector_all(
        "#histogram rect.bar", "els => els.map(e => [+e.getAttribute('x'), +e.getAttribute('width')])"
    )
    bin_of = int(t["spam"] * 20)  # the bar holding the spam threshold contains its line
    x, w = bars[bin_of]
    assert x - 1 <= xs["spam"] <= x + w + 1


def test_snippets_are_clamped(page) -> None:  # type: ignore[no-untyped-def]
    heights = page.eval_on_selector_all(
        ".card.worst .snip",
        "els => els.filter(e => e.offsetParent).map(e => e.getBoundingClientRect().height)",
    )
    assert heights and max(heights) <= 3 * 12.5 * 1.5 + 4
    # the folded flags open on click
    det = page.locator(".card.worst details.more").first
    assert det.get_attribute("open") is None
    det.locator("summary").click()
    assert det.get_attribute("open") is not None


def test_table_fits_and_pages(page) -> None:  # type: ignore[no-untyped-def]
    fit = page.evaluate(
        """() => { const m = document.querySelector('main').getBoundingClientRect();
        const t = document.querySelector('#docs').getBoundingClientRect();
        const ths = [...document.querySelectorAll('#docs thead th')]
            .map(h => h.getBoundingClientRect().right);
        return [m.right, t.right, Math.max(...ths), document.documentElement.scrollWidth,
                document.documentElement.clientWidth]; }"""
    )
    main_right, table_right, th_right, scroll_w, client_w = fit
    assert table_right <= main_right + 1 and th_right <= table_right + 1
    assert scroll_w <= client_w  # no horizontal scrolling anywhere on the page

    def visible_numbers() -> list[int]:
        return page.eval_on_selector_all(
            "#docs tbody tr", "rs => rs.filter(r => !r.hidden).map(r => +r.cells[0].textContent)"
        )

    first = visible_numbers()
    assert first == list(range(1, PAGE_ROWS + 1))
    assert "page 1 of 40" in page.text_content("#docs-pager .info")
    page.click("#docs-pager .next")
    assert visible_numbers() == list(range(PAGE_ROWS + 1, 2 * PAGE_ROWS + 1))
    assert "page 2 of 40" in page.text_content("#docs-pager .info")
    page.click("#docs-pager .prev")
    assert visible_numbers() == first
    assert page.is_disabled("#docs-pager .prev")
    # sorting re-pages from the first page, over all rows (not only the visible ones)
    heads = page.eval_on_selector_all("#docs thead th", "ths => ths.map(t => t.textContent)")
    col = heads.index("score") + 1
    page.click("#docs-pager .next")
    page.click(f"#docs thead th:nth-child({col})")
    scores = page.eval_on_selector_all(
        "#docs tbody tr", f"rs => rs.filter(r => !r.hidden).map(r => +r.cells[{col - 1}].textContent)"
    )
    assert len(scores) == PAGE_ROWS and scores == sorted(scores)
    assert "page 1 of 40" in page.text_content("#docs-pager .info")


def test_errors_come_before_the_charts(page) -> None:  # type: ignore[no-untyped-def]
    tops = page.evaluate(
        """() => [document.querySelector('#errors').getBoundingClientRect().top,
                  document.querySelector('#histogram').getBoundingClientRect().top]"""
    )
    assert tops[0] < tops[1]
