"""Every speed claim in one run: text scoring vs datatrove, HTML extraction vs trafilatura and resiliparse.

Run from the repository root on one core (needs ``../shared/data`` and the ``bench``
extra plus ``resiliparse``)::

    taskset -c 0 python benchmarks/bench_all.py                # 600 docs, all held-out pages, 3 repeats
    taskset -c 0 python benchmarks/bench_all.py --docs 200 --repeats 1 --html-limit 60   # smoke run

Text: the same seeded sample of real 2-8 KB documents (``training.devdata``, human and
machine) goes through

* ``spamcheck (model, batched)``: the shipped model on the chunked path that
  ``score_many``, ``spamcheck batch``, the Spark UDF and the datatrove step use;
* ``spamcheck (model, one by one)``: ``Detector.score`` per document (the path a
  caller scoring one document at a time takes);
* ``spamcheck (rules only)``: ``Detector(model=None)``;
* ``datatrove stack``: ``GopherRepetitionFilter``, ``GopherQualityFilter``,
  ``C4QualityFilter``, ``FineWebQualityFilter`` (library defaults, every filter on
  every document, on fresh ``Document`` objects built outside the timer).

HTML: the held-out pages of ``training/html_data.py`` (never used to train or tune the
block model) through ``spamcheck.extract``, ``trafilatura.extract`` (settings as in
``bench_html.py``) and resiliparse's ``extract_plain_text(main_content=True)``; F1 as in
``bench_html.py`` (snippets for trafilatura-eval pages, tokens for CleanEval pages).

The systems are interleaved within each repeat so machine load hits all of them, and
medians over repeats are reported, both per wall-clock second and per CPU second of
this process (on a shared machine the wall clock also counts time the process waited
for the CPU; CPU seconds do not). Ratios are always between figures of this run.
Results go to ``benchmarks/results/all.json``.
"""

# ruff: noqa: E402  (thread limits must be set before numpy & co. are imported)
from __future__ import annotations

import os

for _v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS"):
    os.environ[_v] = "1"

import argparse
import json
import platform
import statistics
import sys
import time
from collections.abc import Callable
from importlib.metadata import version
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "benchmarks"))

import bench_core
import bench_html

RESULTS = REPO / "benchmarks" / "results" / "all.json"

Timer = Callable[[], tuple[float, float, object]]
# One-off costs outside the timed runs (CPU seconds), reported beside the rates.
SETUP: dict[str, float] = {}


def timed(fn: Callable[[], object]) -> tuple[float, float, object]:
    """(wall seconds, CPU seconds of this process, fn's result)."""
    w0, c0 = time.perf_counter(), time.process_time()
    out = fn()
    return time.perf_counter() - w0, time.process_time() - c0, out


def text_systems(docs: list[str]) -> dict[str, Timer]:
    from datatrove.data import Document

    import spamcheck

    # One-off set-up (model load, lexicons, the collocation index): reported on its own,
    # never inside a per-document rate.
    c0 = time.process_time()
    det_model = spamcheck.Detector()
    det_rules = spamcheck.Detector(model=None)
    SETUP["detectors_cpu_s"] = round(time.process_time() - c0, 3)
    if det_model.model is None:
        raise SystemExit("no shipped model found (models/default)")
    filters = bench_core.datatrove_stack()
    items = [(str(i), t, None) for i, t in enumerate(docs)]

    def labels(results: list) -> dict[str, int]:
        out: dict[str, int] = {}
        for r in results:
            out[r.label] = out.get(r.label, 0) + 1
        return out

    def datatrove() -> tuple[float, float, object]:
        batch = [Document(text=t, id=str(i)) for i, t in enumerate(docs)]  # outside the timer

        def run() -> int:
            kept = 0
            for d in batch:
                kept += all([bench_core._passed(f.filter(d)) for f in filters])  # every filter runs
            return kept

        return timed(run)

    # Warm-up: lazy imports, spaCy's blank pipeline, regex and model caches.
    det_model.score_batch(items[:20])
    det_rules.score(docs[0])
    bench_core.time_datatrove(docs[:20], filters, chained=False)
    return {
        "spamcheck (model, batched)": lambda: timed(lambda: labels(det_model.score_batch(items))),
        "spamcheck (model, one by one)": lambda: timed(lambda: labels([det_model.score(t) for t in docs])),
        "spamcheck (rules only)": lambda: timed(lambda: labels([det_rules.score(t) for t in docs])),
        "datatrove stack": datatrove,
    }


