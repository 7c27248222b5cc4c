"""Would lexbor (through selectolax) make spamcheck's HTML segmenter faster without changing its output?

    taskset -c 0 python benchmarks/bench_lexbor.py [--limit N] [--repeats 2]

Issue 15 asks for HTML extraction at 5x trafilatura's pages per second; a C-backed
parser is the structural lever. This script feeds lexbor's tree (selectolax's
``LexborHTMLParser``) to the same :class:`spamcheck.html.segment._Segmenter` the lxml
SAX parse feeds, as start/end/data events from an iterative walk, with the
differences to libxml2 that can be undone from lexbor's tree alone:

* ``<noscript>`` spans cut before parsing, as :func:`~spamcheck.html.segment.segment` does;
* ``<tbody>`` that HTML5 tree building inserts (the page has none) made transparent;
* link text counted per entity-delimited chunk, as libxml2 hands it to lxml's
  ``data`` events (``"Tom &amp; Jerry"`` arrives as ``"Tom "``, ``"&"``, ``" Jerry"``).

It prints, on the held-out pages of ``training/html_data.py``: CPU milliseconds per
page of lexbor's parse, the lexbor walk and the lxml segmenter; on how many pages
the blocks (text, tag, element id, depth, ancestor bits, link characters, hint) are
identical, and the first field that differs on the others; and end-to-end
``spamcheck.extract`` pages per CPU second and F1 with each segmenter (the lexbor
one swapped in for this process only). Needs ``selectolax`` (MIT), which spamcheck
does not depend on. Writes ``benchmarks/results/lexbor.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import sys
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("OMP_NUM_THREADS", "1")
REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

import bench_html  # noqa: E402
from training import html_data as hd  # noqa: E402

import spamcheck  # noqa: E402
from spamcheck.html import segment as seg  # noqa: E402
from spamcheck.text.decode import decode_bytes  # noqa: E402

_TBODY = re.compile(r"<tbody", re.I)
# Characters libxml2 delivers as a data event of their own (entity references).
_ENTITY_CHAR = re.compile('[&\xa0<>"]')
_ENTITY_SPLIT = re.compile('([&\xa0<>"])')
FIELDS = ("text", "tag", "eid", "depth", "mask", "link_chars", "hint", "near")


def lexbor_segment(html: str, prefer_lxml: bool = True) -> seg.Page:
    """:func:`spamcheck.html.segment.segment`'s blocks, from lexbor's tree instead of lxml's events."""
    from selectolax.lexbor import LexborHTMLParser

    if seg._NOSCRIPT_OPEN.search(html):
        html = seg._NOSCRIPT.sub(" ", html)
    transparent = () if _TBODY.search(html) else ("tbody",)
    target = seg._Segmenter()
    start, end, data = target.start, target.end, target.data
    stack: list[tuple[Any, str | None]] = []
    node = LexborHTMLParser(html).root
    while node is not None:
        if node.is_element_node:
            tag = node.tag
            child = node.child
            if tag in transparent:
                if child is not None:
                    stack.append((node, None))
                    node = child
                    continue
            else:
                start(tag, node.attributes)
                if child is not None:
                    stack.append((node, tag))
                    node = child
                    continue
                end(tag)
        elif node.is_text_node:
            text = node.text_content
            if target.link_depth and _ENTITY_CHAR.search(text):
                before = target.link_chars
                data(text)
                target.link_chars = before + sum(len(p.strip()) for p in _ENTITY_SPLIT.split(text))
            else:
                data(text)
        nxt = node.next
        while nxt is None and stack:
            up, up_tag = stack.pop()
            if up_tag is not None:
                end(up_tag)
            nxt = up.next
        node = nxt
    page: seg.Page = target.close()
    page.parser = "lexbor"
    return page


def _cpu_ms(fn: Any, items: list[str]) -> float:
    t = time.process_time()
    for x in items:
        fn(x)
    return 1000 * (time.process_time() - t) / len(items)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--repeats", type=int, default=2)
    ap.add_argument("--out", default=str(REPO / "benchmarks" / "results" / "lexbor.json"))
    args = ap.parse_args(argv)
    try:
        from selectolax.lexbor import LexborHTMLParser
    except ImportError:
        print("selectolax is not installed (pip install selectolax); nothing to compare", file=sys.stderr)
        return 1

    gold = [p for p in hd.iter_pages() if p.heldout]
    if args.limit:
        gold = gold[: args.limit]
    texts = [decode_bytes(p.html)[0] for p in gold]

    stages: dict[str, list[float]] = {"lexbor parse": [], "lexbor walk + segmenter": [], "lxml segmenter": []}
    for _ in range(args.repeats):
        stages["lexbor parse"].append(_cpu_ms(LexborHTMLParser, texts))
        stages["lexbor walk + segmenter"].append(_cpu_ms(lexbor_segment, texts))
        stages["lxml segmenter"].append(_cpu_ms(seg.segment, texts))

    identical = 0
    first_diff: dict[str, int] = dict.fromkeys(FIELDS, 0)
    for html in texts:
        a, b = seg.segment(html).blocks, lexbor_segment(html).blocks
        for f in FIELDS:
            if [getattr(x, f) for x in a] != [getattr(x, f) for x in b]:
                first_diff[f] += 1
                break
        else:
            identical += 1

    plain = seg.segment
    end_to_end: dict[str, dict[str, float]] = {}
    speeds: dict[str, list[float]] = {"lxml": [], "lexbor": []}
    for rep in range(args.repeats):
        for name, fn in (("lxml", plain), ("lexbor", lexbor_segment)):
            seg.segment = fn  # extraction looks the segmenter up at call time
            try:
                for p in gold[:3]:
                    spamcheck.extract(p.html)
                t = time.process_time()
                outs = [spamcheck.extract(p.html).main_text for p in gold]
                speeds[name].append(len(gold) / (time.process_time() - t))
            finally:
                seg.segment = plain
            if rep == 0:
                end_to_end[name] = {k: round(v, 4) for k, v in bench_html.quality(gold, outs).items()}
    for name in speeds:
        end_to_end[name]["pages_per_cpu_s"] = round(statistics.median(speeds[name]), 1)

    print(f"held-out pages: {len(gold)}; repeats {args.repeats}; CPU ms per page (median):")
    for k, v in stages.items():
        print(f"  {k:<26}{statistics.median(v):7.2f}")
    print(f"blocks identical to the lxml segmenter's on {identical} of {len(gold)} pages; "
          f"first differing field on the others: {first_diff}")
    for name, r in end_to_end.items():
        print(f"  extract with {name:<7} {r['pages_per_cpu_s']:6.1f} pages/CPU-s  "
              f"F1 trafilatura-eval {r['traf_eval_f1']:.4f}  CleanEval {r['cleaneval_f1']:.4f}")
    result = Path(args.out)
    result.parent.mkdir(parents=True, exist_ok=True)
    result.write_text(json.dumps({
        "command": "taskset -c 0 python benchmarks/bench_lexbor.py " + " ".join(argv or sys.argv[1:]),
        "pages": len(gold),
        "cpu_ms_per_page": {k: round(statistics.median(v), 2) for k, v in stages.items()},
        "identical_pages": identical,
        "first_differing_field": first_diff,
        "extract": end_to_end,
        "load_average_at_end": os.getloadavg()[0],
    }, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {result}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
