"""Features for the trained classifier: detector output plus cheap text statistics.

Two kinds of input feed the model:

* dense numbers: the detector families' features and flag counts
  (``result.features``, ``result.flags``), page layout statistics, and prose
  statistics (function-word profile, punctuation profile, zlib compression,
  sentence-length distribution, moving type-token ratio ...);
* hashed word and character n-grams of the prose (``HashingVectorizer``: no
  vocabulary to ship, constant memory).

The training sets carry formatting that predicts their label as well as style
does (paragraph breaks, double spaces, curly quotes, lower-cased arXiv text with
" ." spacing, ``@xmath`` placeholders). :func:`clean_text` removes those before
anything is counted, and no feature measures casing, white space or length, so
a model cannot learn "this looks like source X". Leave-one-source-out checks
(``training/loso.py``) are what keep that honest.
"""

from __future__ import annotations

import itertools
import math
import re
import zlib
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import numpy as np

from ..lexicons.loader import read_text, word_set
from .bigrams import bigram_stats, bigram_table
from .fwhash import NgramColumns
from .quantiles import linear_percentiles
from .wordfreq import wordfreq_stats, zipf_table

if TYPE_CHECKING:
    from scipy.sparse import csr_matrix

    from ..result import Result
    from ..text.document import Document
    from .runtime import Csr

# Bump when a feature's meaning changes: a model trained on other features must not load.
# 3: clean_text normalises detokenised spacing (MASC) around dashes, apostrophes, slashes.
# 4: word-frequency profile of the prose (text.wf.*, model/wordfreq.py).
# 5: word-bigram profile of the prose (text.bg.*, model/bigrams.py).
FEATURE_VERSION = 5

# Prose is judged on lines long enough to be sentences; short lines are headings,
# navigation or metadata and are described by the page features instead.
PROSE_MIN_WORDS = 8
# N-grams and statistics look at this much prose at most: enough to judge style,
# and it keeps a 200 KB document as cheap as a 12 KB one.
PROSE_MAX_CHARS = 12_000

# Family features that measure document size, not style: length differs by corpus, so leave them out.
SIZE_FEATURES = frozenset(
    {
        "stats.n_words",
        "stats.n_non_symbol_words",
        "stats.stop_words",
        "stats.c4_sentences",
        "ai_padding.n_sentences",
        "ai_padding.top_ngram_count",
        "ai_padding.vocab_distinct",
        "fragments.n_quotes",
        "placeholder_metadata.profile_fields",
    }
)

_QUOTES = str.maketrans(
    {
        "“": '"',
        "”": '"',
        "„": '"',
        "«": '"',
        "»": '"',
        "‘": "'",
        "’": "'",
        "‚": "'",
        "`": "'",
        "´": "'",
        "—": " - ",
        "–": " - ",
        "‐": "-",
        "‑": "-",
        "…": "...",
        "\u00a0": " ",
    }
)
# Encoding leftovers (UTF-8 read as cp1252) seen in scraped and dataset text.
_MOJIBAKE = {"â€™": "'", "â€œ": '"', "â€\x9d": '"', "â€˜": "'", "â€”": "-", "â€“": "-", "Ã©": "é"}
_MOJI_RE = re.compile("|".join(map(re.escape, _MOJIBAKE)))
# arXiv placeholders in SeqXGPT's human abstracts: pure source artefacts.
_PLACEHOLDER = re.compile(r"@x(?:math|cite)\d*")
# Tokeniser spacing (" ." " ," " n't" "( x )") of pre-tokenised corpora.
_SPACE_BEFORE = re.compile(r"\s+([.,;:!?%)\]}]|n't|'s|'re|'ll|'ve|'d|'m)(?=\W|$)")
_SPACE_AFTER = re.compile(r"([(\[{])\s+")
# Detokenised corpora (MASC) write an em dash as "- -", a hyphenated word as "Mime- Version",
# "O ' Keeffe", "text / plain", "< id >": spacing that identifies the corpus, not the writer.
# Every source is normalised alike: a run of dashes is one spaced dash, and no space is kept
# inside a hyphenated word, around an apostrophe between letters, a slash, "=" or "<>" brackets.
_DASH_RUN = re.compile(r"\s*-(?:\s*-)+\s*")
_HYPHEN_GAP = re.compile(r"(?<=\w)-\s+(?=\w)")
_APOS_GAP = re.compile(r"(?<=\w)\s*'\s*(?=(?:s|t|re|ll|ve|d|m)\b)|(?<=\b\w)\s*'\s*(?=\w)")
_SYMBOL_GAP = re.compile(r"\s*([/=])\s*")
_BRACKET_GAP = re.compile(r"(<)\s+|\s+(?=>)")
_WS = re.compile(r"\s+")
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)*")
_SENT_END = re.compile(r"(?<=[.!?])\s+")
# A sentence break (as _SENT_END) or a word (as _WORD): where each can start, the other cannot.
_WORD_OR_BREAK = re.compile(r"(?<=[.!?])\s+|[a-z0-9]+(?:'[a-z]+)*")
_PUNCT = {
    "comma": ",",
    "semicolon": ";",
    "colon": ":",
    "excl": "!",
    "question": "?",
    "dash": "-",
    "paren": "(",
    "dquote": '"',
    "squote": "'",
    "ellipsis": "...",
    "digit": None,
}
_DIGIT = re.compile(r"\d")


