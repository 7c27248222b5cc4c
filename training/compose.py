"""Compose spam and legitimate pages from real parts, seeded and reproducible.

Spam pages look like the seed specimen: machine-written prose (from the shared
sets), dangling fragments cut from real human sentences, a truncated ending,
related-post titles repeated twice (titles are the first sentences of real l2r
items) and a Faker-style author block whose field values come from the small
lists in ``compose_data.json`` with a seeded RNG (no Faker dependency).

Legitimate pages are human prose with what real pages carry: a byline, a real-
style author bio line, complete quotes of real sentences, navigation and a
related-posts list where each title appears once.

Each page keeps the ``group`` of its main text (l2r domain, outfox, seqxgpt) so
leave-one-source-out splits hold a page out together with its source.

>>> title_case("i can't believe it")
"I Can't Believe It"
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

DATA = json.loads((Path(__file__).with_name("compose_data.json")).read_text(encoding="utf-8"))
# Domains whose first sentences read like headlines (news, reviews, web content).
TITLE_DOMAINS = {
    "NewsArticle",
    "OnlineContent",
    "Sports",
    "Entertainment",
    "Business",
    "Finance",
    "FoodCusine",
    "ProductReview",
    "Environmental",
    "GovernmentPublic",
    "ArtCulture",
}
_SENT = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'])")


def group_of(rec: dict) -> str:
    """The leave-one-source-out group of a record: its l2r domain or its set."""
    return rec["domain"] if rec["source"] == "l2r" else rec["source"]


@dataclass
class Parts:
    """Real material to build pages from, gathered once from human records."""

    sentences: list[str] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)


def load_parts(records: Iterable[dict], max_sentences: int = 20000) -> Parts:
    """Real sentences (for fragments and quotes) and titles (first sentences) from human texts."""
    parts = Parts()
    for r in records:
        if r["label"] != "human" or r["source"] != "l2r":
            continue
        headline = r["domain"] in TITLE_DOMAINS
        sents = [s.strip() for s in _SENT.split(" ".join(r["text"].split())) if s.strip()]
        if not sents:
            continue
        first = sents[0].rstrip(".")
        if headline and 4 <= len(first.split()) <= 14:
            parts.titles.append(first)
        for s in sents[1:]:
            if 10 <= len(s.split()) <= 40 and len(parts.sentences) < max_sentences:
                parts.sentences.append(s)
    return parts


def title_case(text: str) -> str:
    """Capitalise each word's first letter, leaving the rest alone (``Can't``, not ``Can'T``)."""
    return " ".join(w[:1].upper() + w[1:] for w in text.split())


def paragraphs(text: str, rng: random.Random) -> list[str]:
    """Split prose into paragraphs of 2-5 sentences (single-block sources have none)."""
    blocks = [b for b in re.split(r"\n\s*\n|\n", text) if b.strip()]
    out: list[str] = []
    for b in blocks:
        sents = _SENT.split(" ".join(b.split()))
        i = 0
        while i < len(sents):
            k = rng.randint(2, 5)
            out.append(" ".join(sents[i : i + k]))
            i += k
    return out


def fake_person(rng: random.Random) -> dict[str, str]:
    """Faker-style fields from the data lists: name, username, email, address ..."""
    first, last = rng.choice(DATA["first_names"]), rng.choice(DATA["last_names"])
    name = f"{first} {last}"
    if rng.random() < 0.4:
        name = f"{rng.choice(DATA['name_prefixes'])} {name}"
    if rng.random() < 0.3:
        name = f"{name} {rng.choice(DATA['name_suffixes'])}"
    other = rng.choice(DATA["last_names"]).lower()
    user = rng.choice(
        [
            f"{other}.{first.lower()}",
            f"{first.lower()}{rng.randint(1, 99)}",
            f"{last.lower()}.{other}",
            f"{first[0].lower()}{other}",
        ]
    )
    city = rng.choice(DATA["city_patterns"]).format(
        first=rng.choice(DATA["first_names"]), last=rng.choice(DATA["last_names"])
    )
    street = (
        f"{rng.randint(10, 99999)} {rng.choice(DATA['last_names'])} {rng.choice(DATA['street_suffixes'])}"
    )
    if rng.random() < 0.5:
        street += f" {rng.choice(DATA['unit_prefixes'])} {rng.randint(1, 999)}"
    company = rng.choice(
        [
            f"{rng.choice(DATA['last_names'])}, {rng.choice(DATA['last_names'])} and "
            f"{rng.choice(DATA['last_names'])}",
            f"{rng.choice(DATA['last_names'])} LLC",
            f"{rng.choice(DATA['last_names'])}-{rng.choice(DATA['last_names'])}",
            f"{rng.choice(DATA['last_names'])} Inc",
        ]
    )
    return {
        "Name": name,
        "Username": user,
        "Email": f"{rng.choice([other, user.replace('.', '')])}@{rng.choice(DATA['email_domains'])}",
        "Birthdate": f"{rng.randint(1950, 2012)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
        "Address": f"{street} {city}, {rng.choice(DATA['states'])} {rng.randint(10000, 99999)}",
        "Phone": f"+1 ({rng.randint(200, 989)}) {rng.randint(200, 989)}-{rng.randint(1000, 9999)}",
        "Company": company,
        "Job": rng.choice(DATA["jobs"]),
    }


