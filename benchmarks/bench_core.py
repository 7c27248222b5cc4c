"""Core speed: documents per second on ONE core, spamcheck vs datatrove's filter stack.

Run from the repository root (needs ``../shared/data`` and the ``bench`` extra)::

    .venv/bin/python benchmarks/bench_core.py            # 1,200 docs, 3 repeats
    .venv/bin/python benchmarks/bench_core.py --profile  # plus a cProfile summary

Both sides see the same seeded sample of real documents from ``training.devdata``
(human and machine texts of at least ``--min-chars`` characters, so the mean size is
close to a web page's main text) in the same process, pinned to one core, with
BLAS/OpenMP threads at 1. Each repeat builds fresh datatrove ``Document`` objects
(C4QualityFilter rewrites ``doc.text``) outside the timed loop.

Two datatrove figures are reported:

* ``all``: every filter runs on every document (every verdict computed, like
  spamcheck, which runs every family on every document): the like-for-like figure;
* ``chained``: a document stops at the first filter that rejects it, as in a
  datatrove pipeline: cheaper, so the ratio against it is the conservative one.

Results go to ``benchmarks/results/core.json``.
"""

# ruff: noqa: E402  (thread limits must be set before numpy & co. are imported)
from __future__ import annotations

import os

# One core, one thread: set before numpy/sklearn/spaCy are imported.
for _v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS"):
    os.environ[_v] = "1"

import argparse
import cProfile
import io
import json
import platform
import pstats
import random
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "src"))

from training import devdata

RESULTS = REPO / "benchmarks" / "results" / "core.json"


def pin_one_core() -> int | None:
    """Pin this process to one CPU (the first allowed one); return it, or None if unsupported."""
    if not hasattr(os, "sched_setaffinity"):
        return None
    cpu = min(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {cpu})
    return cpu


def sample_docs(n: int, seed: int, min_chars: int, max_chars: int) -> list[str]:
    """A seeded sample of ``n`` real texts (human and machine) within the length bounds.

    >>> docs = sample_docs(5, 0, 2000, 12000)  # doctest: +SKIP
    """
    pool = [r["text"] for r in devdata.iter_all() if min_chars <= len(r["text"]) <= max_chars]
    if len(pool) < n:
        raise SystemExit(f"only {len(pool)} documents between {min_chars} and {max_chars} characters")
    return random.Random(seed).sample(pool, n)


def datatrove_stack() -> list:
    from datatrove.pipeline.filters import (
        C4QualityFilter,
        FineWebQualityFilter,
        GopherQualityFilter,
        GopherRepetitionFilter,
    )

    # Defaults as datatrove ships them (FineWeb's recipe turns off C4's terminal
    # punctuation rule; the cost is the same either way).
    return [GopherRepetitionFilter(), GopherQualityFilter(), C4QualityFilter(), FineWebQualityFilter()]


def _passed(verdict: object) -> bool:
    return verdict is True or (not isinstance(verdict, tuple) and bool(verdict))


def time_datatrove(docs: list[str], filters: list, chained: bool) -> tuple[float, int]:
    """Seconds for the stack over ``docs`` and how many documents pass all filters."""
    from datatrove.data import Document

    batch = [Document(text=t, id=str(i)) for i, t in enumerate(docs)]
    kept = 0
    t0 = time.perf_counter()
    for d in batch:
        ok = True
        for f in filters:
            if not _passed(f.filter(d)):
                ok = False
                if chained:
                    break
        kept += ok
    return time.perf_counter() - t0, kept


def time_spamcheck(docs: list[str], det: object) -> tuple[float, dict[str, int]]:
    labels: dict[str, int] = {}
    score = det.score
    t0 = time.perf_counter()
    for t in docs:
        lab = score(t).label
        labels[lab] = labels.get(lab, 0) + 1
    return time.perf_counter() - t0, labels


