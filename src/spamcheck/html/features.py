"""Numbers per block for the boilerplate classifier (shared by training and inference).

Three kinds of evidence, as in jusText/boilerpipe plus DOM context:

* the block itself: length, link density, stop-word density (in the page's
  language), sentence punctuation, digits, capitalised words, tag;
* where it sits: class/id/role hints and semantic ancestors (nav, footer, aside,
  ...), position on the page, whether it lies inside the page's main content
  container (the deepest element holding most of the page's prose);
* its neighbours: the same numbers for the blocks around it, whether the text
  recurs on the page, whether it follows a heading.

>>> from spamcheck.html.segment import segment
>>> page = segment("<body><p>The cat sat on the mat and it was happy.</p></body>")
>>> feats = featurise(page)
>>> feats.matrix.shape == (1, len(FEATURE_NAMES))
True
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import chain
from operator import attrgetter

import numpy as np

from .segment import ALL_BITS, HEADINGS, HINT_GROUPS, Page

_WORD = re.compile(r"\w+", re.U)
_SENT_PUNCT = np.array([ord(c) for c in ".!?…:;"], dtype=np.uint32)
# Lookup table over code points up to "…" (the last entry, never a sentence mark, stands for
# everything above): one gather instead of np.isin.
_SENT_LUT = np.zeros(int(_SENT_PUNCT.max()) + 2, dtype=bool)
_SENT_LUT[_SENT_PUNCT] = True
_END_CHARS = frozenset('.!?…"”»)')
_TAG_GROUPS = {
    "p": "p",
    "h1": "h",
    "h2": "h",
    "h3": "h",
    "h4": "h",
    "h5": "h",
    "h6": "h",
    "li": "li",
    "dd": "li",
    "dt": "li",
    "td": "td",
    "th": "td",
    "div": "div",
    "section": "div",
    "article": "div",
    "main": "div",
    "body": "div",
    "pre": "pre",
    "blockquote": "pre",
    # trafilatura-eval's gold drops image captions (26 of 30 labelled figcaptions).
    "figcaption": "caption",
    "caption": "caption",
}
TAG_GROUP_NAMES = ("p", "h", "li", "td", "div", "pre", "caption", "other")
_TAG_INDEX = {tag: TAG_GROUP_NAMES.index(g) for tag, g in _TAG_GROUPS.items()}
_LINK_CHARS = attrgetter("link_chars")
_DEPTH = attrgetter("depth")
_TAG = attrgetter("tag")
_EID = attrgetter("eid")
_MASK = attrgetter("mask")
_HEADING_OF = lambda tag: HEADINGS.get(tag, 0)  # noqa: E731
_TAG_GROUP_OF = lambda tag: _TAG_INDEX.get(tag, len(TAG_GROUP_NAMES) - 1)  # noqa: E731
# Neighbour window (blocks each side) for the smoothed context features.
WINDOW = 3

_OWN = (
    "log_chars",
    "log_words",
    "link_density",
    "stop_density",
    "stop_count_log",
    "sent_ends",
    "ends_sentence",
    "comma_rate",
    "digit_share",
    "cap_share",
    "avg_word_len",
    "depth",
    "heading_level",
    "repeats",
    "title_overlap",
    "pos_block",
    "pos_chars",
    "pos_prose",
    "in_main50",
    "in_main80",
    "main_share_elem",
    "after_h1",
    "prev_heading",
    "is_link_only",
    "upper_start",
    "cue_count",
    "cue_rate",
)
_CTX = ("link_density", "stop_density", "log_chars", "prose")
# Where a block sits relative to the article: headlines, bylines and captions sit
# just outside or between the prose blocks, menus and footers far from them.
_LAYOUT = (
    "title_in_block",
    "block_in_title",
    "is_first_h1",
    "to_main_start",
    "from_main_end",
    "gap_prev_prose",
    "gap_next_prose",
    "parent_prose_share",
    "grandparent_prose_share",
    "log_siblings",
)
# Cap (in blocks) on the distances above: beyond it, a block is simply "far".
FAR = 20
FEATURE_NAMES: tuple[str, ...] = (
    _OWN
    + tuple(f"tag_{t}" for t in TAG_GROUP_NAMES)
    + tuple(f"bit_{b}" for b in ALL_BITS)
    + tuple(f"{side}_{c}" for side in ("prev", "next") for c in _CTX)
    + tuple(f"win_{c}" for c in _CTX)
    + ("page_log_blocks", "page_prose_share", "page_link_density")
    + _LAYOUT
    # Hint groups of the innermost hinted ancestor (see featurise).
    + tuple(f"near_{g[0]}" for g in HINT_GROUPS)
)


@dataclass(slots=True)
class PageFeatures:
    matrix: np.ndarray = field(default_factory=lambda: np.zeros((0, len(FEATURE_NAMES))))
    language: str = "unknown"
    group: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))  # parent element per block


@lru_cache(maxsize=1)
def _cues() -> tuple[frozenset[str], dict[str, tuple[tuple[str, ...], ...]]]:
    """``lexicons/html/boilerplate_cues.txt`` as token sets: one-word cues, and
    multi-word cues indexed by their first word (set lookups, no big regex)."""
    from ..lexicons.loader import read_text

    raw = read_text("html", "boilerplate_cues.txt")
    single: set[str] = set()
    multi: dict[str, list[tuple[str, ...]]] = {}
    for ln in raw.splitlines():
        toks = tuple(_WORD.findall(ln.lower()))
        if ln.startswith("#") or not toks:
            continue
        if len(toks) == 1:
            single.add(toks[0])
        else:
            multi.setdefault(toks[0], []).append(toks)
    return frozenset(single), {k: tuple(v) for k, v in multi.items()}


def _cue_count(toks: list[str], single: frozenset[str], multi: dict[str, tuple[tuple[str, ...], ...]]) -> int:
    """Boilerplate cues in one block's tokens (one-word cues plus multi-word ones)."""
    return sum(map(single.__contains__, toks)) + _multi_cue_count(toks, multi)


