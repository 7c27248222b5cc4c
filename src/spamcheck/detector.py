"""The document path, top to bottom: decode, normalise, segment, detect, featurise,
classify, report.

:class:`Detector` loads every resource once (lexicons, stop words, the shipped
model) and is then cheap to call, so build one per process and reuse it.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

from .detectors import build_families
from .detectors.quality import Quality
from .explain import at_least_suspect, why
from .messages import describe
from .quality.stats import quality_stats
from .result import FAMILIES, Flag, Result, by_strength
from .scoring import SPAM_THRESHOLD, SUSPECT_THRESHOLD, decide_rules, family_score, label_for
from .text.decode import decode_bytes, looks_binary
from .text.document import Document
from .text.languages import LanguageGuesser

# Text past this many characters is not analysed (the report says so): a 20 MB
# "document" is a dump, and its first 2 M characters say what it is.
MAX_CHARS = 2_000_000

_SURROGATE = re.compile("[\ud800-\udfff]")
_HTML_SNIFF = ("<html", "<!doctype html", "<body", "<head", "<div", "<p>", "<p ", "<article")


@contextmanager
def _collector_paused() -> Iterator[None]:
    """No cyclic garbage collection while the tables are built.

    Loading builds millions of small containers (the collocation index's tuples and sets,
    word tables, the model's trees) and none of them is garbage: every collection the
    allocations trigger walks them all for nothing. Pausing it cut building the default
    detector by a sixth to a quarter of its CPU time (10.1-10.4 -> 7.3-8.9 s with one core
    busy), which every CLI call and every `spamcheck batch` pays once before its workers fork.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def looks_like_html(text: str) -> bool:
    head = text[:2048].lstrip().lower()
    return head.startswith("<") and any(t in head for t in _HTML_SNIFF)


class Detector:
    """Scores documents. Build once, call many times.

    >>> det = Detector()
    >>> r = det.score("Lorem ipsum dolor sit amet, consectetur adipiscing elit.")
    >>> r.scores["placeholder_metadata"] > 0
    True
    """

    def __init__(
        self,
        model: Any = "default",
        *,
        trust_model: bool = False,
        families: Sequence[str] | None = None,
        family_options: Mapping[str, Mapping[str, Any]] | None = None,
    ) -> None:
        """Load every resource once.

        Parameters
        ----------
        model
            ``"default"`` (the shipped model), a model directory, a loaded model,
            or ``None`` for the rule scores only.
        trust_model
            Load a model whose sha256 does not match its card.
        families
            Names of the detector families to run (default: all five); see
            :data:`spamcheck.detectors.FAMILY_REGISTRY`.
        family_options
            Constructor keywords per family name, e.g. ``{"boilerplate": {"min_repeat_chars": 20}}``.
        """
        with _collector_paused():
            self.languages = LanguageGuesser()
            self.families = build_families(families, family_options)
            self.quality = Quality()
            self.model = _load_model(model, trust_model)

    # -- public ------------------------------------------------------------
    def score(self, data: str | bytes, *, doc_id: str | None = None, html: bool | None = None) -> Result:
        """Score one document (text or HTML, str or bytes).

        Input that cannot be judged (not text, binary, no words) gives label
        ``error`` with the reason in ``error``, never ``clean``.
        """
        prepared = self.prepare_input(data, doc_id=doc_id, html=html)
        if isinstance(prepared, Result):
            return prepared
        return self.analyse(*prepared)

    def score_batch(
        self, items: Iterable[tuple[str | None, str | bytes, bool | None]]
    ) -> list[Result | Exception]:
        """Score ``(doc_id, data, html)`` items with one model prediction per chunk.

        Same results as :meth:`score` on each item; an item whose analysis raised
        comes back as the exception (the others are still scored). See
        :mod:`spamcheck.chunked`.
        """
        from .chunked import score_batch

        return score_batch(self, items)

    def prepare_input(
        self, data: str | bytes, *, doc_id: str | None = None, html: bool | None = None
    ) -> tuple[Document, list[str]] | Result:
        """Decode, check and parse one input: ``(document, warnings)``, or an error result."""
        warnings: list[str] = []
        if isinstance(data, bytes):
            text, _, warnings = decode_bytes(data)
        elif isinstance(data, str):
            text = data
            if _SURROGATE.search(text):
                # Lone surrogates cannot be encoded, so neither could the report;
                # U+FFFD keeps every offset where it was.
                text = _SURROGATE.sub("\ufffd", text)
                warnings.append("lone surrogate code points replaced by U+FFFD")
        else:
            return _error_result(doc_id, f"expected text (str) or bytes, got {describe(data)}")
        if looks_binary(text):
            return _error_result(doc_id, "input looks binary (mostly control bytes); not scored", warnings)
        if len(text) > MAX_CHARS:
            warnings.append(f"document has {len(text)} characters; only the first {MAX_CHARS} were analysed")
            text = text[:MAX_CHARS]
        is_html = looks_like_html(text) if html is None else html
        return self.prepare(text, doc_id, is_html, warnings), warnings

    def analyse(
        self, doc: Document, warnings: list[str] | None = None, *, apply_model: bool = True
    ) -> Result:
        """Run every family on a prepared :class:`Document` and build the result.

        ``apply_model=False`` leaves a loaded model's step to the caller, which
        scores many documents in one call (``self.model.apply_many``) and then
        calls :meth:`finish` on each result.
        """
        if not doc.words:
            # Nothing to judge: "clean" would let empty or symbol-only records through a filter.
            return _error_result(doc.id, "no text: the document has no words; not scored", warnings)
        flags: list[Flag] = []
        features: dict[str, float] = {}
        coverage: dict[str, str] = {}
        prose = doc.prose()
        for fam in self.families:
            # Prose families judge the main text only (HTML boilerplate blanked);
            # the others need the whole page (author boxes, link lists, footers).
            found = fam.detect(prose if fam.prose_only else doc)
            flags.extend(found.flags)
            features.update(found.features)
            coverage[fam.family] = found.coverage
        stats = quality_stats(doc)
        features.update(stats)
        found = self.quality.check(doc, stats)
        flags.extend(found.flags)
        features.update(found.features)
        coverage[self.quality.family] = found.coverage
        # Strongest first: people and CI read the top of the list (Result.flags_by_offset() for text order).
        flags = by_strength(flags)
        scores = {f: family_score([x for x in flags if x.family == f]) for f in FAMILIES}
        result = Result(
            id=doc.id,
            score=0.0,
            label="clean",
            scores=scores,
            flags=flags,
            features=features,
            language=doc.language,
            detectors=coverage,
            input_kind=doc.input_kind,
            warnings=list(warnings or []),
        )
        if self.model is not None:
            if not apply_model:
                return result
            self.model.apply(result, doc)
        else:
            result.score, result.label, _ = decide_rules(scores, flags)
            result.scorer = "rules: no trained model loaded; score is a weighted noisy-OR of family scores"
        return self.finish(result)

    def finish(self, result: Result) -> Result:
        """Last step of every scored document: the degenerate-text floor and the ``why`` line."""
        thresholds = self.thresholds(result)
        before = result.score
        result.score, raised = at_least_suspect(result.score, result.scores, thresholds["suspect"])
        if raised:
            result.label = label_for(result.score, thresholds["suspect"], thresholds["spam"])
        result.why = why(
            result.label, result.score, result.scores, thresholds, raised_by=raised, raised_from=before
        )
        return result

    def thresholds(self, result: Result | None = None) -> dict[str, float]:
        """The ``suspect``/``spam`` thresholds that labelled ``result``.

        The model's, unless the rules scored it (no model, or a fallback the
        scorer line names, such as a language the model was not trained on).
        """
        model_t = getattr(self.model, "thresholds", None)
        if model_t and not (result is not None and result.scorer.startswith("rules")):
            return {"suspect": float(model_t["suspect"]), "spam": float(model_t["spam"])}
        return {"suspect": SUSPECT_THRESHOLD, "spam": SPAM_THRESHOLD}

    def score_many(
        self, items: Iterable[str | bytes | tuple[str, str | bytes]], *, n_jobs: int = 1
    ) -> list[Result]:
        """Score many documents; items are texts or ``(id, text)`` pairs."""
        from .parallel import score_iter

        # With n_jobs > 1, forked workers inherit this detector (see spamcheck.parallel).
        return list(score_iter(items, n_jobs=n_jobs, detector=self))

    def prepare(self, text: str, doc_id: str | None, is_html: bool, warnings: list[str]) -> Document:
        """Decoded text to a :class:`Document` (HTML: main text and blocks), ready for :meth:`analyse`."""
        if is_html:
            from .html.extraction import html_document

            return html_document(text, doc_id=doc_id, languages=self.languages, warnings=warnings)
        return Document(text, doc_id=doc_id, languages=self.languages)


@lru_cache(maxsize=1)
def default_detector() -> Detector:
    """The process-wide :class:`Detector` with the shipped model (built on first use)."""
    return Detector()


def _error_result(doc_id: str | None, message: str, warnings: list[str] | None = None) -> Result:
    return Result(
        id=doc_id, score=0.0, label="error", warnings=list(warnings or []), error=message,
        scorer="none: input could not be analysed", why=why("error", 0.0, {}, {}, error=message),
    )


def _load_model(model: Any, trust: bool) -> Any:
    if model is None:
        return None
    try:
        from .model.classifier import load_default_model, load_model
    except ImportError:
        return None
    if model == "default":
        return load_default_model(trust=trust)
    if isinstance(model, str) or hasattr(model, "__fspath__"):
        return load_model(model, trust=trust)
    return model
