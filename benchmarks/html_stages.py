"""CPU milliseconds per page in each stage of :func:`spamcheck.extract`, on the held-out pages.

    PYTHONPATH=$PWD/src:$PWD SPAMCHECK_SHARED=/work/shared taskset -c 0 \\
        python benchmarks/html_stages.py [--repeats 2] [--limit N] [--cold]

Stages: decode (bytes -> str, the binary and HTML checks), noscript cut + UTF-8 encode,
the libxml2 parse alone (lxml's SAX events into a target that does nothing), the whole
segmenter (that parse plus the block walk), block features, block model, reasons, page
metadata, and the whole ``extract`` call for comparison. ``--cold`` empties the
segmenter's class/id hint cache before each page (a page of a site not seen before):
the cache otherwise keeps the hints of earlier repeats.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO))


class _Null:
    """An lxml parser target that does nothing: what libxml2 and the event calls cost alone."""

    def start(self, tag: str, attrib: object) -> None:
        return

    def end(self, tag: str) -> None:
        return

    def data(self, text: str) -> None:
        return

    def comment(self, text: str) -> None:
        return

    def close(self) -> None:
        return None


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeats", type=int, default=2)
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--cold", action="store_true", help="empty the class/id hint cache before each page")
    args = ap.parse_args(argv)

    from lxml import etree
    from training import html_data as hd

    import spamcheck
    from spamcheck.html import extraction as ex
    from spamcheck.html import segment as sg
    from spamcheck.html.block_model import load_block_model, reasons
    from spamcheck.html.features import featurise
    from spamcheck.html.meta import page_metadata
    from spamcheck.text.decode import decode_bytes, looks_binary

    pages = [p for p in hd.iter_pages() if p.heldout]
    if args.limit:
        pages = pages[: args.limit]
    scorer = load_block_model()
    for pg in pages[:3]:
        spamcheck.extract(pg.html)
    clock = time.process_time
    total: dict[str, float] = {}

    def add(stage: str, t0: float) -> float:
        now = clock()
        total[stage] = total.get(stage, 0.0) + now - t0
        return now

    for _ in range(args.repeats):
        for pg in pages:
            if args.cold:
                sg._HINT_CACHE.clear()
            t = clock()
            html, _, _ = decode_bytes(pg.html)
            looks_binary(html)
            ex._TAGLIKE.search(html[:65536])
            t = add("decode", t)
            h = sg._NOSCRIPT.sub(" ", html) if sg._NOSCRIPT_OPEN.search(html) else html
            data = h.encode("utf-8", "surrogatepass")
            t = add("noscript cut + encode", t)
            parser = etree.HTMLParser(target=_Null(), encoding="utf-8", remove_comments=True,
                                      remove_pis=True, huge_tree=True, no_network=True)
            parser.feed(data)
            parser.close()
            t = add("libxml2 parse (null target)", t)
            page = sg.segment(html)
            t = add("segment (parse + walk)", t)
            feats = featurise(page)
            t = add("block features", t)
            probs = scorer.probabilities(feats.matrix, feats.group).tolist()
            t = add("block model", t)
            reasons(feats.matrix, probs, [rb.hint for rb in page.blocks], scorer.threshold)
            t = add("reasons", t)
            page_metadata(html)
            t = add("metadata", t)
            if args.cold:
                sg._HINT_CACHE.clear()
                t = clock()
            spamcheck.extract(pg.html)
            add("extract (whole call)", t)
    n = len(pages) * args.repeats
    print(f"{len(pages)} held-out pages x {args.repeats} repeats{' (cold hint cache)' if args.cold else ''}")
    for stage, s in total.items():
        print(f"{stage:30}{s / n * 1000:8.2f} ms/page")
    print(f"{'pages per CPU-second':30}{n / total['extract (whole call)']:8.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
