"""Corpus-scale scoring: streaming readers, an ordered parallel runner with resume,
and Dolma-style non-destructive outputs (``scores.jsonl`` beside the data).

>>> from spamcheck.corpus import RunConfig
>>> RunConfig(["data.jsonl.gz"], "out", jobs=2).jobs
2
"""

from __future__ import annotations

from .runner import RunConfig, RunError, UsageError, run_batch
from .work import Options

__all__ = ["Options", "RunConfig", "RunError", "UsageError", "run_batch"]
