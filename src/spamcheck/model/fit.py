"""The fitting library: read labelled records, featurise them, fit, calibrate and
card a model (``spamcheck train`` and ``training/`` call it).

Fitting (:func:`fit_model`) runs grouped cross-validation first: every document
gets an out-of-fold score from a model that never saw its group (its ``source``
field). Those scores calibrate both heads (Platt, class-balanced), pick the
overall thresholds and give the held-out metrics in the card; then the final
heads are fitted on everything, the overall head on the ai head's out-of-fold
logits (stacking without leakage).
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from ..numeric import sigmoid
from .classifier import FORMAT_VERSION, SpamModel, blend_logits, logit
from .features import AI_FEATURE_SETS, FEATURE_VERSION, dense_matrix, doc_features, text_vectoriser

LABELS = {"human": 0, "clean": 0, "0": 0, "machine": 1, "spam": 1, "1": 1}
# Family features that describe prose style; page-level families (metadata,
# boilerplate, fragments) stay out of the ai head and go to the overall head only.
AI_PREFIXES = ("text.", "ai_padding.", "spun.", "flag.ai_padding.", "flag.spun.")
# The overall head sees the ai head's logit (which summarises the prose) plus page-level
# evidence only. Prose statistics, ai_padding lexicon rates and the quality stats are left
# out: with them the boosted trees learned which corpus a text came from (line-format
# ratios, l2r rewrites have paragraph breaks and their human originals do not) and
# scored held-out OutFox/SeqXGPT worse than the ai logit alone (measured, see the card).
OVERALL_EXCLUDE_PREFIXES = ("text.", "ai_padding.", "flag.ai_padding.", "rule.ai_padding", "stats.")
OVERALL_KEEP = ("stats.dup_line", "stats.dup_para")
# Columns of the overall head that are defect evidence (the defect families' counts, rates,
# strongest flags and rule scores): the head may only RAISE the score as they grow. Without
# the constraint the trees learned the training composer's combinations: on its spam pages,
# raising one such column to its 90th percentile lowered the logit on 81% of them (by > 1 on
# 34%; more truncation flags lowered it by up to 2.9), so a page whose defects came in a
# combination the composer never made was held below spam. More evidence of a defect must
# never count against spam, whatever the template.
MONOTONE_PREFIXES = (
    "fragments.", "flag.fragments.", "placeholder_metadata.", "flag.placeholder_metadata.",
    "spun.", "flag.spun.", "rule.fragments", "rule.placeholder_metadata", "rule.spun",
)
# Page furniture a human author box also has: a count, not evidence of a defect.
MONOTONE_EXEMPT = frozenset({"placeholder_metadata.profile_blocks", "placeholder_metadata.profile_fields"})
# Out of fold, per human source, the share of documents the decision may label spam /
# suspect-or-spam at the overall thresholds: half the trust cap for spam (0.5%), the other
# half left for human sources never seen in training; a quarter of it for suspect (2%),
# because ai_padding >= 0.5 alone already makes a document eligible and is itself allowed
# 2% on every human source: the overall threshold keeps filtering on top of it (at 1% the
# suspect threshold fell to 0.65 and the speeches reached 1.5% suspect-or-spam).
SPAM_FPR = 0.0025
SUSPECT_FPR = 0.005
# Per ai feature set: (LR inverse regularisation C, weight of the standardised dense block).
# The weight keeps the dense columns from swamping an L2-normalised n-gram block (or the reverse).
# ("hgb-stats" has no C: trees ignore the scale, the weight only keeps one code path.)
AI_SETTINGS = {
    "stats": (1.0, 1.0),
    "stats+fw": (1.0, 0.3),
    "hashed+stats": (2.0, 0.3),
    "hgb-stats": (0.0, 1.0),
    # Blend: the trees see the same (scaled) dense block, which they are blind to the scale of.
    "hgb+fw": (1.0, 0.3),
}
# The overall head's gradient boosting (and the default of every other tree).
HGB_SETTINGS: dict[str, Any] = {
    "max_iter": 250,
    "learning_rate": 0.08,
    "l2_regularization": 1.0,
    "min_samples_leaf": 40,
}
# The ai head's tree half (``hgb+fw``, ``hgb-stats``): overrides of HGB_SETTINGS.
AI_TREE: dict[str, Any] = {}
# Chosen on 22-fold leave-one-source-out ROC AUC (see models/default/CARD.md): the blend ties the
# best worst source (l2r Code) and has the best mean and a much better OutFox (non-native essays).
DEFAULT_AI_FEATURES = "hgb+fw"
Prep = tuple[str, dict[str, float]]


def parse_label(value: object) -> int | None:
    """Map a label (human/machine/clean/spam/0/1, any case) to 0/1, None if unknown.

    >>> parse_label("Machine"), parse_label(0), parse_label("maybe")
    (1, 0, None)
    """
    return LABELS.get(str(value).strip().lower())


def read_labeled(path: str | Path) -> tuple[list[dict[str, Any]], list[str]]:
    """Records with ``text`` or ``html`` and a known label; problems come back as messages."""
    out: list[dict[str, Any]] = []
    problems: list[str] = []
    with open(path, encoding="utf-8", errors="replace") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                d = json.loads(line)
            except ValueError as e:
                problems.append(f"line {n}: not JSON ({e})")
                continue
            if not isinstance(d, dict):
                problems.append(f"line {n}: not a JSON object")
                continue
            y = parse_label(d.get("label"))
            body = d.get("html") if isinstance(d.get("html"), str) else d.get("text")
            if y is None or not isinstance(body, str):
                problems.append(f"line {n}: needs 'text' or 'html' and a label human/machine/clean/spam/0/1")
                continue
            out.append(
                {
                    "id": str(d.get("id", n)),
                    "body": body,
                    "html": "html" in d and isinstance(d["html"], str),
                    "y": y,
                    "source": str(d.get("source") or "unknown"),
                }
            )
    return out, problems


@lru_cache(maxsize=1)
def _rules_detector() -> Any:
    from ..detector import Detector

    return Detector(model=None)


def _prepare_chunk(chunk: list[tuple[str, bool]]) -> list[Prep]:
    det = _rules_detector()
    out = []
    for body, is_html in chunk:
        doc = det.prepare(body, None, is_html, [])
        out.append(doc_features(doc, det.analyse(doc)))
    return out


def prepare(
    items: Sequence[tuple[str, bool]], *, n_jobs: int = -1, log: Callable[[str], None] = print
) -> list[Prep]:
    """Run the rule detector and featurise ``(body, is_html)`` items, on all cores."""
    from joblib import Parallel, delayed

    size = 200
    chunks = [list(items[i : i + size]) for i in range(0, len(items), size)]
    out: list[Prep] = []
    t0 = time.time()
    par = Parallel(n_jobs=n_jobs, return_as="generator")
    for i, res in enumerate(par(delayed(_prepare_chunk)(c) for c in chunks), 1):
        out.extend(res)
        if i % 10 == 0 or i == len(chunks):
            log(f"  featurised {len(out)}/{len(items)} documents ({time.time() - t0:.0f}s)")
    return out


def fold_ids(groups: Sequence[str], n_folds: int, seed: int = 0) -> np.ndarray:
    """Fold number per document; whole groups go to one fold (one group: stratify by position)."""
    from sklearn.model_selection import GroupKFold, KFold

    g = np.asarray(groups)
    uniq = np.unique(g)
    folds = np.zeros(len(g), dtype=int)
    if len(uniq) >= 3:
        splitter = GroupKFold(n_splits=min(n_folds, len(uniq)))
        for k, (_, te) in enumerate(splitter.split(g, groups=g)):
            folds[te] = k
    else:
        for k, (_, te) in enumerate(KFold(min(5, len(g)), shuffle=True, random_state=seed).split(g)):
            folds[te] = k
    return folds


def platt(z: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """Class-balanced sigmoid fit ``p = 1/(1+exp(-(a z + b)))``: 0.5 means equal odds, whatever the mix."""
    from sklearn.linear_model import LogisticRegression

    m = LogisticRegression(C=1e4, class_weight="balanced").fit(z.reshape(-1, 1), y)
    return float(m.coef_[0, 0]), float(m.intercept_[0])


def _fit_lr(x: Any, y: np.ndarray, c: float) -> Any:
    from sklearn.linear_model import LogisticRegression

    # With more columns than rows (the hashed n-gram blocks: 2^18 columns, ~25k documents)
    # liblinear's dual coordinate descent solves the same L2-regularised problem several times
    # faster than its primal Newton solver (one leave-one-source-out fold of the hgb+fw head's
    # linear half: 70 s instead of 132 s on the loaded training machine, same held-out AUC 0.8554).
    dual = x.shape[1] > x.shape[0]
    return LogisticRegression(
        C=c, solver="liblinear", dual=dual, max_iter=2000, class_weight="balanced"
    ).fit(x, y)


def fit_ai_head(x: Any, y: np.ndarray, c: float, hgb: bool, tree: dict[str, Any] | None = None) -> Any:
    """The ai head's estimator: class-balanced LR, or gradient boosting (no monotone constraint)
    with :data:`AI_TREE`'s settings (``tree`` overrides some of them, for experiments)."""
    if not hgb:
        return _fit_lr(x, y, c)
    from threadpoolctl import threadpool_limits

    # One OpenMP thread, as in _fit_hgb: on a loaded machine the OpenMP team's spin-waits made
    # one fold take over ten minutes instead of seconds (measured while training the shipped model).
    with threadpool_limits(limits=1, user_api="openmp"):
        return _hgb(None, **{**AI_TREE, **(tree or {})}).fit(x, y)


