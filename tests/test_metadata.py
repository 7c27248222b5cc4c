"""placeholder_metadata family: Faker profile block and lorem bio of the seed;
silence on human writing and on real Latin."""

from __future__ import annotations

import itertools

import pytest
from training import devdata

from spamcheck.detectors.metadata import PlaceholderMetadata
from spamcheck.text.document import Document
from spamcheck.text.languages import LanguageGuesser

needs_shared = pytest.mark.skipif(not devdata.text_dir().exists(), reason="../shared/data not present")

SEED_SPANS = [
    ("Dolorum autem sint odit error sed voluptas omnis.", "lorem_ipsum"),
    ("Ipsam doloremque aut atque dicta fugiat ut.", "lorem_ipsum"),
    ("Name : Prof. Tom Champlin Jr.", "fake_profile"),
    ("Phone : +1 (380) 809-6142", "fake_profile"),
    ("followers : 780", "fake_profile"),
    ("Birthdate : 2006-06-18", "implausible_profile"),
    ("linkedin:", "empty_social"),
]


@pytest.mark.parametrize(("needle", "type_"), SEED_SPANS)
def test_seed_spans_are_flagged(detector, seed_text, needle, type_):
    result = detector.score(seed_text)
    pos = seed_text.index(needle)
    assert any(f.family == "placeholder_metadata" and f.type == type_
               and f.start <= pos and f.end >= pos + len(needle) for f in result.flags), needle


def test_instagram_heading_with_fields_is_not_empty(detector, seed_text):
    flags = [f for f in detector.score(seed_text).flags if f.type == "empty_social"]
    assert [f.text for f in flags] == ["linkedin:"]


# Real Latin (Caesar, Cicero, Virgil; public domain) shares words with the filler list.
REAL_LATIN = [
    "Gallia est omnis divisa in partes tres, quarum unam incolunt Belgae, aliam Aquitani.",
    "Quo usque tandem abutere, Catilina, patientia nostra? Quam diu etiam furor iste tuus nos eludet?",
    "Arma virumque cano, Troiae qui primus ab oris Italiam, fato profugus, Laviniaque venit litora.",
    "Neque porro quisquam est qui dolorem ipsum quia dolor sit amet consectetur adipisci velit.",
]


def test_real_latin_is_not_lorem():
    m = PlaceholderMetadata()
    # The last one is Cicero's own sentence that lorem ipsum was cut from: it IS the
    # filler's source and is flagged, which is the intended behaviour.
    assert [m.is_lorem(t) for t in REAL_LATIN] == [False, False, False, True]


@needs_shared
@pytest.mark.parametrize("source", ["l2r", "outfox", "seqxgpt"])
def test_no_flags_on_human_text(source):
    fam, lg = PlaceholderMetadata(), LanguageGuesser()
    recs = list(itertools.islice((r for r in devdata.human_texts() if r["source"] == source), 300))
    assert len(recs) >= 200
    flagged = [(r["id"], f.type, f.text[:80]) for r in recs
               for f in fam.detect(Document(r["text"], languages=lg)).flags]
    assert flagged == []


def test_classic_lorem_phrase_any_language():
    d = Document("Lorem ipsum dolor sit amet, consectetur adipiscing elit.")
    assert [f.type for f in PlaceholderMetadata().detect(d).flags] == ["lorem_ipsum"]


# Written for these tests: prose that NAMES the filler (a story, an article on typesetting, a
# review) is not a placeholder; a bare "Lorem ipsum" heading or the filler's own opening is.
LOREM_MENTIONS = [
    "When the brochure came back from the printer, half the captions still read lorem ipsum, and "
    "Maria had to ring the agency twice before anyone noticed.",
    "Typesetters have filled mock-ups with Lorem Ipsum for centuries; the scrambled words come from a "
    "treatise on ethics.",
    "The new theme looks tidy, but the demo pages are all lorem ipsum, so it is hard to judge how real "
    "articles will read.",
]


@pytest.mark.parametrize("text", LOREM_MENTIONS)
def test_lorem_ipsum_named_in_prose_is_not_placeholder(text):
    assert PlaceholderMetadata().detect(Document(text)).flags == []


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("Our team\n\nLorem ipsum\n\nWe repair bicycles of every make in the workshop behind the station.",
         "Lorem ipsum"),
        ("Opening hours\n\nLorem ipsum dolor sit amet, and then the real timetable we forgot to paste in "
         "before the site went live.", "Lorem ipsum"),
        ("About the author: Lorem Ipsum.", "Lorem Ipsum"),
    ],
)
def test_lorem_ipsum_left_as_filler_is_still_flagged(text, needle):
    flags = PlaceholderMetadata().detect(Document(text)).flags
    pos = text.index(needle)
    assert [f.type for f in flags] == ["lorem_ipsum"]
    assert flags[0].start <= pos and flags[0].end >= pos + len(needle)