def _multi_cue_count(toks: list[str], multi: dict[str, tuple[tuple[str, ...], ...]]) -> int:
    n = 0
    if not multi.keys().isdisjoint(toks):
        for i, w in enumerate(toks):
            for cue in multi.get(w, ()):
                if tuple(toks[i : i + len(cue)]) == cue:
                    n += 1
    return n


def _per_block(hits: np.ndarray, bounds: np.ndarray) -> np.ndarray:
    """Sums of ``hits`` (integers, one per word of the page) per block; ``bounds``
    holds each block's first word index and, last, the number of words."""
    cs = np.concatenate([[0], np.cumsum(hits)])
    return (cs[bounds[1:]] - cs[bounds[:-1]]).astype(float)


@lru_cache(maxsize=1)
def _stopword_index() -> tuple[dict[str, int], tuple[str, ...], dict[str, frozenset[str]]]:
    from ..text.languages import load_stopwords

    lists = load_stopwords()
    langs = tuple(sorted(lists))
    index: dict[str, int] = {}
    for i, lang in enumerate(langs):
        for w in lists[lang]:
            index[w] = index.get(w, 0) | (1 << i)
    return index, langs, lists


LANG_WORDS = 3000
LANG_WORDS_PER_BLOCK = 300


def page_language(tokens: list[list[str]]) -> tuple[str, frozenset[str]]:
    """Language of the page (most stop words, on up to 3,000 words) and its stop-word set."""
    index, langs, lists = _stopword_index()
    words: list[str] = []
    n = 0
    for toks in tokens:
        # Capped per block and in all: one giant block (a script dumped as text, a
        # table of numbers) must not outvote the prose around it.
        take = toks[: min(LANG_WORDS_PER_BLOCK, LANG_WORDS - n)]
        words += take
        n += len(take)
        if n >= LANG_WORDS:
            break
    # Count words by language bit-mask (a page has few distinct masks; None = no list).
    by_mask: Counter[int | None] = Counter(map(index.get, words))
    by_mask.pop(None, None)
    masks = np.fromiter(by_mask.keys(), np.int64, len(by_mask))  # type: ignore[arg-type]
    hits = np.fromiter(by_mask.values(), np.int64, len(by_mask))
    # Words per language: integer sums over the masks holding each language's bit.
    counts = (((masks[:, None] >> np.arange(len(langs))) & 1) * hits[:, None]).sum(axis=0).tolist()
    best = max(range(len(langs)), key=counts.__getitem__) if langs else -1
    if best < 0 or n == 0 or counts[best] / n < 0.08:
        # Not prose in a listed language: score stop words against every list so
        # prose in an unlisted language is not read as boilerplate for having none.
        return "unknown", _all_stopwords()
    return langs[best], lists[langs[best]]


@lru_cache(maxsize=1)
def _all_stopwords() -> frozenset[str]:
    """Every listed stop word, of any language (built once: ~28,000 words)."""
    return frozenset(_stopword_index()[0])


