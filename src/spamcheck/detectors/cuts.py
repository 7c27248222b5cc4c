"""Cut points: where a piece of prose may have been cut out of a longer text.

The sentence-level completeness model (:mod:`spamcheck.text.completeness`) says
whether a span *can* end or start where it does; many cuts stop on a content
word ("... the rise of regional market share") that can end a sentence. What
tells such a cut from a finished phrase is the page around it: what follows
(end of the text, a list of titles, a reference list, a footer, a capitalised
new block), whether the paragraph before is finished, how long the line is next
to its neighbours, and the quotation around it. This module turns each
candidate point into named features and scores it with a small logistic
regression (``models/cuts``, trained by ``training/train_cuts.py`` on the
TRAINING composer's pages and human text only).

Candidates (built by :meth:`spamcheck.detectors.fragments.Fragments.cut_points`):

* ``end``: the end of every paragraph of prose (its last sentence);
* ``quote``: every quotation of three words or more, in any quoting style.

The model file is a numpy archive read with ``allow_pickle=False`` (feature
names, weights or flat tree arrays, bias, the decision threshold), checked against its card's
sha256 by :mod:`spamcheck.artifacts` like every shipped model.

>>> f = end_features(pe=0.02, ps_line=0.01, ps_sent=None, line="the rise of", sentence="the rise of",
...                  stop=frozenset({"of", "the"}), nxt=None, prev=None, material=0, rel_len=0.2)
>>> f["last_stop"], f["next:end"], f["first_lower"]
(1.0, 1.0, 1.0)
"""

from __future__ import annotations

import math
import re
import warnings
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from ..artifacts import artifact_dirs, read_npz_or_note
from ..model.bigrams import bigram_table
from ..model.wordfreq import zipf_table
from ..text.document import WORD

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

MODEL_FILE = "cuts.npz"
# p(end)/p(start) bins: the logistic regression gets a step function of each.
_P_BINS = (0.02, 0.06, 0.2, 0.4, 0.7, 0.9)
_FIELD_CHARS = ":@|©·•"
_URL = re.compile(r"https?://|www\.\w", re.IGNORECASE)
# A closing formula of a letter, mail or post: the last sentence before it often has no full stop
# in informal writing ("... matches the diagram in the manual" / "Thanks and regards" / "Anna").
_SIGNOFF = re.compile(r"\s*(?:--|—|(?:many |kind |best |warm |warmest )?(?:thanks|thank you|regards|"
                      r"wishes|cheers|sincerely|yours|love|take care|all the best|best|bye|xoxo|"
                      r"greetings|respectfully)\b)", re.IGNORECASE)
_SIGNOFF_MAX_WORDS = 5
_SENT_END = re.compile(r"[.!?][\"'”’)]*\s")


@dataclass(frozen=True)
class Neighbour:
    """The shape of the block before or after a candidate (see ``Fragments._shape``)."""

    words: int
    titleish: bool
    terminal: bool
    prose: bool
    first: str  # first character
    text: str  # the line itself (for field marks)


@dataclass
class CutPoint:
    """A place where a cut may have been made: its span, features and a readable context."""

    kind: str  # "end" (a paragraph's end) or "quote"
    start: int
    end: int
    last_word: str
    p_end: float
    context: str  # what follows the point, in words ("a list of titles", "the end of the text")
    features: dict[str, float]
    fragment: bool = False  # a whole short line cut at both ends (dangling_fragment)
    # Paragraphs of prose (at least ten words, finished or reading as prose) on both sides.
    between_prose: bool = False

    @property
    def where(self) -> str:
        """The candidate's context (:func:`cut_context`)."""
        return cut_context(self.kind, self.features, self.fragment)


# Where a candidate sits: each context has its own sure threshold in the model file
# (human texts end, quote and break lines differently in each).
# A paragraph end closed by punctuation ("_stop": a piece given a full stop of its own) and
# one with none are separate contexts: cuts mostly lack the full stop, human ends mostly have it.
CONTEXTS = ("end", "end_stop", "material", "material_stop", "prose", "prose_stop", "quote", "stray")
_MATERIAL_NEXT = ("next:titles", "next:field", "next:heading", "next:numbered")


