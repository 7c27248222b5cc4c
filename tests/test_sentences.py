"""The ai head's sentence-structure and repetition columns (training/sentences.py, measured, not adopted)."""

from __future__ import annotations

import math

from hypothesis import given, settings
from hypothesis import strategies as st
from training.sentences import NAMES, WINDOW, sentence_stats

from spamcheck.model.features import clean_text, function_words

FW = frozenset(function_words())


def stats(text: str) -> dict[str, float]:
    return sentence_stats(clean_text(text), FW)


def test_every_column_present_and_finite_on_ordinary_prose() -> None:
    s = stats(
        "We drove north before dawn. The road was empty, wet and narrow. By noon, though, "
        "the clouds had lifted and we could see the ridge. Nobody spoke much."
    )
    assert set(s) == set(NAMES)
    assert all(math.isfinite(v) for v in s.values())


def test_steady_rhythm_has_smaller_length_jumps_than_varied_rhythm() -> None:
    steady = stats("This tool helps teams plan their work with more clarity. Each feature supports "
                   "users in many different everyday tasks. The design keeps every workflow simple "
                   "and easy to follow. Overall it offers a reliable way to manage small projects.")
    varied = stats("I left. The train from the coast was late again, and by the time it crawled "
                   "into the station the café had closed its shutters. Typical. We walked home "
                   "along the canal, arguing about whose idea the trip had been in the first place.")
    assert steady["text.ss.len_jump"] < varied["text.ss.len_jump"]


def test_repeated_openings_are_counted() -> None:
    s = stats("It is useful. It is simple. It is fast. It is cheap to run every day.")
    assert s["text.ss.open1_repeat"] == 1.0
    assert s["text.ss.open2_repeat"] == 1.0
    assert s["text.ss.open_pronoun"] == 1.0
    other = stats("Rain fell all night. Our tent leaked. By morning everything was soaked.")
    assert other["text.ss.open1_repeat"] == 0.0


def test_connective_and_conjunction_openings() -> None:
    s = stats("Moreover, the plan is sound. However, costs rose. But we kept going anyway. "
              "The end came soon.")
    assert s["text.ss.open_connective"] == 0.5
    assert s["text.ss.open_conj"] == 0.25


def test_looping_text_shows_repetition() -> None:
    loop = " ".join(["the team said that the game was a great game for the fans"] * 10) + "."
    fresh = ("Spring arrived late in the valley that year, and the orchards bloomed in a rush. "
             "Farmers hired extra hands, borrowed ladders from neighbours, and argued over prices "
             "at the cooperative. By June the first cherries were on trucks heading south, "
             "though a hailstorm in the second week cost one grower nearly half his crop.")
    a, b = stats(loop), stats(fresh)
    assert a["text.ss.distinct3"] < b["text.ss.distinct3"]
    assert a["text.ss.tri_repeat"] > b["text.ss.tri_repeat"]
    assert a["text.ss.longest_repeat"] > b["text.ss.longest_repeat"]


def test_layout_does_not_reach_the_columns() -> None:
    # The same prose with paragraph breaks, double spaces and detokenised spacing.
    plain = "The vote was close. Most members stayed, and the motion passed late in the evening."
    messy = "The vote was close .\n\n Most  members stayed , and the motion passed late in the evening ."
    assert stats(plain) == stats(messy)


def test_repetition_does_not_grow_with_length() -> None:
    # Distinct n-gram ratios on fixed windows: a longer text of the same kind reads the same.
    words = [f"w{i}" for i in range(3 * WINDOW)]
    short, long_ = stats(" ".join(words[:WINDOW])), stats(" ".join(words))
    assert short["text.ss.distinct2"] == long_["text.ss.distinct2"] == 1.0


def test_empty_and_one_sentence_texts_get_neutral_values() -> None:
    empty = sentence_stats("", FW)
    assert set(empty) == set(NAMES)
    assert empty["text.ss.distinct2"] == 1.0 and empty["text.ss.len_jump"] == 0.0
    one = stats("Just one sentence with a few words in it.")
    assert one["text.ss.len_jump"] == 0.0 and one["text.ss.open1_repeat"] == 0.0


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab cd.!?,'\n\t-Ée"), max_size=400))
def test_any_text_gives_every_column_finite(text: str) -> None:
    s = stats(text)
    assert set(s) == set(NAMES)
    assert all(math.isfinite(v) for v in s.values())
    assert 0.0 <= s["text.ss.distinct2"] <= 1.0 and 0.0 <= s["text.ss.tri_repeat"] <= 1.0