def featurise(page: Page) -> PageFeatures:
    """A matrix with one row of :data:`FEATURE_NAMES` per block of ``page`` (numpy, float64)."""
    blocks = page.blocks
    n = len(blocks)
    out = PageFeatures()
    if n == 0:
        out.matrix = np.zeros((0, len(FEATURE_NAMES)))
        return out
    texts = [b.text for b in blocks]
    tokens = [_WORD.findall(t.lower()) for t in texts]
    lang, stops = page_language(tokens)
    out.language = lang
    title_words = set(_WORD.findall(page.title.lower()))
    counts = Counter(texts)
    is_stop = stops.__contains__

    chars = np.fromiter(map(len, texts), float, n)
    nw_int = np.fromiter(map(len, tokens), np.int64, n)
    nw = nw_int.astype(float)
    # Word-level counts over the page's words at once (one membership test per word,
    # summed per block by cumulative sums; integer counts, so exactly the per-block sums).
    words = list(chain.from_iterable(tokens))
    bounds = np.concatenate([[0], np.cumsum(nw_int)])
    stop_n = _per_block(np.fromiter(map(is_stop, words), np.int64, len(words)), bounds)
    link = np.fromiter(map(_LINK_CHARS, blocks), float, n)
    sent, commas, spaces, digits, caps, copyright = _char_counts(texts)
    ends = np.fromiter((t[-1] in _END_CHARS for t in texts), float, n)
    upper = np.fromiter((t[0].isupper() for t in texts), float, n)
    single, multi = _cues()
    cue_n = _per_block(np.fromiter(map(single.__contains__, words), np.int64, len(words)), bounds)
    starts_multi = np.fromiter(map(multi.__contains__, words), bool, len(words))
    if starts_multi.any():
        # Multi-word cues tried only where one's first word stands (cues never span blocks):
        # the same matches _multi_cue_count finds by walking every word of those blocks.
        at = np.flatnonzero(starts_multi)
        first_word = bounds.tolist()
        extra: Counter[int] = Counter()
        for j, i in zip(at.tolist(), (np.searchsorted(bounds, at, side="right") - 1).tolist(), strict=True):
            toks, k = tokens[i], j - first_word[i]
            for cue in multi[words[j]]:
                if tuple(toks[k : k + len(cue)]) == cue:
                    extra[i] += 1
        for i, c in extra.items():
            cue_n[i] += c
    cue_n += copyright
    rep = np.fromiter(map(counts.__getitem__, texts), float, n)
    depth = np.fromiter(map(_DEPTH, blocks), float, n)
    tags = list(map(_TAG, blocks))
    hl = np.fromiter(map(_HEADING_OF, tags), float, n)
    eids = np.fromiter(map(_EID, blocks), np.int64, n)
    masks = np.fromiter(map(_MASK, blocks), np.int64, n)
    tag_group = np.fromiter(map(_TAG_GROUP_OF, tags), np.int64, n)
    if title_words:
        title_overlap = np.fromiter(
            (
                len(title_words.intersection(t)) / len(title_words) if h else 0.0
                for t, h in zip(tokens, hl, strict=False)
            ),
            float,
            n,
        )
    else:
        title_overlap = np.zeros(n)

    w1 = np.maximum(nw, 1.0)
    ld = np.minimum(link / np.maximum(chars, 1.0), 1.0)
    sd = stop_n / w1
    # "Prose mass": stop words outside links; what main text has and menus lack.
    prose = np.maximum(stop_n - 1, 0) * (1.0 - ld) ** 2
    total_chars = chars.sum() or 1.0
    total_prose = prose.sum() or 1e-9

    # Main container: accumulate prose up the element tree (children have larger
    # pre-order ids than parents, so one reverse sweep suffices).
    acc = [0.0] * page.n_elements
    for e, p in zip(eids.tolist(), prose.tolist(), strict=False):
        acc[e] += p
    parent = page.parent
    for e in range(page.n_elements - 1, 0, -1):
        acc[parent[e]] += acc[e]
    last = np.asarray(page.last, dtype=np.int64)
    acc_np = np.asarray(acc)
    depth_np = np.asarray(page.depth)
    cols: list[np.ndarray] = []
    in_main_subtree = []
    for share in (0.5, 0.8):
        m = _deepest_with(acc_np, depth_np, share * total_prose)
        in_main_subtree.append((eids >= m) & (eids <= last[m]) if m else np.zeros(n, bool))
    acc_arr = acc_np[eids] / total_prose

    idx = np.arange(n, dtype=float)
    first_h1 = next((i for i, b in enumerate(blocks) if b.tag == "h1"), -1)
    after_h1 = (idx > first_h1).astype(float) if first_h1 >= 0 else np.full(n, 0.5)
    prev_head = np.zeros(n)
    prev_head[1:] = hl[:-1] > 0
    cols = [
        np.log1p(chars),
        np.log1p(nw),
        ld,
        sd,
        np.log1p(stop_n),
        np.minimum(sent, 20),
        ends,
        commas / w1,
        digits / np.maximum(chars, 1.0),
        caps / w1,
        (chars - spaces) / w1,
        np.minimum(depth, 60),
        hl,
        np.minimum(rep - 1, 10),
        title_overlap,
        idx / n,
        (np.cumsum(chars) - chars) / total_chars,
        (np.cumsum(prose) - prose) / total_prose,
        in_main_subtree[0].astype(float),
        in_main_subtree[1].astype(float),
        acc_arr,
        after_h1,
        prev_head,
        (ld > 0.9).astype(float),
        upper,
        np.minimum(cue_n, 5),
        cue_n / w1,
    ]
    onehot = np.zeros((n, len(TAG_GROUP_NAMES)))
    onehot[np.arange(n), tag_group] = 1.0
    bits = ((masks[:, None] >> np.arange(len(ALL_BITS))) & 1).astype(float)
    ctx = np.column_stack([ld, sd, np.log1p(chars), np.log1p(prose)])
    edge = np.array([[1.0, 0.0, 0.0, 0.0]])
    prev = np.vstack([edge, ctx[:-1]])
    nxt = np.vstack([ctx[1:], edge])
    # Windowed means over +-WINDOW blocks (cumulative sums; edges use the blocks that exist).
    cs = np.vstack([np.zeros((1, 4)), np.cumsum(ctx, axis=0)])
    lo = np.maximum(np.arange(n) - WINDOW, 0)
    hi = np.minimum(np.arange(n) + WINDOW + 1, n)
    win = (cs[hi] - cs[lo]) / (hi - lo)[:, None]
    page_cols = np.tile([np.log1p(n), float((prose > 2).sum()) / n, link.sum() / total_chars], (n, 1))
    layout = _layout(tokens, title_words, first_h1, in_main_subtree[0], prose > 2)
    # Prose held by the block's parent and grandparent elements: article paragraphs
    # share a parent that holds most of the page's prose; an author box, a teaser or
    # a disclaimer sits in a small container of its own.
    par = np.asarray(page.parent, dtype=np.int64)
    p1 = par[eids]
    p2 = par[p1]
    _, inv, cnt = np.unique(p1, return_inverse=True, return_counts=True)
    family = np.column_stack([acc_np[p1] / total_prose, acc_np[p2] / total_prose, np.log(cnt[inv])])
    layout = np.hstack([layout, family])
    # Hint groups of the innermost hinted ancestor only: the bits above OR over all
    # ancestors, so a share bar inside the article body and an article teaser inside a
    # sidebar look alike there; the nearest class/id tells them apart.
    near = np.fromiter((b.near for b in blocks), np.int64, n)
    near_bits = ((near[:, None] >> np.arange(len(HINT_GROUPS))) & 1).astype(float)
    out.matrix = np.column_stack([*cols, onehot, bits, prev, nxt, win, page_cols, layout, near_bits])
    out.group = p1
    return out


