"""The document path, top to bottom: decode, normalise, segment, detect, featurise,
classify, report.

:class:`Detector` loads every resource once (lexicons, stop words, the shipped
model) and is then cheap to call, so build one per process and reuse it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from .decision import DEFECT_FAMILIES, decide, gate
from .decode import decode_bytes, looks_binary
from .detectors import ALL_FAMILIES
from .detectors.stats import quality_stats
from .document import Document
from .languages import LanguageGuesser
from .result import FAMILIES, Flag, Result

# Text past this many characters is not analysed (the report says so): a 20 MB
# "document" is a dump, and its first 2 M characters say what it is.
MAX_CHARS = 2_000_000

# Rule-combination thresholds, used when no trained model is loaded.
SPAM_THRESHOLD = 0.80
SUSPECT_THRESHOLD = 0.50
# How much each family counts towards the rule score: metadata and fragments are
# near-certain evidence of a generated page; boilerplate alone is not spam.
FAMILY_WEIGHTS = {
    "ai_padding": 0.75,
    "spun": 0.9,
    "fragments": 0.9,
    "placeholder_metadata": 0.95,
    "boilerplate": 0.4,
}

_SURROGATE = re.compile("[\ud800-\udfff]")
_HTML_SNIFF = ("<html", "<!doctype html", "<body", "<head", "<div", "<p>", "<p ", "<article")


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

    def __init__(self, model: Any = "default", *, trust_model: bool = False) -> None:
        self.languages = LanguageGuesser()
        self.families = [cls() for cls in ALL_FAMILIES]
        self.model = _load_model(model, trust_model)

    # -- public ------------------------------------------------------------
    def score(self, data: str | bytes, *, doc_id: str | None = None, html: bool | None = None) -> Result:
        """Score one document (text or HTML, str or bytes)."""
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
            return _error_result(doc_id, f"expected str or bytes, got {type(data).__name__}")
        if looks_binary(text):
            return _error_result(doc_id, "input looks binary (mostly control bytes); not scored", warnings)
        if len(text) > MAX_CHARS:
            warnings.append(f"document has {len(text)} characters; only the first {MAX_CHARS} were analysed")
            text = text[:MAX_CHARS]
        is_html = looks_like_html(text) if html is None else html
        doc = self._document(text, doc_id, is_html, warnings)
        return self.analyse(doc, warnings)

    def analyse(self, doc: Document, warnings: list[str] | None = None) -> Result:
        """Run every family on a prepared :class:`Document` and build the result."""
        flags: list[Flag] = []
        features: dict[str, float] = {}
        coverage: dict[str, str] = {}
        prose = doc.prose()
        for fam in self.families:
            # Prose families judge the main text only (HTML boilerplate blanked);
            # the others need the whole page (author boxes, link lists, footers).
            found = fam.detect(prose if getattr(fam, "prose_only", False) else doc)
            flags.extend(found.flags)
            features.update(found.features)
            coverage[fam.family] = found.coverage
        features.update(quality_stats(doc))
        flags.sort(key=lambda f: (f.start, f.end, f.family, f.type))
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
        if not doc.words:
            result.warnings.append("no words found; nothing to judge")
        if self.model is not None:
            self.model.apply(result, doc)
        else:
            result.score, result.label, _ = decide(
                rule_score(scores), scores, SUSPECT_THRESHOLD, SPAM_THRESHOLD
            )
            result.scorer = "rules: no trained model loaded; score is a weighted noisy-OR of family scores"
        return result

    def score_many(
        self, items: Iterable[str | bytes | tuple[str, str | bytes]], *, n_jobs: int = 1
    ) -> list[Result]:
        """Score many documents; items are texts or ``(id, text)`` pairs."""
        from .batch import score_iter

        return list(score_iter(items, n_jobs=n_jobs, detector=self))

    # -- internals ---------------------------------------------------------
    def _document(self, text: str, doc_id: str | None, is_html: bool, warnings: list[str]) -> Document:
        if is_html:
            from .html import html_document

            return html_document(text, doc_id=doc_id, languages=self.languages, warnings=warnings)
        return Document(text, doc_id=doc_id, languages=self.languages)


def family_score(flags: list[Flag]) -> float:
    """Rule score of one family: a noisy-OR over flag types.

    Within a type only the strongest flag and the count matter, so 200 weak
    lexicon hits do not outweigh one certain finding.
    """
    by_type: dict[str, list[float]] = {}
    for f in flags:
        by_type.setdefault(f.type, []).append(f.strength)
    miss = 1.0
    for strengths in by_type.values():
        top = max(strengths)
        # Repeats add evidence with diminishing returns (at most three count).
        p = 1.0 - (1.0 - top) ** min(len(strengths), 3) if top < 1.0 else 1.0
        miss *= 1.0 - p
    return round(1.0 - miss, 6)


# Without a DEFECT family (spun, fragments, placeholder_metadata) at its 0.5 decision point a
# document is at most "suspect": prose style (ai_padding) and boilerplate are evidence, not
# proof, and on real human text (other sources, other languages, pages with navigation) they
# misfire far more often than the defect families do. See :mod:`spamcheck.decision`.


def defect_gate(score: float, scores: dict[str, float], spam_threshold: float) -> tuple[float, bool]:
    """Cap ``score`` just below ``spam_threshold`` unless a defect family fired.

    Returns ``(score, capped)``.

    >>> defect_gate(0.95, {"ai_padding": 1.0, "fragments": 0.1}, 0.8)
    (0.799999, True)
    >>> defect_gate(0.95, {"ai_padding": 1.0, "fragments": 0.9}, 0.8)
    (0.95, False)
    """
    return gate(score, scores, spam_threshold, DEFECT_FAMILIES)


def rule_score(scores: dict[str, float]) -> float:
    miss = 1.0
    for fam, s in scores.items():
        miss *= 1.0 - FAMILY_WEIGHTS.get(fam, 0.5) * s
    return round(1.0 - miss, 6)


def label_for(score: float, suspect: float, spam: float) -> str:
    if score >= spam:
        return "spam"
    if score >= suspect:
        return "suspect"
    return "clean"


def _error_result(doc_id: str | None, message: str, warnings: list[str] | None = None) -> Result:
    return Result(
        id=doc_id, score=0.0, label="clean", warnings=list(warnings or []), error=message,
        scorer="none: input could not be analysed",
    )


def _load_model(model: Any, trust: bool) -> Any:
    if model is None:
        return None
    try:
        from .model import load_default_model, load_model
    except ImportError:
        return None
    if model == "default":
        return load_default_model(trust=trust)
    if isinstance(model, str) or hasattr(model, "__fspath__"):
        return load_model(model, trust=trust)
    return model