def cut_context(kind: str, features: dict[str, float], fragment: bool) -> str:
    """The context of a candidate: ``quote``; ``stray`` (a whole short line cut at both ends);
    a paragraph's ``end`` of the text; an end before page ``material`` (titles, fields, a
    heading, a numbered list); or an end before more ``prose``; the last three with ``_stop``
    when the paragraph closes with punctuation.

    >>> cut_context("end", {"next:heading": 1.0, "term:alnum": 1.0}, False), cut_context("end", {}, True)
    ('material', 'stray')
    >>> cut_context("end", {"next:end": 1.0, "term:period": 1.0}, False)
    'end_stop'
    """
    if kind == "quote":
        return "quote"
    if fragment:
        return "stray"
    if features.get("next:end"):
        where = "end"
    elif any(features.get(k) for k in _MATERIAL_NEXT):
        where = "material"
    else:
        where = "prose"
    return where if features.get("term:alnum") else f"{where}_stop"


# A paragraph end of fewer words than this is a label, a link, a button or a sign-off ("View
# this ad", "Sincerely, Jason", "so easy"): never sure from the model alone. The training
# composer never cuts a paragraph that short, so the model has not seen one as a cut, and
# out of fold the strongest human candidates before page material were lines of that size.
_SURE_MIN_WORDS = 4


def furniture_end(point: CutPoint) -> bool:
    """A paragraph end that is page furniture, not prose: a short line (not a stand-alone
    fragment between paragraphs, which is judged on its own terms), a line carrying a web
    address (a shared link, a post: "see previous tweets ... http://..."), the last line of
    a letter or post before its sign-off ("Thanks and regards"), or a short link label after
    an excerpt that ends on an ellipsis ("... conditio... View this ad"), whatever it scores.

    >>> f = {"kind:end": 1.0, "n_words": math.log1p(3)}
    >>> furniture_end(CutPoint("end", 0, 12, "ad", 0.6, "", f))
    True
    >>> furniture_end(CutPoint("end", 0, 60, "of", 0.1, "", {**f, "n_words": math.log1p(12)}))
    False
    """
    if point.kind != "end":
        return False
    f = point.features
    if f.get("line_url") or f.get("next_signoff") or f.get("after_excerpt"):
        return True
    return not point.fragment and round(math.expm1(f.get("n_words", 99.0))) < _SURE_MIN_WORDS


def furniture_marks(line: str, sentence: str, next_line: str | None) -> dict[str, float]:
    """The page-furniture marks of a paragraph's last ``line`` ending in ``sentence``, with
    ``next_line`` after it (None at the end of the text): ``line_url`` (a web address on the
    line), ``next_signoff`` (a closing formula follows) and ``after_excerpt`` (a short link label
    after an excerpt that announces its cut with an ellipsis: "... View this ad", "... Read
    more"). The one definition :func:`furniture_end` and the fragments rules read.

    >>> furniture_marks("Rain is due over the hills at... Read more", "Read more", "Weather")
    {'after_excerpt': 1.0}
    """
    marks: dict[str, float] = {}
    if _URL.search(line):
        marks["line_url"] = 1.0
    if (next_line is not None and len(WORD.findall(next_line)) <= _SIGNOFF_MAX_WORDS
            and _SIGNOFF.match(next_line)):
        marks["next_signoff"] = 1.0
    # An excerpt that announces its own cut ("... good working conditio...") followed by a
    # short link label ("View this ad", "Read more"): a listing or a teaser, not a silent cut.
    if (len(WORD.findall(sentence)) < _SURE_MIN_WORDS
            and line[: len(line) - len(sentence)].rstrip().endswith(("...", "…"))):
        marks["after_excerpt"] = 1.0
    return marks


