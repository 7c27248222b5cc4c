"""Features of the cut-point model (models/cuts) that the logistic regression could not build
from single columns: the last word's class (a determiner, preposition, conjunction or auxiliary
cannot end an English sentence; a pronoun or an adverb of place can), a suffix guess for the last
content word, the line's length crossed with its ending and with what follows (a long paragraph
with no closing punctuation before more prose is a cut; a short one is a heading or a caption),
and the last sentence's length against the line's other sentences.

Every example here was written for these tests (not taken from the data or the seed).
"""

from __future__ import annotations

import pytest

from spamcheck.detectors.cuts import Neighbour, end_features, quote_features, word_class

STOP = frozenset({"the", "of", "and", "a", "to", "in", "it", "for", "with", "on", "was", "were"})
PROSE = Neighbour(30, False, True, True, "T", "The committee met again in March and agreed on a plan.")


def _end(line: str, sentence: str | None = None, nxt: Neighbour | None = PROSE) -> dict[str, float]:
    return end_features(pe=0.4, ps_line=0.6, ps_sent=None, line=line, sentence=sentence or line,
                        stop=STOP, nxt=nxt, prev=None, material=0, rel_len=1.0)


@pytest.mark.parametrize(("word", "cls"), [
    ("the", "det"), ("Their", "det"), ("of", "prep"), ("towards", "prep"), ("and", "conj"),
    ("whether", "conj"), ("would", "aux"), ("been", "aux"), ("it", "closer"), ("Today", "closer"),
    ("quietly", "adv"), ("stunning", "ing"), ("restored", "ed"), ("seasonal", "adj"),
    ("government", "noun"), ("orchards", "plural"), ("1984", "number"), ("barn", "other"),
])
def test_word_class_names_the_closed_class_or_a_suffix_guess(word, cls):
    assert word_class(word) == cls


def test_short_words_get_no_suffix_guess():
    # "is" ends in -s and "red" in -ed, but a short word's ending says nothing of its class.
    assert word_class("bus") == "other"
    assert word_class("red") == "other"


def test_the_last_two_word_classes_are_features_of_ends_and_quotes():
    f = _end("Funding for the new library came from a mix of private donors and regional")
    assert f["wc:adj"] == 1.0 and f["wc2:conj"] == 1.0
    q = quote_features(pe=0.3, ps=0.2, content="grants from the", words=["grants", "from", "the"],
                       stop=STOP, style="curly", lead="word", after="stop", continued=False,
                       para_end=True, speech=False, title_like=False, repeated=False, heading=False,
                       finished_before=True)
    assert q["q_wc:det"] == 1.0 and q["q_wc2:prep"] == 1.0


def test_length_is_crossed_with_the_ending_and_what_follows():
    long_open = _end("The harbour authority said the repairs to the northern pier would take most of "
                     "the summer and that ferries to the island would leave from the old quay until")
    heading = _end("Repairs to the Northern Pier")
    assert long_open["x:len2:term:alnum:prose"] == 1.0
    assert heading["x:len0:term:alnum:prose"] == 1.0
    # At the end of the text the same shape carries its own column.
    at_end = _end("Ferries to the island will leave from the old quay while the pier is closed", nxt=None)
    assert at_end["x:len1:term:alnum:end"] == 1.0
    closed = _end("Ferries will leave from the old quay while the pier is closed.")
    assert closed["x:len1:term:period:prose"] == 1.0 and "x:len1:term:alnum:prose" not in closed


def test_a_stub_after_long_sentences_has_a_small_sentence_share():
    line = ("The school board voted on Tuesday to extend the lunch break by ten minutes for every "
            "pupil. Parents had asked for the change for two years in a row at the spring meetings. "
            "The new timetable")
    f = _end(line, sentence="The new timetable")
    assert f["sent_share"] < 0.25
    assert f["line_sentences"] > 0
    whole = _end("The new timetable starts in September.")
    # A one-sentence line has nothing to compare with.
    assert whole["sent_share"] == 1.0 and whole["line_sentences"] == 0.0


def test_follow_share_tells_words_that_go_on_from_words_that_end_sentences():
    from spamcheck.detectors.cuts import follow_share

    share = follow_share()
    # "of" and "the" are nearly always followed by another word; "today" and "again" often end
    # a sentence (the web tables list fewer of their continuations).
    assert min(share["of"], share["the"]) > max(share["today"], share["again"])


def test_the_last_word_and_pair_of_an_end_carry_their_table_figures():
    cut = _end("Residents of the valley have asked the council for a second bridge over the")
    done = _end("Residents of the valley have asked the council for a second bridge again")
    assert cut["fm"] > done["fm"]
    assert any(k.startswith("fm_bin:") for k in cut) and any(k.startswith("lp_bin:") for k in cut)
    assert any(k.startswith("x:fm") and k.endswith(":prose") for k in cut)
    # A word outside the table (a name, a typo) has its own bin and no share.
    odd = _end("The new ferry was named after the harbour master Quillsbury")
    assert odd["fm_bin:unk"] == 1.0 and "fm" not in odd


def test_an_end_is_compared_with_the_paragraphs_around_it():
    prev = Neighbour(42, False, True, True, "A", "A long paragraph about the harvest. " * 5)
    nxt = Neighbour(35, False, True, True, "W", "When the rains came the roads closed for a week.")
    f = end_features(pe=0.3, ps_line=0.6, ps_sent=None, line="Farmers in the lower valley said the yield",
                     sentence="Farmers in the lower valley said the yield", stop=STOP, nxt=nxt, prev=prev,
                     material=0, rel_len=0.5)
    assert f["len_vs_next"] < 0 and f["len_vs_prev"] < 0
    assert f["next_cap_prose"] == 1.0
    assert f["x:shorter1:term:alnum:prose"] == 1.0
    lower = Neighbour(35, False, True, True, "w", "with the roads closed for a week.")
    g = end_features(pe=0.3, ps_line=0.6, ps_sent=None, line="Farmers said", sentence="Farmers said",
                     stop=STOP, nxt=lower, prev=None, material=0, rel_len=0.5)
    assert g["next_cap_prose"] == 0.0 and "len_vs_prev" not in g