def lorem(rng: random.Random, sentences: int) -> str:
    out = []
    for _ in range(sentences):
        words = [rng.choice(DATA["lorem_words"]) for _ in range(rng.randint(4, 10))]
        out.append(" ".join(words).capitalize() + ".")
    return " ".join(out)


def author_block(rng: random.Random) -> list[str]:
    """A generated-author block: key/value lines, lorem bio, optional socials."""
    p = fake_person(rng)
    p["Bio"] = lorem(rng, rng.randint(2, 4))
    bullet = rng.choice(["  • ", "- ", "", "* "])
    sep = rng.choice([" : ", ": "])
    keys = [k for k in p if k == "Name" or rng.random() < 0.8]
    lines = [rng.choice(["Detail Author:", "Author Details", "About the Author", "Author Info:"])]
    lines += [f"{bullet}{k}{sep}{p[k]}" for k in keys]
    if rng.random() < 0.7:
        lines.append("Socials")
        for net in rng.sample(DATA["social_networks"], rng.randint(1, 3)):
            lines.append(f"{net}:")
            if rng.random() < 0.7:
                handle = p["Username"].split(".")[0]
                lines += [f"{bullet}url{sep}https://{net}.com/{handle}", f"{bullet}username{sep}{handle}"]
                if rng.random() < 0.6:
                    lines.append(f"{bullet}bio{sep}{lorem(rng, rng.randint(1, 2))}")
                lines += [
                    f"{bullet}followers{sep}{rng.randint(100, 9999)}",
                    f"{bullet}following{sep}{rng.randint(100, 999)}",
                ]
    return lines


