"""Sentence completeness: can a span of prose END (or START) where it does?

Two logistic regressions over hashed features of a span's last (first) one to
three words: the lower-cased words, their shapes (``Xx``, ``x``, ``X``, ``d``),
whether they are stop words of the text's language, and the punctuation around
them. They were trained self-supervised (``training/train_completeness.py``):
whole sentences of real human and machine text are positives, the same
sentences cut at a random word boundary are negatives. ``p_end`` near 0 means
"this stops mid-sentence" (a span ending on "of the", "and", "wie"), near 1
"a sentence may end here".

Weights ship as a plain ``.npz`` array file (no pickle) in
``models/completeness`` with ``card.json``; the file is used only when its
sha256 matches the card, like the other shipped models.

>>> m = load_completeness()
>>> m is None or m.p_end("a new kind of", "en") < 0.5
True
"""

from __future__ import annotations

import math
import re
import warnings
import zlib
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from ..artifacts import artifact_dirs, read_npz_or_note
from .languages import load_stopwords

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

# Words, numbers with separators, and the punctuation between them.
_TOKEN = re.compile(r"\w+(?:['’.,-]\w+)*|[^\w\s]")
# What a finished sentence may carry after its last word (stripped before judging).
_END_STRIP = " \t\n.!?…\"'”’»)]*"
_START_STRIP = " \t\n\"'“‘„«(¿¡[*-–—•"
N_BITS = 17
DIM = 1 << N_BITS
_MASK = DIM - 1


def _shape(w: str) -> str:
    if w[:1].isdigit():
        return "d"
    if not w[:1].isalpha():
        return "o"
    if w.isupper():
        return "X" if len(w) > 1 else "Xx"
    return "Xx" if w[:1].isupper() else "x"


def _words(tokens: list[str]) -> list[tuple[str, str]]:
    """(word, punctuation just before it) pairs."""
    out: list[tuple[str, str]] = []
    punct = ""
    for t in tokens:
        if t[0].isalnum() or t[0] == "_":
            out.append((t, punct))
            punct = ""
        else:
            punct += t
    return out


def end_features(span: str, stop: frozenset[str]) -> list[str]:
    """Feature names of where ``span`` ends (terminal punctuation and closing marks stripped).

    >>> end_features("in the middle of", frozenset({"of", "the", "in"}))[:3]
    ['w1:of', 'w2:middle', 'w21:middle of']
    """
    core = span.rstrip(_END_STRIP)
    trail = ""
    while core and core[-1] in ",;:-–—(/&+":
        trail = core[-1] + trail
        core = core[:-1].rstrip(_END_STRIP)
    pairs = _words(_TOKEN.findall(core[-120:]))
    if not pairs:
        return ["empty"]
    w1, p1 = pairs[-1]
    w2 = pairs[-2][0] if len(pairs) > 1 else "<s>"
    w3 = pairs[-3][0] if len(pairs) > 2 else "<s>"
    l1, l2, l3 = w1.lower(), w2.lower(), w3.lower()
    s1, s2 = ("S" if l1 in stop else "c"), ("S" if l2 in stop else "c")
    sh1, sh2 = _shape(w1), _shape(w2) if w2 != "<s>" else "<s>"
    return [
        f"w1:{l1}", f"w2:{l2}", f"w21:{l2} {l1}", f"w3:{l3}",
        f"sh1:{sh1}", f"sh21:{sh2}{sh1}", f"st1:{s1}", f"st21:{s2}{s1}", f"st21sh:{s2}{s1}{sh1}",
        f"p1:{p1[-2:]}", f"p1w:{p1[-2:]} {l1}", f"tr:{trail[:2]}", f"len1:{min(len(w1), 12)}{s1}",
        f"w1s2:{s2} {l1}",
    ]


