"""Standard web-text quality measures as numbers (features, not drop decisions).

The definitions follow datatrove's filters (``gopher_quality_filter.py``,
``gopher_repetition_filter.py``, ``c4_filters.py``, ``fineweb_quality_filter.py``),
which implement Gopher (Rae et al. 2021, table A1), C4 (Raffel et al. 2020) and
FineWeb (Penedo et al. 2024). Differences, on purpose:

* words come from one regex (``\\w+`` runs and single punctuation marks) instead of
  spaCy's tokenizer, so counts differ slightly around contractions and abbreviations;
* n-grams are integer codes of word ids rather than joined strings, and the n-gram
  repetition measures look at the first :data:`MAX_NGRAM_TOKENS` tokens only;
* the duplicate n-gram walk visits only positions whose (n-1)-gram repeats, which
  gives datatrove's numbers (same greedy skip) at a fraction of the cost.

Every value is a float named ``stats.<name>``; an empty document gives zeros.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Hashable, Sequence

import numpy as np

from ..text.document import Document

# The n-gram repetition walk is the costly part; 20k tokens is ~100 KB of text,
# far more than a page needs for its repetition profile to show.
MAX_NGRAM_TOKENS = 20_000

# spaCy-like: clitics split off ("do" "n't", "Iran" "'s"), punctuation marks alone.
# Numbers keep their separators ("3.5", "9,000") and a hyphen before a digit stays
# inside the word ("VGG-11"), as in spaCy.
_TOKEN = re.compile(
    r"\d+(?:[.,]\d+)+|\w+(?=n['’]t\b)|n['’]t\b|['’](?:s|re|ve|ll|d|m)\b|\w+(?:-(?=\d)\w+)*|[^\w\s]", re.I)
# Without an "n't" anywhere in the text the two clitic alternatives above can never
# match, and dropping them gives the same tokens ~40 % faster (the engine otherwise
# scans every word twice); most texts have no such contraction.
_NT = re.compile(r"n['’]t\b", re.I)
_TOKEN_NO_NT = re.compile(r"\d+(?:[.,]\d+)+|['’](?:s|re|ve|ll|d|m)\b|\w+(?:-(?=\d)\w+)*|[^\w\s]", re.I)
_PARA_SPLIT = re.compile(r"\n{2,}")
_LINE_SPLIT = re.compile(r"\n+")
_CITATION = re.compile(r"\[\d*]|\[edit]|\[citation needed]")
_GOPHER_STOP = frozenset(("the", "be", "to", "of", "and", "that", "have", "with"))
_C4_END = (".", "?", "!", '"', "'")
_FW_END = (".", "'", '"', "!", "?")
_POLICY = ("terms of use", "privacy policy", "cookie policy", "uses cookies", "use of cookies", "use cookies")

_NAMES = (
    "n_words", "n_non_symbol_words", "mean_word_len", "hash_word_ratio", "ellipsis_word_ratio",
    "bullet_lines_frac", "ellipsis_lines_frac", "alpha_words_frac", "stop_words",
    "dup_para_frac", "dup_para_char_frac", "dup_line_frac", "dup_line_char_frac",
    "top_2gram_char_frac", "top_3gram_char_frac", "top_4gram_char_frac",
    *(f"dup_{n}gram_char_frac" for n in range(5, 11)),
    "c4_terminal_punct_lines_frac", "c4_javascript_lines", "c4_lorem_ipsum", "c4_curly_bracket",
    "c4_policy_lines", "c4_sentences",
    "fw_line_punct_ratio", "fw_short_line_ratio", "fw_char_dup_ratio", "fw_newline_ratio",
)


def quality_stats(doc: Document) -> dict[str, float]:
    """Gopher, C4 and FineWeb measures of ``doc.text``.

    >>> from spamcheck.text.document import Document
    >>> s = quality_stats(Document("The cat sat.\\nThe cat sat.\\nA dog ran off to the park."))
    >>> s["stats.dup_line_frac"], s["stats.c4_terminal_punct_lines_frac"]
    (0.3333, 1.0)
    """
    text = doc.text
    out = dict.fromkeys((f"stats.{k}" for k in _NAMES), 0.0)
    if not text.strip():
        return out
    tokens = quality_tokens(doc)
    lines_nl = text.split("\n")
    _gopher_quality(text, tokens, lines_nl, out)
    _gopher_repetition(text, tokens, out)
    _c4(lines_nl, out)
    _fineweb(text, tokens, lines_nl, out)
    return {k: round(v, 4) for k, v in out.items()}


def quality_tokens(doc: Document) -> list[str]:
    """The tokens of ``doc.text`` these measures count, computed once per text.

    Cached on the document with the text they came from, so the ``quality`` family
    reuses them, and a view whose text differs (``Document.prose``) never does.

    >>> from spamcheck.text.document import Document
    >>> quality_tokens(Document("It isn't 3.5 km."))
    ['It', 'is', "n't", '3.5', 'km', '.']
    """
    text = doc.text
    cached = doc.__dict__.get("_quality_tokens")
    if cached is not None and cached[0] is text:
        return cached[1]
    tokens = (_TOKEN if _NT.search(text) else _TOKEN_NO_NT).findall(text)
    doc.__dict__["_quality_tokens"] = (text, tokens)
    return tokens


def _gopher_quality(text: str, tokens: list[str], lines: list[str], out: dict[str, float]) -> None:
    n = len(tokens)
    # A token is a "symbol" when it is a lone punctuation mark (never starts with \w).
    non_symbol = [w for w in tokens if w[0].isalnum() or w[0] == "_"]
    out["stats.n_words"] = float(n)
    out["stats.n_non_symbol_words"] = float(len(non_symbol))
    if non_symbol:
        out["stats.mean_word_len"] = sum(map(len, non_symbol)) / len(non_symbol)
    if n:
        out["stats.hash_word_ratio"] = text.count("#") / n
        out["stats.ellipsis_word_ratio"] = (text.count("...") + text.count("…")) / n
        # A \w+ token lacks a letter only when it is all digits (underscores aside).
        out["stats.alpha_words_frac"] = (len(non_symbol) - sum(map(str.isdigit, non_symbol))) / n
        out["stats.stop_words"] = float(sum(map(_GOPHER_STOP.__contains__, tokens)))
    split_lines = text.splitlines() or [""]
    bullets = sum(1 for s in split_lines if s.lstrip().startswith(("•", "-")))
    ellipsis = sum(1 for s in split_lines if s.rstrip().endswith(("...", "…")))
    out["stats.bullet_lines_frac"] = bullets / len(split_lines)
    out["stats.ellipsis_lines_frac"] = ellipsis / len(split_lines)


def _dups(items: list[str]) -> tuple[int, int]:
    """``(repeats, their characters)``: every item equal to an earlier one counts.

    The repeats are what the distinct items leave over, so both numbers are differences
    of C-level counts (no loop over the items in Python).

    >>> _dups(["a", "bb", "a", "bb", "bb", "c"])
    (3, 5)
    """
    distinct = set(items)
    return len(items) - len(distinct), sum(map(len, items)) - sum(map(len, distinct))


def _gopher_repetition(text: str, tokens: list[str], out: dict[str, float]) -> None:
    n_chars = len(text)
    paras = _PARA_SPLIT.split(text.strip())
    d, c = _dups(paras)
    out["stats.dup_para_frac"] = d / len(paras)
    out["stats.dup_para_char_frac"] = c / n_chars
    lines = _LINE_SPLIT.split(text)
    d, c = _dups(lines)
    out["stats.dup_line_frac"] = d / len(lines)
    out["stats.dup_line_char_frac"] = c / n_chars

    toks = tokens[:MAX_NGRAM_TOKENS]
    if len(toks) < 2:
        return
    # Each n-gram becomes one int64 (token ids in base ``v``), so counting is a
    # numpy sort instead of a Counter of tuples: a third of the cost, same numbers.
    ids, v = _first_seen_ids(toks)
    codes = ids
    for n in (2, 3, 4):
        if len(toks) < n:
            break
        codes = _extend(codes, ids, v, n)
        count, first = _top_gram(codes)
        chars = sum(map(len, toks[first : first + n])) + n - 1  # the n-gram joined by spaces
        out[f"stats.top_{n}gram_char_frac"] = chars * count / n_chars
    # Positions whose 5-gram occurs more than once; longer repeats are a subset.
    relevant = _repeated_positions(_extend(codes, ids, v, 5)) if len(toks) >= 5 else []
    if not relevant:
        return  # the common case: no 5-gram repeats
    for n in range(5, 11):
        if not relevant:
            break
        chars, relevant = _dup_walk(toks, n, relevant)
        out[f"stats.dup_{n}gram_char_frac"] = chars / n_chars


def _first_seen_ids(toks: list[str]) -> tuple[np.ndarray, int]:
    """Each token's id, numbered in first-seen order, and how many distinct tokens there are.

    C-level maps give the same ids as numbering each new token in a loop.

    >>> ids, v = _first_seen_ids(["b", "a", "b", "c"])
    >>> ids.tolist(), v
    ([0, 1, 0, 2], 3)
    """
    vocab = dict(zip(dict.fromkeys(toks), itertools.count()))
    return np.fromiter(map(vocab.__getitem__, toks), dtype=np.int64, count=len(toks)), len(vocab)


def _extend(codes: np.ndarray, ids: np.ndarray, v: int, n: int) -> np.ndarray:
    """Codes of the n-grams from the codes of the (n-1)-grams: ``code * v + next id``.

    The new codes stay below ``v ** n``; where that could overflow int64 (5-grams
    of more than ~5,000 distinct tokens) the (n-1)-gram codes are first replaced
    by their ranks (fewer than the number of n-grams), which keeps equality.

    >>> _extend(np.array([0, 1, 0, 1]), np.array([0, 1, 0, 1]), 2, 2).tolist()
    [1, 2, 1]
    """
    if v ** n >= 2**62:
        codes = np.unique(codes, return_inverse=True)[1].astype(np.int64)
    return codes[:-1] * v + ids[n - 1 :]


def _top_gram(codes: np.ndarray) -> tuple[int, int]:
    """``(count, first position)`` of the most frequent code.

    Among ties the earliest one wins, as with ``Counter.most_common`` (first-seen
    order), which datatrove uses.

    >>> _top_gram(np.array([5, 7, 7, 5, 9]))
    (2, 0)
    """
    s = np.sort(codes)
    starts = np.flatnonzero(np.concatenate(([True], s[1:] != s[:-1])))
    counts = np.diff(np.append(starts, len(s)))
    count = int(counts.max())
    if count == 1:
        return 1, 0
    top = s[starts[counts == count]]
    # The first position holding any of the top codes is where the winner first appears.
    return count, int(np.argmax(_member(codes, top)))


def _repeated_positions(codes: np.ndarray) -> list[int]:
    """Every position whose code occurs at least twice.

    >>> _repeated_positions(np.array([3, 1, 3, 2]))
    [0, 2]
    """
    s = np.sort(codes)
    dup = s[1:][s[1:] == s[:-1]]
    if not len(dup):
        return []
    return np.flatnonzero(_member(codes, dup)).tolist()


def _member(codes: np.ndarray, values: np.ndarray) -> np.ndarray:
    """``np.isin(codes, values)`` for sorted ``values``, without isin's ~20 µs fixed cost.

    >>> _member(np.array([4, 1, 9, 2]), np.array([2, 4])).tolist()
    [True, False, False, True]
    """
    i = np.searchsorted(values, codes)
    i[i == len(values)] = 0  # past the end: compare with any value, it cannot match
    return values[i] == codes


def _dup_walk(ids: Sequence[str], n: int, relevant: list[int]) -> tuple[int, list[int]]:
    """datatrove's ``find_all_duplicate`` restricted to positions that can repeat.

    Positions outside ``relevant`` hold n-grams seen once, so they never count
    and never change the walk; skipping them gives the same total.
    """
    last = len(ids) - n
    added: set[tuple[Hashable, ...]] = set()
    skip_until = 0
    chars = 0
    counts: Counter[tuple[Hashable, ...]] = Counter()
    grams: dict[int, tuple[Hashable, ...]] = {}
    for p in relevant:
        if p > last:
            break
        g = tuple(ids[p : p + n])
        grams[p] = g
        counts[g] += 1
        if p < skip_until:
            continue
        if g in added:
            chars += sum(map(len, g))
            skip_until = p + n
        else:
            added.add(g)
    # Positions whose n-gram repeats: the candidates for n + 1.
    nxt = [p for p, g in grams.items() if counts[g] > 1 and p <= last - 1]
    return chars, nxt


def _c4(lines: list[str], out: dict[str, float]) -> None:
    kept = js = policy = sentences = 0
    lorem = curly = 0.0
    total = 0
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        total += 1
        low = line.lower()
        if "lorem ipsum" in low:
            lorem = 1.0
        if "{" in line:
            curly = 1.0
        if "javascript" in low:
            js += 1
        if any(p in low for p in _POLICY):
            policy += 1
        line = _CITATION.sub("", line)
        if line.endswith(_C4_END) and not line.endswith("..."):
            kept += 1
            if len(line.split()) >= 3:
                sentences += 1
    if total:
        out["stats.c4_terminal_punct_lines_frac"] = kept / total
        out["stats.c4_javascript_lines"] = float(js)
        out["stats.c4_policy_lines"] = float(policy)
    out["stats.c4_lorem_ipsum"] = lorem
    out["stats.c4_curly_bracket"] = curly
    out["stats.c4_sentences"] = float(sentences)


def _fineweb(text: str, tokens: list[str], lines: list[str], out: dict[str, float]) -> None:
    n = len(lines)
    out["stats.fw_line_punct_ratio"] = sum(1 for s in lines if s.endswith(_FW_END)) / n
    out["stats.fw_short_line_ratio"] = sum(1 for s in lines if len(s) <= 30) / n
    non_empty = [s for s in lines if s.strip()]
    body = len(text) - text.count("\n")
    out["stats.fw_char_dup_ratio"] = _dups(non_empty)[1] / body if body else 0.0
    out["stats.fw_newline_ratio"] = text.count("\n") / len(tokens) if tokens else 0.0
