"""Where a document shows code: spans no prose detector should judge.

Documentation, tutorials and forum answers quote code, configuration and
templates for the reader: a TOML section ``[target.x86_64-pc-windows-gnu]``, a CI
expression ``${{ matrix.toolchain }}``, ``git clone <your repo>``, or a formatter's
test input made of "lorem ipsum". Those are the page's subject, not a template
slot a generator forgot to fill. Two sources of evidence:

* HTML: blocks the extractor tagged ``pre`` or ``code`` (block-level code);
* any text: a line that reads as code or configuration (:func:`looks_like_code`),
  and fenced Markdown blocks (``` or ~~~).

>>> from spamcheck.text.document import Document
>>> d = Document("Add this to Cargo.toml:\\n\\n[target.arm-unknown-linux-gnueabi]\\nlinker = \\"arm-gcc\\"")
>>> [d.text[s:e] for s, e in code_spans(d)]
['[target.arm-unknown-linux-gnueabi]', 'linker = "arm-gcc"']
"""

from __future__ import annotations

import bisect
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .document import Document

CODE_TAGS = frozenset({"pre", "code", "kbd", "samp", "textarea", "script", "style"})

# A line of code or configuration, recognised by its shape rather than a language:
# [section], [[array]], [target.'cfg(unix)']: a bracketed name alone on its line
_SECTION = re.compile(r"^\s*\[\[?[\w.'\"*-]+(?:\s*[=(][^\]]*)?\]\]?\s*$")
_ASSIGN = re.compile(r"^\s*[\w.-]+\s*(?:=|:=|\+=)\s*\S")  # key = value
_YAML = re.compile(r"^\s*-?\s*[\w.-]+:\s+(?:\$\{|\{\{|\[)")  # key: ${{ expr }} / key: [list]
_SHELL = re.compile(r"^\s*(?:\$|>>>|PS>)\s+\S|^\s*(?:git|cargo|npm|pip|curl|sudo|docker)\s+-{0,2}[a-z]")
_SYMBOLS = re.compile(r"\$\{\{|\{%|%\}|=>|\w::\w|\)\s*;\s*$|\)\s*\{|^\s*[{}\])]\s*[,;]?\s*$|^\s*(?://|/\*|\*/)")
_FENCE = re.compile(r"^\s*(?:```|~~~)")


def looks_like_code(line: str) -> bool:
    """True for a line of code, configuration, a shell command or a template expression.

    >>> looks_like_code("toolchain: ${{ matrix.toolchain }}")
    True
    >>> looks_like_code("$ git clone https://example.org/<your repo>")
    True
    >>> looks_like_code("Please send the form to [your name] before Friday.")
    False
    >>> looks_like_code("Note: the meeting moved to Tuesday.")
    False
    """
    if not line.strip():
        return False
    return bool(_SECTION.match(line) or _ASSIGN.match(line) or _YAML.match(line)
                or _SHELL.match(line) or _SYMBOLS.search(line))


def code_spans(doc: Document) -> list[tuple[int, int]]:
    """Sorted, non-overlapping ``(start, end)`` spans of ``doc.text`` that are code.

    Parameters
    ----------
    doc : Document
        A plain-text or HTML document (HTML blocks carry their tag).

    Returns
    -------
    list of (int, int)
        Offsets into ``doc.text``.
    """
    cached = doc.__dict__.get("_code_spans")
    if cached is not None:
        return cached
    spans = [(b.start, b.end) for b in (doc.blocks or ()) if b.tag in CODE_TAGS and b.end > b.start]
    text = doc.text
    fenced = False
    pos = 0
    for line in text.split("\n"):
        end = pos + len(line)
        if _FENCE.match(line):
            fenced = not fenced
            spans.append((pos, end))
        elif fenced or looks_like_code(line):
            spans.append((pos, end))
        pos = end + 1
    spans.sort()
    merged: list[tuple[int, int]] = []
    for s, e in spans:
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], e))
        else:
            merged.append((s, e))
    doc.__dict__["_code_spans"] = merged
    return merged


