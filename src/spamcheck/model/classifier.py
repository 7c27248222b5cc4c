"""The trained classifier: two calibrated heads, a card, and a loader that checks both.

* ``ai_padding`` head, by the feature set stored in the model (``parts["ai_features"]``):
  the mean of the standardised logits of gradient boosting on the prose statistics
  and of logistic regression on them plus hashed function-word n-grams (``hgb+fw``,
  shipped); or one head alone: gradient boosting on the statistics (``hgb-stats``),
  logistic regression on them alone (``stats``), plus function-word n-grams
  (``stats+fw``) or plus hashed word/char n-grams (``hashed+stats``); see :mod:`spamcheck.model.features`.
* overall head: histogram gradient boosting on the ai head's logit plus page-level
  evidence: fragments, placeholder metadata, boilerplate and spun features, per-type
  flag rates, page layout. Monotone in the ai logit and in every defect-evidence column
  (:func:`spamcheck.model.fit.overall_monotone`): they can only raise the score.

Both map raw scores to probabilities with a Platt (sigmoid) fit on OUT-OF-FOLD
scores, folds grouped by source, so a probability describes a document from a
source the model did not see. The overall thresholds come from those same
out-of-fold scores. See ``models/default/CARD.md``.

The model is written twice: ``model.joblib``, a joblib pickle of the fitted scikit-learn
objects, and ``model.npz``, the same parameters as plain arrays (:mod:`spamcheck.model.runtime`),
each with its sha256 in ``card.json``. Scoring reads the arrays (no pickle, no scikit-learn
import, no per-call input validation: the same scores bit for bit); ``load_model(...,
estimator=True)`` loads the pickle for whoever wants the estimators. Loading a pickle runs
code, so :func:`load_model` refuses a file whose sha256 differs from its ``card.json`` unless
``trust=True``.
"""

from __future__ import annotations

import contextlib
import json
import math
import warnings
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from ..artifacts import CARD_FILE, ArtifactError, artifact_dirs, read_card, read_npz, sha256_hex
from ..numeric import sigmoid
from .features import (
    AI_FEATURE_SETS,
    FEATURE_VERSION,
    TEXT_BLOCKS,
    FwHasher,
    Hasher,
    dense_matrix,
    doc_features,
    text_vectoriser,
    warm_feature_tables,
)
from .runtime import RUNTIME_FILE, RUNTIME_FORMAT, Linear, hstack_dense, parts_from_arrays, write_npz

if TYPE_CHECKING:
    from ..result import Result
    from ..text.document import Document

# 2: the ai head's feature set is stored (``ai_features``) and may have no hashed block.
FORMAT_VERSION = 2
MODEL_FILE = "model.joblib"
# Fewer prose words than this and the ai head does not judge (the rule score stands).
MIN_PROSE_WORDS = 25
# The model was trained on English; other languages keep the rule scores.
MODEL_LANGUAGES = ("en", "unknown")


# How the scorer line describes each ai feature set.
AI_HEAD_TEXT = {
    "stats": "prose stats",
    "stats+fw": "function-word n-grams + prose stats",
    "hashed+stats": "hashed n-grams + prose stats",
    "hgb-stats": "prose stats",
    "hgb+fw": "prose stats (trees) and function-word n-grams + prose stats (linear)",
}
AI_HEAD_ESTIMATOR = {
    "hgb-stats": "gradient boosting",
    "hgb+fw": "a blend of gradient boosting and logistic regression",
}


def blend_logits(logits: Sequence[np.ndarray], scales: Sequence[tuple[float, float]]) -> np.ndarray:
    """Mean of logits standardised by their (mean, std): the ``hgb+fw`` ai head's score.

    >>> blend_logits([np.array([1.0, 3.0]), np.array([0.0, 2.0])], [(2.0, 1.0), (1.0, 1.0)]).tolist()
    [-1.0, 1.0]
    """
    return np.mean([(z - m) / s for z, (m, s) in zip(logits, scales, strict=True)], axis=0)


class ModelError(Exception):
    """A model directory cannot be used."""


class ModelIntegrityError(ModelError):
    """The model file's sha256 does not match its card."""


class ModelVersionError(ModelError):
    """The model was written by another format or scikit-learn version."""


