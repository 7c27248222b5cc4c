"""spun: tortured phrases, spun collocations, spintax and homoglyphs.

Positive examples are COMPOSED from real human sentences of the development data
(seeded, reproducible): a sentence that uses a technical term gets the term
replaced by a tortured phrase from the shipped list, or a word wrapped in spintax,
or a letter swapped for a Cyrillic look-alike.
"""

from __future__ import annotations

import random
import re

import pytest
from training import devdata

from spamcheck.detectors.spun import Spun, expand_collocations, load_tortured
from spamcheck.text.document import Document
from spamcheck.text.languages import LanguageGuesser

needs_shared = pytest.mark.skipif(not devdata.text_dir().exists(), reason="../shared/data not present")


def page_text(path) -> str:
    """Paragraph text of a stored web page (BeautifulSoup, independent of spamcheck.html)."""
    import gzip

    from bs4 import BeautifulSoup

    soup = BeautifulSoup(gzip.decompress(path.read_bytes()), "lxml")
    return "\n\n".join(p.get_text(" ", strip=True) for p in soup.find_all("p"))

# Target term -> tortured phrases for it, taken from the shipped PPS sample.
SUBSTITUTIONS = {
    "artificial intelligence": [
        "counterfeit consciousness", "computerized reasoning", "human-made consciousness"],
    "deep learning": ["profound learning"],
    "machine learning": ["machine gaining knowledge of"],
    "big data": ["huge information", "colossal information"],
    "data mining": ["information mining", "information digging"],
    "global warming": ["worldwide temperature alteration"],
    "breast cancer": ["bosom malignancy"],
    "heart attack": ["heart assault"],
    "amino acid": ["amino corrosive"],
}


@pytest.fixture(scope="module")
def spun() -> Spun:
    return Spun()


@pytest.fixture(scope="module")
def langs() -> LanguageGuesser:
    return LanguageGuesser()


@pytest.fixture(scope="module")
def human_sentences() -> list[str]:
    out = []
    for r in devdata.human_texts():
        for s in re.split(r"(?<=[.!?])\s+", r["text"]):
            if 12 <= len(s.split()) <= 60 and s.isascii():
                out.append(s)
    return out


def test_tortured_list_resolved() -> None:
    t = load_tortured()
    for phrases in SUBSTITUTIONS.values():
        for p in phrases:
            assert p in t, p
    # The screener's query syntax is resolved into plain phrases.
    assert not [k for k in t if "~" in k or "(" in k or k != k.lower()]
    assert t["profound learning"] >= 100


def test_collocation_expansion() -> None:
    variants, allow = expand_collocations(load_tortured())
    assert variants["fake intelligence"] == "artificial intelligence"
    assert "profound learning" not in variants  # it is a listed tortured phrase
    assert "artificial consciousness" in allow and "artificial consciousness" not in variants


@needs_shared
def test_tortured_phrases_in_real_sentences(spun: Spun, langs: LanguageGuesser, human_sentences) -> None:
    rng = random.Random(11)
    done = 0
    for term, tortured in SUBSTITUTIONS.items():
        hits = [s for s in human_sentences if re.search(rf"\b{term}\b", s, re.I)]
        if not hits:
            continue
        for sent in rng.sample(hits, min(3, len(hits))):
            bad = rng.choice(tortured)
            text = re.sub(rf"\b{term}\b", bad, sent, count=1, flags=re.I)
            # Pad with real English context so the language is recognised.
            doc = Document(text + " " + rng.choice(human_sentences), languages=langs)
            assert doc.language == "en"
            flags = [f for f in spun.detect(doc).flags if f.type == "tortured_phrase"]
            start = text.lower().index(bad)
            assert any(f.start == start and f.text.lower() == bad for f in flags), (text, flags)
            assert all(0.5 <= f.strength <= 0.9 for f in flags)
            done += 1
    assert done >= 10


@needs_shared
def test_unusual_collocation_generalises(spun: Spun, langs: LanguageGuesser, human_sentences) -> None:
    hits = [s for s in human_sentences if re.search(r"\bartificial intelligence\b", s, re.I)]
    assert hits
    variants, _ = expand_collocations(load_tortured())
    unseen = sorted(v for v, t in variants.items() if t == "artificial intelligence")
    rng = random.Random(2)
    for sent in rng.sample(hits, min(3, len(hits))):
        bad = rng.choice(unseen)
        text = re.sub(r"\bartificial intelligence\b", bad, sent, count=1, flags=re.I)
        flags = spun.detect(Document(text, languages=langs)).flags
        assert any(f.type == "unusual_collocation" and f.text.lower() == bad for f in flags), (text, flags)


