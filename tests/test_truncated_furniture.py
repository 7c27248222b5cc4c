"""The truncation RULES (``Fragments._truncated``, not the cut-point model) honour the same
page-furniture guard as the model (``cuts.furniture_marks``): a teaser that announces its cut
with an ellipsis and ends on a link label ("... Read more"), a line carrying a web address, or
the line before a sign-off is weak evidence at most. The misfire: a blog front page whose
excerpt ended "... Read more" before a list of section titles was flagged as a sure cut.

Every example here was written for these tests (not taken from the data or the seed).
"""

from __future__ import annotations

import pytest
from tests.fragment_helpers import sure_flags

from spamcheck.detectors.cuts import furniture_marks

FRONT_PAGE = ("Latest from the allotments\n\n"
              "Our volunteers spent the weekend clearing the old orchard behind the community hall, and "
              "the first apple trees are already showing buds after years of neglect under the {tail}\n\n"
              "Spring Planting Guide\n\n"
              "Meet the Volunteers\n\n"
              "Contact Us")


def _sure_truncated(text: str, with_model: bool) -> list:
    # Without the model: the rules alone.
    return [f for f in sure_flags(text, "", rules_only=not with_model) if f.type == "truncated"]


@pytest.mark.parametrize("with_model", [False, True])
@pytest.mark.parametrize("label", ["brambles... Read more", "brambles … Read more", "brambles... Read on"])
def test_a_link_label_after_an_excerpt_is_not_a_sure_truncation(label, with_model):
    assert _sure_truncated(FRONT_PAGE.format(tail=label), with_model) == []


@pytest.mark.parametrize("with_model", [False, True])
def test_a_paragraph_cut_in_the_same_slot_is_still_sure(with_model):
    # Positive control: the same excerpt stopping on "and the" before the same titles.
    found = _sure_truncated(FRONT_PAGE.format(tail="brambles and the"), with_model)
    assert found and found[0].text.endswith("brambles and the")


def test_the_marks_are_one_definition():
    line = "The club meets on Tuesdays in the hall near the old... Read more"
    assert furniture_marks(line, "Read more", "Events") == {"after_excerpt": 1.0}
    assert furniture_marks(line.replace("... Read", " and the"), "and the", "Events") == {}
    assert furniture_marks("Photos from the fair are up at https://example.org/fair and more",
                           "Photos from the fair are up at https://example.org/fair and more", None)
    assert "next_signoff" in furniture_marks("See you all at the meeting on", "See you all at the meeting on",
                                             "Kind regards")
