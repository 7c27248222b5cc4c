"""How flags become numbers and labels: family scores, the rule score, the rule
thresholds, and the one decision (:func:`decide`) that turns a base score and the
family scores into the final score and label.

How the overall score combines the families:

1. the model's overall probability (gradient boosting on the ai head's logit plus page
   evidence; monotone: more defect evidence never lowers it), or without a model the
   weighted noisy-OR of the family scores;
2. raised to the noisy-OR of the page-level families (every family except ai_padding):
   rule evidence the model cannot talk down. That lift alone reaches ``spam`` only at
   :data:`FLOOR_SPAM` (a sure generated profile, or two strong defect families together),
   whatever the model's spam threshold; below it the lift stops just under spam and the
   model decides;
3. ``spam`` needs a DEFECT family (spun, fragments, placeholder_metadata) at its 0.5
   decision point, otherwise the score is capped just below the spam threshold;
4. ``suspect`` needs a DECISIVE family: ai_padding (calibrated so 0.5 keeps every human
   register seen in training at <= 2% out of fold) or a defect family at 0.5; otherwise the
   score is capped just below the suspect threshold. Prose style short of a confident
   ai_padding, boilerplate, and their combination are evidence, never a label by themselves.

Placeholder filler alone (lorem ipsum, :data:`FILLER_TYPES`) is at most ``suspect`` by
the rules: filler shows that a template slot was left unfilled, not that the page was
generated. Real sites publish test posts, theme demos and drafts with filler in an
otherwise human page (a story site's post that ends in a pasted lorem paragraph), and a
user would not call such a page spam for that alone. The filler still makes the page
``suspect`` (it is a real defect a user wants to see), and the model, which weighs it with
the rest of the page (machine-made prose, a stitched layout), may still call it spam;
without a model (other languages, no model loaded) a page whose only defect is filler stays
``suspect``. A generated profile (``fake_profile``), a fragment or a spun phrase beside the
filler keeps the full rule evidence.

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
# The page-evidence lift (step 2) reaches spam on its own only from here: a sure flag of
# placeholder_metadata (1.0 -> 0.95), or two strong families (fragments 1.0 alone is 0.9:
# the model decides). Fixed, not the model's threshold: when the out-of-fold placement
# lowers the model's spam threshold, the rules must not become stronger with it. On the
# training data the human pages at or above 0.92 all carry a sure defect (look-alike letters,
# lorem filler: see the filler rule); composed human pages whose quotations the fragments
# family misjudged reach 0.901 at most.
FLOOR_SPAM = 0.92
# Flag types that are placeholder filler: evidence of an unfilled template slot, not of a
# generated page (see the module docstring). Per family.
FILLER_TYPES: dict[str, tuple[str, ...]] = {"placeholder_metadata": ("lorem_ipsum",)}


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


def page_floor(scores: dict[str, float]) -> float:
    """The page-evidence rule score: the rule combination of every family but ai_padding.

    >>> page_floor({"ai_padding": 1.0, "fragments": 1.0})
    0.9
    """
    return rule_score({f: s for f, s in scores.items() if f != "ai_padding"})


def filler_free(flags: list[Flag]) -> dict[str, float]:
    """Scores of the families that have filler types, recomputed without those flags.

    >>> f = Flag("placeholder_metadata", "lorem_ipsum", 0, 5, "lorem", "filler", 0.95)
    >>> filler_free([f])
    {'placeholder_metadata': 0.0}
    """
    return {
        fam: family_score([f for f in flags if f.family == fam and f.type not in types])
        for fam, types in FILLER_TYPES.items()
    }


def filler_only(scores: dict[str, float], free: dict[str, float]) -> bool:
    """True when placeholder filler is the page's only defect at the 0.5 decision point.

    ``free`` holds the scores of :func:`filler_free` (families missing from it keep their
    score in ``scores``).

    >>> filler_only({"placeholder_metadata": 0.95}, {"placeholder_metadata": 0.0})
    True
    >>> filler_only({"placeholder_metadata": 0.95, "fragments": 0.9}, {"placeholder_metadata": 0.0})
    False
    """
    hit = [f for f in DEFECT_FAMILIES if scores.get(f, 0.0) >= DECISION_POINT]
    return bool(hit) and all(free.get(f, scores.get(f, 0.0)) < DECISION_POINT for f in hit)


def decide(
    base: float,
    scores: dict[str, float],
    suspect: float,
    spam: float,
    floor: float = 0.0,
    *,
    filler: bool = False,
    judged: bool = True,
) -> tuple[float, str, list[str]]:
    """The final ``(score, label, notes)`` from a base score, family scores and thresholds.

    ``scores`` are the family scores as reported (ai_padding already the model's when it
    judged the prose); ``floor`` is the page-evidence rule score (:func:`page_floor`) the
    base may not go under; it lifts to spam on its own only from :data:`FLOOR_SPAM`.
    ``filler`` says the page's only defect is placeholder filler (:func:`filler_only`):
    the floor then lifts to suspect at most, and when ``judged`` is false (``base`` is the
    rule score, no model weighed the page) the page is at most suspect.

    >>> decide(0.9, {"ai_padding": 0.3, "boilerplate": 1.0}, 0.5, 0.8)[1]
    'clean'
    >>> decide(0.9, {"ai_padding": 0.7}, 0.5, 0.8)[1]
    'suspect'
    >>> decide(0.9, {"ai_padding": 0.7, "fragments": 0.9}, 0.5, 0.8)[1]
    'spam'
    >>> decide(0.2, {"fragments": 0.85}, 0.5, 0.7, floor=0.765)[1]
    'suspect'
    >>> decide(0.95, {"placeholder_metadata": 0.95}, 0.5, 0.8, filler=True, judged=False)[1]
    'suspect'
    """
    notes: list[str] = []
    score = base
    if floor > score:
        lift = floor
        if floor < FLOOR_SPAM or filler:
            lift = min(floor, max(score, just_below(spam)))
        if lift > score:
            score = lift
            notes.append(f"raised to the page-evidence rule score {floor:.3f}"
                         + (" (at most just below spam: the model decides spam)" if lift < floor else ""))
    if filler and not judged and score >= spam:
        score = just_below(spam)
        notes.append("capped below spam: placeholder filler alone (lorem ipsum) is at most suspect without a "
                     "model to weigh the rest of the page")
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


def decide_rules(scores: dict[str, float], flags: list[Flag]) -> tuple[float, str, list[str]]:
    """:func:`decide` for a document no model judged: the rule score and the rule thresholds.

    >>> lorem = Flag("placeholder_metadata", "lorem_ipsum", 0, 5, "lorem", "filler", 1.0)
    >>> decide_rules({"placeholder_metadata": 1.0}, [lorem])[1]
    'suspect'
    """
    return decide(
        rule_score(scores), scores, SUSPECT_THRESHOLD, SPAM_THRESHOLD,
        filler=filler_only(scores, filler_free(flags)), judged=False,
    )
