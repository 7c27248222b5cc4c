"""The per-sentence surprisal profile (model/surprisal.py): values on written examples,
odd input, and the same numbers however the texts are batched."""

from __future__ import annotations

import math

from hypothesis import given, settings
from hypothesis import strategies as st
from training.surprisal import (
    MIN_SENT_WORDS,
    PREFIX,
    sentence_surprisals,
    surprisal_many,
    surprisal_stats,
)

from spamcheck.model.features import clean_text

# Written for these tests: plain, very predictable sentences, and a salad of rare words.
PLAIN = "it is one of the best things in the world. " * 6
SALAD = (
    "quixotic marmoset ferrules zygote obfuscate lugubrious nacelle. "
    "sprocket wherefore jodhpurs kumquat fiduciary gazebo. "
    "ottoman brisket vellum quasar pergola trebuchet. "
    "abacus nimbus farrago calliope dirigible snorkel. "
    "gargoyle pelican xylophone truffle sextant hubris."
)
# A letter whose second half turns into word salad: the level moves once, part way through.
HANDOVER = (
    "we had a very good time at the beach this year. "
    "the kids played in the water all day long. "
    "we went back to the hotel in the evening. "
    "it was one of the best weeks of the summer. "
    "quixotic marmoset ferrules zygote obfuscate lugubrious nacelle. "
    "sprocket wherefore jodhpurs kumquat fiduciary gazebo. "
    "ottoman brisket vellum quasar pergola trebuchet. "
    "abacus nimbus farrago calliope dirigible snorkel."
)
# The same sentences, each level on its own (no level change in the middle).
ALTERNATING = (
    "we had a very good time at the beach this year. "
    "quixotic marmoset ferrules zygote obfuscate lugubrious nacelle. "
    "the kids played in the water all day long. "
    "sprocket wherefore jodhpurs kumquat fiduciary gazebo. "
    "we went back to the hotel in the evening. "
    "ottoman brisket vellum quasar pergola trebuchet. "
    "it was one of the best weeks of the summer. "
    "abacus nimbus farrago calliope dirigible snorkel."
)


def test_a_repeated_predictable_sentence_is_less_surprising_than_word_salad():
    plain, salad = surprisal_stats(PLAIN), surprisal_stats(SALAD)
    assert plain[PREFIX + "mean"] + 3 < salad[PREFIX + "mean"]
    # The same sentence six times: every level is the same, no burstiness, no jumps.
    assert plain[PREFIX + "sd"] < 1e-9 and plain[PREFIX + "jump"] < 1e-9
    assert plain[PREFIX + "low"] == 1.0 and salad[PREFIX + "high"] == 1.0
    # zlib finds the repeated sentence in the text before it: almost free after the first.
    assert plain[PREFIX + "z_mean"] < salad[PREFIX + "z_mean"]


def test_a_word_in_a_common_pair_is_less_surprising_than_the_same_word_after_a_stranger():
    # "of" after "one" (a listed, frequent pair) against "of" after "marmoset".
    (common,) = sentence_surprisals("one of")
    (odd,) = sentence_surprisals("marmoset of")
    assert common[1] < odd[1]
    # A break (comma) starts a new clause: the word is scored by its own frequency only.
    (broken,) = sentence_surprisals("one, of")
    assert common[1] < broken[1]


def test_mixed_documents_mix_levels_and_a_handover_shows_as_a_shift():
    mixed, alt = surprisal_stats(HANDOVER), surprisal_stats(ALTERNATING)
    plain = surprisal_stats(PLAIN)
    assert mixed[PREFIX + "sd"] > plain[PREFIX + "sd"] + 1
    # Same sentences, so the same spread of levels; only where the level changes differs.
    assert math.isclose(mixed[PREFIX + "sd"], alt[PREFIX + "sd"])
    assert mixed[PREFIX + "shift"] > alt[PREFIX + "shift"] + 1
    assert alt[PREFIX + "jump"] > mixed[PREFIX + "jump"] * 1.5


def test_layout_and_spacing_of_a_source_do_not_change_the_numbers():
    # Paragraph breaks, double spaces, detokenised spacing and curly quotes are gone after
    # clean_text: the profile of the two renderings is identical.
    a = "We went home, and then we slept. It was late \u2014 very late. The kids were tired too."
    b = "We  went home , and then we slept .\n\nIt was late - - very late .\nThe kids were tired too ."
    assert surprisal_stats(clean_text(a)) == surprisal_stats(clean_text(b))


_ODD = st.one_of(
    st.text(max_size=300),
    st.text(alphabet="abc .!?,'-\n0123456789", max_size=300),
    st.sampled_from(["", ".", "...", "!!! ???", "a.", "word " * 40, "x" * 500, "'- '- '-"]),
)


@settings(max_examples=200, deadline=None)
@given(_ODD)
def test_any_input_gives_finite_named_numbers_or_nothing(text):
    got = surprisal_stats(clean_text(text))
    assert all(k.startswith(PREFIX) for k in got)
    assert all(isinstance(v, float) and math.isfinite(v) for v in got.values())
    sents = [s for s in sentence_surprisals(clean_text(text)) if len(s) >= MIN_SENT_WORDS]
    # Nothing when no sentence is long enough; otherwise at least the word-model levels.
    assert bool(got) == bool(sents)


@settings(max_examples=50, deadline=None)
@given(st.lists(st.sampled_from(["one short line.", "", PLAIN, SALAD, HANDOVER, "just one sentence "
                                 "with enough words in it"]), max_size=8))
def test_one_sentence_and_empty_documents_in_any_batch_give_the_single_document_numbers(texts):
    single = [surprisal_stats(t) for t in texts]
    assert surprisal_many(texts) == single
    assert surprisal_many(list(reversed(texts))) == list(reversed(single))


def test_one_sentence_has_no_spread_jump_or_shift():
    got = surprisal_stats("just one sentence with enough words in it")
    assert got[PREFIX + "sd"] == 0.0 and got[PREFIX + "jump"] == 0.0 and got[PREFIX + "shift"] == 0.0
