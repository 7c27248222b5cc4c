"""Leave-one-source-out evaluation over the shared sets (sources: each l2r domain, OutFox, SeqXGPT).

    .venv/bin/python training/loso.py            # one fold per source (22 folds)
    .venv/bin/python training/loso.py --folds 7  # whole sources held out, 7 folds (faster, stricter)
    .venv/bin/python training/loso.py --compare  # estimator comparison for the ai head
    spamcheck eval --loso                        # the same as the first line

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

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "src"))

from spamcheck.commands.train import fit_model, fold_ids  # noqa: E402
from training.train_default import N_COMPOSED, dataset, held_out_tables, log, prepared  # noqa: E402

TARGET_AUC = 0.95


def compare(preps: list, data: list[dict], n_folds: int, quick: bool = False) -> dict[str, dict[str, float]]:
    """Held-out ROC AUC of candidate ai-head estimators on the same grouped folds."""
    from scipy.sparse import csr_matrix, hstack
    from sklearn.ensemble import HistGradientBoostingClassifier
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import roc_auc_score

    from spamcheck.features import Hasher, dense_matrix

    ai = np.array([d["ai"] for d in data])
    sub = [d for d, a in zip(data, ai, strict=True) if a]
    pp = [p for p, a in zip(preps, ai, strict=True) if a]
    y = np.array([d["y"] for d in sub])
    grp = np.array([d["group"] for d in sub])
    folds = fold_ids(grp, n_folds)
    names = sorted({k for _, f in pp for k in f if k.startswith(("text.", "ai_padding.", "spun."))})
    dense = dense_matrix([f for _, f in pp], names)
    ds = np.clip((dense - dense.mean(0)) / (dense.std(0) + 1e-6), -5, 5)
    cands = {"LR dense stats": ("lr", ds), "HGB dense stats": ("hgb", dense)}
    if not quick:
        hashed = Hasher().transform([p for p, _ in pp])
        cands["LR hashed n-grams"] = ("lr", hashed)
        both = hstack([hashed, csr_matrix(ds * 0.3)], format="csr")
        cands["LR hashed n-grams + dense stats"] = ("lr", both)
    out: dict[str, dict[str, float]] = {}
    for name, (kind, x) in cands.items():
        oof = np.zeros(len(y))
        for f in range(int(folds.max()) + 1):
            tr, te = folds != f, folds == f
            if kind == "lr":
                m = LogisticRegression(C=2.0, solver="liblinear", max_iter=2000, class_weight="balanced")
            else:
                m = HistGradientBoostingClassifier(
                    max_iter=250,
                    learning_rate=0.08,
                    l2_regularization=1.0,
                    min_samples_leaf=40,
                    class_weight="balanced",
                    random_state=0,
                )
            oof[te] = m.fit(x[tr], y[tr]).decision_function(x[te])
        res = {g: roc_auc_score(y[grp == g], oof[grp == g]) for g in np.unique(grp)}
        l2r = [v for g, v in res.items() if g not in ("outfox", "seqxgpt")]
        out[name] = {
            "outfox": round(res["outfox"], 4),
            "seqxgpt": round(res["seqxgpt"], 4),
            "l2r_min": round(min(l2r), 4),
            "l2r_mean": round(float(np.mean(l2r)), 4),
        }
        log(f"  {name}: {out[name]}")
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--folds", type=int, default=0, help="0 = one fold per source")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--composed", type=int, default=N_COMPOSED, help="composed spam/human pages each")
    ap.add_argument("--cache", help="featurised-documents pickle shared with train_default.py")
    ap.add_argument("--compare", action="store_true", help="compare ai-head estimators instead")
    ap.add_argument("--quick", action="store_true", help="with --compare: dense-feature candidates only")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--out", help="also write the JSON report here")
    args = ap.parse_args(argv)
    t0 = time.time()
    data = dataset(args.composed)
    preps = prepared(data, args.jobs, args.cache)
    n_groups = len({d["group"] for d in data})
    folds = args.folds or n_groups
    if args.compare:
        rep: dict = {"estimator_comparison": compare(preps, data, folds, args.quick)}
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
