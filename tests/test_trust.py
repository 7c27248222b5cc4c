"""Trust on human writing: label logic, spacing-proof features, the shipped card's trust table.

Examples are written for these tests (not taken from any data set or the seed).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from spamcheck.detector import Detector
from spamcheck.model.features import clean_text, text_stats
from spamcheck.scoring import DECISIVE_FAMILIES, DEFECT_FAMILIES, decide, gate

REPO = Path(__file__).resolve().parents[1]
SHIPPED = REPO / "models" / "default"


# -- label logic ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    "scores",
    [
        {"ai_padding": 0.49, "boilerplate": 1.0},
        {"ai_padding": 0.3, "spun": 0.4, "fragments": 0.45},
        {"boilerplate": 1.0, "placeholder_metadata": 0.2},
    ],
)
def test_suspect_needs_a_decisive_family(scores):
    score, label, notes = decide(0.97, scores, 0.6, 0.9)
    assert label == "clean"
    assert score < 0.6
    assert any("capped below suspect" in n for n in notes)


@pytest.mark.parametrize("family", DECISIVE_FAMILIES)
def test_each_decisive_family_allows_suspect(family):
    score, label, _ = decide(0.7, {family: 0.5}, 0.6, 0.9)
    assert label == "suspect" and score == 0.7


def test_spam_still_needs_a_defect_even_with_confident_ai_padding():
    score, label, notes = decide(0.99, {"ai_padding": 0.99, "boilerplate": 1.0}, 0.6, 0.9)
    assert label == "suspect" and 0.6 <= score < 0.9
    assert any("capped below spam" in n for n in notes)
    assert decide(0.99, {"ai_padding": 0.99, "fragments": 0.8}, 0.6, 0.9)[1] == "spam"


def test_page_evidence_floor_raises_but_gates_still_apply():
    # A strong fragments score lifts a low model score to spam; boilerplate alone cannot.
    assert decide(0.1, {"fragments": 0.95}, 0.6, 0.9, floor=0.95)[1] == "spam"
    assert decide(0.1, {"boilerplate": 1.0}, 0.6, 0.9, floor=0.7)[1] == "clean"


def test_gate_leaves_scores_under_the_threshold_alone():
    assert gate(0.4, {}, 0.6, DEFECT_FAMILIES) == (0.4, False)


def test_rules_only_page_of_navigation_is_not_suspect():
    # Menus, repeated links and a footer: boilerplate, which is never a label on its own.
    nav = "\n".join(["Home", "About us", "Opening hours", "Contact", "Imprint"] * 6)
    page = (
        f"{nav}\nThe library on Mill Street lends tools as well as books: drills, ladders and a "
        "sewing machine can be borrowed for a week with a regular card.\n" + nav
    )
    r = Detector(model=None).score(page)
    assert r.label == "clean", (r.score, r.scores)


# -- features cannot learn detokenised spacing ----------------------------------------------
def test_detokenised_spacing_is_normalised_like_ordinary_text():
    tidy = (
        "Our partners—schools, clinics and the O'Neill fund—met on 3/4 May; see the e-mail "
        "thread (subject: budget=final) and don't forget the well-known sign-up sheet."
    )
    detok = (
        "Our partners - - schools, clinics and the O ' Neill fund - - met on 3 / 4 May ; see the e- mail "
        "thread ( subject : budget = final ) and do n't forget the well- known sign- up sheet ."
    )
    assert clean_text(detok) == clean_text(tidy)
    assert text_stats(clean_text(detok)) == text_stats(clean_text(tidy))


# -- the shipped model and its card ---------------------------------------------------------
def _card() -> dict:
    return json.loads((SHIPPED / "card.json").read_text(encoding="utf-8"))


def test_card_carries_the_human_trust_table():
    card = _card()
    trust = card["trust"]
    human = trust["human"]
    for row in ("web/trafilatura-eval/html", "web/cleaneval-dev/html", "web/cleanportaleval/html",
                "web/trafilatura-eval/gold", "masc/email", "masc/newspaper", "speeches/state-union",
                "speeches/inaugural", "outfox", "seqxgpt", "l2r/Code",
                "MASC written, other (< 50 docs each)", "MASC spoken, other (< 50 docs each)"):
        assert row in human, row
        assert 0.0 <= human[row]["spam"] <= human[row]["suspect_or_spam"] <= 1.0
    # Grouped-fold AUC always; the one-fold-per-source AUC when trained with --loso (else None,
    # never the grouped figure under the leave-one-source-out name).
    assert 0.5 < trust.get("mean_grouped_roc_auc", trust["mean_loso_roc_auc"]) <= 1.0
    assert trust["mean_loso_roc_auc"] is None or 0.5 < trust["mean_loso_roc_auc"] <= 1.0
    assert "outfox" in trust["machine"] and "composed-spam" in trust["machine"]
    md = (SHIPPED / "CARD.md").read_text(encoding="utf-8")
    assert "## Human trust (out of fold" in md
    assert "## How the overall score combines the families" in md
    assert "web/cleaneval-dev/html" in md and "MASC spoken, other" in md
    for folder in ("html/trafilatura-eval", "html/cleaneval-dev", "html/cleanportaleval",
                   "text/human-registers"):
        assert folder in card["training_data"]


# Written for this test: an encyclopedia-style article and a small club web page, the kinds of
# human text the previous model called machine-made (formal, neutral, well-formed prose).
ENCYCLOPEDIC = """\
The Harwell Canal is a disused navigation in the north of the county, completed in 1798 to carry \
coal from the Elsby pits to the river wharves at Dunmore. It is 14 miles (23 km) long and rises \
through eleven locks, most of them built of local sandstone.

