"""The collocation index's prebuilt tables and the C-level table readers (issue 15 start-up).

* The shipped ``colloc_index.txt.gz`` is exactly what ``derive`` computes from the shipped
  source tables (bytes, card, and the parsed tables), so the two cannot drift.
* An altered prebuilt file or an edited source is never used: the index warns and derives
  the tables itself, with the same results.
* The C-level readers equal the per-line loops they replaced (kept here as references).
"""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from training import build_colloc_index

from spamcheck.detectors import colloc_tables as ct
from spamcheck.detectors.collocations import CollocationIndex, _read_gz
from spamcheck.lexicons import loader
from spamcheck.model.wordfreq import read_zipf_tsv

SPUN = Path(ct.__file__).resolve().parents[1] / "lexicons" / "spun"


@pytest.fixture(scope="module")
def sources() -> tuple[dict[tuple[str, ...], float], dict[str, frozenset[str]], dict[str, str]]:
    terms = ct.read_terms(list(_read_gz(ct.TERMS_FILE)))
    strong, weak_raw = ct.read_alternates(list(_read_gz(ct.ALTERNATES_FILE)))
    return terms, strong, weak_raw


def _plain_terms(lines: list[str]) -> dict[tuple[str, ...], float]:
    """The per-line loop ``CollocationIndex`` used before (reference)."""
    terms: dict[tuple[str, ...], float] = {}
    for ln in lines:
        phrase, _, w = ln.partition("\t")
        terms[tuple(phrase.split())] = float(w)
    return terms


def _plain_alternates(lines: list[str]) -> tuple[dict[str, frozenset[str]], dict[str, frozenset[str]]]:
    strong: dict[str, frozenset[str]] = {}
    weak: dict[str, frozenset[str]] = {}
    for ln in lines:
        w, s, wk = ([*ln.split("\t"), "", ""])[:3]
        if s:
            strong[w] = frozenset(s.split(","))
        if wk:
            weak[w] = frozenset(wk.split(","))
    return strong, weak


def test_shipped_prebuilt_file_is_what_the_build_script_writes() -> None:
    blob, card = build_colloc_index.build()
    assert (SPUN / ct.INDEX_FILE).read_bytes() == blob
    assert (SPUN / ct.INDEX_CARD).read_text(encoding="utf-8") == card
    assert build_colloc_index.main(["--check"]) == 0


def test_prebuilt_tables_equal_the_ones_derived_from_the_text(sources) -> None:
    terms, strong, weak_raw = sources
    want = ct.derive(terms, strong, weak_raw)
    got = ct.parse((SPUN / ct.INDEX_FILE).read_bytes()).materialise()
    assert got.by_first == want.by_first and list(got.by_first) == list(want.by_first)
    assert got.by_second == want.by_second and list(got.by_second) == list(want.by_second)
    assert got.tri_fill == want.tri_fill
    assert got.can_first == want.can_first and got.can_second == want.can_second
    assert got.tri_words == want.tri_words
    # Non-trivial: the fast rejection sets hold alternates beyond the terms' own words.
    assert len(want.can_first) > len(want.by_first) > 1000


def test_index_uses_the_prebuilt_tables_without_warning(recwarn) -> None:
    idx = CollocationIndex()
    assert not [w for w in recwarn if issubclass(w.category, RuntimeWarning)]
    assert [(c.phrase, c.original) for c in idx.find("a kidney ailment model")] == [
        ("kidney ailment", "kidney disease")]


def test_text_readers_equal_the_per_line_loops(sources) -> None:
    terms, strong, weak_raw = sources
    term_lines = list(_read_gz(ct.TERMS_FILE))
    assert terms == _plain_terms(term_lines)
    # The weights looked up by joined words are the same terms and weights.
    weights = ct.read_weights(term_lines)
    assert {tuple(k.split()): float(v) for k, v in weights.items()} == terms
    assert all(" ".join(k.split()) == k for k in weights)
    plain_strong, plain_weak = _plain_alternates(list(_read_gz(ct.ALTERNATES_FILE)))
    assert strong == plain_strong
    assert {w: ct.weak_set(weak_raw, w) for w in weak_raw} == plain_weak
    assert CollocationIndex().terms == terms


_word = st.text(alphabet="ab,' -", min_size=0, max_size=4)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(_word, _word, _word, st.integers(0, 3)), max_size=8))
def test_alternates_reader_equals_the_loop_on_odd_lines(rows) -> None:
    # Lines with one to four fields: the C-level path is taken only when every line has
    # exactly two tabs; otherwise the loop (the same result either way).
    lines = ["\t".join((w, s, k, "x")[: n + 1]) for w, s, k, n in rows]
    strong, weak_raw = ct.read_alternates(lines)
    plain_strong, plain_weak = _plain_alternates(lines)
    assert strong == plain_strong
    assert {w: ct.weak_set(weak_raw, w) for w in weak_raw} == plain_weak


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.text(alphabet="ab \t", max_size=4), st.text(alphabet="12.", max_size=3)),
                max_size=6))
