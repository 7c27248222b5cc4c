"""Build the shipped model ``models/default`` from the shared data, end to end.

    .venv/bin/python -m training.train_default [--out models/default] [--jobs 2]

Data: every text of ``training.devdata.iter_all()`` (l2r, OutFox, SeqXGPT) plus
pages composed from them by ``training/compose.py`` (seeded). The ai_padding
head learns machine vs human prose from the plain texts; the overall head learns
spam (machine text, composed spam pages) vs clean (human text, composed human
pages). Calibration and thresholds use leave-one-source-out scores: each l2r
domain, OutFox and SeqXGPT is one fold (22 folds; ``--folds 7`` groups them), so
the card's held-out numbers describe sources the fold's model never saw.
``--comparison FILE`` puts a ``training/loso.py --compare --out FILE`` report in the card.
The seed specimen is never used in training; it is scored at the end as the acceptance check.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

from spamcheck.model.features import AI_FEATURE_SETS
from spamcheck.model.fit import DEFAULT_AI_FEATURES, fit_model, prepare
from spamcheck.model.metrics import calibration_table, metrics
from training import devdata
from training.compose import compose, group_of

REPO = Path(__file__).resolve().parents[1]

SEED_DOC = REPO / "fixtures" / "seed" / "000_45702f146cbaefe0.txt"
N_COMPOSED = 3000  # spam pages and as many human pages
COMPOSE_SEED = 20240601
FEATURE_TEXT = {
    "stats": "prose: ",
    "stats+fw": "prose: hashed 1-3-grams of function words with content words masked as W (2^18), ",
    "hashed+stats": "prose: hashed word 1-2-grams + char_wb 3-5-grams (2x2^18), ",
    "hgb-stats": "prose (gradient boosting, no n-grams): ",
    "hgb+fw": "prose: mean of the standardised logits of gradient boosting on the statistics and of a "
    "linear head on hashed function-word 1-3-grams (content words masked, 2^18) plus the statistics, ",
}
HEAD_TEXT = {
    "stats": "dense prose statistics",
    "stats+fw": "hashed function-word n-grams (content words masked) of cleaned prose plus prose statistics",
    "hashed+stats": "hashed word/char n-grams of cleaned prose plus prose statistics",
    "hgb-stats": "dense prose statistics (histogram gradient boosting instead of logistic regression)",
    "hgb+fw": "a blend (mean of standardised logits) of gradient boosting on dense prose statistics and "
    "logistic regression on hashed function-word n-grams plus the statistics",
}


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def dataset(n_composed: int = N_COMPOSED, seed: int = COMPOSE_SEED) -> list[dict]:
    """All shared texts plus composed pages, each with ``y``, ``ai`` (prose example?), ``group``, ``set``."""
    recs = list(devdata.iter_all())
    out = []
    for r in recs:
        out.append(
            {**r, "y": int(r["label"] == "machine"), "ai": True, "group": group_of(r), "set": r["source"]}
        )
    for p in compose(recs, n_composed, n_composed, seed=seed):
        out.append({**p, "y": int(p["label"] == "spam"), "ai": False, "set": p["source"]})
    return out


def prepared(data: list[dict], jobs: int, cache: str | None) -> list:
    """Featurise ``data`` (detector run + features), reusing a pickle cache keyed by ids and versions."""
    import pickle

    from spamcheck.model.features import FEATURE_VERSION

    key = (FEATURE_VERSION, [d["id"] for d in data])
    if cache and Path(cache).exists():
        with open(cache, "rb") as f:
            got_key, preps = pickle.load(f)
        if got_key == key:
            log(f"  reusing featurised documents from {cache}")
            return preps
    preps = prepare([(d["text"], False) for d in data], n_jobs=jobs, log=log)
    if cache:
        with open(cache, "wb") as f:
            pickle.dump((key, preps), f)
    return preps


def held_out_tables(data: list[dict], oof: dict, thresholds: dict[str, float]) -> dict:
    """Held-out metrics: ai head per group and per set; overall per set; FPRs per human source."""
    y = np.array([d["y"] for d in data])
    ai = np.array([d["ai"] for d in data])
    grp = np.array([d["group"] for d in data])
    st = np.array([d["set"] for d in data])
    out: dict = {
        "ai_padding": {"per_source": {}, "per_dataset": {}},
        "overall": {"per_dataset": {}},
        "human_fpr": {},
    }
    for g in sorted(set(grp[ai])):
        m = ai & (grp == g)
        out["ai_padding"]["per_source"][g] = metrics(y[m], oof["ai"][m], {"0.5": 0.5})
    for s in sorted(set(st[ai])):
        m = ai & (st == s)
        out["ai_padding"]["per_dataset"][s] = metrics(y[m], oof["ai"][m], {"0.5": 0.5})
    out["ai_padding"]["all"] = metrics(y[ai], oof["ai"][ai], {"0.5": 0.5})
    out["ai_padding"]["calibration"] = calibration_table(y[ai], oof["ai"][ai])
    for s in sorted(set(st)):
        m = st == s
        out["overall"]["per_dataset"][s] = metrics(y[m], oof["overall"][m], thresholds)
    out["overall"]["all"] = metrics(y, oof["overall"], thresholds)
    out["overall"]["calibration"] = calibration_table(y, oof["overall"])
    for key in sorted(set(st[y == 0])) + sorted({g for g in grp[(y == 0) & (st == "l2r")]}):
        m = (y == 0) & ((st == key) | ((st == "l2r") & (grp == key)))
        row = {f"fpr_at_{k}": round(float((oof["overall"][m] >= t).mean()), 4) for k, t in thresholds.items()}
        if ai[m].any():
            row["ai_padding_fpr_at_0.5"] = round(float((oof["ai"][m & ai] >= 0.5).mean()), 4)
        row["n"] = int(m.sum())
        out["human_fpr"][key if key in set(st) else f"l2r/{key}"] = row
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default=str(REPO / "models" / "default"))
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--composed", type=int, default=N_COMPOSED)
    ap.add_argument("--cache", help="pickle of featurised documents to reuse (e.g. /tmp/spamcheck-train.pkl)")
    ap.add_argument("--render-card", action="store_true", help="only rewrite CARD.md from card.json")
    ap.add_argument("--folds", type=int, default=0, help="0 = one fold per source (leave-one-source-out)")
    ap.add_argument("--features", default=DEFAULT_AI_FEATURES, choices=AI_FEATURE_SETS, help="ai head set")
    ap.add_argument("--comparison", help="JSON from training/loso.py --compare --out, shown in the card")
    args = ap.parse_args(argv)
    if args.render_card:
        write_card_md(Path(args.out), json.loads((Path(args.out) / "card.json").read_text(encoding="utf-8")))
        return 0
    t0 = time.time()
    data = dataset(args.composed)
    log(
        f"train_default: {len(data)} documents ({sum(d['ai'] for d in data)} texts, "
        f"{sum(not d['ai'] for d in data)} composed pages)"
    )
    preps = prepared(data, args.jobs, args.cache)
    n_folds = args.folds or len({d["group"] for d in data})
    model, oof = fit_model(
        preps,
        [d["y"] for d in data],
        [d["group"] for d in data],
        sources=[d["set"] for d in data],
        ai_mask=[d["ai"] for d in data],
        ai_fpr_caps={"outfox": 0.02},
        features=args.features,
        n_folds=n_folds,
        n_jobs=args.jobs,
        log=log,
    )
    held = held_out_tables(data, oof, model.thresholds)
    import sklearn

    model.card.update(
        {
            "name": "default",
            "trained": time.strftime("%Y-%m-%d"),
            "command": "python -m training.train_default"
            + (f" --folds {args.folds}" if args.folds else "")
            + (f" --features {args.features}" if args.features != DEFAULT_AI_FEATURES else ""),
            "training_data": {
                "text/l2r": devdata.source_commit("text/l2r"),
                "text/outfox": devdata.source_commit("text/outfox"),
                "text/seqxgpt": devdata.source_commit("text/seqxgpt"),
                "composed": f"training/compose.py seed {COMPOSE_SEED}: {args.composed} spam + "
                f"{args.composed} "
                "human pages from the same texts",
                "documents": len(data),
            },
            "feature_set": FEATURE_TEXT[args.features]
            + "150 function-word rates, "
            "punctuation rates, word/sentence length distribution, MATTR, hapax, zlib ratio; "
            "family features + per-type flag counts/max strengths + rule family scores; page layout",
            "scikit_learn": sklearn.__version__,
            "held_out": held,
        }
    )
    if args.comparison:
        model.card["estimator_comparison"] = comparison_rows(
            json.loads(Path(args.comparison).read_text(encoding="utf-8"))["estimator_comparison"],
            args.features,
            held,
        )
    path = model.save(args.out)
    seed_res = seed_check(Path(args.out))
    model.card["seed_check"] = seed_res
    # Card gains the seed check: rewrite it (the model file and its sha are unchanged).
    (Path(args.out) / "card.json").write_text(json.dumps(model.card, indent=2) + "\n", encoding="utf-8")
    write_card_md(Path(args.out), model.card)
    log(
        f"train_default: wrote {path} ({path.stat().st_size / 1e6:.1f} MB) in {time.time() - t0:.0f}s; "
        f"thresholds {model.thresholds}; seed {seed_res}"
    )
    return 0


TARGET_AUC = 0.95


def summary_row(per: dict[str, dict], folds: int, seconds: float | None) -> dict:
    """One row of the estimator table from held-out ai-head metrics per source.

    ``per`` maps each source (l2r domains, ``outfox``, ``seqxgpt``; optionally the pooled
    ``l2r``) to :func:`spamcheck.model.metrics.metrics` at the 0.5 cut.
    """
    per_src = [v["roc_auc"] for g, v in per.items() if g != "l2r"]
    l2r = [v["roc_auc"] for g, v in per.items() if g not in ("outfox", "seqxgpt", "l2r")]
    worst = min(per, key=lambda g: per[g]["roc_auc"])
    return {
        "outfox": per["outfox"]["roc_auc"],
        "seqxgpt": per["seqxgpt"]["roc_auc"],
        "l2r_min": min(l2r),
        "l2r_mean": round(float(np.mean(l2r)), 4),
        "worst": f"{worst} {per[worst]['roc_auc']}",
        "mean_all_sources": round(float(np.mean(per_src)), 4),
        "sources_met": int(sum(v >= TARGET_AUC for v in per_src)),
        "outfox_human_fpr_at_0.5": per["outfox"]["fpr_at_0.5"],
        "folds": folds,
        "seconds": seconds,
    }


def comparison_rows(comp: dict, features: str, held: dict) -> dict:
    """The card's estimator table from a ``loso.py --compare`` report or an earlier card's table.

    The feature set being trained gets its row from this run's own held-out scores when the
    report lacks it, so the table always shows the shipped head beside the alternatives.
    """
    rows = {
        k: v if "summary" not in v else {
            **v["summary"], "per_source": {g: m.get("roc_auc") for g, m in v["per_source"].items()}
        }
        for k, v in comp.items()
    }
    if features not in rows:
        ai = held["ai_padding"]
        rows[features] = {
            **summary_row(ai["per_source"], len(ai["per_source"]), None),
            "per_source": {g: m.get("roc_auc") for g, m in {**ai["per_source"], **ai["per_dataset"]}.items()},
        }
    return rows


def seed_check(model_dir: Path) -> dict:
    from spamcheck.detector import Detector

    det = Detector(model=str(model_dir))
    r = det.score(SEED_DOC.read_text(encoding="utf-8"))
    return {
        "document": str(SEED_DOC.relative_to(REPO)),
        "score": round(r.score, 4),
        "label": r.label,
        "ai_padding": round(r.scores["ai_padding"], 4),
    }


def write_card_md(out: Path, card: dict) -> None:
    (out / "CARD.md").write_text(render_card(card), encoding="utf-8")


def _row(cells: list) -> str:
    return "| " + " | ".join(str(c) for c in cells) + " |"


def render_card(card: dict) -> str:
    """CARD.md from card.json: what the model is, what it was trained on, how well it generalises."""
    h = card.get("held_out", {})
    th = card.get("thresholds", {})
    lines = [
        f"# spamcheck model card: `{card.get('name')}`",
        "",
        f"- file: `model.joblib`, {card.get('size_bytes', 0) / 1e6:.1f} MB, sha256 `{card.get('sha256')}`",
        f"- format version {card.get('format_version')}, feature version {card.get('feature_version')}, "
        f"scikit-learn {card.get('sklearn_version')} (the loader refuses other versions and a changed file)",
        f"- trained {card.get('trained')} with `{card.get('command')}`",
        "",
        "## What it does",
        "",
        "Two calibrated heads. `ai_padding` = P(the prose is machine-generated): a classifier on",
        f"{HEAD_TEXT.get(card.get('ai_features', ''), card.get('ai_features'))} "
        f"(feature set `{card.get('ai_features')}`).",
        "Overall `score` = P(spam page or",
        "machine filler): histogram gradient boosting on the ai head's logit (monotone) plus page-level",
        "evidence (fragments, placeholder metadata, boilerplate and spun features, flag rates, page layout,",
        "duplicate lines). Both are Platt-calibrated on leave-one-source-out scores.",
        f"Labels: `spam` at score >= {th.get('spam')}, `suspect` at >= {th.get('suspect')} (chosen on",
        "out-of-fold scores so every human source stays under 1% / 5% FPR). English only: other languages",
        "keep the rule scores. Fewer than 25 prose words: ai_padding keeps the rule score.",
        "",
        "## Training data",
        "",
    ]
    for k, v in card.get("training_data", {}).items():
        lines.append(f"- `{k}`: {v}")
    lines += [
        "",
        f"Features: {card.get('feature_set')}",
        "",
        "Calibration: " + "; ".join(f"{k}: {v}" for k, v in card.get("calibration", {}).items()),
        "",
    ]
    comp = card.get("estimator_comparison")
    if comp:
        lines += [
            "## Estimator choice (ai head, leave-one-source-out ROC AUC, `training/loso.py --compare`)",
            "",
            _row(["estimator", "worst source", "mean (22)", "met >=0.95", "outfox", "seqxgpt", "l2r min",
                  "l2r mean", "OutFox human FPR@0.5", "seconds (22 folds)"]),
            _row(["---"] * 10),
        ]
        for name, r in comp.items():
            lines.append(_row([name, r.get("worst"), r.get("mean_all_sources"), r.get("sources_met"),
                               r.get("outfox"), r.get("seqxgpt"), r.get("l2r_min"), r.get("l2r_mean"),
                               r.get("outfox_human_fpr_at_0.5"), r.get("seconds")]))
        srcs = sorted({g for r in comp.values() for g in r.get("per_source", {})})
        if srcs:
            lines += ["", "Per source (ROC AUC):", "", _row(["source", *comp])]
            lines.append(_row(["---"] * (len(comp) + 1)))
            lines += [_row([g, *(r.get("per_source", {}).get(g, "-") for r in comp.values())]) for g in srcs]
        lines.append("")
    lines += [
        "## Held-out ai_padding (each source scored by a model that never saw it)",
        "",
        _row(["source", "n", "ROC AUC", "PR AUC", "TPR@1%FPR", "FPR@0.5", "TPR@0.5", "target AUC>=0.95"]),
        _row(["---"] * 8),
    ]
    per_set = h.get("ai_padding", {}).get("per_dataset", {})
    per_src = {k: v for k, v in h.get("ai_padding", {}).get("per_source", {}).items() if k not in per_set}
    for name, m in [*per_set.items(), *((f"l2r/{k}", v) for k, v in per_src.items())]:
        auc = m.get("roc_auc")
        lines.append(
            _row(
                [
                    name,
                    m["n"],
                    auc,
                    m.get("pr_auc"),
                    m.get("tpr_at_1pct_fpr"),
                    m.get("fpr_at_0.5"),
                    m.get("tpr_at_0.5"),
                    "met" if auc is not None and auc >= 0.95 else "NOT met",
                ]
            )
        )
    lines += [
        "",
        "## Overall score, held out, per dataset",
        "",
        _row(["dataset", "n", "ROC AUC", "TPR@1%FPR", "FPR@suspect", "FPR@spam", "TPR@spam"]),
        _row(["---"] * 7),
    ]
    for name, m in h.get("overall", {}).get("per_dataset", {}).items():
        lines.append(
            _row(
                [
                    name,
                    m["n"],
                    m.get("roc_auc", "-"),
                    m.get("tpr_at_1pct_fpr", "-"),
                    m.get("fpr_at_suspect", "-"),
                    m.get("fpr_at_spam", "-"),
                    m.get("tpr_at_spam", "-"),
                ]
            )
        )
    lines += [
        "",
        "## False positives on human text, per source (held-out scores)",
        "",
        _row(["human source", "n", "FPR@suspect", "FPR@spam (target <=1%)", "ai_padding>=0.5"]),
        _row(["---"] * 5),
    ]
    for name, m in h.get("human_fpr", {}).items():
        lines.append(
            _row(
                [
                    name,
                    m["n"],
                    m.get("fpr_at_suspect"),
                    m.get("fpr_at_spam"),
                    m.get("ai_padding_fpr_at_0.5", "-"),
                ]
            )
        )
    cal = h.get("ai_padding", {}).get("calibration", [])
    if cal:
        lines += [
            "",
            "## ai_padding calibration (held-out)",
            "",
            _row(["bin", "n", "mean p", "observed"]),
            _row(["---"] * 4),
        ]
        lines += [_row([c["bin"], c["n"], c["mean_p"], c["observed"]]) for c in cal]
    s = card.get("seed_check", {})
    lines += [
        "",
        "## Acceptance check",
        "",
        f"Seed specimen `{s.get('document')}` (never trained on): score {s.get('score')}, "
        f"label `{s.get('label')}`, ai_padding {s.get('ai_padding')}.",
        "",
        "## Limitations",
        "",
        "- Cheap features only (no language model): machine text from older generators (GPT-2/Neo/J",
        "  in SeqXGPT) and close rewrites of human text (l2r) are hard to separate; see the per-source rows.",
        "- Composed pages are built from real parts but by one recipe; page-level signals learned from",
        "  them (author blocks, repeated titles, fragments) are what the detector families also flag.",
        "- Trained on English; non-English documents keep the rule scores.",
        "",
    ]
    if card.get("notes"):
        lines += ["## Notes", "", *[f"- {n}" for n in card["notes"]], ""]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
