"""fragments family: the seed's cut quotations, prompt leaks and truncated ending;
silence on real human writing; English lists stay off non-English text."""

from __future__ import annotations

import gzip
import itertools
from pathlib import Path

import pytest
from training import devdata

from spamcheck.detectors.fragments import Fragments
from spamcheck.text.document import Document
from spamcheck.text.languages import LanguageGuesser

needs_shared = pytest.mark.skipif(not devdata.text_dir().exists(), reason="../shared/data not present")

SEED_SPANS = [
    ("$200", "dangling_quote"),
    ("Press TV at a time of", "dangling_quote"),
    ("although Ortega has invited Iran to participate in different", "dangling_quote"),
    ("Data Kalimat", "prompt_leak"),
    ("When the data mentions", "prompt_leak"),
    ("This reference is based on", "prompt_leak"),
    ('The phrase "but that is exactly what we do today" implies', "prompt_leak"),
    ("As we continue to observe the unfolding dynamics of this unique partnership, "
     "it is clear that the Cuba and Iran", "truncated"),
]


def _covered(flags, text: str, needle: str, family: str, type_: str | None = None) -> bool:
    pos = text.index(needle)
    end = pos + len(needle)
    return any(f.family == family and (type_ is None or f.type == type_) and f.start <= pos and f.end >= end
               for f in flags)


@pytest.mark.parametrize(("needle", "type_"), SEED_SPANS)
def test_seed_spans_are_flagged(detector, seed_text, needle, type_):
    result = detector.score(seed_text)
    assert _covered(result.flags, seed_text, needle, "fragments", type_), needle
    assert result.detectors["fragments"] == "full"


def test_seed_json_flag_text_matches_offsets(detector, seed_text):
    for f in detector.score(seed_text).flags:
        assert seed_text[f.start : f.end] == f.text


def _human_sample(source: str, n: int = 300) -> list[dict]:
    it = (r for r in devdata.human_texts() if r["source"] == source)
    return list(itertools.islice(it, n))


@needs_shared
@pytest.mark.parametrize("source", ["l2r", "outfox", "seqxgpt"])
def test_no_flags_on_human_text(source):
    fam, lg = Fragments(), LanguageGuesser()
    recs = _human_sample(source)
    assert len(recs) >= 200
    # Weak flags (a text that stops mid-sentence at its very end, which data sets
    # do) are allowed; nothing may reach the family's 0.5 decision point.
    flagged = [(r["id"], f.type, f.text[:80]) for r in recs
               for f in fam.detect(Document(r["text"], languages=lg)).flags if f.strength >= 0.5]
    assert flagged == []


@needs_shared
def test_chatbot_leaks_in_real_machine_text():
    # LLM rewrites in the l2r set that kept the assistant's preamble.
    wanted = {"l2r/EducationMaterial/GPT-3-Turbo/154", "l2r/Environmental/GPT-4o/140", "l2r/Code/GPT-4o/16"}
    fam, lg = Fragments(), LanguageGuesser()
    found = {}
    for r in devdata.iter_l2r():
        if r["id"] in wanted:
            found[r["id"]] = {f.type for f in fam.detect(Document(r["text"], languages=lg)).flags}
    assert set(found) == wanted
    assert all("chatbot_leak" in types for types in found.values()), found


def _german_pages(n: int) -> list[Document]:
    import spamcheck

    lg = LanguageGuesser()
    out = []
    root = devdata.shared_dir() / "data" / "html" / "trafilatura-eval" / "eval"
    for p in sorted(Path(root).glob("*.html.gz")):
        d = Document(spamcheck.extract(gzip.decompress(p.read_bytes())).main_text, languages=lg)
        if d.language == "de" and len(d.words) > 200:
            out.append(d)
        if len(out) >= n:
            break
    return out


@needs_shared
def test_german_pages_get_no_english_phrase_flags():
    fam = Fragments()
    docs = _german_pages(25)
    assert len(docs) == 25
    for d in docs:
        found = fam.detect(d)
        assert found.coverage.startswith("partial")
        english_only = [f for f in found.flags
                        if f.type in ("prompt_leak", "chatbot_leak") or "cut mid-phrase" in f.reason]
        assert english_only == []


