"""False positives on real human writing (the full measurement is training/eval_fpr.py).

A few hundred human texts per source, sampled with a fixed seed: the
near-certain families (fragments, placeholder metadata) must stay silent on
them, and none may be labelled spam.
"""

from __future__ import annotations

import random
from collections import defaultdict
from functools import lru_cache

import pytest
from training import devdata

import spamcheck

needs_shared = pytest.mark.skipif(not devdata.text_dir().exists(), reason="../shared/data not present")
PER_SOURCE = 300
SILENT_FAMILIES = ("fragments", "placeholder_metadata")


@lru_cache(maxsize=1)
def sample() -> dict[str, list[dict]]:
    by_source: dict[str, list[dict]] = defaultdict(list)
    for r in devdata.human_texts():
        by_source[r["source"]].append(r)
    rnd = random.Random(2024)
    return {s: rnd.sample(rs, min(PER_SOURCE, len(rs))) for s, rs in sorted(by_source.items())}


@needs_shared
@pytest.mark.parametrize("source", ["l2r", "outfox", "seqxgpt"])
def test_human_texts_are_not_spam_and_have_no_certain_flags(source):
    records = sample()[source]
    assert len(records) >= 200
    det = spamcheck.default_detector()
    loud, spam = [], []
    for rec in records:
        r = det.score(rec["text"], doc_id=rec["id"])
        assert r.error is None
        for f in r.flags:
            if f.family in SILENT_FAMILIES:
                loud.append((rec["id"], f.family, f.type, f.text[:80]))
        if r.label == "spam":
            spam.append((rec["id"], sorted({f"{f.family}/{f.type}" for f in r.flags})))
    assert not loud, loud[:10]
    assert not spam, spam[:10]
