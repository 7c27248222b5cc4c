"""Human-trust benchmark: does spamcheck leave real human writing alone?

    .venv/bin/python benchmarks/bench_trust.py             # out-of-fold table (needs a training run)
    .venv/bin/python benchmarks/bench_trust.py --shipped   # plus the shipped model, whole pipeline

One table, saved to ``benchmarks/results/trust.json`` and ``trust.md`` (the same table is in
``models/default/CARD.md``):

* per human source/register, OUT OF FOLD: n, share ai_padding >= 0.5, share suspect or spam,
  share spam (web sets as raw HTML through the full pipeline and as gold text; each MASC
  register, pooled into "written, other"/"spoken, other" below 50 documents; the speeches;
  each l2r domain; OutFox; SeqXGPT);
* per machine source: TPR at ai_padding 0.5, TPR at suspect or spam, ai_padding ROC AUC;
* the mean leave-one-source-out ROC AUC.

Out of fold: ``training/train_default.py`` keeps the scores of its per-fold models (each
document scored by models trained without its source: ai logit, overall probability, plus
the rule family scores, language and prose length the label logic needs) in
``/tmp/spamcheck-train/oof-latest.pkl``, stamped with the sha256 of the model it trained;
this script applies the shipped decision logic (:func:`spamcheck.decision.decide`) to
them. It refuses a cache that belongs to another model (run
``python training/train_default.py`` first) and does not refit.

``--shipped`` also scores every human document with the SHIPPED model through
``Detector.score`` (raw HTML for the web pages), which is in-sample for the training
sources: it checks the pipeline end to end, not generalisation.
"""

from __future__ import annotations

import argparse
import json
import pickle
import sys
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "src"))

from training import trust_eval  # noqa: E402

RESULTS = REPO / "benchmarks" / "results"


def shipped_rates(model_dir: Path) -> dict[str, dict]:
    """Every human document scored by the shipped model through ``Detector.score``, per row."""
    from collections import defaultdict

    from training import devdata, trust_data
    from training.compose import group_of

    from spamcheck.detector import Detector

    det = Detector(model=str(model_dir))
    recs = [{**r, "row": f"l2r/{group_of(r)}" if r["source"] == "l2r" else r["source"], "html": False}
            for r in devdata.human_texts()]
    recs += list(trust_data.iter_human_extra())
    acc: dict[str, list[tuple[float, str]]] = defaultdict(list)
    for r in recs:
        res = det.score(r["text"], html=r["html"])
        acc[r["row"]].append((res.scores.get("ai_padding", 0.0), res.label))
    out = {}
    for row, got in sorted(acc.items()):
        ai = np.array([a for a, _ in got])
        lab = np.array([b for _, b in got])
        out[row] = {"n": len(got), "ai_padding_ge_0.5": round(float((ai >= 0.5).mean()), 4),
                    "suspect_or_spam": round(float(np.isin(lab, ["suspect", "spam"]).mean()), 4),
                    "spam": round(float((lab == "spam").mean()), 4)}
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cache", default="/tmp/spamcheck-train", help="train_default.py's cache directory")
    ap.add_argument("--model", default=str(REPO / "models" / "default"))
    ap.add_argument("--shipped", action="store_true", help="also score with the shipped model (in-sample)")
    ap.add_argument("--out", default=str(RESULTS / "trust.json"))
    args = ap.parse_args(argv)
    card = json.loads((Path(args.model) / "card.json").read_text(encoding="utf-8"))
    path = Path(args.cache) / "oof-latest.pkl"
    if not path.exists():
        print(f"bench_trust: no out-of-fold cache at {path}; run `python training/train_default.py`",
              file=sys.stderr)
        return 2
    with open(path, "rb") as f:
        oof = pickle.load(f)
    if oof.get("model_sha256") != card.get("sha256"):
        print(f"bench_trust: {path} belongs to model {str(oof.get('model_sha256'))[:12]}, not the model in "
              f"{args.model} ({str(card.get('sha256'))[:12]}); rerun `python training/train_default.py`",
              file=sys.stderr)
        return 2
    t0 = time.time()
    table = trust_eval.table_from_cache(oof)
    report = {"model_sha256": card["sha256"], "out_of_fold": table,
              "folds": card.get("calibration", {}).get("folds"),
              "how": "per-fold models' out-of-fold outcomes cached by training/train_default.py"}
    md = ["# Human trust (out of fold)", "", f"model sha256 `{card['sha256'][:16]}`, "
          f"{report['folds']}", "", trust_eval.render_md(table)]
    if args.shipped:
        report["shipped_in_sample"] = shipped_rates(Path(args.model))
        md += ["", "## Shipped model, whole pipeline (in-sample for the training sources)", "",
               "| row | n | ai_padding >= 0.5 | suspect or spam | spam |", "| --- | --- | --- | --- | --- |"]
        md += [f"| {k} | {v['n']} | {100 * v['ai_padding_ge_0.5']:.1f}% | "
               f"{100 * v['suspect_or_spam']:.1f}% | {100 * v['spam']:.1f}% |"
               for k, v in report["shipped_in_sample"].items()]
    report["seconds"] = round(time.time() - t0, 1)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    out.with_suffix(".md").write_text("\n".join(md) + "\n", encoding="utf-8")
    print("\n".join(md))
    return 0


if __name__ == "__main__":
    sys.exit(main())
