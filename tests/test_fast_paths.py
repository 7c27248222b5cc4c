"""The speed-ups keep their answers: each fast path against the plain computation it replaced.

* :class:`CollocationIndex` finds two-word candidates from the smaller side and three-word
  ones through an index of the two kept words; the plain scan tries every alternate of
  every word. Same candidates in the same order (on a tie of rank the first is named).
* :meth:`CollocationIndex.find` tokenises in one ``findall``, rejects windows whose words
  cannot start / end a term with set lookups, and searches a repeated phrase once; the
  plain token-by-token scan must give the same candidates, offsets and strengths.
* :func:`clean_text` skips a normalising pass when it cannot match or would only rewrite
  a character by itself; running every pass must give the same text.
* The ``quality`` family reuses the tokens ``quality_stats`` cached on the document and
  takes the window's end from the trailing white space; tokenising the window again (the
  plain computation, still used past 400k characters) gives the same numbers.
* ``wordfreq_stats`` looks the words up with ``map(table.get, words, repeat(floor))`` and
  filters function words with ``filterfalse``; the per-word generator gives the same numbers.
* ``text_stats`` finds words and sentence breaks in one scan; splitting into sentences and
  tokenising each gives the same words and sentence lengths.
* ``text.bigram_repeat`` is bigrams minus distinct bigrams; a Counter gives the same.
"""

from __future__ import annotations

import itertools
import random
import re
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from spamcheck.detectors import quality as Q
from spamcheck.detectors.collocations import (
    _GAP,
    _TOKEN,
    _TOKEN_JOIN,
    WEAK,
    Candidate,
    CollocationIndex,
    keep_strongest,
    singular,
)
from spamcheck.model import features as F
from spamcheck.model.wordfreq import wordfreq_stats, zipf_table
from spamcheck.quality.stats import quality_stats
from spamcheck.text.document import Document


@pytest.fixture(scope="module")
def idx() -> CollocationIndex:
    return CollocationIndex()


def _scan_bigram(idx: CollocationIndex, key: tuple[str, ...]) -> list[tuple[str, ...]]:
    a, b = key
    a2 = idx._alts(b) | {b}
    out = []
    for o1 in idx._alts(a) | {a}:
        seconds = idx.by_first.get(o1)
        if seconds:
            out.extend((o1, o2) for o2 in seconds & a2 if (o1, o2) != key)
    return out


def _scan_trigram(idx: CollocationIndex, key: tuple[str, ...]) -> list[tuple[str, ...]]:
    out = []
    for i in (0, 1, 2):
        if i == 1 and not idx._usable(key[1]):
            continue
        for o in idx._alts(key[i]):
            c = (*key[:i], o, *key[i + 1:])
            if c in idx.terms:
                out.append(c)
    return out


def _spun_keys(idx: CollocationIndex, n: int, size: int) -> list[tuple[str, ...]]:
    """Keys one or two swaps away from real terms (the windows that have candidates)."""
    rng = random.Random(7)
    terms = sorted(t for t in idx.terms if len(t) == size)
    keys = []
    for t in rng.sample(terms, n):
        k = list(t)
        for i in rng.sample(range(size), rng.choice((1, 2))):
            alts = sorted(idx._alts(k[i]))
            if alts:
                k[i] = rng.choice(alts)
        keys.append(tuple(k))
    return keys


def test_bigram_candidates_match_the_plain_scan(idx: CollocationIndex) -> None:
    keys = [*_spun_keys(idx, 400, 2), ("kidney", "ailment"), ("profound", "learning"), ("xq", "zz")]
    with_cands = 0
    for key in keys:
        want = _scan_bigram(idx, key)
        assert idx._bigram(key) == want, key
        with_cands += bool(want)
    assert with_cands > 100  # the keys exercise both sides of the search


def test_trigram_candidates_match_the_plain_scan(idx: CollocationIndex) -> None:
    keys = _spun_keys(idx, 400, 3)
    with_cands = 0
    for key in keys:
        want = _scan_trigram(idx, key)
        assert idx._trigram(key) == want, key
        with_cands += bool(want)
    assert with_cands > 100


