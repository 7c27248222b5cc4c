"""The ``fragments`` family on real human text and on both composers' pages.

1. Precision: per human source (HTML pages prepared through the full pipeline:
   trafilatura-eval, cleaneval-dev, cleanportaleval; MASC registers (fewer than
   50 documents pooled into "written, other" / "spoken, other"), the speeches,
   l2r human per domain, OUTFOX human, SeqXGPT human): the share of documents
   with ``fragments`` family score >= 0.5, and the flag types behind them.
2. Location: per inserted defect kind, the share of composed spam pages where a
   flag of the defect's family overlaps the inserted span, for the training
   composer (``compose.py``) and the evaluation composer (``compose_eval.py``);
   with ``--labels``, also the share of composed spam / human pages labelled
   spam by the shipped model and with ``fragments`` >= 0.5.

    PYTHONPATH=src:. python training/eval_fragments.py [--per-source 400] [--pages 300] [--labels]

Prepared documents are cached in /tmp/frag (HTML extraction is the slow part).
Tune only on the training composer and human text, never on ``--eval`` pages.
"""

from __future__ import annotations

import argparse
import gzip
import json
import pickle
import random
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from spamcheck import Detector  # noqa: E402
from spamcheck.detector import family_score  # noqa: E402
from spamcheck.html.extraction import html_document  # noqa: E402
from spamcheck.text.document import Document  # noqa: E402
from spamcheck.text.languages import LanguageGuesser  # noqa: E402
from training import devdata, html_data  # noqa: E402

CACHE = Path("/tmp/frag")
# Which family locates each inserted defect kind.
FAMILY_OF = {"fragment": "fragments", "truncated": "fragments", "prompt_leak": "fragments",
             "author_block": "placeholder_metadata", "repeated_titles": "boilerplate"}


def human_sources(per_source: int, seed: int = 7) -> dict[str, list[tuple[str, str, bool]]]:
    """(id, text, is_html) per source row, at most ``per_source`` each (seeded sample)."""
    rng = random.Random(seed)
    rows: dict[str, list[tuple[str, str, bool]]] = defaultdict(list)
    for page in html_data.iter_pages():
        rows[f"html/{page.set}"].append((page.name, page.html.decode("utf-8", "replace"), True))
    root = devdata.text_dir() / "human-registers"
    masc = [json.loads(x) for x in gzip.decompress((root / "masc.jsonl.gz").read_bytes()).splitlines()]
    counts = Counter(d["register"] for d in masc)
    for d in masc:
        reg = d["register"] if counts[d["register"]] >= 50 else f"{d['mode']}, other"
        rows[f"masc/{reg}"].append((d["id"], d["text"], False))
    for line in gzip.decompress((root / "speeches.jsonl.gz").read_bytes()).splitlines():
        d = json.loads(line)
        rows[f"speeches/{d['register']}"].append((d["id"], d["text"], False))
    for r in devdata.human_texts():
        key = f"l2r/{r['domain']}" if r["source"] == "l2r" else r["source"]
        rows[key].append((r["id"], r["text"], False))
    for k, v in rows.items():
        if len(v) > per_source:
            rows[k] = rng.sample(v, per_source)
    return dict(rows)


def prepared(per_source: int) -> dict[str, list[Document]]:
    path = CACHE / f"human_docs_{per_source}.pkl"
    if path.exists():
        try:
            return pickle.loads(path.read_bytes())
        except (ModuleNotFoundError, AttributeError, pickle.UnpicklingError):
            pass  # written by an older layout of the package: prepared again
    lg = LanguageGuesser()
    out: dict[str, list[Document]] = {}
    for key, items in sorted(human_sources(per_source).items()):
        docs = []
        for doc_id, text, is_html in items:
            d = (html_document(text, doc_id=doc_id, languages=lg, warnings=[]) if is_html
                 else Document(text, doc_id=doc_id, languages=lg))
            d.language  # noqa: B018 - computed before pickling
            d.prose()
            docs.append(d)
        out[key] = docs
        print(f"prepared {key}: {len(docs)}", file=sys.stderr, flush=True)
    CACHE.mkdir(parents=True, exist_ok=True)
    path.write_bytes(pickle.dumps(out))
    return out


