"""Train the sentence-completeness model (``models/completeness``), self-supervised.

Positives: whole sentences of real text (human and machine). Negatives: the
same sentences cut at a random word boundary (for ``p_end``: the first k words;
for ``p_start``: the words from k on). Sources (groups for leave-one-out):

* ``l2r``: human and machine items of every domain (English);
* ``outfox``, ``seqxgpt``: human and machine essays / documents (English);
* ``human-registers``: MASC registers and speeches (English, pre-LLM);
* ``trafilatura-eval``: main text of the training-split pages (mostly German and
  English), extracted by ``spamcheck.extract``; held-out pages are not used;
* ``cleaneval``: CleanEval-dev and CleanPortalEval gold texts of training-split pages.

Each group is held out in turn (the model fitted on the others, AUC and the
rates at the detector's thresholds measured on it), then the shipped model is
fitted on all. Logistic regression on hashed features, fitted with numpy
(full-batch Adagrad, L2), seeded.

    PYTHONPATH=src:. python training/train_completeness.py [--out models/completeness]
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import random
import re
import sys
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from spamcheck.text.completeness import (  # noqa: E402
    DIM,
    MODEL_FILE,
    N_BITS,
    end_features,
    hash_features,
    start_features,
)
from spamcheck.text.languages import LanguageGuesser, load_stopwords  # noqa: E402
from training import devdata  # noqa: E402

CACHE = Path("/tmp/frag")
SEED = 13
PER_GROUP = 40000  # sentences per group at most (balance English-heavy sets)
_SENT = re.compile(r"[^\s].*?[.!?…]+[\"'”’)\]»]*(?=\s|$)", re.S)
_WORD = re.compile(r"\w+")
# The runtime thresholds of detectors/fragments.py, reported on held-out groups.
REPORT_T = (0.05, 0.1, 0.2)


def sentences_of(text: str) -> list[str]:
    """Complete sentences (4-60 words, start upper-case or digit, end in . ! ?)."""
    out = []
    for line in text.split("\n"):
        line = " ".join(line.split())
        for m in _SENT.finditer(line):
            s = m.group(0).strip()
            n = len(_WORD.findall(s))
            if 4 <= n <= 60 and (s.lstrip("\"'“„«(")[:1].isupper() or s[:1].isdigit()):
                out.append(s)
    return out


def _texts() -> dict[str, list[str]]:
    """Texts per group (cached: extracting the HTML pages takes a minute)."""
    CACHE.mkdir(parents=True, exist_ok=True)
    cache = CACHE / "completeness_texts.json.gz"
    if cache.exists():
        return json.loads(gzip.decompress(cache.read_bytes()))
    import spamcheck
    from training import html_data

    groups: dict[str, list[str]] = {}
    for r in devdata.iter_all():
        groups.setdefault(r["source"], []).append(r["text"])
    hr = devdata.text_dir() / "human-registers"
    for name in ("masc.jsonl.gz", "speeches.jsonl.gz"):
        for line in gzip.decompress((hr / name).read_bytes()).decode("utf-8").splitlines():
            groups.setdefault("human-registers", []).append(json.loads(line)["text"])
    for page in html_data.iter_pages():
        if page.heldout:
            continue
        if page.set == "trafilatura-eval":
            groups.setdefault("trafilatura-eval", []).append(spamcheck.extract(page.html).main_text)
        elif page.gold_text:
            groups.setdefault("cleaneval", []).append(page.gold_text)
    cache.write_bytes(gzip.compress(json.dumps(groups).encode("utf-8")))
    return groups


def build(groups: dict[str, list[str]], rng: random.Random) -> dict[str, dict[str, np.ndarray]]:
    """Hashed feature rows and labels per group, for the end and the start head."""
    lg = LanguageGuesser()
    stop = load_stopwords()
    every = frozenset().union(*stop.values())
    out = {}
    for g, texts in sorted(groups.items()):
        sents: list[tuple[str, frozenset[str]]] = []
        for t in texts:
            lang = lg.guess([w.lower() for w in _WORD.findall(t[:5000])])
            sw = stop.get(lang, every)
            sents.extend((s, sw) for s in sentences_of(t))
        rng.shuffle(sents)
        sents = sents[:PER_GROUP]
        rows_e, ys_e, rows_s, ys_s = [], [], [], []
        for s, sw in sents:
            spans = [m.end() for m in re.finditer(r"\S+", s)]
            starts = [m.start() for m in re.finditer(r"\S+", s)]
            n = len(spans)
            if n < 3:
                continue  # one run of characters ("U.S.-Iran-Cuba...") has no inner boundary
            k = rng.randint(1, n - 1)
            rows_e += [hash_features(end_features(s, sw)), hash_features(end_features(s[: spans[k - 1]], sw))]
            ys_e += [1, 0]
            k = rng.randint(1, n - 1)
            rows_s += [hash_features(start_features(s, sw)), hash_features(start_features(s[starts[k]:], sw))]
            ys_s += [1, 0]
        out[g] = {"end": _pad(rows_e), "y_end": np.array(ys_e, np.float64),
                  "start": _pad(rows_s), "y_start": np.array(ys_s, np.float64)}
        print(f"{g}: {len(sents)} sentences", flush=True)
    return out


def _pad(rows: list[list[int]]) -> np.ndarray:
    width = max(len(r) for r in rows)
    # Padding points at column 0 with weight forced to 0 during training
    # (no real feature is ever pinned there: 0 is reserved below).
    return np.array([r + [0] * (width - len(r)) for r in rows], dtype=np.int64)


def fit(
    X: np.ndarray, y: np.ndarray, l2: float = 1e-6, iters: int = 150, lr: float = 0.5
) -> tuple[np.ndarray, float]:
    """Full-batch Adagrad logistic regression on hashed index rows."""
    w = np.zeros(DIM)
    b = 0.0
    gw2 = np.full(DIM, 1e-8)
    gb2 = 1e-8
    flat = X.ravel()
    n = len(y)
    for _ in range(iters):
        z = w[X].sum(axis=1) + b
        p = 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))
        g = (p - y) / n
        grad = np.bincount(flat, weights=np.repeat(g, X.shape[1]), minlength=DIM) + l2 * w
        grad[0] = 0.0
        gw2 += grad * grad
        w -= lr * grad / np.sqrt(gw2)
        gb = float(g.sum())
        gb2 += gb * gb
        b -= lr * gb / np.sqrt(gb2)
    return w, b


def predict(w: np.ndarray, b: float, X: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(w[X].sum(axis=1) + b, -30, 30)))


def auc(y: np.ndarray, p: np.ndarray) -> float:
    order = np.argsort(p, kind="mergesort")
    ranks = np.empty(len(p))
    ranks[order] = np.arange(1, len(p) + 1)
    pos = y == 1
    n1, n0 = pos.sum(), (~pos).sum()
    return float((ranks[pos].sum() - n1 * (n1 + 1) / 2) / (n1 * n0))


def metrics(y: np.ndarray, p: np.ndarray) -> dict[str, float]:
    out = {"auc": round(auc(y, p), 4), "acc@0.5": round(float(((p >= 0.5) == (y == 1)).mean()), 4)}
    for t in REPORT_T:
        # Whole sentences judged cut (false alarm rate) and cuts caught, at p < t.
        out[f"whole_below_{t}"] = round(float((p[y == 1] < t).mean()), 4)
        out[f"cut_below_{t}"] = round(float((p[y == 0] < t).mean()), 4)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default=str(REPO / "models" / "completeness"))
    ap.add_argument("--no-loso", action="store_true", help="skip the leave-one-group-out table")
    args = ap.parse_args(argv)
    rng = random.Random(SEED)
    data = build(_texts(), rng)
    heldout: dict[str, dict] = {}
    if not args.no_loso:
        for g in sorted(data):
            res = {}
            for head in ("end", "start"):
                X = np.concatenate([d[head] for k, d in data.items() if k != g])
                y = np.concatenate([d[f"y_{head}"] for k, d in data.items() if k != g])
                w, b = fit(X, y)
                res[head] = metrics(data[g][f"y_{head}"], predict(w, b, data[g][head]))
            heldout[g] = res
            print(g, json.dumps(res), flush=True)
    params = {}
    for head in ("end", "start"):
        X = np.concatenate([d[head] for d in data.values()])
        y = np.concatenate([d[f"y_{head}"] for d in data.values()])
        w, b = fit(X, y)
        params[f"w_{head}"], params[f"b_{head}"] = w.astype(np.float32), np.float64(b)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    buf = out / MODEL_FILE
    np.savez_compressed(buf, n_bits=np.int64(N_BITS), **params)
    digest = hashlib.sha256(buf.read_bytes()).hexdigest()
    card = {
        "name": "completeness",
        "file": MODEL_FILE,
        "sha256": digest,
        "format": "numpy npz (allow_pickle=False): w_end, b_end, w_start, b_start, n_bits",
        "features": f"hashed (crc32, {N_BITS} bits) last/first 1-3 words, shapes, stop-word flags, "
        "punctuation",
        "training": {
            "command": "PYTHONPATH=src:. python training/train_completeness.py",
            "seed": SEED,
            "sentences_per_group_max": PER_GROUP,
            "examples_per_group": {g: len(d["y_end"]) for g, d in data.items()},
            "sets": {
                "l2r": devdata.source_commit("text/l2r"),
                "outfox": devdata.source_commit("text/outfox"),
                "seqxgpt": devdata.source_commit("text/seqxgpt"),
                "human-registers": devdata.source_commit("text/human-registers"),
                "trafilatura-eval": devdata.source_commit("html/trafilatura-eval")
                + " (training-split pages)",
                "cleaneval": devdata.source_commit("html/cleaneval-dev") + " (cleaneval-dev and "
                "cleanportaleval gold, training-split pages)",
            },
        },
        "heldout_by_group": heldout,
    }
    (out / "card.json").write_text(json.dumps(card, indent=1) + "\n", encoding="utf-8")
    print("wrote", buf, digest[:12])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
