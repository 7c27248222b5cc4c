"""Build the data-driven ``unusual_collocation`` tables of the ``spun`` family.

One command, deterministic (no randomness; sorted output), from the repository root::

    apt-get install wordnet-base          # WordNet 3.0 under /usr/share/wordnet
    pip download --no-deps symspellpy==6.10.1 wordsegment==1.3.1 -d /tmp/spun_src
    SPAMCHECK_SHARED=/work/shared python training/build_spun_collocations.py --wheels /tmp/spun_src

Inputs (offline, from package registries and the shared data; licences in
``src/spamcheck/lexicons/spun/NOTICE``):

* WordNet 3.0 (Debian ``wordnet-base``): synonyms (same synset), similar-to,
  also-see, one level of hypernyms/hyponyms; and its multi-word lemmas as
  established terms.
* English bigram counts: ``symspellpy`` ``frequency_bigramdictionary_en_243_342.txt``
  (MIT) and ``wordsegment`` ``bigrams.txt`` (Apache-2.0).
* Bigram/trigram document frequencies of the shared corpora (l2r with an item and its
  four rewrites counted ONCE, OUTFOX, SeqXGPT, MASC, speeches). A phrase is a term when
  >= ``TERM_DF`` independent documents use it; it is "known" (never flagged) when >= 2 do,
  so a human document's one-off wording is not made known by its own occurrence.
* The TRAIN split of the tortured-phrase list (``split_heldout`` below; the held-out 30 %
  is never read here): spinner substitutions ("ailment" for "disease") are learned from
  the train phrases whose one-word swap gives an established term, voted over phrases.

Outputs under ``src/spamcheck/lexicons/spun/``:

* ``colloc_terms.tsv.gz``: ``term<TAB>log10 weight``: established 2/3-word terms;
* ``colloc_alternates.tsv.gz``: ``word<TAB>strong originals<TAB>weak originals``: for a
  word seen in text, the words it may have replaced (strong: learned from the train
  tortured phrases; weak: WordNet relations);
* ``colloc_known.tsv.gz``: phrases that ARE swaps of a term but are themselves in use
  (counts above), so they are never flagged ("large data", "big picture").

The held-out split: a row of ``phrases.tsv`` is HELD OUT when
``int(sha256(phrase.strip().lower()).hexdigest(), 16) % 100 < 30`` where ``phrase`` is the
row's first column as written (query syntax included).
"""

from __future__ import annotations

import argparse
import collections
import csv
import gzip
import hashlib
import json
import math
import pickle
import re
import sys
import zipfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO))

from spamcheck.detectors.collocations import FUNCTION_WORDS, phrase_key, tokens  # noqa: E402
from training import devdata  # noqa: E402

OUT = REPO / "src" / "spamcheck" / "lexicons" / "spun"
WORDNET = Path("/usr/share/wordnet")
HELDOUT_PERCENT = 30
TERM_DF = 2  # independent corpus documents that make a phrase an established term
KNOWN_DF = 2  # ... that make it a phrase in use (never flagged)
# A term is evidence for a spun original; a phrase in use is never flagged. Both need
# two independent documents, so a human document's one-off wording (counted once, by
# itself) is neither.
# WordNet pointer symbols used as thesaurus relations: similar-to, also-see,
# hypernym, hyponym (and their instance forms).
_RELATIONS = {"&", "^", "@", "~", "@i", "~i"}
# Spun words at least this frequent (wordsegment unigram count, web scale) are weak
# evidence only; chosen on the human texts' misfires and the train phrases.
RARE_SPUN_COUNT = 4_000_000
_CLOSE = {"&", "^"}
_POS = {"n": "noun", "v": "verb", "a": "adj", "s": "adj", "r": "adv"}


def is_heldout(phrase: str) -> bool:
    """The fixed split of the shared tortured-phrase list (30 % held out).

    >>> is_heldout("counterfeit consciousness"), is_heldout("computerized reasoning")
    (True, False)
    """
    return int(hashlib.sha256(phrase.strip().lower().encode()).hexdigest(), 16) % 100 < HELDOUT_PERCENT


def tortured_rows(split: str) -> list[tuple[str, int]]:
    """``(query, papers)`` rows of the shared list in ``split`` ("train" or "heldout")."""
    path = devdata.shared_dir() / "data" / "lexicons" / "tortured-phrases" / "phrases.tsv"
    with open(path, encoding="utf-8") as f:
        rows = list(csv.reader(f, delimiter="\t"))[1:]
    want = split == "heldout"
    return [(r[0].strip(), int(r[1])) for r in rows if len(r) >= 2 and is_heldout(r[0]) == want]