@needs_shared
def test_spintax_flat_and_nested(spun: Spun, langs: LanguageGuesser, human_sentences) -> None:
    rng = random.Random(5)
    for sent in rng.sample(human_sentences, 20):
        words = [m for m in re.finditer(r"[A-Za-z]{4,}", sent)]
        w = rng.choice(words)
        nested = rng.random() < 0.5
        group = (f"{{{w.group()}|{{option|choice}}|variant}}" if nested
                 else f"{{{w.group()}|alternative|other}}")
        text = sent[: w.start()] + group + sent[w.end():]
        flags = [f for f in spun.detect(Document(text, languages=langs)).flags if f.type == "spintax"]
        assert len(flags) == 1, (text, flags)
        assert flags[0].text == group and flags[0].start == w.start()
        assert flags[0].strength >= 0.8


def test_spintax_ignores_code_like_braces(spun: Spun) -> None:
    # Regex alternations and set literals are not spinner output.
    for text in ("pattern {a|b} here", "x = {1|2|3}", "no braces | here"):
        assert not [f for f in spun.detect(Document(text)).flags if f.type == "spintax"]


@needs_shared
def test_homoglyph_spans_point_at_original(spun: Spun, langs: LanguageGuesser, human_sentences) -> None:
    rng = random.Random(9)
    for sent in rng.sample(human_sentences, 20):
        cands = [m for m in re.finditer(r"\b[a-z]*[aeoc][a-z]*\b", sent) if len(m.group()) >= 4]
        w = rng.choice(cands)
        j = next(i for i, c in enumerate(w.group()) if c in "aeoc")
        fake = w.group()[:j] + {"a": "а", "e": "е", "o": "о", "c": "с"}[w.group()[j]] + w.group()[j + 1:]
        # A zero-width space before the word shifts normalised vs original offsets.
        original = sent[: w.start()] + "\u200b" + fake + sent[w.end():]
        doc = Document(original, languages=langs)
        assert doc.homoglyphs == 1
        flags = [f for f in spun.detect(doc).flags if f.type == "homoglyph"]
        assert len(flags) == 1
        f = flags[0]
        assert original[f.start : f.end] == fake == f.text
        assert f.start == w.start() + 1


def test_pure_cyrillic_words_are_not_homoglyphs(spun: Spun) -> None:
    doc = Document("Москва and Berlin are cities.")
    assert not [f for f in spun.detect(doc).flags if f.type == "homoglyph"]


@needs_shared
def test_non_english_text_gets_no_lexicon_flags(spun: Spun, langs: LanguageGuesser) -> None:
    root = devdata.shared_dir() / "data" / "html" / "trafilatura-eval" / "eval"
    seen = 0
    for p in sorted(root.glob("*.html.gz")):
        text = page_text(p)
        doc = Document(text, languages=langs)
        if len(text) < 1500 or doc.language not in ("de", "fr"):
            continue
        found = spun.detect(doc)
        assert not [f for f in found.flags if f.type in ("tortured_phrase", "unusual_collocation")]
        assert found.coverage.startswith("partial")
        seen += 1
        if seen >= 15:
            break
    assert seen >= 10


@needs_shared
@pytest.mark.slow
def test_false_positives_on_human_texts(spun: Spun, langs: LanguageGuesser) -> None:
    """1500 human texts: no tortured/spintax/homoglyph flag, unusual collocations rare."""
    recs = list(devdata.human_texts())
    recs = random.Random(4).sample(recs, min(1500, len(recs)))
    counts: dict[str, int] = {}
    for r in recs:
        for f in spun.detect(Document(r["text"], languages=langs)).flags:
            counts[f.type] = counts.get(f.type, 0) + 1
    assert counts.get("tortured_phrase", 0) <= 1
    assert counts.get("spintax", 0) == 0
    assert counts.get("homoglyph", 0) == 0
    assert counts.get("unusual_collocation", 0) <= 3  # <= 2 per 1000 documents