def clean_text(text: str) -> str:
    """Normalise away formatting that identifies a corpus rather than a writer.

    Lower-cases, straightens quotes and dashes, repairs common mojibake, removes
    tokeniser spacing and collapses all white space (paragraphs included).

    >>> clean_text("The  “model” , in  @xmath0 words .\\n\\nNext")
    'the "model", in words. next'
    >>> clean_text("Kids - - especially O ' Keeffe's Mime- Version: text / plain") == clean_text(
    ...     "Kids—especially O'Keeffe's Mime-Version: text/plain")
    True
    """
    # "`" is the only ASCII key of the table: other ASCII text is its own translation.
    t = text.translate(_QUOTES) if not text.isascii() or "`" in text else text
    if "â" in t or "Ã" in t:
        t = _MOJI_RE.sub(lambda m: _MOJIBAKE[m.group(0)], t)
    t = t.lower()
    if "@x" in t:  # every placeholder starts so
        t = _PLACEHOLDER.sub(" ", t)
    t = _WS.sub(" ", t)  # from here on the only white space is single " "
    t = _SPACE_BEFORE.sub(r"\1", t)
    # Each pass below is skipped when it cannot match or would only rewrite a
    # character by itself (about half of this function's time on typical prose).
    if "(" in t or "[" in t or "{" in t:
        t = _SPACE_AFTER.sub(r"\1", t)
    if "--" in t or "- -" in t:
        t = _DASH_RUN.sub(" - ", t)
    if "- " in t:
        t = _HYPHEN_GAP.sub("-", t)
    if " '" in t or "' " in t:
        t = _APOS_GAP.sub("'", t)
    if "/" in t or "=" in t:
        t = _SYMBOL_GAP.sub(r"\1", t)
    if "<" in t or ">" in t:
        t = _BRACKET_GAP.sub(r"\1", t)
    return t.strip()


def prose_text(doc: Document) -> str:
    """The document's running prose: lines of at least ``PROSE_MIN_WORDS`` words.

    For HTML input only blocks the extractor kept as main text count.

    >>> from spamcheck.text.document import Document
    >>> prose_text(Document("Menu\\n\\nThis line has more than eight words in it, clearly."))
    'This line has more than eight words in it, clearly.'
    """
    text = doc.text
    spans: Iterable[tuple[int, int]]
    if doc.blocks is not None:
        spans = [(b.start, b.end) for b in doc.blocks if b.label == "main"]
    else:
        spans = doc.lines
    parts: list[str] = []
    size = 0
    for s, e in spans:
        chunk = text[s:e]
        if chunk.count(" ") + 1 < PROSE_MIN_WORDS:
            continue
        parts.append(chunk)
        size += len(chunk)
        if size >= PROSE_MAX_CHARS:
            break
    return "\n".join(parts)[:PROSE_MAX_CHARS]


@lru_cache(maxsize=1)
def function_words() -> tuple[str, ...]:
    """The 150 most frequent English function words (the jusText stop-word list, by rank)."""
    seen: dict[str, None] = {}
    for w in read_text("stopwords", "en.txt").split():
        w = w.lower().replace("’", "'")
        if w.isalpha():
            seen.setdefault(w, None)
        if len(seen) == 150:
            break
    return tuple(seen)