class SpamModel:
    """A loaded model: call :meth:`apply` on a detector result.

    >>> m = SpamModel({"format_version": FORMAT_VERSION}, {"thresholds": {"suspect": 0.3, "spam": 0.7}})
    >>> m.thresholds["spam"]
    0.7
    """

    def __init__(self, parts: dict[str, Any], card: dict[str, Any], name: str = "model") -> None:
        self.parts = parts
        self.card = card
        self.name = name
        self.thresholds: dict[str, float] = dict(card.get("thresholds", {}))
        self.sha8 = str(card.get("sha256", ""))[:8] or "unsigned"
        self.ai_features = str(parts.get("ai_features", "hashed+stats"))
        self._vec: Hasher | FwHasher | None = None

    @property
    def uses_estimators(self) -> bool:
        """True when the heads are scikit-learn estimators (loaded with ``estimator=True``),
        False when they are the array scorers of :mod:`spamcheck.model.runtime`."""
        from .runtime import Trees

        heads = [self.parts.get("overall_clf")]
        ai = self.parts.get("ai_clf")
        heads += list(ai) if isinstance(ai, tuple) else [ai]
        return not all(isinstance(h, Trees | Linear) for h in heads if h is not None)

    @property
    def vectoriser(self) -> Hasher | FwHasher | None:
        """The ai head's text block (None for the ``stats`` feature set)."""
        if self._vec is None and self.ai_features in TEXT_BLOCKS:
            self._vec = text_vectoriser(self.ai_features, self.parts["n_hash"])
        return self._vec

    def warm(self) -> None:
        """Load every table the features read (word and bigram tables) and build the vectoriser.

        Called when the model is loaded, so the detector that :mod:`spamcheck.parallel` and
        ``spamcheck batch`` build before forking already holds them: the workers share those
        pages instead of each reading ~300k table entries on its first document.
        """
        warm_feature_tables()
        _ = self.vectoriser

    # -- scoring -----------------------------------------------------------
    def ai_logit(self, proses: list[str], rows: list[dict[str, float]]) -> np.ndarray:
        """Raw (uncalibrated) ai head scores."""
        p = self.parts
        dense = dense_matrix(rows, p["ai_names"])
        dense = np.clip((dense - p["ai_mean"]) / p["ai_scale"], -5, 5) * p["dense_weight"]
        vec = self.vectoriser
        if vec is None:
            return p["ai_clf"].decision_function(dense)
        linear = p["ai_clf"][1] if self.ai_features == "hgb+fw" else p["ai_clf"]
        if isinstance(linear, Linear) and isinstance(vec, FwHasher):
            # The array scorer reads plain CSR arrays: no scipy.sparse matrices needed.
            x: Any = hstack_dense(vec.rows(proses), dense)
        else:
            from scipy.sparse import csr_matrix, hstack

            x = hstack([vec.transform(proses), csr_matrix(dense)], format="csr")
        if self.ai_features == "hgb+fw":
            trees, linear = p["ai_clf"]
            return blend_logits([trees.decision_function(dense), linear.decision_function(x)], p["ai_blend"])
        return p["ai_clf"].decision_function(x)

    def ai_prob(self, z: np.ndarray) -> np.ndarray:
        a, b = self.parts["ai_platt"]
        return sigmoid(a * z + b)

    def overall_logit(self, ai_z: np.ndarray, rows: list[dict[str, float]]) -> np.ndarray:
        x = np.column_stack([ai_z, dense_matrix(rows, self.parts["all_names"])])
        return self.parts["overall_clf"].decision_function(x)

    def overall_prob(self, z: np.ndarray) -> np.ndarray:
        a, b = self.parts["overall_platt"]
        return sigmoid(a * z + b)

    def predict(self, proses: list[str], rows: list[dict[str, float]]) -> tuple[np.ndarray, np.ndarray]:
        """Calibrated (ai_padding, overall) probabilities for prepared documents."""
        z = self.ai_logit(proses, rows)
        return self.ai_prob(z), self.overall_prob(self.overall_logit(z, rows))

    def apply(self, result: Result, doc: Document) -> None:
        """Set ``score``, ``label``, ``scores['ai_padding']`` and ``scorer`` on a detector result."""
        self.apply_many([(result, doc)])

    def apply_many(self, pairs: Sequence[tuple[Result, Document]]) -> None:
        """:meth:`apply` on many ``(result, document)`` pairs with one prediction per head.

        Every step is per row (features per document, tree ensembles and linear heads
        score each row on its own, Platt calibration is elementwise), so a document
        gets the same score alone or in a batch; one scikit-learn call for hundreds
        of rows replaces hundreds of one-row calls, whose input validation and
        thread-pool set-up cost more than the prediction itself.
        """
        todo: list[tuple[Result, str]] = []
        rows: list[dict[str, float]] = []
        for result, doc in pairs:
            got = self._features(result, doc)
            if got is not None:
                todo.append((result, got[0]))
                rows.append(got[1])
        if not todo:
            return
        # The array scorer runs no thread pool; scikit-learn's estimators do (see _one_thread).
        with _one_thread() if self.uses_estimators else contextlib.nullcontext():
            ai, overall = self.predict([p for _, p in todo], rows)
        for (result, prose), a, o in zip(todo, ai.tolist(), overall.tolist(), strict=True):
            self._finish(result, prose, a, o)

    def _features(self, result: Result, doc: Document) -> tuple[str, dict[str, float]] | None:
        """The model's input for one document, or None after applying the rule score
        (no words, or a language the model was not trained on)."""
        from ..scoring import decide_rules, unjudged_ai_padding

        tag = f"model {self.name}@{self.sha8}"
        if "ai_padding" in result.scores:
            # Until the model judges the prose below, ai_padding is the uncalibrated rule score.
            result.scores["ai_padding"] = unjudged_ai_padding(result.scores["ai_padding"])
        if not doc.words:
            # Nothing to judge: an empty document is not evidence of anything.
            result.score, result.label, _ = decide_rules(result.scores, result.flags)
            result.scorer = f"rules: {tag} not applied, the document has no words"
            return None
        if result.language not in MODEL_LANGUAGES:
            result.score, result.label, _ = decide_rules(result.scores, result.flags)
            result.scorer = (
                f"rules: {tag} is trained on English; language {result.language} keeps the rule score "
                "(ai_padding capped below 0.5: not judged)"
            )
            return None
        return doc_features(doc, result)

    def _finish(self, result: Result, prose: str, ai: float, overall: float) -> None:
        """Turn one document's calibrated probabilities into its score, label and scorer line."""
        from ..scoring import decide, filler_free, filler_only, page_floor

        tag = f"model {self.name}@{self.sha8}"
        n_prose = prose.count(" ") + 1 if prose else 0
        note = "calibrated out-of-fold (grouped by source)"
        if n_prose >= MIN_PROSE_WORDS:
            result.scores["ai_padding"] = round(ai, 6)
        else:
            note += f"; only {n_prose} prose words, ai_padding keeps the rule score (capped below 0.5)"
        # Evidence floor: the rule combination of the page-level families (not ai_padding)
        # cannot be talked down by the model. Measured on the training sets' out-of-fold
        # data: 0% of human texts/pages reach the spam threshold through it (see the card).
        floor = page_floor(result.scores)
        # Held out by source the ai head's ROC AUC is 0.65-0.99, and ~10% of human
        # l2r Code/EducationMaterial texts passed the spam threshold out of fold: so
        # machine-like prose without a page defect is at most suspect, and without a
        # confident ai_padding or a defect at most clean (see spamcheck.scoring.decide and the card).
        score, label, notes = decide(
            overall, result.scores, self.thresholds["suspect"], self.thresholds["spam"], floor,
            filler=filler_only(result.scores, filler_free(result.flags)),
        )
        note += "".join(f"; {n}" for n in notes)
        result.score = round(score, 6)
        result.label = label
        result.scorer = (
            f"{tag}: overall = gradient boosting on the ai logit + page evidence, "
            f"ai_padding = {AI_HEAD_ESTIMATOR.get(self.ai_features, 'logistic regression')} on "
            f"{AI_HEAD_TEXT.get(self.ai_features, self.ai_features)}; "
            f"{note}; "
            f"thresholds suspect {self.thresholds['suspect']:.3f}, spam {self.thresholds['spam']:.3f}"
        )

    # -- persistence -------------------------------------------------------
    def save(self, out_dir: str | Path) -> Path:
        """Write ``model.joblib``, ``model.npz`` and ``card.json`` (with both files' sha256) to ``out_dir``.

        ``model.npz`` holds the same parameters as plain arrays (:func:`spamcheck.model.runtime.write_npz`),
        recorded in the card's ``runtime`` entry; a model whose parts cannot be stored so (an
        estimator of another kind) is saved without it, with a warning, and loads its pickle.
        """
        import joblib
        import sklearn

        out = Path(out_dir)
        out.mkdir(parents=True, exist_ok=True)
        path = out / MODEL_FILE
        joblib.dump(self.parts, path, compress=3)
        self.card.pop("runtime", None)
        try:
            self.card["runtime"] = write_npz(out / RUNTIME_FILE, self.parts)
        except (ValueError, TypeError) as exc:
            (out / RUNTIME_FILE).unlink(missing_ok=True)
            warnings.warn(f"spamcheck: {out}: no {RUNTIME_FILE} written ({exc}); the model loads its pickle",
                          RuntimeWarning, stacklevel=2)
        self.card.update(
            {
                "format_version": FORMAT_VERSION,
                "feature_version": FEATURE_VERSION,
                "ai_features": self.ai_features,
                "sklearn_version": sklearn.__version__,
                "sha256": file_sha256(path),
                "size_bytes": path.stat().st_size,
            }
        )
        self.sha8 = self.card["sha256"][:8]
        (out / CARD_FILE).write_text(
            json.dumps(self.card, indent=2, sort_keys=False) + "\n", encoding="utf-8"
        )
        return path


