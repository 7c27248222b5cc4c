"""Labelled HTML pages from ``../shared/data/html`` and the fixed held-out split.

Sets (read-only, never shipped):

* ``trafilatura-eval``: pages in ``eval/`` and ``cache/`` with ``evaldata.json``
  snippets: ``with`` (main text that must be kept), ``without`` (boilerplate
  that must be removed).
* ``cleaneval-dev`` and ``cleanportaleval``: ``input/<name>.html.gz`` raw pages,
  ``GoldStandard/<name>.txt.gz`` hand-cleaned main text.

Split (fixed, documented in the model card): a page is HELD OUT when
``int(sha256(f"{set}/{file}").hexdigest(), 16) % 100 < 30``, where ``file`` is
the page's file name without ``.gz`` (``die-partei.net.luebeck.html``,
``12.html``). Held-out pages are never used for training or threshold tuning.
"""

from __future__ import annotations

import difflib
import gzip
import hashlib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from training.devdata import shared_dir

HELDOUT_PERCENT = 30
SETS = ("trafilatura-eval", "cleaneval-dev", "cleanportaleval")
_WORD = re.compile(r"\w+", re.U)
_GOLD_MARK = re.compile(r"^\s*<(?:p|h|l)>\s*", re.M)


def html_dir() -> Path:
    return shared_dir() / "data" / "html"


def is_heldout(set_name: str, file_name: str) -> bool:
    """The fixed split: about 30% of pages, by hash of set and file name.

    >>> is_heldout("cleaneval-dev", "12.html") in (True, False)
    True
    """
    h = int(hashlib.sha256(f"{set_name}/{file_name}".encode()).hexdigest(), 16)
    return h % 100 < HELDOUT_PERCENT


@dataclass
class GoldPage:
    set: str
    name: str  # file name without .gz
    html: bytes
    with_: list[str] = field(default_factory=list)  # trafilatura-eval snippets
    without: list[str] = field(default_factory=list)
    gold_text: str | None = None  # CleanEval-style full gold text

    @property
    def heldout(self) -> bool:
        return is_heldout(self.set, self.name)


def iter_pages(sets: tuple[str, ...] = SETS) -> Iterator[GoldPage]:
    root = html_dir()
    if "trafilatura-eval" in sets:
        base = root / "trafilatura-eval"
        data = json.loads((base / "evaldata.json").read_text(encoding="utf-8"))
        for _url, item in sorted(data.items()):
            name = item["file"]
            for sub in ("cache", "eval"):
                p = base / sub / f"{name}.gz"
                if p.exists():
                    yield GoldPage(
                        "trafilatura-eval",
                        name,
                        gzip.decompress(p.read_bytes()),
                        list(item["with"]),
                        list(item["without"]),
                    )
                    break
    for set_name in ("cleaneval-dev", "cleanportaleval"):
        if set_name not in sets:
            continue
        base = root / set_name
        for p in sorted((base / "input").glob("*.html.gz")):
            stem = p.name[: -len(".html.gz")]
            g = base / "GoldStandard" / f"{stem}.txt.gz"
            if not g.exists():
                continue
            yield GoldPage(
                set_name,
                p.name[:-3],
                gzip.decompress(p.read_bytes()),
                gold_text=clean_gold(gzip.decompress(g.read_bytes()).decode("utf-8", "replace")),
            )


def clean_gold(text: str) -> str:
    """CleanEval gold without its ``URL:`` line and ``<p>``/``<h>``/``<l>`` markers."""
    lines = text.splitlines()
    if lines and lines[0].startswith("URL:"):
        lines = lines[1:]
    return _GOLD_MARK.sub("", "\n".join(lines))


def norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def tokens(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def block_labels(texts: list[str], page: GoldPage) -> list[int]:
    """Per block: 0 main, 1 boilerplate, -1 unknown (not used for training)."""
    if page.gold_text is not None:
        return _labels_from_gold(texts, page.gold_text)
    return _labels_from_snippets(texts, page.with_, page.without)


def _labels_from_gold(texts: list[str], gold: str) -> list[int]:
    # Align the page's token stream with the gold token stream (order-aware, so a
    # menu word that also occurs in the article is not counted as main text).
    btoks = [tokens(t) for t in texts]
    flat: list[str] = []
    owner: list[int] = []
    for i, t in enumerate(btoks):
        flat.extend(t)
        owner.extend([i] * len(t))
    gt = tokens(gold)
    matched = [0] * len(texts)
    sm = difflib.SequenceMatcher(None, flat, gt, autojunk=False)
    for a, _b, size in sm.get_matching_blocks():
        # Runs of one or two tokens are coincidences, not alignment.
        if size < 3:
            continue
        for k in range(a, a + size):
            matched[owner[k]] += 1
    out = []
    for i, t in enumerate(btoks):
        if not t:
            out.append(-1)
            continue
        share = matched[i] / len(t)
        out.append(0 if share >= 0.5 else 1 if share <= 0.15 else -1)
    return out


PREFIX_MIN_SHARE = 0.0


def _labels_from_snippets(texts: list[str], with_: list[str], without: list[str]) -> list[int]:
    out = [-1] * len(texts)
    joined = ""
    starts = []
    for t in texts:
        starts.append(len(joined))
        joined += t + " "
    ends = [s + len(t) for s, t in zip(starts, texts, strict=False)]

    def covered(a: int, b: int) -> list[tuple[int, float]]:
        got = []
        for i, (s, e) in enumerate(zip(starts, ends, strict=False)):
            if e > a and s < b:
                got.append((i, (min(e, b) - max(s, a)) / max(1, e - s)))
        return got

    for snip in with_:
        s = norm(snip)
        hits = [m.start() for m in re.finditer(re.escape(s), joined)]
        if len(hits) != 1:  # absent (segmentation differs) or ambiguous
            continue
        for i, _share in covered(hits[0], hits[0] + len(s)):
            out[i] = 0
    for snip in without:
        s = norm(snip)
        for m in re.finditer(re.escape(s), joined):
            for i, share in covered(m.start(), m.end()):
                # A short "without" word inside a long article paragraph says
                # little about the paragraph; label only blocks it mostly covers,
                # or whose opening words it is (the eval's snippets are mostly a
                # boilerplate block's first words: an author bio, a disclaimer).
                if (share >= 0.3 or (m.start() == starts[i] and share >= PREFIX_MIN_SHARE)) and out[i] != 0:
                    out[i] = 1
    return out


# -- metrics (shared by training and benchmarks/bench_html.py) -------------------
def snippet_counts(with_: list[str], without: list[str], result: str | None) -> tuple[int, int, int, int]:
    """trafilatura's convention: (tp, fp, fn, tn) by whitespace-normalised substring match."""
    if result is None:
        return 0, 0, len(with_), len(without)
    r = norm(result)
    tp = sum(1 for w in with_ if norm(w) in r)
    fp = sum(1 for w in without if norm(w) in r)
    return tp, fp, len(with_) - tp, len(without) - fp


def token_counts(gold: str, result: str | None) -> tuple[int, int, int]:
    """(overlap, extracted, gold) token counts: bag-of-words overlap of lower-cased \\w+ tokens."""
    from collections import Counter

    g = Counter(tokens(gold))
    r = Counter(tokens(result or ""))
    overlap = sum(min(c, g[w]) for w, c in r.items())
    return overlap, sum(r.values()), sum(g.values())


def prf(tp: float, n_pred: float, n_gold: float) -> tuple[float, float, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def source_commit(set_name: str) -> str:
    p = html_dir() / set_name / ".source_commit"
    return p.read_text().strip() if p.exists() else "unknown"
