"""EVALUATION composer: stitched spam pages and human pages the training composer never makes.

Never tune thresholds or rules on these pages (``training/compose.py`` is the
training composer). What differs from it:

* sources: machine prose from the l2r domains NOT in ``compose.TRAIN_DOMAINS``,
  and from OUTFOX and SeqXGPT machine texts; fragments, quotes and titles cut
  from MASC registers, the speeches and the other l2r domains' human items;
  human pages from MASC / speeches / the other l2r domains / OUTFOX / SeqXGPT
  human texts;
* lead-ins and quote styles: other lead-in wordings, guillemets, „…“, single
  curly quotes, straight single quotes, and fragments with no quotes at all;
* defect positions: a truncated paragraph at the end, before a reference list,
  before related titles, before an author box, before a footer, or in the
  middle of the article; prompt leaks of other wordings; author boxes and
  repeated title lists in other layouts.

Each spam page lists its inserted defects with kind and span (``defects``).

    PYTHONPATH=src:. python training/compose_eval.py [seed]   # print two pages
"""

from __future__ import annotations

import gzip
import json
import random
import re
from collections.abc import Iterable
from pathlib import Path

from training.compose import DATA, TRAIN_DOMAINS, Page, fake_person, lorem, paragraphs, title_case

_SENT = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")
LEADS = (
    "In the words of one analyst, ", "A recent survey found ", "Observers have described it as ",
    "The organisers called it ", "Local media wrote of ", "Industry insiders speak of ",
    "As the brochure puts it, ", "Residents describe ",
)
QUOTES = (("«", "»"), ("„", "“"), ("‘", "’"), ("'", "'"), ("“", "”"), ("", ""))
PROMPT_LEAKS = (
    "This paragraph was written based on the given keywords and outline.",
    "As per your instructions, the tone stays informal throughout.",
    "Meta title: {title} | Complete Guide",
    "SEO title: {title}",
    "Target keywords: {kw}, {kw} guide, best {kw}",
    "[Insert relevant statistic here]",
    "Sure! Here is the revised article with the keywords included.",
    "Note: the provided data does not include the exact date, so it is left out.",
    "I cannot verify these claims, as of my last update.",
)
FOOTERS = (
    "© {year} {site}. All rights reserved.",
    "Privacy Policy | Terms of Service | Cookie Settings",
    "Subscribe to our newsletter for weekly updates",
)
REF_HEADS = ("References", "Sources", "Further reading", "Notes")


def _registers() -> list[dict]:
    from training import devdata

    out = []
    root = devdata.text_dir() / "human-registers"
    for name in ("masc.jsonl.gz", "speeches.jsonl.gz"):
        for line in gzip.decompress((root / name).read_bytes()).decode("utf-8").splitlines():
            d = json.loads(line)
            out.append({"id": d["id"], "text": d["text"], "label": "human", "source": "human-registers",
                        "domain": d["register"], "generator": None, "attack": None})
    return out


def eval_records(records: Iterable[dict]) -> list[dict]:
    """The records the evaluation composer may use: nothing the training composer reads."""
    keep = [r for r in records if not (r["source"] == "l2r" and r["domain"] in TRAIN_DOMAINS)]
    return keep + _registers()


def _sentences(texts: Iterable[str]) -> list[str]:
    out = []
    for t in texts:
        for s in _SENT.split(" ".join(t.split())):
            if 10 <= len(s.split()) <= 40 and s[-1:] in ".!?":
                out.append(s)
    return out