def per_stage(docs: list[str], det: object) -> dict[str, float]:
    """Milliseconds per document for each stage, segments built before the families.

    Segment costs are charged to ``document`` so that a family is not billed for
    the sentences another family would have asked for anyway.
    """
    from spamcheck.quality.stats import quality_stats
    from spamcheck.text.document import Document

    langs = det.languages
    out: dict[str, float] = {}
    t0 = time.perf_counter()
    prepared = []
    for t in docs:
        d = Document(t, languages=langs)
        _ = (d.lines, d.paragraphs, d.sentences, d.words, d.word_spans, d.lower_words, d.language)
        prepared.append(d)
    out["document (normalise + segments + language)"] = time.perf_counter() - t0
    for fam in det.families:
        t0 = time.perf_counter()
        for d in prepared:
            fam.detect(d)
        out[f"family {fam.family}"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    for d in prepared:
        quality_stats(d)
    out["stats"] = time.perf_counter() - t0
    return {k: round(v * 1000 / len(docs), 4) for k, v in out.items()}


def model_stages(docs: list[str], det: object) -> dict[str, float]:
    """Milliseconds per document for the model's own work on top of the rule detector.

    ``features`` is :func:`spamcheck.model.features.doc_features`; ``ai text block <set>`` is the
    vectoriser of each ai feature set on the same prose (so feature sets compare in one run;
    ``stats`` has none); ``ai head`` / ``overall head`` are the shipped model's predictions.
    """
    from spamcheck.model.features import AI_FEATURE_SETS, doc_features, text_vectoriser

    model = det.model
    out: dict[str, float] = {}
    preps = []
    feat = 0.0
    for t in docs:
        doc = det.prepare(t, None, False, [])
        res = det.analyse(doc)
        t1 = time.perf_counter()
        preps.append(doc_features(doc, res))
        feat += time.perf_counter() - t1
    out["features (doc_features)"] = feat
    for kind in AI_FEATURE_SETS:
        vec = text_vectoriser(kind, 2**18)
        t0 = time.perf_counter()
        if vec is not None:
            for prose, _ in preps:
                vec.transform([prose])
        out[f"ai text block {kind}"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    zs = [model.ai_logit([p], [f]) for p, f in preps]
    out[f"ai head incl. its text block ({model.ai_features})"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    for z, (_, f) in zip(zs, preps, strict=True):
        model.overall_logit(z, [f])
    out["overall head (gradient boosting, one row)"] = time.perf_counter() - t0
    return {k: round(v * 1000 / len(docs), 4) for k, v in out.items()}


def profile_summary(fn: Callable[[], object], limit: int = 30) -> str:
    pr = cProfile.Profile()
    pr.enable()
    fn()
    pr.disable()
    s = io.StringIO()
    pstats.Stats(pr, stream=s).sort_stats("cumulative").print_stats(limit)
    return s.getvalue()


def _git_rev() -> str:
    try:
        return subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True, check=True
        ).stdout.strip() + (" (dirty)" if _dirty() else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def _dirty() -> bool:
    r = subprocess.run(["git", "status", "--porcelain"], cwd=REPO, capture_output=True, text=True)
    return bool(r.stdout.strip())


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-n", "--docs", type=int, default=1200)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--min-chars", type=int, default=2000)
    ap.add_argument("--max-chars", type=int, default=12000)
    ap.add_argument("--profile", action="store_true", help="print a cProfile summary of spamcheck")
    ap.add_argument("--out", type=Path, default=RESULTS)
    args = ap.parse_args(argv)

    cpu = pin_one_core()
    import datatrove

    import spamcheck

    docs = sample_docs(args.docs, args.seed, args.min_chars, args.max_chars)
    sizes = [len(t.encode("utf-8")) for t in docs]
    print(f"{len(docs)} documents (seed {args.seed}), mean {statistics.mean(sizes) / 1000:.2f} KB, "
          f"median {statistics.median(sizes) / 1000:.2f} KB; pinned to CPU {cpu}; {args.repeats} repeats")

    systems: dict[str, Callable[[], tuple[float, object]]] = {}
    det_rules = spamcheck.Detector(model=None)
    systems["spamcheck (rules, no model)"] = lambda: time_spamcheck(docs, det_rules)
    det_model = spamcheck.Detector()
    if det_model.model is not None:
        systems["spamcheck (shipped model)"] = lambda: time_spamcheck(docs, det_model)
    filters = datatrove_stack()
    systems["datatrove stack (all filters)"] = lambda: time_datatrove(docs, filters, chained=False)
    systems["datatrove stack (chained)"] = lambda: time_datatrove(docs, filters, chained=True)

    # Warm-up: lazy imports, spaCy's blank English pipeline, regex caches.
    warm = docs[:20]
    for t in warm:
        det_rules.score(t)
    time_datatrove(warm, filters, chained=False)

    runs: dict[str, list[float]] = {k: [] for k in systems}
    extra: dict[str, object] = {}
    for rep in range(args.repeats):
        # Interleave systems within a repeat so that machine noise hits all of them.
        for name, fn in systems.items():
            secs, info = fn()
            runs[name].append(len(docs) / secs)
            extra[name] = info
        print(f"  repeat {rep + 1}: " + ", ".join(f"{k}={v[-1]:.1f}/s" for k, v in runs.items()))

    med = {k: statistics.median(v) for k, v in runs.items()}
    base_all = med["datatrove stack (all filters)"]
    base_chained = med["datatrove stack (chained)"]
    print()
    print(f"{'system':34} {'docs/s (median)':>16} {'ms/doc':>8} {'vs dt all':>10} {'vs dt chained':>14}")
    for k, v in med.items():
        print(f"{k:34} {v:16.1f} {1000 / v:8.3f} {v / base_all:9.2f}x {v / base_chained:13.2f}x")
    rules = med["spamcheck (rules, no model)"]
    ratio_all, ratio_chained = rules / base_all, rules / base_chained
    print(f"\nratio spamcheck/datatrove: {ratio_all:.2f}x (all filters), {ratio_chained:.2f}x (chained); "
          f"target >= 5x: {'met' if min(ratio_all, ratio_chained) >= 5 else 'NOT met'}")

    stages = per_stage(docs, det_rules)
    print("\nspamcheck per stage (ms/doc):")
    for k, v in stages.items():
        print(f"  {k:45} {v:8.3f}")

    if det_model.model is not None:
        mstages = model_stages(docs, det_model)
        print(f"\nshipped model per stage (ms/doc; ai feature set {det_model.model.ai_features}):")
        for k, v in mstages.items():
            print(f"  {k:45} {v:8.3f}")
        with_model = med["spamcheck (shipped model)"]
        print(f"with the model: {with_model / base_all:.2f}x datatrove (all filters), "
              f"{with_model / base_chained:.2f}x (chained)")
    else:
        mstages = {}

    if args.profile:
        print(profile_summary(lambda: time_spamcheck(docs, det_rules)))

    out = {
        "benchmark": "core documents/second on one core",
        "command": "python benchmarks/bench_core.py " + " ".join(argv if argv is not None else sys.argv[1:]),
        "when": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "git": _git_rev(),
        "machine": {"cpu": _cpu_name(), "pinned_cpu": cpu, "python": platform.python_version()},
        "versions": {"spamcheck": spamcheck.__version__, "datatrove": getattr(datatrove, "__version__", "?")},
        "sample": {
            "n_docs": len(docs), "seed": args.seed, "min_chars": args.min_chars, "max_chars": args.max_chars,
            "source": "training.devdata.iter_all() (l2r, outfox, seqxgpt; human and machine)",
            "mean_bytes": round(statistics.mean(sizes), 1), "median_bytes": statistics.median(sizes),
        },
        "repeats": args.repeats,
        "docs_per_second": {k: [round(x, 2) for x in v] for k, v in runs.items()},
        "median_docs_per_second": {k: round(v, 2) for k, v in med.items()},
        "ratio_vs_datatrove_all": round(ratio_all, 3),
        "ratio_vs_datatrove_chained": round(ratio_chained, 3),
        "target_ratio": 5.0,
        "spamcheck_ms_per_doc_by_stage": stages,
        "model_ms_per_doc_by_stage": mstages,
        "model_ai_features": det_model.model.ai_features if det_model.model is not None else None,
        "model_ratio_vs_datatrove_all": round(med.get("spamcheck (shipped model)", 0.0) / base_all, 3),
        "outcomes": extra,
        "datatrove_filters": "GopherRepetitionFilter, GopherQualityFilter, C4QualityFilter, "
        "FineWebQualityFilter (defaults; English word tokenizer = spaCy blank 'en', offline)",
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(out, indent=2) + "\n")
    print(f"\nwrote {args.out.relative_to(REPO) if args.out.is_relative_to(REPO) else args.out}")
    return 0


def _cpu_name() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


if __name__ == "__main__":
    sys.exit(main())