def _fit_hgb(x: np.ndarray, y: np.ndarray, monotone: Sequence[int] | None = None) -> Any:
    """Gradient boosting; the first column (the ai logit) may only raise the score, and so may
    every column ``monotone`` marks +1 (one entry per column, the first included)."""
    from threadpoolctl import threadpool_limits

    clf = _hgb(list(monotone) if monotone is not None else [1] + [0] * (x.shape[1] - 1))
    # One OpenMP thread: on a shared or busy machine more threads spin and run slower, not faster.
    with threadpool_limits(limits=1, user_api="openmp"):
        return clf.fit(x, y)


def overall_monotone(names: Sequence[str]) -> list[int]:
    """The overall head's monotone constraints: +1 for the ai logit (first column) and for
    every defect-evidence column (:data:`MONOTONE_PREFIXES`), 0 for the rest.

    >>> overall_monotone(["boilerplate.n_link_list", "fragments.n_truncated", "rule.spun",
    ...                   "placeholder_metadata.profile_blocks"])
    [1, 0, 1, 1, 0]
    """
    return [1] + [int(n.startswith(MONOTONE_PREFIXES) and n not in MONOTONE_EXEMPT) for n in names]


def label_gates(
    rows: Sequence[dict[str, float]], p_ai: np.ndarray, p_overall: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """What the decision can turn into each label, per document, for threshold placement.

    Spam needs a defect family at 0.5 (:func:`spamcheck.scoring.decide`), so a human text
    without one can never be labelled spam whatever its overall probability: the spam
    score is the overall probability where a defect family is at 0.5, else 0. The
    suspect score is the larger of the probability and the page-evidence floor where a
    decisive family (a defect, or ai_padding >= 0.5) is at 0.5, else 0. Returns
    ``(spam_score, suspect_score)``.

    >>> rows = [{"rule.fragments": 0.9}, {"rule.boilerplate": 1.0}]
    >>> s, q = label_gates(rows, np.array([0.1, 0.9]), np.array([0.7, 0.95]))
    >>> s.tolist(), q.tolist()
    ([0.7, 0.0], [0.81, 0.95])
    """
    from ..scoring import DECISION_POINT, DEFECT_FAMILIES, page_floor

    fams = [{k[5:]: v for k, v in r.items() if k.startswith("rule.")} for r in rows]
    defect = np.array([max(f.get(d, 0.0) for d in DEFECT_FAMILIES) >= DECISION_POINT for f in fams])
    decisive = defect | (np.asarray(p_ai) >= DECISION_POINT)
    floor = np.array([page_floor(f) for f in fams])
    p = np.asarray(p_overall, dtype=float)
    return np.where(defect, p, 0.0), np.where(decisive, np.maximum(p, floor), 0.0)


def _hgb(monotonic_cst: Sequence[int] | None, **settings: Any) -> Any:
    """Class-balanced gradient boosting with :data:`HGB_SETTINGS` (``settings`` override them);
    ``monotonic_cst`` (one entry per column, or None) marks the columns that may only raise
    (+1) the score, e.g. the ai logit and the defect evidence of the overall head."""
    from sklearn.ensemble import HistGradientBoostingClassifier

    return HistGradientBoostingClassifier(
        **{**HGB_SETTINGS, **settings},
        class_weight="balanced",
        random_state=0,
        monotonic_cst=list(monotonic_cst) if monotonic_cst is not None else None,
    )


def fit_model(
    preps: Sequence[Prep],
    y: Sequence[int],
    groups: Sequence[str],
    *,
    sources: Sequence[str] | None = None,
    ai_mask: Sequence[bool] | None = None,
    ai_y: Sequence[int] | None = None,
    ai_fpr_caps: dict[str, float] | None = None,
    ai_cap_groups: Sequence[str] | None = None,
    ai_cap: float = 0.02,
    ai_margin: float = 0.0,
    ov_mask: Sequence[bool] | None = None,
    spam_fpr: float = SPAM_FPR,
    suspect_fpr: float = SUSPECT_FPR,
    features: str = DEFAULT_AI_FEATURES,
    n_hash: int = 2**18,
    n_folds: int = 7,
    ai_eval_folds: Sequence[int] | None = None,
    c: float | None = None,
    n_jobs: int = -1,
    log: Callable[[str], None] = print,
) -> tuple[SpamModel, dict[str, Any]]:
    """Fit both heads with grouped out-of-fold calibration; return the model and OOF scores.

    ``y`` is the overall label; the ai head trains on ``ai_mask`` documents with
    ``ai_y`` (defaults: every document, ``y``). ``sources`` names the human
    sources whose FPR the thresholds must honour (default: ``groups``);
    ``ai_fpr_caps`` maps a source to the largest FPR allowed at ai_padding 0.5.
    ``ai_cap_groups`` (one name per document) puts ai_padding 0.5 no lower than the worst
    ``1 - ai_cap`` quantile of the human out-of-fold logits of any group, plus ``ai_margin``
    standard deviations of the pooled human logits (room for human sources never seen).
    ``ov_mask`` selects the documents the overall head learns from (default: all).
    ``features`` is the ai head's feature set (one of ``AI_FEATURE_SETS``, stored in the
    model); ``c`` overrides its regularisation. ``ai_eval_folds`` (one fold id per document,
    ``-1`` = never held out) adds the ai head's logits under those folds as
    ``oof["ai_logit_eval"]``, for evaluation only (e.g. one fold per source).
    """
    if features not in AI_SETTINGS:
        raise ValueError(f"unknown ai feature set {features!r}; known: {', '.join(AI_FEATURE_SETS)}")
    y = np.asarray(y, dtype=int)
    n = len(y)
    sources = np.asarray(sources if sources is not None else groups)
    am = np.ones(n, bool) if ai_mask is None else np.asarray(ai_mask, bool)
    ay = y if ai_y is None else np.asarray(ai_y, dtype=int)
    rows = [f for _, f in preps]
    folds = fold_ids(groups, n_folds)
    k = int(folds.max()) + 1
    t0 = time.time()

    # ai head: standardised prose statistics (+ the feature set's hashed n-grams).
    ai_names = ai_feature_names(rows, am)
    c_ai, weight = AI_SETTINGS[features]
    c_ai = c if c is not None else c_ai
    x, mean, scale = ai_design(preps, ai_names, am, features, n_hash, weight)
    log(f"  ai head ({features}): {x.shape[1]} columns, {k} grouped folds")
    ai_oof, blend = ai_head_oof(x, len(ai_names), ay, am, folds, features, c_ai, n_jobs)
    ai_eval = None
    eval_seconds = None
    if ai_eval_folds is not None:
        ev = np.asarray(ai_eval_folds, dtype=int)
        t_eval = time.time()
        ai_eval, _ = ai_head_oof(x, len(ai_names), ay, am, ev, features, c_ai, n_jobs)
        eval_seconds = round(time.time() - t_eval)
        log(f"  ai head evaluation folds ({int(ev.max()) + 1}): {eval_seconds}s ({time.time() - t0:.0f}s)")
    a, b = platt(ai_oof[am], ay[am])
    balanced = (a, b)
    calib_note = "class-balanced Platt fit on out-of-fold logits"
    for src, cap in (ai_fpr_caps or {}).items():
        hum = am & (ay == 0) & (sources == src)
        if not hum.any():
            continue
        # Shift the intercept so that 0.5 sits at the (1 - cap) quantile of that source's humans.
        z_cap = float(np.quantile(ai_oof[hum], 1 - cap))
        if a * z_cap + b > 0:
            b = -a * z_cap
            calib_note += f"; intercept shifted so ai_padding 0.5 gives <= {cap:.0%} FPR on {src} humans"
    cut = None
    if ai_cap_groups is not None:
        cut = human_cut(ai_oof, ay, am, np.asarray(ai_cap_groups), ai_cap, ai_margin)
        if a * cut["z"] + b > 0:
            b = -a * cut["z"]
            calib_note += (
                f"; intercept shifted so 0.5 sits at the worst per-source {1 - ai_cap:.0%} quantile of human "
                f"out-of-fold scores ({cut['worst']}) plus a margin of {ai_margin} human standard deviations"
            )
    log(f"  ai head out-of-fold done ({time.time() - t0:.0f}s); calibration: {calib_note}")
    if blend is not None:
        xd = x[am][:, -len(ai_names):].toarray()
        ai_clf: Any = (fit_ai_head(xd, ay[am], c_ai, True), fit_ai_head(x[am], ay[am], c_ai, False))
    else:
        ai_clf = fit_ai_head(x[am], ay[am], c_ai, features == "hgb-stats")

    # overall head: gradient boosting on all dense features + the ai logit (out-of-fold when training).
    all_names = sorted({
        key for r in rows for key in r
        if key.startswith(OVERALL_KEEP) or not key.startswith(OVERALL_EXCLUDE_PREFIXES)
    })
    xo = np.column_stack([ai_oof, dense_matrix(rows, all_names)])
    mono = overall_monotone(all_names)
    om = np.ones(n, bool) if ov_mask is None else np.asarray(ov_mask, bool)
    ov_oof = np.zeros(n)
    for f in range(k):
        tr = om & (folds != f)
        ov_oof[folds == f] = _fit_hgb(xo[tr], y[tr], mono).decision_function(xo[folds == f])
    oa, ob = platt(ov_oof[om], y[om])
    overall_clf = _fit_hgb(xo[om], y[om], mono)
    log(f"  overall head done ({time.time() - t0:.0f}s)")

    p_ov = sigmoid(oa * ov_oof + ob)
    # Placed on what the decision can label (the gates), not on the raw probability: human
    # texts with machine-like prose and no page defect (l2r) can never be spam, yet on the raw
    # probability they set the spam threshold (0.9046 in the previous model) and held back
    # spam pages whose defect families were at 0.5.
    s_spam, s_suspect = label_gates(rows, sigmoid(a * ai_oof + b), p_ov)
    thresholds = choose_thresholds(
        s_spam[om], y[om], sources[om], spam_fpr, suspect_fpr, p_suspect=s_suspect[om]
    )
    parts = {
        "format_version": FORMAT_VERSION,
        "feature_version": FEATURE_VERSION,
        "ai_features": features,
        "n_hash": n_hash,
        "ai_names": ai_names,
        "ai_mean": mean,
        "ai_scale": scale,
        "dense_weight": weight,
        "ai_clf": ai_clf,
        "ai_blend": blend,
        "ai_platt": (a, b),
        "all_names": all_names,
        "overall_clf": overall_clf,
        "overall_platt": (oa, ob),
    }
    card = {
        "name": "model",
        "thresholds": thresholds,
        "calibration": {
            "ai_padding": calib_note,
            "overall": "class-balanced Platt fit on out-of-fold gradient-boosting scores",
            "folds": f"{k} folds, whole groups held out (sklearn GroupKFold)",
        },
        "ai_features": features,
        "features": {
            "ai_head": len(ai_names),
            "overall_head": len(all_names) + 1,
            "hashed": 0 if "fw" not in features and "hashed" not in features
            else n_hash * (2 if features == "hashed+stats" else 1),
        },
    }
    if cut is not None:
        card["calibration"]["ai_padding_cut"] = cut
    if features.startswith("hgb"):
        card["ai_tree"] = {**HGB_SETTINGS, **AI_TREE}  # the tree half's settings, as fitted
    oof = {"ai": sigmoid(a * ai_oof + b), "overall": p_ov, "folds": folds,
           "ai_mask": am, "overall_mask": om, "ai_logit": ai_oof, "ai_platt_balanced": balanced,
           "ai_logit_eval": ai_eval, "ai_eval_seconds": eval_seconds}
    return SpamModel(parts, card), oof


def human_cut(
    z: np.ndarray, y: np.ndarray, mask: np.ndarray, groups: np.ndarray, cap: float, margin: float,
    min_docs: int = 20,
) -> dict[str, Any]:
    """The logit where ai_padding 0.5 must sit so no human group exceeds ``cap`` out of fold.

    The worst group's ``1 - cap`` quantile of its human logits (groups with at least
    ``min_docs`` humans), plus ``margin`` standard deviations of all human logits.

    >>> z = np.array([0.0, 1.0, 2.0, 3.0, 9.0]); y = np.zeros(5, int); m = np.ones(5, bool)
    >>> human_cut(z, y, m, np.array(["a", "a", "b", "b", "b"]), 0.0, 0.0, min_docs=1)["worst"]
    'b'
    """
    hum = mask & (y == 0)
    q = {
        str(g): float(np.quantile(z[hum & (groups == g)], 1 - cap))
        for g in np.unique(groups[hum])
        if (hum & (groups == g)).sum() >= min_docs
    }
    worst = max(q, key=q.__getitem__)
    sd = float(z[hum].std())
    return {"z": q[worst] + margin * sd, "worst": worst, "worst_quantile": round(q[worst], 4),
            "margin_sd": margin, "human_sd": round(sd, 4),
            "per_group_quantile": {g: round(v, 4) for g, v in sorted(q.items())}}


def ai_feature_names(rows: Sequence[dict[str, float]], mask: np.ndarray) -> list[str]:
    """Dense prose-style feature names seen in the ai head's training rows.

    >>> ai_feature_names([{"text.a": 1.0, "fragments.b": 1.0}], np.array([True]))
    ['text.a']
    """
    picked = (rows[i] for i in np.flatnonzero(mask))
    return sorted({key for r in picked for key in r if key.startswith(AI_PREFIXES)})


def ai_design(
    preps: Sequence[Prep], names: list[str], mask: np.ndarray, features: str, n_hash: int, weight: float
) -> tuple[Any, np.ndarray, np.ndarray]:
    """The ai head's design matrix for a feature set, and the dense block's mean/scale (fit on ``mask``)."""
    from scipy.sparse import csr_matrix, hstack

    dense = dense_matrix([f for _, f in preps], names)
    mean = dense[mask].mean(axis=0)
    scale = dense[mask].std(axis=0) + 1e-6
    xd = np.clip((dense - mean) / scale, -5, 5) * weight
    vec = text_vectoriser(features, n_hash)
    if vec is None:
        return xd, mean, scale
    return hstack([vec.transform([p for p, _ in preps]), csr_matrix(xd)], format="csr"), mean, scale


def ai_head_oof(
    x: Any, n_dense: int, y: np.ndarray, mask: np.ndarray, folds: np.ndarray, features: str, c: float,
    n_jobs: int = 1,
) -> tuple[np.ndarray, list[tuple[float, float]] | None]:
    """The ai head's out-of-fold logits for a design from :func:`ai_design`, and the blend's z-scales.

    Rows with fold ``-1`` are never held out (they only train). For ``"hgb+fw"`` two heads
    with different blind spots (trees on the statistics miss OutFox essays, the linear fw
    head misses l2r rewrites) are averaged on standardised out-of-fold logits; the z-scales
    are returned so prediction mixes the same way (``None`` for the other feature sets).
    """
    if features != "hgb+fw":
        return ai_out_of_fold(x, y, mask, folds, c, n_jobs, hgb=features == "hgb-stats"), None
    xd = x[:, -n_dense:].toarray()
    oofs = [ai_out_of_fold(xd, y, mask, folds, c, n_jobs, hgb=True),
            ai_out_of_fold(x, y, mask, folds, c, n_jobs)]
    held = mask & (folds >= 0)
    blend = [(float(o[held].mean()), float(o[held].std() + 1e-9)) for o in oofs]
    return blend_logits(oofs, blend), blend


def ai_out_of_fold(
    x: Any, y: np.ndarray, mask: np.ndarray, folds: np.ndarray, c: float, n_jobs: int = 1, hgb: bool = False
) -> np.ndarray:
    """Out-of-fold decision values: fold ``f`` scored by a model fit on ``mask`` rows outside it."""
    from joblib import Parallel, delayed

    if hgb:
        n_jobs = 1  # gradient boosting already uses every core through OpenMP

    def one(f: int) -> tuple[int, np.ndarray]:
        tr = mask & (folds != f)
        return f, fit_ai_head(x[tr], y[tr], c, hgb).decision_function(x[folds == f])

    oof = np.zeros(len(y))
    k = int(folds.max()) + 1
    for f, z in Parallel(n_jobs=n_jobs, prefer="threads")(delayed(one)(f) for f in range(k)):
        oof[folds == f] = z
    return oof


def choose_thresholds(
    p: np.ndarray, y: np.ndarray, sources: np.ndarray, spam_fpr: float, suspect_fpr: float,
    p_suspect: np.ndarray | None = None,
) -> dict[str, float]:
    """Smallest thresholds keeping the FPR of every human source under the caps (never below 0.5 / 0.3).

    ``p`` is the score the spam threshold is placed on and ``p_suspect`` (default ``p``)
    the one for suspect: e.g. the gated scores of :func:`label_gates`, where a document the
    decision cannot give the label scores 0.

    >>> p, y, s = np.array([0.1, 0.2, 0.9]), np.array([0, 0, 1]), np.array(["a", "a", "b"])
    >>> t = choose_thresholds(p, y, s, 0.01, 0.05)
    >>> 0.2 < t["spam"] and t["suspect"] < t["spam"]
    True
    """
    q = p if p_suspect is None else p_suspect
    spam, suspect = 0.5, 0.3
    for s in np.unique(sources[y == 0]):
        m = (y == 0) & (sources == s)
        spam = max(spam, _above(p[m], spam_fpr))
        suspect = max(suspect, _above(q[m], suspect_fpr))
    spam = min(spam, 0.999)
    return {"suspect": round(min(suspect, spam - 0.01), 4), "spam": round(spam, 4)}


def _above(h: np.ndarray, fpr: float) -> float:
    # Threshold such that at most floor(fpr * n) human scores are >= it.
    allowed = int(np.floor(fpr * len(h)))
    s = np.sort(h)[::-1]
    return float(s[allowed]) + 1e-4 if allowed < len(s) else 0.0


__all__ = ["choose_thresholds", "fit_model", "logit", "parse_label", "prepare", "read_labeled"]