def _layout(
    tokens: list[list[str]], title_words: set[str], first_h1: int, in_main: np.ndarray, prose: np.ndarray
) -> np.ndarray:
    """The :data:`_LAYOUT` columns: title match both ways, first h1, distances (in
    blocks, scaled to 0..1 by :data:`FAR`) to the main container and to prose blocks."""
    n = len(tokens)
    tin = np.zeros(n)
    bin_ = np.zeros(n)
    if title_words:
        for i, t in enumerate(tokens):
            if t and len(t) <= 60:  # a long paragraph repeating the title is not a headline
                common = len(title_words.intersection(t))
                if common:  # else both stay 0.0 (= 0 / n): the set of words is not built
                    tin[i] = common / len(title_words)
                    bin_[i] = common / len(set(t))
    idx = np.arange(n)
    h1 = (idx == first_h1).astype(float)
    m = np.flatnonzero(in_main)
    start, end = (int(m[0]), int(m[-1])) if len(m) else (n, -1)
    to_start = np.where(idx < start, np.minimum(start - idx, FAR), 0) / FAR
    from_end = np.where(idx > end, np.minimum(idx - end, FAR), 0) / FAR
    # Blocks since the last / until the next prose block (FAR when there is none).
    pos = np.flatnonzero(prose)
    if len(pos):
        k = np.searchsorted(pos, idx)
        prev_p = np.where(k > 0, idx - pos[np.maximum(k - 1, 0)], FAR)
        k2 = np.searchsorted(pos, idx, side="right")
        next_p = np.where(k2 < len(pos), pos[np.minimum(k2, len(pos) - 1)] - idx, FAR)
    else:
        prev_p = next_p = np.full(n, FAR)
    gp = np.minimum(prev_p, FAR) / FAR
    gn = np.minimum(next_p, FAR) / FAR
    return np.column_stack([tin, bin_, h1, to_start, from_end, gp, gn])


