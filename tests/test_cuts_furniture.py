"""Page furniture is never a sure cut from the cut-point model alone, whatever it scores: a
paragraph end of fewer than four words (a link label, a button, a sign-off) and a line carrying
a web address (a shared link, a post). Misfires found on real human text: a classified-ads page
whose "view this ad" link sat before a date line, and a post with a short link before a line of
post fields, both scored above the threshold before page material.

Every example here was written for these tests (not taken from the data or the seed).
"""

from __future__ import annotations

import math

import numpy as np

from spamcheck.detectors.cuts import CutModel, CutPoint, furniture_end
from spamcheck.detectors.fragments import Fragments
from spamcheck.text.document import Document
from spamcheck.text.languages import LanguageGuesser

# A model that calls every paragraph end a cut (p ~ 1): only the furniture rule can stop it.
ALWAYS = CutModel(["kind:end"], np.array([12.0]), 0.0, 0.9, "always", weak=0.5,
                  per_context=dict.fromkeys(("end", "end_stop", "material", "material_stop", "prose",
                                             "prose_stop", "quote", "stray"), 0.9))

LISTING = ("Classifieds\n\n"
           "The county is hiring a groundskeeper for its parks department. Applicants need two years "
           "of experience with mowers and irrigation systems, and a valid driving licence.\n\n"
           "{tail}\n\n"
           "04-17-09\n\n"
           "NIGHT SHIFT SUPERVISOR Harrisburg\n\n"
           "A distribution centre near the ring road needs a supervisor for its night shift. Pay "
           "depends on experience, and the position comes with health cover.")

POST = ("Heading out to the lake this weekend, anyone want to come along? {link}pictures from last "
        "year, it was cold but so worth the drive\n\n"
        "Posted: Fri 14:02 | Reply | Share\n\n"
        "The ferry runs every hour until nine, so we can stay for the sunset and still get back "
        "before midnight.")


def _sure(text: str, needle: str) -> list:
    fam = Fragments()
    fam.cuts = ALWAYS
    doc = Document(text, languages=LanguageGuesser())
    return [f for f in fam.detect(doc).flags if f.strength >= 0.5 and needle in f.text]


def test_a_link_label_before_a_date_line_is_never_sure():
    assert _sure(LISTING.format(tail="See the listing"), "listing") == []


def test_a_long_open_paragraph_in_the_same_place_is_sure():
    # The rule must not hide real cuts: the same slot holding a paragraph that stops.
    cut = ("Interviews will be held at the town hall in the first week of May, and successful "
           "candidates can expect to start work")
    assert _sure(LISTING.format(tail=cut), "start work")


def test_a_post_carrying_a_web_address_is_never_sure():
    assert _sure(POST.format(link="http://snipurl.com/b7x2k9 "), "drive") == []
    # Without the address the same unpunctuated line before post fields is judged by the model.
    assert _sure(POST.format(link=""), "drive")


def test_furniture_end_reads_only_paragraph_ends():
    f = {"kind:end": 1.0, "n_words": math.log1p(2)}
    assert furniture_end(CutPoint("end", 0, 9, "Jason", 0.3, "", f))
    # A stand-alone fragment between paragraphs is judged on its own terms, not by its length.
    assert not furniture_end(CutPoint("end", 0, 9, "of", 0.1, "", f, fragment=True))
    assert not furniture_end(CutPoint("quote", 0, 9, "of", 0.1, "", {"kind:quote": 1.0}))
    assert furniture_end(CutPoint("end", 0, 40, "x", 0.5, "", {"n_words": math.log1p(9), "line_url": 1.0}))


LETTER = ("Hello all,\n\n"
          "The allotment committee has agreed to open the gates an hour earlier from April, so the "
          "early risers can water before work. Keys can be collected from the shed on Saturday "
          "mornings between nine and eleven\n\n"
          "{close}\n\n"
          "Tomas")


def test_the_last_line_before_a_sign_off_is_never_sure():
    # Informal letters and posts often drop the last full stop before the closing formula.
    for close in ("Kind regards", "Many thanks", "Cheers", "-- the committee"):
        assert _sure(LETTER.format(close=close), "eleven") == [], close
    # Before a heading that is no sign-off, the model decides.
    assert _sure(LETTER.format(close="Opening Hours"), "eleven")


LISTINGS = ("Job board\n\n"
            "03-02-11\n\n"
            "The bakery on Mill Street is looking for an early-shift assistant who enjoys working with "
            "dough and does not mind starting before da{cut}\n\n"
            "02-27-11\n\n"
            "WAREHOUSE PICKER Do you have a forklift licence and two years of experience in a busy "
            "warehouse? We offer weekly pay and paid holidays after six months.")


def test_a_link_label_after_an_announced_excerpt_is_never_sure():
    # A listing's teaser ends on an ellipsis (the cut is announced) and a link label follows.
    for cut in ("... View this ad", "... See the listing"):
        assert _sure(LISTINGS.format(cut=cut), cut[4:]) == [], cut
    # A teaser that simply stops before the next date line is judged by the model.
    assert _sure(LISTINGS.format(cut="wn and"), "and")
