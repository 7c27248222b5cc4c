"""The collocation index's tables: read from the shipped text, and the derived ones prebuilt.

:class:`~spamcheck.detectors.collocations.CollocationIndex` needs, besides the shipped
``colloc_terms`` and ``colloc_alternates`` tables, lookups derived from them (two-word
terms by first and by last word, three-word terms by the two words that stay, the words
that can start or end a term through an alternate). Deriving them from the text takes
seconds of Python loops at every start-up (every CLI call and every ``spamcheck batch``
pays it before scoring), so they are shipped prebuilt in ``lexicons/spun/colloc_index.txt.gz``
(a plain UTF-8 table, no pickle) with a card ``colloc_index.json`` that records its sha256
and the sha256 of the two source tables it was derived from. :func:`derived_tables` uses the
prebuilt file only when both check out; otherwise it derives the tables from the text (same
result, slower) and warns. ``python -m training.build_colloc_index`` rewrites the file and
the card; ``tests/test_colloc_tables.py`` checks the shipped file equals :func:`derive`.

The plain readers here build the big dicts with C-level ``dict(zip(...))`` instead of a
Python loop per line; the alternates' weak sets (880k words in 61k sets, most never looked
at) stay one comma-joined string per word until a document asks for that word.
"""

from __future__ import annotations

import gzip
import json
import warnings
from dataclasses import dataclass

from ..lexicons.loader import read_bytes, read_verified, split_tab_pairs, tabs_each

FOLDER = "spun"
TERMS_FILE = "colloc_terms.tsv.gz"
ALTERNATES_FILE = "colloc_alternates.tsv.gz"
INDEX_FILE = "colloc_index.txt.gz"
INDEX_CARD = "colloc_index.json"
FORMAT = 1
_EMPTY: frozenset[str] = frozenset()
# One fill word of a three-word term, or several.
Fill = str | frozenset[str]


def read_terms(lines: list[str]) -> dict[tuple[str, ...], float]:
    """``{term words: log10 weight}`` from the ``colloc_terms`` lines."""
    keys, weights = split_tab_pairs(lines, TERMS_FILE)
    return dict(zip(map(tuple, map(str.split, keys)), map(float, weights), strict=True))


def read_weights(lines: list[str]) -> dict[str, str]:
    """``{"w1 w2": "log10 weight"}`` from the ``colloc_terms`` lines, kept as text.

    What :class:`~spamcheck.detectors.collocations.CollocationIndex` looks a window up in
    (its words joined by one blank) and takes ``float()`` of for the few windows it ranks:
    no 187k tuples and floats at start-up. Equal to :func:`read_terms` keyed by
    ``" ".join(words)`` (the build script writes each term that way; tested).
    """
    keys, weights = split_tab_pairs(lines, TERMS_FILE)
    return dict(zip(keys, weights, strict=True))


def read_alternates(lines: list[str]) -> tuple[dict[str, frozenset[str]], dict[str, str]]:
    """Strong alternates as sets, weak ones as the comma-joined text (see :func:`weak_set`)."""
    if lines and tabs_each(lines, 2):
        # Every line is word<TAB>strong<TAB>weak (what the build script writes): split at C level.
        cells = "\t".join(lines).split("\t")
        words, strongs, weaks = cells[0::3], cells[1::3], cells[2::3]
        strong = {w: frozenset(s.split(",")) for w, s in zip(words, strongs, strict=True) if s}
        return strong, {w: v for w, v in zip(words, weaks, strict=True) if v}
    strong: dict[str, frozenset[str]] = {}
    weak_raw: dict[str, str] = {}
    for ln in lines:
        w, s, weak = ([*ln.split("\t"), "", ""])[:3]
        if s:
            strong[w] = frozenset(s.split(","))
        if weak:
            weak_raw[w] = weak
    return strong, weak_raw


def weak_set(weak_raw: dict[str, str], w: str) -> frozenset[str]:
    """The weak alternates of ``w``: the same frozenset (elements and order) an eager read builds."""
    raw = weak_raw.get(w)
    return frozenset(raw.split(",")) if raw else _EMPTY


@dataclass(frozen=True)
class Derived:
    """The lookups derived from the terms and alternates (see the module docstring)."""

    by_first: dict[str, set[str]]
    by_second: dict[str, set[str]]
    tri_fill: tuple[dict[tuple[str, str], Fill], ...]
    can_first: frozenset[str]
    can_second: frozenset[str]
    tri_words: tuple[frozenset[str], ...]


