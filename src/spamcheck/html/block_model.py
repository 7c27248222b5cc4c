"""The shipped block classifier (``models/html_blocks``) and the rule fallback.

The model file is a joblib pickle, i.e. code: it is loaded only when its
sha256 matches ``card.json`` beside it. It is looked up in the installed wheel
(``spamcheck/_models/html_blocks``) and then in the source checkout
(``<repo>/models/html_blocks``). Without a usable model the rules below decide,
and :func:`load_block_model` says why.

>>> scorer = load_block_model()
>>> scorer.name.startswith(("html_blocks", "rules"))
True
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path  # noqa: F401  (the doctests name it)
from typing import TYPE_CHECKING, Any

import numpy as np

from ..artifacts import artifact_dirs, read_card_or_note, read_npz_or_note, read_verified_or_note
from ..numeric import sigmoid
from .features import FEATURE_NAMES, STACK_NAMES, stack_features

if TYPE_CHECKING:  # a Path, or a zipfile.Path inside a zipped package
    from importlib.resources.abc import Traversable

_F = {name: i for i, name in enumerate(FEATURE_NAMES)}
RULE_THRESHOLD = 0.5


@dataclass
class BlockScorer:
    """Turns feature rows into P(boilerplate); ``model`` is None for the rule fallback.

    ``model2`` (optional) is a stacked second stage that also sees the first
    stage's probabilities of neighbouring and sibling blocks.
    """

    name: str
    threshold: float
    model: Any = None
    note: str = ""
    model2: Any = None

    def probabilities(self, matrix: np.ndarray, group: np.ndarray) -> np.ndarray:
        """P(boilerplate) per row; ``group`` is each block's parent element (for stage 2)."""
        if len(matrix) == 0:
            return np.zeros(0)
        if self.model is None:
            return np.array([rule_probability(r) for r in matrix.tolist()])
        p = self.model.predict(matrix)
        if self.model2 is None:
            return p
        return self.model2.predict(np.hstack([matrix, stack_features(p, group)]))


class TreeEnsemble:
    """Gradient-boosted trees as flat numpy arrays, evaluated for all blocks and trees at once.

    Built from ``sklearn``'s ``HistGradientBoostingClassifier`` at training time
    (see ``training/html_train.py``), so inference needs neither sklearn's
    per-tree thread pool (slow on small batches) nor sklearn's pickles.

    >>> t = TreeEnsemble({"feature": [0, 0, 0], "threshold": [0.5, 0, 0], "left": [1, 1, 2],
    ...                   "right": [2, 1, 2], "value": [0.0, -2.0, 2.0], "roots": [0], "depth": 1,
    ...                   "baseline": 0.0})
    >>> t.predict(np.array([[0.0], [1.0]])).round(2).tolist()
    [0.12, 0.88]
    """

    def __init__(self, arrays: dict[str, Any]) -> None:
        self.feature = np.asarray(arrays["feature"], dtype=np.int64)
        self.threshold = np.asarray(arrays["threshold"], dtype=np.float64)
        self.left = np.asarray(arrays["left"], dtype=np.int64)
        self.right = np.asarray(arrays["right"], dtype=np.int64)
        self.value = np.asarray(arrays["value"], dtype=np.float64)
        self.roots = np.asarray(arrays["roots"], dtype=np.int64)
        self.depth = int(arrays["depth"])
        self.baseline = float(arrays["baseline"])
        # Both children of node i in one array: [2i] right, [2i + 1] left, so a step is
        # one gather at 2 * node + went_left instead of two gathers and a where.
        self.children = np.stack([self.right, self.left], axis=1).ravel()

    def predict(self, X: np.ndarray) -> np.ndarray:
        """P(class 1) per row of ``X``."""
        X = np.ascontiguousarray(X, dtype=np.float64)
        n, nf = X.shape
        flat = X.ravel()
        base = (np.arange(n, dtype=np.int64) * nf)[:, None]
        idx = np.broadcast_to(self.roots, (n, len(self.roots))).copy()
        # Leaves point to themselves, so a fixed number of steps (the deepest
        # tree's depth) lands every (row, tree) pair on its leaf.
        feature, threshold, children = self.feature, self.threshold, self.children
        for _ in range(self.depth):
            go_left = flat[base + feature[idx]] <= threshold[idx]
            idx = children[2 * idx + go_left]
        raw = self.baseline + self.value[idx].sum(axis=1)
        return sigmoid(raw)


def rule_probability(row: list[float]) -> float:
    """A jusText-like rule score: long, stop-word-rich, link-poor text is main text.

    >>> row = [0.0] * len(FEATURE_NAMES)
    >>> row[_F["link_density"]] = 1.0
    >>> rule_probability(row) > 0.5
    True
    """
    ld, sd = row[_F["link_density"]], row[_F["stop_density"]]
    words = row[_F["log_words"]]
    score = 0.5
    score += 0.35 * (ld - 0.3)
    score -= 0.8 * (sd - 0.25)
    score -= 0.12 * (words - 2.5)
    if row[_F["in_main50"]]:
        score -= 0.2
    if any(
        row[_F[f"bit_{b}"]] for b in ("nav", "footer", "share", "comment", "cookie", "in_nav", "in_footer")
    ):
        score += 0.2
    if row[_F["repeats"]] > 0:
        score += 0.15
    if row[_F["heading_level"]] and row[_F["in_main50"]]:
        score -= 0.3
    return min(1.0, max(0.0, score))


@lru_cache(maxsize=1)
def load_block_model() -> BlockScorer:
    """The shipped classifier, loaded once per process (rules if it is missing or altered)."""
    problems: list[str] = []
    for d in artifact_dirs("html_blocks"):
        scorer = load_block_model_from(d, problems)
        if scorer is not None:
            return scorer
    return _rules(problems)