def in_code(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether ``[start, end)`` overlaps one of the sorted ``spans`` (from :func:`code_spans`).

    >>> in_code([(0, 5), (10, 20)], 12, 14), in_code([(0, 5), (10, 20)], 6, 9)
    (True, False)
    """
    i = bisect.bisect_right(spans, (start, float("inf"))) - 1
    return any(s < end and start < e for s, e in spans[max(i, 0):i + 2])


# A slot the text tells the reader to fill ("be sure to change <your repo> to ...",
# "replace [your name] with ...") is documentation, not a forgotten template.
_INSTRUCTED = re.compile(
    r"\b(?:change|changing|replace|replacing|substitute|fill\s+in|swap|edit)\s+"
    r"(?:\S+\s+){0,3}$", re.I)
_NAMED_AFTER = re.compile(r"^\s*(?:,\s*\[|and\s+\[|or\s+\[|(?:section|field|table|key|entry|entries|"
                          r"header|block|tag|variable|option|parameter|placeholder)s?\b)", re.I)


def is_mention(text: str, start: int, end: int) -> bool:
    """True when the slot ``text[start:end]`` is named or explained, not left unfilled.

    >>> t = "Be sure to change <your repo> and <your project> to the names of yours."
    >>> is_mention(t, t.index("<your repo>"), t.index("<your repo>") + 11)
    True
    >>> t = "Files are listed in the [include] and [exclude] fields."
    >>> is_mention(t, t.index("[include]"), t.index("[include]") + 9)
    True
    >>> t = 'She answers, "...Oh, <your name>. I thought you did."'
    >>> is_mention(t, t.index("<your"), t.index("<your") + 11)
    True
    >>> t = "Our [product name] is the best choice for [city] residents."
    >>> is_mention(t, t.index("[product name]"), t.index("[product name]") + 14)
    False
    """
    line_start = max(text.rfind("\n", 0, start), text.rfind(". ", 0, start)) + 1
    before = text[line_start:start]
    after = text[end:end + 40]
    if _INSTRUCTED.search(before) or _NAMED_AFTER.match(after):
        return True
    # A game's or program's own variable quoted with its dialogue: "...Oh, <your name>. I ..."
    line_before = text[text.rfind("\n", 0, start) + 1 : start]
    quoted = line_before.count('"') % 2 == 1 or line_before.count("“") > line_before.count("”")
    return text[start:start + 1] == "<" and quoted


_IN_CALL_STRING = re.compile(r"\w!?\(\s*[\"'][^\"'\n]*$")  # println!("hello {name}
# A string literal with a language's prefix glued to its quote: f"hello {name}, $"{x}", r'{k}'.
_PREFIXED_STRING = re.compile(r"(?:^|[\s(=,\[])(?:[fFrRbB]{1,2}|\$|@)[\"'][^\"'\n]*$")
_SLOT_CODE_CHARS = re.compile(r"[(=\";$]")


def code_in_prose(text: str, start: int, end: int) -> bool:
    """True when the slot ``text[start:end]`` is inline code inside a prose line.

    An attribute or index (``#[target_feature(enable = "neon")]``, ``args[target]``),
    or a format string inside a call (``println!("hello {name}")``): a template
    slot left by a generator holds words, not code punctuation.

    >>> t = 'That makes println!("hello {name}") a short-hand.'
    >>> code_in_prose(t, t.index("{name}"), t.index("{name}") + 6)
    True
    >>> t = 'A format string such as f"hello {name}" reads the variable.'
    >>> code_in_prose(t, t.index("{name}"), t.index("{name}") + 6)
    True
    >>> t = "Welcome to {name}, the best plumber in town."
    >>> code_in_prose(t, t.index("{name}"), t.index("{name}") + 6)
    False
    """
    line_start = text.rfind("\n", 0, start) + 1
    before = text[line_start:start]
    prev = before[-1:]
    return bool(_SLOT_CODE_CHARS.search(text[start:end]) or (prev and (prev.isalnum() or prev in "#!.$_"))
                or _IN_CALL_STRING.search(before) or _PREFIXED_STRING.search(before))
