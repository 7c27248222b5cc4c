"""Features: source formatting must not survive cleaning; numbers are finite and named."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np

from spamcheck.detector import Detector
from spamcheck.model.features import (
    FwHasher,
    clean_text,
    dense_matrix,
    doc_features,
    mask_content_words,
    masking_words,
    page_stats,
    result_features,
    text_stats,
)
from spamcheck.result import Flag, Result

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "labeled_small.jsonl"


def _records() -> list[dict]:
    return [json.loads(line) for line in FIXTURE.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_clean_text_removes_seqxgpt_tokeniser_spacing():
    # SeqXGPT's human abstracts are lower-cased and tokenised (" ." " ,"): real texts, not written here.
    texts = [r["text"] for r in _records() if r["source"] == "seqxgpt" and " ." in r["text"]]
    assert texts, "fixture should hold tokenised SeqXGPT text"
    for t in texts:
        c = clean_text(t)
        assert " ." not in c and " ," not in c and "@xmath" not in c and "  " not in c
        assert c == c.lower()
        assert clean_text(c) == c


def test_stats_ignore_paragraphing_quotes_and_case():
    for r in _records()[:20]:
        t = r["text"]
        reformatted = t.replace(". ", ".\n\n").replace('"', "\u201c").upper()
        assert text_stats(clean_text(reformatted)) == text_stats(clean_text(t))


def test_text_stats_finite_on_degenerate_input():
    for t in ["", "...", "word", "a " * 5000]:
        s = text_stats(clean_text(t))
        assert all(math.isfinite(v) for v in s.values())


def test_result_features_count_flags_per_type():
    flags = [
        Flag("fragments", "dangling_quote", 0, 3, "abc", "r", 0.4),
        Flag("fragments", "dangling_quote", 5, 9, "abcd", "r", 0.9),
    ]
    f = result_features(Result(id=None, score=0.0, label="clean", flags=flags))
    assert f["flag.fragments.dangling_quote.max"] == 0.9
    # Two flags in a document of (at least) 100 words: 20 per 1000 words.
    assert f["flag.fragments.dangling_quote.per1k"] == 20.0


def test_dense_matrix_orders_and_zero_fills():
    m = dense_matrix([{"b": 2.0, "zzz": 5.0}, {"a": float("nan")}], ["a", "b"])
    assert m.dtype == np.float32 and m.tolist() == [[0.0, 2.0], [0.0, 0.0]]


def test_seed_page_features(seed_text):
    det = Detector(model=None)
    doc = det.prepare(seed_text, None, False, [])
    prose, feats = doc_features(doc, det.analyse(doc))
    # The repeated related-post titles and the key/value author block are page features, not prose.
    page = page_stats(doc)
    assert page["page.dup_lines_log"] >= math.log1p(3) and page["page.dup_short_share"] > 0.1
    assert feats["page.kv_line_share"] > 0.05
    assert "detail author" not in prose and len(prose) > 5000


def test_function_word_ngrams_ignore_topic_words():
    # Real texts from two sources: swapping every content word of one for the next content
    # word of the other leaves the masked text, hence the stats+fw n-gram vector, unchanged.
    recs = _records()
    a, b = clean_text(recs[0]["text"]), clean_text(recs[-1]["text"])
    fw = masking_words()
    donors = iter([w for w in b.split() if w.isalpha() and w not in fw] * 50)
    swapped = " ".join(next(donors) if w.isalpha() and w not in fw else w for w in a.split())
    assert swapped != a
    assert mask_content_words(swapped) == mask_content_words(a)
    h = FwHasher(2**12)
    assert (h.transform([swapped]) != h.transform([a])).nnz == 0
    # ... but the function words are what it keeps: the masked text is not all placeholders.
    kept = [t for t in mask_content_words(a).split() if t.isalpha() and t not in ("W", "D")]
    assert kept and set(kept) <= fw
    assert (h.transform([a]) != h.transform([b])).nnz > 0