# -- WordNet -------------------------------------------------------------------
def wordnet_synsets(root: Path = WORDNET) -> Iterator[tuple[str, str, list[str], list[tuple[str, str, str]]]]:
    """``(pos, offset, lemmas, pointers)`` per synset of the WordNet data files."""
    for pos in ("noun", "verb", "adj", "adv"):
        with open(root / f"data.{pos}", encoding="latin-1") as f:
            for line in f:
                if line.startswith("  "):
                    continue  # licence header
                parts = line.split(" | ")[0].split()
                n = int(parts[3], 16)
                lemmas = [re.sub(r"\(.*\)$", "", parts[4 + 2 * i]).lower().replace("_", " ")
                          for i in range(n)]
                i = 4 + 2 * n
                ptrs = [tuple(parts[i + 1 + 4 * j : i + 4 + 4 * j]) for j in range(int(parts[i]))]
                yield pos, parts[0], lemmas, ptrs  # type: ignore[misc]


def wordnet_tables(root: Path = WORDNET) -> tuple[dict[str, set[str]], set[str]]:
    """``({word: related single words}, {multi-word lemmas})``.

    Related: same synset, similar-to, also-see, one hypernym/hyponym level, and the
    synonyms/similar words of synonyms (two hops in the close relations: thesauri
    that spinners use list such words, "malevolent" for "malignant").
    """
    synsets = list(wordnet_synsets(root))
    by_off = {(pos, off): lemmas for pos, off, lemmas, _ in synsets}
    related: dict[str, set[str]] = collections.defaultdict(set)
    close: dict[str, set[str]] = collections.defaultdict(set)
    multi: set[str] = set()
    for _pos, _off, lemmas, ptrs in synsets:
        single = [w for w in lemmas if " " not in w]
        multi.update(w for w in lemmas if 2 <= len(w.split()) <= 3)
        others = set(single)
        near = set(single)
        for sym, toff, tpos in ptrs:
            if sym in _RELATIONS:
                words = [w for w in by_off.get((_POS[tpos], toff), ()) if " " not in w]
                others.update(words)
                if sym in _CLOSE:
                    near.update(words)
        for w in single:
            related[w].update(x for x in others if x != w)
            close[w].update(x for x in near if x != w)
    for w, near_w in close.items():
        two = set().union(*(close.get(x, ()) for x in near_w)) if near_w else set()
        related[w].update(x for x in two if x != w)
    return related, multi


# -- counts --------------------------------------------------------------------
def wheel_bigrams(wheels: Path) -> dict[tuple[str, ...], int]:
    """Bigram counts shipped by symspellpy and wordsegment (max of the two)."""
    out: dict[tuple[str, ...], int] = {}
    specs = (("symspellpy-*.whl", "frequency_bigramdictionary_en_243_342.txt", " "),
             ("wordsegment-*.whl", "bigrams.txt", "\t"))
    for pattern, member, sep in specs:
        whl = sorted(wheels.glob(pattern))
        if not whl:
            raise SystemExit(f"{pattern} not found in {wheels} (pip download --no-deps it)")
        with zipfile.ZipFile(whl[-1]) as z:
            name = next(n for n in z.namelist() if n.endswith(member))
            for line in z.read(name).decode("utf-8").splitlines():
                phrase, _, count = line.rpartition(sep)
                if not phrase:
                    continue
                key = phrase_key(tokens(phrase))
                if len(key) == 2:
                    out[key] = max(out.get(key, 0), int(count))
    return out


def wheel_unigrams(wheels: Path) -> dict[str, int]:
    """Word counts shipped by wordsegment (``unigrams.txt``)."""
    whl = sorted(wheels.glob("wordsegment-*.whl"))
    if not whl:
        raise SystemExit(f"wordsegment wheel not found in {wheels}")
    out: dict[str, int] = {}
    with zipfile.ZipFile(whl[-1]) as z:
        name = next(n for n in z.namelist() if n.endswith("unigrams.txt"))
        for line in z.read(name).decode("utf-8").splitlines():
            w, _, c = line.partition("\t")
            out[w] = int(c)
    return out


