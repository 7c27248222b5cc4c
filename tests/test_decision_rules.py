"""The overall decision's rules (issue 13/14): placeholder filler alone is at most suspect,
the page-evidence floor reaches spam on its own only from FLOOR_SPAM, the overall head is
monotone in defect evidence, and thresholds are placed on what the decision can label.

Every example text here was written for these tests (not taken from the data or the seed).
"""

from __future__ import annotations

import numpy as np
import pytest
from training.trust_eval import filler_free_rows

from spamcheck import Detector
from spamcheck.model.features import doc_features
from spamcheck.model.fit import _fit_hgb, choose_thresholds, label_gates, overall_monotone
from spamcheck.scoring import FLOOR_SPAM, decide, filler_free, filler_only, page_floor

# A club volunteer's post about a site redesign; the unfinished section still carries the
# theme's sample text. A real page with real filler: suspect at most, never spam for that alone.
HUMAN_POST_WITH_FILLER = """Finally got the new theme working on the club site

After three evenings of fiddling I think the layout is where I want it. The match reports now sit \
in a column on the left, and the fixtures list stays pinned on the right so nobody has to scroll \
past last season's results to find out when the next home game is.

Marek asked whether we could keep the old photo gallery. We can, but the plugin it uses has not \
been updated in years, so I moved the pictures into the new gallery block instead. If any of your \
photos are missing, send me a message and I will dig them out of the backup.

The page for the youth section is still unfinished. I copied the sample text from the theme so I \
could see how the columns wrap, and I have not written the real introduction yet:

Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore \
et dolore magna aliqua. Ut enim ad minim veniam, quis nostrud exercitation ullamco laboris nisi ut \
aliquip ex ea commodo consequat.

I will replace it once the coaches send me their paragraph. Thanks to everyone who tested the site \
on their phones last week.
"""

# A generated listicle with a generated author profile whose bio is filler: the profile is a
# defect of its own (fake_profile), so the filler rule does not apply.
GENERATED_PAGE_WITH_PROFILE = """Top 10 Benefits of Smart Home Security Systems in 2024

Smart home security systems offer a wide range of benefits that can significantly enhance the \
safety and convenience of your home. In today's fast-paced world, it is essential to consider the \
various features that these systems provide.

Furthermore, smart cameras allow homeowners to monitor their property from anywhere. Moreover, it \
is important to note that motion sensors play a crucial role in ensuring comprehensive protection.

About the author
Name: Delbert Kuhlman
Username: dkuhlman88
Email: delbert.kuhlman@example.net
Birthdate: 1991-04-17
Address: 4820 Rempel Pines Suite 597, Lake Jovanny, NV 88213-4412
Bio: Voluptatem quia sit dolorem numquam quaerat eius aliquam. Sed ut tempora magnam dolore est amet.
"""


@pytest.fixture(scope="module")
def rules_detector() -> Detector:
    return Detector(model=None)


def test_human_post_with_lorem_filler_is_suspect_not_spam(rules_detector):
    r = rules_detector.score(HUMAN_POST_WITH_FILLER)
    assert any(f.type == "lorem_ipsum" for f in r.flags)  # the filler is still located
    assert r.scores["placeholder_metadata"] >= 0.5
    assert filler_only(r.scores, filler_free(r.flags))
    assert r.label == "suspect"


def test_generated_page_with_a_filler_bio_in_a_fake_profile_is_spam(rules_detector):
    r = rules_detector.score(GENERATED_PAGE_WITH_PROFILE)
    assert {"fake_profile", "lorem_ipsum"} <= {f.type for f in r.flags}
    assert not filler_only(r.scores, filler_free(r.flags))
    assert r.label == "spam"


def test_model_path_filler_alone_lifts_to_suspect_and_leaves_spam_to_the_model():
    scores = {"ai_padding": 0.05, "placeholder_metadata": 0.9975}  # two filler sentences
    floor = page_floor(scores)
    assert floor >= FLOOR_SPAM  # without the filler rule the floor alone would make it spam
    assert decide(0.3, scores, 0.6, 0.8, floor, filler=True)[1] == "suspect"
    assert decide(0.3, scores, 0.6, 0.8, floor)[1] == "spam"
    # The model, which sees the whole page, may still call it spam.
    assert decide(0.85, scores, 0.6, 0.8, floor, filler=True)[1] == "spam"


def test_filler_beside_another_defect_keeps_the_full_evidence():
    scores = {"placeholder_metadata": 0.95, "fragments": 0.9}
    assert not filler_only(scores, {"placeholder_metadata": 0.0})
    assert decide(0.2, scores, 0.6, 0.8, page_floor(scores), filler=False)[1] == "spam"


