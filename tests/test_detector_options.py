"""Detector thresholds are constructor keyword arguments (datatrove style), validated at the boundary."""

from __future__ import annotations

import pytest

from spamcheck import Detector
from spamcheck.detectors import AIPadding, Boilerplate, PlaceholderMetadata, Spun
from spamcheck.text.document import Document

# A product blurb that repeats its key phrase 12 times in ~200 words: under the default
# floor of 25 occurrences it is not stuffing, with a floor of 10 it is.
BLURB = " ".join(
    f"Our garden hose reel keeps lawns tidy; model {i} of the garden hose reel ships with brass fittings."
    for i in range(12)
)


def _doc(text: str) -> Document:
    d = Document(text)
    d.__dict__["language"] = "en"
    return d


def test_defaults_match_the_module_constants():
    from spamcheck.detectors import ai_padding, spun

    a = AIPadding()
    assert a.stuff_min_count == ai_padding.STUFF_MIN_COUNT and a.rhythm_flag_cv == ai_padding.RHYTHM_FLAG_CV
    assert Spun().max_flags_per_type == spun.MAX_FLAGS_PER_TYPE


def test_a_lower_stuffing_floor_flags_what_the_default_leaves():
    default = {f.type for f in AIPadding().detect(_doc(BLURB)).flags}
    lowered = AIPadding(stuff_min_count=10, stuff_min_per_1k=5.0).detect(_doc(BLURB))
    assert "keyword_stuffing" not in default
    hits = [f for f in lowered.flags if f.type == "keyword_stuffing"]
    assert hits and "garden hose reel" in hits[0].reason
    # The feature values are measurements, not decisions: the same either way.
    assert lowered.features["ai_padding.top_ngram_count"] == AIPadding().detect(_doc(BLURB)).features[
        "ai_padding.top_ngram_count"]


def test_flag_cap_limits_shown_flags_not_counts():
    text = "We trained a profound learning model. " * 6
    capped = Spun(max_flags_per_type=2).detect(_doc(text))
    full = Spun().detect(_doc(text))
    assert sum(f.type == "tortured_phrase" for f in capped.flags) == 2
    assert sum(f.type == "tortured_phrase" for f in full.flags) == 6
    assert capped.features["spun.tortured_per_1k"] == full.features["spun.tortured_per_1k"]


@pytest.mark.parametrize(
    ("cls", "kwargs"),
    [
        (AIPadding, {"stuff_min_count": 0}),
        (AIPadding, {"rhythm_flag_cv": -0.1}),
        (AIPadding, {"para_flag_jaccard": float("nan")}),
        (AIPadding, {"opener_min_paras": True}),
        (Spun, {"max_flags_per_type": "50"}),
        (Spun, {"weak_collocation": float("inf")}),
        (PlaceholderMetadata, {"lorem_min_words": 0}),
        (PlaceholderMetadata, {"lorem_share": 1.5}),
        (PlaceholderMetadata, {"min_titled_age": 25.5}),
    ],
)
def test_bad_thresholds_are_refused_with_the_name(cls, kwargs):
    with pytest.raises(ValueError, match=next(iter(kwargs))):
        cls(**kwargs)


def test_options_reach_the_families_through_the_detector():
    lowered = {"ai_padding": {"stuff_min_count": 10, "stuff_min_per_1k": 5.0}}
    det = Detector(model=None, family_options=lowered)
    r = det.score(BLURB)
    assert any(f.type == "keyword_stuffing" for f in r.flags)
    assert not any(f.type == "keyword_stuffing" for f in Detector(model=None).score(BLURB).flags)
    with pytest.raises(TypeError):
        Detector(model=None, family_options={"boilerplate": {"no_such_threshold": 1}})
    assert Boilerplate(list_min_run=5).list_min_run == 5


# A typesetting note that names the filler in a short sentence: four ordinary words around
# "lorem ipsum" make it a mention by default; it has six, so asking for seven makes it a placeholder.
TYPESETTING = "The proofs were late. Every caption still read lorem ipsum here today."


def test_lorem_mention_threshold_is_an_option():
    default = PlaceholderMetadata()
    strict = PlaceholderMetadata(lorem_mention_words=7)
    assert default.lorem_mention_words == 4
    assert not default.detect(_doc(TYPESETTING)).flags
    assert [f.type for f in strict.detect(_doc(TYPESETTING)).flags] == ["lorem_ipsum"]


def test_lorem_sentence_length_floor_is_an_option():
    short = "Bio : Dolorum autem sint odit."  # four filler words
    assert not PlaceholderMetadata().detect(_doc(short)).flags
    lowered = PlaceholderMetadata(lorem_min_words=4).detect(_doc(short))
    assert [f.type for f in lowered.flags] == ["lorem_ipsum"]


def test_building_a_detector_leaves_the_collector_as_it_found_it():
    # Loading pauses cyclic garbage collection (it only slows the table building down); it
    # must hand the process back with collection on when it was on, off when it was off.
    import gc

    from spamcheck import Detector

    assert gc.isenabled()
    det = Detector(model=None, families=["boilerplate"])
    assert gc.isenabled()
    gc.disable()
    try:
        Detector(model=None, families=["boilerplate"])
        assert not gc.isenabled()
    finally:
        gc.enable()
    assert det.score("Plain words of a short note about the weather today.").label == "clean"
