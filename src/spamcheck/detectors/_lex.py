"""Loading the shipped lexicon files (shared by the fragments, metadata and
boilerplate families).

Two formats: word lists (white-space separated, ``#`` comments) and pattern
lists (``scope<TAB>regex`` per line, scope ``en``/``de``/... or ``*`` for every
language). Patterns of one scope are compiled into ONE alternation, so a
lexicon costs one regex pass per document, not one per entry.
"""

from __future__ import annotations

import re
from importlib import resources


def read_lexicon(folder: str, name: str) -> list[str]:
    """Non-comment, non-empty lines of ``lexicons/<folder>/<name>``.

    >>> "ipsum" in " ".join(read_lexicon("metadata", "lorem_words.txt"))
    True
    """
    path = resources.files("spamcheck") / "lexicons" / folder / name
    lines = path.read_text(encoding="utf-8").splitlines()
    return [ln.rstrip() for ln in lines if ln.strip() and not ln.lstrip().startswith("#")]


def word_set(folder: str, name: str) -> frozenset[str]:
    """All white-space separated words of a word-list file, lower-cased.

    >>> "consequatur" in word_set("metadata", "lorem_words.txt")
    True
    """
    return frozenset(w.lower() for ln in read_lexicon(folder, name) for w in ln.split())


def pattern_sets(folder: str, name: str, flags: int = re.I | re.M) -> dict[str, re.Pattern[str]]:
    """One compiled alternation per scope of a ``scope<TAB>regex`` file.

    >>> sorted(pattern_sets("fragments", "prompt_leak.txt"))
    ['*', 'en']
    """
    by_scope: dict[str, list[str]] = {}
    for ln in read_lexicon(folder, name):
        scope, _, rx = ln.partition("\t")
        by_scope.setdefault(scope.strip(), []).append(rx.strip())
    return {s: re.compile("|".join(f"(?:{p})" for p in ps), flags) for s, ps in by_scope.items()}


def phrase_regex(phrases: list[str], *, whole_line: bool = False) -> re.Pattern[str]:
    """One case-insensitive regex matching any phrase, longest first, on word edges.

    >>> bool(phrase_regex(["read more"], whole_line=True).search("x\\nRead more\\ny"))
    True
    """
    alts = "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in sorted(set(phrases), key=len, reverse=True))
    if whole_line:
        # A whole line made of the phrase, with optional bullets/separators around it.
        return re.compile(rf"^[ \t•·*|>\-–]*(?:{alts})[ \t:!.»›>|]*$", re.I | re.M)
    return re.compile(rf"(?<!\w)(?:{alts})(?!\w)", re.I)
