"""Detector family ``ai_padding``: machine-made filler.

Evidence, cheapest first:

* LLM-typical vocabulary (Kobak et al. excess words, antislop, selected as the
  lexicon NOTICE says) and stock phrases (template transitions, hedges, clichés,
  chat-assistant formulas): ONE trie regex pass over the text, English only.
  One ordinary word proves nothing, so a word's flag strength is small and grows
  with the document's density of such words; the densities are the features.
* Keyword stuffing: one 2-4 word key phrase repeated far beyond natural density.
* Uniform sentence rhythm (low coefficient of variation of sentence lengths) and
  paragraph redundancy (paragraphs restating each other, the same opener again
  and again). These work in any language.
"""

from __future__ import annotations

import bisect
import math
from collections import Counter
from itertools import pairwise
from typing import ClassVar

from ..lexicons.loader import read_table, read_text
from ..lexicons.matcher import PhraseMatcher
from ..result import Flag
from ..text.document import Document
from ..text.languages import load_stopwords
from .base import Findings, check_thresholds

FAMILY = "ai_padding"

# Vocabulary: per-word strength = weight * VOCAB_BASE * density factor, where the
# factor is the document's weighted vocabulary density over VOCAB_DENSITY_REF
# (per 1000 words), clipped. A human text with a stray "crucial" stays near 0.02;
# a text soaked in "delve/intricate/multifaceted" reaches ~0.3 per word.
VOCAB_BASE = 0.12
VOCAB_DENSITY_REF = 12.0
VOCAB_FACTOR_MAX = 2.5
MAX_VOCAB_FLAGS = 100
VOCAB_MIN_WORDS = 300

# Keyword stuffing: at least this many occurrences AND this many per 1000 words,
# of a key phrase with two or more content words. Calibrated on the human
# development texts: short topical student essays repeat their topic ("online
# school", "electoral college") up to ~23 times in 400 words, so the count floor
# matters as much as the density; the seed repeats "Cuba and Iran" 47 times.
STUFF_MIN_COUNT = 25
STUFF_MIN_PER_1K = 8.0
MAX_STUFF_FLAGS = 20

# Rhythm and redundancy only mean something on longer texts.
RHYTHM_MIN_SENTENCES = 15
RHYTHM_FLAG_CV = 0.22
PARA_MIN_WORDS = 25
# Pairwise comparison is quadratic: look at the first PARA_MAX paragraphs, each
# against the PARA_WINDOW before it (restatements sit within a few screens).
PARA_MAX = 60
PARA_WINDOW = 30
PARA_FLAG_JACCARD = 0.6
OPENER_MIN_PARAS = 6
OPENER_FLAG_SHARE = 0.5


def _read_tsv(name: str) -> list[dict[str, str]]:
    return read_table("ai", name)


def _read_lines(name: str) -> list[str]:
    return [s.strip() for s in read_text("ai", name).splitlines() if s.strip()]