def _logit(p: float) -> float:
    p = min(max(p, 1e-4), 1 - 1e-4)
    return math.log(p / (1 - p))


def _pbin(p: float) -> str:
    for k, b in enumerate(_P_BINS):
        if p < b:
            return str(k)
    return str(len(_P_BINS))


def _end_char(line: str) -> str:
    c = line.rstrip()[-1:]
    if not c:
        return "none"
    if c.isalnum():
        return "alnum"
    return {",": "comma", ".": "period", "!": "excl", "?": "excl", ":": "colon", ";": "semicolon",
            '"': "quote", "”": "quote", "’": "quote", "'": "quote", "»": "quote", "“": "quote",
            ")": "paren", "]": "paren", "…": "ellipsis"}.get(c, "other")


def next_kind(nxt: Neighbour | None, material: int) -> str:
    """A coarse name for what follows a candidate."""
    if nxt is None:
        return "end"
    if material >= 2:
        return "titles"
    if any(c in nxt.text for c in _FIELD_CHARS) and not nxt.terminal:
        return "field"
    if nxt.first.isdigit():
        return "numbered"
    if material == 1 or (nxt.titleish and not nxt.terminal):
        return "heading"
    if nxt.first.islower():
        return "lower"
    if nxt.terminal or nxt.prose:
        return "prose"
    return "other"


CONTEXT = {"end": "at the end of the text", "titles": "before a list of titles or links",
           "field": "before page material (fields, a footer, share lines)",
           "numbered": "before a numbered list (references, steps)", "heading": "before a heading",
           "lower": "before a lower-case line", "prose": "and a new paragraph follows",
           "other": "before other page material"}


# English closed word classes (the cut model is English only): a sentence does not end on a
# determiner, preposition, conjunction or auxiliary, while a pronoun or a content word may.
# The stop-word list lumps them together; the class tells "of the" from "about it".
_WORD_CLASS = {
    **dict.fromkeys(("the", "a", "an", "this", "these", "those", "my", "your", "his", "its", "our",
                     "their", "some", "any", "each", "every", "no", "several", "many", "most",
                     "such", "both", "either", "neither", "another", "other"), "det"),
    **dict.fromkeys(("of", "in", "on", "at", "to", "for", "with", "from", "by", "about", "into", "over",
                     "under", "between", "through", "during", "after", "without", "within",
                     "among", "against", "toward", "towards", "upon", "across", "than", "as", "via",
                     "per", "onto", "amid", "despite", "including", "like", "beyond", "behind"), "prep"),
    **dict.fromkeys(("and", "or", "but", "nor", "because", "while", "although", "though", "if",
                     "when", "whereas", "since", "unless", "whether", "where", "which", "who", "whose",
                     "whom", "that"), "conj"),
    **dict.fromkeys(("is", "are", "was", "were", "be", "been", "being", "has", "have", "had", "will",
                     "would", "can", "could", "should", "may", "might", "must", "shall", "do", "does",
                     "did", "not", "also", "very", "more", "less"), "aux"),
    **dict.fromkeys(("it", "them", "him", "her", "me", "us", "you", "himself", "itself", "themselves",
                     "there", "here", "too", "now", "then", "again", "ago", "yet", "well", "so", "one",
                     "ones", "all", "out", "up", "down", "off", "away", "back", "together", "today",
                     "later", "soon", "before", "else", "instead", "overall", "anyway"), "closer"),
}
# Suffixes as a part-of-speech proxy for the last content word: an adjective or an -ing form at
# the end of an unpunctuated line is usually a cut ("... the most relevant"), a plural noun not.
# The first match counts: "-ment" (a noun) before "-ent" (an adjective).
_SUFFIXES = (("ly", "adv"), ("ing", "ing"), ("ed", "ed"), ("tion", "noun"), ("ment", "noun"),
             ("ness", "noun"), ("ity", "noun"), ("al", "adj"), ("ive", "adj"), ("ous", "adj"),
             ("ful", "adj"), ("ic", "adj"), ("able", "adj"), ("ible", "adj"), ("ent", "adj"),
             ("ant", "adj"), ("ary", "adj"), ("s", "plural"))


