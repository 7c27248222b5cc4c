"""Build the shipped ``ai`` and ``spun`` lexicons from ``../shared/data/lexicons``.

Run from the repository root: ``.venv/bin/python -m training.build_ai_spun_lexicons``.
Deterministic: the same shared data gives the same files. The selection rules
are written in ``src/spamcheck/lexicons/{ai,spun}/NOTICE``; in short:

* Kobak excess words: style words (``style``, ``content/style``, ``style/content``)
  that are not English stop words, occur in < 2 % of the human development texts
  and are not rarer in machine text than in human text (ratio >= 1.5, or too rare
  in both to measure). Weight from the machine/human document-frequency ratio.
* antislop words (counted in LLM FICTION): kept only when they are also
  over-represented in the non-fiction machine texts of the development sets
  (ratio >= 2, machine df >= 0.2 %, human df < 1 %): names ("elara") and most
  narrative words ("nodded", "stared") fail this and are dropped.
* antislop phrases: see :func:`build_slop_phrases`.
* Tortured phrases: the TRAIN split of the PPS sample (held-out rows by fixed hash, see
  training/build_spun_collocations.py), with the query syntax resolved (see
  :func:`tortured_entries`).
"""

from __future__ import annotations

import csv
import json
import math
import re
import sys
from collections import Counter
from pathlib import Path

from spamcheck.lexicons.matcher import PhraseMatcher
from training import devdata

REPO = Path(__file__).resolve().parents[1]

LEX = devdata.shared_dir() / "data" / "lexicons"
OUT = REPO / "src" / "spamcheck" / "lexicons"
_WORD = re.compile(r"\w+(?:['’]\w+)*")


def doc_freqs(matcher: PhraseMatcher | None = None) -> tuple[Counter, Counter, int, int]:
    """Document frequency of every word (or matcher phrase) in human and machine texts."""
    hum: Counter = Counter()
    mac: Counter = Counter()
    nh = nm = 0
    for r in devdata.iter_all():
        if matcher is None:
            keys = {w.lower() for w in _WORD.findall(r["text"])}
        else:
            keys = {k for _, _, k in matcher.finditer(r["text"])}
        if r["label"] == "human":
            hum.update(keys)
            nh += 1
        else:
            mac.update(keys)
            nm += 1
    return hum, mac, nh, nm


def ratio_weight(h: float, m: float) -> tuple[float, float]:
    """``(ratio, weight)``: machine/human df ratio, and a 0.2..1 weight from it."""
    ratio = (m + 1e-3) / (h + 1e-3)
    return ratio, round(min(1.0, max(0.2, math.log2(max(ratio, 1.0)) / 4)), 3)