def file_sha256(path: str | Path) -> str:
    """Hex sha256 of a file (the card's ``sha256``).

    >>> len(file_sha256(__file__))
    64
    """
    return sha256_hex(Path(path))


def check_card(card: dict[str, Any], where: Path, *, estimator: bool = True) -> None:
    """Raise :class:`ModelVersionError` with what to do when the card does not fit this install.

    ``estimator=False`` (the array scorer) skips the scikit-learn version check: the arrays
    are read without scikit-learn.
    """
    fmt = card.get("format_version")
    if fmt != FORMAT_VERSION or card.get("feature_version") != FEATURE_VERSION:
        raise ModelVersionError(
            f"{where}: model format {fmt} / features {card.get('feature_version')} but this spamcheck reads "
            f"format {FORMAT_VERSION} / features {FEATURE_VERSION}; retrain it with "
            f"`spamcheck train LABELED.jsonl --out {where}` or use the spamcheck version that wrote it"
        )
    kind = card.get("ai_features")
    if kind not in AI_FEATURE_SETS:
        raise ModelVersionError(
            f"{where}: model's ai feature set {kind!r} is not one this spamcheck computes "
            f"({', '.join(AI_FEATURE_SETS)}); retrain it with `spamcheck train LABELED.jsonl --out {where}` "
            "or use the spamcheck version that wrote it"
        )
    if not estimator:
        return
    import sklearn

    want = card.get("sklearn_version")
    if want != sklearn.__version__:
        raise ModelVersionError(
            f"{where}: model was written with scikit-learn {want}, this is {sklearn.__version__}; "
            f"install scikit-learn=={want} or retrain with `spamcheck train LABELED.jsonl --out {where}`"
        )


