"""Compose spam and legitimate pages from real parts, seeded and reproducible.

Spam pages carry the defects of stitched SEO pages, each in several forms (none
copies the seed specimen's wording or layout): machine-written prose (from the
shared sets), dangling fragments cut from real human sentences (quoted after a
lead-in, quoted at a paragraph's end, or standing alone), a truncated paragraph
(at the end of the text, before related titles or before an author block),
prompt leaks (the text naming its input, instructions or SEO fields left in),
related-post titles listed more than once, and a generated author block whose
field values come from the small lists in ``compose_data.json`` with a seeded RNG
(no Faker dependency). ``defects`` records each inserted defect's kind and span.

Sources: this TRAINING composer uses only the l2r domains in ``TRAIN_DOMAINS``
(machine prose, human sentences, titles). The evaluation composer
(``training/compose_eval.py``) draws from the other l2r domains, MASC and the
speeches, OUTFOX and SeqXGPT, with its own templates; never tune on it.

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
# The only l2r domains the training composer reads (see the module docstring).
TRAIN_DOMAINS = frozenset({
    "NewsArticle", "OnlineContent", "Business", "Finance", "Sports", "Environmental", "ArtCulture",
    "MedicalText", "LegalDocument", "EducationMaterial",
})
_SENT = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'])")


class Page:
    """Blocks joined by blank lines, remembering where each inserted defect landed.

    >>> p = Page(); p.add("Title"); p.add("Body text.", ("truncated", 5, 9)); p.text()
    'Title\\n\\nBody text.'
    >>> p.defects()
    [{'kind': 'truncated', 'start': 12, 'end': 16}]
    """

    def __init__(self) -> None:
        self.blocks: list[tuple[str, list[tuple[str, int, int]]]] = []

    def add(self, text: str, *marks: tuple[str, int, int]) -> None:
        """Append a block; ``marks`` are (kind, start, end) inside it."""
        self.blocks.append((text, list(marks)))

    def add_all(self, texts: list[str], kind: str | None = None) -> None:
        """Append blocks; with ``kind``, each one is wholly that defect."""
        for t in texts:
            self.add(t, *([(kind, 0, len(t))] if kind else []))

    def text(self) -> str:
        return "\n\n".join(t for t, _ in self.blocks)

    def defects(self) -> list[dict]:
        out, pos = [], 0
        for t, marks in self.blocks:
            out += [{"kind": k, "start": pos + a, "end": pos + b} for k, a, b in marks]
            pos += len(t) + 2
        # Adjacent marks of one kind (a multi-line author block) are one defect.
        merged: list[dict] = []
        for d in out:
            if merged and merged[-1]["kind"] == d["kind"] and d["start"] - merged[-1]["end"] <= 2 \
                    and d["kind"] in ("author_block", "repeated_titles"):
                merged[-1]["end"] = d["end"]
            else:
                merged.append(d)
        return merged


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
        if r["label"] != "human" or r["source"] != "l2r" or r["domain"] not in TRAIN_DOMAINS:
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
    """A generated-author box in one of several layouts: field lines, a card, socials."""
    p = fake_person(rng)
    p["Bio"] = lorem(rng, rng.randint(2, 4))
    layout = rng.randrange(3)
    keys = [k for k in p if k == "Name" or rng.random() < 0.7]
    if layout == 0:  # heading + "Field: value" lines
        sep = rng.choice([": ", " - ", " — "])
        lines = [rng.choice(["About the Writer", "Written By", "Post Author", "Contributor Profile"])]
        lines += [f"{k}{sep}{p[k]}" for k in keys]
    elif layout == 1:  # one card line per group of fields
        lines = [f"Posted by {p['Name']} ({p['Job']}, {p['Company']})",
                 f"Contact {p['Email']} or call {p['Phone']}", p["Bio"]]
    else:  # table-like rows, values first
        lines = ["Profile"] + [f"{p[k]} ({k.lower()})" for k in keys]
    if rng.random() < 0.5:
        handle = p["Username"].split(".")[0]
        for net in rng.sample(DATA["social_networks"], rng.randint(1, 3)):
            lines.append(rng.choice([f"Follow on {net.title()}: @{handle}",
                                     f"{net.title()} — {rng.randint(100, 9999)} followers"]))
    return lines


def dangling_fragment(rng: random.Random, parts: Parts) -> str:
    """A piece cut out of a real sentence: starts and stops mid-sentence."""
    words = rng.choice(parts.sentences).rstrip(".!?").split()
    a = rng.randint(0, max(0, len(words) // 3))
    b = rng.randint(min(len(words), a + 3), min(len(words), a + 12))
    if a == 0 and b == len(words) and b > 3:
        # The whole sentence is no fragment (it was marked as one and could never be located):
        # cut its last word. No extra draw, so the seeded stream of every other part is unchanged.
        b -= 1
    return " ".join(words[a:b])


LEADS = ("As one report notes, ", "According to sources, ", "It was noted that ", "One observer said ",
         "Reports indicate that ", "Critics point to ", "Supporters describe ", "A spokesperson mentioned ",
         # Lead-ins of other shapes (a colon, "as", "calls it", a verb of showing).
         "In the words of one analyst: ", "The filing describes ", "Insiders talk about ",
         "A local resident put it as ", "Researchers found evidence of ", "The summary lists ",
         "Local media wrote of ", "The announcement refers to ", "Commentators have pointed to ",
         "Industry figures speak of ", "Officials have since confirmed ")
# Quote styles: straight, curly, guillemets, German low-high, single curly, single
# straight, and none at all (the fragment simply follows the lead-in).
QUOTES = (('"', '"'), ("“", "”"), ("«", "»"), ("„", "“"), ("‘", "’"), ("'", "'"), ("", ""))
QUOTE_WEIGHTS = (4, 4, 1, 1, 1, 1, 2)


def with_fragments(paras: list[str], rng: random.Random, parts: Parts) -> list[tuple[str, list]]:
    """Embed quoted fragments in sentences, or drop them in as stray lines.

    Returns (paragraph, marks) pairs; a mark is ("fragment", start, end).
    """
    out: list[tuple[str, list]] = [(p, []) for p in paras]
    for _ in range(rng.randint(1, 4)):
        frag = dangling_fragment(rng, parts)
        i = rng.randrange(len(out))
        text, marks = out[i]
        o, c = rng.choices(QUOTES, QUOTE_WEIGHTS)[0]
        stop = rng.choice([".", ".", "", ",", "!"]) if o else "."
        r = rng.random()
        if r < 0.45:
            lead = rng.choice(LEADS)
            head = f"{text} {lead}"
            # The full stop inside or outside the closing mark (both are house styles).
            body = f"{o}{frag}{stop}{c}" if rng.random() < 0.6 else f"{o}{frag}{c}{stop or '.'}"
            out[i] = (f"{head}{body}", [*marks, ("fragment", len(head), len(head) + len(body))])
        elif r < 0.55 and o and not marks:
            # Mid-paragraph: the quoted piece, then the paragraph goes on with a new sentence.
            lead = rng.choice(LEADS)
            sents = _SENT.split(text)
            k = rng.randint(1, max(1, len(sents) - 1))
            head = " ".join(sents[:k]) + f" {lead}"
            body = f"{o}{frag}{c}."
            rest = " ".join(sents[k:])
            out[i] = (f"{head}{body} {rest}".rstrip(), [("fragment", len(head), len(head) + len(body))])
        elif r < 0.8:
            # A stray line, sometimes with a full stop of its own.
            line = frag + rng.choice(["", "", "."])
            out.insert(i, (line, [("fragment", 0, len(line))]))
        else:
            head = f"{text} "
            body = f"{o}{frag}{c}"
            out[i] = (f"{head}{body}", [*marks, ("fragment", len(head), len(head) + len(body))])
    return out


PROMPT_LEAKS = (
    "The following section is based on the provided notes and keywords.",
    "As instructed in the prompt, this article avoids technical jargon.",
    "Meta description: {title} explained in plain words.",
    "Focus keyphrase: {kw}",
    "Word count: {n}",
    "(Note: this article uses placeholder figures where the provided data does not give exact numbers.)",
    "According to the supplied sources, the details may change over time.",
    "Here is the rewritten article in a more engaging tone.",
    "As an AI language model, I cannot verify the latest figures.",
)


def prompt_leak(rng: random.Random, title: str) -> str:
    kw = " ".join(title.lower().split()[:3])
    return rng.choice(PROMPT_LEAKS).format(title=title, kw=kw, n=rng.randint(800, 2500))


def truncate(text: str, rng: random.Random) -> tuple[str, tuple[str, int, int] | None]:
    """Cut a paragraph inside its last sentence; the mark spans that sentence's remains."""
    words = text.split()
    if len(words) <= 8:
        return text, None
    cut = " ".join(words[: rng.randint(max(3, len(words) // 2), len(words) - 2)]).rstrip(".,;:")
    m = max(cut.rfind(". "), cut.rfind("? "), cut.rfind("! "))
    return cut, ("truncated", m + 2 if m >= 0 else 0, len(cut))


FOOTERS = ("© {year} {site}. All rights reserved.", "Privacy | Terms of use | Contact | Sitemap",
           "Share this: Facebook · X · Email · Print", "Tags: {kw}", "Filed under {kw}",
           "Subscribe to our newsletter", "Leave a comment", "Cookie settings", "Back to top")


def tail_material(rng: random.Random, parts: Parts, title: str) -> list[str]:
    """What a page carries after its text: references, a footer, tags, share lines."""
    kw = ", ".join(w.lower() for w in title.split()[:3])
    site = rng.choice(DATA["outlets"]).removeprefix("the ").title()
    form = rng.randrange(3)
    if form == 0:  # a reference list (numbered or not)
        lines = [rng.choice(["References", "Sources", "Further reading", "Notes", "Bibliography"])]
        for k in range(rng.randint(2, 5)):
            who = f"{rng.choice(DATA['last_names'])}, {rng.choice(DATA['first_names'])[0]}."
            t = rng.choice(parts.titles)
            item = rng.choice([f"{who} ({rng.randint(1990, 2024)}). {t}.", f"{t} - {site}",
                               f"{who} {t}, {rng.randint(1990, 2024)}", t])
            lines.append(f"{k + 1}. {item}" if rng.random() < 0.5 else item)
        return lines
    if form == 1:  # a footer
        picks = rng.sample(FOOTERS, rng.randint(1, 3))
        return [f.format(year=rng.randint(2010, 2025), site=site, kw=kw) for f in picks]
    # a heading of a new section
    return [title_case(rng.choice(parts.titles))]


def spam_page(machine: list[dict], rng: random.Random, parts: Parts) -> Page:
    """A stitched page from machine texts: at least two of the page-level spam signs."""
    title = title_case(rng.choice(parts.titles))
    paras = [p for r in machine for p in paragraphs(r["text"], rng)]
    signs = rng.sample(["fragments", "truncated", "related", "author", "prompt"], rng.randint(2, 4))
    blocks: list[tuple[str, list]] = [(p, []) for p in paras]
    if "fragments" in signs:
        blocks = with_fragments(paras, rng, parts)
    if rng.random() < 0.4:
        for _ in range(rng.randint(1, 3)):
            blocks.insert(rng.randrange(len(blocks) + 1), (title_case(rng.choice(parts.titles)), []))
    if "prompt" in signs:
        leak = prompt_leak(rng, title)
        blocks.insert(rng.randrange(1, len(blocks) + 1), (leak, [("prompt_leak", 0, len(leak))]))
    if "truncated" in signs:
        # The last prose paragraph, or one before the tail material.
        plain = [i for i, (_t, m) in enumerate(blocks) if not m]
        if plain:
            # Mostly the last prose paragraph (then the rest is dropped and page
            # material may follow); sometimes one earlier in the text.
            mid = rng.random() < 0.2 and len(plain) > 2
            i = rng.choice(plain[:-1]) if mid else plain[-1]
            cut, mark = truncate(blocks[i][0], rng)
            blocks[i] = (cut, [mark] if mark else [])
            if not mid:
                del blocks[i + 1 :]
                if rng.random() < 0.5:
                    blocks += [(t, []) for t in tail_material(rng, parts, title)]
    page = Page()
    page.add(title)
    for t, marks in blocks:
        page.add(t, *marks)
    if "related" in signs:
        picked = rng.sample(parts.titles, rng.randint(2, 4))
        titles = [title_case(t) if rng.random() < 0.7 else t for t in picked]
        page.add(rng.choice(["Related posts", "You might also like", "More stories"]))
        page.add_all(titles)
        page.add(rng.choice(["Popular now", "Trending", "Most read"]))
        page.add_all(titles, "repeated_titles")
    if "author" in signs:
        page.add_all(author_block(rng), "author_block")
    return page


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
    if rng.random() < 0.4:
        tail += tail_material(rng, parts, title)
    return "\n\n".join([*head, *paras, *tail])


def compose(records: list[dict], n_spam: int, n_human: int, seed: int = 0) -> list[dict]:
    """Build ``n_spam`` spam pages and ``n_human`` legitimate pages (seeded).

    Only l2r records of ``TRAIN_DOMAINS`` are used. Machine/human texts are drawn
    within one domain so each page belongs to a single leave-one-source-out group.
    """
    rng = random.Random(seed)
    records = [r for r in records if r["source"] == "l2r" and r["domain"] in TRAIN_DOMAINS]
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
            if kind == "spam":
                built = spam_page(texts, rng, parts)
                page, defects = built.text(), built.defects()
            else:
                page, defects = human_page(texts, rng, parts), []
            out.append(
                {
                    "id": f"composed/{kind}/{i}",
                    "text": page,
                    "defects": defects,
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
