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
    flagged = [(r["id"], f.type, f.text[:80]) for r in recs
               for f in fam.detect(Document(r["text"], languages=lg)).flags]
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