def _groups() -> Iterator[tuple[str, str]]:
    """``(group, text)``: an l2r item and its rewrites share one group."""
    for r in devdata.iter_all():
        if r["source"] == "l2r":
            yield f"{r['domain']}/{r['id'].rsplit('/', 1)[-1]}", r["text"]
        elif r["source"] == "outfox":
            yield "outfox/" + r["id"].split("/")[2], r["text"]
        else:
            yield r["id"], r["text"]
    for name in ("masc", "speeches"):
        path = devdata.text_dir() / "human-registers" / f"{name}.jsonl.gz"
        with gzip.open(path, "rt", encoding="utf-8") as f:
            for line in f:
                d = json.loads(line)
                yield d["id"], d["text"]


def corpus_df() -> collections.Counter:
    """Document frequency (by group) of every 2- and 3-token window."""
    per_group: dict[str, set[tuple[str, ...]]] = collections.defaultdict(set)
    for g, text in _groups():
        seen = per_group[g]
        for toks in _clauses(text):
            for n in (2, 3):
                for i in range(len(toks) - n + 1):
                    seen.add(phrase_key(toks[i : i + n]))
    df: collections.Counter = collections.Counter()
    for seen in per_group.values():
        df.update(seen)
    return df


def _clauses(text: str) -> Iterable[list[str]]:
    for part in re.split(r"[.!?;:,()\[\]\"\n]+", text):
        toks = tokens(part)
        if len(toks) >= 2:
            yield toks


# -- learning the spinner's substitutions ----------------------------------------
def learn_substitutions(train: list[tuple[str, int]], terms: dict[tuple[str, ...], float],
                        stop: set[str], related: dict[str, set[str]]) -> dict[str, dict[str, float]]:
    """``{spun word: {original word: votes}}`` from the TRAIN tortured phrases.

    A train phrase votes for each one-word swap that yields an established term
    (``kidney ailment`` -> ``kidney disease``, ``kidney stone``, ...). A substitution
    is kept when WordNet relates the two words and one phrase supports it, or without that relation when >= 3
    different phrases do (``ailment`` -> ``disease``), so one-off coincidences drop out.
    """
    by_rest: dict[tuple[int, tuple[str, ...]], list[str]] = collections.defaultdict(list)
    for t in terms:
        for i in range(len(t)):
            by_rest[(i, (*t[:i], "", *t[i + 1:]))].append(t[i])
    votes: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    support: dict[tuple[str, str], set[str]] = collections.defaultdict(set)
    for query, _papers in train:
        for alt in _resolve(query):
            t = phrase_key(tokens(alt))
            if not 2 <= len(t) <= 3:
                continue
            for i, w in enumerate(t):
                if w in stop:
                    continue
                rest = by_rest.get((i, (*t[:i], "", *t[i + 1 :])), ())
                cands = [o for o in rest if o != w and o not in stop]
                for o in cands:
                    votes[w][o] += 1.0
                    support[(w, o)].add(" ".join(t))
    out: dict[str, dict[str, float]] = {}
    for w, c in votes.items():
        top = max(len(support[(w, o)]) for o in c)
        keep = {o: round(v, 3) for o, v in c.items()
                if o in related.get(w, ()) or (len(support[(w, o)]) >= 3 and len(support[(w, o)]) * 2 >= top)}
        if keep:
            out[w] = keep
    return out


def _resolve(query: str) -> list[str]:
    """The plain phrases of one screener query (same rules as the PPS lexicon build)."""
    from training.build_ai_spun_lexicons import resolve_query

    return resolve_query(query)


# -- main ----------------------------------------------------------------------
def _cached(name: str, fn: Callable[[], collections.Counter], cache: Path | None) -> collections.Counter:
    """``fn()``, pickled under ``cache`` (an intermediate of this build only)."""
    if cache is None:
        return fn()
    path = cache / f"{name}.pkl"
    if path.exists():
        with open(path, "rb") as f:
            return pickle.load(f)
    out = fn()
    cache.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as f:
        pickle.dump(out, f)
    return out


