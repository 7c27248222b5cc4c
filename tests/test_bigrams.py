"""The ai head's word-bigram profile (model/bigrams.py) and the leave-one-source-out tooling.

Examples are written for these tests (not taken from any data set or the seed).
"""

from __future__ import annotations

import numpy as np

from spamcheck.model.bigrams import PREFIX, bigram_stats, bigram_table
from spamcheck.model.features import clean_text, function_words
from spamcheck.model.wordfreq import zipf_table

# Everyday phrasing: most neighbouring words are common followers of each other.
STOCK = (
    "At the end of the day, we want to make sure that all of the people in the city have "
    "access to the services they need, and we will continue to work hard to make that happen."
)
# The same kind of words in unusual order and pairings: few pairs a 2006 web count lists.
ODD = (
    "Gravel sermons hum beneath copper kettles while violet ledgers argue sideways, and "
    "orchard ladders whisper tariffs toward sleepy harbour clocks."
)


def _stats(text: str) -> dict[str, float]:
    return bigram_stats(clean_text(text), frozenset(function_words()))


def test_table_counts_frequent_pairs_above_rare_ones():
    table, unseen = bigram_table()
    words, _ = zipf_table()
    assert len(table) >= 100_000
    assert table["of the"] > table["the house"] > table["crucial role"] > unseen
    # Both words of every listed pair are in the word table (the profile needs their values).
    assert all(a in words and b in words for a, b in (p.split(" ") for p in list(table)[:5000]))
    # Case variants of the source file were summed, not overwritten: "in the" is near the top.
    assert table["in the"] > table["on the"]


def test_stock_phrasing_is_more_predictable_than_odd_pairings():
    stock, odd = _stats(STOCK), _stats(ODD)
    assert stock[PREFIX + "seen"] > odd[PREFIX + "seen"]
    assert stock[PREFIX + "lp_mean"] > odd[PREFIX + "lp_mean"]
    assert stock[PREFIX + "predictable"] > odd[PREFIX + "predictable"]
    assert stock[PREFIX + "cc_seen"] >= odd[PREFIX + "cc_seen"]


def test_pairs_never_cross_punctuation_or_line_layout():
    # "bank. river" must not count as the pair "bank river"; a paragraph break between two
    # sentences (a source artefact) changes nothing.
    one = _stats("We walked along the river bank. River boats passed by the old mill slowly.")
    two = _stats("We walked along the river bank.\n\nRiver boats passed by the old mill slowly.")
    assert one == two
    joined = _stats("We walked along the river bank river boats passed by the old mill slowly.")
    assert joined[PREFIX + "lp_mean"] != one[PREFIX + "lp_mean"]


def test_detokenised_spacing_gives_the_same_profile():
    tidy = "Don't forget the well-known sign-up sheet—it's on the shared e-mail thread (see the budget)."
    detok = (
        "Do n't forget the well- known sign- up sheet - - it 's on the shared e- mail thread "
        "( see the budget ) ."
    )
    assert _stats(detok) == _stats(tidy)


def test_profile_does_not_grow_with_length():
    once, twice = _stats(STOCK), _stats(STOCK + " " + STOCK)
    assert once.keys() == twice.keys()
    for key, value in once.items():
        tol = 0.3 if "_p" in key or key.endswith("sent_sd") else 0.02
        assert abs(twice[key] - value) <= tol, key


def test_no_known_pair_gives_nothing():
    assert bigram_stats("", frozenset()) == {}
    assert _stats("Qwzxv plorbt.") == {}
    s = _stats("The cat sat on the mat.")
    assert all(np.isfinite(v) for v in s.values())


def test_added_feature_group_extends_cached_rows(tmp_path):
    from training.loso import with_added

    preps = [(clean_text(STOCK), {"text.a": 1.0}), (clean_text(ODD), {"text.a": 2.0})]
    got = with_added(preps, "bigrams", tmp_path)
    assert got[0][1]["text.a"] == 1.0 and got[0][1][PREFIX + "lp_mean"] == _stats(STOCK)[PREFIX + "lp_mean"]
    assert "text.bg.seen" not in preps[0][1]  # the cached rows are not modified
    assert with_added(preps, "bigrams", tmp_path) == got  # second call: from the cache file


def _loso_data(rng: np.random.Generator) -> tuple[list[dict], list, list[str]]:
    # Three machine sources (human and machine texts each) and one human-only group; one
    # dense statistic carries the label, more weakly in source "c".
    data, preps = [], []
    for g, shift in (("a", 2.0), ("b", 2.0), ("c", 0.5), ("web", 0.0)):
        for y in ((0, 1) if g != "web" else (0,)):
            for _ in range(40):
                data.append({"y": y, "ai": True, "group": g, "row": f"l2r/{g}", "set": "l2r"})
                row = {"text.x": rng.normal(shift * y), "text.n": rng.normal()}
                preps.append((" ".join(["word"] * 30), row))
    return data, preps, ["en"] * len(data)


def test_ai_loso_holds_out_each_machine_source_and_resumes(tmp_path):
    from training.loso import ai_loso

    data, preps, langs = _loso_data(np.random.default_rng(0))
    ck = tmp_path / "ck.pkl"
    full = ai_loso(data, preps, langs, features="stats", checkpoint=ck)
    assert set(full["per_source"]) == {"l2r/a", "l2r/b", "l2r/c"}  # the human-only group is never a fold
    assert full["per_source"]["l2r/a"] > 0.8 and full["per_source"]["l2r/c"] < full["per_source"]["l2r/a"]
    assert full["mean_loso_roc_auc"] == round(float(np.mean(list(full["per_source"].values()))), 4)
    assert not full["partial"]
    # From the checkpoint alone: the same figures, nothing refitted.
    again = ai_loso(data, preps, langs, features="stats", checkpoint=ck, fit=False)
    assert again["per_source"] == full["per_source"] and not again["partial"]
    # A run stopped after the first fold reports that source only, marked partial.
    import pickle

    with open(ck, "rb") as f:
        got = pickle.load(f)
    got["folds"] = {0: got["folds"][0]}
    with open(ck, "wb") as f:
        pickle.dump(got, f)
    part = ai_loso(data, preps, langs, features="stats", checkpoint=ck, fit=False)
    assert part["partial"] and set(part["per_source"]) == {"l2r/a"}


def test_document_features_carry_the_bigram_profile():
    from spamcheck.detector import Detector
    from spamcheck.model.features import doc_features

    det = Detector(model=None)
    doc = det.prepare(STOCK, None, False, [])
    prose, feats = doc_features(doc, det.analyse(doc))
    got = {k: v for k, v in feats.items() if k.startswith(PREFIX)}
    assert got == bigram_stats(prose, frozenset(function_words()))
    assert {PREFIX + "lp_mean", PREFIX + "seen", PREFIX + "pmi_mean"} <= got.keys()
