"""The shipped model's fitted parameters as plain arrays, and a numpy scorer that reads them.

scikit-learn trains the model (:mod:`spamcheck.model.fit`); scoring needs none of it. Importing
scikit-learn costs ~3.7 CPU-s per process (it drags in ``scipy.stats`` and ``pandas``), which
every CLI call and every ``--jobs`` parent paid before scoring a document, and each of its
``decision_function`` calls validates its input and sets up thread pools, which cost more
than a one-row prediction itself. So :meth:`SpamModel.save <spamcheck.model.classifier.SpamModel.save>`
also writes ``model.npz`` (no pickle: :func:`export_arrays`, :func:`write_npz`), and
:func:`parts_from_arrays` rebuilds the model's parts from it with :class:`Trees` and
:class:`Linear` in place of the estimators. Both give the estimators' ``decision_function``
bit for bit (``tests/test_runtime.py``):

* :class:`Trees`: a binary ``HistGradientBoostingClassifier`` without categorical features.
  Each row walks each tree on the raw feature values as scikit-learn's ``_predictor.pyx``
  does (``x <= num_threshold`` goes left, NaN goes where ``missing_go_to_left`` says), and
  the leaf values are added to the baseline tree by tree, in the trees' order, as
  ``_raw_predict`` adds them (a cumulative sum, never a pairwise one).
* :class:`Linear`: a binary ``LogisticRegression``: ``x @ coef.T + intercept`` with each
  row's products summed left to right in column order, as scipy's CSR product does.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np

# Bump when the array layout changes: a loader refuses a runtime file of another format.
RUNTIME_FORMAT = 1
RUNTIME_FILE = "model.npz"
# The parts that hold estimators (a tuple for the blended ai head), stored as arrays.
ESTIMATOR_KEYS = ("ai_clf", "overall_clf")
# Fixed zip entry time: the same parts always give the same file bytes (and sha256).
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


class Csr(NamedTuple):
    """Rows of a sparse matrix in CSR layout (the attributes scipy's ``csr_matrix`` also has)."""

    data: np.ndarray
    indices: np.ndarray
    indptr: np.ndarray
    shape: tuple[int, int]


def hstack_dense(x: Csr, dense: np.ndarray) -> Csr:
    """``scipy.sparse.hstack([x, csr_matrix(dense)], format="csr")`` without scipy.

    Each row holds ``x``'s entries, then the non-zero entries of ``dense`` (float64), in
    column order, as the scipy stack lays them out.

    >>> x = Csr(np.array([1.0, 2.0]), np.array([0, 1]), np.array([0, 1, 2]), (2, 2))
    >>> s = hstack_dense(x, np.array([[0.0, 3.0], [4.0, 0.0]], dtype=np.float32))
    >>> s.data.tolist(), s.indices.tolist(), s.indptr.tolist(), s.shape
    ([1.0, 3.0, 2.0, 4.0], [0, 3, 1, 2], [0, 2, 4], (2, 4))
    """
    n, width = x.shape
    dense = np.asarray(dense)
    rows, cols = np.nonzero(dense)
    nz_per_row = np.bincount(rows, minlength=n)
    x_per_row = np.diff(x.indptr)
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(x_per_row + nz_per_row, out=indptr[1:])
    # Where each block's entries go: x's first in every row, then the dense ones.
    x_rows = np.repeat(np.arange(n), x_per_row)
    x_pos = indptr[x_rows] + (np.arange(len(x.data)) - np.asarray(x.indptr)[x_rows])
    d_start = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(nz_per_row, out=d_start[1:])
    d_pos = indptr[rows] + x_per_row[rows] + (np.arange(len(rows)) - d_start[rows])
    data = np.empty(indptr[-1], dtype=np.float64)
    indices = np.empty(indptr[-1], dtype=np.int64)
    data[x_pos] = x.data
    indices[x_pos] = x.indices
    data[d_pos] = dense[rows, cols]
    indices[d_pos] = width + cols
    return Csr(data, indices, indptr, (n, width + dense.shape[1]))


class Trees:
    """A binary histogram gradient-boosting model's trees, walked on raw feature values.

    >>> t = Trees({"feature": np.array([0, 0, 0]), "threshold": np.array([0.5, 0.0, 0.0]),
    ...            "left": np.array([1, 1, 2]), "right": np.array([2, 1, 2]),
    ...            "missing_left": np.array([1, 0, 0], dtype=np.uint8),
    ...            "value": np.array([0.0, -2.0, 2.0]), "roots": np.array([0]),
    ...            "baseline": np.array(0.5), "n_features": np.array(1)})
    >>> t.decision_function(np.array([[0.0], [1.0], [np.nan]])).tolist()
    [-1.5, 2.5, -1.5]
    """

    def __init__(self, arrays: Mapping[str, np.ndarray]) -> None:
        self.feature = np.asarray(arrays["feature"], dtype=np.intp)
        self.threshold = np.asarray(arrays["threshold"], dtype=np.float64)
        self.left = np.asarray(arrays["left"], dtype=np.intp)
        self.right = np.asarray(arrays["right"], dtype=np.intp)
        self.missing_left = np.asarray(arrays["missing_left"], dtype=bool)
        self.value = np.asarray(arrays["value"], dtype=np.float64)
        self.roots = np.asarray(arrays["roots"], dtype=np.intp)
        self.baseline = float(arrays["baseline"])
        self.n_features_in_ = int(arrays["n_features"])
        self.is_leaf = self.left == np.arange(len(self.left))
        # Both children of node i in one array ([2i] right, [2i + 1] left): a step is one
        # gather at 2 * node + went_left instead of two gathers and a select.
        self.children = np.stack([self.right, self.left], axis=1).ravel()

    def arrays(self) -> dict[str, np.ndarray]:
        """The arrays this was built from (:func:`export_arrays` stores them)."""
        return {
            "feature": self.feature.astype(np.int64),
            "threshold": self.threshold,
            "left": self.left.astype(np.int64),
            "right": self.right.astype(np.int64),
            "missing_left": self.missing_left.astype(np.uint8),
            "value": self.value,
            "roots": self.roots.astype(np.int64),
            "baseline": np.array(self.baseline),
            "n_features": np.array(self.n_features_in_, dtype=np.int64),
        }

    @classmethod
    def from_sklearn(cls, est: Any) -> Trees:
        """The trees of a fitted binary ``HistGradientBoostingClassifier``."""
        if est.n_trees_per_iteration_ != 1:
            raise ValueError("only binary gradient boosting (one tree per iteration) is exported")
        if getattr(est, "_preprocessor", None) is not None or est.is_categorical_ is not None:
            raise ValueError("gradient boosting with categorical features is not exported")
        nodes = [p.nodes for (p,) in est._predictors]
        offsets = np.cumsum([0] + [len(n) for n in nodes[:-1]]).astype(np.int64)
        feature, threshold, left, right, missing, value = [], [], [], [], [], []
        for off, n in zip(offsets.tolist(), nodes, strict=True):
            leaf = n["is_leaf"].astype(bool)
            own = np.arange(len(n), dtype=np.int64) + off
            # A leaf points to itself, so a fixed number of steps lands every walk on its leaf.
            left.append(np.where(leaf, own, n["left"].astype(np.int64) + off))
            right.append(np.where(leaf, own, n["right"].astype(np.int64) + off))
            feature.append(np.where(leaf, 0, n["feature_idx"]).astype(np.int64))
            threshold.append(n["num_threshold"].astype(np.float64))
            missing.append(n["missing_go_to_left"].astype(np.uint8))
            value.append(n["value"].astype(np.float64))
            if n["is_categorical"].any():
                raise ValueError("gradient boosting with categorical splits is not exported")
        baseline = np.asarray(est._baseline_prediction, dtype=np.float64).reshape(-1)
        return cls({
            "feature": np.concatenate(feature), "threshold": np.concatenate(threshold),
            "left": np.concatenate(left), "right": np.concatenate(right),
            "missing_left": np.concatenate(missing), "value": np.concatenate(value),
            "roots": offsets, "baseline": np.array(baseline[0]),
            "n_features": np.array(est.n_features_in_),
        })

    def decision_function(self, X: np.ndarray) -> np.ndarray:
        """The raw score per row: baseline plus each tree's leaf value, added in tree order."""
        X = np.ascontiguousarray(X, dtype=np.float64)
        if X.ndim != 2 or X.shape[1] != self.n_features_in_:
            raise ValueError(f"X has shape {X.shape}; the trees read {self.n_features_in_} features")
        n, nf = X.shape
        n_trees = len(self.roots)
        flat = X.ravel()
        # One walk per (row, tree), in a flat array; only the walks not yet on a leaf take
        # the next step (most trees are far shallower than the deepest one).
        leaf = np.tile(self.roots, n)
        walk = np.arange(n * n_trees, dtype=np.intp)
        node = leaf.copy()
        base = np.repeat(np.arange(n, dtype=np.intp) * nf, n_trees)
        feature, threshold, children = self.feature, self.threshold, self.children
        missing_left, is_leaf = self.missing_left, self.is_leaf
        going = ~is_leaf[node]
        walk, node, base = walk[going], node[going], base[going]
        while len(walk):
            x = flat[base + feature[node]]
            go_left = x <= threshold[node]
            nan = np.isnan(x)
            if nan.any():
                go_left = np.where(nan, missing_left[node], go_left)
            node = children[2 * node + go_left]
            leaf[walk] = node
            going = ~is_leaf[node]
            if not going.all():
                walk, node, base = walk[going], node[going], base[going]
        vals = np.empty((n, len(self.roots) + 1))
        vals[:, 0] = self.baseline
        vals[:, 1:] = self.value[leaf].reshape(n, n_trees)
        # Left-to-right sums (cumsum never pairs terms), as _raw_predict adds tree after tree.
        return np.cumsum(vals, axis=1)[:, -1]


class Linear:
    """A binary linear model's ``x @ coef.T + intercept`` on dense or CSR rows.

    >>> lin = Linear({"coef": np.array([[1.0, 2.0]]), "intercept": np.array([0.5])})
    >>> lin.decision_function(np.array([[1.0, 1.0]])).tolist()
    [3.5]
    """

    def __init__(self, arrays: Mapping[str, np.ndarray]) -> None:
        self.coef_ = np.asarray(arrays["coef"], dtype=np.float64).reshape(1, -1)
        self.intercept_ = np.asarray(arrays["intercept"], dtype=np.float64).reshape(1)
        self._w = np.ascontiguousarray(self.coef_[0])

    def arrays(self) -> dict[str, np.ndarray]:
        """The arrays this was built from (:func:`export_arrays` stores them)."""
        return {"coef": self.coef_, "intercept": self.intercept_}

    @classmethod
    def from_sklearn(cls, est: Any) -> Linear:
        """The weights of a fitted binary linear classifier (``coef_`` of one row)."""
        if est.coef_.shape[0] != 1:
            raise ValueError("only binary linear models (one coefficient row) are exported")
        return cls({"coef": est.coef_, "intercept": est.intercept_})

    def decision_function(self, X: Any) -> np.ndarray:
        """Raw scores of a dense array, a :class:`Csr` or a scipy CSR matrix.

        Raises
        ------
        ValueError
            ``X`` holds NaN or infinity (scikit-learn refuses those too) or has the wrong width.
        """
        if hasattr(X, "indptr"):
            data = np.asarray(X.data, dtype=np.float64)
            indices = np.asarray(X.indices, dtype=np.intp)
            indptr = np.asarray(X.indptr, dtype=np.intp)
            n, width = X.shape
        else:
            dense = np.asarray(X, dtype=np.float64)
            if dense.ndim != 2:
                raise ValueError(f"X has shape {dense.shape}; expected rows of features")
            n, width = dense.shape
            data, indices, indptr = dense.ravel(), np.tile(np.arange(width), n), np.arange(n + 1) * width
        if width != len(self._w):
            raise ValueError(f"X has {width} features; the model reads {len(self._w)}")
        if not np.isfinite(data).all():
            raise ValueError("Input X contains NaN or infinity.")
        lengths = np.diff(indptr)
        # Each row's products side by side, zero-padded on the right: a cumulative sum along
        # the row adds them left to right (as the CSR product does) and the padding adds 0.
        products = np.zeros((n, int(lengths.max()) if n and len(data) else 0))
        if products.size:
            rows = np.repeat(np.arange(n), lengths)
            pos = np.arange(len(data)) - indptr[rows]
            products[rows, pos] = data * self._w[indices]
            sums = np.cumsum(products, axis=1)[:, -1]
        else:
            sums = np.zeros(n)
        return sums + self.intercept_[0]


def _estimator_arrays(est: Any) -> tuple[str, dict[str, np.ndarray]]:
    if isinstance(est, Trees | Linear):
        return ("trees" if isinstance(est, Trees) else "linear"), est.arrays()
    if hasattr(est, "_predictors"):
        return "trees", Trees.from_sklearn(est).arrays()
    if hasattr(est, "coef_") and hasattr(est, "intercept_"):
        return "linear", Linear.from_sklearn(est).arrays()
    raise ValueError(f"cannot export a {type(est).__name__} as arrays")


def _value_arrays(value: Any) -> tuple[str, np.ndarray]:
    """A plain part as (type tag, array); the tag lets :func:`parts_from_arrays` restore its type."""
    if isinstance(value, np.ndarray):
        return "ndarray", value
    if isinstance(value, bool):
        return "bool", np.array(value)
    if isinstance(value, int):
        return "int", np.array(value, dtype=np.int64)
    if isinstance(value, float):
        return "float", np.array(value, dtype=np.float64)
    if isinstance(value, str):
        return "str", np.array(value)
    if isinstance(value, list | tuple) and all(isinstance(v, str) for v in value) and value:
        return f"{type(value).__name__}:str", np.array(value, dtype=str)
    if isinstance(value, list | tuple) and all(isinstance(v, float) for v in value):
        return f"{type(value).__name__}:float", np.array(value, dtype=np.float64)
    if isinstance(value, list | tuple) and value and all(
        isinstance(v, tuple) and all(isinstance(x, float) for x in v) for v in value
    ):
        return f"{type(value).__name__}:tuple:float", np.array(value, dtype=np.float64)
    # Anything else JSON writes and reads back unchanged (a dict of settings, say).
    text = json.dumps(value, sort_keys=True)
    if json.loads(text) != value:
        raise ValueError(f"cannot store {type(value).__name__} {value!r} as arrays")
    return "json", np.array(text)


def export_arrays(parts: Mapping[str, Any]) -> dict[str, np.ndarray]:
    """The model's parts as named arrays for ``model.npz`` (no pickle needed to read them back).

    Estimators (gradient boosting and linear heads, fitted scikit-learn objects or their
    runtime counterparts) become their parameter arrays under ``<part>/<i>/<name>``; every
    other part becomes one array under its own name, its Python type recorded in ``_types``.

    Raises
    ------
    ValueError
        A part that cannot be stored as arrays (an estimator of another kind, say).
    """
    out: dict[str, np.ndarray] = {"_runtime_format": np.array(RUNTIME_FORMAT, dtype=np.int64)}
    types: list[tuple[str, str]] = []
    for key, value in parts.items():
        if "/" in key or key.startswith("_"):
            raise ValueError(f"part name {key!r} cannot be stored")
        if key in ESTIMATOR_KEYS:
            ests = value if isinstance(value, tuple) else (value,)
            types.append((key, f"estimators:{len(ests)}:{'tuple' if isinstance(value, tuple) else 'one'}"))
            for i, est in enumerate(ests):
                kind, arrays = _estimator_arrays(est)
                out[f"{key}/{i}/_kind"] = np.array(kind)
                for name, arr in arrays.items():
                    out[f"{key}/{i}/{name}"] = arr
            continue
        tag, arr = _value_arrays(value)
        types.append((key, tag))
        out[key] = arr
    out["_types"] = np.array(types, dtype=str).reshape(-1, 2)
    return out


def parts_from_arrays(arrays: Mapping[str, np.ndarray]) -> dict[str, Any]:
    """The parts :func:`export_arrays` stored, with :class:`Trees` / :class:`Linear` as estimators.

    Raises
    ------
    ValueError
        The arrays are of another runtime format or miss an entry.
    """
    fmt = int(arrays["_runtime_format"]) if "_runtime_format" in arrays else None
    if fmt != RUNTIME_FORMAT:
        raise ValueError(f"runtime format {fmt}, this spamcheck reads {RUNTIME_FORMAT}")
    parts: dict[str, Any] = {}
    for key, tag in np.asarray(arrays["_types"]).tolist():
        if tag.startswith("estimators:"):
            _, n, shape = tag.split(":")
            ests = []
            for i in range(int(n)):
                prefix = f"{key}/{i}/"
                sub = {k[len(prefix):]: v for k, v in arrays.items() if k.startswith(prefix)}
                kind = str(sub.pop("_kind"))
                ests.append(Trees(sub) if kind == "trees" else Linear(sub))
            parts[key] = tuple(ests) if shape == "tuple" else ests[0]
            continue
        arr = arrays[key]
        parts[key] = _restore(tag, arr)
    return parts


def _restore(tag: str, arr: np.ndarray) -> Any:
    if tag == "ndarray":
        return arr
    if tag == "json":
        return json.loads(str(arr))
    simple = {"bool": bool, "int": int, "float": float, "str": str}
    if tag in simple:
        return simple[tag](arr.item())
    outer, _, inner = tag.partition(":")
    items: list[Any] = arr.tolist()
    if inner == "tuple:float":
        items = [tuple(v) for v in items]
    return tuple(items) if outer == "tuple" else items


def npz_bytes(arrays: Mapping[str, np.ndarray]) -> bytes:
    """A ``.npz`` archive of ``arrays`` (deflated, no pickle) whose bytes depend only on the arrays.

    ``numpy.savez_compressed`` stamps each entry with the current time; here every entry
    has a fixed time and the names are sorted, so a retrain of the same model, or an export
    of the shipped one, gives a file with the same sha256.

    >>> a = npz_bytes({"x": np.arange(3)})
    >>> a == npz_bytes({"x": np.arange(3)}), np.load(io.BytesIO(a))["x"].tolist()
    (True, [0, 1, 2])
    """
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name in sorted(arrays):
            arr = np.asarray(arrays[name])
            if arr.dtype.hasobject:
                raise ValueError(f"{name}: object arrays need pickle; not stored")
            info = zipfile.ZipInfo(name + ".npy", date_time=_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            with zf.open(info, "w", force_zip64=True) as f:
                np.lib.format.write_array(f, arr, allow_pickle=False)
    return buf.getvalue()


def write_npz(path: str | Path, parts: Mapping[str, Any]) -> dict[str, Any]:
    """Write ``parts`` as ``model.npz`` at ``path``; the card's ``runtime`` entry for it.

    Returns
    -------
    dict
        ``file``, ``sha256``, ``size_bytes`` and ``format`` of the written file.
    """
    blob = npz_bytes(export_arrays(parts))
    p = Path(path)
    p.write_bytes(blob)
    return runtime_entry(blob, p.name)


def runtime_entry(blob: bytes, name: str = RUNTIME_FILE) -> dict[str, Any]:
    """The card's ``runtime`` entry for a runtime file's bytes.

    >>> sorted(runtime_entry(b""))
    ['file', 'format', 'sha256', 'size_bytes']
    """
    from ..artifacts import sha256_hex

    return {"file": name, "sha256": sha256_hex(blob), "size_bytes": len(blob), "format": RUNTIME_FORMAT}


def same_parts(a: Mapping[str, Any], b: Mapping[str, Any], keys: Sequence[str] | None = None) -> bool:
    """True when two parts dicts hold equal plain values (estimators are not compared)."""
    for k in keys if keys is not None else sorted(set(a) | set(b)):
        if k in ESTIMATOR_KEYS:
            continue
        x, y = a.get(k), b.get(k)
        if isinstance(x, np.ndarray) or isinstance(y, np.ndarray):
            if not (isinstance(x, np.ndarray) and isinstance(y, np.ndarray)) or x.dtype != y.dtype:
                return False
            if not np.array_equal(x, y):
                return False
        elif type(x) is not type(y) or x != y:
            return False
    return True


__all__ = [
    "RUNTIME_FILE", "RUNTIME_FORMAT", "Csr", "Linear", "Trees", "export_arrays", "hstack_dense",
    "npz_bytes", "parts_from_arrays", "runtime_entry", "same_parts", "write_npz",
]
