"""The fast HTML paths against plain per-block / per-element versions of the same numbers.

``html/features.py`` counts stop words and boilerplate cues over a page's words at once,
sums character classes for all blocks in one numpy call and counts the page's language
votes by stop-word mask; ``html/meta.py`` finds byline candidates in Python instead of
eight XPath ``contains()``. Each is checked here against the straightforward
computation it replaced, on real held-out pages (exact equality: the block model's
thresholds see these numbers).
"""

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest
from tests.conftest import needs_shared
from training import html_data as hd

from spamcheck.html import features as ft
from spamcheck.html import meta
from spamcheck.html.segment import segment
from spamcheck.text.decode import decode_bytes

_COL = {name: i for i, name in enumerate(ft.FEATURE_NAMES)}


def _plain_language(tokens: list[list[str]]) -> tuple[str, frozenset[str]]:
    """The page language as it was computed block by block (Counter per block, loop per word)."""
    index, langs, lists = ft._stopword_index()
    seen: Counter[str] = Counter()
    n = 0
    for toks in tokens:
        take = toks[: min(ft.LANG_WORDS_PER_BLOCK, ft.LANG_WORDS - n)]
        seen.update(take)
        n += len(take)
        if n >= ft.LANG_WORDS:
            break
    by_mask: Counter[int] = Counter()
    for w, c in seen.items():
        m = index.get(w)
        if m:
            by_mask[m] += c
    counts = [sum(c for m, c in by_mask.items() if m >> i & 1) for i in range(len(langs))]
    best = max(range(len(langs)), key=counts.__getitem__) if langs else -1
    if best < 0 or n == 0 or counts[best] / n < 0.08:
        return "unknown", frozenset(index)
    return langs[best], lists[langs[best]]


def _plain_char_counts(texts: list[str]) -> list[list[int]]:
    """Sentence ends, commas, spaces, digits, capitalised word starts, "©", one block at a time."""
    rows = []
    for t in texts:
        sent = sum(1 for i, c in enumerate(t) if c in ".!?…:;" and (i + 1 == len(t) or t[i + 1] == " "))
        caps = 0
        for i, c in enumerate(t):
            o = ord(c)
            upper = (
                65 <= o <= 90 or (0xC0 <= o <= 0xDE and o != 0xD7)
                or 0x391 <= o <= 0x3A9 or 0x410 <= o <= 0x42F
            )
            p = ord(t[i - 1]) if i else 10
            prev_word = (
                97 <= (p | 32) <= 122 or 48 <= p <= 57 or p == 95
                or (0xC0 <= p <= 0x24F and p not in (0xD7, 0xF7)) or 0x370 <= p <= 0x52F
            )
            caps += upper and not prev_word
        rows.append([sent, t.count(","), t.count(" "), sum(c in "0123456789" for c in t), caps, t.count("©")])
    return rows


def _check_page(html: str) -> None:
    page = segment(html)
    got = ft.featurise(page)
    if not page.blocks:
        return
    texts = [b.text for b in page.blocks]
    tokens = [ft._WORD.findall(t.lower()) for t in texts]
    lang, stops = _plain_language(tokens)
    assert ft.page_language(tokens) == (lang, stops)
    single, multi = ft._cues()
    m = got.matrix
    nw = np.array([max(len(t), 1) for t in tokens], float)
    stop_n = np.array([sum(w in stops for w in t) for t in tokens], float)
    cue_n = np.array(
        [ft._cue_count(t, single, multi) + s.count("©") for t, s in zip(tokens, texts, strict=True)], float
    )
    assert np.array_equal(m[:, _COL["stop_count_log"]], np.log1p(stop_n))
    assert np.array_equal(m[:, _COL["cue_count"]], np.minimum(cue_n, 5))
    assert np.array_equal(m[:, _COL["cue_rate"]], cue_n / nw)
    counts = np.array(_plain_char_counts(texts), float)
    got_counts = np.column_stack(ft._char_counts(texts))
    assert np.array_equal(got_counts, counts)
    chars = np.array([len(t) for t in texts], float)
    assert np.array_equal(m[:, _COL["sent_ends"]], np.minimum(counts[:, 0], 20))
    assert np.array_equal(m[:, _COL["comma_rate"]], counts[:, 1] / nw)
    assert np.array_equal(m[:, _COL["avg_word_len"]], (chars - counts[:, 2]) / nw)
    assert np.array_equal(m[:, _COL["cap_share"]], counts[:, 4] / nw)


# Written for this test: multi-word cues, a copyright sign, capitals outside ASCII, an
# unlisted-language page (every stop-word list applies), an empty block list.
HAND_PAGES = [
    "<html><body><nav><a href='/'>Home</a> | <a href='/c'>Contact us</a></nav>"
    "<p>Read more about the harbour works. The ferry runs twice a day; tickets cost 4.50.</p>"
    "<footer>© 2019 Harbour Office. All rights reserved. Terms of use</footer></body></html>",
    "<body><h1>Über Änderungen</h1><p>Die Änderung gilt ab Mai. Ölpreise stiegen, Éric sagte: Ja!</p>"
    "<p>Ωmega и Жизнь, 12 Straßen.</p></body>",
    "<body><p>Kirjasto avataan uudelleen syksyllä, kun remontti valmistuu.</p>"
    "<p>Lorem ipsum dolor sit amet consectetur.</p></body>",
    "<body><script>var x = 1;</script></body>",
]


@pytest.mark.parametrize("html", HAND_PAGES)
def test_fast_features_equal_plain_on_written_pages(html: str) -> None:
    _check_page(html)


@needs_shared
def test_fast_features_equal_plain_on_heldout_pages() -> None:
    pages = [p for p in hd.iter_pages() if p.heldout][::4]
    assert len(pages) >= 50
    for p in pages:
        _check_page(decode_bytes(p.html)[0])


def _plain_byline_candidates(tree: object) -> list:  # type: ignore[type-arg]
    """The XPath the byline search used before: eight contains() per element of the body."""
    xpath = (
        "//body//*["
        + " or ".join(
            f"contains(@{a}, '{w}')"
            for a in ("class", "id")
            for w in ("byline", "author", "Author", "writer")
        )
        + "]"
    )
    return meta._xp(xpath)(tree)[:20]


def _tree(html: str) -> object:
    import lxml.html

    parser = lxml.html.HTMLParser(encoding="utf-8", remove_comments=True)
    return lxml.html.document_fromstring(meta._parts(html).encode("utf-8", errors="replace"), parser=parser)


def test_byline_candidates_equal_xpath_on_written_page() -> None:
    html = (
        "<html><head><title>Tide tables</title></head><body><div class='site-author-box'>x</div>"
        "<span id='BylineTop'>By Jo Park</span><p class='post-Author'>Jo Park</p><div id='writer'>Jo</div>"
        + "".join(f"<i class='byline-{i}'>n{i}</i>" for i in range(30))
        + "<h1>Tide tables</h1></body></html>"
    )
    tree = _tree(html)
    got = meta._byline_candidates(meta._xp(meta._CLASSED)(tree), 20)
    assert len(got) == 20
    assert got == _plain_byline_candidates(tree)


@needs_shared
def test_byline_candidates_equal_xpath_on_heldout_pages() -> None:
    for p in [p for p in hd.iter_pages() if p.heldout][::3]:
        tree = _tree(decode_bytes(p.html)[0])
        assert meta._byline_candidates(meta._xp(meta._CLASSED)(tree), 20) == _plain_byline_candidates(tree)
