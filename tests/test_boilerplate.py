"""boilerplate family: the seed's repeated titles, link list and empty TOC; legal
lines on real German/English pages; HTML boilerplate blocks become flags."""

from __future__ import annotations

import gzip
import itertools

import pytest
from training import devdata

from spamcheck.detectors.boilerplate import Boilerplate
from spamcheck.text.document import Document
from spamcheck.text.languages import LanguageGuesser

needs_shared = pytest.mark.skipif(not devdata.text_dir().exists(), reason="../shared/data not present")
EVAL = devdata.shared_dir() / "data" / "html" / "trafilatura-eval" / "eval"


def _flags(detector, text, **kw):
    return [f for f in detector.score(text, **kw).flags if f.family == "boilerplate"]


def test_seed_repeats_flag_each_repeat_not_the_first(detector, seed_text):
    flags = [f for f in _flags(detector, seed_text) if f.type == "repeated_line"]
    for title in ("Travel To Cuba: What You Need to Know", "Cuba - United States Department of State",
                  "25 Best Things To Do In Havana For 2019 (Ultimate Cuba Bucket List)"):
        first = seed_text.index(title)
        second = seed_text.index(title, first + 1)
        starts = [f.start for f in flags if f.text == title]
        assert starts == [second], title


def test_seed_link_list_empty_toc_and_socials(detector, seed_text):
    flags = _flags(detector, seed_text)
    pos = seed_text.index("Cuba - United States Department of State")
    assert any(f.type == "link_list" and f.start <= pos < f.end for f in flags)
    assert [f.text for f in flags if f.type == "empty_toc"] == ["Table of Contents"]
    assert "Socials" in [f.text for f in flags if f.type == "share_nav"]
    # Profile fields ("Job : Anesthesiologist") are metadata, not a link list.
    bio = seed_text.index("Job : Anesthesiologist")
    assert not any(f.type == "link_list" and f.start <= bio < f.end for f in flags)


def _page_text(name: str) -> str:
    import spamcheck

    return spamcheck.extract(gzip.decompress((EVAL / f"{name}.gz").read_bytes())).text


@needs_shared
@pytest.mark.parametrize(("page", "snippet"), [
    ("reddit.com.init.html", "All rights reserved"),
    ("cbsnews.com.carolina.html", "All Rights Reserved"),
    ("prof-pc.de.html", "Datenschutzerklärung"),
])
def test_legal_lines_on_real_pages(page, snippet):
    text = _page_text(page)
    d = Document(text, languages=LanguageGuesser())
    flags = [f for f in Boilerplate().detect(d).flags if f.type == "legal_notice"]
    hits = [f for f in flags if snippet.lower() in f.text.lower() or f.text.lower() in snippet.lower()]
    assert hits, [f.text for f in flags]


@needs_shared
def test_html_boilerplate_blocks_become_flags(detector):
    html = gzip.decompress((EVAL / "prof-pc.de.html.gz").read_bytes())
    result = detector.score(html, html=True)
    import spamcheck

    ex = spamcheck.extract(html)
    bp = [b for b in ex.blocks if b.label == "boilerplate" and b.end > b.start]
    assert bp, "the extractor found no boilerplate on a page with a legal footer"
    flagged = [f for f in result.flags if f.type == "html_block"]
    assert len(flagged) == len(bp)
    assert {f.text for f in flagged} == {ex.text[b.start : b.end] for b in bp}
    assert all(f.reason for f in flagged)
    assert 0 < result.features["boilerplate.html_share"] <= 1


@needs_shared
def test_rare_on_plain_human_prose():
    fam, lg = Boilerplate(), LanguageGuesser()
    recs = list(itertools.islice(devdata.human_texts(), 0, None, 10))
    n_flagged = sum(1 for r in recs if fam.detect(Document(r["text"], languages=lg)).flags)
    # Student essays repeat their own title now and then; page furniture is rare.
    assert n_flagged / len(recs) < 0.01


def test_thresholds_are_constructor_keywords():
    # A label line repeated three times: below the default 15 characters it is a label,
    # with a lower minimum it counts as a repeated line.
    from spamcheck.detectors import build_families

    text = "Read the guide\n\nThe ferry leaves at nine and the crossing takes an hour.\n\n" * 3
    doc = Document(text)

    def repeated(det: Boilerplate) -> set[str]:
        return {f.text for f in det.detect(doc).flags if f.type == "repeated_line"}

    sentence = "The ferry leaves at nine and the crossing takes an hour."
    assert repeated(Boilerplate()) == {sentence}
    strict = build_families(["boilerplate"], {"boilerplate": {"min_repeat_chars": 10}})[0]
    assert repeated(strict) == {sentence, "Read the guide"}
    with pytest.raises(ValueError, match="unknown detector families"):
        build_families(["no_such_family"])
