"""The cut-point model (models/cuts): its loader, its features, and what it adds to ``fragments``.

Every example here was written for these tests (not taken from the data or the seed).
"""

from __future__ import annotations

import json
import shutil
import warnings
from pathlib import Path

import pytest

from spamcheck.detectors import cuts
from spamcheck.detectors.fragments import Fragments
from spamcheck.text.document import Document
from spamcheck.text.languages import LanguageGuesser

REPO = Path(__file__).resolve().parents[1]
SHIPPED = REPO / "models" / "cuts"


def _doc(text: str) -> Document:
    return Document(text, languages=LanguageGuesser())


def _flags(text: str):
    return Fragments().detect(_doc(text)).flags


def test_shipped_model_loads_and_its_card_names_the_training_composer_only():
    model = cuts.load_cuts_from(SHIPPED)
    assert model is not None and 0.0 < model.weak <= model.threshold <= 1.0
    card = json.loads((SHIPPED / "card.json").read_text())
    assert card["training"]["evaluation_composer"] == "never read"
    assert "compose.py" in card["training"]["positives"]


def test_an_altered_cut_model_is_not_used_silently(tmp_path):
    d = tmp_path / "cuts"
    shutil.copytree(SHIPPED, d)
    blob = bytearray((d / "cuts.npz").read_bytes())
    blob[-5] ^= 0xFF
    (d / "cuts.npz").write_bytes(bytes(blob))
    problems: list[str] = []
    assert cuts.load_cuts_from(d, problems) is None
    assert any("sha256" in p for p in problems)


def test_load_cuts_warns_when_the_only_model_is_altered(tmp_path, monkeypatch):
    d = tmp_path / "cuts"
    shutil.copytree(SHIPPED, d)
    (d / "cuts.npz").write_bytes(b"not a model")
    monkeypatch.setattr(cuts, "artifact_dirs", lambda name: [d])
    with warnings.catch_warnings(record=True) as got:
        warnings.simplefilter("always")
        assert cuts.load_cuts.__wrapped__() is None
    assert any("cut-point model not used" in str(w.message) for w in got)


def test_what_follows_a_point_is_named():
    titles = cuts.Neighbour(5, True, False, False, "W", "Where Rivers Meet the Sea")
    field = cuts.Neighbour(4, True, False, False, "©", "© 2021 Harbour Weekly")
    prose = cuts.Neighbour(30, False, True, False, "T", "The second survey ...")
    assert cuts.next_kind(None, 0) == "end"
    assert cuts.next_kind(titles, 2) == "titles"
    assert cuts.next_kind(field, 0) == "field"
    assert cuts.next_kind(prose, 0) == "prose"


def test_quote_features_carry_style_lead_and_position():
    f = cuts.quote_features(pe=0.01, ps=0.02, content="of the harbour and its", words=["of", "the", "harbour",
                            "and", "its"], stop=frozenset({"of", "the", "and", "its"}), style="guillemet",
                            lead="colon", after="end", continued=False, para_end=True, speech=False,
                            title_like=False, repeated=False, heading=False, finished_before=True)
    assert f["q_style:guillemet"] == 1.0 and f["q_lead:colon"] == 1.0 and f["q_para_end"] == 1.0
    assert f["q_last_stop"] == 1.0 and f["q_first_stop"] == 1.0 and f["q_pe"] < -4


def test_a_paragraph_cut_before_a_reference_list_is_located_with_its_context():
    # Two quotations cut on function words make the family sure; the cut paragraph before
    # the reference list is then located too (weak evidence next to a sure finding).
    text = ("Tidal Energy Along the Northern Coast\n\n"
            "Engineers have spent a decade testing turbines in the strait. Locals spoke of \"the slow "
            "collapse of the\" fishing fleet and \"a lasting lack of interest in\" repairs. Newer designs "
            "use composite blades that resist salt water. Several councils now plan to connect the arrays "
            "to the regional grid once the cables\n\n"
            "References\n\n"
            "1. Marsh, T. (2019). Corrosion in Marine Turbines.\n\n"
            "2. Okafor, B. (2021). Composite Blades at Sea.")
    flags = Fragments().detect(_doc(text)).flags
    assert any(f.type == "dangling_quote" and f.strength >= 0.5 for f in flags)
    cut = [f for f in flags if f.type == "truncated"]
    assert cut, [(f.type, f.text, f.reason) for f in flags]
    f = cut[0]
    assert text[f.start : f.end] == f.text and f.text.endswith("once the cables")
    assert "'cables'" in f.reason


def test_finished_human_paragraphs_before_page_material_are_not_cut():
    text = ("Tidal Energy Along the Northern Coast\n\n"
            "Engineers have spent a decade testing turbines in the strait. The early prototypes failed "
            "within months because of corrosion. Newer designs use composite blades that resist salt "
            "water, and several councils now plan to connect the arrays to the regional grid.\n\n"
            "References\n\n"
            "1. Marsh, T. (2019). Corrosion in Marine Turbines.\n\n"
            "2. Okafor, B. (2021). Composite Blades at Sea.\n\n"
            "© 2022 Coastal Review. All rights reserved.")
    assert [f for f in _flags(text) if f.strength >= 0.5] == []


@pytest.mark.parametrize("text", [
    # A letter: salutation, body, sign-off and name, none of them cut.
    "Dear members of the allotment society,\n\nThe water trough by the east gate will be replaced in "
    "April, so please bring your own cans for the first two weekends of the month.\n\nWith thanks\n\n"
    "Margaret Hollis",
    # A recipe intro followed by ingredient lines without full stops.
    "This soup freezes well and tastes better on the second day.\n\n2 leeks, washed and sliced\n\n"
    "1 litre of vegetable stock\n\nA handful of chopped parsley",
    # A headline quote and a complete quoted sentence with its reporting clause.
    "Mayor: \"We will rebuild the pier\"\n\n\"The pier has stood for a hundred years and it will stand "
    "for another hundred,\" the mayor told reporters on Tuesday.",
])
def test_human_page_shapes_get_no_model_flag(text):
    assert [f for f in _flags(text) if "cut-point model" in f.reason and f.strength >= 0.5] == []
