"""Score a Spark DataFrame's text or HTML column with spamcheck.

:func:`score_dataframe` adds four columns (names start with ``prefix``):

- ``spamcheck_score`` (double) and ``spamcheck_label`` (string),
- ``spamcheck_scores``: struct of the five family scores,
- ``spamcheck_flags``: array of struct {family, type, start, end, text, reason,
  strength} (``flags_as="struct"``) or the same list as a JSON string (``"json"``),

plus ``spamcheck_error`` (null unless the input could not be analysed, e.g. a null
or binary cell). Nothing else in the row changes.

The work runs in an Arrow-based pandas UDF: Spark ships only the text column to
Python in Arrow batches. Each Python worker process builds the
:class:`~spamcheck.Detector` once (module-level cache around
:func:`spamcheck.default_detector`) and keeps it for every later batch and task,
since Spark reuses Python workers (``spark.python.worker.reuse``, on by default).

pyspark is imported only when a function needs it, so this module imports (and its
doctests run) without the ``spark`` extra.
"""

from __future__ import annotations

import json
import os
from typing import TYPE_CHECKING, Any

from ..result import FAMILIES
from . import FLAG_FIELDS, result_fields

if TYPE_CHECKING:
    import pandas as pd
    from pyspark.sql import DataFrame

FLAGS_AS = ("struct", "json")
_TMP = "__spamcheck_result"
_EMPTY: dict[str, Any] = {"score": 0.0, "label": "error"}  # never "clean": nothing was judged

# The per-process detector and how many times this process built it (the tests read
# the count from the workers to prove the detector is not rebuilt per batch).
_DETECTOR: Any = None
_LOADS = 0


def executor_detector() -> Any:
    """The detector of this (executor) process, built on first use and then reused.

    >>> executor_detector() is executor_detector()
    True
    """
    global _DETECTOR, _LOADS
    if _DETECTOR is None:
        from .. import default_detector

        _DETECTOR = default_detector()
        _LOADS += 1
    return _DETECTOR


def detector_loads() -> tuple[int, int]:
    """``(pid, times this process built its detector)``: 0 or 1 if the cache works.

    >>> detector_loads()[1] in (0, 1)
    True
    """
    return os.getpid(), _LOADS


def result_ddl(flags_as: str = "struct") -> str:
    """The Spark DDL type of the UDF's result struct (before it is split into columns).

    >>> result_ddl("json").split(", flags")[1]
    ': string, error: string>'
    """
    if flags_as not in FLAGS_AS:
        raise ValueError(f"flags_as must be one of {FLAGS_AS}, not {flags_as!r}")
    scores = ", ".join(f"{fam}: double" for fam in FAMILIES)
    flags = f"array<{flag_ddl()}>" if flags_as == "struct" else "string"
    return f"struct<score: double, label: string, scores: struct<{scores}>, flags: {flags}, error: string>"


def flag_ddl() -> str:
    """The Spark DDL type of one flag (use it with ``from_json`` on the JSON form).

    >>> flag_ddl()[:48]
    'struct<family: string, type: string, start: int,'
    """
    types = {"start": "int", "end": "int", "strength": "double"}
    return "struct<" + ", ".join(f"{k}: {types.get(k, 'string')}" for k in FLAG_FIELDS) + ">"


