"""From family scores and the model's probabilities to the final score and label.

One function, :func:`decide`, used by :meth:`spamcheck.model.SpamModel.apply`, by the
rules-only path of :class:`spamcheck.detector.Detector` and by the training/benchmark
code that labels out-of-fold scores, so the label logic measured is the label logic shipped.

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
"""

from __future__ import annotations

import math

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


def _just_below(threshold: float) -> float:
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
    return _just_below(threshold), True


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
