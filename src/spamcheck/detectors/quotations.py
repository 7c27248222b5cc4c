"""Quotations of a text: where they open and close, in every quoting style the fragments family
reads (straight, curly, guillemets, „…“, single quotes), how often each recurs, and the shapes
around them (a title's capitals, a sentence going on after the closing mark). Moved out of
:mod:`spamcheck.detectors.fragments` unchanged, so that module holds the rules only.
"""

from __future__ import annotations

import re

from ..text.document import Document

# Quotations on one line: “...”, „...“ and «...» (straight quotes: see quotations).
_CURLY = re.compile(r"“([^”\n]{1,400})”|„([^“”\n]{1,400})[“”]|«\s?([^»\n]{1,400}?)\s?»|»([^«»\n]{1,400})«"
                    r"|‹\s?([^›\n]{1,400}?)\s?›|‚([^‘’\n]{1,400})[‘’](?!\w)"
                    r"|(?<!\w)‘((?:[^‘’\n]|(?<=\w)’(?=\w)){1,400})’(?!\w)"
                    r"|(?<![\w'])'((?:[^'\n]|(?<=\w)'(?=\w)){3,400}?[^\s'])'(?![\w'])")
_LINE = re.compile(r"[^\n]+")
_CONTINUES = re.compile(r"[ \t]+[a-z]")


def title_like(words: list[str], content: str = "") -> bool:
    """Most longer words capitalised, or a title with a subtitle: a work, a law, an event."""
    if " - " in content or " – " in content or ": " in content:
        return True
    long = [w for w in words if len(w) > 3]
    return bool(long) and sum(w[0].isupper() for w in long) / len(long) >= 0.75 and words[0][0].isupper()


def doc_quotations(doc: Document) -> list[tuple[int, int, str]]:
    """:func:`quotations` of ``doc.text``, found once per document: the quotation rules and
    the cut points both read them (cached on the document, as :func:`code_spans` is)."""
    cached = doc.__dict__.get("_quotations")
    if cached is None:
        cached = doc.__dict__["_quotations"] = quotations(doc.text)
    return cached


def quotations(text: str) -> list[tuple[int, int, str]]:
    """(start, end, content) of quotations whose opening and closing marks are sure.

    Curly and guillemet quotes pair by shape. Straight quotes pair only on lines
    where every mark reads as an opener (after space or bracket, before a
    non-space) or closer in turn; a line with stray marks is left alone rather
    than paired wrongly.
    """
    out = [(m.start(), m.end(), next(g for g in m.groups() if g is not None))
           for m in _CURLY.finditer(text)]
    if '"' in text:
        for lm in _LINE.finditer(text):
            line = lm.group(0)
            if '"' not in line:
                continue
            pos = [i for i, c in enumerate(line) if c == '"']
            if len(pos) % 2:
                continue
            base = lm.start()
            pairs = list(zip(pos[::2], pos[1::2], strict=True))
            if all(_opens(line, a) and _closes(line, b) for a, b in pairs):
                out.extend((base + a, base + b + 1, line[a + 1 : b]) for a, b in pairs)
    out.sort()
    return out


def _opens(line: str, i: int) -> bool:
    before = line[i - 1] if i else " "
    after = line[i + 1] if i + 1 < len(line) else " "
    return (before.isspace() or before in "([{—–-/:") and not after.isspace()


def _closes(line: str, i: int) -> bool:
    before = line[i - 1] if i else " "
    after = line[i + 1] if i + 1 < len(line) else " "
    return not before.isspace() and (after.isspace() or after in ".,;:!?)]}—–-/")


def continues(text: str, pos: int) -> bool:
    """The sentence goes straight on after the closing mark with a lower-case word."""
    return _CONTINUES.match(text, pos) is not None


def widen_quotes(text: str, s: int, e: int) -> tuple[int, int]:
    if s > 0 and e < len(text) and text[s - 1] in "\"“„«" and text[e] in "\"”“»":
        return s - 1, e + 1
    return s, e


def quote_counts(quotes: list[tuple[int, int, str]]) -> dict[str, int]:
    """How often each quotation's words occur as a quotation (case and spacing ignored)."""
    seen: dict[str, int] = {}
    for _qs, _qe, c in quotes:
        key = " ".join(c.lower().split())
        seen[key] = seen.get(key, 0) + 1
    return seen
