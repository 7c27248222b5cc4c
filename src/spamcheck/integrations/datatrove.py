"""spamcheck as datatrove pipeline steps.

- :class:`SpamcheckAnnotator` writes the verdict into ``doc.metadata``:
  ``spamcheck_score`` (float), ``spamcheck_label`` (str), ``spamcheck_scores``
  ({family: float}), ``spamcheck_flags`` (list of {family, type, start, end, text,
  reason, strength}) and, only when the text could not be analysed,
  ``spamcheck_error``. The same names and values as the Spark columns.
- :class:`SpamcheckFilter` drops documents; ``filter(doc)`` returns
  ``(False, "spamcheck_<family>")`` naming the strongest family, so datatrove counts
  drops per reason and the ``exclusion_writer`` keeps each dropped document with
  ``metadata["filter_reason"]`` plus the full evidence above.

The detector is :func:`spamcheck.default_detector`, built once per worker process on
first use (never pickled with the step), so ``LocalPipelineExecutor`` and Slurm
workers each load it once.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from datatrove.data import Document, DocumentsPipeline
from datatrove.pipeline.base import PipelineStep
from datatrove.pipeline.filters.base_filter import BaseFilter
from datatrove.pipeline.writers.disk_base import DiskWriter

from . import result_fields

PREFIX = "spamcheck_"
# Documents scored per model call (datatrove's ``batch_size``); 1 scores one at a time.
BATCH_SIZE = 256


def annotate(doc: Document, *, html: bool | None = None, prefix: str = PREFIX) -> dict[str, Any]:
    """Score ``doc.text`` and write the verdict into ``doc.metadata``; returns the fields.

    >>> d = Document(text="Lorem ipsum dolor sit amet, consectetur adipiscing elit.", id="d1")
    >>> sorted(annotate(d)) == sorted(["score", "label", "scores", "flags", "error"])
    True
    >>> d.metadata["spamcheck_label"] in ("clean", "suspect", "spam")
    True
    """
    return annotate_many([doc], html=html, prefix=prefix)[0]


def annotate_many(
    docs: list[Document], *, html: bool | None = None, prefix: str = PREFIX
) -> list[dict[str, Any]]:
    """:func:`annotate` for a list of documents, scored in one batch (one model call).

    >>> ds = [Document(text="Plain human words here.", id="a"), Document(text="More words.", id="b")]
    >>> [f["label"] for f in annotate_many(ds)]
    ['clean', 'clean']
    """
    from .. import default_detector

    results = default_detector().score_batch([(str(d.id), d.text, html) for d in docs])
    out = []
    for doc, result in zip(docs, results, strict=True):
        if isinstance(result, Exception):
            raise result  # as Detector.score would
        fields = result_fields(result)
        for key, value in fields.items():
            if key != "error" or value is not None:
                doc.metadata[prefix + key] = value
        out.append(fields)
    return out


class SpamcheckAnnotator(PipelineStep):
    """Annotate every document with spamcheck's score, label, family scores and flags.

    ``html=None`` sniffs each text (as :func:`spamcheck.score` does); ``True`` treats
    ``doc.text`` as HTML, and flag offsets then point into the extracted visible text.

    >>> step = SpamcheckAnnotator()
    >>> docs = list(step.run(iter([Document(text="Plain human words here.", id="a")])))
    >>> docs[0].metadata["spamcheck_label"]
    'clean'
    """

    name = "🧹 spamcheck"
    type = "🏷 - ANNOTATOR"

    def __init__(self, html: bool | None = None, prefix: str = PREFIX, batch_size: int = BATCH_SIZE) -> None:
        super().__init__()
        self.html = html
        self.prefix = prefix
        self.batch_size = max(1, int(batch_size))

    def run(self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        from datatrove.utils.batching import batched

        for batch in batched(data or (), self.batch_size):
            with self.track_time("batch"):
                all_fields = annotate_many(batch, html=self.html, prefix=self.prefix)
            for doc, fields in zip(batch, all_fields, strict=True):
                self.stat_update("total")
                self.stat_update(f"label_{fields['label']}")
                if fields["error"]:
                    self.stat_update("not_analysed")
                yield doc


class SpamcheckFilter(BaseFilter):
    """Drop documents spamcheck judges spam; keep the evidence with the dropped ones.

    ``threshold=None`` drops what the detector labels ``spam``; a number drops every
    document whose score is ``>= threshold``. Scores an upstream
    :class:`SpamcheckAnnotator` already wrote (same ``prefix``) are reused, not
    recomputed; otherwise the filter annotates the document itself, so the
    ``exclusion_writer`` output always carries score, label and flags.

    >>> f = SpamcheckFilter(threshold=0.0)
    >>> f.filter(Document(text="Plain human words here.", id="a"))[0]
    False
    >>> SpamcheckFilter(threshold=1.0).filter(Document(text="Plain human words here.", id="b"))
    True
    """

    name = "🧹 spamcheck"

    def __init__(
        self,
        threshold: float | None = None,
        exclusion_writer: DiskWriter | None = None,
        *,
        html: bool | None = None,
        prefix: str = PREFIX,
        batch_size: int = BATCH_SIZE,
    ) -> None:
        super().__init__(exclusion_writer, batch_size=max(1, int(batch_size)))
        if threshold is not None and not 0.0 <= float(threshold) <= 1.0:
            raise ValueError(f"threshold must be in 0..1, not {threshold!r}")
        self.threshold = threshold
        self.html = html
        self.prefix = prefix

    def filter_batch(self, batch: list[Document]) -> list[bool | tuple[bool, str]]:
        """:meth:`filter` for a batch: documents not yet annotated are scored together."""
        p = self.prefix
        todo = [d for d in batch if p + "score" not in d.metadata or p + "label" not in d.metadata]
        if todo:
            annotate_many(todo, html=self.html, prefix=p)
        return list(map(self.filter, batch))

    def filter(self, doc: Document) -> bool | tuple[bool, str]:
        p = self.prefix
        if p + "score" not in doc.metadata or p + "label" not in doc.metadata:
            annotate(doc, html=self.html, prefix=p)
        score = float(doc.metadata[p + "score"])
        label = doc.metadata[p + "label"]
        drop = label == "spam" if self.threshold is None else score >= self.threshold
        if not drop:
            return True
        return False, drop_reason(doc.metadata.get(p + "scores") or {})


def drop_reason(scores: dict[str, float]) -> str:
    """A short, low-cardinality reason (datatrove counts ``dropped_<reason>``).

    >>> drop_reason({"spun": 0.2, "fragments": 0.9})
    'spamcheck_fragments'
    >>> drop_reason({})
    'spamcheck_score'
    """
    best = max(scores.items(), key=lambda kv: kv[1], default=(None, 0.0))
    return f"spamcheck_{best[0]}" if best[0] is not None and best[1] > 0 else "spamcheck_score"


def iter_annotated(docs: Iterable[Document], html: bool | None = None) -> Iterable[Document]:
    """Annotate documents outside a pipeline (a generator; handy in notebooks).

    >>> [d.metadata["spamcheck_label"] for d in iter_annotated([Document(text="Hi there.", id="x")])]
    ['clean']
    """
    from datatrove.utils.batching import batched

    for batch in batched(docs, BATCH_SIZE):
        annotate_many(batch, html=html)
        yield from batch


__all__ = [
    "SpamcheckAnnotator",
    "SpamcheckFilter",
    "annotate",
    "annotate_many",
    "drop_reason",
    "iter_annotated",
]
