"""False positives on real human writing: what spamcheck says about texts people wrote.

Scores EVERY human text of ``training.devdata.human_texts()`` (l2r per domain,
outfox student essays, SeqXGPT human documents) and prints, per source: n, the
share labelled clean / suspect / spam, the number of documents with any
``fragments`` and any ``placeholder_metadata`` flag (and per flag type), and the
share with an ``ai_padding`` score >= 0.5. Then the flag types that fire most on
human text, with example spans, so that detector owners can fix them.

    .venv/bin/python -m training.eval_fpr             # table
    .venv/bin/python -m training.eval_fpr --json      # machine-readable
    .venv/bin/python -m training.eval_fpr --no-model  # rules only
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

from training import devdata

REPO = Path(__file__).resolve().parents[1]

WATCHED = ("fragments", "placeholder_metadata")  # near-certain families: any flag on human text is wrong
N_EXAMPLES = 3


def _group_keys(rec: dict) -> list[str]:
    """The rows a record counts in: its source total, and its l2r domain."""
    if rec["source"] == "l2r":
        return ["l2r (all domains)", f"l2r/{rec['domain']}"]
    return [{"outfox": "outfox essays", "seqxgpt": "seqxgpt docs"}.get(rec["source"], rec["source"])]


def evaluate(detector: object, limit: int | None = None) -> dict:
    """Score every human text; return per-group counts and the top flag types with examples.

    >>> out = evaluate(spamcheck.Detector(model=None), limit=5)  # doctest: +SKIP
    """
    rows: dict[str, Counter] = defaultdict(Counter)
    types_by_group: dict[str, Counter] = defaultdict(Counter)
    type_docs: Counter = Counter()  # documents with >= 1 flag of each family/type
    examples: dict[str, list[dict]] = defaultdict(list)
    n_total = 0
    for rec in devdata.human_texts():
        if limit is not None and n_total >= limit:
            break
        n_total += 1
        r = detector.score(rec["text"], doc_id=rec["id"])  # type: ignore[attr-defined]
        fams = {f.family for f in r.flags}
        types = {f"{f.family}/{f.type}" for f in r.flags}
        for key in ["ALL human", *_group_keys(rec)]:
            row = rows[key]
            row["n"] += 1
            row[r.label] += 1
            row["error"] += r.error is not None
            for fam in WATCHED:
                row[f"any_{fam}"] += fam in fams
            row["ai_padding>=0.5"] += r.scores.get("ai_padding", 0.0) >= 0.5
            for t in types:
                if t.split("/")[0] in WATCHED:
                    types_by_group[key][t] += 1
        for t in types:
            type_docs[t] += 1
        for f in r.flags:
            key = f"{f.family}/{f.type}"
            if len(examples[key]) < N_EXAMPLES and all(e["id"] != rec["id"] for e in examples[key]):
                examples[key].append({
                    "id": rec["id"], "start": f.start, "end": f.end, "text": f.text[:200],
                    "reason": f.reason, "strength": f.strength,
                })
    groups = {}
    for key, row in rows.items():
        n = row["n"]
        groups[key] = {
            "n": n,
            "clean": row["clean"] / n,
            "suspect": row["suspect"] / n,
            "spam": row["spam"] / n,
            "errors": row["error"],
            **{f"docs_any_{fam}": row[f"any_{fam}"] for fam in WATCHED},
            "ai_padding_ge_0.5": row["ai_padding>=0.5"] / n,
            "watched_flag_types": dict(types_by_group[key].most_common()),
        }
    top = [
        {"type": t, "docs": c, "share": c / max(n_total, 1), "examples": examples[t]}
        for t, c in type_docs.most_common()
    ]
    return {"n_docs": n_total, "groups": groups, "flag_types_by_docs": top}


def _order(keys: list[str]) -> list[str]:
    first = ["ALL human", "l2r (all domains)"]
    rest = sorted(k for k in keys if k.startswith("l2r/"))
    other = sorted(k for k in keys if k not in first and not k.startswith("l2r/"))
    return [k for k in first if k in keys] + other + rest


def print_table(out: dict) -> None:
    g = out["groups"]
    head = ("source", "n", "clean", "susp.", "spam", "frag", "meta", "ai>=.5")
    print("{:28} {:>5} {:>6} {:>6} {:>6} {:>5} {:>5} {:>7}".format(*head))
    for k in _order(list(g)):
        r = g[k]
        frag, meta = r["docs_any_fragments"], r["docs_any_placeholder_metadata"]
        print(f"{k:28} {r['n']:5d} {r['clean']:6.1%} {r['suspect']:6.1%} {r['spam']:6.1%} "
              f"{frag:5d} {meta:5d} {r['ai_padding_ge_0.5']:7.1%}")
    print("\nfrag/meta = documents with any fragments / placeholder_metadata flag.")
    watched = g.get("ALL human", {}).get("watched_flag_types", {})
    if watched:
        print("\nfragments / placeholder_metadata flags on human text (documents):")
        for t, c in watched.items():
            print(f"  {t:45} {c}")
    print("\nmost frequent flag types on human text (documents with >= 1), with examples:")
    for row in out["flag_types_by_docs"][:15]:
        print(f"  {row['type']:45} {row['docs']:5d} ({row['share']:.1%})")
        for e in row["examples"]:
            txt = e["text"].replace("\n", " ")
            txt = txt if len(txt) <= 90 else txt[:87] + "..."
            print(f"      {e['id']}: {txt!r} ({e['reason']})")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="False positives of spamcheck on the shared human texts.")
    ap.add_argument("--json", action="store_true", help="print JSON instead of the table")
    ap.add_argument("--no-model", action="store_true", help="rules only (ignore the shipped model)")
    ap.add_argument("--limit", type=int, default=None, help="only the first N human texts (smoke test)")
    args = ap.parse_args(argv)
    if not devdata.text_dir().exists():
        print(f"eval_fpr: no shared data at {devdata.text_dir()}", file=sys.stderr)
        return 2
    import spamcheck

    det = spamcheck.Detector(model=None) if args.no_model else spamcheck.Detector()
    t0 = time.perf_counter()
    out = evaluate(det, args.limit)
    out["scorer"] = "rules" if det.model is None else "model"
    out["seconds"] = round(time.perf_counter() - t0, 1)
    if args.json:
        print(json.dumps(out, indent=2, ensure_ascii=False))
    else:
        print(f"{out['n_docs']} human texts, scorer={out['scorer']}, {out['seconds']} s\n")
        print_table(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