def test_split_tab_pairs_refuses_what_the_loop_refuses(rows) -> None:
    lines = [f"{k}\t{v}" for k, v in rows]
    try:
        plain = [tuple(ln.split("\t")) for ln in lines]
        assert all(len(p) == 2 for p in plain)
    except AssertionError:
        with pytest.raises(ValueError):
            loader.split_tab_pairs(lines, "demo")
        return
    keys, values = loader.split_tab_pairs(lines, "demo")
    assert list(zip(keys, values, strict=True)) == plain


def test_zipf_tables_equal_the_per_line_loop() -> None:
    for name in ("en.tsv.gz", "en-bigrams.tsv.gz"):
        plain: dict[str, float] = {}
        for line in gzip.decompress(loader.read_bytes("wordfreq", name)).decode("utf-8").splitlines():
            key, z = line.split("\t")
            plain[key] = float(z)
        got = read_zipf_tsv(name)
        assert got == plain and list(got) == list(plain)


@pytest.fixture
def spun_copy(tmp_path, monkeypatch) -> Path:
    """The spun lexicon folder copied to a temp dir that the loader reads instead."""
    d = tmp_path / "spun"
    shutil.copytree(SPUN, d)
    real = loader.lexicon_file

    def lexicon_file(folder: str, name: str = "") -> Path:
        return (d / name if name else d) if folder == "spun" else real(folder, name)

    monkeypatch.setattr(loader, "lexicon_file", lexicon_file)
    _read_gz.cache_clear()
    yield d
    _read_gz.cache_clear()


def test_verified_read_of_the_untouched_copy(spun_copy) -> None:
    problems: list[str] = []
    assert loader.read_verified("spun", ct.INDEX_CARD, problems) == (SPUN / ct.INDEX_FILE).read_bytes()
    assert problems == []


def test_an_altered_prebuilt_file_is_not_used(spun_copy) -> None:
    f = spun_copy / ct.INDEX_FILE
    data = bytearray(f.read_bytes())
    data[-9] ^= 1
    f.write_bytes(bytes(data))
    problems: list[str] = []
    assert loader.read_verified("spun", ct.INDEX_CARD, problems) is None
    assert "sha256 does not match" in problems[0]


def test_an_edited_source_makes_the_index_derive_its_tables(spun_copy) -> None:
    # A term added to the source without rebuilding: the stale prebuilt file must not be
    # paired with it; the index warns, derives the tables, and finds the new term's swap.
    terms = spun_copy / ct.TERMS_FILE
    lines = gzip.decompress(terms.read_bytes()).decode("utf-8").splitlines()
    assert not any(ln.startswith("zorbic lattice\t") for ln in lines)
    terms.write_bytes(gzip.compress(("\n".join([*lines, "zorbic lattice\t3.0"]) + "\n").encode("utf-8")))
    alts = spun_copy / ct.ALTERNATES_FILE
    alt_lines = gzip.decompress(alts.read_bytes()).decode("utf-8").splitlines()
    alts.write_bytes(gzip.compress(("\n".join([*alt_lines, "quorbic\t\tzorbic"]) + "\n").encode("utf-8")))
    problems: list[str] = []
    assert loader.read_verified("spun", ct.INDEX_CARD, problems) is None
    assert "changed since" in problems[0]
    with pytest.warns(RuntimeWarning, match="prebuilt collocation index not used"):
        idx = CollocationIndex()
    assert [(c.phrase, c.original) for c in idx.find("the quorbic lattice")] == [
        ("quorbic lattice", "zorbic lattice")]


def test_a_broken_card_is_reported(spun_copy) -> None:
    (spun_copy / ct.INDEX_CARD).write_text(json.dumps({"file": ct.INDEX_FILE}), encoding="utf-8")
    problems: list[str] = []
    assert loader.read_verified("spun", ct.INDEX_CARD, problems) is None
    assert "unusable" in problems[0]


def test_parse_refuses_a_truncated_file() -> None:
    text = gzip.decompress((SPUN / ct.INDEX_FILE).read_bytes()).decode("utf-8")
    with pytest.raises(ValueError):
        ct.parse(gzip.compress(text[: len(text) // 2].encode("utf-8")))
    with pytest.raises(ValueError):
        ct.parse(gzip.compress(b"@format 0\n"))
