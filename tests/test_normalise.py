"""Normalisation against evasion, and the offset map back to the original text."""

from __future__ import annotations

import re

import pytest
from training import devdata

from spamcheck.text.document import Document
from spamcheck.text.normalise import normalise

needs_shared = pytest.mark.skipif(not devdata.text_dir().exists(), reason="../shared/data not present")


def _real_ascii_sentence() -> str:
    for r in devdata.human_texts():
        for s in re.split(r"(?<=[.!?])\s+", r["text"]):
            if s.isascii() and 10 <= len(s.split()) <= 30 and "paypal" not in s.lower():
                return s
    raise AssertionError("no ASCII sentence in the shared human texts")


def test_ascii_is_identity_and_free():
    text, omap, n = normalise("Plain ASCII text.\nSecond line.")
    assert (text, omap, n) == ("Plain ASCII text.\nSecond line.", None, 0)


@pytest.mark.parametrize(
    ("original", "expected"),
    [
        ("a\r\nb\rc", "a\nb\nc"),
        ("pay\u200bpal", "paypal"),
        ("co\u00adntent", "content"),
        ("\ufeffstart", "start"),
        ("Ｆｒｅｅ", "Free"),
        ("ﬁnance", "finance"),
        ("p\u0430yp\u0430l", "paypal"),  # Cyrillic а inside a Latin word
        ("\u043e\u200brld", "orld"),  # a zero-width space must not shield a homoglyph
        ("\uff50\u0430", "pa"),  # full-width Latin counts as Latin
        ("ΑΒΓ αβγ", "ΑΒΓ αβγ"),  # real Greek stays Greek
        ("Москва", "Москва"),  # real Cyrillic stays Cyrillic
    ],
)
def test_normalised_text(original: str, expected: str):
    assert normalise(original)[0] == expected


def test_homoglyph_count_is_reported():
    assert normalise("p\u0430yp\u0430l and \u0441ash")[2] == 3


def test_spans_map_to_original_through_every_kind_of_change():
    original = "Ｂｕｙ  c\u043eur\u200bse\r\nﬁnal  offer"
    doc = Document(original)
    assert doc.text == "Buy  course\nfinal  offer"
    pairs = [("Buy", "Ｂｕｙ"), ("course", "c\u043eur\u200bse"), ("final", "ﬁnal"), ("offer", "offer")]
    for word, expected in pairs:
        i = doc.text.index(word)
        s, e = doc.to_original(i, i + len(word))
        assert original[s:e] == expected
    # A span that starts inside a ligature's expansion widens to the whole ligature.
    i = doc.text.index("inal")
    s, e = doc.to_original(i, i + 4)
    assert original[s:e] == "ﬁnal"


def test_to_normalised_inverts_to_original_on_copied_text():
    original = "Der Bäcker\u200b sagt: „Grüß Gott“ – und geht.\r\nFertig."
    text, omap, _ = normalise(original)
    assert omap is not None
    for p in range(len(text) + 1):
        o = omap.to_original(p, is_end=False)
        if original[o : o + 1] not in ("\u200b", "\r"):
            assert omap.to_normalised(o) == p


def test_trailing_invisibles_do_not_leak_into_spans():
    original = "word\u200b\u200b"
    doc = Document(original)
    assert doc.to_original(0, 4) == (0, 4)


@needs_shared
def test_real_sentence_with_evasion_normalises_to_the_clean_sentence():
    clean = _real_ascii_sentence()
    # Swap every 'a'/'o'/'e' in words longer than 3 letters for Cyrillic look-alikes
    # (keeping the first letter Latin) and put zero-width spaces after each swap.
    swap = {"a": "\u0430", "o": "\u043e", "e": "\u0435"}

    def evade(m: re.Match[str]) -> str:
        w = m.group()
        if len(w) <= 3:
            return w
        return w[0] + "".join(swap[c] + "\u200b" if c in swap else c for c in w[1:])

    evaded = re.sub(r"[A-Za-z]+", evade, clean)
    assert evaded != clean
    doc = Document(evaded)
    assert doc.text == clean
    assert doc.homoglyphs > 0
    # Every word maps back to its evaded spelling in the original.
    for (s, e), w in zip(doc.word_spans, doc.words, strict=True):
        os_, oe = doc.to_original(s, e)
        assert normalise(evaded[os_:oe])[0] == w