def test_find_is_offset_exact_across_hyphens_and_gaps(idx: CollocationIndex) -> None:
    # Windows join across blanks and hyphens only; a comma or a long gap ends a run.
    text = "We fit a kidney-ailment model. Kidney,  ailment is not one. Kidney    ailment neither."
    got = [(c.start, c.end, c.original) for c in idx.find(text)]
    assert got == [(9, 23, "kidney disease")]


def _plain_find(idx: CollocationIndex, text: str) -> list[Candidate]:
    """The token-by-token scan ``find`` replaced (every window searched)."""
    low = text.lower()
    if len(low) != len(text):
        low = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    found: list[Candidate] = []
    p2: tuple[int, int, str, bool] | None = None
    p1: tuple[int, int, str, bool] | None = None
    for m in _TOKEN.finditer(low):
        s, e = m.span()
        tok = m.group().replace("’", "'")
        ok = idx._usable(tok)
        if p1 is not None and not _GAP.fullmatch(low, p1[1], s):
            p1 = p2 = None
        if ok and p1 is not None:
            last = singular(tok)
            for first in (p1, p2):
                if first is None or not first[3]:
                    continue
                key = (first[2], last) if first is p1 else (first[2], p1[2], last)
                if key in idx.terms or key in idx.known:
                    continue
                cands = _scan_bigram(idx, key) if first is p1 else _scan_trigram(idx, key)
                best = idx._best(key, cands) if cands else None
                if best is not None:
                    found.append(Candidate(first[0], e, text[first[0]:e], " ".join(best[0]), best[1]))
        p2, p1 = p1, (s, e, tok, ok)
    return keep_strongest(found)


def _spun_texts(idx: CollocationIndex, n: int) -> list[str]:
    """Texts of term words, their swaps, function words, digits and every kind of gap."""
    rng = random.Random(11)
    terms = sorted(t for t in idx.terms if len(t) in (2, 3))
    words: list[str] = []
    for t in rng.sample(terms, 600):
        words.extend(t)
        words.extend(sorted(idx._alts(t[-1]))[:3])
        if t[-1].endswith("y"):
            words.append(t[-1][:-1] + "ies")  # a plural the singular rule undoes
    # Terms with a word swapped by a learned substitution: the strong candidates.
    spun = [" ".join(w if x in subs else x for x in t)
            for w, subs in sorted(idx.strong.items()) for t in terms if subs.intersection(t)]
    words += ["the", "of", "and", "a", "is", "x", "42", "1990s", "don’t", "it's", "Über", "İstanbul"]
    gaps = [" ", " ", " ", " ", "-", " - ", "  ", "    ", ", ", ". ", "\t", "’", "'", " ’ ", "\n", "—"]
    out = []
    for _ in range(n):
        parts = []
        for _ in range(rng.randint(5, 60)):
            w = rng.choice(spun) if spun and rng.random() < 0.05 else rng.choice(words)
            parts.append(w.capitalize() if rng.random() < 0.1 else w)
            parts.append(rng.choice(gaps))
        out.append("".join(parts))
    return out


def test_has_bigram_is_whether_the_plain_scan_finds_any(idx: CollocationIndex) -> None:
    terms2 = sorted(t for t in idx.terms if len(t) == 2)
    keys = [*_spun_keys(idx, 400, 2), *random.Random(5).sample(terms2, 50),
            ("kidney", "ailment"), ("xq", "zz")]
    with_cands = 0
    for key in keys:
        want = bool(_scan_bigram(idx, key))
        assert idx._has_bigram(key) is want, key
        with_cands += want
    assert 100 < with_cands < len(keys)  # both answers are exercised


def _unnamed(idx: CollocationIndex, c: Candidate) -> Candidate:
    """What ``find(names=False)`` gives for a named candidate: weak and no strong word -> no name."""
    words = _TOKEN.findall(c.phrase.lower().replace("’", "'"))
    if c.strength > WEAK or any(w in idx.strong for w in [*words[:-1], singular(words[-1])]):
        return c
    return Candidate(c.start, c.end, c.phrase, "", c.strength)


