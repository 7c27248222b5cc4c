"""`spamcheck batch FOLDER`: text files and record shards under a folder, every record once.

The folder holds real development texts in every shard format (JSONL plain/.gz/.zst,
Parquet, WARC) beside plain .txt/.html files, a truncated .gz shard and an earlier
run's output; the run must equal listing the same files one by one, in sorted order.
"""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path

import pytest
from benchmarks import make_corpus
from tests.test_corpus import batch, lines, make_warc
from training import devdata

from spamcheck.corpus.readers import read_folder, walk_sorted

pytestmark = pytest.mark.skipif(not devdata.text_dir().exists(), reason="../shared/data not present")
SEED = Path(__file__).resolve().parents[1] / "fixtures" / "seed" / "000_45702f146cbaefe0.txt"


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, int]]:
    """The folder, and how many records (scored or error) each file stands for."""
    root = tmp_path_factory.mktemp("folder") / "in"
    (root / "a").mkdir(parents=True)
    (root / "b" / "deep").mkdir(parents=True)
    counts: dict[str, int] = {}
    for rel, n, seed in (
        ("a/part-0.jsonl", 14, 21),
        ("a/part-1.jsonl.gz", 12, 22),
        ("b/part-2.jsonl.zst", 10, 23),
        ("b/deep/rows.parquet", 9, 24),
    ):
        m = make_corpus.build(str(root / rel), n=n, seed=seed, broken=0.1 if rel.endswith("0.jsonl") else 0)
        (root / (rel + ".manifest.json")).unlink()  # .json: not read under a folder either way
        counts[rel] = m["lines"]
    # A shard whose records carry no id (with a blank line): their ids are path:line.
    humans = [r["text"] for r in devdata.human_texts()][:5]
    rows = [json.dumps({"text": t}) for t in humans[:3]]
    (root / "a" / "noid.jsonl").write_text(rows[0] + "\n\n" + "\n".join(rows[1:]) + "\n", encoding="utf-8")
    counts["a/noid.jsonl"] = 3
    # A shard cut inside its gzip stream: the records before the cut, then one error.
    whole = make_corpus.records(25)[:12]
    blob = gzip.compress("".join(json.dumps(r) + "\n" for r in whole).encode())
    (root / "b" / "cut.jsonl.gz").write_bytes(blob[: len(blob) // 2])
    counts["b/cut.jsonl.gz"] = -1  # worked out by the test from the stream
    recs = make_warc(3)
    (root / "b" / "crawl.warc.gz").write_bytes(b"".join(gzip.compress(r) for r in recs))
    counts["b/crawl.warc.gz"] = 3  # three pages; the other records are skipped, not records
    (root / "a" / "note.txt").write_text(humans[3], encoding="utf-8")
    (root / "b" / "page.html").write_text(
        "<html><body><article><p>" + humans[4].replace("\n\n", "</p><p>") + "</p></article></body></html>",
        encoding="utf-8",
    )
    shutil.copy(SEED, root / "seed.txt")
    counts.update({"a/note.txt": 1, "b/page.html": 1, "seed.txt": 1})
    # Not inputs: a config-like .json, a .csv, and an earlier run's output folder.
    (root / "a" / "meta.json").write_text('{"text": "not a record"}\n')
    (root / "b" / "table.csv").write_text("id,text\n1,x\n")
    old = root / "old_run"
    old.mkdir()
    (old / "scores.jsonl").write_text(json.dumps({"id": "x", "text": humans[0]}) + "\n")
    (old / "checkpoint.json").write_text("{}")
    return root, counts


@pytest.fixture(scope="module")
def run(folder: tuple[Path, dict[str, int]], tmp_path_factory: pytest.TempPathFactory) -> Path:
    root, _ = folder
    out = tmp_path_factory.mktemp("runs") / "folder"
    assert batch(str(root), "--out", str(out)) == 1  # the broken lines and the cut are errors
    return out


def _by_source(rows: list[dict], root: Path) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for r in rows:
        out.setdefault(str(Path(r["source"]).relative_to(root)), []).append(r)
    return out


def test_walk_finds_every_input_in_sorted_order(folder: tuple[Path, dict[str, int]]) -> None:
    root, counts = folder
    found = [str(Path(p).relative_to(root)) for p in walk_sorted(str(root))]
    assert sorted(found) == sorted(counts)
    # directory by directory, names sorted within each
    assert found == [
        "seed.txt",
        "a/noid.jsonl",
        "a/note.txt",
        "a/part-0.jsonl",
        "a/part-1.jsonl.gz",
        "b/crawl.warc.gz",
        "b/cut.jsonl.gz",
        "b/page.html",
        "b/part-2.jsonl.zst",
        "b/deep/rows.parquet",
    ]


def test_every_record_is_accounted_for(folder: tuple[Path, dict[str, int]], run: Path) -> None:
    root, counts = folder
    scores, errors = lines(run / "scores.jsonl"), lines(run / "errors.jsonl")
    got = _by_source(scores + errors, root)
    assert set(got) == set(counts)
    for rel, n in counts.items():
        if n >= 0:
            assert len(got[rel]) == n, rel
    cut = got["b/cut.jsonl.gz"]
    assert cut[-1]["error_kind"] == "truncated" and all("error" not in r for r in cut[:-1])
    assert 0 < len(cut) - 1 < 12
    # each record once: (shard, record) pairs are unique and complete per shard
    for rel, rows in got.items():
        assert sorted(r["record"] for r in rows) == sorted({r["record"] for r in rows}), rel
    summary = json.loads((run / "summary.json").read_text())
    assert summary["records_in"] == len(scores) + len(errors)
    assert summary["complete"] is True and summary["skipped"] > 0  # WARC requests, warcinfo, image


def test_ids_are_stable_and_located(folder: tuple[Path, dict[str, int]], run: Path) -> None:
    root, _ = folder
    scores = _by_source(lines(run / "scores.jsonl"), root)
    noid = scores["a/noid.jsonl"]
    src = str(root / "a" / "noid.jsonl")
    assert [r["id"] for r in noid] == [f"{src}:1", f"{src}:3", f"{src}:4"]  # line 2 is blank
    assert [r["line"] for r in noid] == [1, 3, 4]
    # records with an id keep it
    want = {r["id"] for r in make_corpus.records(22)[:12]}
    assert {r["id"] for r in scores["a/part-1.jsonl.gz"]} == want
    assert scores["seed.txt"][0]["id"] == str(root / "seed.txt") and scores["seed.txt"][0]["n_flags"] > 0


def test_folder_equals_its_files_listed(
    folder: tuple[Path, dict[str, int]], run: Path, tmp_path: Path
) -> None:
    root, _ = folder
    files = list(walk_sorted(str(root)))
    assert batch(*files, "--out", str(tmp_path / "listed")) == 1

    def strip(rows: list[dict]) -> list[dict]:
        # A .txt/.html file's record number is its file number under a folder; all else is equal.
        lone = (".txt", ".html")
        return [{k: v for k, v in r.items() if k != "record" or not r["source"].endswith(lone)} for r in rows]

    for name in ("scores.jsonl", "errors.jsonl"):
        assert strip(lines(run / name)) == strip(lines(tmp_path / "listed" / name)), name


def test_two_jobs_same_bytes(folder: tuple[Path, dict[str, int]], run: Path, tmp_path: Path) -> None:
    root, _ = folder
    assert batch(str(root), "--out", str(tmp_path / "o"), "--jobs", "2", "--chunk-size", "5") == 1
    for name in ("scores.jsonl", "errors.jsonl"):
        assert (tmp_path / "o" / name).read_bytes() == (run / name).read_bytes(), name


def test_resume_from_any_item_continues_with_the_next(folder: tuple[Path, dict[str, int]]) -> None:
    root, _ = folder

    def key(it: object) -> tuple:
        return (it.source, it.record, it.kind, it.line)  # type: ignore[attr-defined]

    items = list(read_folder(0, str(root)))
    assert len({key(it) for it in items}) == len(items)
    for k, it in enumerate(items):
        rest = [key(x) for x in read_folder(0, str(root), it.resume)]
        assert rest == [key(x) for x in items[k + 1 :]], (k, it.source, it.resume)
    # progress counts bytes of the files: it only grows, up to the folder's size
    pos = [it.raw_pos for it in items if it.kind != "error"]
    assert pos == sorted(pos) and pos[-1] <= sum(Path(p).stat().st_size for p in walk_sorted(str(root)))


def test_output_inside_the_folder_is_not_read(folder: tuple[Path, dict[str, int]], run: Path) -> None:
    root, _ = folder
    inside = root / "zz_run"
    try:
        assert batch(str(root), "--out", str(inside)) == 1
        assert (inside / "scores.jsonl").read_bytes() == (run / "scores.jsonl").read_bytes()
        again = root / "zz_run2"  # a second run beside it does not read the first one either
        assert batch(str(root), "--out", str(again)) == 1
        assert (again / "scores.jsonl").read_bytes() == (run / "scores.jsonl").read_bytes()
    finally:
        shutil.rmtree(inside, ignore_errors=True)
        shutil.rmtree(root / "zz_run2", ignore_errors=True)
