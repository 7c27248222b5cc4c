"""The ai head's word-frequency profile and the trust table's leave-one-source-out AUC.

Examples are written for these tests (not taken from any data set or the seed).
"""

from __future__ import annotations

import numpy as np

from spamcheck.detector import Detector
from spamcheck.model.features import clean_text, doc_features, function_words
from spamcheck.model.wordfreq import PREFIX, wordfreq_stats, zipf_table

PLAIN = (
    "We got home late and the kids were still up. I made some tea, put the dog out and "
    "told them to go to bed before their mum got back from work."
)
JARGON = (
    "The bosun rove a fresh halyard through the masthead sheave, then flaked the jib sheets "
    "and lashed the tiller before the squall came over the breakwater."
)


def _stats(text: str) -> dict[str, float]:
    return wordfreq_stats(clean_text(text), frozenset(function_words()))


def test_table_orders_common_words_above_rare_ones():
    table, oov = zipf_table()
    assert len(table) >= 10_000
    assert table["the"] > table["house"] > table["tiller"] > oov
    assert "halyard" not in table  # past the 50,000 kept words: scored as unknown


def test_specialist_vocabulary_reads_rarer_than_plain_talk():
    plain, jargon = _stats(PLAIN), _stats(JARGON)
    assert jargon[PREFIX + "c_mean"] < plain[PREFIX + "c_mean"]
    assert jargon[PREFIX + "rare"] > plain[PREFIX + "rare"]
    assert jargon[PREFIX + "c_p10"] < plain[PREFIX + "c_p10"]


def test_profile_does_not_grow_with_length():
    # Statistics of a distribution, not counts: the same prose twice is the same profile
    # (quantiles up to interpolation between neighbouring values).
    once, twice = _stats(PLAIN), _stats(PLAIN + " " + PLAIN)
    assert once.keys() == twice.keys()
    for key, value in once.items():
        assert abs(twice[key] - value) < (0.25 if "_p" in key else 1e-9), key


def test_detokenised_spacing_gives_the_same_profile():
    tidy = "Don't forget the well-known sign-up sheet—it's on the e-mail thread (budget/final)."
    detok = (
        "Do n't forget the well- known sign- up sheet - - it 's on the e- mail thread ( budget / final ) ."
    )
    assert _stats(detok) == _stats(tidy)


def test_unknown_words_are_counted_and_empty_prose_gives_nothing():
    s = _stats("Our qwzxv and plorbt widgets shipped on time.")
    assert s[PREFIX + "oov"] > 0.3
    assert wordfreq_stats("", frozenset()) == {}


def test_document_features_carry_the_profile():
    det = Detector(model=None)
    doc = det.prepare(PLAIN, None, False, [])
    _, feats = doc_features(doc, det.analyse(doc))
    assert {k for k in feats if k.startswith(PREFIX)} >= {PREFIX + "c_mean", PREFIX + "rare", PREFIX + "oov"}


def test_trust_table_reports_the_one_fold_per_source_auc_separately():
    from training.trust_eval import trust_table

    # Two machine sources; the grouped scores rank source "a" perfectly, the per-source
    # (leave-one-source-out) logits rank it backwards: the two figures must not be mixed up.
    data = [{"y": y, "ai": True, "row": g, "group": g} for g in ("a", "b") for y in (0, 0, 1, 1)]
    grouped = np.array([0.1, 0.2, 0.8, 0.9, 0.1, 0.6, 0.4, 0.9])
    loso = np.array([0.9, 0.8, 0.2, 0.1, 0.1, 0.2, 0.8, 0.9])
    labels = np.array(["clean"] * 8, dtype=object)
    mask = np.ones(8, bool)
    t = trust_table(data, grouped, labels, mask, loso)
    assert t["machine"]["a"]["roc_auc"] == 1.0 and t["machine"]["a"]["roc_auc_loso"] == 0.0
    assert t["mean_loso_roc_auc"] == 0.5
    assert t["mean_grouped_roc_auc"] == round((1.0 + 0.75) / 2, 4)
    assert trust_table(data, grouped, labels, mask)["mean_loso_roc_auc"] is None


def test_profile_is_the_same_in_every_process():
    # The distinct-word mean once summed a set, whose order follows PYTHONHASHSEED: two
    # processes gave values one bit apart on about a third of documents.
    import json
    import os
    import subprocess
    import sys

    words = " ".join(f"{w}{i}" for i in range(40) for w in ("quill", "harbour", "lantern"))
    text = JARGON + " " + PLAIN + " " + words
    code = (
        "import json, sys\n"
        "from spamcheck.model.features import clean_text, function_words\n"
        "from spamcheck.model.wordfreq import wordfreq_stats\n"
        "print(json.dumps(wordfreq_stats(clean_text(sys.argv[1]), frozenset(function_words()))))\n"
    )
    outs = set()
    for seed in ("1", "2", "3", "4"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        res = subprocess.run([sys.executable, "-c", code, text], env=env, capture_output=True, text=True,
                             check=True)
        outs.add(json.dumps(json.loads(res.stdout), sort_keys=True))
    assert len(outs) == 1
