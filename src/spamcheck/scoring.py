"""How flags become numbers and labels: family scores, the rule score, the rule
thresholds, and the one decision (:func:`decide`) that turns a base score and the
family scores into the final score and label.

How the overall score combines the families:

1. the model's overall probability (gradient boosting on the ai head's logit plus page
   evidence), or without a model the weighted noisy-OR of the family scores;
2. raised to the noisy-OR of the page-level families (every family except ai_padding):
   rule evidence the model cannot talk down;
3. ``spam`` needs a DEFECT family (spun, fragments, placeholder_metadata) at its 0.5
   decision point, otherwise the score is capped just below the spam threshold;
4. ``suspect`` needs a DECISIVE family: ai_padding (calibrated so 0.5 keeps every human
   register seen in training at <= 2% out of fold) or a defect family at 0.5; otherwise the
   score is capped just below the suspect threshold. Prose style short of a confident
   ai_padding, boilerplate, and their combination are evidence, never a label by themselves.

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


# Families whose flags are concrete page defects rather than prose style or page furniture.
DEFECT_FAMILIES = ("spun", "fragments", "placeholder_metadata")
# Families that may carry a document to "suspect": the defects, or a confident ai_padding.
DECISIVE_FAMILIES = ("ai_padding", *DEFECT_FAMILIES)
DECISION_POINT = 0.5


# ai_padding's rule score (lexicon density, keyword stuffing, rhythm, redundant paragraphs) is not
# calibrated: on human web pages in German, French, Czech it reached 0.5 on ~1.5% of pages (a
# press release repeating a company name, a page whose blocks repeat). When the trained head
# did not judge the prose (a language it was not trained on, or too few prose words) the
# rule score is kept but capped here: evidence, never a confident "machine-made".
UNJUDGED_AI_CAP = 0.49


def unjudged_ai_padding(score: float) -> float:
    """ai_padding when the model did not judge the prose: the rule score, below 0.5.

    >>> unjudged_ai_padding(0.99), unjudged_ai_padding(0.2)
    (0.49, 0.2)
    """
    return min(score, UNJUDGED_AI_CAP)


def just_below(threshold: float) -> float:
    """The score a capped document gets: just below ``threshold``.

    >>> just_below(0.8)
    0.799999
    """
    return math.floor(threshold * 1e6 - 1) / 1e6


def gate(
    score: float, scores: dict[str, float], threshold: float, families: tuple[str, ...]
) -> tuple[float, bool]:
    """Cap ``score`` just below ``threshold`` unless one of ``families`` is at its 0.5 decision point.

    Returns ``(score, capped)``.

    >>> gate(0.95, {"ai_padding": 1.0, "fragments": 0.1}, 0.8, DEFECT_FAMILIES)
    (0.799999, True)
    >>> gate(0.95, {"ai_padding": 1.0}, 0.8, DECISIVE_FAMILIES)
    (0.95, False)
    """
    if score < threshold or max(scores.get(f, 0.0) for f in families) >= DECISION_POINT:
        return score, False
    return just_below(threshold), True


def decide(
    base: float, scores: dict[str, float], suspect: float, spam: float, floor: float = 0.0
) -> tuple[float, str, list[str]]:
    """The final ``(score, label, notes)`` from a base score, family scores and thresholds.

    ``scores`` are the family scores as reported (ai_padding already the model's when it
    judged the prose); ``floor`` is the page-evidence rule score the base may not go under.

    >>> decide(0.9, {"ai_padding": 0.3, "boilerplate": 1.0}, 0.5, 0.8)[1]
    'clean'
    >>> decide(0.9, {"ai_padding": 0.7}, 0.5, 0.8)[1]
    'suspect'
    >>> decide(0.9, {"ai_padding": 0.7, "fragments": 0.9}, 0.5, 0.8)[1]
    'spam'
    """
    notes: list[str] = []
    score = base
    if floor > score:
        score = floor
        notes.append(f"raised to the page-evidence rule score {floor:.3f}")
    score, capped = gate(score, scores, spam, DEFECT_FAMILIES)
    if capped:
        notes.append("capped below spam: machine-like prose without a page defect is at most suspect")
    score, capped = gate(score, scores, suspect, DECISIVE_FAMILIES)
    if capped:
        notes.append(
            "capped below suspect: neither ai_padding nor a defect family (spun, fragments, "
            "placeholder_metadata) reached 0.5"
        )
    label = "spam" if score >= spam else "suspect" if score >= suspect else "clean"
    return score, label, notes
