"""Leave-one-source-out evaluation over the shared sets (sources: each l2r domain, OutFox, SeqXGPT).

    .venv/bin/python -m training.loso            # one fold per source (22 folds)
    .venv/bin/python -m training.loso --folds 7  # whole sources held out, 7 folds (faster, stricter)
    .venv/bin/python -m training.loso --compare  # ai-head candidates, 22 folds (--candidates stats,...)
    .venv/bin/python -m training.loso --ai-only --cache DIR  # the ai head alone, one fold per machine
                                                 # source (train_default --loso's definition), then
                                                 # one per human-only set; ROC AUC and TPR at the
                                                 # calibrated 0.5 per source (resumable checkpoint)
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
from typing import Any

import numpy as np

from spamcheck.model.fit import fit_model, fold_ids, human_cut, platt
from training.train_default import (
    AI_MARGIN,
    HUMAN_AI_CAP,
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


def _bigram_group(prose: str) -> dict[str, float]:
    from spamcheck.model.bigrams import bigram_stats
    from spamcheck.model.features import function_words

    return bigram_stats(prose, frozenset(function_words()))


def _surprisal_group(prose: str) -> dict[str, float]:
    from training.surprisal import surprisal_stats

    return surprisal_stats(prose)


def _sentences_group(prose: str) -> dict[str, float]:
    from spamcheck.model.features import function_words
    from training.sentences import sentence_stats

    return sentence_stats(prose, frozenset(function_words()))


# Feature groups computed from the cleaned prose alone, exactly as doc_features computes them.
ADDABLE = {"bigrams": _bigram_group, "surprisal": _surprisal_group, "sentences": _sentences_group}
# Subsets of a group (computed once, under the group's cache): name -> (group, kept columns).
SUBSETS = {
    # Pointwise mutual information only: how strongly neighbouring words collocate beyond their
    # own frequencies (the word-frequency profile already covers frequency).
    "bigrams-pmi": ("bigrams", ("text.bg.pmi_mean", "text.bg.pmi_sd", "text.bg.cc_pmi")),
    # The per-sentence word-model levels without the zlib view (and the zlib view alone).
    "surprisal-lm": ("surprisal", tuple(f"text.sp.{k}" for k in (
        "mean", "sd", "cv", "p10", "p50", "p90", "low", "high", "jump", "shift", "tok_sd"))),
    "surprisal-zlib": ("surprisal", ("text.sp.z_mean", "text.sp.z_sd", "text.sp.z_jump")),
}


def with_added(preps: list, name: str, cache: Path) -> list:
    """``preps`` with the feature group ``name`` computed from each cached prose and added to a
    copy of its row (the group's columns are cached under ``cache``, keyed by the prose)."""
    import hashlib
    import pickle

    if name in SUBSETS:
        group, keep = SUBSETS[name]
        full = with_added([(p, {}) for p, _ in preps], group, cache)
        return [(p, {**f, **{k: v for k, v in g.items() if k in keep}})
                for (p, f), (_, g) in zip(preps, full, strict=True)]
    key = hashlib.sha256("\0".join(p for p, _ in preps).encode()).hexdigest()[:16]
    path = cache / f"added-{name}-{key}.pkl"
    if path.exists():
        with open(path, "rb") as f:
            cols = pickle.load(f)
    else:
        t0 = time.time()
        cols = [ADDABLE[name](p) for p, _ in preps]
        log(f"  computed {name} for {len(cols)} documents ({time.time() - t0:.0f}s)")
        cache.mkdir(parents=True, exist_ok=True)
        with open(path, "wb") as f:
            pickle.dump(cols, f)
    return [(p, {**f, **c}) for (p, f), c in zip(preps, cols, strict=True)]


# Human-only sets get held-out folds of their own after the machine sources' folds (each set
# one fold; the speeches go with MASC): their out-of-fold logits place the calibrated 0.5 as
# the shipped calibration does. The machine folds are unchanged by them (human-only texts
# always train there).
HUMAN_FOLD_OF = {"speeches": "masc"}
# Bump when the checkpoint's contents change meaning (v2: human-only folds, dual liblinear;
# v3: keyed by the design, labels, mask and folds).
CHECKPOINT_VERSION = 3


def design_key(x: Any, *arrays: np.ndarray) -> str:
    """A short sha256 of a design matrix (dense or CSR) and the arrays beside it: a checkpoint
    fitted on other features, labels, mask or folds is never resumed.

    >>> a = np.zeros((2, 2)); design_key(a, np.array([0, 1])) == design_key(a.copy(), np.array([0, 1]))
    True
    """
    import hashlib

    h = hashlib.sha256()
    parts = (x.data, x.indices, x.indptr) if hasattr(x, "indptr") else (x,)
    for a in (*parts, *arrays):
        h.update(np.ascontiguousarray(a).tobytes())
    return h.hexdigest()[:16]


def human_only_folds(data: list[dict], folds: np.ndarray) -> tuple[np.ndarray, list[str]]:
    """``folds`` with each human-only set (fold ``-1`` texts: web pages, MASC, speeches) given a
    fold after the machine ones, and the names of those folds.

    >>> d = [{"set": "l2r", "ai": True}, {"set": "web", "ai": True}, {"set": "speeches", "ai": True}]
    >>> f, names = human_only_folds(d, np.array([0, -1, -1]))
    >>> f.tolist(), names
    ([0, 2, 1], ['masc+speeches (human only)', 'web (human only)'])
    """
    out = folds.copy()
    k = int(folds.max()) + 1
    sets = [HUMAN_FOLD_OF.get(d["set"], d["set"]) if f < 0 and d.get("ai", True) else None
            for d, f in zip(data, folds, strict=True)]
    names = sorted({s for s in sets if s is not None})
    for i, s in enumerate(sets):
        if s is not None:
            out[i] = k + names.index(s)
    pooled = {v: k for k, v in HUMAN_FOLD_OF.items()}
    return out, [f"{s}{'+' + pooled[s] if s in pooled else ''} (human only)" for s in names]


def ai_loso(
    data: list[dict],
    preps: list,
    langs: list[str],
    *,
    features: str | None = None,
    fw_cache: Path | None = None,
    checkpoint: Path | None = None,
    first: tuple[str, ...] = ("outfox", "seqxgpt"),
    fit: bool = True,
    margin: float | None = None,
    only: tuple[str, ...] | None = None,
    tree: dict[str, Any] | None = None,
    linear_from: Path | None = None,
    merge: tuple[Path, ...] = (),
) -> dict:
    """The ai head alone under ``train_default --loso``'s folds: one fold per machine source
    (each l2r domain, OutFox, SeqXGPT), then one per human-only set (web pages, MASC with the
    speeches; fitted last), with the same design, mask and estimators as
    :func:`spamcheck.model.fit.fit_model` (for ``hgb+fw`` the two heads' out-of-fold logits
    blended as :func:`spamcheck.model.fit.ai_head_oof` does).

    Returns per machine source the ROC AUC of the out-of-fold logits (that source's human and
    machine texts the ai head judges) and their mean, the issue's leave-one-source-out figure;
    and per machine source the TPR at ai_padding 0.5 with 0.5 placed from these out-of-fold
    logits as train_default places it (class-balanced Platt, then no lower than the worst
    human group's 98% quantile plus ``margin`` human standard deviations), with every human
    group's share at or above 0.5 beside it.
    Fold by fold, one process: ``checkpoint`` (a pickle) keeps the finished folds and their fit
    seconds per head, so a stopped run resumes, and the sources finished so far are reported
    as they finish. ``fw_cache`` keeps the hashed function-word block (an ``.npz``) between
    runs on the same documents: only the dense statistics change between feature experiments.
    The sources in ``first`` are fitted first (the results do not depend on the order).
    ``fit=False`` only reports the folds the checkpoint holds (the figures of an unfinished
    run, marked ``partial``). ``only`` fits just the folds it names (see :func:`picked_folds`;
    the others are reported if the checkpoint holds them): a cheap first comparison on the
    weakest sources, resumable into the full run. ``tree`` overrides the tree half's settings
    (:data:`spamcheck.model.fit.AI_TREE`). ``linear_from`` is the checkpoint of a run on the same
    design, folds and linear settings: its linear half's logits are taken for the folds it holds
    instead of refitting them (a tree-only experiment then costs the tree half alone).
    ``merge`` names checkpoints of the same design and settings (e.g. runs of other ``only``
    folds in parallel processes): their folds count as finished.
    """
    import pickle

    from scipy.sparse import csr_matrix, hstack, load_npz, save_npz
    from sklearn.metrics import roc_auc_score

    from spamcheck.model.classifier import blend_logits
    from spamcheck.model.fit import (
        AI_SETTINGS,
        AI_TREE,
        DEFAULT_AI_FEATURES,
        HGB_SETTINGS,
        ai_design,
        ai_feature_names,
        fit_ai_head,
    )
    from training.train_default import loso_folds, trust_masks

    features = features or DEFAULT_AI_FEATURES
    margin = AI_MARGIN if margin is None else margin
    fw_block = features in ("stats+fw", "hgb+fw")
    t0 = time.time()
    masks = trust_masks(data, preps, langs)
    am = masks["ai"]
    machine_folds = loso_folds(data)
    k = int(machine_folds.max()) + 1
    folds, human_names = human_only_folds(data, machine_folds)
    n_folds = k + len(human_names)
    y = np.array([d["y"] for d in data])
    names = ai_feature_names([f for _, f in preps], am)
    c, weight = AI_SETTINGS[features]
    if fw_cache is not None and fw_cache.exists() and fw_block:
        dense_only, _, _ = ai_design(preps, names, am, "stats", 0, weight)
        x = hstack([load_npz(fw_cache), csr_matrix(dense_only)], format="csr")
    else:
        x, _, _ = ai_design(preps, names, am, features, 2**18, weight)
        if fw_cache is not None and fw_block:
            fw_cache.parent.mkdir(parents=True, exist_ok=True)
            save_npz(fw_cache, x[:, : x.shape[1] - len(names)].tocsr())
    log(f"  ai_loso ({features}): {x.shape[1]} columns, {len(names)} dense, {k} machine folds + "
        f"{len(human_names)} human-only ({time.time() - t0:.0f}s)")
    # The estimators of fit_model's ai head: (design, gradient boosting?) per blended head.
    heads = [(x, features == "hgb-stats")] if features != "hgb+fw" else [(x[:, -len(names):].toarray(), True),
                                                                          (x, False)]
    done: dict[int, list[np.ndarray]] = {}
    secs: dict[int, list[float]] = {}
    key = design_key(x, y, am, folds)
    # The tree half's effective settings (checkpoints written before they were recorded used
    # HGB_SETTINGS): a checkpoint of other settings is never resumed.
    settings = {**HGB_SETTINGS, **AI_TREE, **(tree or {})}

    def load(path: Path) -> tuple[dict, bool, bool]:
        """A checkpoint; whether it is of this design and version; and, too, of these tree settings."""
        with open(path, "rb") as f:
            got = pickle.load(f)
        design = (got.get("names"), got.get("version"), got.get("key")) == (names, CHECKPOINT_VERSION, key)
        return got, design, design and got.get("tree", HGB_SETTINGS) == settings

    if checkpoint is not None and checkpoint.exists():
        got, _, same_run = load(checkpoint)
        if same_run:
            done, secs = got["folds"], got.get("seconds", {})
        else:
            log(f"  {checkpoint} holds folds of another design or version: starting afresh")
    for path in merge:
        got, _, same_run = load(path)
        if not same_run:
            raise SystemExit(f"{path} holds folds of another design, version or tree settings: not merged")
        for fold, zs in got["folds"].items():
            if fold not in done:
                done[fold], secs[fold] = zs, got.get("seconds", {}).get(fold)
    linear: dict[int, np.ndarray] = {}
    if linear_from is not None:
        got, same_design, _ = load(linear_from)
        if not same_design:
            raise SystemExit(f"{linear_from} holds folds of another design or version: its linear half "
                             "cannot be reused")
        if got.get("c", c) != c:
            raise SystemExit(f"{linear_from} was fitted with C={got['c']}, this run uses C={c}")
        linear = {f: zs[-1] for f, zs in got["folds"].items()}
    text = np.array([d["ai"] for d in data])
    rows = np.array([d["row"] for d in data])
    machine = sorted({d["group"] for d in data if d["y"] == 1 and d.get("ai", True)})  # loso_folds' order
    fold_names = machine + human_names
    order = sorted(range(n_folds), key=lambda i: (i >= k, fold_names[i] not in first, i))
    wanted = picked_folds(fold_names, only)
    for fold in order if fit else []:
        if fold not in wanted:
            continue
        if fold not in done:
            tr, te = am & (folds != fold), folds == fold
            zs, ts = [], []
            for xh, hgb in heads:
                t1 = time.time()
                if not hgb and fold in linear:
                    zs.append(linear[fold])
                    ts.append(None)
                    continue
                zs.append(fit_ai_head(xh[tr], y[tr], c, hgb, tree).decision_function(xh[te]))
                ts.append(round(time.time() - t1, 1))
            done[fold], secs[fold] = zs, ts
            if checkpoint is not None:
                with open(checkpoint, "wb") as f:
                    pickle.dump({"version": CHECKPOINT_VERSION, "names": names, "key": key, "folds": done,
                                 "seconds": secs, "c": c, "tree": settings}, f)
        m = text & (folds == fold) & am
        aucs = [round(float(roc_auc_score(y[m], zh[am[folds == fold] & text[folds == fold]])), 4)
                for zh in done[fold]] if len(set(y[m])) == 2 else []
        log(f"  fold {fold + 1}/{n_folds} ({fold_names[fold]}) done, AUC per head {aucs}, fit seconds per "
            f"head {secs.get(fold)} ({time.time() - t0:.0f}s)")
    oofs = []
    for h in range(len(heads)):
        z = np.zeros(len(y))
        for fold, zs in done.items():
            z[folds == fold] = zs[h]
        oofs.append(z)
    held = am & np.isin(folds, list(done))
    z = oofs[0] if len(oofs) == 1 else blend_logits(
        oofs, [(float(o[held].mean()), float(o[held].std() + 1e-9)) for o in oofs])
    per: dict[str, float] = {}
    finished = np.isin(folds, list(done))
    for r in sorted(set(rows[text & (y == 1) & finished])):
        m = text & (rows == r) & am
        if len(set(y[m])) == 2:
            per[r] = round(float(roc_auc_score(y[m], z[m])), 4)
    out = {"features": features, "n_dense": len(names), "per_source": per,
           "mean_loso_roc_auc": round(float(np.mean(list(per.values()))) if per else float("nan"), 4),
           "partial": len(done) < n_folds, "machine_folds_done": sum(f < k for f in done),
           "human_folds_done": sum(f >= k for f in done),
           "fold_seconds": {fold_names[f]: s for f, s in sorted(secs.items())},
           "seconds": round(time.time() - t0), "ai_logit_loso": z}
    if held.any() and len(set(y[held])) == 2:
        out.update(calibrated_rates(z, y, held, text, rows, np.asarray(masks["cap_groups"]), margin))
    return out


def picked_folds(fold_names: list[str], only: tuple[str, ...] | None) -> set[int]:
    """The folds whose name is in ``only`` (case-insensitive; ``l2r/`` may prefix a domain;
    ``human`` names every human-only fold); every fold when ``only`` is None.

    >>> picked_folds(["Code", "outfox", "web (human only)"], ("l2r/code", "human"))
    {0, 2}
    """
    if only is None:
        return set(range(len(fold_names)))
    want = {o.lower().removeprefix("l2r/") for o in only}
    unknown = want - {n.lower() for n in fold_names} - {"human"}
    if unknown:
        raise ValueError(f"unknown sources {sorted(unknown)}; known: {', '.join(fold_names)}, human")
    return {i for i, n in enumerate(fold_names)
            if n.lower() in want or ("human" in want and n.endswith("(human only)"))}


def parse_settings(text: str | None) -> dict[str, Any]:
    """``k=v`` pairs (comma-separated) with ints, floats and None read as such.

    >>> parse_settings("min_samples_leaf=200,max_features=0.5,max_depth=None")
    {'min_samples_leaf': 200, 'max_features': 0.5, 'max_depth': None}
    """
    out: dict[str, Any] = {}
    for part in filter(None, (text or "").split(",")):
        k, _, v = part.partition("=")
        val: Any = v.strip()
        for cast in (int, float):
            try:
                val = cast(val)
                break
            except ValueError:
                pass
        out[k.strip()] = None if val == "None" else val
    return out


def calibrated_rates(
    z: np.ndarray, y: np.ndarray, held: np.ndarray, text: np.ndarray, rows: np.ndarray,
    cap_groups: np.ndarray, margin: float, cap: float = HUMAN_AI_CAP,
) -> dict:
    """Machine TPR and human share at ai_padding 0.5, 0.5 placed from the out-of-fold logits
    ``z`` of the ``held`` documents as :func:`spamcheck.model.fit.fit_model` places it."""
    a, b = platt(z[held], y[held])
    cut = human_cut(z, y, held, cap_groups, cap, margin)
    if a * cut["z"] + b > 0:
        b = -a * cut["z"]
    hit = held & (a * z + b >= 0)  # ai_padding >= 0.5
    tpr = {r: round(float(hit[m].mean()), 4) for r in sorted(set(rows[held & (y == 1)]))
           if (m := held & text & (rows == r) & (y == 1)).any()}
    fpr = {g: round(float(hit[m].mean()), 4) for g in sorted(set(cap_groups[held & (y == 0)]))
           if (m := held & (cap_groups == g) & (y == 0)).any()}
    return {"tpr_at_0.5": tpr, "human_share_at_0.5": fpr, "cut": {k: cut[k] for k in ("z", "worst")},
            "platt": (a, b)}


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
    ap.add_argument("--pickle", help="read the featurised documents from this train_default cache file "
                    "(read only; e.g. one made by other code, to measure added features against it)")
    groups = ", ".join([*ADDABLE, *SUBSETS])
    ap.add_argument("--add", help=f"with --pickle: compute these feature groups ({groups}) "
                    "from each document's cached prose and add them to its row (measures a new feature "
                    "group against a cache made without it)")
    ap.add_argument("--ai-only", action="store_true",
                    help="only the ai head's ROC AUC with one fold per machine source (train_default --loso)")
    ap.add_argument("--sources", help="with --ai-only: fit only these folds (comma-separated machine "
                    "sources, e.g. seqxgpt,outfox,l2r/Code; 'human' = the human-only folds); the "
                    "checkpoint keeps them for a later full run")
    ap.add_argument("--tree", help="with --ai-only: the tree half's settings, overriding fit.AI_TREE "
                    "(e.g. min_samples_leaf=200,max_features=0.5); the checkpoint is named after them")
    ap.add_argument("--linear-from", help="with --ai-only: a checkpoint of the same design whose linear "
                    "half is reused (only the tree half is fitted)")
    ap.add_argument("--merge", help="with --ai-only: comma-separated checkpoints of the same design and "
                    "settings (parallel runs of other --sources) whose folds count as finished")
    ap.add_argument("--report-only", action="store_true",
                    help="with --ai-only: report the folds a stopped run finished, fit nothing")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--out", help="also write the JSON report here")
    args = ap.parse_args(argv)
    t0 = time.time()
    data = dataset(args.composed)
    if args.pickle:
        import pickle

        with open(args.pickle, "rb") as f:
            preps, langs = pickle.load(f)
        if len(preps) != len(data):
            raise SystemExit(f"{args.pickle}: {len(preps)} documents, the data set has {len(data)}")
    else:
        preps, langs = prepared(data, args.jobs, args.cache)
    for name in filter(None, (args.add or "").split(",")):
        preps = with_added(preps, name, Path(args.cache or "/tmp/spamcheck-train"))
    if args.ai_only:
        fw = Path(args.cache or "/tmp/spamcheck-train") / "fw-block.npz"
        tree = parse_settings(args.tree)
        tag = "-".join(["loso", args.features or "default", *filter(None, (args.add or "").split(",")),
                        *(f"{k}={v}" for k, v in sorted(tree.items()))])
        got = ai_loso(data, preps, langs, features=args.features, fw_cache=fw, tree=tree,
                      linear_from=Path(args.linear_from) if args.linear_from else None,
                      merge=tuple(Path(m) for m in filter(None, (args.merge or "").split(","))),
                      checkpoint=Path(args.cache or "/tmp/spamcheck-train") / f"{tag}.pkl",
                      fit=not args.report_only,
                      only=tuple(s.strip() for s in args.sources.split(",")) if args.sources else None)
        got.pop("ai_logit_loso")
        tpr = got.get("tpr_at_0.5", {})
        print(f"  {'machine source':32s} ROC AUC  TPR at ai_padding 0.5")
        for src, auc in got["per_source"].items():
            print(f"  {src:32s} {auc:<8} {tpr.get(src, '-')}")
        print(f"mean leave-one-source-out ROC AUC ({len(got['per_source'])} sources"
              f"{', PARTIAL: unfinished run' if got['partial'] else ''}): "
              f"{got['mean_loso_roc_auc']} ({got['seconds']}s)")
        if "cut" in got:
            worst = max(got["human_share_at_0.5"].items(), key=lambda kv: kv[1])
            print(f"0.5 placed at logit {got['cut']['z']:.4f} (worst human group {got['cut']['worst']}); "
                  f"largest human share at ai_padding >= 0.5: {worst[0]} {worst[1]} "
                  f"({got['human_folds_done']} human-only folds of the run finished)")
        if args.out:
            Path(args.out).write_text(json.dumps(got, indent=1) + "\n", encoding="utf-8")
        return 0
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
