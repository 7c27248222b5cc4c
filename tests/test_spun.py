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

from spamcheck.detectors.collocations import CollocationIndex
from spamcheck.detectors.spun import Spun, load_allow, load_tortured
from spamcheck.text.document import Document
from spamcheck.text.languages import LanguageGuesser

needs_shared = pytest.mark.skipif(not devdata.text_dir().exists(), reason="../shared/data not present")


def page_text(path) -> str:
    """Paragraph text of a stored web page (BeautifulSoup, independent of spamcheck.html)."""
    import gzip

    from bs4 import BeautifulSoup

    soup = BeautifulSoup(gzip.decompress(path.read_bytes()), "lxml")
    return "\n\n".join(p.get_text(" ", strip=True) for p in soup.find_all("p"))

# Target term -> tortured phrases for it, taken from the shipped PPS sample (train
# split only: the held-out rows are not shipped).
SUBSTITUTIONS = {
    "artificial intelligence": ["computerized reasoning", "human-made consciousness"],
    "deep learning": ["profound learning"],
    "big data": ["huge information"],
    "data mining": ["information mining", "information digging"],
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


@needs_shared
def test_heldout_rows_are_not_shipped() -> None:
    from training.build_ai_spun_lexicons import resolve_query
    from training.build_spun_collocations import is_heldout, tortured_rows

    shipped = load_tortured()
    held = {p.lower() for q, _ in tortured_rows("heldout") for p in resolve_query(q)}
    train = {p.lower() for q, _ in tortured_rows("train") for p in resolve_query(q)}
    assert held and all(is_heldout(q) for q, _ in tortured_rows("heldout"))
    # Phrases only in held-out rows never reach the shipped list.
    assert not (held - train) & set(shipped)
    n_held, n_train = len(tortured_rows("heldout")), len(tortured_rows("train"))
    assert 0.2 < n_held / (n_held + n_train) < 0.4


def test_allow_list_is_never_flagged(spun: Spun) -> None:
    assert "artificial consciousness" in load_allow()
    doc = Document("Philosophers ask whether artificial consciousness is possible at all.")
    doc.__dict__["language"] = "en"
    assert not [f for f in spun.detect(doc).flags if f.family == "spun"]


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


# Original word -> a spinner's synonym (thesaurus substitutions, written for this test).
SPINS = {"disease": "ailment", "heat": "warmth", "energy": "vitality", "hidden": "concealed",
         "breast": "bosom", "distance": "separation", "forest": "woodland"}


@needs_shared
def test_unusual_collocation_generalises(spun: Spun, langs: LanguageGuesser, human_sentences) -> None:
    """Real sentences with an established term get one word spun; the flag names the original."""
    idx = spun.collocations
    rng = random.Random(2)
    cases = []
    for sent in human_sentences:
        for m in re.finditer(r"\b([a-z]+) (" + "|".join(SPINS) + r")\b", sent):
            spun_key = (m.group(1), SPINS[m.group(2)])
            # A spin that is itself a phrase in use ("heart ailment") is rightly left alone.
            if ((m.group(1), m.group(2)) in idx.terms and m.group(1) not in idx.stop
                    and spun_key not in idx.terms and spun_key not in idx.known):
                cases.append((sent, m))
    assert len(cases) >= 10
    for sent, m in rng.sample(cases, 10):
        spun_word = SPINS[m.group(2)]
        text = sent[: m.start(2)] + spun_word + sent[m.end(2):]
        doc = Document(text, languages=langs)
        found = spun.detect(doc)
        flags = [f for f in found.flags if f.type in ("unusual_collocation", "tortured_phrase")]
        # The finding covers the spun word (a longer window, "ailment-free survival", may win).
        # A weak (WordNet-only) candidate is counted in a feature, never shown.
        hit = [f for f in flags if f.start <= m.start(2) < f.end]
        cands = [c for c in idx.find(text) if c.start <= m.start(2) < c.end]
        assert hit or cands, (text, flags)
        if not hit:
            assert all(c.strength <= 0.2 for c in cands)
            assert found.features["spun.weak_collocation_per_1k"] > 0
            original, strength = cands[0].original, cands[0].strength
        elif hit[0].type == "unusual_collocation":  # else: the spin is a listed tortured phrase
            original, strength = hit[0].reason.split("likely a spun '")[1].rstrip("'"), hit[0].strength
        else:
            continue
        # The named original is an established term (often the true one; on a tie of
        # evidence another swap may be named: "pitching change" for "pitching distance").
        assert tuple(original.split()) in idx.terms
        assert 0.1 <= strength <= 0.6


def test_collocation_index_is_offset_exact() -> None:
    idx = CollocationIndex()
    text = "Results.  The model predicts Kidney  Ailment risk; see below."
    (c,) = list(idx.find(text))
    assert text[c.start:c.end] == "Kidney  Ailment" and c.original == "kidney disease"


def test_shown_weak_collocations_keep_their_names() -> None:
    # By default weak candidates are only counted, so the detector skips naming them; a
    # caller that shows them (weak_collocation below the weak strength) still gets names.
    text = ("The firm reported mutual growth across its regions. Analysts expect common "
            "growth to slow, while the regional economy keeps a steady rate of expansion.")
    doc = Document(text)
    doc.__dict__["language"] = "en"
    default = Spun().detect(doc)
    assert not [f for f in default.flags if f.type == "unusual_collocation"]
    assert default.features["spun.weak_collocation_per_1k"] > 0
    showing = Spun(weak_collocation=0.1)
    shown = [f for f in showing.detect(doc).flags if f.type == "unusual_collocation"]
    assert len(shown) * 1000.0 / len(doc.words) == default.features["spun.weak_collocation_per_1k"]
    for f in shown:
        original = f.reason.split("likely a spun '")[1].rstrip("'")
        assert original and tuple(original.split()) in showing.collocations.terms


def test_tied_originals_are_named_the_same_in_any_order() -> None:
    # Candidate originals come out of sets, whose order changes with PYTHONHASHSEED; on a tie
    # of rank the reason must still name the same term in every process.
    idx = CollocationIndex()
    by_last: dict[str, list[tuple[str, ...]]] = {}
    for t in sorted(idx.terms):
        if len(t) == 2:
            by_last.setdefault(t[1], []).append(t)
    ties = 0
    for key in sorted(idx.terms)[:4000]:
        if len(key) != 2:
            continue
        cands = [t for t in by_last[key[1]] if t != key][:6]
        if len(cands) < 2:
            continue
        forward, backward = idx._best(key, cands), idx._best(key, cands[::-1])
        assert forward == backward
        rank = {c: idx.terms[c] for c in cands}
        ties += len(set(rank.values())) < len(rank)
    assert ties > 0  # the check above met real ties


def test_ordinary_phrases_are_not_spun(spun: Spun) -> None:
    # Everyday wordings whose synonym swaps are terms ("my breast", "our value") stay clear
    # at the family's decision point: no strong flag.
    text = ("I hold my bosom friend dear. Our esteem for the staff is high and a bunch of us "
            "stayed. The picture quality is sound and the information rate is fine.")
    doc = Document(text)
    doc.__dict__["language"] = "en"
    assert all(f.strength < 0.5 for f in spun.detect(doc).flags)


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
    # Regex alternations, set literals and code bodies are not spinner output
    # (a JavaScript sample in a tutorial page fired before).
    js = ("To validate the form, add:\n\nfunction isReady(user, cart) { if (user.loggedIn || cart.items) "
          "{ return cart.total | 0; } }\n\nconst pick = (o) => { return o.primary || o.fallback; };")
    ruby = "Map the list with names = items.map { |item| item.name } and print it."
    for text in ("pattern {a|b} here", "x = {1|2|3}", "no braces | here", js, ruby):
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
    """1500 human texts: no spintax/homoglyph flag; the family reaches 0.5 on <= 1 %.

    Weak collocation flags (WordNet swaps, strength 0.2) are evidence shown to the
    reader, not a decision: three of them stay below 0.5 in the family's noisy-OR.
    """
    from spamcheck.detector import family_score

    recs = list(devdata.human_texts())
    recs = random.Random(4).sample(recs, min(1500, len(recs)))
    counts: dict[str, int] = {}
    over = 0
    for r in recs:
        flags = spun.detect(Document(r["text"], languages=langs)).flags
        over += family_score(flags) >= 0.5
        for f in flags:
            counts[f.type] = counts.get(f.type, 0) + 1
    assert counts.get("tortured_phrase", 0) <= 2
    assert counts.get("spintax", 0) == 0
    assert counts.get("homoglyph", 0) == 0
    assert over <= 0.01 * len(recs)


def test_one_odd_collocation_in_old_prose_is_not_decisive() -> None:
    # Written for the test in the register of an 18th/19th-century address: one phrase the
    # collocation tables find odd ("personal esteem") is evidence, not a spun document.
    text = (
        "Fellow citizens, I accept this trust with a deep sense of its weight and of my own "
        "limits. Whatever personal esteem you have shown me I owe to the patience of those who "
        "served before me, and I shall repay it only by keeping the laws as they are written, "
        "by guarding the public credit, and by seeking peace with every nation that seeks it "
        "with us. Let the farmer, the merchant and the mechanic find in this government a "
        "steady friend, and let the stranger who comes to our shores find here a fair hearing."
    )
    from spamcheck.detector import Detector

    r = Detector(model=None).score(text)
    assert r.scores["spun"] < 0.5, [(f.type, f.text, f.strength) for f in r.flags]
    assert r.label == "clean", r.why