def word_class(word: str) -> str:
    """A coarse class of an English word: a closed class, or a suffix-based guess, or "other".

    >>> word_class("of"), word_class("it"), word_class("regional"), word_class("Markets")
    ('prep', 'closer', 'adj', 'plural')
    """
    w = word.lower()
    if w in _WORD_CLASS:
        return _WORD_CLASS[w]
    if w[:1].isdigit():
        return "number"
    if len(w) > 4:
        for suffix, name in _SUFFIXES:
            if w.endswith(suffix):
                return name
    return "other"


# How often a word is followed by another word in real text (log10 of the share of its
# occurrences that open one of the listed web bigrams; ``lexicons/wordfreq``): a word that ends
# sentences ("today", "again", "it") is followed by a full stop instead, so its share is low,
# while "of", "the" or "regional" almost always go on. A cut stops on a word that goes on.
_FOLLOW_BINS = (-2.0, -1.5, -1.0, -0.6, -0.3)
# log10 P(last | previous word) bins: a frequent pair ("market share") vs an unseen one.
_PAIR_BINS = (-3.0, -2.0, -1.2, -0.6)


@lru_cache(maxsize=1)
def follow_share() -> dict[str, float]:
    """``{word: log10 share of its occurrences followed by a listed word}`` from the web
    bigram and word tables (English), clipped at -3 (a word no listed pair opens)."""
    words, _ = zipf_table()
    pairs, _ = bigram_table()
    mass: dict[str, float] = {}
    for pair, z in pairs.items():
        w1 = pair.split(" ", 1)[0]
        mass[w1] = mass.get(w1, 0.0) + 10.0 ** z
    return {w: max(-3.0, min(0.0, math.log10(m) - words[w])) for w, m in mass.items() if w in words}


def _bin(x: float, edges: tuple[float, ...]) -> str:
    for k, b in enumerate(edges):
        if x < b:
            return str(k)
    return str(len(edges))


def follow_features(prefix: str, words: list[str], out: dict[str, float]) -> tuple[str, str]:
    """Add how often the last word goes on in real text (``fm``) and how usual the last pair is
    (``lp``) to ``out``; return their bins for crosses ("unk": a word outside the table)."""
    table, _ = zipf_table()
    last = words[-1].lower() if words else ""
    if last in table:
        fm = follow_share().get(last, -3.0)
        out[f"{prefix}fm"] = fm
        # The share is only as good as the table: a rarer word has fewer listed pairs.
        out[f"{prefix}zipf_bin:{min(7, int(table[last]))}"] = 1.0
        fb = _bin(fm, _FOLLOW_BINS)
    else:
        fb = "unk"
    out[f"{prefix}fm_bin:{fb}"] = 1.0
    pb = "none"
    if len(words) > 1:
        prev = words[-2].lower()
        z = bigram_table()[0].get(f"{prev} {last}")
        if prev in table and last in table:
            pb = "unseen" if z is None else _bin(z - table[prev], _PAIR_BINS)
    out[f"{prefix}lp_bin:{pb}"] = 1.0
    return fb, pb


def _len_bin(n: int) -> str:
    return "0" if n < 8 else "1" if n < 20 else "2" if n < 40 else "3"


def _word_feats(prefix: str, words: list[str], stop: frozenset[str], out: dict[str, float]) -> None:
    last = words[-1] if words else ""
    out[f"{prefix}wc:{word_class(last)}"] = 1.0
    out[f"{prefix}wc2:{word_class(words[-2]) if len(words) > 1 else 'none'}"] = 1.0
    out[f"{prefix}last_stop"] = float(last.lower() in stop)
    out[f"{prefix}last_cap"] = float(last[:1].isupper())
    out[f"{prefix}last_digit"] = float(last[:1].isdigit())
    out[f"{prefix}last_short"] = float(len(last) <= 3)
    out[f"{prefix}prev_stop"] = float(len(words) > 1 and words[-2].lower() in stop)
    first = words[0] if words else ""
    out[f"{prefix}first_stop"] = float(first.lower() in stop)
    out[f"{prefix}first_lower"] = float(first[:1].islower())