def test_floor_below_floor_spam_stops_just_under_a_low_spam_threshold():
    # A human page whose quotation the fragments family misjudged (0.9): page evidence 0.81.
    # With a spam threshold of 0.75 the old floor made it spam; now the model decides.
    human = {"ai_padding": 0.02, "fragments": 0.9}
    score, label, notes = decide(0.3, human, 0.6, 0.75, page_floor(human))
    assert label == "suspect" and score < 0.75
    assert any("model decides spam" in n for n in notes)
    # A generated page with the same evidence that the model scores above the threshold is spam.
    assert decide(0.8, human, 0.6, 0.75, page_floor(human))[1] == "spam"
    # One sure flag of a defect family plus another strong family: the rules alone decide.
    sure = {"fragments": 1.0, "spun": 0.9}
    assert page_floor(sure) >= FLOOR_SPAM
    assert decide(0.1, sure, 0.6, 0.75, page_floor(sure))[1] == "spam"


def test_floor_keeps_the_old_behaviour_above_floor_spam():
    # With a spam threshold above FLOOR_SPAM the lift is unchanged: raised to the floor.
    assert decide(0.1, {"fragments": 0.95}, 0.6, 0.9, floor=0.95)[1] == "spam"
    assert decide(0.1, {"fragments": 0.95}, 0.6, 0.96, floor=0.95)[1] == "suspect"


def test_filler_free_rows_from_features_match_the_flags(rules_detector):
    for text in (HUMAN_POST_WITH_FILLER, GENERATED_PAGE_WITH_PROFILE):
        doc = rules_detector.prepare(text, None, False, [])
        result = rules_detector.analyse(doc)
        _, feats = doc_features(doc, result)
        assert filler_free_rows([("", feats)])[0] == pytest.approx(filler_free(result.flags))


def test_overall_monotone_marks_defect_evidence_only():
    names = ["boilerplate.n_link_list", "flag.fragments.truncated.max", "fragments.n_truncated",
             "page.short_line_share", "placeholder_metadata.profile_blocks", "rule.placeholder_metadata",
             "spun.tortured_per_1k"]
    assert overall_monotone(names) == [1, 0, 1, 1, 0, 0, 1, 1]


def test_monotone_head_never_lowers_the_score_as_defect_evidence_grows():
    # Training data where, by the accident of one template, many truncation flags go with
    # human pages: an unconstrained head learns "more truncation = less spam".
    rng = np.random.default_rng(0)
    n = 2000
    ai = rng.normal(size=n)
    trunc = rng.integers(0, 6, size=n).astype(float)
    y = ((ai + rng.normal(scale=0.5, size=n) > 0) & (trunc < 4)).astype(int)
    x = np.column_stack([ai, trunc])
    free = _fit_hgb(x, y)
    mono = _fit_hgb(x, y, overall_monotone(["fragments.n_truncated"]))
    grid = np.column_stack([np.zeros(6), np.arange(6.0)])
    assert np.diff(free.decision_function(grid)).min() < 0  # the unconstrained head learned the quirk
    assert np.diff(mono.decision_function(grid)).min() >= 0


def test_thresholds_are_placed_on_what_the_decision_can_label():
    # Human texts with machine-like prose (high overall probability) but no page defect can
    # never be spam: they must not set the spam threshold.
    human_rows = [{"rule.boilerplate": 0.5}] * 200 + [{"rule.fragments": 0.9}] * 2
    spam_rows = [{"rule.fragments": 0.9}] * 50
    rows = human_rows + spam_rows
    p = np.array([0.97] * 200 + [0.4, 0.6] + [0.8] * 50)
    y = np.array([0] * 202 + [1] * 50)
    src = np.array(["h"] * 202 + ["m"] * 50)
    raw = choose_thresholds(p, y, src, 0.0025, 0.01)
    s_spam, s_susp = label_gates(rows, np.zeros(len(rows)), p)
    gated = choose_thresholds(s_spam, y, src, 0.0025, 0.01, p_suspect=s_susp)
    assert raw["spam"] > 0.97  # every spam page held back
    assert 0.6 < gated["spam"] <= 0.8  # above both human pages with a defect, below the spam pages
    labels = [decide(float(pi), {"fragments": r.get("rule.fragments", 0.0)}, gated["suspect"],
                     gated["spam"])[1] for pi, r in zip(p, rows, strict=True)]
    assert labels[202:] == ["spam"] * 50
    assert "spam" not in labels[:202]
