"""``spamcheck eval LABELED.jsonl [--model DIR] [--json] [--loso]``: how well a model
separates a labelled set.

Prints ROC AUC, PR AUC, TPR at 1% FPR and the FPR/TPR at the model's thresholds,
overall and per ``source``, for the overall score and the ai_padding head, plus a
calibration table (:mod:`spamcheck.model.metrics`). ``--loso`` instead fits a model
without each source in turn and scores the held-out source
(:func:`spamcheck.model.loso.leave_one_source_out`); the shared development sets
are evaluated that way by ``python -m training.loso``.
"""

from __future__ import annotations

import argparse
import json
import sys
from functools import partial

import numpy as np

from ...model.classifier import ModelError, load_default_model, load_model
from ...model.fit import prepare, read_labeled
from ...model.loso import leave_one_source_out
from ...model.metrics import format_report, report
from ._common import tell


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("eval", help="evaluate a model on labelled JSONL, or leave-one-source-out (--loso)")
    p.add_argument("data", nargs="?", help="JSONL with 'text' or 'html', 'label', optional 'source'")
    p.add_argument("--model", help="model directory (default: the shipped model)")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.add_argument(
        "--loso",
        action="store_true",
        help="leave-one-source-out: each source of DATA scored by a model fit without it",
    )
    p.add_argument("--trust", action="store_true", help="load a model whose sha256 does not match its card")
    p.add_argument("--jobs", type=int, default=-1, help="worker processes (default -1: all cores)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if not args.data:
        print("spamcheck eval: give a labelled JSONL file", file=sys.stderr)
        return 2
    if args.loso:
        return _run_loso(args)
    try:
        model = (
            load_model(args.model, trust=args.trust) if args.model else load_default_model(trust=args.trust)
        )
    except ModelError as e:
        print(f"spamcheck eval: {e}", file=sys.stderr)
        return 2
    if model is None:
        print("spamcheck eval: no model shipped; train one with `spamcheck train`", file=sys.stderr)
        return 2
    try:
        recs, problems = read_labeled(args.data)
    except OSError as e:
        print(f"spamcheck eval: {e}", file=sys.stderr)
        return 2
    for msg in problems[:10]:
        print(f"spamcheck eval: skipped {msg}", file=sys.stderr)
    if not recs:
        print("spamcheck eval: no usable labelled records", file=sys.stderr)
        return 2
    preps = prepare(
        [(r["body"], r["html"]) for r in recs], n_jobs=args.jobs, log=lambda m: print(m, file=sys.stderr)
    )
    ai, overall = model.predict([p for p, _ in preps], [f for _, f in preps])
    y = np.array([r["y"] for r in recs])
    src = np.array([r["source"] for r in recs])
    rep = report(y, {"overall": overall, "ai_padding": ai}, src, model.thresholds)
    if args.json:
        print(
            json.dumps(
                {
                    "model": model.name,
                    "sha256": model.card.get("sha256"),
                    "thresholds": model.thresholds,
                    **rep,
                },
                indent=1,
            )
        )
    else:
        print(f"model {model.name}@{model.sha8} on {args.data} ({len(recs)} records)")
        print(format_report(rep, model.thresholds))
    return 0


def _run_loso(args: argparse.Namespace) -> int:
    try:
        recs, problems = read_labeled(args.data)
        for msg in problems[:10]:
            tell("eval", f"skipped {msg}")
        rep = leave_one_source_out(recs, n_jobs=args.jobs, log=partial(print, file=sys.stderr, flush=True))
    except (OSError, ValueError) as e:
        return tell("eval --loso", str(e))
    if args.json:
        print(json.dumps(rep, indent=1))
    else:
        n_src = len(rep["sources"])
        print(f"leave-one-source-out on {args.data} ({rep['records']} records, {n_src} sources)")
        print(format_report(rep["heads"], rep["thresholds"]))
    return 0