def fragment(rng: random.Random, sentences: list[str]) -> str:
    """A piece from inside a real sentence: it starts and/or stops mid-sentence."""
    words = rng.choice(sentences).rstrip(".!?").split()
    a = rng.randint(1, max(1, len(words) // 2))
    b = rng.randint(min(len(words) - 1, a + 4), min(len(words) - 1, a + 14))
    return " ".join(words[a:b]).strip(",;:")


def author_box(rng: random.Random) -> list[str]:
    p = fake_person(rng)
    style = rng.randrange(3)
    if style == 0:
        return [f"{p['Name']} | {p['Job']} at {p['Company']}", f"E-mail: {p['Email']} · Tel. {p['Phone']}",
                f"Born {p['Birthdate']}, lives at {p['Address']}", lorem(rng, 2)]
    if style == 1:
        return ["Meet the author", p["Name"], f"@{p['Username']}", p["Job"], lorem(rng, 3)]
    return [f"Article by {p['Name']}, {p['Job']}", f"{lorem(rng, 1)} Reach out: {p['Email']}"]


def spam_page(machine: list[dict], rng: random.Random, sents: list[str], titles: list[str]) -> Page:
    title = rng.choice(titles)
    paras = [p for r in machine for p in paragraphs(r["text"], rng)][:12]
    signs = rng.sample(["fragments", "truncated", "related", "author", "prompt"], rng.randint(2, 4))
    blocks: list[tuple[str, list]] = [(p, []) for p in paras]
    if "fragments" in signs:
        for _ in range(rng.randint(1, 3)):
            frag = fragment(rng, sents)
            i = rng.randrange(len(blocks))
            o, c = rng.choice(QUOTES)
            text, marks = blocks[i]
            if rng.random() < 0.5 and o:
                head = f"{text} {rng.choice(LEADS)}"
                end = rng.choice([".", ""])
                new = f"{head}{o}{frag}{c}{end}" if end == "" else f"{head}{o}{frag}{c}."
                blocks[i] = (new, [*marks, ("fragment", len(head), len(head) + len(o) + len(frag) + len(c))])
            else:
                piece = f"{o}{frag}{c}"
                blocks.insert(i + 1, (piece, [("fragment", 0, len(piece))]))
    if "prompt" in signs:
        kw = " ".join(title.lower().split()[:2])
        leak = rng.choice(PROMPT_LEAKS).format(title=title, kw=kw)
        blocks.insert(rng.randrange(len(blocks) + 1), (leak, [("prompt_leak", 0, len(leak))]))
    tail: list[tuple[str, str | None]] = []
    if "related" in signs:
        picked = rng.sample(titles, rng.randint(2, 5))
        arrangement = rng.randrange(2)
        tail.append(("Read next", None))
        if arrangement == 0:  # the list, then the same list in a sidebar
            tail += [(t, None) for t in picked] + [("Editor's picks", None)]
            tail += [(t, "repeated_titles") for t in picked]
        else:  # each title with a teaser line, then the titles again as links
            for t in picked:
                tail += [(t, None), (f"{rng.randint(1, 28)} {rng.choice(['May', 'Oct'])} · 3 min read", None)]
            tail += [(f"» {t}", "repeated_titles") for t in picked]
    if "author" in signs:
        tail += [(line, "author_block") for line in author_box(rng)]
    if "truncated" in signs:
        # Where the cut lands: the end, before the tail, before references or a footer, mid-article.
        where = rng.choice(["end", "end", "references", "footer", "middle"])
        prose = [i for i, (_t, m) in enumerate(blocks) if not m and len(_t.split()) > 12]
        if prose:
            i = prose[len(prose) // 2] if where == "middle" else prose[-1]
            if where != "middle":
                del blocks[i + 1 :]
            text = blocks[i][0]
            words = text.split()
            cut = " ".join(words[: rng.randint(max(4, len(words) // 2), len(words) - 2)]).rstrip(".,;:!?")
            m = max(cut.rfind(". "), cut.rfind("? "), cut.rfind("! "))
            blocks[i] = (cut, [("truncated", m + 2 if m >= 0 else 0, len(cut))])
            if where == "references":
                refs = [f"[{k}] {s[:80]}" for k, s in enumerate(rng.sample(sents, 3), 1)]
                blocks += [(rng.choice(REF_HEADS), [])] + [(r, []) for r in refs]
            elif where == "footer":
                tail.append((rng.choice(FOOTERS).format(year=rng.randint(2015, 2025), site=title.split()[0]),
                             None))
    page = Page()
    page.add(title)
    for t, marks in blocks:
        page.add(t, *marks)
    for t, kind in tail:
        page.add(t, *([(kind, 0, len(t))] if kind else []))
    return page


def human_page(human: list[dict], rng: random.Random, sents: list[str], titles: list[str]) -> str:
    """A real-looking human page: header, byline, complete quotes, related list once, sign-off."""
    paras = [p for r in human for p in paragraphs(r["text"], rng)][:12]
    head = [rng.choice(titles)]
    if rng.random() < 0.5:
        head.append(f"Posted on {rng.randint(1, 28)} March {rng.randint(2005, 2023)} by "
                    f"{rng.choice(DATA['first_names'])}")
    if rng.random() < 0.5 and paras:
        o, c = rng.choice(QUOTES[:5])
        s = rng.choice(sents)
        i = rng.randrange(len(paras))
        paras[i] = f"{paras[i]} {rng.choice(['As she put it: ', 'He wrote: ', ''])}{o}{s}{c}"
    tail = []
    if rng.random() < 0.4:
        tail += [rng.choice(["Best wishes", "Thanks and regards", "Cheers"]), rng.choice(DATA["first_names"])]
    if rng.random() < 0.5:
        tail.append("See also")
        tail += rng.sample(titles, rng.randint(2, 4))
    if rng.random() < 0.3:
        tail.append(rng.choice(FOOTERS).format(year=rng.randint(2005, 2024), site="Example"))
    return "\n\n".join([*head, *paras, *tail])


def compose_eval(records: list[dict], n_spam: int, n_human: int, seed: int = 1000) -> list[dict]:
    """``n_spam`` spam and ``n_human`` human evaluation pages (seeded), with inserted defect spans."""
    rng = random.Random(seed)
    recs = eval_records(records)
    human = [r for r in recs if r["label"] == "human"]
    sents = _sentences(r["text"] for r in human if r["source"] in ("human-registers", "l2r"))
    titles = []
    for r in human:
        if r["source"] == "human-registers" and r["domain"] in ("newspaper", "blog", "travel-guides",
                                                                "essays"):
            first = _SENT.split(" ".join(r["text"].split()))[0].rstrip(".")
            if 4 <= len(first.split()) <= 14:
                titles.append(title_case(first) if rng.random() < 0.5 else first)
        elif r["source"] == "l2r" and r["domain"] in ("Entertainment", "FoodCusine", "ProductReview",
                                                      "GovernmentPublic", "TechnicalWriting"):
            first = _SENT.split(" ".join(r["text"].split()))[0].rstrip(".")
            if 4 <= len(first.split()) <= 12:
                titles.append(title_case(first))
    by: dict[tuple[str, str], list[dict]] = {}
    for r in recs:
        g = r["domain"] if r["source"] in ("l2r", "human-registers") else r["source"]
        by.setdefault((g, r["label"]), []).append(r)
    out: list[dict] = []
    for kind, n in (("spam", n_spam), ("clean", n_human)):
        lab = "machine" if kind == "spam" else "human"
        keys = sorted(k for k in by if k[1] == lab and len(by[k]) >= 2)
        for i in range(n):
            key = keys[i % len(keys)]
            texts = rng.sample(by[key], min(rng.randint(1, 3), len(by[key])))
            if kind == "spam":
                page = spam_page(texts, rng, sents, titles)
                text, defects = page.text(), page.defects()
            else:
                text, defects = human_page(texts, rng, sents, titles), []
            out.append({"id": f"composed-eval/{kind}/{i}", "text": text, "label": kind,
                        "source": f"composed-eval-{kind}", "group": key[0], "defects": defects,
                        "parts": [t["id"] for t in texts]})
    return out


if __name__ == "__main__":
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from training import devdata

    seed = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    for p in compose_eval(list(devdata.iter_all()), 2, 1, seed=seed):
        print("=" * 30, p["id"], p["group"], "\n", p["text"][-2500:])
        for d in p["defects"]:
            print("  ", d["kind"], repr(p["text"][d["start"] : d["end"]][:120]))