def load_model(path: str | Path, *, trust: bool = False, estimator: bool = False) -> SpamModel:
    """Load a model directory (or its ``model.joblib``), checking versions and the sha256.

    Parameters
    ----------
    path : str or Path
        A directory written by :meth:`SpamModel.save` (``spamcheck train``), or a file in it.
    trust : bool
        Load a pickle whose sha256 differs from the card (you changed it yourself).
    estimator : bool
        Load the scikit-learn estimators from ``model.joblib`` even when the directory has
        ``model.npz`` (which scores the same without importing scikit-learn).

    Returns
    -------
    SpamModel
        Cached per process: loading the same unchanged directory twice returns the same object.

    Raises
    ------
    ModelIntegrityError
        A model file's sha256 differs from ``card.json`` (and ``trust`` is not set).
    ModelVersionError
        The model was written by another format, feature or scikit-learn version.
    """
    p = Path(path)
    d = p.parent if p.is_file() else p
    mfile = d / MODEL_FILE
    if not mfile.exists() or not (d / CARD_FILE).exists():
        raise ModelError(f"{d}: expected {MODEL_FILE} and {CARD_FILE} (train one with `spamcheck train`)")
    stamps = [(f.stat().st_mtime_ns, f.stat().st_size) for f in (mfile, d / RUNTIME_FILE, d / CARD_FILE)
              if f.exists()]
    return _load_cached(str(d.resolve()), trust, estimator, tuple(stamps))


def _integrity_error(file: Path, digest: str, card_digest: object) -> ModelIntegrityError:
    return ModelIntegrityError(
        f"{file}: sha256 {digest[:16]}... does not match card.json "
        f"({str(card_digest)[:16]}...); the file was changed after training. "
        "Refusing to use it. Retrain, restore the file, or pass trust=True / "
        "Detector(trust_model=True) if you made the change."
    )