def test_find_matches_the_plain_scan(idx: CollocationIndex) -> None:
    # Named (the default) against the plain scan; names=False against it with weak names blanked.
    texts = [*_spun_texts(idx, 400),
             "We fit a kidney-ailment model. Kidney,  ailment is not one. Kidney    ailment neither.",
             "A profound learning model for kidney ailment risk in the İstanbul cohort’s data.",
             "Mutual growth of the regional economy; common growth in kidney ailment research."]
    n_found = n_strong = n_blank = 0
    for text in texts:
        want = _plain_find(idx, text)
        assert list(idx.find(text)) == want, text
        unnamed = list(idx.find(text, names=False))
        assert unnamed == [_unnamed(idx, c) for c in want], text
        n_found += len(want)
        n_strong += sum(c.strength > WEAK for c in want)
        n_blank += sum(c.original == "" for c in unnamed)
    assert n_found > 200  # the texts have many candidates, strong and weak
    assert n_strong > 5
    assert n_blank > 100  # and names=False leaves many of them unnamed


_JOIN_TEXT = st.text(alphabet=st.sampled_from(list("ab1z'’ -\t\n.,é_")), max_size=60)


@settings(max_examples=300, deadline=None)
@given(_JOIN_TEXT)
def test_token_split_gives_the_tokens_joins_and_offsets_of_finditer(text: str) -> None:
    low = text.lower().replace("’", "'")
    parts = _TOKEN_JOIN.split(low)
    matches = list(_TOKEN_JOIN.finditer(low))
    assert "".join(parts) == low  # every character is in exactly one part
    assert parts[1::3] == [m.group(1) for m in matches]
    assert parts[2::3] == [m.group(2) for m in matches]
    ends = list(itertools.accumulate(map(len, parts)))
    assert [(ends[3 * i], ends[3 * i + 1]) for i in range(len(matches))] == [m.span(1) for m in matches]


_CLEAN_CASES = [
    "Plain prose with nothing to repair, written in one go.",
    "Kids - - especially O ' Keeffe's Mime- Version: text / plain",
    "An em dash -- or two---and a hyphen- ated word ; a ( spaced ) bracket [ too ] { and } this.",
    "He said ' hello ' and left; they 're sure it 's fine and we 'll see, don 't worry.",
    "A path / like this = that, < tag > and <b>bold</b> text.",
    "Tabs\tand\nnew lines\n\nand\u00a0no-break spaces “quoted” ‘single’ … done.",
    "Numbers 3 / 4 and 10-20 and a-b-c and - lone dash - here.",
    "Mojibake: itâ€™s â€œquotedâ€\x9d and cafÃ© @xmath12 placeholders.",
]


def _clean_every_pass(text: str) -> str:
    t = text.translate(F._QUOTES)
    if "â" in t or "Ã" in t:
        t = F._MOJI_RE.sub(lambda m: F._MOJIBAKE[m.group(0)], t)
    t = F._PLACEHOLDER.sub(" ", t.lower())
    t = F._WS.sub(" ", t)
    t = F._SPACE_BEFORE.sub(r"\1", t)
    t = F._SPACE_AFTER.sub(r"\1", t)
    t = F._DASH_RUN.sub(" - ", t)
    t = F._HYPHEN_GAP.sub("-", t)
    t = F._APOS_GAP.sub("'", t)
    t = F._SYMBOL_GAP.sub(r"\1", t)
    t = F._BRACKET_GAP.sub(r"\1", t)
    return t.strip()


@pytest.mark.parametrize("text", _CLEAN_CASES)
def test_clean_text_skips_only_passes_that_change_nothing(text: str) -> None:
    assert F.clean_text(text) == _clean_every_pass(text)


def test_clean_text_cases_reach_every_skipped_pass() -> None:
    # Each guarded pass changes at least one case: the comparison above is not vacuous.
    for rx, repl in ((F._PLACEHOLDER, " "), (F._SPACE_AFTER, r"\1"), (F._DASH_RUN, " - "),
                     (F._HYPHEN_GAP, "-"), (F._APOS_GAP, "'"), (F._SYMBOL_GAP, r"\1"),
                     (F._BRACKET_GAP, r"\1")):
        assert any(rx.sub(repl, F._WS.sub(" ", c.lower())) != F._WS.sub(" ", c.lower()) for c in _CLEAN_CASES)


