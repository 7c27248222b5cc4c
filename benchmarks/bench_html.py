"""Main-text extraction on the held-out HTML pages: spamcheck vs trafilatura, jusText, boilerpy3.

    taskset -c 0 .venv/bin/python benchmarks/bench_html.py [--repeats 3] [--limit N]

Pages: the fixed held-out split of ``training/html_data.py`` (never used to
train or tune spamcheck's block model). Quality:

* trafilatura-eval pages: trafilatura's own convention: a ``with`` snippet found
  in the output is a true positive, a ``without`` snippet found is a false
  positive (whitespace-normalised substring match), micro-averaged P/R/F1;
* CleanEval pages (cleaneval-dev + cleanportaleval): bag-of-words token
  overlap with the gold text, micro-averaged P/R/F1.

Speed: pages per second over all held-out pages, one process on one core
(run under ``taskset -c 0``), tools interleaved within each repeat so they
share machine load; the median over repeats is reported. Peers run with the
settings their authors benchmark with (trafilatura: ``include_comments=False,
include_tables=True``, default precision/recall balance). Writes
``benchmarks/results/html.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from importlib.metadata import version
from pathlib import Path

import numpy as np

os.environ.setdefault("OMP_NUM_THREADS", "1")
REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO))

from training import html_data as hd  # noqa: E402

from spamcheck.text.decode import decode_bytes  # noqa: E402

JUSTEXT_LANG = {
    "en": "English",
    "de": "German",
    "fr": "French",
    "es": "Spanish",
    "it": "Italian",
    "pt": "Portuguese",
    "nl": "Dutch",
    "pl": "Polish",
    "cs": "Czech",
    "ru": "Russian",
    "sv": "Swedish",
    "da": "Danish",
    "fi": "Finnish",
    "no": "Norwegian_Bokmal",
    "hu": "Hungarian",
    "ro": "Romanian",
    "tr": "Turkish",
    "id": "Indonesian",
    "ms": "Malay",
}


def make_tools(pages: list[hd.GoldPage]) -> dict[str, Callable[[bytes, int], str | None]]:
    import spamcheck

    tools: dict[str, Callable[[bytes, int], str | None]] = {
        "spamcheck": lambda data, i: spamcheck.extract(data).main_text,
    }
    try:
        import trafilatura

        tools["trafilatura"] = lambda data, i: trafilatura.extract(
            data, include_comments=False, include_tables=True
        )
        tools["trafilatura (fast)"] = lambda data, i: trafilatura.extract(
            data, include_comments=False, include_tables=True, fast=True
        )
    except ImportError:
        print("trafilatura not installed (pip install -e '.[bench]'); skipped", file=sys.stderr)
    try:
        import justext

        from spamcheck.html.features import featurise

        # jusText needs the page language's stop list; give it the language
        # spamcheck's stop-word guess finds (computed outside the timed region).
        from spamcheck.html.segment import segment

        stoplists = {}
        for i, pg in enumerate(pages):
            lang = featurise(segment(decode_bytes(pg.html)[0])).language
            stoplists[i] = justext.get_stoplist(JUSTEXT_LANG.get(lang, "English"))

        def run_justext(data: bytes, i: int) -> str:
            paras = justext.justext(data, stoplists[i])
            return "\n".join(p.text for p in paras if not p.is_boilerplate)

        tools["jusText"] = run_justext
    except ImportError:
        print("justext not installed; skipped", file=sys.stderr)
    try:
        import logging

        from boilerpy3 import extractors

        # boilerpy3 logs a warning per page with nested <a>; it says nothing about quality.
        logging.getLogger("boilerpy3").setLevel(logging.ERROR)
        art = extractors.ArticleExtractor(raise_on_failure=False)
        tools["boilerpy3"] = lambda data, i: art.get_content(decode_bytes(data)[0])
    except ImportError:
        print("boilerpy3 not installed; skipped", file=sys.stderr)
    return tools


def run(tool: Callable[[bytes, int], str | None], pages: list[hd.GoldPage]) -> tuple[list[str | None], float]:
    outs: list[str | None] = []
    t0 = time.perf_counter()
    for i, pg in enumerate(pages):
        try:
            outs.append(tool(pg.html, i))
        except Exception:  # a crash is a full miss, as in trafilatura's own evaluation
            outs.append(None)
    return outs, time.perf_counter() - t0


def page_counts(pages: list[hd.GoldPage], outs: list[str | None]) -> tuple[np.ndarray, np.ndarray]:
    """Per page: snippet (tp, fp, fn) for trafilatura-eval pages, token (tp, fp, fn)
    for CleanEval pages; rows of the other kind are zero."""
    snip = np.zeros((len(pages), 3))
    tok = np.zeros((len(pages), 3))
    for i, (pg, out) in enumerate(zip(pages, outs, strict=True)):
        if pg.gold_text is None:
            tp, fp, fn, _ = hd.snippet_counts(pg.with_, pg.without, out)
            snip[i] = tp, fp, fn
        else:
            tp, n_out, n_gold = hd.token_counts(pg.gold_text, out)
            tok[i] = tp, n_out - tp, n_gold - tp
    return snip, tok


def _f1(c: np.ndarray) -> float:
    tp, fp, fn = c.sum(axis=0)
    return 2 * tp / max(2 * tp + fp + fn, 1)


def paired_bootstrap(a: np.ndarray, b: np.ndarray, n: int = 2000, seed: int = 0) -> dict[str, float]:
    """F1(a) - F1(b) over pages resampled with replacement (the same pages for both):
    median, 95% interval, and the share of resamples where ``a`` is at least ``b``."""
    rows = np.flatnonzero(a.sum(axis=1) + b.sum(axis=1))
    if len(rows) == 0:
        return {}
    rng = np.random.default_rng(seed)
    d = np.array([_f1(a[i]) - _f1(b[i]) for i in (rng.choice(rows, len(rows)) for _ in range(n))])
    lo, med, hi = np.percentile(d, [2.5, 50, 97.5])
    share = round(float((d >= 0).mean()), 3)
    return {"median": round(med, 4), "ci95": [round(lo, 4), round(hi, 4)], "p_at_least": share}


def quality(pages: list[hd.GoldPage], outs: list[str | None]) -> dict[str, float]:
    sc = [0, 0, 0, 0]
    tk = [0, 0, 0]
    for pg, out in zip(pages, outs, strict=False):
        if pg.gold_text is None:
            for k, v in enumerate(hd.snippet_counts(pg.with_, pg.without, out)):
                sc[k] += v
        else:
            for k, v in enumerate(hd.token_counts(pg.gold_text, out)):
                tk[k] += v
    sp, sr, sf = hd.prf(sc[0], sc[0] + sc[1], sc[0] + sc[2])
    tp, tr, tf = hd.prf(*tk)
    return {
        "traf_eval_p": sp,
        "traf_eval_r": sr,
        "traf_eval_f1": sf,
        "cleaneval_p": tp,
        "cleaneval_r": tr,
        "cleaneval_f1": tf,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--limit", type=int, default=0, help="only the first N held-out pages (smoke runs)")
    ap.add_argument("--out", default=str(REPO / "benchmarks" / "results" / "html.json"))
    args = ap.parse_args(argv)

    pages = [p for p in hd.iter_pages() if p.heldout]
    if args.limit:
        pages = pages[: args.limit]
    n_traf = sum(1 for p in pages if p.gold_text is None)
    tools = make_tools(pages)
    for tool in tools.values():  # warm-up: imports, model load, caches
        run(tool, pages[:3])
    times: dict[str, list[float]] = {name: [] for name in tools}
    scores: dict[str, dict[str, float]] = {}
    counts: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    for rep in range(args.repeats):
        for name, tool in tools.items():
            outs, dt = run(tool, pages)
            times[name].append(dt)
            if rep == 0:
                scores[name] = quality(pages, outs)
                counts[name] = page_counts(pages, outs)

    rows = {}
    for name in tools:
        med = statistics.median(times[name])
        rows[name] = {
            **{k: round(v, 4) for k, v in scores[name].items()},
            "pages_per_s": round(len(pages) / med, 2),
            "seconds_median": round(med, 3),
        }
    base = rows.get("trafilatura", {}).get("pages_per_s")
    print(
        f"held-out pages: {len(pages)} ({n_traf} trafilatura-eval, {len(pages) - n_traf} CleanEval); "
        f"repeats {args.repeats}; median times"
    )
    head = (f"{'tool':<20}{'trafEval P':>11}{'R':>7}{'F1':>7}{'CleanEval P':>13}{'R':>7}{'F1':>7}"
            f"{'pages/s':>9}{'x traf':>8}")
    print(head)
    print("-" * len(head))
    for name, r in rows.items():
        ratio = f"{r['pages_per_s'] / base:.2f}" if base else "-"
        print(
            f"{name:<20}{r['traf_eval_p']:>11.3f}{r['traf_eval_r']:>7.3f}{r['traf_eval_f1']:>7.3f}"
            f"{r['cleaneval_p']:>13.3f}{r['cleaneval_r']:>7.3f}{r['cleaneval_f1']:>7.3f}"
            f"{r['pages_per_s']:>9.1f}{ratio:>8}"
        )

    # Is the F1 difference to trafilatura more than page sampling noise?
    boot: dict[str, dict[str, dict[str, float]]] = {}
    if "trafilatura" in counts and "spamcheck" in counts:
        for k, label in enumerate(("traf_eval_f1", "cleaneval_f1")):
            b = boot[label] = paired_bootstrap(counts["spamcheck"][k], counts["trafilatura"][k])
            if not b:
                continue
            print(f"spamcheck - trafilatura {label}: {b['median']:+.4f} (95% page bootstrap "
                  f"{b['ci95'][0]:+.4f} .. {b['ci95'][1]:+.4f}; "
                  f"spamcheck >= trafilatura in {b['p_at_least']:.0%} of resamples)")

    versions = {}
    for pkg in ("spamcheck", "trafilatura", "justext", "boilerpy3", "lxml", "numpy"):
        try:
            versions[pkg] = version(pkg)
        except Exception:
            versions[pkg] = None
    out = {
        "command": "taskset -c 0 .venv/bin/python benchmarks/bench_html.py " + " ".join(argv or sys.argv[1:]),
        "split": f"held out: int(sha256('<set>/<file>').hexdigest(), 16) % 100 < {hd.HELDOUT_PERCENT}",
        "pages": {"total": len(pages), "trafilatura-eval": n_traf, "cleaneval": len(pages) - n_traf},
        "repeats": args.repeats,
        "machine": {
            "python": platform.python_version(),
            "cpu_count": os.cpu_count(),
            "affinity": sorted(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
            "loadavg_at_end": os.getloadavg() if hasattr(os, "getloadavg") else None,
        },
        "versions": versions,
        "results": rows,
        "spamcheck_minus_trafilatura_f1": boot,
    }
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
