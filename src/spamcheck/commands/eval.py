"""``spamcheck eval LABELED.jsonl [--model DIR] [--json]``: how well a model separates a labelled set.

Prints ROC AUC, PR AUC, TPR at 1% FPR and the FPR/TPR at the model's thresholds,
overall and per ``source``, for the overall score and the ai_padding head, plus a
calibration table. ``--loso`` instead runs leave-one-source-out over the shared
development sets (``training/loso.py``; needs a repository checkout).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import numpy as np


def metrics(y: np.ndarray, p: np.ndarray, thresholds: dict[str, float] | None = None) -> dict[str, Any]:
    """Ranking and threshold metrics of scores ``p`` against 0/1 labels ``y``.

    >>> m = metrics(np.array([0, 0, 1, 1]), np.array([0.1, 0.4, 0.35, 0.8]), {"spam": 0.5})
    >>> m["roc_auc"], m["fpr_at_spam"], m["tpr_at_spam"]
    (0.75, 0.0, 0.5)
    """
    from sklearn.metrics import average_precision_score, roc_auc_score, roc_curve

    y = np.asarray(y, dtype=int)
    p = np.asarray(p, dtype=float)
    out: dict[str, Any] = {"n": len(y), "n_positive": int(y.sum())}
    if 0 < y.sum() < len(y):
        out["roc_auc"] = round(float(roc_auc_score(y, p)), 4)
        out["pr_auc"] = round(float(average_precision_score(y, p)), 4)
        fpr, tpr, _ = roc_curve(y, p)
        out["tpr_at_1pct_fpr"] = round(float(tpr[fpr <= 0.01].max()), 4)
    for name, t in (thresholds or {}).items():
        if (y == 0).any():
            out[f"fpr_at_{name}"] = round(float((p[y == 0] >= t).mean()), 4)
        if (y == 1).any():
            out[f"tpr_at_{name}"] = round(float((p[y == 1] >= t).mean()), 4)
    return out


def calibration_table(y: np.ndarray, p: np.ndarray, bins: int = 10) -> list[dict[str, float]]:
    """Per probability bin: count, mean predicted probability, observed positive rate.

    >>> calibration_table(np.array([0, 1]), np.array([0.05, 0.95]))[0]["observed"]
    0.0
    """
    y = np.asarray(y, dtype=int)
    p = np.asarray(p, dtype=float)
    idx = np.minimum((p * bins).astype(int), bins - 1)
    rows = []
    for b in range(bins):
        m = idx == b
        if m.any():
            rows.append(
                {
                    "bin": f"{b / bins:.1f}-{(b + 1) / bins:.1f}",
                    "n": int(m.sum()),
                    "mean_p": round(float(p[m].mean()), 4),
                    "observed": round(float(y[m].mean()), 4),
                }
            )
    return rows


def report(
    y: np.ndarray, scores: dict[str, np.ndarray], sources: np.ndarray, thresholds: dict[str, float]
) -> dict[str, Any]:
    """Metrics per head (overall, ai_padding), overall and per source, plus calibration tables."""
    out: dict[str, Any] = {}
    for head, p in scores.items():
        th = thresholds if head == "overall" else {"0.5": 0.5}
        out[head] = {
            "all": metrics(y, p, th),
            "per_source": {s: metrics(y[sources == s], p[sources == s], th) for s in np.unique(sources)},
            "calibration": calibration_table(y, p),
        }
    return out


def format_report(rep: dict[str, Any], thresholds: dict[str, float]) -> str:
    cols = ["n", "n_positive", "roc_auc", "pr_auc", "tpr_at_1pct_fpr"]
    lines = [f"thresholds: {json.dumps(thresholds)}"]
    for head, r in rep.items():
        extra = sorted(
            {
                k
                for m in [r["all"], *r["per_source"].values()]
                for k in m
                if k.startswith(("fpr_", "tpr_at_s", "tpr_at_0"))
            }
        )
        hdr = ["source", *cols, *extra]
        lines.append(f"\n== {head} ==")
        lines.append("  ".join(f"{h:>16}" for h in hdr))
        for name, m in [("ALL", r["all"]), *sorted(r["per_source"].items())]:
            lines.append("  ".join(f"{_fmt(m.get(h, name if h == 'source' else ''))!s:>16}" for h in hdr))
        lines.append("calibration (bin, n, mean predicted, observed positive rate):")
        for c in r["calibration"]:
            lines.append(
                f"  {c['bin']}  n={c['n']:<6} mean_p={c['mean_p']:.3f}  observed={c['observed']:.3f}"
            )
    return "\n".join(lines)


def _fmt(v: Any) -> str:
    return f"{v:.4f}" if isinstance(v, float) else str(v)[:16]


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("eval", help="evaluate a model on labelled JSONL, or leave-one-source-out (--loso)")
    p.add_argument("data", nargs="?", help="JSONL with 'text' or 'html', 'label', optional 'source'")
    p.add_argument("--model", help="model directory (default: the shipped model)")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.add_argument(
        "--loso", action="store_true", help="leave-one-source-out over the shared sets (repo checkout)"
    )
    p.add_argument("--trust", action="store_true", help="load a model whose sha256 does not match its card")
    p.add_argument("--jobs", type=int, default=-1, help="worker processes for --loso (default -1: all cores)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..model import ModelError, load_default_model, load_model
    from .train import prepare, read_labeled

    if args.loso:
        return _run_loso(args)
    if not args.data:
        print("spamcheck eval: give a labelled JSONL file (or --loso)", file=sys.stderr)
        return 2
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
    repo = Path(__file__).resolve().parents[3]
    if not (repo / "training" / "loso.py").exists():
        print(
            "spamcheck eval --loso: needs a repository checkout with training/ and ../shared/data",
            file=sys.stderr,
        )
        return 2
    sys.path.insert(0, str(repo))
    from training import loso  # type: ignore[import-not-found]

    return int(loso.main(["--json"] if args.json else []))