def build_vocabulary() -> list[tuple[str, float, str]]:
    stop = set((OUT / "stopwords" / "en.txt").read_text(encoding="utf-8").split())
    hum, mac, nh, nm = doc_freqs()
    out: dict[str, tuple[float, str]] = {}
    with open(LEX / "excess-vocab-kobak" / "results" / "excess_words.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            w = row["word"].strip().lower()
            if row["type"] not in ("style", "content/style", "style/content") or w in stop:
                continue
            h, m = hum[w] / nh, mac[w] / nm
            ratio, weight = ratio_weight(h, m)
            rare = h < 1e-3 and m < 1e-3
            if h < 0.02 and (ratio >= 1.5 or rare):
                out[w] = (weight if not rare else 0.3, "kobak")
    slop = json.loads((LEX / "antislop" / "slop_words_2025-04-07.json").read_text(encoding="utf-8"))
    for w, _count in slop:
        w = w.strip().lower()
        if w in out or w in stop or not re.fullmatch(r"[a-z][a-z'-]+", w):
            continue
        h, m = hum[w] / nh, mac[w] / nm
        ratio, weight = ratio_weight(h, m)
        if ratio >= 2 and m >= 0.002 and h < 0.01:
            out[w] = (weight, "antislop")
    return sorted((w, wt, src) for w, (wt, src) in out.items())


def build_slop_phrases(vocab: list[tuple[str, float, str]]) -> list[tuple[str, float, str]]:
    """Fiction phrases are rare in non-fiction, so the frequency rule keeps none of them.

    Instead keep a phrase when it holds a strongly LLM-typical word of the selected
    vocabulary (weight >= 0.5: "tapestry", "testament", "symphony" ...) and never
    occurs in the human development texts.
    """
    strong = {w for w, wt, _ in vocab if wt >= 0.5}
    slop = json.loads((LEX / "antislop" / "slop_phrases_2025-04-07.json").read_text(encoding="utf-8"))
    phrases = [p for p, _ in slop if len(p.split()) >= 2 and strong & set(_WORD.findall(p.lower()))]
    m = PhraseMatcher(phrases)
    hum, _mac, _nh, _nm = doc_freqs(m)
    return [(p, 0.5, "antislop") for p in sorted(m.phrases) if hum[p] == 0]


def build_hc3() -> list[str]:
    lines = (LEX / "hc3-indicating-words" / "HC3" / "indicating_words_en_chatgpt.txt").read_text(
        encoding="utf-8").splitlines()
    # "Inc." and "In general" are ordinary; the rest are chat-assistant formulas.
    skip = {"inc.", "in general"}
    out = []
    for s in lines:
        s = s.strip()
        if s and s.lower() not in skip and s.lower() not in {x.lower() for x in out}:
            out.append(s)
    return out


def resolve_query(q: str) -> list[str]:
    """Plain phrases of one screener query (rules in :func:`tortured_entries`).

    >>> resolve_query("back spread AND neural"), resolve_query("exactness accuracy~5")
    (['back spread'], [])
    """
    out = []
    q = q.split(" AND ")[0]
    for alt in q.split(" OR "):
        alt = re.sub(r"\([^)]*\)", " ", alt)
        if "~" in alt:
            words = alt.split("~")[0].split()
            alt = " ".join(words[:-1]) if len(words) > 2 else ""
            if len(words) == 2:
                continue
        alt = " ".join(alt.split()).strip(" ,")
        if not alt or (" " not in alt and "-" not in alt):
            continue
        out.append(alt)
    return out


def tortured_entries() -> list[tuple[str, int]]:
    """Resolve the PPS query syntax of the TRAIN split into plain phrases.

    ``A OR B`` gives both; ``A AND B`` keeps ``A`` (``B`` is the context the
    screener also requires) unless ``A`` is a single word; ``A B~5`` (proximity)
    keeps ``A`` when it has two or more words; parenthesised parts are dropped.
    Single plain words are dropped unless hyphenated (``pre-handling``).

    Only rows of the train split are used: a row is held out when
    ``int(sha256(query.strip().lower()).hexdigest(), 16) % 100 < 30`` (see
    ``training/build_spun_collocations.py``); nothing is built from held-out rows.
    """
    from training.build_spun_collocations import tortured_rows

    out: dict[str, int] = {}
    for q, papers in tortured_rows("train"):
        for alt in resolve_query(q):
            out[alt] = max(out.get(alt, 0), papers)
    return sorted(out.items())


def build_tortured() -> int:
    """Rewrite only ``spun/tortured_phrases.tsv`` (``--tortured-only``)."""
    tortured = tortured_entries()
    write_tsv(OUT / "spun" / "tortured_phrases.tsv", ["phrase", "papers"], tortured)
    return len(tortured)


def write_tsv(path: Path, header: list[str], rows: list[tuple]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write("\t".join(header) + "\n")
        for r in rows:
            f.write("\t".join(str(x) for x in r) + "\n")


def main() -> None:
    if "--tortured-only" in sys.argv:
        print(f"tortured {build_tortured()}")
        return
    vocab = build_vocabulary()
    write_tsv(OUT / "ai" / "vocabulary.tsv", ["word", "weight", "source"], vocab)
    phrases = build_slop_phrases(vocab)
    write_tsv(OUT / "ai" / "antislop_phrases.tsv", ["phrase", "weight", "source"], phrases)
    hc3 = build_hc3()
    (OUT / "ai" / "hc3_chatgpt.txt").write_text("\n".join(hc3) + "\n", encoding="utf-8")
    tortured = tortured_entries()
    write_tsv(OUT / "spun" / "tortured_phrases.tsv", ["phrase", "papers"], tortured)
    print(f"vocabulary {len(vocab)}, antislop phrases {len(phrases)}, hc3 {len(hc3)}, "
          f"tortured {len(tortured)}")


if __name__ == "__main__":
    main()
