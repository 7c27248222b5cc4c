"""Build ``src/spamcheck/lexicons/wordfreq/en-bigrams.tsv.gz``: the English word-bigram table of
:mod:`spamcheck.model.bigrams` (the ai head's bigram-surprisal profile).

    pip download --no-deps wordsegment==1.3.1 -d /tmp/ws && unzip -o /tmp/ws/wordsegment-*.whl -d /tmp/ws
    .venv/bin/python -m training.build_bigrams /tmp/ws/wordsegment/{unigrams,bigrams}.txt

Source: ``wordsegment`` 1.3.1 ``bigrams.txt`` and ``unigrams.txt`` (Apache-2.0; counts of the
Google Web Trillion Word Corpus via Peter Norvig's "Natural Language Corpus Data"; the bigram
file lists every bigram seen at least 100,000 times), web text of 2006, counted before large
language models existed. Kept: the ``TOP`` most frequent bigrams of two purely alphabetic
words that are both in the word table ``en.tsv.gz`` (``training/build_wordfreq.py``: the
profile needs both words' frequencies), each with its joint Zipf value (log10 occurrences
per billion words, over the unigram file's total, the scale of the word table), two decimals,
in rank order (a pair the file lists more than once, from its lower-cased case variants, is
counted once with their sum). Deterministic: the same input gives the same bytes (gzip mtime 0).
"""

from __future__ import annotations

import argparse
import math
from pathlib import Path

from training.build_wordfreq import TOP as TOP_WORDS
from training.build_wordfreq import build as build_words
from training.build_wordfreq import write_table

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "src" / "spamcheck" / "lexicons" / "wordfreq" / "en-bigrams.tsv.gz"
TOP = 300_000  # every qualifying bigram of the file (about 200,000): the file is the cut-off


def unigram_total(unigrams: Path) -> int:
    """The sum of every count of ``unigrams.txt`` (the denominator of the word table's Zipf values)."""
    return sum(int(line.split("\t")[1]) for line in unigrams.read_text(encoding="utf-8").splitlines())


def build(unigrams: Path, bigrams: Path, top: int = TOP) -> list[tuple[str, float]]:
    """``("w1 w2", zipf)`` of the ``top`` most frequent bigrams whose words are both in the word table."""
    words = {w for w, _ in build_words(unigrams, TOP_WORDS)}
    total = unigram_total(unigrams)
    # The file was lower-cased from case-sensitive counts, so one pair can appear up to three
    # times ("In the", "in the", "IN THE"): their counts add up.
    counts: dict[str, int] = {}
    for line in bigrams.read_text(encoding="utf-8").splitlines():
        pair, count = line.split("\t")
        w1, _, w2 = pair.partition(" ")
        if w1 in words and w2 in words:
            counts[pair] = counts.get(pair, 0) + int(count)
    rows = sorted(counts.items(), key=lambda r: (-r[1], r[0]))
    return [(p, round(math.log10(c / total * 1e9), 2)) for p, c in rows[:top]]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("unigrams", type=Path, help="wordsegment's unigrams.txt")
    ap.add_argument("bigrams", type=Path, help="wordsegment's bigrams.txt")
    ap.add_argument("--top", type=int, default=TOP)
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args(argv)
    rows = build(args.unigrams, args.bigrams, args.top)
    write_table(rows, args.out)
    print(f"build_bigrams: {len(rows)} bigrams -> {args.out} ({args.out.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
