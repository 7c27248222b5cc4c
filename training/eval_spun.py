"""Acceptance of the ``spun`` and ``placeholder_metadata`` families on real text.

1. Recall: every HELD-OUT tortured phrase of the shared list (the 30 % split of
   ``training/build_spun_collocations.py``; nothing shipped is built from it) is
   inserted once into a sentence of untouched human academic prose (l2r
   AcademicResearch human, MASC journal and technical, CleanEval gold text), chosen
   with a fixed seed; it is found when a ``spun`` flag overlaps the inserted span.
2. False positives: the share of documents with ``spun`` >= 0.5 and
   ``placeholder_metadata`` >= 0.5, per human source (l2r per domain, OUTFOX,
   SeqXGPT, MASC registers, speeches, CleanEval gold text) and per HTML set scored as
   HTML through the pipeline. Rules only (``Detector(model=None)``): the family
   scores do not depend on the model.

    SPAMCHECK_SHARED=/work/shared python training/eval_spun.py [--json out.json] [--no-html]
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO))

from spamcheck import Detector  # noqa: E402
from training import devdata, html_data  # noqa: E402
from training.build_ai_spun_lexicons import resolve_query  # noqa: E402
from training.build_spun_collocations import tortured_rows  # noqa: E402

SEED = 20261201
FAMILIES = ("spun", "placeholder_metadata")
_SENT = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")


def academic_docs() -> Iterator[tuple[str, str]]:
    """``(source, text)`` of the human academic prose used for insertion and FPR."""
    for r in devdata.iter_l2r():
        if r["label"] == "human" and r["domain"] == "AcademicResearch":
            yield "l2r/AcademicResearch", r["text"]
    for d in _registers("masc"):
        if d["register"] in ("journal", "technical"):
            yield f"masc/{d['register']}", d["text"]
    for p in html_data.iter_pages(("cleaneval-dev",)):
        if p.gold_text:
            yield "cleaneval-dev gold text", p.gold_text


def _registers(name: str) -> Iterator[dict]:
    with gzip.open(devdata.text_dir() / "human-registers" / f"{name}.jsonl.gz", "rt", encoding="utf-8") as f:
        for line in f:
            yield json.loads(line)


def human_texts() -> Iterator[tuple[str, str]]:
    """``(source row, text)`` of every human text source."""
    for r in devdata.human_texts():
        key = f"l2r/{r['domain']}" if r["source"] == "l2r" else r["source"]
        yield key, r["text"]
    for d in _registers("masc"):
        yield f"masc/{d['register']}", d["text"]
    for d in _registers("speeches"):
        yield f"speeches/{d['register']}", d["text"]
    for p in html_data.iter_pages(("cleaneval-dev", "cleanportaleval")):
        if p.gold_text:
            yield f"{p.set} gold text", p.gold_text


def recall(det: Detector) -> dict:
    rng = random.Random(SEED)
    hosts = []
    for src, text in academic_docs():
        sents = [m for m in _SENT.split(text) if 12 <= len(m.split()) <= 60]
        if sents:
            hosts.append((src, sents))
    phrases = sorted({p for q, _ in tortured_rows("heldout") for p in resolve_query(q)})
    hits, misses = 0, []
    by_type: Counter = Counter()
    for phrase in phrases:
        src, sents = rng.choice(hosts)
        i = rng.randrange(len(sents))
        words = sents[i].split(" ")
        j = rng.randrange(1, len(words))
        # "... the <phrase> ..." inside a real sentence, with real sentences around it.
        before = " ".join([*sents[max(0, i - 2):i], " ".join(words[:j])]) + " the "
        text = before + phrase + " " + " ".join(words[j:]) + " " + " ".join(sents[i + 1 : i + 3])
        s, e = len(before), len(before) + len(phrase)
        r = det.score(text)
        found = [f for f in r.flags if f.family == "spun" and f.start < e and s < f.end]
        if found:
            hits += 1
            by_type[found[0].type] += 1
        else:
            misses.append(phrase)
    return {"n": len(phrases), "found": hits, "recall": round(hits / max(1, len(phrases)), 4),
            "by_type": dict(by_type), "missed_examples": misses[:25]}


def fpr(det: Detector, with_html: bool) -> tuple[dict, dict]:
    rows: dict[str, Counter] = defaultdict(Counter)
    examples: dict[str, list] = defaultdict(list)

    def count(key: str, r: object, doc: str) -> None:
        for k in (key, "ALL"):
            rows[k]["n"] += 1
            for fam in FAMILIES:
                rows[k][fam] += r.scores.get(fam, 0.0) >= 0.5  # type: ignore[attr-defined]
        for f in r.flags:  # type: ignore[attr-defined]
            if f.family in FAMILIES:
                t = f"{f.family}/{f.type}"
                rows[key]["flags:" + t] += 1
                if len(examples[t]) < 12:
                    examples[t].append((key, doc, f.text[:80], f.reason[:100], f.strength))

    for key, text in human_texts():
        count(key, det.score(text), "")
    for key, text in academic_docs():
        count("ACADEMIC (" + key.split("/")[0].split(" ")[0] + ")", det.score(text), "")
    if with_html:
        for p in html_data.iter_pages():
            count(f"html/{p.set}", det.score(p.html, html=True, doc_id=p.name), p.name)
    return rows, examples


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--json", type=Path)
    ap.add_argument("--no-html", action="store_true")
    ap.add_argument("--recall-only", action="store_true")
    args = ap.parse_args()
    det = Detector(model=None)
    rec = recall(det)
    print(f"held-out tortured phrases inserted into academic prose: recall {rec['recall']:.3f} "
          f"({rec['found']}/{rec['n']}) by type {rec['by_type']}")
    out: dict = {"recall": rec}
    if not args.recall_only:
        rows, examples = fpr(det, not args.no_html)
        print(f"{'source':42s} {'n':>5s} {'spun>=0.5':>10s} {'placeholder>=0.5':>17s}")
        for k in sorted(rows):
            r = rows[k]
            spun, meta = r["spun"] / r["n"], r["placeholder_metadata"] / r["n"]
            print(f"{k:42s} {r['n']:5d} {spun:10.3%} {meta:17.3%}")
        for t, ex in sorted(examples.items()):
            print(t)
            for e in ex:
                print("   ", e)
        out["fpr"] = {k: dict(v) for k, v in rows.items()}
        out["examples"] = examples
    if args.json:
        args.json.write_text(json.dumps(out, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