def end_features(*, pe: float, ps_line: float, ps_sent: float | None, line: str, sentence: str,
                 stop: frozenset[str], nxt: Neighbour | None, prev: Neighbour | None, material: int,
                 rel_len: float) -> dict[str, float]:
    """Features of a paragraph's end (see the module docstring)."""
    words = WORD.findall(sentence)
    line_words = WORD.findall(line)
    f: dict[str, float] = {"kind:end": 1.0}
    _word_feats("", words, stop, f)
    f["first_lower"] = float(line[:1].islower())
    ec = _end_char(line)
    f[f"term:{ec}"] = 1.0
    f["pe"] = _logit(pe)
    f[f"pe_bin:{_pbin(pe)}"] = 1.0
    f["ps_line"] = _logit(ps_line)
    f[f"ps_bin:{_pbin(ps_line)}"] = 1.0
    f["has_prev_sentence"] = float(ps_sent is not None)
    if ps_sent is not None:
        f["ps_sent"] = _logit(ps_sent)
    f["n_words"] = math.log1p(len(line_words))
    f["n_sentence_words"] = math.log1p(len(words))
    f["short_line"] = float(len(line_words) < 8)
    f["rel_len"] = min(rel_len, 3.0)
    nk = next_kind(nxt, material)
    f[f"next:{nk}"] = 1.0
    f["material"] = float(material)
    if nxt is not None:
        f["next_words"] = math.log1p(min(nxt.words, 99))
    pk = "none" if prev is None else "terminal" if prev.terminal else "title" if prev.titleish else "open"
    f[f"prev:{pk}"] = 1.0
    # Crosses: what follows matters differently for a likely and an unlikely end.
    f[f"x:pe{_pbin(pe)}:{nk}"] = 1.0
    f[f"x:term:{ec}:{nk}"] = 1.0
    f[f"x:stop{int(f['last_stop'])}:{nk}"] = 1.0
    f[f"x:prev:{pk}:{nk}"] = 1.0
    f[f"x:ps{_pbin(ps_line)}:pe{_pbin(pe)}"] = 1.0
    # Prose on both sides, or a line among other short lines (tweets, lists, captions).
    f[f"x:prev:{pk}:{nk}:lower{int(line[:1].islower())}"] = 1.0
    f[f"x:short{int(len(line_words) < 8)}:prev:{pk}:pe{_pbin(pe)}"] = 1.0
    f[f"x:sent{int(ps_sent is not None)}:pe{_pbin(pe)}:{nk}"] = 1.0
    # Read by CutModel.sure_at (never sure from the model); the shipped model learnt without them.
    f.update(furniture_marks(line, sentence, None if nxt is None else nxt.text))
    # A long paragraph with no closing punctuation before more prose or at the end is a cut;
    # a short one is a heading, a caption or a list item: length x ending x what follows.
    lb = _len_bin(len(line_words))
    f[f"x:len{lb}:term:{ec}:{nk}"] = 1.0
    wc = word_class(words[-1]) if words else "none"
    f[f"x:wc:{wc}:term:{ec}"] = 1.0
    f[f"x:wc:{wc}:len{lb}"] = 1.0
    # The last sentence against the line's others: a cut leaves a stub after long sentences.
    n_sent = max(1, len(_SENT_END.findall(line[: max(0, len(line) - len(sentence))])))
    others = max(1, len(line_words) - len(words)) / n_sent if len(line_words) > len(words) else 0.0
    f["sent_share"] = min(len(words) / others, 3.0) if others else 1.0
    f["line_sentences"] = math.log1p(n_sent if len(line_words) > len(words) else 0)
    # Does the last word go on in real text, and is the last pair a usual one; crossed with the
    # ending and what follows (a cut before more prose stops on a word that goes on).
    fb, pb = follow_features("", words, f)
    f[f"x:fm{fb}:{nk}"] = 1.0
    f[f"x:fm{fb}:term:{ec}"] = 1.0
    f[f"x:lp{pb}:{nk}"] = 1.0
    # The paragraph against its neighbours: a cut paragraph is shorter than the ones around it,
    # and the next one restarts with a capitalised sentence of its own.
    n_line = math.log1p(len(line_words))
    if nxt is not None:
        f["len_vs_next"] = max(-3.0, min(3.0, n_line - math.log1p(nxt.words)))
        f["next_cap_prose"] = float(nxt.first.isupper() and (nxt.terminal or nxt.prose))
    if prev is not None:
        f["len_vs_prev"] = max(-3.0, min(3.0, n_line - math.log1p(prev.words)))
    if nxt is not None and prev is not None:
        shorter = n_line < math.log1p(nxt.words) and n_line < math.log1p(prev.words)
        f[f"x:shorter{int(shorter)}:term:{ec}:{nk}"] = 1.0
    return f


