"""Property-based tests (hypothesis): whatever the input, the report keeps its contract.

Text strategies mix real words (from the shared human texts, when present) with
the characters evasion and broken input are made of: invisibles, homoglyphs,
full-width forms, ligatures, combining marks, carriage returns, right-to-left
and CJK letters, emoji, control bytes.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from training import devdata

import spamcheck
from spamcheck.result import FAMILIES, LABELS
from spamcheck.text.decode import decode_bytes, looks_binary
from spamcheck.text.document import Document
from spamcheck.text.normalise import HOMOGLYPHS, normalise


def shared_available() -> bool:
    return devdata.text_dir().exists()


SETTINGS = settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)

# Characters real evasion uses: zero-width space/joiners, word joiner, soft hyphen,
# BOM, bidi marks and overrides.
INVISIBLES = [
    "\u200b", "\u200c", "\u200d", "\u2060", "\u00ad", "\ufeff", "\u200e", "\u200f", "\u202e", "\u2066",
]
ODD = [
    *INVISIBLES, "\r", "\r\n", "\n\n", "\t", "\u00a0", "ﬁ", "ﬂ", "½", "Ｈ", "ｅ", "①", "™",
    "\u0301", "\u0308", "а", "е", "о", "р", "с", "Ο", "Α", "ß", "İ", "ǅ", "ﷺ",
    "مرحبا", "שלום", "日本語", "한국어", "🙂", "👩‍👩‍👧",
    "\x00", "\x07", "\ufffd", "<p>", "</div>", "&amp;", "...", "“", "”", "—",
]


@lru_cache(maxsize=1)
def real_words() -> list[str]:
    """Distinct words of a fixed slice of the shared human texts (or a tiny fallback)."""
    if not shared_available():
        return ["the", "report", "was", "published", "on", "Tuesday"]
    words: dict[str, None] = {}
    for i, r in enumerate(devdata.human_texts()):
        if i % 7:
            continue
        for w in r["text"].split():
            words.setdefault(w, None)
        if len(words) > 4000:
            break
    return list(words)


@lru_cache(maxsize=1)
def real_sentences() -> list[str]:
    """ASCII sentences of 6-40 words from the shared human texts."""
    if not shared_available():
        return []
    out = []
    for r in devdata.human_texts():
        for s in re.split(r"(?<=[.!?])\s+", r["text"]):
            if s.isascii() and 6 <= len(s.split()) <= 40:
                out.append(s)
        if len(out) >= 2000:
            break
    return out


@st.composite
def mixed_text(draw: st.DrawFn) -> str:
    """Real words interleaved with odd characters and arbitrary Unicode."""
    parts = draw(
        st.lists(
            st.one_of(
                st.sampled_from(real_words()),
                st.sampled_from(ODD),
                st.text(max_size=8),
                st.just(" "),
            ),
            max_size=120,
        )
    )
    return "".join(parts)


@lru_cache(maxsize=1)
def real_documents() -> list[str]:
    """A fixed sample of whole human and machine texts, plus the seed specimen."""
    from pathlib import Path

    seed = Path(__file__).resolve().parents[1] / "fixtures" / "seed" / "000_45702f146cbaefe0.txt"
    docs = [seed.read_text(encoding="utf-8")]
    if shared_available():
        docs += [r["text"] for i, r in enumerate(devdata.iter_all()) if i % 97 == 0]
    return docs


@st.composite
def real_document_with_insertions(draw: st.DrawFn) -> str:
    """A real document with odd characters dropped in (so that flags fire and must map back)."""
    chars = list(draw(st.sampled_from(real_documents())))
    for _ in range(draw(st.integers(0, 30))):
        chars.insert(draw(st.integers(0, len(chars))), draw(st.sampled_from(ODD)))
    return "".join(chars)


_FOLD = str.maketrans(HOMOGLYPHS)
TEXTS = st.one_of(st.text(max_size=1500), mixed_text(), real_document_with_insertions())


def _visible(text: str, input_kind: str) -> str:
    """The text flag offsets index: the input itself, or the visible text of HTML."""
    return spamcheck.extract(text).text if input_kind == "html" else text


def _check_result(r: spamcheck.Result, basis: str) -> None:
    assert r.label in LABELS
    assert 0.0 <= r.score <= 1.0
    assert set(r.scores) == set(FAMILIES)
    assert all(0.0 <= v <= 1.0 for v in r.scores.values())
    for f in r.flags:
        assert f.family in FAMILIES
        assert 0 <= f.start <= f.end <= len(basis), f
        assert f.text == basis[f.start : f.end], f
        assert 0.0 <= f.strength <= 1.0
    d = r.to_dict()
    assert json.loads(r.to_json()) == d
    r.to_json().encode("utf-8")  # no lone surrogates in the report


@SETTINGS
@given(TEXTS)
def test_score_text_contract(text: str) -> None:
    r = spamcheck.score(text)
    if r.error is None:
        _check_result(r, _visible(text, r.input_kind))
    else:
        assert not r.flags and r.label in LABELS
    # Determinism: the same input gives the same report.
    assert spamcheck.score(text).to_dict() == r.to_dict()


@SETTINGS
@given(st.one_of(st.binary(max_size=3000), TEXTS.map(lambda t: t.encode("utf-8", "surrogatepass"))))
def test_score_bytes_contract(data: bytes) -> None:
    r = spamcheck.score(data)
    text = decode_bytes(data)[0]
    if looks_binary(text):
        assert r.error is not None and not r.flags
    if r.error is None:
        _check_result(r, _visible(text, r.input_kind))
    assert spamcheck.score(data).to_dict() == r.to_dict()


@SETTINGS
@given(TEXTS, st.sampled_from(["utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-8-sig"]))
def test_unicode_encodings_decode_to_the_same_text(text: str, enc: str) -> None:
    # FF FE 00 00 is both UTF-16-LE BOM + U+0000 and the UTF-32-LE BOM: truly ambiguous,
    # and UTF-32 wins (as in Python's own utf-32/utf-16 codecs' BOM checks).
    assume(not (enc == "utf-16" and text.startswith("\x00")))
    data = text.encode(enc)
    decoded, used, _ = decode_bytes(data)
    if enc in ("utf-16", "utf-32", "utf-8-sig") or used.startswith("utf-16"):
        # With a BOM (or a recognised NUL pattern) the text comes back exactly.
        # A leading U+FEFF is read as a byte-order mark, whatever the encoder meant.
        assert decoded == text or (text.startswith("\ufeff") and decoded == text[1:])
    spamcheck.score(data)  # never raises


# -- normalise -------------------------------------------------------------


@SETTINGS
@given(TEXTS)
def test_offset_map_is_monotone_and_bounded(text: str) -> None:
    norm, omap, _ = normalise(text)
    if omap is None:
        assert norm == text
        return
    for is_end in (False, True):
        prev = 0
        for p in range(len(norm) + 1):
            o = omap.to_original(p, is_end=is_end)
            assert 0 <= o <= len(text)
            assert o >= prev
            prev = o
    prev = 0
    for p in range(len(text) + 1):
        n = omap.to_normalised(p)
        assert 0 <= n <= len(norm) and n >= prev
        prev = n


@SETTINGS
@given(TEXTS)
def test_word_spans_map_back_to_the_same_word(text: str) -> None:
    doc = Document(text)
    for (s, e), word in zip(doc.word_spans, doc.words, strict=True):
        os_, oe = doc.to_original(s, e)
        sub = text[os_:oe]
        assert 0 <= os_ <= oe <= len(text)
        # A word can sit inside a longer NFKC expansion ("½" -> "1⁄2"): then the
        # original characters normalise to text that holds the word. Whether a
        # look-alike is swapped depends on its whole letter run, which a cut-out
        # substring may not hold ("а½Cuba"), so look-alikes are folded here.
        assert word.translate(_FOLD) in normalise(sub)[0].translate(_FOLD)


@st.composite
def evasion_only_text(draw: st.DrawFn) -> str:
    """Real words with invisibles, CRs and full-width letters: one-to-one or removals only."""
    words = draw(st.lists(st.sampled_from(real_words()), min_size=1, max_size=40))
    out = []
    for w in words:
        chars = list(w)
        for _ in range(draw(st.integers(0, 2))):
            chars.insert(draw(st.integers(0, len(chars))), draw(st.sampled_from(INVISIBLES)))
        if draw(st.booleans()) and w.isascii() and w.isalpha():
            chars = [chr(ord(c) + 0xFEE0) for c in w]  # full-width forms
        out.append("".join(chars))
    return draw(st.sampled_from([" ", "\r\n", " \u200b"])).join(out)


@SETTINGS
@given(evasion_only_text())
def test_word_spans_map_back_exactly_under_evasion(text: str) -> None:
    doc = Document(text)
    for (s, e), word in zip(doc.word_spans, doc.words, strict=True):
        os_, oe = doc.to_original(s, e)
        assert normalise(text[os_:oe])[0] == word


# Latin letter -> look-alikes that normalise back to it.
_LOOKALIKES: dict[str, list[str]] = {}
for _k, _v in HOMOGLYPHS.items():
    _LOOKALIKES.setdefault(_v, []).append(_k)
_LETTER_RUN = re.compile(r"[^\W\d_]+")


@st.composite
def evaded_sentence(draw: st.DrawFn) -> tuple[str, str]:
    """A real sentence and the same sentence with look-alikes and invisibles inserted.

    Each letter run keeps at least one Latin letter: a word made only of Cyrillic
    letters is a Cyrillic word and rightly stays as it is.
    """
    clean = draw(st.sampled_from(real_sentences()))
    chars = list(clean)
    for m in _LETTER_RUN.finditer(clean):
        idx = [i for i in range(m.start(), m.end()) if clean[i] in _LOOKALIKES]
        if len(idx) == m.end() - m.start():
            idx = idx[1:]  # keep one Latin letter
        for i in idx:
            if draw(st.integers(0, 3)) == 0:
                chars[i] = draw(st.sampled_from(_LOOKALIKES[clean[i]]))
    for _ in range(draw(st.integers(0, 12))):
        pos = draw(st.integers(0, len(chars)))
        chars.insert(pos, draw(st.sampled_from(INVISIBLES)))
    return clean, "".join(chars)


@pytest.mark.skipif(not shared_available(), reason="../shared/data not present")
@SETTINGS
@given(evaded_sentence())
def test_homoglyph_and_zero_width_insertion_is_undone(pair: tuple[str, str]) -> None:
    clean, evaded = pair
    assert Document(evaded).text == Document(clean).text
