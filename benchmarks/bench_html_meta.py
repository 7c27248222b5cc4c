"""Page metadata and the headline rule of ``spamcheck extract`` on the held-out HTML pages.

    nice .venv/bin/python benchmarks/bench_html_meta.py [--limit N]

Pages: the fixed held-out split of ``training/html_data.py`` (the one
``benchmarks/bench_html.py`` uses). Reports:

* title: the share of pages with a ``<title>`` or ``og:title`` whose extracted
  ``title`` is that page's headline: equal (case/space/punctuation-insensitive)
  to ``og:title``, to ``<title>``, or to the headline part of ``<title>``
  (``Headline | Site``). The reference titles are read here with a regular
  expression, independently of ``spamcheck.html.meta``;
* how often a byline, a date and a declared language were found;
* main-text quality (bench_html's measures: trafilatura-eval snippet P/R/F1,
  CleanEval token P/R/F1) with the headline rule on and off, and how many
  headlines it moved from boilerplate to main text.

Writes ``benchmarks/results/html_meta.json``.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from html import unescape
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO))

from benchmarks.bench_html import quality  # noqa: E402
from training import html_data as hd  # noqa: E402

import spamcheck.html.extraction as sh  # noqa: E402
from spamcheck.html.meta import norm_title  # noqa: E402

_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.I | re.S)
_OG = re.compile(
    r"""<meta[^>]+property\s*=\s*["']og:title["'][^>]*content\s*=\s*["']([^"']*)["']"""
    r"""|<meta[^>]+content\s*=\s*["']([^"']*)["'][^>]*property\s*=\s*["']og:title["']""",
    re.I,
)
_SEP = re.compile(r"\s+(?:\||-|–|—|::|·|»|/)\s+")


def reference_titles(html: str) -> list[str]:
    """``og:title``, ``<title>`` and the parts of ``<title>``, as written in the page."""
    refs = []
    m = _OG.search(html)
    if m:
        refs.append(unescape(m.group(1) or m.group(2) or ""))
    t = _TITLE.search(html[:500_000])
    if t:
        title = " ".join(unescape(re.sub(r"<[^>]+>", " ", t.group(1))).split())
        refs.append(title)
        refs.extend(_SEP.split(title))
    return [r for r in refs if norm_title(r)]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--out", default=str(REPO / "benchmarks" / "results" / "html_meta.json"))
    args = ap.parse_args(argv)
    pages = [p for p in hd.iter_pages() if p.heldout]
    if args.limit:
        pages = pages[: args.limit]
    from spamcheck.text.decode import decode_bytes

    on: list[str | None] = []
    n_ref = n_match = n_author = n_date = n_lang = rescued = 0
    misses: list[dict[str, str]] = []
    for pg in pages:
        html, _, _ = decode_bytes(pg.html)
        ex = sh.extract(html)
        on.append(ex.main_text)
        rescued += sum(1 for b in ex.blocks if "the article's headline" in b.reason)
        n_author += bool(ex.author)
        n_date += bool(ex.date)
        n_lang += bool(ex.declared_language)
        refs = reference_titles(html)
        if refs:
            n_ref += 1
            if norm_title(ex.title) in {norm_title(r) for r in refs}:
                n_match += 1
            elif len(misses) < 15:
                misses.append({"page": f"{pg.set}/{pg.name}", "title": ex.title, "reference": refs[0]})
    real = sh.headline_block
    sh.headline_block = lambda blocks, meta: -1  # the same extraction without the headline rule
    try:
        off = [sh.extract(decode_bytes(pg.html)[0]).main_text for pg in pages]
    finally:
        sh.headline_block = real
    q_on, q_off = quality(pages, on), quality(pages, off)
    n = len(pages)
    res = {
        "command": "nice .venv/bin/python benchmarks/bench_html_meta.py " + " ".join(argv or sys.argv[1:]),
        "pages": n,
        "pages_with_reference_title": n_ref,
        "title_matches_reference": round(n_match / max(1, n_ref), 4),
        "author_found": round(n_author / n, 4),
        "date_found": round(n_date / n, 4),
        "declared_language_found": round(n_lang / n, 4),
        "headlines_rescued": rescued,
        "quality_with_headline_rule": {k: round(v, 4) for k, v in q_on.items()},
        "quality_without_headline_rule": {k: round(v, 4) for k, v in q_off.items()},
        "title_misses_sample": misses,
    }
    print(json.dumps({k: v for k, v in res.items() if k != "title_misses_sample"}, indent=2))
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(res, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