def score_frame(
    texts: pd.Series, ids: pd.Series | None = None, *, html: bool | None = None, flags_as: str = "struct"
) -> pd.DataFrame:
    """Score one pandas batch; the body of the UDF, callable without Spark.

    A cell that is not ``str``/``bytes`` (null, NaN) gets score 0, label ``error`` and
    an ``error`` message, never an exception: one bad row must not fail a cluster job.

    >>> import pandas as pd
    >>> out = score_frame(pd.Series(["Lorem ipsum dolor sit amet.", None]))
    >>> list(out.columns), out["label"][1], out["error"][1]
    (['score', 'label', 'scores', 'flags', 'error'], 'error', 'no text: null cell')
    """
    import pandas as pd

    det = executor_detector()
    id_list = ids.tolist() if ids is not None else [None] * len(texts)
    cells = []
    for data, doc_id in zip(texts.tolist(), id_list, strict=True):
        if isinstance(data, bytearray):
            data = bytes(data)
        doc_id = None if doc_id is None or doc_id != doc_id else str(doc_id)  # NaN != NaN
        # A null cell arrives as None or, with pandas' string dtype, as NaN.
        null = data is None or (isinstance(data, float) and data != data)
        cells.append((null, doc_id, data))
    # The whole Arrow batch in one detector call: one model prediction per batch.
    scored = iter(det.score_batch([(i, d, html) for null, i, d in cells if not null]))
    rows = []
    for null, _, _ in cells:
        if null:
            fields = {
                **_EMPTY,
                "scores": dict.fromkeys(FAMILIES, 0.0),
                "flags": [],
                "error": "no text: null cell",
            }
        else:
            result = next(scored)
            if isinstance(result, Exception):
                raise result  # as Detector.score would
            fields = result_fields(result)
        if flags_as == "json":
            fields["flags"] = json.dumps(fields["flags"], ensure_ascii=False)
        rows.append(fields)
    cols = ["score", "label", "scores", "flags", "error"]
    return pd.DataFrame({c: [r[c] for r in rows] for c in cols}, index=texts.index)


def score_dataframe(
    df: DataFrame,
    text_col: str = "text",
    html_col: str | None = None,
    id_col: str | None = None,
    *,
    flags_as: str = "struct",
    prefix: str = "spamcheck_",
) -> DataFrame:
    """Return ``df`` with spamcheck's columns added (see the module docstring).

    ``html_col``, if given, is scored as HTML instead of ``text_col`` (the flag offsets
    then point into the visible text that :func:`spamcheck.extract` renders). Without
    it, ``text_col`` is sniffed per row like :func:`spamcheck.score` does. ``id_col``
    is passed through as the document id.

    >>> out = score_dataframe(spark.read.json("docs.jsonl"), flags_as="json")  # doctest: +SKIP
    >>> out.select("id", "spamcheck_score", "spamcheck_label").show()  # doctest: +SKIP
    """
    import pandas as pd
    from pyspark.sql import functions as F
    from pyspark.sql.functions import pandas_udf

    ddl = result_ddl(flags_as)  # validates flags_as first
    source = html_col or text_col
    html = True if html_col else None
    for col in (source, id_col):
        if col is not None and col not in df.columns:
            raise ValueError(f"column {col!r} not in DataFrame columns {df.columns}")

    if id_col is None:

        def _udf(texts: pd.Series) -> pd.DataFrame:
            return score_frame(texts, html=html, flags_as=flags_as)

        args = [F.col(source)]
    else:

        def _udf(texts: pd.Series, ids: pd.Series) -> pd.DataFrame:  # type: ignore[misc]
            return score_frame(texts, ids, html=html, flags_as=flags_as)

        args = [F.col(source), F.col(id_col).cast("string")]
    # pyspark reads the type hints to pick the UDF kind; under postponed annotations
    # they are strings naming a pandas this module does not import at top level.
    _udf.__annotations__ = {
        **dict.fromkeys(_udf.__code__.co_varnames[: len(args)], pd.Series),
        "return": pd.DataFrame,
    }
    call = pandas_udf(_udf, ddl)(*args)  # type: ignore[call-overload]

    # One struct column, then split: the UDF runs once per row (checked by the tests
    # on the physical plan), not once per output column.
    # Rescoring an already scored frame replaces its spamcheck columns.
    fields = ("score", "label", "scores", "flags", "error")
    kept = [c for c in df.columns if c not in {prefix + k for k in fields}]
    out = df.withColumn(_TMP, call)
    return out.select(
        *[F.col(f"`{c}`") for c in kept],
        *[F.col(f"{_TMP}.{k}").alias(prefix + k) for k in fields],
    )


__all__ = ["detector_loads", "executor_detector", "flag_ddl", "result_ddl", "score_dataframe", "score_frame"]