STACK_NAMES: tuple[str, ...] = (
    "s_p",
    "s_prev",
    "s_next",
    "s_win2",
    "s_win6",
    "s_group",
    "s_group_n",
    "s_page",
)


def stack_features(p: np.ndarray, group: np.ndarray) -> np.ndarray:
    """Context of first-stage probabilities (neighbours, siblings, page) for the second stage.

    >>> stack_features(np.array([0.9, 0.1, 0.2]), np.array([1, 2, 2])).shape
    (3, 8)
    """
    n = len(p)
    if n == 0:
        return np.zeros((0, len(STACK_NAMES)))
    prev = np.concatenate([[1.0], p[:-1]])
    nxt = np.concatenate([p[1:], [1.0]])
    cs = np.concatenate([[0.0], np.cumsum(p)])
    ar = np.arange(n)
    wins = []
    for w in (2, 6):
        lo, hi = np.maximum(ar - w, 0), np.minimum(ar + w + 1, n)
        wins.append((cs[hi] - cs[lo]) / (hi - lo))
    _, inv, counts = np.unique(group, return_inverse=True, return_counts=True)
    gmean = np.bincount(inv, weights=p) / counts
    return np.column_stack(
        [p, prev, nxt, wins[0], wins[1], gmean[inv], np.log1p(counts[inv]), np.full(n, p.mean())]
    )


def _char_counts(texts: list[str]) -> tuple[np.ndarray, ...]:
    """Per block: sentence ends, commas, spaces, digits, capitalised word starts, "©" signs.

    One numpy pass over the page's code points instead of five regex/count calls
    per block. Block text has single spaces only (the segmenter collapses white
    space), so "punctuation then space or block end" is a sentence end.
    """
    joined = "\n".join(texts) + "\n"
    cp = np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    sep = np.flatnonzero(cp == 10)  # one "\n" after each block
    starts = np.concatenate([[0], sep[:-1] + 1])
    nxt = np.concatenate([cp[1:], [10]])
    prev = np.concatenate([[10], cp[:-1]])
    punct = _SENT_LUT[np.minimum(cp, len(_SENT_LUT) - 1)]
    is_sent = punct & ((nxt == 32) | (nxt == 10))
    is_digit = (cp >= 48) & (cp <= 57)
    # \w before a letter (ASCII alnum/_ or any letter from Latin-1 on) means no word start.
    prev_word = (
        (((prev | 32) >= 97) & ((prev | 32) <= 122)) | ((prev >= 48) & (prev <= 57)) | (prev == 95)
        | ((prev >= 0xC0) & (prev <= 0x24F) & (prev != 0xD7) & (prev != 0xF7))
        | ((prev >= 0x370) & (prev <= 0x52F))
    )
    upper = (((cp >= 65) & (cp <= 90)) | ((cp >= 0xC0) & (cp <= 0xDE) & (cp != 0xD7))
             | ((cp >= 0x391) & (cp <= 0x3A9)) | ((cp >= 0x410) & (cp <= 0x42F)))
    if not len(starts):
        return tuple(np.zeros(0) for _ in range(6))
    # Integer sums (exactly the float sums of 0/1 the counts are), all rows at once.
    rows = np.vstack([is_sent, cp == 44, cp == 32, is_digit, upper & ~prev_word, cp == 0xA9]).view(np.int8)
    sums = np.add.reduceat(rows, starts, axis=1, dtype=np.int64).astype(np.float64)
    return tuple(sums)


def _deepest_with(acc: list[float] | np.ndarray, depth: list[int] | np.ndarray, need: float) -> int:
    """The deepest element whose subtree holds at least ``need`` prose (0 = none found)."""
    cand = np.flatnonzero(np.asarray(acc) >= need)
    if len(cand) == 0:
        return 0
    return int(cand[np.argmax(np.asarray(depth)[cand])])
