"""The human-trust table: what the shipped logic does to human text it never saw.

From out-of-fold model scores (each document scored by the per-fold models of
``fit_model``, trained without the document's group) and the document's rule family
scores, :func:`oof_outcomes` applies exactly the shipped decision logic
(:func:`spamcheck.scoring.decide`, the rules path for languages the model does not
judge, the rule ai_padding score under 25 prose words) and :func:`trust_table` reports:

* per human source/register row: n, share ai_padding >= 0.5, share suspect-or-spam,
  share spam (registers with fewer than 50 documents are pooled into "written, other" /
  "spoken, other" and also listed one by one);
* per machine source: TPR at ai_padding 0.5, TPR at suspect-or-spam, ai_padding ROC AUC;
* the mean leave-one-source-out ROC AUC of ai_padding over the machine sources.

:func:`table_from_cache` recomputes all of it from the out-of-fold SCORES that
``training/train_default.py`` caches, so the table always shows the current decision logic.
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np

from spamcheck.model.classifier import MIN_PROSE_WORDS, MODEL_LANGUAGES
from spamcheck.scoring import (
    FILLER_TYPES,
    SPAM_THRESHOLD,
    SUSPECT_THRESHOLD,
    decide,
    filler_only,
    page_floor,
    rule_score,
    unjudged_ai_padding,
)

HUMAN_CAP = {"ai": 0.02, "flagged": 0.02, "spam": 0.005}
POOLED = {"masc/written-other": "MASC written, other (< 50 docs each)",
          "masc/spoken-other": "MASC spoken, other (< 50 docs each)"}


def prose_words(prose: str) -> int:
    """Words of the cleaned prose, counted as :meth:`SpamModel.apply` counts them."""
    return prose.count(" ") + 1 if prose else 0


def rule_scores(preps: list) -> tuple[list[dict[str, float]], list[int]]:
    """Per document: the rule family scores and the number of prose words (what the label needs)."""
    rules = [{k[5:]: v for k, v in feats.items() if k.startswith("rule.")} for _, feats in preps]
    return rules, [prose_words(p) for p, _ in preps]


def filler_free_rows(preps: list) -> list[dict[str, float]]:
    """Per document: the scores of the families with filler types, without those flags.

    What :func:`spamcheck.scoring.filler_free` gives from the flags, rebuilt from the
    features (per type: the strongest flag and the count), as :func:`family_score` combines them.

    >>> filler_free_rows([("", {"flag.placeholder_metadata.lorem_ipsum.max": 0.95,
    ...                         "placeholder_metadata.n_lorem_ipsum": 2.0})])
    [{'placeholder_metadata': 0.0}]
    """
    out = []
    for _, feats in preps:
        row = {}
        for fam, filler in FILLER_TYPES.items():
            miss = 1.0
            for key, top in feats.items():
                parts = key.split(".")
                if len(parts) != 4 or parts[:2] != ["flag", fam] or parts[3] != "max" or parts[2] in filler:
                    continue
                if top <= 0:
                    continue
                n = int(feats.get(f"{fam}.n_{parts[2]}", 1) or 1)
                miss *= (1.0 - top) ** min(n, 3) if top < 1.0 else 0.0
            row[fam] = round(1.0 - miss, 6)
        out.append(row)
    return out


def oof_outcomes(
    rules: list[dict[str, float]], n_prose: list[int], langs: list[str], ai_oof: np.ndarray,
    overall_oof: np.ndarray, thresholds: dict[str, float], free: list[dict[str, float]] | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Reported ai_padding and label of every document, from out-of-fold scores.

    ``free`` (from :func:`filler_free_rows`) lets the placeholder-filler rule of
    :func:`spamcheck.scoring.decide` apply; without it (an older cache) it does not.
    """
    ai_rep = np.zeros(len(rules))
    labels = np.empty(len(rules), dtype=object)
    for i, (rule, words, lang) in enumerate(zip(rules, n_prose, langs, strict=True)):
        scores = dict(rule)
        scores["ai_padding"] = unjudged_ai_padding(scores.get("ai_padding", 0.0))
        filler = free is not None and filler_only(scores, free[i])
        if lang not in MODEL_LANGUAGES:
            _, labels[i], _ = decide(rule_score(scores), scores, SUSPECT_THRESHOLD, SPAM_THRESHOLD,
                                     filler=filler, judged=False)
        else:
            if words >= MIN_PROSE_WORDS:
                scores["ai_padding"] = float(ai_oof[i])
            _, labels[i], _ = decide(
                float(overall_oof[i]), scores, thresholds["suspect"], thresholds["spam"],
                page_floor(scores), filler=filler,
            )
        ai_rep[i] = scores.get("ai_padding", 0.0)
    return ai_rep, labels


def _share(mask: np.ndarray) -> float:
    return round(float(mask.mean()), 4) if mask.size else 0.0


