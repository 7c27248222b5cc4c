"""PhraseMatcher: whole-word, longest-first, case-insensitive trie regex."""

from __future__ import annotations

import json
import random
import re

import pytest
from training import devdata

from spamcheck.lexicons.matcher import PhraseMatcher, normalise_phrase

needs_shared = pytest.mark.skipif(not devdata.text_dir().exists(), reason="../shared/data not present")


def test_longest_match_first_and_word_boundaries() -> None:
    m = PhraseMatcher(["deep", "deep learning", "deep learning model", "learn"])
    text = "A deep learning model, deep learnings, deeper, learn."
    got = [(text[s:e], k) for s, e, k in m.finditer(text)]
    # "deep learnings": the long phrase is cut mid-word, so the engine backs off to "deep".
    assert got == [
        ("deep learning model", "deep learning model"),
        ("deep", "deep"),
        ("learn", "learn"),
    ]


def test_case_and_whitespace_and_apostrophes() -> None:
    m = PhraseMatcher(["In today's world", "Big Data"])
    text = "IN TODAY’S\n  WORLD we have big   data."
    assert [k for _, _, k in m.finditer(text)] == ["in today's world", "big data"]
    cs = PhraseMatcher(["Big Data"], case_insensitive=False)
    assert cs.findall("big data, Big Data") == ["Big Data"]


def test_regex_metacharacters_are_literal() -> None:
    m = PhraseMatcher(["c++ code", "a.b", "(x)"])
    assert m.findall("write c++ code; aXb a.b") == ["c++ code", "a.b"]
    assert "A.B" in m and "zzz" not in m
    assert normalise_phrase(" A.B ") == "a.b"


def test_empty_and_unicode() -> None:
    assert list(PhraseMatcher([]).finditer("anything")) == []
    m = PhraseMatcher(["straße", "élan"])
    assert m.findall("Die STRASSE, die Straße; Élan") == ["straße", "élan"]


def test_trie_not_flat_alternation() -> None:
    words = [f"word{i}" for i in range(2000)]
    m = PhraseMatcher(words)
    # A flat alternation would repeat the shared prefix 2000 times.
    assert m.pattern.count("word") < 20
    assert m.findall("x word1999 word7 word20000") == ["word1999", "word7"]


@needs_shared
def test_agrees_with_token_lookup_on_real_text() -> None:
    """Single-word lexicon: the regex must find exactly what a token-set lookup finds."""
    path = devdata.shared_dir() / "data" / "lexicons" / "antislop" / "slop_words_2025-04-07.json"
    if not path.exists():
        pytest.skip("antislop lexicon not present")
    words = [w for w, _ in json.loads(path.read_text(encoding="utf-8")) if re.fullmatch(r"[a-z]+", w)]
    m = PhraseMatcher(words)
    wordset = set(words)
    rng = random.Random(7)
    texts = [r["text"] for r in devdata.iter_l2r() if r["label"] == "human"]
    for text in rng.sample(texts, 50):
        expected = [w.lower() for w in re.findall(r"(?<![\w'’])[A-Za-z]+(?![\w'’])", text)
                    if w.lower() in wordset]
        got = [k for s, e, k in m.finditer(text) if not re.match(r"['’]", text[e:e + 1])
               and not re.search(r"['’]$", text[:s])]
        assert got == expected
