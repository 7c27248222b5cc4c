"""Cut pieces that stop on a word no English sentence ends on (``detectors/no_end.py``): a
paragraph's last sentence given a full stop right after an article, a possessive or a
conjunction, and a quotation of two or three words that stops on one. Each rule has a
realistic negative in the same slot: stranded prepositions, quoted terms, transcripts.

Every example here was written for these tests (not taken from the data or the seed).
"""

from __future__ import annotations

import pytest
from tests.fragment_helpers import fragment_flags as _flags
from tests.fragment_helpers import sure_flags as _sure_on

from spamcheck.detectors.no_end import short_cut_quote, stops_on_no_end

PAGE = ("Harbour dredging to start in spring\n\n"
        "The port authority has signed the contract for dredging the inner harbour, and work is due "
        "to begin once the herring season closes. Fishermen have been told to moor at the east quay "
        "while the barges are in. {tail}\n\n"
        "The council will publish the full timetable next week, together with a map of the areas "
        "that will be closed to small boats during the works.")


@pytest.mark.parametrize("tail", [
    "Harbour users speak of quieter berths and a deeper channel, but.",
    "A spokesman mentioned the cost of the channel and an.",
    "Skippers describe the plan as long overdue and.",
])
def test_a_sentence_stopped_after_an_article_or_conjunction_is_a_fragment(tail):
    found = _sure_on(PAGE.format(tail=tail), tail[-12:])
    assert found and found[0].type == "dangling_fragment"


@pytest.mark.parametrize("tail", [
    "It is the kind of work nobody looks forward to.",     # a stranded preposition is English
    "Nobody yet knows where the spoil will be taken from.",
    "Whether the birds return is anyone's guess, though.",
    "The old quay was built by the Romans, or so they say.",
])
def test_a_sentence_that_strands_a_preposition_is_not(tail):
    assert _sure_on(PAGE.format(tail=tail), tail[-12:]) == []


def test_only_at_a_paragraphs_end():
    # Inside a paragraph, detokenised names (". Net") and transcripts break sentences this way.
    mid = PAGE.format(tail="The software is part of its. Net platform, the supplier said.")
    assert _sure_on(mid, "its.") == []


# A second, surely cut quotation on the page: the tested one is judged as one of several, so a
# misfire on it would show (a lone odd quotation is reported weak and hidden).
QUOTED = ("Fishermen were unhappy with the dredging plan, which one skipper said would “leave us tied "
          "up for the”. The chairman of the association called it {quote}.\n\n"
          "The council will publish the full timetable next week, together with a map of the areas "
          "that will be closed to small boats during the works.")


@pytest.mark.parametrize("quote", ['"noisy, costly and"', "“repeat of the”", "«late and their»"])
def test_a_short_quotation_that_stops_on_a_conjunction_or_article_is_cut(quote):
    found = [f for f in _flags(QUOTED.format(quote=quote)) if quote[1:-1] in f.text]
    assert found and found[0].type == "dangling_quote" and found[0].strength >= 0.5


@pytest.mark.parametrize("quote", ['"yes or no"', '"Best of"', '"a get-out clause"', '"worth waiting for"',
                                   '"Group A"'])
def test_short_quoted_terms_are_not(quote):
    flags = _flags(QUOTED.format(quote=quote))
    assert any("tied up for the" in f.text for f in flags)  # the other quotation is found
    assert [f for f in flags if quote[1:-1] in f.text and f.strength >= 0.5] == []


def test_the_helpers():
    assert stops_on_no_end("Critics describe the scheme as costly and.")
    assert not stops_on_no_end("That is not what the money was meant for.")
    assert not stops_on_no_end("and.")  # too short to be a sentence
    assert short_cut_quote("the harbour and")
    assert not short_cut_quote("a b and")  # letters, not words
    assert not short_cut_quote("on 4 and")  # numbers: a label or a reference


# The stray line sits under a heading, where the stand-alone rules (which want prose on both
# sides) do not look: a stitched page drops its pieces anywhere.
STRAY = ("The port authority has signed the contract for dredging the inner harbour, and work is due "
         "to begin once the herring season closes.\n\n"
         "Barges Expected At The East Quay\n\n"
         "{line}\n\n"
         "Fishermen have been told to moor at the east quay while the barges are in, and the council "
         "will publish the full timetable next week.")


@pytest.mark.parametrize("line", ["of the harbour dues paid by the", "rather than the usual spring tides and",
                                  "most of the quay was closed to"])
def test_a_lower_case_stray_line_stopping_on_a_function_word_is_a_fragment(line):
    found = _sure_on(STRAY.format(line=line), line)
    assert found and found[0].type == "dangling_fragment"


@pytest.mark.parametrize("line", [
    "You may also like",                       # a heading of related links
    "Prof Ann Byrne from the",                 # capitalised: also a human text cut by its data set
])
def test_other_short_lines_in_the_same_slot_are_not(line):
    assert _sure_on(STRAY.format(line=line), line) == []


def test_the_last_line_of_a_text_is_not():
    # Data sets cut texts at a length: the end of a text alone is weak evidence at most.
    text = STRAY.format(line="Tides are high this week.") + "\n\nof the harbour dues paid by the"
    assert _sure_on(text, "dues paid") == []


def test_a_line_among_transcript_lines_or_before_code_is_not():
    talk = ("you go out there in the day and you just fry out there\n\n"
            "yeah that is when it gets busy down on the\n\n"
            "and do you know anything about the tides")
    assert _sure_on(talk, "down on the") == []
    code = ("Once the tool is set up, new versions of the tide tables can be installed easily by running "
            "the installer from the command line.\n\n"
            "new tables can then be listed with\n\n$ tides list --all")
    assert _sure_on(code, "listed with") == []