def dangling_fragment(rng: random.Random, parts: Parts) -> str:
    """A piece cut out of a real sentence: starts and stops mid-sentence."""
    words = rng.choice(parts.sentences).rstrip(".!?").split()
    a = rng.randint(0, max(0, len(words) // 3))
    b = rng.randint(min(len(words), a + 3), min(len(words), a + 12))
    return " ".join(words[a:b])


def with_fragments(paras: list[str], rng: random.Random, parts: Parts) -> list[str]:
    """Embed quoted fragments in sentences, or drop them in as stray lines."""
    out = list(paras)
    for _ in range(rng.randint(1, 4)):
        frag = dangling_fragment(rng, parts)
        i = rng.randrange(len(out))
        if rng.random() < 0.6:
            lead = rng.choice(
                [
                    "As one report notes, ",
                    "The data mentions ",
                    "According to sources, ",
                    "It was noted that ",
                    "One observer said ",
                    "Reports indicate that ",
                ]
            )
            out[i] = f'{out[i]} {lead}"{frag}."'
        elif rng.random() < 0.5:
            out.insert(i, frag)
        else:
            out[i] = f'{out[i]} "{frag}"'
    return out


def truncate(paras: list[str], rng: random.Random) -> list[str]:
    words = paras[-1].split()
    if len(words) > 6:
        paras[-1] = " ".join(words[: rng.randint(3, len(words) - 2)]).rstrip(".,;:")
    return paras


def spam_page(machine: list[dict], rng: random.Random, parts: Parts) -> str:
    """A seed-like page from machine texts: at least two of the page-level spam signs."""
    title = title_case(rng.choice(parts.titles))
    paras = [p for r in machine for p in paragraphs(r["text"], rng)]
    signs = rng.sample(["fragments", "truncated", "related", "author"], rng.randint(2, 4))
    if "fragments" in signs:
        paras = with_fragments(paras, rng, parts)
    if "truncated" in signs:
        paras = truncate(paras, rng)
    if rng.random() < 0.4:
        for _ in range(rng.randint(1, 3)):
            paras.insert(rng.randrange(len(paras) + 1), title_case(rng.choice(parts.titles)))
    tail: list[str] = []
    if "related" in signs:
        for t in rng.sample(parts.titles, rng.randint(2, 4)):
            t = title_case(t) if rng.random() < 0.7 else t
            tail += [t, t]
    if "author" in signs:
        tail += author_block(rng)
    return "\n\n".join([title, *paras, *tail])


def human_page(human: list[dict], rng: random.Random, parts: Parts) -> str:
    """A legitimate page from human texts, with the furniture real pages carry."""
    title = rng.choice(parts.titles)
    paras = [p for r in human for p in paragraphs(r["text"], rng)]
    head = [title]
    if rng.random() < 0.15:
        head.append(title)  # breadcrumb + heading: real pages repeat their title once
    if rng.random() < 0.5:
        head.insert(0, " | ".join(rng.sample(DATA["nav_items"], rng.randint(3, 7))))
    name = f"{rng.choice(DATA['first_names'])} {rng.choice(DATA['last_names'])}"
    if rng.random() < 0.6:
        head.append(
            f"By {name} | {rng.choice(['Jan', 'Mar', 'Jun', 'Sep', 'Nov'])} {rng.randint(1, 28)}, "
            f"{rng.randint(2008, 2024)}"
        )
    if rng.random() < 0.4:
        paras.insert(rng.randrange(len(paras) + 1), f'"{rng.choice(parts.sentences)}"')
    tail: list[str] = []
    if rng.random() < 0.6:
        tail.append(
            f"{name} is a {rng.choice(['reporter', 'writer', 'editor', 'contributor'])} covering "
            f"{rng.choice(DATA['beats'])} for {rng.choice(DATA['outlets'])}."
        )
        if rng.random() < 0.3:
            tail.append(
                f"Contact: {name.split()[0].lower()}.{name.split()[1].lower()}@"
                f"{rng.choice(DATA['email_domains'])}"
            )
    if rng.random() < 0.5:
        tail.append(rng.choice(["Related posts:", "Related", "You may also like", "Read more:"]))
        tail += rng.sample(parts.titles, rng.randint(2, 5))
    if rng.random() < 0.3:
        tail.append(" | ".join(rng.sample(DATA["nav_items"], rng.randint(3, 6))))
    return "\n\n".join([*head, *paras, *tail])


def compose(records: list[dict], n_spam: int, n_human: int, seed: int = 0) -> list[dict]:
    """Build ``n_spam`` spam pages and ``n_human`` legitimate pages (seeded).

    Machine/human texts are drawn within one group (domain or set) so each page
    belongs to a single leave-one-source-out group.
    """
    rng = random.Random(seed)
    parts = load_parts(records)
    by: dict[tuple[str, str], list[dict]] = {}
    for r in records:
        by.setdefault((group_of(r), r["label"]), []).append(r)
    out: list[dict] = []
    for kind, n in (("spam", n_spam), ("clean", n_human)):
        lab = "machine" if kind == "spam" else "human"
        keys = sorted(k for k in by if k[1] == lab)
        for i in range(n):
            key = keys[i % len(keys)]
            pool = by[key]
            k = 1 if key[0] in ("outfox", "seqxgpt") else rng.randint(1, 4)
            texts = rng.sample(pool, min(k, len(pool)))
            page = spam_page(texts, rng, parts) if kind == "spam" else human_page(texts, rng, parts)
            out.append(
                {
                    "id": f"composed/{kind}/{i}",
                    "text": page,
                    "label": kind,
                    "source": f"composed-{kind}",
                    "domain": key[0],
                    "group": key[0],
                    "parts": [t["id"] for t in texts],
                }
            )
    return out


if __name__ == "__main__":
    import sys

    from training import devdata

    pages = compose(list(devdata.iter_all()), 2, 2, seed=int(sys.argv[1]) if len(sys.argv) > 1 else 0)
    for p in pages:
        print("=" * 30, p["id"], p["group"], "\n", p["text"][:3000])
