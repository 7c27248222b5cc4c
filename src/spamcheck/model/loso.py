"""Leave-one-source-out evaluation of the fitting recipe on a labelled set.

Each source (the records' ``source`` field) is held out in turn: a model is fitted
on the other sources by :func:`spamcheck.model.fit.fit_model` and scores the held-out
one. The scores are therefore what a model would do on a source it never saw, the
honest estimate for new data. ``spamcheck eval --loso DATA`` prints this report;
the repository's ``python -m training.loso`` runs the same recipe over the shared
development sets.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from .fit import DEFAULT_AI_FEATURES, fit_model, prepare
from .metrics import report

# fold_ids holds whole groups out only with at least this many groups.
MIN_SOURCES = 3


def leave_one_source_out(
    records: Sequence[dict[str, Any]],
    *,
    features: str = DEFAULT_AI_FEATURES,
    n_jobs: int = -1,
    log: Callable[[str], None] = print,
) -> dict[str, Any]:
    """Held-out metrics per head and per source, one fold per source.

    Parameters
    ----------
    records
        Labelled records as :func:`spamcheck.model.fit.read_labeled` returns them
        (``body``, ``html``, ``y``, ``source``).
    features
        The ai head's feature set.
    n_jobs
        Worker processes for featurising and fitting.
    log
        Progress sink.

    Returns
    -------
    dict
        ``records``, ``sources``, the ``thresholds`` chosen from the held-out
        scores and ``heads``: :func:`spamcheck.model.metrics.report` of the
        held-out overall and ai_padding probabilities.

    Raises
    ------
    ValueError
        Fewer than three sources, or not both classes.
    """
    sources = [str(r["source"]) for r in records]
    n_sources = len(set(sources))
    if n_sources < MIN_SOURCES:
        raise ValueError(f"needs records from at least {MIN_SOURCES} sources, got {n_sources}")
    y = np.array([r["y"] for r in records], dtype=int)
    if set(y.tolist()) != {0, 1}:
        raise ValueError("needs labelled records of both classes")
    preps = prepare([(r["body"], r["html"]) for r in records], n_jobs=n_jobs, log=log)
    model, oof = fit_model(
        preps, y, sources, features=features, n_folds=n_sources, n_jobs=n_jobs, log=log
    )
    src = np.array(sources)
    return {
        "records": len(records),
        "sources": sorted(set(sources)),
        "thresholds": model.thresholds,
        "heads": report(y, {"overall": oof["overall"], "ai_padding": oof["ai"]}, src, model.thresholds),
    }