class AIPadding:
    """LLM filler: vocabulary, stock phrases, keyword stuffing, rhythm, redundancy.

    >>> det = AIPadding()
    >>> doc = Document("It is important to note that this report delves into the matter.")
    >>> doc.__dict__["language"] = "en"   # normally guessed by the Detector
    >>> sorted({f.type for f in det.detect(doc).flags})
    ['stock_phrase']
    """

    family: ClassVar[str] = FAMILY
    # Every type detect() emits (the gate checks --fail-on names against these).
    flag_types: ClassVar[tuple[str, ...]] = (
        "stock_phrase", "llm_vocabulary", "keyword_stuffing",
        "uniform_rhythm", "redundant_paragraph", "repeated_opener",
    )
    prose_only: ClassVar[bool] = True  # reads Document.prose(): main text only

    def __init__(
        self,
        *,
        vocab_min_words: int = VOCAB_MIN_WORDS,
        stuff_min_count: int = STUFF_MIN_COUNT,
        stuff_min_per_1k: float = STUFF_MIN_PER_1K,
        rhythm_min_sentences: int = RHYTHM_MIN_SENTENCES,
        rhythm_flag_cv: float = RHYTHM_FLAG_CV,
        para_min_words: int = PARA_MIN_WORDS,
        para_flag_jaccard: float = PARA_FLAG_JACCARD,
        opener_min_paras: int = OPENER_MIN_PARAS,
        opener_flag_share: float = OPENER_FLAG_SHARE,
    ) -> None:
        """Load the lexicons; the thresholds are explained where their defaults are defined.

        Parameters
        ----------
        vocab_min_words
            Shorter texts count as this long when the density of LLM vocabulary is taken.
        stuff_min_count, stuff_min_per_1k
            A key phrase is stuffing from this many occurrences AND this many per 1000 words.
        rhythm_min_sentences, rhythm_flag_cv
            Uniform rhythm: at least this many sentences, length CV below this.
        para_min_words, para_flag_jaccard
            Paragraphs compared for redundancy, and the word overlap that flags a restatement.
        opener_min_paras, opener_flag_share
            Repeated opener: at least this many paragraphs, this share opening alike.

        Notes
        -----
        The shipped model learned from the features these defaults produce (the densities,
        ``para_redundant_frac``): other values change what is flagged and, slightly, what the
        model sees, so its calibration is only vouched for at the defaults.
        """
        check_thresholds(
            "AIPadding",
            integers={"vocab_min_words": vocab_min_words, "stuff_min_count": stuff_min_count,
                      "rhythm_min_sentences": rhythm_min_sentences, "para_min_words": para_min_words,
                      "opener_min_paras": opener_min_paras},
            numbers={"stuff_min_per_1k": stuff_min_per_1k, "rhythm_flag_cv": rhythm_flag_cv,
                     "para_flag_jaccard": para_flag_jaccard, "opener_flag_share": opener_flag_share},
        )
        self.vocab_min_words = vocab_min_words
        self.stuff_min_count = stuff_min_count
        self.stuff_min_per_1k = float(stuff_min_per_1k)
        self.rhythm_min_sentences = rhythm_min_sentences
        self.rhythm_flag_cv = float(rhythm_flag_cv)
        self.para_min_words = para_min_words
        self.para_flag_jaccard = float(para_flag_jaccard)
        self.opener_min_paras = opener_min_paras
        self.opener_flag_share = float(opener_flag_share)
        self.vocab: dict[str, float] = {r["word"]: float(r["weight"]) for r in _read_tsv("vocabulary.tsv")}
        # phrase -> (weight, kind); curated list first so its weights win.
        self.phrases: dict[str, tuple[float, str]] = {}
        for r in _read_tsv("stock_phrases.tsv"):
            self.phrases.setdefault(r["phrase"].lower(), (float(r["weight"]), r["kind"]))
        for r in _read_tsv("antislop_phrases.tsv"):
            self.phrases.setdefault(r["phrase"].lower(), (float(r["weight"]) * 0.6, "cliche"))
        for p in _read_lines("hc3_chatgpt.txt"):
            # Generic openers ("There are many") are weak; assistant formulas strong.
            generic = p.lower().startswith(("there are", "here are", "it is generally", "including"))
            self.phrases.setdefault(p.lower().replace("’", "'"), (0.1 if generic else 0.4, "chatbot"))
        self.matcher = PhraseMatcher([*self.vocab, *self.phrases])
        self.stopwords = load_stopwords()

    def detect(self, doc: Document) -> Findings:
        words = doc.lower_words
        n = len(words)
        feats: dict[str, float] = {}
        flags: list[Flag] = []
        per_1k = 1000.0 / max(n, 1)
        english = doc.language == "en"
        if english:
            self._lexicon(doc, n, per_1k, flags, feats)
        stop = self.stopwords.get(doc.language, self.stopwords["en"])
        self._stuffing(doc, stop, per_1k, flags, feats)
        self._rhythm(doc, flags, feats)
        self._paragraphs(doc, stop, flags, feats)
        coverage = "full" if english else (
            f"partial: English vocabulary and stock phrases skipped (language={doc.language})")
        return Findings(flags=flags, features=feats, coverage=coverage)

    # -- lexicons (English) -------------------------------------------------
    def _lexicon(self, doc: Document, n: int, per_1k: float, flags: list[Flag],
                 feats: dict[str, float]) -> None:
        vocab_hits: list[tuple[int, int, str, float]] = []
        kinds: Counter[str] = Counter()
        text = doc.text
        for s, e, key in self.matcher.finditer(text):
            ph = self.phrases.get(key)
            if ph is not None:
                weight, kind = ph
                kinds[kind] += 1
                if weight > 0:
                    flags.append(doc.flag(FAMILY, "stock_phrase", s, e,
                                          f"stock phrase ({kind}): '{key}'", weight))
            else:
                vocab_hits.append((s, e, key, self.vocab.get(key, 0.2)))
        weighted = sum(h[3] for h in vocab_hits) * per_1k
        # Short texts: one word in 30 is not a density; count them as vocab_min_words long.
        shrunk = sum(h[3] for h in vocab_hits) * 1000.0 / max(n, self.vocab_min_words)
        factor = min(VOCAB_FACTOR_MAX, shrunk / VOCAB_DENSITY_REF)
        for s, e, key, w in vocab_hits[:MAX_VOCAB_FLAGS]:
            flags.append(doc.flag(FAMILY, "llm_vocabulary", s, e,
                                  f"LLM-typical word '{key}' (weight {w:.2f}; document density "
                                  f"{weighted:.1f}/1000 words)", w * VOCAB_BASE * factor))
        feats[f"{FAMILY}.vocab_per_1k"] = len(vocab_hits) * per_1k
        feats[f"{FAMILY}.vocab_weighted_per_1k"] = weighted
        feats[f"{FAMILY}.vocab_distinct"] = float(len({h[2] for h in vocab_hits}))
        stock = sum(kinds.values())
        feats[f"{FAMILY}.stock_per_1k"] = stock * per_1k
        for kind in ("transition", "hedge", "cliche", "chatbot"):
            feats[f"{FAMILY}.{kind}_per_1k"] = kinds[kind] * per_1k

    # -- keyword stuffing -----------------------------------------------------
    def _stuffing(self, doc: Document, stop: frozenset[str], per_1k: float, flags: list[Flag],
                  feats: dict[str, float]) -> None:
        words = doc.lower_words
        feats[f"{FAMILY}.top_ngram_count"] = 0.0
        feats[f"{FAMILY}.top_ngram_per_1k"] = 0.0
        if len(words) < 2 * self.stuff_min_count:
            return
        counts = Counter(pairwise(words))
        top, best = None, 0
        for bg, c in counts.most_common(40):
            # Key phrases carry content: skip all-stop-word and numeric pairs.
            if c <= best or all(w in stop or w.isdigit() for w in bg):
                continue
            top, best = bg, c
            break
        if top is None:
            return
        pos = _bigram_positions(words, top)
        gram = list(top)
        # Grow the key phrase while one neighbour word accompanies >= 80 % of occurrences.
        while len(gram) < 4:
            right = Counter(words[i + len(gram)] for i in pos if i + len(gram) < len(words))
            left = Counter(words[i - 1] for i in pos if i > 0)
            (rw, rc), = right.most_common(1) or [("", 0)]
            (lw, lc), = left.most_common(1) or [("", 0)]
            if max(rc, lc) < 0.8 * len(pos):
                break
            if rc >= lc:
                pos = [i for i in pos if i + len(gram) < len(words) and words[i + len(gram)] == rw]
                gram.append(rw)
            else:
                pos = [i - 1 for i in pos if i > 0 and words[i - 1] == lw]
                gram.insert(0, lw)
        # Trailing/leading stop words are glue, not part of the key ("cuba and iran the").
        while len(gram) > 2 and gram[-1] in stop:
            gram.pop()
        while len(gram) > 2 and gram[0] in stop:
            gram.pop(0)
            pos = [i + 1 for i in pos]
        count = len(pos)
        density = count * per_1k
        feats[f"{FAMILY}.top_ngram_count"] = float(count)
        feats[f"{FAMILY}.top_ngram_per_1k"] = density
        content = sum(1 for w in gram if w not in stop and not w.isdigit())
        if count < self.stuff_min_count or density < self.stuff_min_per_1k or content < 2:
            return
        key = " ".join(gram)
        strength = min(0.95, 0.45 + 0.05 * (density - self.stuff_min_per_1k)
                       + 0.01 * (count - self.stuff_min_count))
        spans = doc.word_spans
        shown = min(count, MAX_STUFF_FLAGS)
        for i in pos[:shown]:
            s, e = spans[i][0], spans[i + len(gram) - 1][1]
            flags.append(doc.flag(FAMILY, "keyword_stuffing", s, e,
                                  f"key phrase '{key}' repeated {count} times ({density:.1f} per 1000 "
                                  f"words); first {shown} occurrences flagged", strength))

    # -- rhythm -----------------------------------------------------------------
    def _rhythm(self, doc: Document, flags: list[Flag], feats: dict[str, float]) -> None:
        starts = doc.word_starts
        lens = [bisect.bisect_left(starts, e) - bisect.bisect_left(starts, s) for s, e in doc.sentences]
        lens = [x for x in lens if x > 0]
        mean = sum(lens) / len(lens) if lens else 0.0
        cv = 0.0
        if len(lens) >= 2 and mean > 0:
            cv = math.sqrt(sum((x - mean) ** 2 for x in lens) / (len(lens) - 1)) / mean
        feats[f"{FAMILY}.sent_len_mean"] = mean
        feats[f"{FAMILY}.sent_len_cv"] = cv
        feats[f"{FAMILY}.n_sentences"] = float(len(lens))
        if len(lens) >= self.rhythm_min_sentences and mean >= 8 and cv < self.rhythm_flag_cv:
            s, e = doc.sentences[0][0], doc.sentences[-1][1]
            flags.append(doc.flag(FAMILY, "uniform_rhythm", s, e,
                                  f"{len(lens)} sentences of near-equal length (mean {mean:.1f} words, "
                                  f"CV {cv:.2f}; human prose is usually above 0.4)",
                                  0.3 + (self.rhythm_flag_cv - cv)))

    # -- paragraphs -------------------------------------------------------------
    def _paragraphs(self, doc: Document, stop: frozenset[str], flags: list[Flag],
                    feats: dict[str, float]) -> None:
        starts = doc.word_starts
        words = doc.lower_words
        long_paras: list[tuple[int, int, int, int]] = []  # (start, end, first word, end word)
        for ps, pe in doc.paragraphs:
            i, j = bisect.bisect_left(starts, ps), bisect.bisect_left(starts, pe)
            if j - i >= self.para_min_words:
                long_paras.append((ps, pe, i, j))
                if len(long_paras) >= PARA_MAX:
                    break
        # Content words are decided once per distinct word of the document, so each
        # paragraph's set is one C-level intersection instead of a per-word test;
        # a lone paragraph has nothing to be compared with and needs no set.
        vocab: set[str] = set()
        if len(long_paras) > 1:
            vocab = {w for w in set(words) - stop if len(w) > 2 and not w.isdigit()}
        paras = [(ps, pe, frozenset(words[i:j]) & vocab, tuple(words[i:i + 2]))
                 for ps, pe, i, j in long_paras]
        max_sims = []
        for k, (ps, pe, a, _) in enumerate(paras):
            best, best_j = 0.0, -1
            la = len(a)
            for j in range(max(0, k - PARA_WINDOW), k):
                b = paras[j][2]
                if a and b:
                    inter = len(a & b)
                    sim = inter / (la + len(b) - inter)
                    if sim > best:
                        best, best_j = sim, j
            if k:
                max_sims.append(best)
            if best >= self.para_flag_jaccard:
                flags.append(doc.flag(FAMILY, "redundant_paragraph", ps, pe,
                                      f"restates paragraph {best_j + 1} (word overlap {best:.2f})",
                                      0.2 + 0.5 * (best - self.para_flag_jaccard)))
        feats[f"{FAMILY}.para_redundancy"] = sum(max_sims) / len(max_sims) if max_sims else 0.0
        feats[f"{FAMILY}.para_redundant_frac"] = (
            sum(1 for x in max_sims if x >= self.para_flag_jaccard) / len(max_sims) if max_sims else 0.0)
        # Same opening word again and again ("Furthermore, ...", "Additionally, ...").
        # Stop-word openers ("The", "In") are how prose starts; skip them.
        openers = Counter(p[3][0] for p in paras if p[3] and p[3][0] not in stop)
        share = 0.0
        if len(paras) >= self.opener_min_paras and openers:
            word, c = openers.most_common(1)[0]
            share = c / len(paras)
            if share >= self.opener_flag_share and c >= 4:
                for ps, _pe, _, op in paras:
                    if op and op[0] == word:
                        flags.append(doc.flag(FAMILY, "repeated_opener", ps, ps + len(word),
                                              f"{c} of {len(paras)} paragraphs open with '{word}'", 0.25))
        feats[f"{FAMILY}.opener_share"] = share


def _bigram_positions(words: list[str], bigram: tuple[str, str]) -> list[int]:
    """Start indexes of ``bigram`` in ``words`` (list.index scans in C).

    >>> _bigram_positions("a b a b c a".split(), ("a", "b"))
    [0, 2]
    """
    a, b = bigram
    out = []
    i = -1
    last = len(words) - 1
    while True:
        try:
            i = words.index(a, i + 1, last)
        except ValueError:
            return out
        if words[i + 1] == b:
            out.append(i)
