"""Loading the shipped lexicon files: the one reader every module goes through.

Every file under ``spamcheck/lexicons/<folder>/`` is reached by :func:`lexicon_file`
(works inside a wheel or a zip on ``sys.path`` too); the helpers below parse the
formats the families use.

Two formats: word lists (white-space separated, ``#`` comments) and pattern
lists (``scope<TAB>triggers<TAB>regex`` per line, scope ``en``/``de``/... or ``*``
for every language). A pattern runs only when a literal trigger occurs in the
text, so a lexicon costs a few substring tests per document, not a regex scan
per entry; phrase lists compile into ONE alternation.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Sequence
from importlib import resources
from itertools import repeat
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # a Path, or a zipfile.Path inside a zipped package
    from importlib.resources.abc import Traversable


def lexicon_file(folder: str, name: str = "") -> Traversable:
    """``lexicons/<folder>/<name>`` of the installed package (the folder itself when ``name`` is empty).

    >>> lexicon_file("stopwords", "en.txt").is_file()
    True
    """
    root = resources.files("spamcheck") / "lexicons" / folder
    return root / name if name else root


def read_text(folder: str, name: str) -> str:
    """The whole UTF-8 text of a lexicon file."""
    return lexicon_file(folder, name).read_text(encoding="utf-8")


def read_bytes(folder: str, name: str) -> bytes:
    """The raw bytes of a lexicon file (the gzipped tables)."""
    return lexicon_file(folder, name).read_bytes()


def read_table(folder: str, name: str) -> list[dict[str, str]]:
    """Rows of a tab-separated file with a header line, as dicts.

    >>> "phrase" in read_table("spun", "tortured_phrases.tsv")[0]
    True
    """
    return list(csv.DictReader(read_text(folder, name).splitlines(), delimiter="\t"))


def read_lexicon(folder: str, name: str) -> list[str]:
    """Non-comment, non-empty lines of ``lexicons/<folder>/<name>``.

    >>> "ipsum" in " ".join(read_lexicon("metadata", "lorem_words.txt"))
    True
    """
    lines = read_text(folder, name).splitlines()
    return [ln.rstrip() for ln in lines if ln.strip() and not ln.lstrip().startswith("#")]


def word_set(folder: str, name: str) -> frozenset[str]:
    """All white-space separated words of a word-list file, lower-cased.

    >>> "consequatur" in word_set("metadata", "lorem_words.txt")
    True
    """
    return frozenset(w.lower() for ln in read_lexicon(folder, name) for w in ln.split())


Pattern = tuple[str, tuple[str, ...], "re.Pattern[str]"]


def pattern_sets(folder: str, name: str, flags: int = re.I | re.M) -> list[Pattern]:
    """``(scope, triggers, regex)`` per line of a ``scope<TAB>triggers<TAB>regex`` file.

    A regex runs only when one of its lower-case literal triggers occurs in the
    lower-cased text: a substring test is ~100x cheaper than a regex scan, and
    most texts contain none of the triggers.

    >>> sorted({scope for scope, _, _ in pattern_sets("fragments", "prompt_leak.txt")})
    ['*', 'en']
    """
    out: list[Pattern] = []
    for ln in read_lexicon(folder, name):
        scope, trig, rx = ln.split("\t", 2)
        out.append((scope.strip(), tuple(trig.split("|")), re.compile(rx.strip(), flags)))
    return out


def run_patterns(patterns: list[Pattern], text: str, lower: str, language: str) -> list[re.Match[str]]:
    """Matches of every pattern whose scope fits ``language`` and whose trigger occurs.

    >>> pats = pattern_sets("fragments", "prompt_leak.txt")
    >>> t = "Basierend auf den bereitgestellten Daten ist die Lage stabil."
    >>> [m.group(0) for m in run_patterns(pats, t, t.lower(), "de")]
    ['Basierend auf den bereitgestellten Daten']
    >>> e = "Based on the given data, prices rose."
    >>> run_patterns(pats, e, e.lower(), "de")  # an English-only pattern on German text
    []
    """
    out = []
    for scope, triggers, rx in patterns:
        if (scope == "*" or scope == language) and any(t in lower for t in triggers):
            out.extend(rx.finditer(text))
    return out


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


def read_verified(folder: str, card_name: str, problems: list[str]) -> bytes | None:
    """The bytes of a prebuilt lexicon file, vouched for by its card (None when unusable).

    A prebuilt table (derived from other lexicon files to save start-up time) ships with a
    JSON card ``lexicons/<folder>/<card_name>``: ``file``, its ``sha256``, and ``sources``,
    the sha256 of every file it was derived from. The file is returned only when its own
    bytes and every source's bytes hash to the card's values, so an edited source can
    never be paired with a stale derived table; otherwise None, with the reason appended
    to ``problems`` (the caller derives the table itself and says so).

    >>> notes: list[str] = []
    >>> read_verified("spun", "no_such_card.json", notes), len(notes)
    (None, 1)
    """
    import json

    from ..artifacts import sha256_hex

    try:
        card = json.loads(read_text(folder, card_name))
        name, want, sources = card["file"], card["sha256"], card["sources"]
        blob = read_bytes(folder, name)
        if sha256_hex(blob) != want:
            problems.append(f"lexicons/{folder}/{name}: sha256 does not match {card_name}")
            return None
        for src, digest in sources.items():
            if sha256_hex(read_bytes(folder, src)) != digest:
                problems.append(f"lexicons/{folder}/{src} changed since {name} was built")
                return None
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        problems.append(f"lexicons/{folder}/{card_name}: unusable ({type(exc).__name__}: {exc})")
        return None
    return blob


def split_tab_pairs(lines: Sequence[str], what: str) -> tuple[list[str], list[str]]:
    """Keys and values of ``key<TAB>value`` lines, split at C level.

    Raises ValueError unless every line has exactly one tab (what a per-line
    ``key, value = line.split("\\t")`` would refuse too).

    >>> split_tab_pairs(["a b\\t1.5", "c\\t2"], "demo")
    (['a b', 'c'], ['1.5', '2'])
    """
    if not tabs_each(lines, 1):
        raise ValueError(f"{what}: every line must be key<TAB>value")
    if not lines:  # "".split() would give one empty cell
        return [], []
    cells = "\t".join(lines).split("\t")
    return cells[0::2], cells[1::2]


def tabs_each(lines: Sequence[str], n: int) -> bool:
    """Whether every line holds exactly ``n`` tabs (C-level ``str.count`` per line).

    >>> tabs_each(["a\\tb", "c\\td"], 1), tabs_each(["a\\tb", "c\\t\\td"], 1)
    (True, False)
    """
    return not any(map(n.__ne__, map(str.count, lines, repeat("\t"))))