def load_block_model_from(d: Traversable, problems: list[str] | None = None) -> BlockScorer | None:
    """Load ``d/card.json`` + its model file after checking the sha256; None (and a note) if unusable.

    >>> load_block_model_from(Path("/nonexistent")) is None
    True
    """
    problems = problems if problems is not None else []
    card_only = read_card_or_note(d, problems)
    if card_only is None:
        return None
    if isinstance(card_only.get("runtime"), dict):
        # The same trees as plain arrays (training/export_runtime.py): no pickle, no joblib import.
        arrays = read_npz_or_note(d, "model.npz", problems, section="runtime")
        return None if arrays is None else _scorer(d, arrays[0], _bundle_from_arrays(arrays[1]), problems)
    # A joblib file is a pickle, i.e. code: only the exact file the card vouches for is loaded.
    got = read_verified_or_note(d, "model.joblib", problems)
    if got is None:
        return None
    card, blob = got
    try:
        import io

        import joblib

        bundle = joblib.load(io.BytesIO(blob))
    except Exception as exc:  # any unpickling problem means: use the rules
        problems.append(f"{d}: cannot load ({type(exc).__name__}: {exc})")
        return None
    return _scorer(d, card, bundle, problems)


def _bundle_from_arrays(arrays: dict[str, Any]) -> dict[str, Any]:
    """The joblib bundle's layout (``threshold``, ``trees``, ``trees2``) from ``model.npz``'s arrays.

    >>> b = _bundle_from_arrays({"threshold": np.array(0.3), "trees/depth": np.array(2)})
    >>> float(b["threshold"]), int(b["trees"]["depth"]), "trees2" in b
    (0.3, 2, False)
    """
    bundle: dict[str, Any] = {"threshold": arrays.get("threshold")}
    for key, arr in arrays.items():
        stage, _, name = key.partition("/")
        if name:
            bundle.setdefault(stage, {})[name] = arr
    return bundle


def _scorer(
    d: Traversable, card: dict[str, Any], bundle: dict[str, Any], problems: list[str]
) -> BlockScorer | None:
    # Exact match only: a model trained on fewer columns would also see pages segmented
    # by older code (the <br> rule changed with the near_* columns), so it is refused.
    if list(card.get("features", [])) not in (list(FEATURE_NAMES), [*FEATURE_NAMES, *STACK_NAMES]):
        problems.append(f"{d}: trained on other features; not loaded")
        return None
    try:
        return BlockScorer(
            f"html_blocks sha256:{card['sha256'][:12]}",
            float(bundle["threshold"]),
            TreeEnsemble(bundle["trees"]),
            model2=TreeEnsemble(bundle["trees2"]) if "trees2" in bundle else None,
        )
    except Exception as exc:  # any format problem means: use the rules
        problems.append(f"{d}: cannot load ({type(exc).__name__}: {exc})")
        return None


def _rules(problems: list[str]) -> BlockScorer:
    note = "; ".join(problems) or "no model file found"
    return BlockScorer("rules", RULE_THRESHOLD, None, f"block model unavailable ({note}); rule fallback used")


# The features a block's reason quotes, in the order _reason reads them.
_PLACES = ("in_nav", "in_footer", "in_header", "in_aside", "in_form", "role_nav")
_REASON_COLS = [_F[c] for c in ("link_density", "stop_density", "log_words", "repeats", "in_main50",
                                "heading_level", *(f"bit_{b}" for b in _PLACES))]


def reasons(matrix: np.ndarray, probs: list[float], hints: list[str], threshold: float) -> list[str]:
    """:func:`reason_for` for every row of ``matrix``, reading only the columns it quotes
    (a whole-matrix ``tolist()`` cost more than the reasons themselves)."""
    sub = matrix[:, _REASON_COLS]
    return [_reason(r, p, h, threshold) for r, p, h in zip(sub.tolist(), probs, hints, strict=True)]


def reason_for(row: list[float] | np.ndarray, p: float, hint: str, threshold: float) -> str:
    """A short, human-readable why for one block's label (the strongest visible cues).

    >>> reason_for([0.0] * len(FEATURE_NAMES), 0.9, "site-footer", 0.5).startswith("boilerplate")
    True
    """
    return _reason([row[i] for i in _REASON_COLS], p, hint, threshold)


def _reason(r: list[float], p: float, hint: str, threshold: float) -> str:
    ld, sd, log_words, repeats, in_main, heading = r[:6]
    words = round(pow(2.718281828, log_words) - 1)
    cues = []
    if p >= threshold:
        if ld >= 0.5:
            cues.append(f"link text {ld:.0%}")
        for b, on in zip(_PLACES, r[6:], strict=True):
            if on:
                cues.append(f"inside <{b[3:]}>" if b.startswith("in_") else "navigation role")
                break
        if hint:
            cues.append(f"class/id '{hint}'")
        if repeats > 0:
            cues.append(f"repeated {int(repeats) + 1}x on page")
        if words < 8:
            cues.append(f"{words} words")
        elif sd < 0.2:
            cues.append(f"few stop words ({sd:.0%})")
        if not in_main:
            cues.append("outside main content area")
        label = "boilerplate"
    else:
        if in_main:
            cues.append("inside main content area")
        if heading:
            cues.append(f"heading h{int(heading)}")
        if words >= 8:
            cues.append(f"{words} words, stop words {sd:.0%}")
        if ld < 0.2:
            cues.append("little link text")
        label = "main"
    return f"{label} (p={p:.2f}): " + (", ".join(cues[:4]) or "overall pattern")