Construction was authorised by an Act of Parliament in 1791. The engineer, Thomas Pell, had worked \
under James Brindley, and the canal follows the contour wherever possible, which accounts for its \
winding course around Castle Hill. Traffic peaked in the 1830s, when more than 200,000 tons were \
carried in a single year, but declined after the opening of the Elsby and Dunmore Railway in 1849.

The canal was formally abandoned in 1936. Sections near Dunmore were filled in during the 1960s, \
while the upper pound survives in water and is used by anglers. A restoration society was founded \
in 1988 and has cleared the towpath between the fourth and seventh locks."""

CLUB_PAGE = """<html><head><title>Riverside Rowing Club - Juniors</title></head><body>
<nav><a href="/">Home</a> <a href="/juniors">Juniors</a> <a href="/masters">Masters</a>
<a href="/contact">Contact</a></nav>
<h1>Junior squad</h1>
<p>Our junior squad trains on Tuesday and Thursday evenings from April to October, and on Saturday
mornings all year round. New members aged 11 to 17 are welcome; you will need to swim 50 metres in
light clothing before your first outing.</p>
<figure><img src="quad.jpg"><figcaption>The J15 quad at the autumn head race, 2019.</figcaption></figure>
<h2>What to bring</h2>
<p>Wear close-fitting sports clothes, bring a water bottle and a warm top for afterwards. Parents
are asked to stay for the first session so the coaches can go through the safety rules with them.</p>
<footer>Riverside Rowing Club, Boathouse Lane. Registered charity. Privacy policy.</footer>
</body></html>"""


@pytest.mark.parametrize("text", [ENCYCLOPEDIC, CLUB_PAGE], ids=["encyclopedic", "club-page"])
def test_shipped_model_does_not_call_ordinary_human_prose_machine_made(text):
    r = Detector().score(text)
    assert r.scores["ai_padding"] < 0.5, r.scores
    assert r.label == "clean", (r.label, r.score, r.scores)


# A German local-news style text naming its subject in almost every clause: the rules see
# keyword stuffing; the model is English-only, so ai_padding must not be confident.
WIND_PARK = [
    "Der {p} liefert seit Mai Strom, und der {p} ist damit der größte im Landkreis.",
    "Nach Angaben der Betreiber erzeugt der {p} jährlich rund 90 Gigawattstunden; für den "
    "{p} wurden zwölf Anlagen errichtet.",
    "Die Gemeinde erhält vom {p} eine Abgabe, die in den Haushalt fließt, sobald der Windpark "
    "Hohe Geest Gewinne erwirtschaftet.",
    "Anwohner konnten sich am {p} finanziell beteiligen; die Anteile am {p} "
    "waren nach drei Wochen vergeben.",
    "Kritik gab es während der Bauzeit, weil Schwertransporte zum {p} durch das Dorf fuhren "
    "und der {p} Lärm verursachte.",
    "Ein Naturschutzverband hatte gegen den {p} geklagt, das Gericht wies die Klage gegen den "
    "{p} im Herbst ab.",
    "Im Sommer bietet der {p} Führungen an, bei denen Besucher eine Anlage des {p}"
    " von innen sehen können.",
    "Der Bürgermeister nannte den {p} ein gutes Beispiel, und er hofft, dass dem Windpark "
    "Hohe Geest weitere Projekte folgen.",
    "Die Netzbetreiber mussten für den {p} eine neue Leitung bauen, über die der Windpark "
    "Hohe Geest nun einspeist.",
    "Wer Fragen zum {p} hat, kann sich an das Bürgerbüro wenden, das auch Pläne zum Windpark "
    "Hohe Geest auslegt.",
    "Bei Sturm schalten sich die Anlagen im {p} automatisch ab, damit der {p} "
    "keinen Schaden nimmt.",
    "Eine Erweiterung des {p} ist derzeit nicht geplant, auch wenn der {p} "
    "Platz für weitere Anlagen hätte.",
    "Die Betreiber veröffentlichen die Erträge des {p} jedes Jahr, zuletzt lagen die Zahlen "
    "für den {p} über dem Plan.",
]


def test_german_page_keeps_rule_evidence_but_ai_padding_is_not_confident():
    text = "\n\n".join(s.format(p="Windpark Hohe Geest") for s in WIND_PARK)
    rules = Detector(model=None).score(text)
    assert rules.language == "de"
    assert rules.scores["ai_padding"] >= 0.5  # the rule evidence this test is about
    r = Detector().score(text)
    assert r.scores["ai_padding"] < 0.5
    assert any(f.type == "keyword_stuffing" for f in r.flags)  # the evidence is still reported
    assert r.label == "clean", (r.label, r.score, r.scores)