def html_tools() -> dict[str, Callable[[bytes], str | None]]:
    import trafilatura
    from resiliparse.extract.html2text import extract_plain_text
    from resiliparse.parse.encoding import bytes_to_str, detect_encoding
    from resiliparse.parse.html import HTMLTree

    import spamcheck

    def resiliparse(data: bytes) -> str:
        # Decoding is part of the job (spamcheck and trafilatura decode bytes too).
        html = bytes_to_str(data, detect_encoding(data))
        return extract_plain_text(HTMLTree.parse(html), main_content=True)

    return {
        "spamcheck": lambda data: spamcheck.extract(data).main_text,
        "trafilatura": lambda data: trafilatura.extract(data, include_comments=False, include_tables=True),
        "resiliparse": resiliparse,
    }


def run_pages(tool: Callable[[bytes], str | None], pages: list) -> list[str | None]:
    outs: list[str | None] = []
    for pg in pages:
        try:
            outs.append(tool(pg.html))
        except Exception:  # a crash is a full miss, as in trafilatura's own evaluation
            outs.append(None)
    return outs


def repeat(systems: dict[str, Timer], n: int, repeats: int) -> tuple[dict, dict, dict]:
    wall: dict[str, list[float]] = {k: [] for k in systems}
    cpu: dict[str, list[float]] = {k: [] for k in systems}
    info: dict[str, object] = {}
    for rep in range(repeats):
        for name, fn in systems.items():  # interleaved: load hits every system alike
            w, c, out = fn()
            wall[name].append(n / w)
            cpu[name].append(n / max(c, 1e-9))
            info[name] = out
        print(f"  repeat {rep + 1}: " + ", ".join(f"{k}={wall[k][-1]:.1f}/s" for k in systems), flush=True)
    return wall, cpu, info


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=600)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--min-bytes", type=int, default=2000)
    ap.add_argument("--max-bytes", type=int, default=8000)
    ap.add_argument("--html-limit", type=int, default=0, help="only the first N held-out pages")
    ap.add_argument("--skip-html", action="store_true")
    ap.add_argument("--out", type=Path, default=RESULTS)
    args = ap.parse_args(argv)

    cpu_id = bench_core.pin_one_core()
    import random

    from training import devdata
    from training import html_data as hd

    pool = [r["text"] for r in devdata.iter_all()
            if args.min_bytes <= len(r["text"].encode("utf-8")) <= args.max_bytes]
    docs = random.Random(args.seed).sample(pool, args.docs)
    mb = sum(len(t.encode("utf-8")) for t in docs) / 1e6
    print(f"text: {len(docs)} real documents of {args.min_bytes}-{args.max_bytes} bytes "
          f"({mb / len(docs) * 1000:.2f} KB mean, seed {args.seed}); pinned to CPU {cpu_id}; "
          f"{args.repeats} repeats; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs",
          flush=True)
    systems = text_systems(docs)
    print(f"one-off set-up (both detectors, first use): {SETUP['detectors_cpu_s']:.2f} CPU s, "
          "not counted in any rate", flush=True)
    wall, cpu, info = repeat(systems, len(docs), args.repeats)
    base = "datatrove stack"
    text_rows = {}
    for k in systems:
        w, c = statistics.median(wall[k]), statistics.median(cpu[k])
        text_rows[k] = {
            "docs_per_s": round(w, 2), "mb_per_s": round(w * mb / len(docs), 4),
            "docs_per_cpu_s": round(c, 2), "mb_per_cpu_s": round(c * mb / len(docs), 4),
            "x_datatrove": round(w / statistics.median(wall[base]), 3),
            "x_datatrove_cpu": round(c / statistics.median(cpu[base]), 3),
            "runs_docs_per_s": [round(x, 2) for x in wall[k]],
            "outcome": info[k],
        }
    print(f"\n{'text system':32}{'docs/s':>9}{'MB/s':>8}{'x dt':>7}"
          f"{'docs/CPU-s':>12}{'MB/CPU-s':>10}{'x dt':>7}")
    for k, r in text_rows.items():
        print(f"{k:32}{r['docs_per_s']:>9.1f}{r['mb_per_s']:>8.3f}{r['x_datatrove']:>6.2f}x"
              f"{r['docs_per_cpu_s']:>12.1f}{r['mb_per_cpu_s']:>10.3f}{r['x_datatrove_cpu']:>6.2f}x")

    html_rows: dict[str, dict] = {}
    n_pages = 0
    if not args.skip_html:
        pages = [p for p in hd.iter_pages() if p.heldout]
        if args.html_limit:
            pages = pages[: args.html_limit]
        n_pages = len(pages)
        tools = html_tools()
        for tool in tools.values():  # warm-up: imports, model load, caches
            run_pages(tool, pages[:3])
        outs: dict[str, list] = {}
        hsys: dict[str, Timer] = {}
        for name, tool in tools.items():
            def fn(tool: Callable[[bytes], str | None] = tool, name: str = name) -> tuple[float, float, None]:
                w, c, o = timed(lambda: run_pages(tool, pages))
                outs[name] = o
                return w, c, None
            hsys[name] = fn
        print(f"\nhtml: {n_pages} held-out pages", flush=True)
        hwall, hcpu, _ = repeat(hsys, n_pages, args.repeats)
        for name in tools:
            q = bench_html.quality(pages, outs[name])
            w, c = statistics.median(hwall[name]), statistics.median(hcpu[name])
            html_rows[name] = {
                **{k: round(v, 4) for k, v in q.items()},
                "pages_per_s": round(w, 2), "pages_per_cpu_s": round(c, 2),
                "x_trafilatura": round(w / statistics.median(hwall["trafilatura"]), 3),
                "x_trafilatura_cpu": round(c / statistics.median(hcpu["trafilatura"]), 3),
                "runs_pages_per_s": [round(x, 2) for x in hwall[name]],
            }
        print(f"\n{'html tool':14}{'trafEval F1':>12}{'CleanEval F1':>13}{'pages/s':>9}{'x traf':>8}"
              f"{'pages/CPU-s':>13}{'x traf':>8}")
        for k, r in html_rows.items():
            print(f"{k:14}{r['traf_eval_f1']:>12.3f}{r['cleaneval_f1']:>13.3f}{r['pages_per_s']:>9.1f}"
                  f"{r['x_trafilatura']:>7.2f}x{r['pages_per_cpu_s']:>13.1f}{r['x_trafilatura_cpu']:>7.2f}x")

    versions = {}
    for pkg in ("spamcheck", "datatrove", "trafilatura", "resiliparse", "scikit-learn", "lxml", "numpy"):
        try:
            versions[pkg] = version(pkg)
        except Exception:
            versions[pkg] = None
    out = {
        "benchmark": "text docs/s vs datatrove, HTML pages/s + F1 vs trafilatura and resiliparse; one core",
        "command": "taskset -c 0 python benchmarks/bench_all.py "
        + " ".join(argv if argv is not None else sys.argv[1:]),
        "when": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "git": bench_core._git_rev(),
        "machine": {
            "cpu": bench_core._cpu_name(), "cpu_count": os.cpu_count(), "pinned_cpu": cpu_id,
            "python": platform.python_version(), "loadavg_at_end": os.getloadavg(),
        },
        "versions": versions,
        "text": {"n_docs": len(docs), "seed": args.seed, "bytes": [args.min_bytes, args.max_bytes],
                 "mb": round(mb, 4), "repeats": args.repeats, "setup": SETUP, "results": text_rows},
        "html": {"n_pages": n_pages, "repeats": args.repeats, "results": html_rows},
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")
    print(f"\nwrote {args.out.relative_to(REPO) if args.out.is_relative_to(REPO) else args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