def start_features(span: str, stop: frozenset[str]) -> list[str]:
    """Feature names of where ``span`` starts (opening quotes and brackets stripped).

    >>> start_features("and then it rained", frozenset({"and", "then", "it"}))[:3]
    ['f1:and', 'f2:then', 'f12:and then']
    """
    core = span.lstrip(_START_STRIP)
    pairs = _words(_TOKEN.findall(core[:120]))
    if not pairs:
        return ["empty"]
    f1 = pairs[0][0]
    f2, p2 = pairs[1] if len(pairs) > 1 else ("</s>", "")
    f3 = pairs[2][0] if len(pairs) > 2 else "</s>"
    l1, l2, l3 = f1.lower(), f2.lower(), f3.lower()
    s1, s2 = ("S" if l1 in stop else "c"), ("S" if l2 in stop else "c")
    sh1, sh2 = _shape(f1), _shape(f2) if f2 != "</s>" else "</s>"
    return [
        f"f1:{l1}", f"f2:{l2}", f"f12:{l1} {l2}", f"f3:{l3}",
        f"fsh1:{sh1}", f"fsh12:{sh1}{sh2}", f"fst1:{s1}", f"fst12:{s1}{s2}", f"fst1sh:{s1}{sh1}",
        f"fp2:{p2[:2]}", f"fw1sh:{l1} {sh1}", f"flen1:{min(len(f1), 12)}{s1}",
        f"f1s2:{l1} {s2}",
    ]


def hash_features(names: Sequence[str]) -> list[int]:
    """Stable (process-independent) hashed column of each feature name."""
    return [zlib.crc32(n.encode("utf-8")) & _MASK for n in names]


class CompletenessModel:
    """``p_end`` and ``p_start`` of a span; built by :func:`load_completeness`."""

    def __init__(
        self, w_end: np.ndarray, b_end: float, w_start: np.ndarray, b_start: float, name: str
    ) -> None:
        # Python lists: a dozen look-ups per span are faster than a numpy fancy index.
        self._we: list[float] = w_end.astype(np.float64).tolist()
        self._ws: list[float] = w_start.astype(np.float64).tolist()
        self._be, self._bs = float(b_end), float(b_start)
        self.name = name
        self._stop = load_stopwords()
        self._all_stop = frozenset().union(*self._stop.values())

    def stop_words(self, lang: str) -> frozenset[str]:
        # Unknown language: any list's stop words (a function word in some
        # language is the safer reading than a content word).
        return self._stop.get(lang, self._all_stop)

    def p_end(self, span: str, lang: str = "unknown") -> float:
        """Probability that a sentence may end where ``span`` ends."""
        we = self._we
        cols = hash_features(end_features(span, self.stop_words(lang)))
        return _sigmoid(self._be + sum(we[i] for i in cols))

    def p_start(self, span: str, lang: str = "unknown") -> float:
        """Probability that a sentence may start where ``span`` starts."""
        ws = self._ws
        cols = hash_features(start_features(span, self.stop_words(lang)))
        return _sigmoid(self._bs + sum(ws[i] for i in cols))


def _sigmoid(z: float) -> float:
    if z < -30:
        return 0.0
    return 1.0 / (1.0 + math.exp(-z))


MODEL_FILE = "completeness.npz"


@lru_cache(maxsize=1)
def load_completeness() -> CompletenessModel | None:
    """The shipped completeness model, loaded once per process.

    None when none is shipped, or (with a warning saying why) when the one found
    is altered or of another format: the fragments family then judges by its
    structural rules only, and says so rather than silently flagging less.
    """
    problems: list[str] = []
    for d in artifact_dirs("completeness"):
        model = load_completeness_from(d, problems)
        if model is not None:
            return model
    if problems:
        warnings.warn(
            f"spamcheck: completeness model not used ({'; '.join(problems)}); "
            "fragments are judged by the structural rules only",
            stacklevel=2,
        )
    return None


def load_completeness_from(
    d: Traversable | Path, problems: list[str] | None = None
) -> CompletenessModel | None:
    """Load ``d/card.json`` and its weights if the sha256 matches the card.

    Otherwise None, with the reason appended to ``problems``.

    The file is a numpy array archive read with ``allow_pickle=False``; the
    sha256 check still applies so that a changed file cannot silently change
    what the detector flags.

    >>> load_completeness_from(Path("/nonexistent")) is None
    True
    """
    problems = problems if problems is not None else []
    got = read_npz_or_note(d, MODEL_FILE, problems)
    if got is None:
        return None
    card, z = got
    try:
        if int(z["n_bits"]) != N_BITS:
            problems.append(f"{d}: trained with {int(z['n_bits'])} hash bits, this code uses {N_BITS}")
            return None
        return CompletenessModel(z["w_end"], float(z["b_end"]), z["w_start"], float(z["b_start"]),
                                 f"completeness sha256:{card['sha256'][:12]}")
    except (ValueError, KeyError) as exc:
        problems.append(f"{d}: cannot load ({type(exc).__name__}: {exc})")
        return None
