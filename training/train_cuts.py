"""Train the cut-point model (``models/cuts``): is this paragraph end or quotation a cut?

Positives: paragraph ends and quotations that overlap a cut the TRAINING composer
(``training/compose.py``) inserted (a fragment or a truncated paragraph).
Negatives: every other candidate on those pages, on the composer's human pages,
and on real human text (the per-source samples of ``training/eval_fragments.py``:
HTML pages through the full pipeline, MASC registers, speeches, l2r / OUTFOX /
SeqXGPT human sides). The evaluation composer is never read.

The threshold comes from out-of-fold scores: human sources are held out whole
(grouped folds), and the threshold is the lowest score at which every human
source keeps at most ``--max-fpr`` of its documents with a candidate at or above
it (document level, the quantity the target is stated in). With ``--per-context``, each
context (``spamcheck.detectors.cuts.cut_context``: end of text, before page material, before
more prose, each open or closed by punctuation; a quotation; a stray line) gets its own sure
threshold, lowered greedily while every human source stays within ``--max-fpr`` counting a
document sure in any context (``--start``: floors the detector applies anyway).

    PYTHONPATH=src:. python -m training.train_cuts [--pages 2500] [--cache /tmp/frag4] [--per-context]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import pickle
import random
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression
from threadpoolctl import threadpool_limits

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from spamcheck.detectors.cuts import CONTEXTS, CutModel, cut_context  # noqa: E402
from spamcheck.detectors.fragments import Fragments  # noqa: E402
from spamcheck.scoring import family_score  # noqa: E402
from spamcheck.text.document import Document  # noqa: E402
from spamcheck.text.languages import LanguageGuesser  # noqa: E402
from training import devdata, eval_fragments  # noqa: E402
from training.compose import compose  # noqa: E402

OUT = REPO / "models" / "cuts"
CUT_KINDS = ("fragment", "truncated")
SEED = 29
COMPOSE_SEED = 101  # eval_fragments measures the training composer with seed 11
N_FOLDS = 6


def rows_of(fam: Fragments, doc: Document, defects: list[dict]) -> list[tuple[dict, int, str, str]]:
    """(features, label, text around the point, context) of every candidate in ``doc``; label 1
    when it overlaps an inserted cut."""
    out = []
    for cp in fam.cut_points(doc):
        s, e = doc.to_original(cp.start, cp.end)
        y = int(any(d["kind"] in CUT_KINDS and s < d["end"] and e > d["start"] for d in defects))
        out.append((cp.features, y, f"{cp.kind} {doc.text[max(cp.start, cp.end - 80) : cp.end + 40]!r}",
                    cp.where))
    return out


def gather(pages: int, cache: Path, log) -> tuple:
    """Feature dicts, labels, group per row, document id per row, whether the row's doc is human,
    and a snippet of text per row (for the report of the strongest human candidates)."""
    fam = Fragments()
    lg = LanguageGuesser()
    feats: list[dict] = []
    ys: list[int] = []
    groups: list[str] = []
    docs: list[str] = []
    human: list[bool] = []
    snippets: list[str] = []
    contexts: list[str] = []

    def add(rows, group: str, doc_id: str, is_human: bool) -> None:
        for f, y, snip, ctx in rows:
            contexts.append(ctx)
            snippets.append(snip)
            feats.append(f)
            ys.append(y)
            groups.append(group)
            docs.append(doc_id)
            human.append(is_human)

    t = time.time()
    for p in compose(list(devdata.iter_all()), pages, pages // 2, seed=COMPOSE_SEED):
        d = Document(p["text"], doc_id=p["id"], languages=lg)
        add(rows_of(fam, d, p["defects"]), f"composed/{p['group']}", p["id"], p["label"] != "spam")
    log(f"composed pages: {len(feats)} candidates ({time.time() - t:.0f}s)")
    eval_fragments.CACHE = cache
    for src, ds in eval_fragments.prepared(400).items():
        for d in ds:
            add(rows_of(fam, d, []), src, f"{src}/{d.id}", True)
    log(f"with human sources: {len(feats)} candidates ({time.time() - t:.0f}s)")
    return feats, np.array(ys), groups, docs, human, snippets, contexts


HGB_MAX_ITER = 200


def fit(X, y: np.ndarray, c: float, kind: str = "lr"):
    if kind == "hgb":
        # One thread (two cores shared by several jobs: OpenMP oversubscription made one fold
        # take over 15 minutes); early stopping on a seeded tenth of the rows keeps it modest.
        hgb = HistGradientBoostingClassifier(max_iter=HGB_MAX_ITER, max_depth=5, learning_rate=0.1,
                                             min_samples_leaf=40, l2_regularization=1.0,
                                             early_stopping=True, validation_fraction=0.1,
                                             n_iter_no_change=15, class_weight={0: 1.0, 1: 3.0},
                                             random_state=SEED)
        with threadpool_limits(limits=1):
            return hgb.fit(X.toarray().astype(np.float32) if hasattr(X, "toarray") else X, y)
    lr = LogisticRegression(C=c, max_iter=2000, class_weight={0: 1.0, 1: 3.0})
    return lr.fit(X, y)


def proba(model, X) -> np.ndarray:
    if isinstance(model, HistGradientBoostingClassifier):
        with threadpool_limits(limits=1):
            return model.predict_proba(X.toarray().astype(np.float32))[:, 1]
    return model.predict_proba(X)[:, 1]


def flat_trees(model: HistGradientBoostingClassifier) -> dict[str, np.ndarray]:
    """The boosted trees as flat node arrays with global indices (see ``CutModel``)."""
    roots, feature, split, left, right, leaf, value = [], [], [], [], [], [], []
    for (pred,) in model._predictors:
        nodes = pred.nodes
        base = len(feature)
        roots.append(base)
        feature += nodes["feature_idx"].astype(np.int64).tolist()
        split += nodes["num_threshold"].astype(np.float64).tolist()
        left += (nodes["left"].astype(np.int64) + base).tolist()
        right += (nodes["right"].astype(np.int64) + base).tolist()
        leaf += nodes["is_leaf"].astype(bool).tolist()
        value += nodes["value"].astype(np.float64).tolist()
    return {"roots": np.array(roots, dtype=np.int64), "feature": np.array(feature, dtype=np.int64),
            "split": np.array(split), "left": np.array(left, dtype=np.int64),
            "right": np.array(right, dtype=np.int64), "leaf": np.array(leaf, dtype=bool),
            "value": np.array(value)}


def folds(groups: list[str], k: int, seed: int) -> np.ndarray:
    """Fold of each row: whole groups (a human source, a composed domain) go to one fold."""
    names = sorted(set(groups))
    random.Random(seed).shuffle(names)
    fold_of = {g: i % k for i, g in enumerate(names)}
    return np.array([fold_of[g] for g in groups])


def doc_max(scores: np.ndarray, docs: list[str]) -> dict[str, float]:
    out: dict[str, float] = defaultdict(float)
    for s, d in zip(scores, docs, strict=True):
        out[d] = max(out[d], float(s))
    return out


def source_rates(dmax: dict[str, float], doc_source: dict[str, str], all_docs: dict[str, set], t: float):
    """Share of documents per human source with a candidate >= t."""
    rates = {}
    for src, ids in all_docs.items():
        rates[src] = sum(dmax.get(i, 0.0) >= t for i in ids) / max(len(ids), 1)
    return rates


def rule_flagged(cache: Path) -> set[str]:
    """Human documents (``source/id``) the fragments family flags (>= 0.5) without the cut model."""
    path = cache / "rule_flagged.json"
    if path.exists():
        return set(json.loads(path.read_text()))
    fam = Fragments()
    fam.cuts = None
    eval_fragments.CACHE = cache
    out = [f"{src}/{d.id}" for src, ds in eval_fragments.prepared(400).items() for d in ds
           if family_score(fam.detect(d).flags) >= 0.5]
    path.write_text(json.dumps(sorted(out)))
    return set(out)


def context_thresholds(oof: np.ndarray, y: np.ndarray, contexts: list[str], docs: list[str],
                       src_docs: dict[str, set], max_fpr: float,
                       start: dict[str, float] | None = None,
                       preflagged: set[str] | frozenset[str] = frozenset()) -> dict[str, float]:
    """A sure threshold per context (see ``spamcheck.detectors.cuts.cut_context``), greedily:
    start every context at "never", then keep lowering the context whose next step on the grid
    adds the most out-of-fold cuts while every human source keeps at most ``max_fpr`` of its
    documents with a sure point in ANY context (the document-level target). Lowering a
    threshold only raises the rates, so a step that breaks the target stays broken.

    ``start``: thresholds the detector applies anyway (its rules' own floors); the search starts
    there. ``preflagged``: human documents the family's rules flag without the model (counted
    as flagged in every state). A source that the start and the rules already put above
    ``max_fpr`` gets no newly sure point at all (not even in a document flagged already: out of
    fold and with the final model the same document is not always flagged)."""
    grid = sorted({*np.round(np.arange(0.30, 0.99, 0.01), 3), *np.round(np.arange(0.99, 1.0, 0.001), 4)},
                  reverse=True)
    doc_ids = {d: i for i, d in enumerate(sorted({d for ids in src_docs.values() for d in ids}))}
    src_of_doc = np.zeros(len(doc_ids), dtype=np.int64)
    sizes = []
    for k, (_src, ids) in enumerate(sorted(src_docs.items())):
        for d in ids:
            src_of_doc[doc_ids[d]] = k
        sizes.append(len(ids))
    sizes_a = np.maximum(np.array(sizes, dtype=float), 1.0)
    row_doc = np.array([doc_ids.get(d, -1) for d in docs])
    hum = row_doc >= 0
    ctx_idx = np.array([CONTEXTS.index(c) for c in contexts])
    step = dict.fromkeys(CONTEXTS, -1)  # index into grid; -1: never sure
    for c, t in (start or {}).items():
        step[c] = max(i for i, g in enumerate(grid) if g >= t)

    def thr(st: dict[str, int]) -> np.ndarray:
        return np.array([grid[st[c]] if st[c] >= 0 else 1.01 for c in CONTEXTS])

    pre = np.zeros(len(doc_ids), dtype=bool)
    for d in preflagged:
        if d in doc_ids:
            pre[doc_ids[d]] = True

    def hits(st: dict[str, int]) -> np.ndarray:
        return hum & (oof >= thr(st)[ctx_idx])

    def rates(st: dict[str, int]) -> np.ndarray:
        flagged = pre.copy()
        flagged[row_doc[hits(st)]] = True
        return np.bincount(src_of_doc[flagged], minlength=len(sizes)) / sizes_a

    base_hits = hits(step)
    closed = rates(step) > max_fpr  # sources with no room left
    row_src = np.where(hum, src_of_doc[np.maximum(row_doc, 0)], -1)
    closed_rows = hum & closed[np.maximum(row_src, 0)]

    def worst(st: dict[str, int]) -> float:
        """How far the worst open source is past ``max_fpr`` (<= 0: within); 1 when a closed
        source gets a newly sure point."""
        if (hits(st) & ~base_hits & closed_rows).any():
            return 1.0
        r = rates(st)
        return float((np.where(closed, 0.0, r) - max_fpr).max())

    pos = y == 1
    while True:
        best = None
        for c in CONTEXTS:
            if step[c] + 1 >= len(grid):
                continue
            trial = {**step, c: step[c] + 1}
            w = worst(trial)
            if w > 1e-12:
                continue
            k = CONTEXTS.index(c)
            gain = int((pos & (ctx_idx == k) & (oof >= thr(trial)[k])).sum()
                       - (pos & (ctx_idx == k) & (oof >= thr(step)[k])).sum())
            key = (gain, -w)
            if best is None or key > best[0]:
                best = (key, trial)
        if best is None:
            break
        step = best[1]
    return {c: float(grid[step[c]]) if step[c] >= 0 else 1.0 for c in CONTEXTS}


def _code_commit() -> str:
    try:
        head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=REPO, capture_output=True, text=True,
                              check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "src", "training"], cwd=REPO,
                               capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return f"{head}{' + uncommitted changes' if dirty else ''}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=2500)
    ap.add_argument("--cache", default="/tmp/frag4")
    ap.add_argument("--c", type=float, default=0.3)
    ap.add_argument("--max-fpr", type=float, default=0.005, help="per human source, document level")
    ap.add_argument("--out", default=str(OUT))
    ap.add_argument("--max-weak", type=float, default=0.35,
                    help="per human source, document level, for weak evidence (shown next to sure findings)")
    ap.add_argument("--model", choices=("lr", "hgb"), default="lr")
    ap.add_argument("--reuse", action="store_true", help="reuse the candidate rows cached in --cache")
    ap.add_argument("--per-context", action="store_true",
                    help="a sure threshold per context (end, material, prose, quote, stray)")
    ap.add_argument("--start", nargs="*", default=["material=0.95"],
                    help="context=threshold the detector applies anyway (fragments._MATERIAL_CUT)")
    ap.add_argument("--show", type=int, default=0, help="print the strongest out-of-fold human candidates")
    args = ap.parse_args(argv)

    def log(m: str) -> None:
        print(m, file=sys.stderr, flush=True)

    rows_cache = Path(args.cache) / f"cut_rows_ctx_{args.pages}.pkl"
    if args.reuse and rows_cache.exists():
        feats, y, groups, docs, human, snippets, contexts = pickle.loads(rows_cache.read_bytes())
    else:
        feats, y, groups, docs, human, snippets, contexts = gather(args.pages, Path(args.cache), log)
        rows_cache.write_bytes(pickle.dumps((feats, y, groups, docs, human, snippets, contexts)))
    # The contexts as the detector names them now (rows cached before a finer split keep theirs).
    contexts = [c if c in ("quote", "stray") else cut_context("end", f, False)
                for c, f in zip(contexts, feats, strict=True)]
    vec = DictVectorizer()
    X = vec.fit_transform(feats)
    log(f"{X.shape[0]} rows, {X.shape[1]} features, {int(y.sum())} cuts")
    fold = folds(groups, N_FOLDS, SEED)
    oof_cache = Path(args.cache) / f"cut_oof_{args.model}_{args.c}_{args.pages}.npy"
    if args.reuse and oof_cache.exists():
        oof = np.load(oof_cache)
    else:
        oof = np.zeros(len(y))
        for k in range(N_FOLDS):
            tr, te = fold != k, fold == k
            oof[te] = proba(fit(X[tr], y[tr], args.c, args.model), X[te])
            log(f"fold {k} done")
        np.save(oof_cache, oof)
    dmax = doc_max(oof, docs)
    # Every human document counts, also those without a candidate.
    src_docs: dict[str, set] = defaultdict(set)
    for g, d, h in zip(groups, docs, human, strict=True):
        if h:
            src_docs[g].add(d)
    eval_fragments.CACHE = Path(args.cache)
    for src, ds in eval_fragments.prepared(400).items():
        src_docs[src] |= {f"{src}/{d.id}" for d in ds}
    grid = np.round(np.arange(0.30, 0.996, 0.005), 3)
    # 1.0: never sure, when no threshold on the grid keeps every human source at the target.
    threshold = 1.0
    for t in grid:
        rates = source_rates(dmax, {}, src_docs, t)
        if max(rates.values()) <= args.max_fpr:
            threshold = float(t)
            break
    weak = threshold
    for t in grid:
        if t < threshold and max(source_rates(dmax, {}, src_docs, t).values()) <= args.max_weak:
            weak = float(t)
            break
    per_ctx: dict[str, float] = {}
    ctx_held: dict = {}
    if args.per_context:
        start = dict(s.split("=") for s in args.start)
        per_ctx = context_thresholds(oof, y, contexts, docs, src_docs, args.max_fpr,
                                     {k: float(v) for k, v in start.items()},
                                     rule_flagged(Path(args.cache)))
        hit = oof >= np.array([per_ctx[c] for c in contexts])
        dm = doc_max(hit.astype(float), docs)
        ctx_rates = source_rates(dm, {}, src_docs, 0.5)
        log(f"per-context thresholds {per_ctx}: out-of-fold cut recall {float(hit[y == 1].mean()):.3f}; "
            f"worst human source {max(ctx_rates, key=ctx_rates.get)} {max(ctx_rates.values()):.4f}")
        for c in CONTEXTS:
            m = np.array([x == c for x in contexts])
            log(f"  {c}: {int(m.sum())} candidates, {int(y[m].sum())} cuts, "
                f"recall {float(hit[m & (y == 1)].mean()):.3f}")
        ctx_held = {
            "cut_recall": round(float(hit[y == 1].mean()), 4),
            "cut_recall_per_context": {
                c: round(float(hit[np.array([x == c for x in contexts]) & (y == 1)].mean()), 4)
                for c in CONTEXTS},
            "human_doc_rate": {k: round(v, 4) for k, v in sorted(ctx_rates.items())},
        }
        if args.show:
            for i in [i for i in np.argsort(-oof) if human[i] and hit[i]][: args.show]:
                log(f"  sure {oof[i]:.3f} {contexts[i]} {groups[i]}: {snippets[i]}")
    log(f"weak-evidence threshold {weak}: cut recall {float((oof[y == 1] >= weak).mean()):.3f}")
    rates = source_rates(dmax, {}, src_docs, threshold)
    pos = y == 1
    # Cut recall (out of fold) at the threshold, per candidate.
    recall = float((oof[pos] >= threshold).mean())
    log(f"threshold {threshold}: out-of-fold cut recall {recall:.3f}; worst human source "
        f"{max(rates, key=rates.get)} {max(rates.values()):.4f}")
    for src, r in sorted(rates.items()):
        if r > 0:
            log(f"  {src}: {r:.4f} ({len(src_docs[src])} docs)")
    if args.show:
        hum = [i for i in np.argsort(-oof) if human[i]][: args.show]
        for i in hum:
            log(f"  {oof[i]:.3f} {groups[i]}: {snippets[i]}")
    final = fit(X, y, args.c, args.model)
    ctx_arrays = ({"contexts": np.array(list(per_ctx), dtype=str),
                   "context_thresholds": np.array(list(per_ctx.values()), dtype=np.float64)}
                  if per_ctx else {})
    names = np.array(vec.get_feature_names_out(), dtype=str)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    path = out / "cuts.npz"
    if args.model == "hgb":
        np.savez(path, names=names, weights=np.zeros(len(names)),
                 bias=np.float64(final._baseline_prediction.ravel()[0]), threshold=np.float64(threshold),
                 weak=np.float64(weak), **ctx_arrays,
                 **flat_trees(final))
        check = X[: min(2000, X.shape[0])]
        base = float(final._baseline_prediction.ravel()[0])
        mine = CutModel([str(n) for n in names], np.zeros(len(names)), base, threshold, "check",
                        flat_trees(final))
        ours = np.array([mine.p_cut(dict(zip(names[r.indices], r.data, strict=True))) for r in check])
        diff = float(np.abs(ours - proba(final, check)).max())
        log(f"flat trees vs sklearn on {check.shape[0]} rows: max |dp| = {diff:.2e}")
        assert diff < 1e-4
    else:
        np.savez(path, names=names, weights=final.coef_[0].astype(np.float64),
                 bias=np.float64(final.intercept_[0]), threshold=np.float64(threshold), weak=np.float64(weak),
                 **ctx_arrays)
    sha = hashlib.sha256(path.read_bytes()).hexdigest()
    card = {
        "name": "cuts",
        "file": "cuts.npz",
        "sha256": sha,
        "format": "numpy npz (allow_pickle=False): names, weights, bias, threshold, weak "
                  "(+ roots, feature, split, left, right, leaf, value for trees)",
        "model": (f"logistic regression (C={args.c}" if args.model == "lr" else
                  f"gradient-boosted trees ({final.n_iter_} iterations of at most {HGB_MAX_ITER}, early "
                  "stopping on a seeded tenth, depth 5, flat node arrays") +
                 ", class weight 1:3) over named cut-point features (spamcheck.detectors.cuts)",
        "training": {
            "command": f"PYTHONPATH=src:. python -m training.train_cuts --pages {args.pages} --c {args.c} "
                       f"--max-fpr {args.max_fpr} --max-weak {args.max_weak} --model {args.model}"
                       + (f" --per-context --start {' '.join(args.start)}" if args.per_context else "")
                       + f" --cache {args.cache} (the cache holds eval_fragments' prepared human documents)",
            "seed": SEED, "compose_seed": COMPOSE_SEED,
            "positives": "training-composer (training/compose.py) spam pages: candidates overlapping an "
                         "inserted fragment or truncated paragraph",
            "negatives": "other candidates of those pages, training-composer human pages, and the human "
                         "per-source samples of training/eval_fragments.py (400 per source)",
            "rows": int(X.shape[0]), "cuts": int(y.sum()), "features": int(X.shape[1]),
            "sets": {k: devdata.source_commit(k) for k in (
                "text/l2r", "text/outfox", "text/seqxgpt", "text/human-registers", "html/trafilatura-eval",
                "html/cleaneval-dev", "html/cleanportaleval")},
            "evaluation_composer": "never read",
            # The code the features came from (a dirty tree is marked: the commit plus changes).
            "code_commit": _code_commit(),
        },
        "threshold": threshold,
        "threshold_note": ("no threshold keeps every human source at the target out of fold: the "
                           "model gives weak evidence only" if threshold >= 1.0
                           else "lowest that meets the target"),
        "weak_threshold": weak,
        "context_thresholds": per_ctx,
        "context_thresholds_note": (
            "a sure threshold per context (spamcheck.detectors.cuts.cut_context), lowered greedily on "
            f"out-of-fold scores while every human source keeps at most {args.max_fpr} of its documents "
            "with a sure point in any context" if per_ctx else "none: one threshold"),
        "heldout": {
            "folds": f"{N_FOLDS} grouped folds; a human source or composed domain is held out whole",
            "cut_recall_at_threshold": round(recall, 4),
            "human_doc_rate_at_threshold": {k: round(v, 4) for k, v in sorted(rates.items())},
            "cut_recall_at_weak": round(float((oof[pos] >= weak).mean()), 4),
            "human_doc_rate_at_weak": {k: round(v, 4) for k, v in
                                       sorted(source_rates(dmax, {}, src_docs, weak).items())},
            "per_context": ctx_held,
        },
    }
    (out / "card.json").write_text(json.dumps(card, indent=1) + "\n")
    held = card["heldout"]
    rows = "\n".join(f"| {k} | {v:.4f} | {held['human_doc_rate_at_weak'][k]:.4f} |"
                     for k, v in held["human_doc_rate_at_threshold"].items())
    (out / "CARD.md").write_text(
        "# cuts: is this paragraph end or quotation a cut?\n\n"
        "Scores every paragraph end and quotation of an English text (features: "
        "`spamcheck.detectors.cuts`; candidates: `Fragments.cut_points`). A point at or above "
        f"the threshold ({threshold}) is a sure `truncated` / `dangling_fragment` / `dangling_quote` "
        f"flag; one at or above the weak threshold ({weak}) is weak evidence, shown only next to a "
        "sure finding of the family.\n\n"
        + (f"Sure thresholds per context (they replace the single one): {json.dumps(per_ctx)}; out of "
           f"fold they locate {ctx_held['cut_recall']:.3f} of the cut candidates "
           f"({json.dumps(ctx_held['cut_recall_per_context'])}) and flag at most "
           f"{max(ctx_held['human_doc_rate'].values()):.4f} of any human source's documents.\n\n"
           if per_ctx else "")
        + f"Model: {card['model']}.\n\nTrained by `{card['training']['command']}` (seeded). Positives: "
        f"{card['training']['positives']}. Negatives: {card['training']['negatives']}. "
        "The evaluation composer (`training/compose_eval.py`) was never read.\n\n"
        f"Data: {json.dumps(card['training']['sets'])}.\n\n"
        f"Held out ({card['heldout']['folds']}): candidate-level cut recall at the threshold "
        f"{recall:.3f}, at the weak threshold {held['cut_recall_at_weak']:.3f}. Share of documents per "
        "human source with a point at or above each (out of fold):\n\n"
        "| source | threshold | weak |\n|---|---|---|\n" + rows + "\n")
    log(f"wrote {path} sha256 {sha[:12]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
