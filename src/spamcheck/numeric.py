"""Numeric helpers shared across the package: the one logistic function (classifier,
fitting, HTML block model) and the one-thread limit for scoring processes."""

from __future__ import annotations

from typing import Any

import numpy as np


def sigmoid(z: np.ndarray | float) -> np.ndarray:
    """Logistic function, overflow-safe.

    >>> float(sigmoid(0.0))
    0.5
    """
    return 1.0 / (1.0 + np.exp(-np.clip(np.asarray(z, dtype=float), -500, 500)))


def one_thread() -> Any:
    """Limit OpenMP/BLAS pools (scikit-learn's model) to one thread in this process.

    Documents are scored in small chunks, and a thread pool woken for each
    prediction costs far more than it saves (over 10x the CPU on a busy machine);
    parallelism comes from the worker processes instead. Returns the limiter
    (``.restore_original_limits()`` undoes it) or ``None`` without threadpoolctl.
    Call it after the detector is built, so the model's libraries are loaded.
    """
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # pragma: no cover - scikit-learn depends on it
        return None
    return threadpool_limits(1)
