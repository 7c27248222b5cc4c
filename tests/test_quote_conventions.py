"""Quotation conventions of real news and wiki pages that are not cut fragments.

Regression tests for misfires met on human pages of the shared web set (German and
English news, a game wiki, a programming tutorial); every example is written for the test.
"""

from __future__ import annotations

import pytest

from spamcheck import Detector
from spamcheck.detectors import Fragments
from spamcheck.text.document import Document

PAGE = ("<html><head><title>{t}</title></head><body><main>{body}</main>"
        "<footer>Impressum</footer></body></html>")


@pytest.fixture(scope="module")
def det() -> Detector:
    return Detector()


def _fragments(det: Detector, html: str) -> list[tuple[str, str]]:
    return [(f.type, f.text) for f in det.score(html).flags if f.family == "fragments"]


def test_german_quote_with_reporting_clause_after_the_mark(det):
    body = (
        "<p>Der Stadtrat stritt am Dienstag lange über den neuen Radweg an der Hauptstraße. "
        "„Wir nehmen die Sorgen der Anwohner ernst und schauen uns die Pläne noch einmal genau an“, "
        "sagte die Bürgermeisterin nach der Sitzung.</p>"
        "<p>„Wenn der Verkehr weiter zunimmt, brauchen wir mehr Platz für die Menschen auf dem Rad“, "
        "antwortete der Sprecher der Initiative. „Wir bleiben dran“, so der Sprecher weiter.</p>"
        "<p>Eine Entscheidung soll im Herbst fallen, wenn das Gutachten zur Verkehrsführung vorliegt.</p>"
    )
    assert _fragments(det, PAGE.format(t="Radweg", body=body)) == []


def test_german_quote_as_a_headline_and_partial_quotes_ending_on_a_noun(det):
    body = (
        "<h2>„Wir haben bereits die Zusage“</h2>"
        "<p>Umso erstaunlicher ist die knappe Berichterstattung über die Proteste am vergangenen "
        "Wochenende. Es seien „in mehreren deutschen Städten“ „Tausende auf die Straße gegangen, um für "
        "Frieden zu demonstrieren“, hieß es in den Nachrichten.</p>"
        "<p>Die Fahrer der Rundfahrt müssen in diesem Jahr strenge Regeln akzeptieren – "
        "\"zum Wohle der Gesundheit\". Von Peter Maier.</p>"
        "<p>Die Veranstalter wollen im Herbst über Zuschauer an der Strecke entscheiden.</p>"
    )
    assert _fragments(det, PAGE.format(t="Rundfahrt", body=body)) == []


def test_english_quote_with_a_described_speaker(det):
    body = (
        "<p>Speaking French, she discussed her own experiences of being picked on. “Because I myself was "
        "a victim of teasing at school, I can understand the distress that young people go through,” "
        "the singer said.</p>"
        "<p>And some cruel remarks were aimed her way, too. “I’m in my mid-50s, and you have more lines "
        "than I do. Eat something and get some help because you’ve turned into a ghost since your partner "
        "passed on,” a particularly nasty commenter wrote on her post.</p>"
        "<p>She has not replied to the comments, and her next concert is planned for the spring.</p>"
    )
    assert _fragments(det, PAGE.format(t="Singer", body=body)) == []


def test_editors_note_and_quoted_game_dialogue_are_not_leaks_or_slots(det):
    body = (
        "<p>This tutorial lists ten mistakes that catch even experienced developers.</p>"
        "<p>(Note: This article is intended for readers who already know the basics of the language.)</p>"
        "<p>When you give her the cake, she says, \"I'm so happy, I'll call this one 'Pie de <your name>'.\" "
        "If you are married, she answers, \"...Oh, <your name>. I always hoped you would ask.\"</p>"
        "<p>Her birthday is on the tenth day of autumn, and she likes flowers and books.</p>"
    )
    got = _fragments(det, PAGE.format(t="Guide", body=body))
    assert not [g for g in got if g[0] in ("prompt_leak", "unfilled_placeholder")], got


def test_a_cut_english_quote_and_a_real_note_leak_still_flag():
    frag = Fragments()
    doc = Document(
        "The council said the plan was \"a first step towards the\". Residents were not convinced, "
        "and the mayor promised \"a decision that is fair for all of the\". The vote is next week.\n\n"
        "(Note: This article is fictional and was generated for the given keywords.)"
    )
    doc.__dict__["language"] = "en"
    types = [f.type for f in frag.detect(doc).flags]
    assert "dangling_quote" in types and "prompt_leak" in types