def text_stats(clean: str) -> dict[str, float]:
    """Style statistics of cleaned prose (see :func:`clean_text`); none measures length.

    >>> s = text_stats(clean_text("It is what it is. We went home, and then we slept."))
    >>> round(s["text.sent_len_mean"], 1), s["text.fw.it"] > 0
    (6.0, True)
    """
    out: dict[str, float] = {}
    words, sent_lens = _words_and_sentences(clean)
    n = max(len(words), 1)
    chars = max(len(clean), 1)
    counts = Counter(words)
    rates = [c / n for c in map(counts.get, function_words(), itertools.repeat(0))]
    out.update(zip(_fw_keys(), rates, strict=True))
    out["text.fw_share"] = sum(rates)
    for name, sym in _PUNCT.items():
        k = _n_digits(clean) if sym is None else clean.count(sym)
        out[f"text.punct.{name}"] = 1000.0 * k / chars
    # Word and sentence lengths are whole numbers: their sums are exact in float64
    # whichever order numpy adds them in, so a mean or a share is the exact sum or count
    # over the size, the same float as numpy's ``mean`` (one numpy call less each); the
    # standard deviations stay numpy's own (their squared deviations are not whole).
    lens_list = list(map(len, words)) if words else [0]
    lens = np.array(lens_list, dtype=float)
    out["text.word_len_mean"] = sum(lens_list) / len(lens_list)
    out["text.word_len_std"] = float(lens.std())
    out["text.long_word_share"] = int(np.count_nonzero(lens >= 9)) / len(lens_list)
    sent_list = sent_lens or [0]
    sl = np.array(sent_list, dtype=float)
    sl_mean = sum(sent_list) / len(sent_list)
    sl_std = float(sl.std())
    out["text.sent_len_mean"] = sl_mean
    out["text.sent_len_std"] = sl_std
    out["text.sent_len_cv"] = sl_std / sl_mean if sl_mean else 0.0
    # One sort for the three percentiles (np.percentile's numbers, without its per-call cost).
    for q, v in zip((10, 50, 90), linear_percentiles(sl, (10, 50, 90)), strict=True):
        out[f"text.sent_len_p{q}"] = v
    out["text.sent_short_share"] = int(np.count_nonzero(sl < 8)) / len(sent_list)
    out["text.sent_long_share"] = int(np.count_nonzero(sl > 35)) / len(sent_list)
    out["text.mattr50"] = _mattr(words, 50)
    out["text.hapax200"] = _hapax(words[:200])
    out["text.zlib_ratio"] = _compression(clean)
    # Repeated word bigrams within the text: template-like or looping generation.
    # (sum over repeated bigrams of count - 1 = bigrams - distinct bigrams)
    n_pairs = max(len(words) - 1, 0)
    out["text.bigram_repeat"] = (n_pairs - len(set(itertools.pairwise(words)))) / n
    return out


def _words_and_sentences(clean: str) -> tuple[list[str], list[int]]:
    """``_WORD.findall(clean)`` and the word count of each non-empty ``_SENT_END`` piece, in one scan.

    A sentence break is white space and a word holds none, so the words of the pieces are
    the words of the text, and the breaks found by the same scan split them. A break
    follows a mark, so only the last piece can be empty: when the text ends in one.

    >>> _words_and_sentences("it is. we went home!  ok")
    (['it', 'is', 'we', 'went', 'home', 'ok'], [2, 3, 1])
    """
    toks = _WORD_OR_BREAK.findall(clean)
    if not clean:
        return [], []
    # A break is white space only and a word holds none: str.isspace tells them apart in
    # one C-level map (no per-token Python test).
    is_break = list(map(str.isspace, toks))
    breaks = list(itertools.compress(range(len(toks)), is_break))
    if not breaks:
        return toks, [len(toks)]
    words = list(itertools.filterfalse(str.isspace, toks))
    lens = [b - a - 1 for a, b in itertools.pairwise([-1, *breaks, len(toks)])]
    body = clean.rstrip()
    if len(body) < len(clean) and body[-1:] in (".", "!", "?"):
        lens.pop()  # the trailing white space is a break: the last piece is empty
    return words, lens


def _n_digits(clean: str) -> int:
    """``len(_DIGIT.findall(clean))``: for ASCII text, ten C-level counts instead of a match list.

    >>> _n_digits("a1 b22 c"), _n_digits("x٣ 4")
    (3, 2)
    """
    if clean.isascii():  # \d is any Unicode decimal digit: only ASCII text has just 0-9
        return sum(map(clean.count, "0123456789"))
    return len(_DIGIT.findall(clean))


