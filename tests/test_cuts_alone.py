"""When a cut is sure without a second finding: a stray line given a full stop of its own, a
lone quotation the cut-point model agrees with, a paragraph cut right before page material.

Every example here was written for these tests (not taken from the data or the seed).
"""

from __future__ import annotations

import numpy as np
import pytest

from spamcheck.detectors.cuts import CutModel
from spamcheck.detectors.fragments import Fragments
from spamcheck.text.document import Document
from spamcheck.text.languages import LanguageGuesser


def _doc(text: str) -> Document:
    return Document(text, languages=LanguageGuesser())


def _sure(flags):
    return [f for f in flags if f.strength >= 0.5]


def _model(weights: dict[str, float], bias: float = 0.0) -> CutModel:
    """A cut-point model with chosen weights (threshold 1.0 and weak 0.925, as shipped)."""
    names = list(weights)
    return CutModel(names, np.array([weights[n] for n in names]), bias, 1.0, "test", weak=0.925)


HARBOUR = ("Harbour Repairs Begin After the Storm\n\n"
           "Crews arrived on Monday to assess the damage to the outer wall. Most of the fishing boats had "
           "been moved inland before the storm reached the bay.\n\n"
           "{line}\n\n"
           "The repairs are expected to take most of the summer, and the ferry will run from the old quay "
           "until the work is finished.")


def test_a_stray_line_closed_by_a_full_stop_on_a_function_word_is_a_fragment():
    line = "the ferry company had promised to cover the cost of the."
    text = HARBOUR.format(line=line)
    flags = _sure(Fragments().detect(_doc(text)).flags)
    assert [f.type for f in flags] == ["dangling_fragment"], [(f.type, f.reason) for f in flags]
    f = flags[0]
    assert f.text == line and text[f.start : f.end] == line
    assert "'the'" in f.reason and "full stop" in f.reason


@pytest.mark.parametrize("line", [
    # A diary line, a status update and a reply: lower-case, closed by a full stop, finished.
    "finally home after the long drive.",
    "back at my desk with a fresh pot of coffee.",
    "thanks, that fixed it for me.",
])
def test_lower_case_lines_that_finish_a_thought_are_not_fragments(line):
    assert _sure(Fragments().detect(_doc(HARBOUR.format(line=line))).flags) == []


FLATS = ("Cheaper Heating for Rented Flats\n\n"
         "Landlords in the city have been offered grants to insulate older buildings. The scheme covers "
         "loft insulation, new windows and heat pumps. Tenants who took part in the pilot said their bills "
         "fell sharply over the winter, and the council now hopes to extend the grants to the outer districts"
         "{tail}")


def test_the_cut_model_decides_alone_only_before_page_material():
    # The same unfinished paragraph, scored 0.96 by a model that reads only what follows it.
    fam = Fragments()
    fam.cuts = _model({"x:term:alnum:heading": 6.0, "x:term:alnum:titles": 6.0,
                       "x:term:alnum:end": 6.0}, bias=-2.8)
    before_heading = FLATS.format(tail="\n\nRelated Articles\n\nHow to Bleed a Radiator")
    flags = _sure(fam.detect(_doc(before_heading)).flags)
    cut = [f for f in flags if f.type == "truncated" and "cut-point model" in f.reason]
    assert cut, [(f.type, f.strength, f.reason) for f in fam.detect(_doc(before_heading)).flags]
    assert cut[0].text.endswith("to the outer districts") and "before a" in cut[0].reason
    # At the very end of the text, where data sets cut human texts at a length, it stays weak.
    at_end = FLATS.format(tail="")
    assert _sure(fam.detect(_doc(at_end)).flags) == []


QUOTED = ("Cheaper Heating for Rented Flats\n\n"
          "Landlords in the city have been offered grants to insulate older buildings. The tenants' union "
          "welcomed \"a long overdue change to the way the\" scheme is run.\n\n"
          "The scheme covers loft insulation, new windows and heat pumps. Tenants who took part in the pilot "
          "said their bills fell sharply over the winter.")


def test_a_lone_quotation_stays_sure_only_when_the_cut_model_agrees():
    fam = Fragments()
    fam.cuts = _model({"kind:quote": 1.0}, bias=-1.0)  # p = 0.5: the model is not sure
    alone = fam.detect(_doc(QUOTED)).flags
    assert _sure(alone) == []
    fam.cuts = _model({"kind:quote": 9.0})  # p > 0.99
    flags = _sure(fam.detect(_doc(QUOTED)).flags)
    assert [f.type for f in flags] == ["dangling_quote"]
    assert flags[0].text == "\"a long overdue change to the way the\""