def build(wheels: Path, cache: Path | None = None) -> dict[str, int]:
    stop = {w.lower() for w in (REPO / "src" / "spamcheck" / "lexicons" / "stopwords" / "en.txt").read_text(
        encoding="utf-8").split()} | FUNCTION_WORDS
    related, multi = wordnet_tables()
    web = wheel_bigrams(wheels)
    df = _cached("corpus_df", corpus_df, cache)

    def content(t: tuple[str, ...]) -> bool:
        # Edges must be content words of letters; a stop word may sit in the middle.
        return (t[0] not in stop and t[-1] not in stop and all(re.search(r"[a-z]", w) for w in t)
                and len(t[0]) > 1 and len(t[-1]) > 1)

    # Established terms, weighted by log10 of their evidence.
    terms: dict[tuple[str, ...], float] = {}
    for m in multi:
        t = phrase_key(tokens(m))
        if len(t) in (2, 3) and content(t):
            terms[t] = max(terms.get(t, 0.0), 2.0)
    for t, c in web.items():
        if content(t) and c >= 1_000_000:
            terms[t] = max(terms.get(t, 0.0), round(math.log10(c) - 4.0, 2))
    for t, c in df.items():
        if c >= TERM_DF and content(t):
            terms[t] = max(terms.get(t, 0.0), round(1.0 + math.log10(c), 2))

    train = tortured_rows("train")
    strong = learn_substitutions(train, terms, stop, related)
    # A substitution is strong evidence only when the spun word is itself uncommon:
    # "ailment", "bosom", "timberland" stand out; "information", "picture", "sound"
    # replace "data", "image", "healthy" in ordinary human prose every day.
    unigrams = wheel_unigrams(wheels)
    for w in list(strong):
        if unigrams.get(w, 0) >= RARE_SPUN_COUNT:
            related.setdefault(w, set()).update(strong.pop(w))

    # Words of the terms, per position, and the inverse relation for text words.
    originals = {w for t in terms for w in t if w not in stop}
    alternates: dict[str, tuple[list[str], list[str]]] = {}
    vocab = set(related) | set(strong)
    for w in sorted(vocab):
        if w in stop:
            continue
        s = sorted(o for o in strong.get(w, {}) if o in originals)
        weak = sorted(o for o in related.get(w, ()) if o in originals and o not in s and o not in stop)
        if s or weak:
            alternates[w] = (s, weak)

    # Known phrases: in use (web counts, >= KNOWN_DF corpus documents, WordNet lemmas).
    known_all: set[tuple[str, ...]] = set(web) | {t for t, c in df.items() if c >= KNOWN_DF}
    known_all |= {phrase_key(tokens(m)) for m in multi}
    by_first: dict[str, set[str]] = collections.defaultdict(set)
    for t in terms:
        if len(t) == 2:
            by_first[t[0]].add(t[1])
    known: set[tuple[str, ...]] = set()
    for k in known_all:
        if len(k) != 2 or k in terms:
            continue
        a1 = {k[0], *_alts(alternates, k[0])}
        a2 = {k[1], *_alts(alternates, k[1])}
        if any(by_first.get(o, set()) & a2 for o in a1):
            known.add(k)
    for k in known_all:
        if len(k) == 3 and k not in terms and any(
                ((*k[:i], o, *k[i + 1:])) in terms for i in (0, 2) for o in _alts(alternates, k[i])):
            known.add(k)

    OUT.mkdir(parents=True, exist_ok=True)
    _write_gz(OUT / "colloc_terms.tsv.gz", (f"{' '.join(t)}\t{w}" for t, w in sorted(terms.items())))
    _write_gz(OUT / "colloc_alternates.tsv.gz",
              (f"{w}\t{','.join(s)}\t{','.join(weak)}" for w, (s, weak) in sorted(alternates.items())))
    _write_gz(OUT / "colloc_known.tsv.gz", (" ".join(k) for k in sorted(known)))
    return {"terms": len(terms), "alternates": len(alternates),
            "strong_words": sum(1 for s, _ in alternates.values() if s), "known": len(known),
            "train_rows": len(train)}


def _alts(alternates: dict[str, tuple[list[str], list[str]]], w: str) -> list[str]:
    s, weak = alternates.get(w, ([], []))
    return [*s, *weak]


def _write_gz(path: Path, lines: Iterable[str]) -> None:
    # mtime=0: the same input gives byte-identical files.
    with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as gz:
        for ln in lines:
            gz.write((ln + "\n").encode("utf-8"))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--wheels", type=Path, required=True,
                    help="folder holding the symspellpy and wordsegment wheels (pip download --no-deps)")
    ap.add_argument("--cache", type=Path, default=None, help="folder for the corpus counts between runs")
    args = ap.parse_args()
    print(build(args.wheels, args.cache))


if __name__ == "__main__":
    main()