def quote_features(*, pe: float, ps: float, content: str, words: list[str], stop: frozenset[str],
                   style: str, lead: str, after: str, continued: bool, para_end: bool,
                   speech: bool, title_like: bool, repeated: bool, heading: bool,
                   finished_before: bool) -> dict[str, float]:
    """Features of a quotation (see the module docstring)."""
    f: dict[str, float] = {"kind:quote": 1.0}
    _word_feats("q_", words, stop, f)
    terminal = content.rstrip().endswith((".", "!", "?"))
    f["q_terminal"] = float(terminal)
    f["q_comma"] = float(content.rstrip().endswith(","))
    f["q_pe"] = _logit(pe)
    f[f"q_pe_bin:{_pbin(pe)}"] = 1.0
    f["q_ps"] = _logit(ps)
    f[f"q_ps_bin:{_pbin(ps)}"] = 1.0
    f[f"q_style:{style}"] = 1.0
    f[f"q_lead:{lead}"] = 1.0
    f[f"q_after:{after}"] = 1.0
    f["q_continued"] = float(continued)
    f["q_para_end"] = float(para_end)
    f["q_speech"] = float(speech)
    f["q_title_like"] = float(title_like)
    f["q_repeated"] = float(repeated)
    f["q_heading"] = float(heading)
    f["q_finished_before"] = float(finished_before)
    f["q_n_words"] = math.log1p(len(words))
    f["q_few_words"] = float(len(words) < 5)
    f[f"qx:pe{_pbin(pe)}:ps{_pbin(ps)}"] = 1.0
    f[f"qx:pe{_pbin(pe)}:t{int(terminal)}:e{int(para_end)}"] = 1.0
    f[f"qx:lead:{lead}:ps{_pbin(ps)}"] = 1.0
    # A quotation closing a line with no finished sentence before it is a headline's shape.
    f[f"qx:fin{int(finished_before)}:end{int(para_end)}:{lead}"] = 1.0
    f[f"qx:fin{int(finished_before)}:pe{_pbin(pe)}"] = 1.0
    fb, pb = follow_features("q_", words, f)
    f[f"qx:fm{fb}:t{int(terminal)}:e{int(para_end)}"] = 1.0
    f[f"qx:lp{pb}:t{int(terminal)}"] = 1.0
    return f