class SetsOnDemand(dict[str, set[str]]):
    """``{word: set of words}`` whose sets are split from the text on first use.

    ``raw`` maps every key to its words joined by blanks; ``d[key]`` (C-level for a key
    already used) and ``d.get(key)`` give the set, built once; membership of a key is
    asked of ``raw`` (this dict holds only the keys used so far). A key outside ``raw``
    raises KeyError as a plain dict would, so the cache holds table words only.
    """

    def __init__(self, raw: dict[str, str]) -> None:
        super().__init__()
        self.raw = raw

    def __missing__(self, key: str) -> set[str]:
        got = self[key] = set(self.raw[key].split(" "))
        return got

    def get(self, key: str, default: set[str] | None = None) -> set[str] | None:  # type: ignore[override]
        return self[key] if key in self.raw else default

    def full(self) -> dict[str, set[str]]:
        """Every key's set, in the table's order (for tests and tools)."""
        return {k: self[k] for k in self.raw}


@dataclass(frozen=True)
class Prebuilt:
    """The derived lookups as the prebuilt file gives them: texts split on first use.

    ``tri_raw[i]`` maps ``"x y"`` (the two words kept when slot ``i`` is swapped) to the
    filler word, or several joined by blanks.
    """

    by_first: SetsOnDemand
    by_second: SetsOnDemand
    tri_raw: tuple[dict[str, str], ...]
    can_first: frozenset[str]
    can_second: frozenset[str]
    tri_words: tuple[frozenset[str], ...]

    def materialise(self) -> Derived:
        """The same tables in :func:`derive`'s form (to compare the two)."""
        tri_fill = tuple(
            {tuple(k.split(" ")): (v if " " not in v else frozenset(v.split(" "))) for k, v in raw.items()}
            for raw in self.tri_raw
        )
        return Derived(self.by_first.full(), self.by_second.full(), tri_fill,  # type: ignore[arg-type]
                       self.can_first, self.can_second, self.tri_words)


def derive(
    terms: dict[tuple[str, ...], float], strong: dict[str, frozenset[str]], weak_raw: dict[str, str]
) -> Derived:
    """The derived lookups computed from the tables (the reference the prebuilt file must equal)."""
    by_first: dict[str, set[str]] = {}
    by_second: dict[str, set[str]] = {}  # two-word terms by their last word
    # Three-word terms by the two words that stay when the third is swapped (slot 0,
    # 1 or 2): a window looks up the few terms it could come from instead of trying
    # every alternate of a word (hundreds for common words) against the term table.
    # A value is the one filler word, or a frozenset when several.
    tri_fill: tuple[dict[tuple[str, str], Fill], ...] = ({}, {}, {})
    fills: tuple[dict[tuple[str, str], list[str]], ...] = ({}, {}, {})
    for t in terms:
        if len(t) == 2:
            by_first.setdefault(t[0], set()).add(t[1])
            by_second.setdefault(t[1], set()).add(t[0])
        elif len(t) == 3:
            fills[0].setdefault((t[1], t[2]), []).append(t[0])
            fills[1].setdefault((t[0], t[2]), []).append(t[1])
            fills[2].setdefault((t[0], t[1]), []).append(t[2])
    for fill, out in zip(fills, tri_fill, strict=True):
        for pair, words in fill.items():
            out[pair] = words[0] if len(words) == 1 else frozenset(words)
    # Fast rejection in find(): the words whose alternates (or themselves) start / end
    # some two-word term, and the words in each place of three-word terms.
    first_keys, second_keys = frozenset(by_first), frozenset(by_second)
    can_first = set(first_keys)
    can_second = set(second_keys)
    for w in strong.keys() | weak_raw.keys():
        alts = strong.get(w, _EMPTY) | weak_set(weak_raw, w)
        if not alts.isdisjoint(first_keys):
            can_first.add(w)
        if not alts.isdisjoint(second_keys):
            can_second.add(w)
    tri_words = tuple(frozenset(t[i] for t in terms if len(t) == 3) for i in range(3))
    return Derived(by_first, by_second, tri_fill, frozenset(can_first), frozenset(can_second), tri_words)


