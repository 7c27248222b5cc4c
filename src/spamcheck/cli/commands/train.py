"""``spamcheck train LABELED.jsonl --out DIR``: fit, calibrate and card a model.

The fitting library is :mod:`spamcheck.model.fit`; this module parses arguments
and reports.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

from ...model.features import AI_FEATURE_SETS
from ...model.fit import DEFAULT_AI_FEATURES, fit_model, prepare, read_labeled
from ...model.metrics import metrics


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("train", help="train a model from labelled JSONL (text/html, label, source)")
    p.add_argument("data", help="JSONL: {'text' or 'html', 'label': human/machine/clean/spam/0/1, 'source'?}")
    p.add_argument("--out", required=True, help="output model directory")
    p.add_argument("--jobs", type=int, default=-1, help="worker processes (default: all cores)")
    p.add_argument("--folds", type=int, default=7, help="grouped cross-validation folds for calibration")
    p.add_argument(
        "--features",
        choices=AI_FEATURE_SETS,
        default=DEFAULT_AI_FEATURES,
        help=f"ai head feature set (default {DEFAULT_AI_FEATURES}; see models/default/CARD.md)",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    def log(msg: str) -> None:
        print(msg, file=sys.stderr, flush=True)

    try:
        recs, problems = read_labeled(args.data)
    except OSError as e:
        log(f"spamcheck train: {e}")
        return 2
    for msg in problems[:10]:
        log(f"spamcheck train: skipped {msg}")
    ys = {r["y"] for r in recs}
    if len(recs) < 10 or ys != {0, 1}:
        log(
            f"spamcheck train: need at least 10 labelled records of both classes, "
            f"got {len(recs)} ({sorted(ys)})"
        )
        return 2
    log(f"spamcheck train: {len(recs)} records from {args.data}")
    preps = prepare([(r["body"], r["html"]) for r in recs], n_jobs=args.jobs, log=log)
    y = [r["y"] for r in recs]
    srcs = [r["source"] for r in recs]
    model, oof = fit_model(
        preps, y, srcs, features=args.features, n_folds=args.folds, n_jobs=args.jobs, log=log
    )
    model.card["name"] = Path(args.out).name
    model.card["training"] = {"data": str(args.data), "records": len(recs), "sources": sorted(set(srcs))}
    model.card["out_of_fold"] = metrics(np.asarray(y), oof["overall"], model.thresholds)
    path = model.save(args.out)
    log(f"spamcheck train: wrote {path} (sha256 {model.card['sha256'][:16]}...)")
    return 0
