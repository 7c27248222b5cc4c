"""Hashed function-word n-grams without hashing each n-gram: the fast path of ``FwHasher``.

``HashingVectorizer(analyzer=fw_ngrams, alternate_sign=False)`` builds every 1-, 2- and
3-gram string of a document, encodes it and runs murmurhash on it: about half of the
ai head's text block time. Masked prose has a tiny vocabulary (function words, ``W``,
``D``, punctuation), so its n-grams repeat across documents. Here each token gets a small
integer id, each n-gram an integer code computed with numpy from the ids, and each distinct
code its hashed column once (remembered); a document's row is its distinct columns with
their counts. The matrix is then summed and L2-normalised exactly as scikit-learn does
(``sum_duplicates``, ``normalize``), so it equals the vectoriser's output bit for bit
(``tests/test_fast_features.py`` compares them on real documents). Neither the hash
(:func:`murmurhash3_32`, scikit-learn's MurmurHash3 in Python, tested equal to it) nor the
rows (:meth:`NgramColumns.rows`, plain arrays) need scikit-learn or scipy at run time.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from .runtime import Csr

if TYPE_CHECKING:
    from scipy.sparse import csr_matrix

# Token ids stay below 2**20, so a trigram code (three ids in base 2**20) is below 2**60 and
# the n-gram order can sit above it (order * 2**60) without leaving int64.
_BASE = 1 << 20
_ORDER = 1 << 60
# Remembered columns at most: the cache is cleared past this, so memory stays flat however
# many documents a process scores (a few hundred thousand distinct n-grams in practice).
MAX_CACHED = 1_000_000
_M32 = 0xFFFFFFFF


def _rotl32(x: int, r: int) -> int:
    return ((x << r) | (x >> (32 - r))) & _M32


def murmurhash3_32(key: str | bytes, seed: int = 0) -> int:
    """MurmurHash3 (x86, 32-bit) of ``key`` (a str is hashed as UTF-8), as a signed int32.

    Equal to ``sklearn.utils.murmurhash3_32(key, seed, positive=False)`` (tested on many
    strings, non-ASCII ones included); called once per distinct n-gram (the columns are
    remembered), so pure Python costs little and spares the scikit-learn import.

    >>> murmurhash3_32("foo"), murmurhash3_32(""), murmurhash3_32("é", seed=42)
    (-156908512, 0, 1023967903)
    """
    data = key.encode("utf-8") if isinstance(key, str) else bytes(key)
    c1, c2 = 0xCC9E2D51, 0x1B873593
    h = seed & _M32
    n = len(data)
    tail = n - n % 4
    for i in range(0, tail, 4):
        k = int.from_bytes(data[i : i + 4], "little")
        k = (_rotl32((k * c1) & _M32, 15) * c2) & _M32
        h = (_rotl32(h ^ k, 13) * 5 + 0xE6546B64) & _M32
    if n % 4:
        k = int.from_bytes(data[tail:], "little")
        h ^= (_rotl32((k * c1) & _M32, 15) * c2) & _M32
    h ^= n
    h ^= h >> 16
    h = (h * 0x85EBCA6B) & _M32
    h ^= h >> 13
    h = (h * 0xC2B2AE35) & _M32
    h ^= h >> 16
    return h - (1 << 32) if h & 0x80000000 else h


def hashed_column(feature: str, n_features: int) -> int:
    """The column scikit-learn's ``FeatureHasher`` gives ``feature`` (``alternate_sign=False``).

    >>> from sklearn.feature_extraction.text import HashingVectorizer
    >>> v = HashingVectorizer(analyzer=lambda s: [s], n_features=2**10, alternate_sign=False)
    >>> v.transform(["the W"]).indices.tolist() == [hashed_column("the W", 2**10)]
    True
    """
    h = murmurhash3_32(feature)
    if h == -(2**31):
        return (2**31 - 1 - (n_features - 1)) % n_features
    return abs(h) % n_features


class NgramColumns:
    """Rows of counted, L2-normalised hashed 1-3-grams of token lists (see the module docstring).

    >>> cols = NgramColumns(2**10)
    >>> m = cols.transform([["the", "W", "."]])
    >>> m.shape, m.nnz <= 6
    ((1, 1024), True)
    """

    def __init__(self, n_features: int) -> None:
        self.n_features = n_features
        self._lock = threading.Lock()
        self._reset()

    def _reset(self) -> None:
        self._ids: dict[str, int] = {}
        self._tokens: list[str] = []
        self._columns: dict[int, int] = {}

    def _token_ids(self, toks: list[str]) -> np.ndarray:
        got = list(map(self._ids.get, toks))
        if None in got:
            with self._lock:
                if len(self._ids) + len(toks) >= _BASE:
                    self._reset()
                for t in toks:
                    if t not in self._ids:
                        self._ids[t] = len(self._tokens)
                        self._tokens.append(t)
                got = list(map(self._ids.__getitem__, toks))
        return np.array(got, dtype=np.int64)

    def _gram(self, code: int) -> str:
        order, rest = divmod(code, _ORDER)
        ids = []
        for _ in range(order + 1):
            rest, i = divmod(rest, _BASE)
            ids.append(self._tokens[i])
        return " ".join(reversed(ids))

    def _row(self, toks: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """(columns, counts) of one document's n-grams, one entry per distinct n-gram."""
        if not toks:
            return np.zeros(0, dtype=np.int64), np.zeros(0)
        a = self._token_ids(toks)
        parts = [a]
        if len(a) >= 2:
            parts.append(_ORDER + a[:-1] * _BASE + a[1:])
        if len(a) >= 3:
            parts.append(2 * _ORDER + (a[:-2] * _BASE + a[1:-1]) * _BASE + a[2:])
        codes, counts = np.unique(np.concatenate(parts), return_counts=True)
        code_list = codes.tolist()
        cols = list(map(self._columns.get, code_list))
        if None in cols:
            with self._lock:
                if len(self._columns) + len(code_list) > MAX_CACHED:
                    self._columns.clear()
                for k, (code, col) in enumerate(zip(code_list, cols, strict=True)):
                    if col is None:
                        cols[k] = self._columns[code] = hashed_column(self._gram(code), self.n_features)
        return np.array(cols, dtype=np.int64), counts.astype(np.float64)

    def rows(self, token_lists: Sequence[list[str]]) -> Csr:
        """One L2-normalised row per token list as plain CSR arrays (what :meth:`transform` wraps)."""
        rows = [_summed(*self._row(t)) for t in token_lists]
        indptr = np.zeros(len(rows) + 1, dtype=np.int64)
        indptr[1:] = np.cumsum([len(c) for c, _ in rows])
        indices = np.concatenate([c for c, _ in rows]) if rows else np.zeros(0, dtype=np.int64)
        values = np.concatenate([v for _, v in rows]) if rows else np.zeros(0)
        return Csr(values, indices, indptr, (len(rows), self.n_features))

    def transform(self, token_lists: Sequence[list[str]]) -> csr_matrix:
        """One L2-normalised row per token list, as ``HashingVectorizer.transform`` gives it."""
        import scipy.sparse as sp

        x = self.rows(token_lists)
        return sp.csr_matrix((x.data, x.indices, x.indptr), shape=x.shape, dtype=np.float64)


def _summed(cols: np.ndarray, counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """A row's columns sorted with colliding n-grams' counts summed, divided by the row's L2 norm.

    What scikit-learn's ``sum_duplicates`` and ``normalize(norm="l2")`` do, with the same bits:
    the counts are whole numbers, so their sums and the sum of their squares are exact in any
    order, and the square root and the division are correctly rounded.

    >>> c, v = _summed(np.array([5, 2, 5]), np.array([1.0, 2.0, 2.0]))
    >>> c.tolist(), (v * 13**0.5).round(12).tolist()
    ([2, 5], [2.0, 3.0])
    """
    if len(cols) == 0:
        return cols, counts
    # np.unique sorts the columns; bincount puts each count under its column (a column's own
    # count alone when nothing collides: 0.0 + x is x).
    cols, inverse = np.unique(cols, return_inverse=True)
    counts = np.bincount(inverse, weights=counts, minlength=len(cols))
    return cols, counts / np.sqrt(np.sum(counts * counts))


__all__ = ["MAX_CACHED", "NgramColumns", "hashed_column", "murmurhash3_32"]