def dump(derived: Derived) -> bytes:
    """The prebuilt file's bytes: sections ``@name count`` then ``count`` lines; gzip without a time stamp.

    Maps keep their insertion order (the terms file's order); every set is written
    sorted, so the bytes do not depend on the process's string hashing (PYTHONHASHSEED)
    and :func:`parse` rebuilds dicts and sets equal to ``derived``.
    """
    out: list[str] = [f"@format {FORMAT}"]

    def section(name: str, lines: list[str]) -> None:
        out.append(f"@{name} {len(lines)}")
        out.extend(lines)

    section("by_first", [f"{k}\t{' '.join(sorted(v))}" for k, v in derived.by_first.items()])
    section("by_second", [f"{k}\t{' '.join(sorted(v))}" for k, v in derived.by_second.items()])
    for i, fill in enumerate(derived.tri_fill):
        section(f"tri_fill{i}", [f"{a} {b}\t{v if isinstance(v, str) else ' '.join(sorted(v))}"
                                 for (a, b), v in fill.items()])
    section("can_first", sorted(derived.can_first))
    section("can_second", sorted(derived.can_second))
    for i, words in enumerate(derived.tri_words):
        section(f"tri_words{i}", sorted(words))
    for ln in out:
        if "\n" in ln or "\r" in ln:
            raise ValueError(f"a table line holds a line break: {ln!r}")
    return gzip.compress(("\n".join(out) + "\n").encode("utf-8"), mtime=0)


def parse(blob: bytes) -> Prebuilt:
    """The :class:`Prebuilt` tables of a prebuilt file (C-level splits and ``dict(zip())``).

    Raises ValueError when the file is not a complete format-1 table.
    """
    lines = gzip.decompress(blob).decode("utf-8").split("\n")
    if lines[-1] == "":
        lines.pop()
    if not lines or lines[0] != f"@format {FORMAT}":
        raise ValueError(f"{INDEX_FILE}: not a format-{FORMAT} collocation index")
    sections: dict[str, list[str]] = {}
    pos = 1
    while pos < len(lines):
        name, _, count = lines[pos].partition(" ")
        if not name.startswith("@") or not count.isdigit():
            raise ValueError(f"{INDEX_FILE}: line {pos + 1} is not a section header")
        n = int(count)
        sections[name[1:]] = lines[pos + 1:pos + 1 + n]
        pos += 1 + n
        if pos > len(lines):
            raise ValueError(f"{INDEX_FILE}: section {name} is cut short")

    def pairs(name: str) -> dict[str, str]:
        return dict(zip(*split_tab_pairs(sections[name], INDEX_FILE), strict=True))

    try:
        return Prebuilt(
            by_first=SetsOnDemand(pairs("by_first")),
            by_second=SetsOnDemand(pairs("by_second")),
            tri_raw=tuple(pairs(f"tri_fill{i}") for i in range(3)),
            can_first=frozenset(sections["can_first"]),
            can_second=frozenset(sections["can_second"]),
            tri_words=tuple(frozenset(sections[f"tri_words{i}"]) for i in range(3)),
        )
    except KeyError as exc:
        raise ValueError(f"{INDEX_FILE}: section {exc} missing") from exc


def card_for(blob: bytes, sources: dict[str, bytes]) -> dict[str, object]:
    """The card written beside the prebuilt file: its sha256 and its sources' sha256."""
    from ..artifacts import sha256_hex

    return {
        "file": INDEX_FILE,
        "format": FORMAT,
        "sha256": sha256_hex(blob),
        "sources": {name: sha256_hex(data) for name, data in sorted(sources.items())},
        "built_by": "python -m training.build_colloc_index",
    }


def card_text(card: dict[str, object]) -> str:
    """The card as written (stable key order, one trailing newline)."""
    return json.dumps(card, indent=2, sort_keys=True) + "\n"


def prebuilt_tables(
    terms_lines: list[str], strong: dict[str, frozenset[str]], weak_raw: dict[str, str]
) -> Prebuilt:
    """The prebuilt tables when the file and its sources check out, else derived here (warned).

    The fallback derives the tables from the text (:func:`derive`) and goes through the
    file format, so both ways give the same :class:`Prebuilt`.
    """
    problems: list[str] = []
    blob = read_verified(FOLDER, INDEX_CARD, problems)
    if blob is not None:
        try:
            return parse(blob)
        except ValueError as exc:
            problems.append(str(exc))
    warnings.warn(
        "spun: prebuilt collocation index not used (" + "; ".join(problems or ["not shipped"])
        + "); deriving it from the tables (slower start-up, same results). "
        "Rebuild with `python -m training.build_colloc_index`.",
        RuntimeWarning, stacklevel=3,
    )
    return parse(dump(derive(read_terms(terms_lines), strong, weak_raw)))


def source_bytes() -> dict[str, bytes]:
    """The two source tables' bytes, as the card's ``sources`` hash them."""
    return {name: read_bytes(FOLDER, name) for name in (TERMS_FILE, ALTERNATES_FILE)}
