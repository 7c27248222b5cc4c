"""Leave-one-source-out evaluation over the shared sets (sources: each l2r domain, OutFox, SeqXGPT).

    .venv/bin/python -m training.loso            # one fold per source (22 folds)
    .venv/bin/python -m training.loso --folds 7  # whole sources held out, 7 folds (faster, stricter)
    .venv/bin/python -m training.loso --compare  # ai-head candidates, 22 folds (--candidates stats,...)
    spamcheck eval --loso LABELED.jsonl          # the same recipe on any labelled set, one fold per source

Every document is scored by a model trained without its source (composed pages
go with the source of their main text). Prints the ai_padding head's held-out
ROC AUC per source and per dataset, the overall head per dataset, and the FPR
on every human source at the thresholds chosen from those scores.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

from spamcheck.model.fit import fit_model, fold_ids
from training.train_default import (
    N_COMPOSED,
    TARGET_AUC,
    dataset,
    held_out_tables,
    log,
    prepared,
    summary_row,
)

REPO = Path(__file__).resolve().parents[1]

CANDIDATES = ("stats", "stats+fw", "hashed+stats", "hgb-stats")


def compare(
    preps: list,
    data: list[dict],
    n_folds: int,
    candidates: tuple[str, ...] = CANDIDATES,
    out: Path | None = None,
    n_jobs: int = 1,
) -> dict[str, dict]:
    """Held-out metrics of ai-head candidates on the same folds (per source and summary).

    ``candidates`` are fit_model feature sets (``stats``, ``stats+fw``, ``hashed+stats``,
    built exactly as fit_model builds them) or ``hgb-stats`` (gradient boosting on the raw
    dense statistics). Scores are Platt-calibrated on the out-of-fold logits with OutFox's
    human FPR at 0.5 capped at 2%, as fit_model does. With ``out`` the report is rewritten
    after every candidate, so a timeout keeps the finished ones.
    """

    from spamcheck.model.features import dense_matrix
    from spamcheck.model.fit import (
        AI_SETTINGS,
        ai_design,
        ai_feature_names,
        ai_out_of_fold,
        fit_ai_head,
        platt,
    )
    from spamcheck.model.metrics import metrics

    ai = np.array([d["ai"] for d in data])
    sub = [d for d, a in zip(data, ai, strict=True) if a]
    pp = [p for p, a in zip(preps, ai, strict=True) if a]
    y = np.array([d["y"] for d in sub])
    grp = np.array([d["group"] for d in sub])
    folds = fold_ids(grp, n_folds)
    every = np.ones(len(y), bool)
    names = ai_feature_names([f for _, f in pp], every)
    rep: dict[str, dict] = {}
    for name in candidates:
        t0 = time.time()
        if name == "hgb-stats":
            x = dense_matrix([f for _, f in pp], names)
            oof = np.zeros(len(y))
            for f in range(int(folds.max()) + 1):
                tr, te = folds != f, folds == f
                oof[te] = fit_ai_head(x[tr], y[tr], 0.0, hgb=True).decision_function(x[te])
        else:
            c, weight = AI_SETTINGS[name]
            x, _, _ = ai_design(pp, names, every, name, 2**18, weight)
            oof = ai_out_of_fold(x, y, every, folds, c, n_jobs)
        a, b = platt(oof, y)
        hum = (y == 0) & (grp == "outfox")
        z_cap = float(np.quantile(oof[hum], 0.98))
        if a * z_cap + b > 0:
            b = -a * z_cap
        p = 1.0 / (1.0 + np.exp(-(a * oof + b)))
        per = {g: metrics(y[grp == g], p[grp == g], {"0.5": 0.5}) for g in np.unique(grp)}
        per["l2r"] = metrics(y[~np.isin(grp, ["outfox", "seqxgpt"])], p[~np.isin(grp, ["outfox", "seqxgpt"])])
        rep[name] = {
            "summary": summary_row(per, int(folds.max()) + 1, round(time.time() - t0)),
            "per_source": per,
        }
        log(f"  {name}: {rep[name]['summary']}")
        if out is not None:
            out.write_text(json.dumps({"estimator_comparison": rep}, indent=1) + "\n", encoding="utf-8")
    return rep


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--folds", type=int, default=0, help="0 = one fold per source")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--composed", type=int, default=N_COMPOSED, help="composed spam/human pages each")
    ap.add_argument("--cache", help="featurised-documents pickle shared with train_default.py")
    ap.add_argument("--compare", action="store_true", help="compare ai-head estimators instead")
    ap.add_argument(
        "--candidates",
        default=",".join(CANDIDATES),
        help=f"with --compare: comma-separated ai-head candidates from {', '.join(CANDIDATES)}",
    )
    ap.add_argument("--features", default=None, help="ai feature set for the LOSO run (default: fit_model's)")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--out", help="also write the JSON report here")
    args = ap.parse_args(argv)
    t0 = time.time()
    data = dataset(args.composed)
    preps, _ = prepared(data, args.jobs, args.cache)
    n_groups = len({d["group"] for d in data})
    folds = args.folds or n_groups
    if args.compare:
        cands = tuple(c.strip() for c in args.candidates.split(",") if c.strip())
        out = Path(args.out) if args.out else None
        rep = {"estimator_comparison": compare(preps, data, folds, cands, out, args.jobs)}
    else:
        model, oof = fit_model(
            preps,
            [d["y"] for d in data],
            [d["group"] for d in data],
            sources=[d["set"] for d in data],
            ai_mask=[d["ai"] for d in data],
            ai_fpr_caps={"outfox": 0.02},
            n_folds=folds,
            n_jobs=args.jobs,
            **({"features": args.features} if args.features else {}),
            log=log,
        )
        rep = {"folds": folds, "thresholds": model.thresholds, **held_out_tables(data, oof, model.thresholds)}
    rep["seconds"] = round(time.time() - t0)
    if args.out:
        Path(args.out).write_text(json.dumps(rep, indent=1) + "\n", encoding="utf-8")
    if args.json or args.compare:
        print(json.dumps(rep, indent=1))
        return 0
    print(f"leave-one-source-out, {folds} folds, {len(data)} documents, {rep['seconds']}s")
    print(f"\nai_padding held-out ROC AUC (target >= {TARGET_AUC}):")
    for name, m in [*rep["ai_padding"]["per_dataset"].items(), *rep["ai_padding"]["per_source"].items()]:
        ok = "ok " if m.get("roc_auc", 0) >= TARGET_AUC else "MISS"
        print(f"  {ok} {name:28s} n={m['n']:<6} auc={m.get('roc_auc')}  fpr@0.5={m.get('fpr_at_0.5')}")
    print(f"\noverall, thresholds {rep['thresholds']}:")
    for name, m in rep["overall"]["per_dataset"].items():
        print(f"  {name:28s} {json.dumps(m)}")
    print("\nhuman FPR per source:")
    for name, m in rep["human_fpr"].items():
        print(f"  {name:28s} {json.dumps(m)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