# -- prompt leaks: kinds of leak, not the seed's words ------------------------
@pytest.mark.parametrize(("text", "type_"), [
    ("Solar panels pay for themselves sooner than most owners expect. Based on the supplied notes, "
     "the average payback period is seven years.", "prompt_leak"),
    ("Meta description: everything you need to know before buying a heat pump\n\n"
     "Heat pumps move heat instead of making it.", "prompt_leak"),
    ("As per your instructions, the article keeps a friendly tone. Gardening in clay soil takes patience.",
     "prompt_leak"),
    ("Die Wärmepumpe spart Kosten. Basierend auf den bereitgestellten Daten lohnt sich der Einbau "
     "nach etwa acht Jahren, wie die folgenden Abschnitte zeigen.", "prompt_leak"),
    ("Sure! Here is the revised article with the requested keywords.\n\nClay soil holds water well.",
     "chatbot_leak"),
    ("Como modelo de lenguaje, no puedo confirmar las cifras más recientes sobre el mercado de la vivienda "
     "en la ciudad y sus alrededores.", "chatbot_leak"),
])
def test_general_prompt_and_chatbot_leaks(text, type_):
    flags = Fragments().detect(Document(text, languages=LanguageGuesser())).flags
    assert type_ in {f.type for f in flags}, [(f.type, f.text) for f in flags]


def test_leak_lexicon_holds_no_seed_wording():
    from spamcheck.lexicons.loader import read_lexicon

    rows = " ".join(read_lexicon("fragments", "prompt_leak.txt")).lower()
    for seed_words in ("data\\s+kalimat", "kalimat\\s+data", "when the data mentions", "reference is based"):
        assert seed_words not in rows


def test_human_uses_of_data_words_are_not_leaks():
    text = ("The data suggest that the new vaccine schedule reduced hospital visits. When the data were "
            "split by age, the effect was strongest in children. Based on the given definition, "
            "a case was counted once.")
    flags = Fragments().detect(Document(text, languages=LanguageGuesser())).flags
    assert [f for f in flags if f.type == "prompt_leak"] == []


# -- the two composers ---------------------------------------------------------
@needs_shared
def test_training_composer_does_not_copy_the_seed_layout():
    from training.compose import TRAIN_DOMAINS, compose

    recs = list(devdata.iter_l2r())
    pages = compose(recs, 40, 10, seed=3)
    for p in pages:
        assert "Detail Author" not in p["text"] and "Data Kalimat" not in p["text"]
        lines = [x for x in p["text"].split("\n\n") if x]
        # Related titles are never doubled line by line, the seed's layout.
        assert p["label"] == "clean" or all(a != b for a, b in itertools.pairwise(lines)), p["id"]
        assert p["group"] in TRAIN_DOMAINS
        for d in p["defects"]:
            assert 0 <= d["start"] < d["end"] <= len(p["text"])
    kinds = {d["kind"] for p in pages for d in p["defects"]}
    assert kinds == {"fragment", "truncated", "prompt_leak", "author_block", "repeated_titles"}


@needs_shared
def test_evaluation_composer_uses_other_sources_than_the_training_composer():
    from training.compose import TRAIN_DOMAINS
    from training.compose_eval import compose_eval

    pages = compose_eval(list(devdata.iter_all()), 30, 10, seed=5)
    parts = {pid for p in pages for pid in p["parts"]}
    assert not any(pid.startswith("l2r/") and pid.split("/")[1] in TRAIN_DOMAINS for pid in parts)
    assert any(pid.startswith(("masc/", "outfox/", "seqxgpt/")) for pid in parts)
    for p in pages:
        for d in p["defects"]:
            assert 0 <= d["start"] < d["end"] <= len(p["text"])


# -- misfires found on real human text (examples written for the tests) -------
def _strong(text: str) -> list[tuple[str, str]]:
    flags = Fragments().detect(Document(text, languages=LanguageGuesser())).flags
    return [(f.type, f.text) for f in flags if f.strength >= 0.5]