def test_bigram_repeat_counts_repeats() -> None:
    clean = F.clean_text("the cat sat on the mat and the cat sat on the hat; the cat ran.")
    words = F._WORD.findall(clean)
    counts = Counter(itertools.pairwise(words))
    want = sum(c - 1 for c in counts.values() if c > 1) / len(words)
    assert want > 0
    assert F.text_stats(clean)["text.bigram_repeat"] == want


def _random_texts(seed: int, pieces: list[str], gaps: list[str], longest: int) -> list[str]:
    """Texts of random pieces and gaps, some opening with a gap."""
    rng = random.Random(seed)
    out = []
    for _ in range(300):
        parts = [rng.choice(gaps) if rng.random() < 0.2 else ""]
        for _ in range(rng.randint(0, longest)):
            parts.append(rng.choice(pieces))
            parts.append(rng.choice(gaps))
        out.append("".join(parts))
    return out


def _repetition_texts() -> list[str]:
    pieces = ["word", "Word", "isn't", "they're", "3.5", "9,000", "VGG-11", "!!!", "…", "—", "_x",
              "naïve", "日本語", "l'été", "a.b", "#tag", "“q”", "see you again", "café"]
    gaps = [" ", " ", "  ", "\n", "\n\n", "\t", "\u2003", "\u00a0", "\x1c", ", ", ". ", ""]
    return ["", "   ", "\n\n", "!!!", "spam " * 120, "one two three four five\n" * 30,
            "Ends with spaces and marks ...   \u2003\n", *_random_texts(5, pieces, gaps, 150)]


def test_quality_repetition_reuses_the_statistics_tokens() -> None:
    fired = 0
    for text in _repetition_texts():
        doc = Document(text)
        stats = quality_stats(doc)
        window, words, spans = Q._window_words(doc)
        assert doc.__dict__["_quality_tokens"][0] is doc.text and not spans  # the fast path
        assert (window, words) == Q._scan_window(doc.text)[:2], repr(text)
        fired += Q.repetition(doc, stats)["top_2gram_char_frac"] > 0
    assert fired > 200


def _plain_wordfreq(clean: str, function: frozenset[str]) -> dict[str, float]:
    import numpy as np

    words = re.findall(r"[a-z]+", clean)
    table, floor = zipf_table()
    z_all = np.array([table.get(w, floor) for w in words])
    content = [w for w in words if w not in function]
    zc = np.array([table.get(w, floor) for w in content]) if content else np.array([floor])
    zt = np.array([table.get(w, floor) for w in dict.fromkeys(content)]) if content else zc
    return {"mean": float(z_all.mean()), "sd": float(z_all.std()), "c_mean": float(zc.mean()),
            "c_sd": float(zc.std()), "t_mean": float(zt.mean()), "oov": float((zc <= floor).mean())}


@pytest.mark.parametrize("text", [*_CLEAN_CASES, "the of and a", "zzyzxq qwxz the cat, the hat; the bat"])
def test_wordfreq_lookups_match_the_per_word_loop(text: str) -> None:
    fw = F._function_set()
    clean = F.clean_text(text)
    got = wordfreq_stats(clean, fw)
    want = _plain_wordfreq(clean, fw)
    assert {k: got["text.wf." + k] for k in want} == want


def _sentence_texts() -> list[str]:
    pieces = ["it", "is", "don't", "o'neil's", "3.5", "x", "ok.", "why?", "no!", "...", "!!", ",", "-",
              "é", "'"]
    gaps = [" ", " ", "  ", "\t", "\n", "", ". ", "! ", "? ", ".  "]
    return ["", " ", "a. ", "a.", "a. ,  ", ". x", "end. ! ", "one two.\u2003three", "what?!  next",
            *_random_texts(3, pieces, gaps, 40)]


def test_words_and_sentences_match_split_then_tokenise() -> None:
    several = 0
    for text in _sentence_texts():
        sents = [s for s in F._SENT_END.split(text) if s]
        want = (F._WORD.findall(text), [len(F._WORD.findall(s)) for s in sents])
        assert F._words_and_sentences(text) == want, repr(text)
        several += len(want[1]) > 2
    assert several > 100
