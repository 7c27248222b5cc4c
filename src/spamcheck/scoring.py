"""How flags become numbers and labels: family scores, the rule score, the defect
gate, labels and the rule thresholds.

Used by :class:`~spamcheck.detector.Detector` when no model is loaded and by the
shipped model (:mod:`spamcheck.model.classifier`) for its evidence floor and gate.
"""

from __future__ import annotations

import math

from .result import Flag

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
    # Degenerate text is judged by its own rule (explain.at_least_suspect), not by
    # the combination: repetition is no evidence of spam, and the model never saw it.
    "quality": 0.0,
}


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


# Families whose flags are concrete page defects rather than prose style or page
# furniture. Without one of them at its 0.5 decision point a document is at most
# "suspect": prose style (ai_padding) and boilerplate are evidence, not proof, and
# on real human text (other sources, other languages, pages with navigation) they
# misfire far more often than the defect families do.
DEFECT_FAMILIES = ("spun", "fragments", "placeholder_metadata")


def defect_gate(score: float, scores: dict[str, float], spam_threshold: float) -> tuple[float, bool]:
    """Cap ``score`` just below ``spam_threshold`` unless a defect family fired.

    Returns ``(score, capped)``.

    >>> defect_gate(0.95, {"ai_padding": 1.0, "fragments": 0.1}, 0.8)
    (0.799999, True)
    >>> defect_gate(0.95, {"ai_padding": 1.0, "fragments": 0.9}, 0.8)
    (0.95, False)
    """
    if score < spam_threshold or max(scores.get(f, 0.0) for f in DEFECT_FAMILIES) >= 0.5:
        return score, False
    return math.floor(spam_threshold * 1e6 - 1) / 1e6, True


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