@pytest.mark.parametrize("text", [
    # News partial quotes that open mid-sentence and end on a noun: a reporter's habit.
    'The ministry blamed "repeated outages in the regional radio grid" for the delays, and '
    'promised "a full review of the contracts with suppliers" before the winter.',
    # A quotation the sentence goes on after, even when it ends on an article.
    'The rule says that where a party "refuses to answer, the tribunal may draw an" adverse '
    "conclusion from the silence. The appeal court agreed with that reading of the rule.",
    # A letter's salutation between paragraphs ends on a comma.
    "The council met on Tuesday evening to discuss the budget. Several members spoke.\n\n"
    "Dear members of the committee,\n\n"
    "We object to the proposed cut in funding for the youth centre on Mill Road.",
    # A forum post's sign-off and a signature line before the thread's next heading.
    "I rebuilt the kernel module twice and it still fails on boot. Any ideas are welcome, "
    "thanks a lot :) Regards, Tomasz\n\nReply from guest, 9:12 PM\n\n"
    "Did you check the firmware version first?",
    # A speaker's turn ending on a comma, followed by a short back-channel line.
    "So what I keep wondering about is, if the model handles one case and then another "
    "model handles the rest of the data,\n\nRight. you see,\n\n"
    "well, that is the part we never tested properly.",
    # A short hard-wrapped last line cut by a data set, before the site's navigation.
    "The court heard the appeal in the spring and reserved its judgment.\n"
    "The council replies that it is plain from the\n\nNews | Sport | Weather | Sign in",
    # Related headlines that end on a partial quotation (a tabloid's habit).
    "The museum reopens on Friday after a long closure. Visitors will need tickets.\n\n"
    "Festival cut to three days 'after organisers admit the main stage was never finished'\n\n"
    "Mayor defends new parking fees 'that nobody on the council voted for in the end'",
    # One partial quotation that ends on a verb's particle ("get through"), in a report whose
    # last paragraph simply stops (weak evidence): a lone quotation stays below the decision point.
    "Storm crews worked through the night along the coast road. The county's duty officer asked the "
    'army for "cranes to move the fallen pylons that block the bridge, so that fire engines can get '
    'through". Power came back to most homes by the morning, and the council said it would review the '
    "plan.\n\nSchools in the valley stay closed while engineers inspect the bridges",
    # Casual lower-case comments between finished ones on a blog.
    "Great write-up on the new trail, we walked it last spring.\n\n"
    "thanks for sharing this, let me know when you post the photos from the lake trip\n\n"
    "Did anyone else get lost near the second bridge?",
])
def test_no_decisive_flag_on_human_layouts(text):
    assert _strong(text) == []


@pytest.mark.parametrize(("text", "needle", "type_"), [
    # A lone quotation cut at both ends: it opens mid-sentence, closes on a preposition.
    ("Prices at the harbour market rose again this year. Traders blamed "
     '"the rising cost of diesel and the."\n\nThe market opens at six on weekdays.',
     "the rising cost of diesel and the", "dangling_quote"),
    # A short lower-case excerpt closed by a full stop, cut after a possessive.
    ("The village hall reopened after the renovation. One visitor praised "
     '"the effort to restore its."\n\nTickets for the opening concert sold out in a day.',
     "the effort to restore its", "dangling_quote"),
    # A lower-case orphan line between a finished paragraph and a new sentence.
    ("The bridge was closed for repairs during the whole of March. Traffic moved to the ring road.\n\n"
     "with the old stone pillars and the\n\n"
     "Engineers expect the work to finish before the summer holidays begin.",
     "with the old stone pillars and the", "dangling_fragment"),
    # A partial quotation that closes its paragraph with no punctuation at all.
    ("Sales of electric bikes doubled in two years. Shop owners describe "
     "“demand from commuters who used to drive into the city centre every”\n\n"
     "The trend is strongest in towns with new cycle lanes.",
     "demand from commuters who used to drive into the city centre every", "dangling_quote"),
    # A short cut tail sentence after finished ones, before related links.
    ("The library extended its opening hours for students. Staff were hired for the evenings. "
     "The new schedule starts with the\n\nRelated articles\n\nLibrary Card Fees Dropped\n\n"
     "New Reading Room Opens",
     "The new schedule starts with the", "truncated"),
])
def test_cut_pieces_outside_the_seed_layout(text, needle, type_):
    flags = Fragments().detect(Document(text, languages=LanguageGuesser())).flags
    assert _covered(flags, text, needle, "fragments", type_), [(f.type, f.text, f.reason) for f in flags]
