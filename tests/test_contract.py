"""The result contract a user relies on: explicit error label, degenerate text, why, order, JSON, repr, help.

Needs no shared data. Texts here were written for the tests.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

import pytest

import spamcheck
from spamcheck.cli.main import EXIT_STATUS, build_parser
from spamcheck.detectors.quality import DUP_NGRAM_MIN, TOP_2GRAM_MIN
from spamcheck.explain import cap_below, why
from spamcheck.result import LABELS, Flag, Result, jsonable

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "fixtures" / "seed" / "000_45702f146cbaefe0.txt"


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "spamcheck", *args], capture_output=True, text=True,
                          timeout=300, cwd=REPO)


# -- never "clean" for what was not judged -------------------------------------------------


@pytest.mark.parametrize("data", [None, b"\x00\x01\x02\x03" * 400, "", "   \n\t", b"\xef\xbb\xbf"])
def test_unscorable_input_is_labelled_error(data):
    r = spamcheck.score(data)
    assert r.label == "error" and r.label != "clean"
    assert r.error and r.why == f"error: {r.error}"
    assert r.score == 0.0 and not r.flags
    assert json.loads(r.to_json())["label"] == "error"


def test_score_many_keeps_the_error_label_in_place():
    out = spamcheck.score_many(["The ferry leaves at noon and returns at six in the evening.", "", None])
    assert [r.label for r in out][1:] == ["error", "error"]
    assert out[0].label in ("clean", "suspect", "spam")


def test_cli_score_binary_file_exits_2_and_says_error():
    r = cli("score", "--json", "/bin/ls")
    assert r.returncode == 2
    d = json.loads(r.stdout)
    assert d["label"] == "error" and "binary" in d["error"]
    assert "/bin/ls: error: input looks binary" in r.stderr


# -- degenerate text ------------------------------------------------------------------------


@pytest.mark.slow
def test_ten_megabytes_of_one_word_is_not_clean():
    r = spamcheck.score("word " * 2_000_000)
    assert r.label in ("suspect", "spam"), r.why
    types = {f.type for f in r.flags if f.family == "quality"}
    assert "repeated_word" in types
    flag = next(f for f in r.flags if f.type == "repeated_word")
    assert "top 2-gram" in flag.reason and f"{TOP_2GRAM_MIN:.2f}" in flag.reason
    assert flag.text == "word word" and r.scores["quality"] >= 0.5
    assert "quality" in r.why


@pytest.mark.slow
def test_five_megabytes_of_one_sentence_is_not_clean():
    sentence = "Our team delivers reliable plumbing repairs across the whole county every day. "
    r = spamcheck.score(sentence * (5_000_000 // len(sentence)))
    assert r.label in ("suspect", "spam"), r.why
    flag = next(f for f in r.flags if f.type == "repeated_ngrams")
    assert "duplicate 10-gram" in flag.reason and f"{DUP_NGRAM_MIN:.2f}" in flag.reason
    assert flag.text in sentence * 2
    assert r.why.startswith(("suspect:", "spam:")) and ("quality" in r.why or r.why.startswith("spam:"))


# Real-looking human writing that repeats on purpose: a chorus, a refrain, shouting, a timetable.
HUMAN_REPETITION = {
    "song": (
        "Verse one: we drove north when the fields were still wet, with the radio low "
        "and the windows down.\n\n"
        "Chorus: Take me home by the river road, take me home before the light is gone.\n\n"
        "Verse two: my sister slept against the door, and the dog kept watching every passing barn.\n\n"
        "Chorus: Take me home by the river road, take me home before the light is gone.\n\n"
        "Bridge: nobody told us how short a summer is, nobody said we would miss the dust.\n\n"
        "Chorus: Take me home by the river road, take me home before the light is gone.\n"
    ),
    "shouting": (
        "NOOOOOOOOOOOO!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!! "
        "My laptop died the night before the essay was due!!!!!!!! "
        "I had saved it, I swear I had saved it, but the file is just gone. Sooooo angry right now. "
        "Ha ha ha, my roommate says I should have used the cloud. Thanks a lot, very helpful!!!!!!!!!!!!!! "
        "Tomorrow I will ask the teacher for an extension and hope she is in a good mood."
    ),
    "timetable": "\n".join(
        f"Route 12 departs Market Square at {h}:{m:02d}, arrives Hospital at {h}:{m + 18:02d}"
        for h in range(6, 10) for m in (0, 20, 40)
    ) + "\nWeekend service runs every forty minutes from seven in the morning.",
    "story": (
        "The little goat knocked on the first door. Who is there, asked the hen. "
        "It is only me, said the goat, "
        "and the hen let her in to warm her feet. The little goat knocked on the second door. Who is there, "
        "asked the cow. It is only me, said the goat, and the cow gave her a bowl of milk. The little goat "
        "knocked on the third door. Who is there, asked the fox, and the goat ran all the way home."
    ),
}


@pytest.mark.parametrize("name", list(HUMAN_REPETITION))
def test_deliberate_human_repetition_is_not_a_quality_flag(name):
    r = spamcheck.score(HUMAN_REPETITION[name])
    fired = [f.reason for f in r.flags if f.family == "quality"]
    assert not fired, fired
    assert r.scores["quality"] == 0.0


# -- why --------------------------------------------------------------------------------------


def test_every_label_says_why(seed_text):
    for text in (seed_text, "The ferry leaves at noon and returns at six in the evening.", "", "ok " * 300):
        r = spamcheck.score(text)
        assert r.why.startswith(f"{r.label}: ")
        assert "\n" not in r.why
    r = spamcheck.score(seed_text)
    t = spamcheck.default_detector().thresholds(r)
    assert r.why.startswith(f"spam: score {r.score:.3f} >= spam {t['spam']:.3f} and defect family ")


def test_why_names_the_cap_and_the_deciding_families():
    t = {"suspect": 0.6, "spam": 0.9}
    capped = why("suspect", cap_below(0.9), {"ai_padding": 0.97, "boilerplate": 0.2}, t)
    assert "capped just below spam 0.900" in capped and "ai_padding 0.97" in capped
    low_families = why("suspect", 0.7, {"ai_padding": 0.45, "boilerplate": 0.3}, t)
    assert "no family reached 0.5" in low_families and "ai_padding 0.45" in low_families
    clean = why("clean", 0.12, {"boilerplate": 0.55}, t)
    assert clean == "clean: score 0.120 < suspect 0.600; families >= 0.5: boilerplate 0.55"
    raised = why("suspect", 0.6, {"quality": 0.9}, t, raised_by="quality", raised_from=0.2)
    assert raised == "suspect: quality 0.90 >= 0.5 (degenerate text) raised the score 0.200 to suspect 0.600"


def test_cli_text_output_has_the_why_line():
    r = cli("score", "--color", "never", str(SEED))
    assert r.returncode == 0
    assert r.stdout.splitlines()[1].startswith("  why: spam: score ")


# -- evidence order, JSON, repr -----------------------------------------------------------------


def test_flags_strongest_first_and_offset_order_on_request(seed_text):
    r = spamcheck.score(seed_text)
    s = [f.strength for f in r.flags]
    assert s == sorted(s, reverse=True) and s[0] > s[-1]
    by_offset = r.flags_by_offset()
    assert sorted(r.flags, key=lambda f: (f.start, f.end, f.family, f.type)) == by_offset
    assert [f["strength"] for f in r.to_dict()["flags"]] == s


def test_json_dumps_through_to_dict_and_the_default_helper(seed_text):
    r = spamcheck.score(seed_text, doc_id="seed")
    d = json.loads(json.dumps(r.to_dict()))
    assert d == r.to_dict() and d["label"] == r.label and d["why"] == r.why
    nested = json.loads(json.dumps({"batch": [r, r.flags[0]]}, default=jsonable))
    assert nested["batch"][0] == d and nested["batch"][1] == r.flags[0].to_dict()
    with pytest.raises(TypeError, match="not JSON serialisable"):
        json.dumps({"x": object()}, default=jsonable)


def test_repr_is_one_short_line(seed_text):
    r = spamcheck.score(seed_text, doc_id="fixtures/seed/000.txt")
    text = repr(r)
    assert "\n" not in text and len(text) < 160
    assert text.startswith("Result(id='fixtures/seed/000.txt', label='spam', score=0.")
    assert f"flags={len(r.flags)}" in text
    top = r.flags[0]
    assert f"top={top.family}/{top.type} {top.strength:.2f}" in text
    assert len(repr(Result("x" * 500, 0.0, "error", error="e" * 500))) < 160
    assert len(repr(Flag("a", "b", 0, 1, "c", "d", 0.5))) < 200


def test_labels_constant_names_the_error_label():
    assert LABELS == ("clean", "suspect", "spam", "error")


# -- help --------------------------------------------------------------------------------------


def _subparsers(p: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    action = next(a for a in p._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


def test_every_option_of_every_command_has_help_and_every_command_lists_exit_codes():
    subs = _subparsers(build_parser())
    assert set(subs) == set(EXIT_STATUS)
    for name, p in subs.items():
        assert p.description, name
        assert p.epilog and p.epilog.startswith("exit status: 0 "), name
        for a in p._actions:
            if isinstance(a, argparse._HelpAction):
                continue
            assert a.help and a.help.strip(), f"{name} {a.option_strings or a.dest} has no help"
        shown = " ".join(p.format_help().split())
        assert "exit status: 0" in shown


def test_score_help_shows_description_options_and_exit_codes():
    out = " ".join(cli("score", "--help").stdout.split())
    assert "Score each file" in out
    assert "--format {text,json,html} text (default)" in out
    assert "--color {auto,always,never} colour the text output" in out
    assert "exit status: 0 every file scored; 2" in out
