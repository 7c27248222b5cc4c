"""The fast HTML paths against plain per-block / per-element versions of the same numbers.

``html/features.py`` counts stop words and boilerplate cues over a page's words at once,
sums character classes for all blocks in one numpy call and counts the page's language
votes by stop-word mask; ``html/meta.py`` finds byline candidates in Python instead of
eight XPath ``contains()`` and skips the JSON-LD scan on pages without "+json"; the
block model's trees step every (block, tree) pair at once. Each is checked here against the straightforward
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
from spamcheck.html.block_model import TreeEnsemble, load_block_model
from spamcheck.html.segment import segment
from spamcheck.numeric import sigmoid
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


def _plain_leaves(trees: TreeEnsemble, X: np.ndarray) -> np.ndarray:
    """Each (row, tree)'s leaf, found by walking the tree node by node from its root."""
    leaves = np.zeros((len(X), len(trees.roots)), dtype=np.int64)
    for r, row in enumerate(X.tolist()):
        for t, node in enumerate(trees.roots.tolist()):
            while trees.left[node] != node:  # leaves point to themselves
                f, thr = int(trees.feature[node]), float(trees.threshold[node])
                node = int(trees.left[node] if row[f] <= thr else trees.right[node])
            leaves[r, t] = node
    return leaves


def _check_predict(trees: TreeEnsemble, X: np.ndarray) -> None:
    leaves = _plain_leaves(trees, X)
    want = sigmoid(trees.baseline + trees.value[leaves].sum(axis=1))
    assert np.array_equal(trees.predict(X), want)


def test_tree_predict_equals_node_walk_on_written_trees() -> None:
    # Two trees written for the test: one of depth 2, one a lone leaf; a row on each threshold.
    trees = TreeEnsemble({
        "feature": [0, 1, 0, 0, 0, 0], "threshold": [0.5, -1.0, 0, 0, 0, 0],
        "left": [1, 3, 2, 3, 4, 5], "right": [2, 4, 2, 3, 4, 5],
        "value": [0.0, 0.0, 1.5, -0.7, 0.3, 0.25], "roots": [0, 5], "depth": 2, "baseline": -0.1,
    })
    X = np.array([[0.5, -1.0], [0.6, 0.0], [0.0, 2.0], [-3.0, -1.5]])
    _check_predict(trees, X)
    assert len(set(_plain_leaves(trees, X)[:, 0].tolist())) == 3  # every leaf of tree 0 reached


@needs_shared
def test_tree_predict_equals_node_walk_on_heldout_pages() -> None:
    model = load_block_model().model
    if model is None:
        pytest.skip("shipped block model not available")
    for p in [p for p in hd.iter_pages() if p.heldout][::10]:
        _check_predict(model, ft.featurise(segment(decode_bytes(p.html)[0])).matrix)


def test_jsonld_prefilter_keeps_mixed_case_type() -> None:
    # Written for the test: the type attribute in mixed case still reaches the metadata parse.
    # The script sits far past the <h1>, so only the JSON-LD collection brings it into the parse.
    filler = "<p>The council closed the north pier for repairs after the winter storms.</p>" * 300
    assert len(filler) > 2 * meta.WINDOW_CHARS
    html = (
        "<html><head><title>Pier repairs</title></head><body><h1>Pier repairs</h1>" + filler
        + '<script type="application/LD+Json">{"author": {"name": "Noor Vance"}}</script></body></html>'
    )
    assert '{"author": {"name": "Noor Vance"}}' in meta._parts(html)


@needs_shared
def test_jsonld_prefilter_never_hides_a_block_on_heldout_pages() -> None:
    seen = 0
    for p in [p for p in hd.iter_pages() if p.heldout]:
        html = decode_bytes(p.html)[0]
        if meta._LD.search(html):
            seen += 1
            assert meta._JSON_HINT.search(html)
    assert seen >= 20


def _plain_title_match(tokens: list[list[str]], title_words: set[str]) -> np.ndarray:
    """The two title columns of ``_layout`` as computed before: both divisions for every short block."""
    out = np.zeros((len(tokens), 2))
    for i, t in enumerate(tokens):
        if title_words and t and len(t) <= 60:
            common = len(title_words.intersection(t))
            out[i] = common / len(title_words), common / len(set(t))
    return out


def _check_title_match(html: str) -> int:
    page = segment(html)
    tokens = [ft._WORD.findall(b.text.lower()) for b in page.blocks]
    title_words = set(ft._WORD.findall(page.title.lower()))
    n = len(tokens)
    got = ft._layout(tokens, title_words, -1, np.zeros(n, bool), np.zeros(n, bool))[:, :2]
    want = _plain_title_match(tokens, title_words)
    assert np.array_equal(got, want)
    assert not np.signbit(got).any()  # the skipped blocks hold +0.0, as 0 / n gave
    return int((want > 0).any(axis=1).sum())


def test_title_match_skips_only_blocks_without_title_words_on_written_page() -> None:
    # Written for this test: title words in a heading, a short line and a long paragraph.
    html = (
        "<html><head><title>Night ferry timetable</title></head><body><h1>Night ferry timetable</h1>"
        "<p>Timetable changes</p><p>Tickets</p><p>"
        + "the night ferry leaves late " * 20
        + "</p></body></html>"
    )
    assert _check_title_match(html) == 2


@needs_shared
def test_title_match_equal_plain_on_heldout_pages() -> None:
    pages = [p for p in hd.iter_pages() if p.heldout][::4]
    hits = sum(_check_title_match(decode_bytes(p.html)[0]) for p in pages)
    assert hits >= 50