def precision(detector: Detector, docs: dict[str, list[Document]], show: int = 0) -> dict[str, dict]:
    fam = next(f for f in detector.families if f.family == "fragments")
    out = {}
    for key, ds in docs.items():
        n_hi, n_any, types = 0, 0, Counter()
        for d in ds:
            flags = fam.detect(d).flags
            s = family_score(flags)
            n_any += bool(flags)
            if s >= 0.5:
                n_hi += 1
                types.update({f.type for f in flags})
                if show:
                    show -= 1
                    for f in flags:
                        print(f"  [{key}] {d.id} {f.type} {f.strength}: {f.text[:100]!r} -- {f.reason}")
        m = max(len(ds), 1)
        out[key] = {"n": len(ds), "fragments>=0.5": n_hi / m, "any_flag": n_any / m, "types": dict(types)}
    return out


def location(detector: Detector, pages: list[dict], labels: bool) -> dict:
    hit: Counter = Counter()
    tot: Counter = Counter()
    lab: Counter = Counter()
    n: Counter = Counter()
    for p in pages:
        r = detector.score(p["text"], doc_id=p["id"], html=False)
        n[p["label"]] += 1
        lab[(p["label"], "spam")] += r.label == "spam"
        lab[(p["label"], "frag")] += r.scores.get("fragments", 0.0) >= 0.5
        lab[(p["label"], "any_defect_family")] += any(r.scores.get(f, 0.0) >= 0.5 for f in
                                                      ("fragments", "spun", "placeholder_metadata"))
        for d in p["defects"]:
            fam = FAMILY_OF[d["kind"]]
            tot[d["kind"]] += 1
            hit[d["kind"]] += any(f.family == fam and f.start < d["end"] and f.end > d["start"]
                                  for f in r.flags)
    out = {"located": {k: {"n": tot[k], "rate": hit[k] / tot[k]} for k in sorted(tot)}}
    out["pages"] = {lb: {"n": n[lb], **({"spam_label": lab[(lb, "spam")] / n[lb]} if labels else {}),
                         "fragments>=0.5": lab[(lb, "frag")] / n[lb],
                         "defect_family>=0.5": lab[(lb, "any_defect_family")] / n[lb]} for lb in n}
    return out


def main(argv: list[str] | None = None) -> int:
    global CACHE
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--per-source", type=int, default=400)
    ap.add_argument("--pages", type=int, default=300, help="spam pages (and human pages) per composer")
    ap.add_argument("--labels", action="store_true", help="load the shipped model for spam labels")
    ap.add_argument("--eval", action="store_true", help="also the evaluation composer (report only)")
    ap.add_argument("--no-human", action="store_true")
    ap.add_argument("--show", type=int, default=0, help="print flags of this many flagged human docs")
    ap.add_argument("--json", default="")
    ap.add_argument("--cache", default=str(CACHE), help="folder of the prepared human documents")
    args = ap.parse_args(argv)
    CACHE = Path(args.cache)
    det = Detector() if args.labels else Detector(model=None)
    result: dict = {}
    if not args.no_human:
        t = time.time()
        prec = precision(det, prepared(args.per_source), args.show)
        result["precision"] = prec
        print(f"{'human source':34} {'n':>5} {'frag>=0.5':>9} {'any flag':>8}  types (docs >= 0.5)")
        for k, v in sorted(prec.items()):
            print(f"{k:34} {v['n']:5d} {v['fragments>=0.5']:9.3f} {v['any_flag']:8.3f}  {v['types']}")
        worst = max(v["fragments>=0.5"] for v in prec.values())
        print(f"worst source: {worst:.3f} ({time.time() - t:.0f}s)")
    from training.compose import compose
    from training.compose_eval import compose_eval

    recs = list(devdata.iter_all())
    composers = [("training composer", compose(recs, args.pages, args.pages, seed=11))]
    if args.eval:
        composers.append(("EVALUATION composer", compose_eval(recs, args.pages, args.pages, seed=1000)))
    for name, pages in composers:
        loc = location(det, pages, args.labels)
        result[name] = loc
        print(f"\n{name}: defect located by a flag of its family overlapping the inserted span")
        for k, v in loc["located"].items():
            print(f"  {k:16} {FAMILY_OF[k]:20} n={v['n']:4d} located={v['rate']:.3f}")
        for lb, v in loc["pages"].items():
            shown = ", ".join(f"{a}={b if a == 'n' else round(b, 3)}" for a, b in v.items())
            print(f"  {lb} pages: {shown}")
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
