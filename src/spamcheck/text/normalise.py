"""Normalisation against evasion, with an offset map back to the original text.

Detectors run on the normalised text; every span they report is mapped back so
that flags always point at the ORIGINAL text. Three evasions are undone:

* Unicode compatibility forms (NFKC: full-width letters, ligatures, ...),
* invisible characters (zero-width, bidi controls, soft hyphen, BOM),
* homoglyphs: Cyrillic/Greek look-alikes inside otherwise Latin words.

``\\r\\n`` and lone ``\\r`` become ``\\n`` so that line logic is uniform.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass, field

_INVISIBLE = frozenset(
    "\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b\u200c\u200d\u200e\u200f"
    "\u202a\u202b\u202c\u202d\u202e\u2060\u2061\u2062\u2063\u2064\u2066\u2067\u2068"
    "\u2069\ufeff"
)
# Look-alikes that spammers swap into Latin words to dodge word lists.
HOMOGLYPHS: dict[str, str] = {
    "а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "у": "y", "х": "x", "і": "i",
    "ј": "j", "ѕ": "s", "ԁ": "d", "ԛ": "q", "ԝ": "w", "һ": "h", "ӏ": "l",
    "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P",
    "С": "C", "Т": "T", "Х": "X", "У": "Y", "І": "I", "Ј": "J", "Ѕ": "S",
    "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M",
    "Ν": "N", "Ο": "O", "Ρ": "P", "Τ": "T", "Χ": "X", "Υ": "Y", "ο": "o", "ν": "v",
}
_NON_ASCII_OR_CR = re.compile(r"[^\x00-\x0c\x0e-\x7f]")
# A letter run may hold invisible characters: "о\u200brld" is one word to a reader,
# and splitting it there would leave the Cyrillic "о" unswapped.
_LETTER_RUN = re.compile(r"(?:[^\W\d_]|[" + "".join(sorted(_INVISIBLE)) + r"])+")
_HOMOGLYPH_CHAR = re.compile("[" + "".join(sorted(HOMOGLYPHS)) + "]")


@dataclass(slots=True)
class OffsetMap:
    """Piecewise map from normalised offsets to original offsets.

    Each piece starts at ``norm[i]`` / ``orig[i]``; a *copy* piece keeps lengths
    (offset delta constant), a *replacement* piece maps ``orig_len[i]`` original
    characters onto ``norm_len[i]`` normalised ones (possibly zero).
    """

    norm: list[int] = field(default_factory=list)
    orig: list[int] = field(default_factory=list)
    norm_len: list[int] = field(default_factory=list)
    orig_len: list[int] = field(default_factory=list)
    copy: list[bool] = field(default_factory=list)

    def add(self, norm: int, orig: int, norm_len: int, orig_len: int, copy: bool) -> None:
        self.norm.append(norm)
        self.orig.append(orig)
        self.norm_len.append(norm_len)
        self.orig_len.append(orig_len)
        self.copy.append(copy)

    def to_original(self, pos: int, *, is_end: bool) -> int:
        if not self.norm:
            return pos
        # A start belongs to the piece that begins at or before it; an end to the
        # piece that holds the character just before it.
        i = bisect.bisect_left(self.norm, pos) - 1 if is_end else bisect.bisect_right(self.norm, pos) - 1
        i = max(i, 0)
        off = pos - self.norm[i]
        if self.copy[i]:
            return self.orig[i] + min(off, self.orig_len[i])
        if off > 0 and (is_end or off >= self.norm_len[i]):
            return self.orig[i] + self.orig_len[i]
        return self.orig[i]

    def to_normalised(self, pos: int) -> int:
        """Inverse direction, for spans produced on the original text (HTML blocks)."""
        if not self.norm:
            return pos
        i = max(bisect.bisect_right(self.orig, pos) - 1, 0)
        off = pos - self.orig[i]
        if self.copy[i]:
            return self.norm[i] + min(off, self.norm_len[i])
        return self.norm[i] + (self.norm_len[i] if off > 0 else 0)


def normalise(text: str) -> tuple[str, OffsetMap | None, int]:
    """Return ``(normalised_text, offset_map_or_None, homoglyphs_replaced)``.

    ``None`` means the identity map (pure ASCII without carriage returns: the
    common case, kept free).

    >>> normalise("pаypal")[0]   # Cyrillic 'а'
    'paypal'
    """
    if _NON_ASCII_OR_CR.search(text) is None:
        return text, None, 0
    swap = _homoglyph_positions(text)
    out: list[str] = []
    omap = OffsetMap()
    n_out = 0
    last = 0
    for m in _NON_ASCII_OR_CR.finditer(text):
        i = m.start()
        if i > last:
            out.append(text[last:i])
            omap.add(n_out, last, i - last, i - last, True)
            n_out += i - last
        c = text[i]
        if c == "\r":
            rep = "" if text[i + 1 : i + 2] == "\n" else "\n"
        elif c in _INVISIBLE:
            rep = ""
        elif i in swap:
            rep = HOMOGLYPHS[c]
        else:
            rep = unicodedata.normalize("NFKC", c)
            if any(ch in _INVISIBLE for ch in rep):
                rep = "".join(ch for ch in rep if ch not in _INVISIBLE)
        if rep == c:
            omap.add(n_out, i, 1, 1, True)
        else:
            omap.add(n_out, i, len(rep), 1, False)
        out.append(rep)
        n_out += len(rep)
        last = i + 1
    if last < len(text):
        out.append(text[last:])
        omap.add(n_out, last, len(text) - last, len(text) - last, True)
    return "".join(out), omap, len(swap)


def _homoglyph_positions(text: str) -> set[int]:
    """Positions of look-alikes in letter runs that also hold ASCII Latin letters.

    Pure Cyrillic or Greek words are real words and stay untouched.
    """
    found: set[int] = set()
    if _HOMOGLYPH_CHAR.search(text) is None:
        return found
    for m in _LETTER_RUN.finditer(text):
        word = m.group()
        if word.isascii():
            continue
        # Full-width Latin (NFKC makes it ASCII) counts as Latin too.
        has_latin = any("a" <= ch.lower() <= "z" or "ａ" <= ch.lower() <= "ｚ" for ch in word)
        if not has_latin:
            continue
        # A Cyrillic/Greek letter with no Latin twin ("к", "и", "л") means a real
        # non-Latin word with a stray Latin letter ("Pусский"), not a disguised one.
        if any(0x370 <= ord(ch) <= 0x52F and ch.isalpha() and ch not in HOMOGLYPHS for ch in word):
            continue
        base = m.start()
        for j, ch in enumerate(word):
            if ch in HOMOGLYPHS:
                found.add(base + j)
    return found
