"""quality_stats: datatrove's Gopher/C4/FineWeb definitions, as numbers."""

from __future__ import annotations

import itertools
import re

import pytest
from training import devdata

from spamcheck.quality.stats import quality_stats
from spamcheck.text.document import Document

needs_shared = pytest.mark.skipif(not devdata.text_dir().exists(), reason="../shared/data not present")


def test_seed_repetition_and_line_measures(seed_text):
    d = Document(seed_text)
    s = quality_stats(d)
    paras = re.split(r"\n{2,}", d.text.strip())
    dup = len(paras) - len(set(paras))
    assert s["stats.dup_para_frac"] == round(dup / len(paras), 4)
    assert s["stats.dup_para_frac"] > 0  # the three doubled related-post titles
    assert s["stats.c4_lorem_ipsum"] == 0.0  # Faker's Latin has no "lorem ipsum"
    assert 0 < s["stats.c4_terminal_punct_lines_frac"] < 1
    assert s["stats.bullet_lines_frac"] > 0  # the "•" profile lines
    assert all(isinstance(v, float) for v in s.values())


def test_empty_and_odd_input_gives_zeros():
    for text in ("", "   \n\n ", "###", "…" * 50):
        s = quality_stats(Document(text))
        assert all(v == v and abs(v) < 1e9 for v in s.values())


def _real_docs(n: int) -> list[str]:
    it = (r["text"] for r in devdata.iter_l2r() if r["label"] == "human" and len(r["text"]) > 1500)
    return list(itertools.islice(it, n))


@needs_shared
@pytest.mark.datatrove
def test_matches_datatrove_definitions(seed_text):
    pytest.importorskip("datatrove")
    pytest.importorskip("spacy")
    from datatrove.pipeline.filters.gopher_repetition_filter import (
        find_all_duplicate,
        find_duplicates,
        find_top_duplicate,
        get_n_grams,
    )
    from datatrove.utils.word_tokenizers import load_word_tokenizer

    tok = load_word_tokenizer("en")
    for raw in [*_real_docs(3), seed_text]:
        d = Document(raw)
        text = d.text
        s = quality_stats(d)
        words = tok.word_tokenize(text)
        # Exact: line and paragraph duplicates use the same splits.
        paras = re.split(r"\n{2,}", text.strip())
        assert s["stats.dup_para_frac"] == pytest.approx(find_duplicates(paras)[0] / len(paras), abs=1e-4)
        lines = re.split(r"\n+", text)
        assert s["stats.dup_line_char_frac"] == pytest.approx(find_duplicates(lines)[1] / len(text), abs=1e-4)
        # Close: our regex tokens differ from spaCy's around contractions and abbreviations.
        assert s["stats.n_words"] == pytest.approx(len(words), rel=0.05)
        for n in (2, 3, 4):
            ref = find_top_duplicate(get_n_grams(words, n)) / len(text)
            assert s[f"stats.top_{n}gram_char_frac"] == pytest.approx(ref, abs=0.01)
        for n in (5, 7, 10):
            ref = find_all_duplicate(words, n) / len(text)
            assert s[f"stats.dup_{n}gram_char_frac"] == pytest.approx(ref, abs=0.01)
        stop = {"the", "be", "to", "of", "and", "that", "have", "with"}
        assert s["stats.stop_words"] == pytest.approx(sum(w in stop for w in words), rel=0.05)