@lru_cache(maxsize=1)
def _fw_keys() -> tuple[str, ...]:
    return tuple(f"text.fw.{w}" for w in function_words())


def _mattr(words: Sequence[str], window: int) -> float:
    # Moving-average type-token ratio: plain TTR falls with length, this does not.
    if len(words) <= window:
        return len(set(words)) / max(len(words), 1)
    step = max(1, (len(words) - window) // 20)
    vals = [len(set(words[i : i + window])) / window for i in range(0, len(words) - window + 1, step)]
    return float(sum(vals) / len(vals))


def _hapax(words: Sequence[str]) -> float:
    c = Counter(words)
    return sum(1 for v in c.values() if v == 1) / max(len(words), 1)


def _compression(clean: str) -> float:
    # Ratio over fixed 600-character windows, since zlib's ratio depends on length.
    data = clean.encode("utf-8")
    wins = [data[i : i + 600] for i in range(0, min(len(data), 3000), 600)]
    wins = [w for w in wins if len(w) >= 200] or [data]
    return float(sum(len(zlib.compress(w, 6)) / max(len(w), 1) for w in wins) / len(wins))


def page_stats(doc: Document) -> dict[str, float]:
    """Layout of the whole page: short lines, repeated lines, a truncated ending.

    >>> p = page_stats(__import__("spamcheck.text.document").text.document.Document("Home\\nHome\\nA b c."))
    >>> p["page.dup_line_share"] > 0
    True
    """
    text = doc.text
    lines = [text[s:e] for s, e in doc.lines]
    n = max(len(lines), 1)
    short = [ln for ln in lines if ln.count(" ") + 1 < PROSE_MIN_WORDS]
    c = Counter(ln.lower() for ln in lines)
    prose_chars = sum(len(ln) for ln in lines if ln.count(" ") + 1 >= PROSE_MIN_WORDS)
    dups = sum(v - 1 for v in c.values() if v > 1)
    last = lines[-1] if lines else ""
    long_lines = [ln for ln in lines if ln.count(" ") + 1 >= PROSE_MIN_WORDS]
    return {
        "page.short_line_share": len(short) / n,
        "page.dup_line_share": dups / n,
        "page.dup_short_share": dups / max(len(short), 1),
        "page.dup_lines_log": math.log1p(dups),
        "page.prose_char_share": prose_chars / max(sum(len(ln) for ln in lines), 1),
        "page.kv_line_share": sum(1 for ln in short if re.match(r"^\W*\w[\w ]{0,20}\s?:\s*\S", ln)) / n,
        "page.unterminated_prose_share": sum(1 for ln in long_lines if ln[-1] not in ".!?\"')]:")
        / max(len(long_lines), 1),
        "page.last_line_unterminated": float(
            bool(last) and last.count(" ") >= 5 and last[-1] not in ".!?\"')]:"
        ),
    }


def result_features(result: Result) -> dict[str, float]:
    """The families' numeric features plus per-type flag rates and top strengths.

    Features that only measure size (see :data:`SIZE_FEATURES`) are left out.

    >>> from spamcheck.result import Flag, Result
    >>> r = Result(id=None, score=0, label="clean", flags=[Flag("spun", "x", 0, 1, "a", "r", 0.7)])
    >>> result_features(r)["flag.spun.x.per1k"]
    10.0
    """
    out = {
        k: float(v)
        for k, v in result.features.items()
        if isinstance(v, (int, float)) and k not in SIZE_FEATURES
    }
    counts: Counter[str] = Counter()
    top: dict[str, float] = {}
    for f in result.flags:
        key = f"flag.{f.family}.{f.type}"
        counts[key] += 1
        top[key] = max(top.get(key, 0.0), f.strength)
    # Per 1000 words, not raw counts: a count grows with length, and length identifies a corpus.
    per = 1000.0 / max(float(result.features.get("stats.n_words", 0.0)), 100.0)
    for k, v in counts.items():
        out[f"{k}.per1k"] = round(v * per, 6)
        out[f"{k}.max"] = top[k]
    for fam, s in result.scores.items():
        out[f"rule.{fam}"] = float(s)
    return out


def doc_features(doc: Document, result: Result) -> tuple[str, dict[str, float]]:
    """Everything the model needs from one analysed document: (cleaned prose, dense features)."""
    prose = clean_text(prose_text(doc))
    feats = result_features(result)
    feats.update(page_stats(doc))
    feats.update(text_stats(prose))
    feats.update(wordfreq_stats(prose, _function_set()))
    feats.update(bigram_stats(prose, _function_set()))
    return prose, feats


@lru_cache(maxsize=1)
def _function_set() -> frozenset[str]:
    return frozenset(function_words())


def warm_feature_tables() -> None:
    """Load the lexicon tables :func:`doc_features` reads (each loads once per process)."""
    _function_set()
    _fw_keys()
    zipf_table()
    bigram_table()


class Hasher:
    """Hashed word 1-2-grams and character 3-5-grams of cleaned prose, L2-normalised.

    >>> Hasher(n_features=2**10).transform(["the cat sat"]).shape
    (1, 2048)
    """

    def __init__(self, n_features: int = 2**18) -> None:
        from sklearn.feature_extraction.text import HashingVectorizer

        self.n_features = n_features
        self.word = HashingVectorizer(
            analyzer="word",
            ngram_range=(1, 2),
            n_features=n_features,
            alternate_sign=False,
            token_pattern=r"(?u)\b\w+\b",
            lowercase=False,
        )
        self.char = HashingVectorizer(
            analyzer="char_wb",
            ngram_range=(3, 5),
            n_features=n_features,
            alternate_sign=False,
            lowercase=False,
        )

    def transform(self, texts: Sequence[str]) -> csr_matrix:
        from scipy.sparse import hstack

        return hstack([self.word.transform(texts), self.char.transform(texts)], format="csr")


# What the ai head reads besides the dense prose statistics, chosen at training time and
# stored in the model (``parts["ai_features"]``) so prediction featurises the same way.
#   "stats":        dense statistics only (no text vectoriser: cheapest);
#   "stats+fw":     + hashed 1-3-grams of the prose with every non-function word masked
#                   (topic-free: a domain's vocabulary cannot become a shortcut);
#   "hashed+stats": + hashed word 1-2-grams and char 3-5-grams (feature version 2 models);
#   "hgb-stats":    dense statistics only, gradient boosting instead of logistic regression.
# "hgb+fw": the mean of the standardised hgb-stats and stats+fw logits (see commands/train.py).
AI_FEATURE_SETS = ("stats", "stats+fw", "hashed+stats", "hgb-stats", "hgb+fw")

_ALPHA_SPLIT = re.compile(r"([a-z]+)")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


# Content words in scikit-learn's English stop-word list (Glasgow IR list): masked like any
# other content word, so the kept vocabulary is closed-class words and discourse markers only.
_NOT_FUNCTION = frozenset(
    {
        "amoungst", "back", "bill", "bottom", "call", "cant", "co", "computer", "con", "couldnt", "cry",
        "de", "describe", "detail", "eg", "etc", "fill", "find", "fire", "found", "front", "full",
        "give", "hasnt", "inc", "interest", "ltd", "mill", "move", "name", "part", "show", "side",
        "sincere", "system", "thick", "thin", "top", "un",
    }
)


def mask_content_words(clean: str) -> str:
    """Cleaned prose with every non-function word replaced by ``W`` and every number by ``D``.

    >>> mask_content_words("however, the cat sat on 3 mats and we slept")
    'however, the W W on D W and we W'
    """
    fw = masking_words()
    # Split keeps the letter runs at odd positions: one C pass instead of a Python
    # callback per word (the callback was most of the function-word vectoriser's time).
    parts = _ALPHA_SPLIT.split(clean)
    parts[1::2] = [w if w in fw else "W" for w in parts[1::2]]
    return _NUMBER.sub("D", "".join(parts))


@lru_cache(maxsize=1)
def masking_words() -> frozenset[str]:
    """Words :func:`mask_content_words` keeps: closed-class English words (pronouns, determiners,
    auxiliaries, conjunctions, prepositions, discourse adverbs such as "however", "therefore").

    >>> "however" in masking_words(), "computer" in masking_words()
    (True, False)
    """
    # scikit-learn's ENGLISH_STOP_WORDS, shipped as a file (lexicons/glasgow/NOTICE) so
    # that scoring does not import scikit-learn; tests/test_runtime.py checks they are equal.
    return word_set("glasgow", "english_stop_words.txt") - _NOT_FUNCTION


class FwHasher:
    """Hashed 1-3-grams of function words, ``W``/``D`` placeholders and punctuation, L2-normalised.

    >>> FwHasher(n_features=2**10).transform(["the cat sat on the mat."]).shape
    (1, 1024)
    """

    def __init__(self, n_features: int = 2**18) -> None:
        self.n_features = n_features
        # The matrix from token ids and remembered columns (model/fwhash.py); the
        # vectoriser ``vec`` is the reference it is tested against.
        self.columns = NgramColumns(n_features)

    @property
    def vec(self) -> Any:
        """scikit-learn's ``HashingVectorizer`` that :meth:`transform` equals (built on first use:
        scoring does not import scikit-learn)."""
        from sklearn.feature_extraction.text import HashingVectorizer

        # analyzer=fw_ngrams yields exactly the tokens of analyzer="word",
        # ngram_range=(1, 3), token_pattern=FW_TOKEN.pattern, lowercase=False,
        # preprocessor=mask_content_words (tested), with the n-grams built by
        # zip/map instead of scikit-learn's per-n-gram slicing loop.
        return HashingVectorizer(analyzer=fw_ngrams, n_features=self.n_features, alternate_sign=False)

    def transform(self, texts: Sequence[str]) -> csr_matrix:
        return self.columns.transform([fw_tokens(t) for t in texts])

    def rows(self, texts: Sequence[str]) -> Csr:
        """:meth:`transform` as plain CSR arrays (no scipy matrix)."""
        return self.columns.rows([fw_tokens(t) for t in texts])


# Words and placeholders are tokens, and so is every punctuation mark.
FW_TOKEN = re.compile(r"[A-Za-z]+|[^\sA-Za-z]")


def fw_tokens(text: str) -> list[str]:
    """The masked tokens of cleaned prose that :func:`fw_ngrams` joins into n-grams.

    >>> fw_tokens("the cat sat.")
    ['the', 'W', 'W', '.']
    """
    return FW_TOKEN.findall(mask_content_words(text))


def fw_ngrams(text: str) -> list[str]:
    """Masked 1-, 2- and 3-grams of cleaned prose (the :class:`FwHasher` tokens).

    >>> fw_ngrams("the cat sat.")
    ['the', 'W', 'W', '.', 'the W', 'W W', 'W .', 'the W W', 'W W .']
    """
    toks = fw_tokens(text)
    join = " ".join
    bigrams = list(map(join, itertools.pairwise(toks)))
    return toks + bigrams + list(map(join, zip(toks, toks[1:], toks[2:], strict=False)))


# The ai feature sets with a sparse text block, and its vectoriser; the others are dense only.
TEXT_BLOCKS: dict[str, type[Hasher] | type[FwHasher]] = {
    "stats+fw": FwHasher,
    "hashed+stats": Hasher,
    "hgb+fw": FwHasher,
}


def text_vectoriser(kind: str, n_features: int) -> Hasher | FwHasher | None:
    """The sparse text block of an ai feature set (None for the dense-only sets).

    >>> text_vectoriser("stats", 2**10) is None, type(text_vectoriser("stats+fw", 2**10)).__name__
    (True, 'FwHasher')
    """
    if kind not in AI_FEATURE_SETS:
        raise ValueError(f"unknown ai feature set {kind!r}; known: {', '.join(AI_FEATURE_SETS)}")
    block = TEXT_BLOCKS.get(kind)
    return None if block is None else block(n_features)


def dense_matrix(rows: Sequence[dict[str, float]], names: Sequence[str]) -> np.ndarray:
    """Rows of named features as a float32 matrix in ``names`` order (missing = 0).

    >>> dense_matrix([{"a": 1.0}, {"b": 2.0}], ["a", "b"]).tolist()
    [[1.0, 0.0], [0.0, 2.0]]
    """
    # Look the model's names up in each row (a row holds more names than the model
    # reads), then zero what is not finite; the float32 cast rounds as item assignment did.
    out = np.array([[row.get(n, 0.0) for n in names] for row in rows], dtype=np.float64)
    out = out.reshape(len(rows), len(names))
    out[~np.isfinite(out)] = 0.0
    return out.astype(np.float32)