class CutModel:
    """``p_cut`` of a :class:`CutPoint`: a logistic regression over named features, or small
    gradient-boosted trees stored as flat node arrays (no pickle).

    Trees: node ``k`` of the ensemble splits on ``feature[k]`` (``x <= threshold[k]`` goes
    to ``left[k]``, else ``right[k]``; node indices are global) or, as a leaf, adds
    ``value[k]``; ``roots`` are the first node of each tree. A feature the candidate
    does not carry is 0, as in training.
    """

    def __init__(self, names: list[str], weights: np.ndarray, bias: float, threshold: float,
                 name: str, trees: dict[str, np.ndarray] | None = None, weak: float | None = None,
                 per_context: dict[str, float] | None = None) -> None:
        self.weights = dict(zip(names, weights.astype(np.float64).tolist(), strict=True))
        self.bias = float(bias)
        self.threshold = float(threshold)
        # Below the threshold, a point at or above ``weak`` is weak evidence (shown only
        # next to a sure finding of the family).
        self.weak = float(threshold if weak is None else weak)
        self.name = name
        # Sure thresholds per context (chosen out of fold, human sources held out whole);
        # a context without one uses ``threshold``.
        self.per_context = dict(per_context or {})
        self.trees = None
        if trees is not None:
            self.column = {n: i for i, n in enumerate(names)}
            self.trees = (trees["roots"].tolist(), trees["feature"].tolist(), trees["split"].tolist(),
                          trees["left"].tolist(), trees["right"].tolist(), trees["leaf"].tolist(),
                          trees["value"].tolist())

    def sure_at(self, point: CutPoint) -> float:
        """The score from which ``point`` is a sure cut in its context; ``math.inf`` (never sure,
        weak evidence at most) for page furniture the model cannot tell from a cut (see
        :func:`furniture_end`)."""
        if furniture_end(point):
            return math.inf
        return self.per_context.get(point.where, self.threshold)

    def p_cut(self, features: dict[str, float]) -> float:
        """Probability that the candidate is a cut (features the model does not know count 0)."""
        if self.trees is None:
            w = self.weights
            z = self.bias + sum(w.get(k, 0.0) * v for k, v in features.items())
        else:
            col = self.column
            x = [0.0] * len(col)
            for k, v in features.items():
                i = col.get(k)
                if i is not None:
                    x[i] = v
            roots, feature, split, left, right, leaf, value = self.trees
            z = self.bias
            for node in roots:
                while not leaf[node]:
                    node = left[node] if x[feature[node]] <= split[node] else right[node]
                z += value[node]
        return 1.0 / (1.0 + math.exp(-max(min(z, 30.0), -30.0)))


@lru_cache(maxsize=1)
def load_cuts() -> CutModel | None:
    """The shipped cut-point model, loaded once per process.

    None when none is shipped, or (with a warning saying why) when the file is
    altered or unreadable: the fragments family then uses its rules only.
    """
    problems: list[str] = []
    for d in artifact_dirs("cuts"):
        model = load_cuts_from(d, problems)
        if model is not None:
            # The word tables its features read load with the model (once, when the Detector
            # builds its families), not on the first document.
            follow_share()
            return model
    if problems:
        warnings.warn(f"spamcheck: cut-point model not used ({'; '.join(problems)}); "
                      "fragments are judged by their rules only", stacklevel=2)
    return None


def load_cuts_from(d: Traversable | Path, problems: list[str] | None = None) -> CutModel | None:
    """Load ``d/card.json`` and ``cuts.npz`` if the sha256 matches; else None (reason in ``problems``).

    >>> load_cuts_from(Path("/nonexistent")) is None
    True
    """
    problems = problems if problems is not None else []
    got = read_npz_or_note(d, MODEL_FILE, problems)
    if got is None:
        return None
    card, z = got
    try:
        trees = ({k: z[k] for k in ("roots", "feature", "split", "left", "right", "leaf", "value")}
                 if "roots" in z else None)
        per_context = (dict(zip([str(c) for c in z["contexts"]], z["context_thresholds"].tolist(),
                                strict=True)) if "contexts" in z else None)
        return CutModel([str(n) for n in z["names"]], z["weights"], float(z["bias"]),
                        float(z["threshold"]), f"cuts sha256:{card['sha256'][:12]}", trees,
                        float(z["weak"]) if "weak" in z else None, per_context)
    except (ValueError, KeyError) as exc:
        problems.append(f"{d}: cannot load ({type(exc).__name__}: {exc})")
        return None