def trust_table(
    data: list[dict], ai_rep: np.ndarray, labels: np.ndarray, ai_mask: np.ndarray,
    ai_loso: np.ndarray | None = None,
) -> dict:
    """Per human row and per machine source: the rates of the issue's acceptance table.

    ``ai_loso`` (the ai head's logits with one fold per machine source, from
    ``train_default.py``) gives each machine source's leave-one-source-out ROC AUC and their
    mean; without it the mean is left empty and only the grouped-fold AUC is reported.
    """
    from sklearn.metrics import roc_auc_score

    y = np.array([d["y"] for d in data])
    text = np.array([d["ai"] for d in data])  # plain texts and pages (not composed pages)
    rows = np.array([d["row"] for d in data])
    groups = np.array([d["group"] for d in data])
    flagged = np.isin(labels, ["suspect", "spam"])
    spam = labels == "spam"
    human: dict[str, dict] = {}
    keys: dict[str, np.ndarray] = defaultdict(lambda: np.zeros(len(y), bool))
    for r in sorted(set(rows[text & (y == 0)])):
        keys[r] = text & (y == 0) & (rows == r)
    for g, name in POOLED.items():
        if (groups == g).any():
            keys[name] = text & (y == 0) & (groups == g)
    for name, m in keys.items():
        human[name] = {
            "n": int(m.sum()),
            "ai_padding_ge_0.5": _share(ai_rep[m] >= 0.5),
            "suspect_or_spam": _share(flagged[m]),
            "spam": _share(spam[m]),
            "pooled_member": name.startswith("masc/") and groups[m][0] in POOLED,
        }
        h = human[name]
        h["meets"] = bool(
            h["ai_padding_ge_0.5"] <= HUMAN_CAP["ai"]
            and h["suspect_or_spam"] <= HUMAN_CAP["flagged"]
            and h["spam"] <= HUMAN_CAP["spam"]
        )
    machine: dict[str, dict] = {}
    for r in sorted(set(rows[text & (y == 1)])):
        m = text & (rows == r)
        pos = m & (y == 1)
        am = m & ai_mask
        two = len(set(y[am])) == 2
        auc = roc_auc_score(y[am], ai_rep[am]) if two else None
        auc_loso = roc_auc_score(y[am], ai_loso[am]) if two and ai_loso is not None else None
        machine[r] = {
            "n_machine": int(pos.sum()),
            "tpr_ai_padding_0.5": _share(ai_rep[pos] >= 0.5),
            "tpr_suspect_or_spam": _share(flagged[pos]),
            "tpr_spam": _share(spam[pos]),
            "roc_auc": None if auc is None else round(float(auc), 4),
            "roc_auc_loso": None if auc_loso is None else round(float(auc_loso), 4),
        }
    for s in ("composed-spam",):
        m = rows == s
        if m.any():
            machine[s] = {"n_machine": int(m.sum()), "tpr_ai_padding_0.5": None,
                          "tpr_suspect_or_spam": _share(flagged[m]), "tpr_spam": _share(spam[m]),
                          "roc_auc": None, "roc_auc_loso": None}
    m = rows == "composed-clean"
    if m.any():
        human["composed-clean (human pages, training recipe)"] = {
            "n": int(m.sum()), "ai_padding_ge_0.5": None, "suspect_or_spam": _share(flagged[m]),
            "spam": _share(spam[m]), "pooled_member": False, "meets": None,
        }
    aucs = [v["roc_auc"] for v in machine.values() if v["roc_auc"] is not None]
    loso = [v["roc_auc_loso"] for v in machine.values() if v["roc_auc_loso"] is not None]
    return {
        "human": human,
        "machine": machine,
        # The definition: one fold per machine source.
        "mean_loso_roc_auc": round(float(np.mean(loso)), 4) if loso else None,
        # The shipped calibration's grouped folds (several sources held out together: stricter).
        "mean_grouped_roc_auc": round(float(np.mean(aucs)), 4) if aucs else None,
        "caps": HUMAN_CAP,
    }


def render_md(table: dict) -> str:
    """The table as Markdown (the same text goes in the model card)."""

    def pct(v: float | None) -> str:
        return "-" if v is None else f"{100 * v:.1f}%"

    out = [
        "| human source / register (out of fold) | n | ai_padding >= 0.5 | suspect or spam | spam "
        "| meets 2/2/0.5% |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for name, h in table["human"].items():
        tag = " (in a pooled row)" if h.get("pooled_member") else ""
        meets = "-" if h["meets"] is None else "yes" if h["meets"] else "NO"
        out.append(f"| {name}{tag} | {h['n']} | {pct(h['ai_padding_ge_0.5'])} | "
                   f"{pct(h['suspect_or_spam'])} | {pct(h['spam'])} | {meets} |")
    out += [
        "",
        "| machine source (out of fold) | n machine | TPR ai_padding >= 0.5 | TPR suspect or spam | TPR spam "
        "| ai_padding ROC AUC, grouped folds | ROC AUC, one fold per source |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for name, m in table["machine"].items():
        out.append(f"| {name} | {m['n_machine']} | {pct(m['tpr_ai_padding_0.5'])} | "
                   f"{pct(m['tpr_suspect_or_spam'])} | {pct(m['tpr_spam'])} | {m['roc_auc'] or '-'} | "
                   f"{m.get('roc_auc_loso') or '-'} |")
    out += ["", "Mean ROC AUC of ai_padding over the machine sources, leave-one-source-out (one fold per "
            f"machine source, the issue's definition): {table['mean_loso_roc_auc'] or 'not measured'}; "
            "with the calibration's grouped folds (about six sources held out together): "
            f"{table.get('mean_grouped_roc_auc')}"]
    return "\n".join(out) + "\n"


def table_from_cache(oof: dict) -> dict:
    """The trust table from ``train_default.py``'s cached out-of-fold scores."""
    a, b = oof["ai_platt"]
    p_ai = 1.0 / (1.0 + np.exp(-(a * np.asarray(oof["ai_logit"]) + b)))
    ai_rep, labels = oof_outcomes(oof["rules"], oof["n_prose"], oof["langs"], p_ai, oof["overall"],
                                  oof["thresholds"], oof.get("filler_free"))
    loso = oof.get("ai_logit_loso")
    loso = None if loso is None else np.asarray(loso)
    return trust_table(oof["data"], ai_rep, labels, oof["ai_mask"], loso)
