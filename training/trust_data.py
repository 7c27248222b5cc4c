"""Human negatives from every register we have, fed the way users feed them.

Records have the shape of :mod:`training.devdata` (``id``, ``text``, ``label``,
``source``, ``domain``) plus ``html`` (True: ``text`` is a raw page, scored through the
full HTML pipeline), ``group`` (the leave-one-source-out fold group) and ``row`` (the
benchmark row a record is reported in, finer than its group):

* ``web``: every page of ``../shared/data/html`` (trafilatura-eval, CleanEval-dev,
  CleanPortalEval), once as RAW HTML (row ``web/<set>/html``) and once as its gold main
  text (row ``web/<set>/gold``); both go in the group ``web/<set>``, so a page's two
  forms are always held out together.
* ``masc``: MASC registers; registers with at least :data:`MIN_GROUP_DOCS` documents are a
  group of their own (``masc/email``, ``masc/newspaper``), smaller ones are pooled into
  ``masc/written-other`` and ``masc/spoken-other`` (their row still names the register).
* ``speeches``: State of the Union and inaugural addresses, one group.

MASC was detokenised from POS-tagged tokens, so its spacing around punctuation is
approximate; :func:`spamcheck.model.features.clean_text` normalises that spacing for every
source alike, so no feature can tell MASC by it.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

from training.devdata import shared_dir
from training.html_data import SETS as WEB_SETS
from training.html_data import iter_pages

MIN_GROUP_DOCS = 50


def _decode(html: bytes) -> str:
    from spamcheck.text.decode import decode_bytes

    return decode_bytes(html)[0]


def iter_web() -> Iterator[dict]:
    """Every shared web page as raw HTML and as its gold main text (human)."""
    for page in iter_pages(WEB_SETS):
        group = f"web/{page.set}"
        base = {"label": "human", "source": "web", "domain": page.set, "group": group, "generator": "human"}
        yield {**base, "id": f"{group}/{page.name}/html", "text": _decode(page.html), "html": True,
               "row": f"{group}/html"}
        gold = page.gold_text if page.gold_text is not None else "\n".join(page.with_)
        if gold.strip():
            yield {**base, "id": f"{group}/{page.name}/gold", "text": gold, "html": False,
                   "row": f"{group}/gold"}


def _jsonl_gz(name: str) -> list[dict]:
    path = shared_dir() / "data" / "text" / "human-registers" / name
    with gzip.open(path, "rt", encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def iter_registers() -> Iterator[dict]:
    """MASC registers and the speeches, grouped for leave-one-source-out."""
    masc = _jsonl_gz("masc.jsonl.gz")
    sizes = Counter(d["register"] for d in masc)
    for d in masc:
        reg = d["register"]
        group = f"masc/{reg}" if sizes[reg] >= MIN_GROUP_DOCS else f"masc/{d['mode']}-other"
        yield {"id": d["id"], "text": d["text"], "label": "human", "source": "masc", "domain": reg,
               "generator": "human", "html": False, "group": group, "row": f"masc/{reg}"}
    for d in _jsonl_gz("speeches.jsonl.gz"):
        yield {"id": d["id"], "text": d["text"], "label": "human", "source": "speeches",
               "domain": d["register"], "generator": "human", "html": False, "group": "speeches",
               "row": f"speeches/{d['register']}"}


def iter_human_extra() -> Iterator[dict]:
    """All new human negatives (web pages + gold text, MASC, speeches), in a fixed order."""
    yield from iter_web()
    yield from iter_registers()


def source_commits() -> dict[str, str]:
    """``owner+repo @ commit`` of each extra data folder, for the model card."""
    out = {}
    for folder in ("html/trafilatura-eval", "html/cleaneval-dev", "html/cleanportaleval",
                   "text/human-registers"):
        p = shared_dir() / "data" / folder / ".source_commit"
        out[folder] = p.read_text().strip() if p.exists() else "unknown"
    return out


# -- featurising, with what the label logic and the ai mask need -------------------------
def _featurise_chunk(chunk: list[tuple[str, bool]]) -> list[tuple[str, dict[str, float], str]]:
    from spamcheck.model.features import doc_features
    from spamcheck.model.fit import _rules_detector

    det = _rules_detector()
    out = []
    for body, is_html in chunk:
        doc = det.prepare(body, None, is_html, [])
        res = det.analyse(doc)
        prose, feats = doc_features(doc, res)
        out.append((prose, feats, res.language))
    return out


def featurise(items: list[tuple[str, bool]], n_jobs: int, log: Callable[[str], None]) -> list[tuple]:
    """Rule detector + features of ``(body, is_html)`` items exactly as the pipeline scores them
    (HTML through segmentation and main-text extraction): ``(prose, features, language)``."""
    from joblib import Parallel, delayed

    size = 100
    chunks = [items[i : i + size] for i in range(0, len(items), size)]
    out: list[tuple] = []
    t0 = time.time()
    for i, res in enumerate(Parallel(n_jobs=n_jobs, return_as="generator")(
            delayed(_featurise_chunk)(c) for c in chunks), 1):
        out.extend(res)
        if i % 40 == 0 or i == len(chunks):
            log(f"  featurised {len(out)}/{len(items)} documents ({time.time() - t0:.0f}s)")
    return out


# Package parts that do not change a document's features (prediction, labels, CLI, output).
NOT_FEATURES = frozenset({"__pycache__", "model.py", "decision.py", "commands", "cli.py", "report",
                          "integrations", "corpus", "render.py", "batch.py", "gate.py"})


def code_key() -> str:
    """sha256 over everything that decides a document's features: the package's code and lexicons
    and the training composer. A cache made by other code is never reused."""
    repo = Path(__file__).resolve().parents[1]
    h = hashlib.sha256()
    files = sorted(p for p in (repo / "src" / "spamcheck").rglob("*") if p.is_file()
                   and p.suffix in (".py", ".txt", ".tsv", ".json", ".csv", ".gz")
                   and not NOT_FEATURES.intersection(p.relative_to(repo / "src" / "spamcheck").parts))
    # The shipped helper models decide features too (blocks of a page, fragments' p(end), cut points).
    for name in ("html_blocks", "completeness", "cuts"):
        files += sorted((repo / "models" / name).glob("*"))
    files += sorted((repo / "training").glob("compose*"))
    for p in files:
        h.update(str(p.relative_to(repo)).encode())
        h.update(p.read_bytes())
    return h.hexdigest()