def _runtime_parts(root: Path, card: dict[str, Any], trust: bool) -> dict[str, Any] | None:
    """The parts from ``model.npz`` (array scorers for the estimators); None to use the pickle.

    None when the card names no runtime file or one of another format (the pickle holds the
    same model), or when the file was altered and ``trust`` is set (what was trusted is the pickle).
    """
    entry = card.get("runtime")
    if not isinstance(entry, dict) or entry.get("format") != RUNTIME_FORMAT:
        return None
    try:
        got = read_npz(root, RUNTIME_FILE, section="runtime")
    except ArtifactError as exc:
        if trust:
            return None
        file = root / str(entry.get("file", RUNTIME_FILE))
        digest = file_sha256(file) if file.is_file() else "missing"
        raise _integrity_error(file, digest, entry.get("sha256")) from exc
    if got is None:
        return None
    try:
        return parts_from_arrays(got[1])
    except (KeyError, ValueError) as exc:
        raise ModelVersionError(f"{root / RUNTIME_FILE}: not a readable runtime file ({exc}); "
                                f"retrain with `spamcheck train LABELED.jsonl --out {root}`") from exc


@lru_cache(maxsize=8)
def _load_cached(d: str, trust: bool, estimator: bool, _stamps: tuple[tuple[int, int], ...]) -> SpamModel:
    root = Path(d)
    try:
        card = read_card(root)
    except ArtifactError as e:
        raise ModelError(str(e)) from e
    if card is None:
        raise ModelError(f"{root}: expected {MODEL_FILE} and {CARD_FILE} (train one with `spamcheck train`)")
    use_arrays = not estimator and isinstance(card.get("runtime"), dict)
    check_card(card, root, estimator=not use_arrays)
    # The pickle's digest is checked even when the arrays are read: a directory with an
    # altered file is refused whichever file the scores come from.
    digest = file_sha256(root / MODEL_FILE)
    if digest != card.get("sha256") and not trust:
        raise _integrity_error(root / MODEL_FILE, digest, card.get("sha256"))
    parts = _runtime_parts(root, card, trust) if use_arrays and digest == card.get("sha256") else None
    if parts is None:
        if use_arrays:
            check_card(card, root, estimator=True)
        import joblib

        parts = joblib.load(root / MODEL_FILE)
    if not isinstance(parts, dict) or parts.get("format_version") != FORMAT_VERSION:
        raise ModelVersionError(f"{root / MODEL_FILE}: not a spamcheck format-{FORMAT_VERSION} model")
    if parts.get("ai_features") != card.get("ai_features"):
        raise ModelVersionError(
            f"{root / MODEL_FILE}: ai feature set {parts.get('ai_features')!r} differs from card.json's "
            f"{card.get('ai_features')!r}; retrain with `spamcheck train LABELED.jsonl --out {root}`"
        )
    model = SpamModel(parts, card, name=str(card.get("name", root.name)))
    if digest != card.get("sha256"):
        model.sha8 = digest[:8] + "(trusted)"
    model.warm()
    return model


def default_model_dir() -> Path | None:
    """Where the shipped model lives.

    The wheel's ``spamcheck/_models/default``, else the repository's ``models/default``.
    """
    for d in artifact_dirs("default"):
        if (d / MODEL_FILE).is_file():
            # joblib reads a real file: an installed package is a folder, not a zip, here.
            return Path(str(d))
    return None


def load_default_model(*, trust: bool = False, estimator: bool = False) -> SpamModel | None:
    """The shipped model, or None when there is none or it does not fit this install.

    A version mismatch warns and returns None (the detector falls back to rules);
    a failed integrity check raises :class:`ModelIntegrityError`. ``estimator=True``:
    the scikit-learn estimators instead of the array scorers (see :func:`load_model`).
    """
    d = default_model_dir()
    if d is None:
        return None
    try:
        return load_model(d, trust=trust, estimator=estimator)
    except ModelIntegrityError:
        raise
    except ModelError as e:
        warnings.warn(f"spamcheck: shipped model not used, rules only: {e}", stacklevel=2)
        return None


def logit(p: float) -> float:
    """Inverse of :func:`sigmoid` (clipped).

    >>> round(logit(0.5), 6)
    0.0
    """
    p = min(max(p, 1e-9), 1 - 1e-9)
    return math.log(p / (1 - p))


@lru_cache(maxsize=1)
def _controller() -> Any:
    from threadpoolctl import ThreadpoolController

    return ThreadpoolController()


def _one_thread() -> Any:
    """Limit OpenMP/BLAS to one thread for a one-row prediction.

    Gradient boosting wakes its OpenMP team on every ``predict``; for one row the
    wake-up costs more than the work, and on a loaded machine the team's spin-waits
    made a single score ~10x slower (measured in batch workers). The limit costs ~2 µs.
    """
    return _controller().limit(limits=1)
