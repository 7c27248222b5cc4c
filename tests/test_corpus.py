"""`spamcheck batch`: every record accounted for, in every input format, in order."""

from __future__ import annotations

import gzip
import json
import os
import shutil
import zlib
from pathlib import Path

import pytest
from benchmarks import make_corpus
from training import devdata

from spamcheck.cli.main import main

SEED = Path(__file__).resolve().parents[1] / "fixtures" / "seed" / "000_45702f146cbaefe0.txt"
pytestmark = pytest.mark.skipif(not devdata.text_dir().exists(), reason="../shared/data not present")


def lines(path: Path) -> list[dict]:
    if not path.exists():
        return []
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines()]


def batch(*args: str) -> int:
    return main(["batch", "--quiet", *args])


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    """300 real records, 5% of lines broken in the three ways."""
    d = tmp_path_factory.mktemp("corpus")
    out = d / "c.jsonl"
    m = make_corpus.build(str(out), n=300, seed=3, broken=0.05)
    assert len(m["broken"]) >= 6  # the three breakages all occur
    return out, m


@pytest.fixture(scope="module")
def reference(corpus: tuple[Path, dict], tmp_path_factory: pytest.TempPathFactory) -> Path:
    path, _ = corpus
    out = tmp_path_factory.mktemp("ref") / "out"
    assert batch(str(path), "--out", str(out)) == 1  # errors present -> 1
    return out


def test_every_line_is_scored_or_an_error(corpus: tuple[Path, dict], reference: Path) -> None:
    _, m = corpus
    scores, errors = lines(reference / "scores.jsonl"), lines(reference / "errors.jsonl")
    assert len(scores) + len(errors) == m["lines"]
    broken = {b["line"]: b["kind"] for b in m["broken"]}
    assert {e["line"]: e["error_kind"] for e in errors} == broken
    # input order, each record once
    recs = sorted([s["record"] for s in scores] + [e["record"] for e in errors])
    assert recs == list(range(m["lines"]))
    assert [s["record"] for s in scores] == sorted(s["record"] for s in scores)
    summary = json.loads((reference / "summary.json").read_text())
    assert summary["records_in"] == m["lines"] and summary["errors"] == len(broken)
    assert summary["complete"] is True
    assert sum(summary["labels"].values()) == summary["scored"] == len(scores)
    assert sum(summary["histogram"]["counts"]) == len(scores)
    assert summary["throughput"]["records_per_s"] > 0


def test_score_lines_carry_the_contract(reference: Path) -> None:
    s = lines(reference / "scores.jsonl")
    flagged = [x for x in s if x["flags"]]
    assert flagged, "no flags at all on 300 real documents"
    one = flagged[0]
    assert set(one) >= {
        "id",
        "source",
        "record",
        "line",
        "offset",
        "score",
        "label",
        "scores",
        "flags",
        "n_flags",
    }
    f = one["flags"][0]
    assert set(f) >= {"family", "type", "start", "end", "strength", "reason", "text", "before", "after"}


def test_offsets_point_at_the_lines(corpus: tuple[Path, dict], reference: Path) -> None:
    path, _ = corpus
    raw = path.read_bytes()
    for e in lines(reference / "errors.jsonl") + lines(reference / "scores.jsonl")[:50]:
        assert e["offset"] == 0 or raw[e["offset"] - 1 : e["offset"]] == b"\n"
        assert raw[: e["offset"]].count(b"\n") + 1 == e["line"]


def test_clean_input_exits_zero(tmp_path: Path) -> None:
    src = tmp_path / "c.jsonl"
    make_corpus.build(str(src), n=40, seed=1, broken=0)
    assert batch(str(src), "--out", str(tmp_path / "o")) == 0
    assert len(lines(tmp_path / "o" / "scores.jsonl")) == 40
    assert lines(tmp_path / "o" / "errors.jsonl") == []


def _strip_source(rows: list[dict]) -> list[dict]:
    return [{k: v for k, v in r.items() if k != "source"} for r in rows]


@pytest.mark.parametrize("ext", ["gz", "zst"])
def test_compressed_jsonl_same_results(
    corpus: tuple[Path, dict], reference: Path, tmp_path: Path, ext: str
) -> None:
    path, _ = corpus
    comp = tmp_path / f"c.jsonl.{ext}"
    if ext == "gz":
        comp.write_bytes(gzip.compress(path.read_bytes()))
    else:
        import zstandard

        comp.write_bytes(zstandard.ZstdCompressor().compress(path.read_bytes()))
    assert batch(str(comp), "--out", str(tmp_path / "o")) == 1
    for name in ("scores.jsonl", "errors.jsonl"):
        assert _strip_source(lines(tmp_path / "o" / name)) == _strip_source(lines(reference / name))


def test_truncated_gz_scores_records_before_the_cut(
    corpus: tuple[Path, dict], reference: Path, tmp_path: Path
) -> None:
    path, _ = corpus
    # Several gzip members, like a file written in pieces; the cut falls inside one.
    data = path.read_bytes()
    half = len(data) // 3
    blob = gzip.compress(data[:half]) + gzip.compress(data[half:])
    cut = len(blob) * 2 // 3
    trunc = tmp_path / "t.jsonl.gz"
    trunc.write_bytes(blob[:cut])
    # what an ideal reader can recover from the prefix
    d = zlib.decompressobj(wbits=31)
    got = d.decompress(blob[:cut])
    rest = d.unused_data
    while rest:
        d = zlib.decompressobj(wbits=31)
        got += d.decompress(rest)
        rest = d.unused_data
    complete_lines = got.count(b"\n")
    assert batch(str(trunc), "--out", str(tmp_path / "o")) == 1
    scores, errors = lines(tmp_path / "o" / "scores.jsonl"), lines(tmp_path / "o" / "errors.jsonl")
    trunc_errors = [e for e in errors if e["error_kind"] == "truncated"]
    assert len(trunc_errors) == 1
    assert len(scores) + len(errors) - 1 == complete_lines
    assert trunc_errors[0]["offset"] == got.rfind(b"\n") + 1
    # the records before the cut are exactly the reference's first records
    ref = lines(reference / "scores.jsonl")
    assert [s["id"] for s in scores] == [s["id"] for s in ref[: len(scores)]]


def test_bad_values_are_errors(tmp_path: Path) -> None:
    texts = [r["text"] for r in devdata.human_texts()][:3]
    rows = [
        json.dumps({"id": "a", "text": texts[0]}),
        json.dumps({"id": "b", "text": 42}),
        json.dumps([texts[1]]),
        json.dumps({"id": "d", "content": texts[2]}),
        "",
        json.dumps({"id": "e", "content": texts[2]}),
    ]
    src = tmp_path / "v.jsonl"
    src.write_text("\n".join(rows) + "\n", encoding="utf-8")
    assert batch(str(src), "--out", str(tmp_path / "o")) == 1
    errs = {e["record"]: e["error_kind"] for e in lines(tmp_path / "o" / "errors.jsonl")}
    assert errs == {1: "bad_type", 2: "malformed_json", 3: "missing_field", 4: "missing_field"}
    # --text-field picks another field; the blank line is not a record
    assert batch(str(src), "--out", str(tmp_path / "o2"), "--text-field", "content") == 1
    ok = [s["id"] for s in lines(tmp_path / "o2" / "scores.jsonl")]
    assert ok == ["d", "e"]


def test_parquet_streamed(tmp_path: Path) -> None:
    src = tmp_path / "c.parquet"
    make_corpus.build(str(src), n=2500, seed=2)  # 3 row groups, several batches
    assert batch(str(src), "--out", str(tmp_path / "o")) == 0
    s = lines(tmp_path / "o" / "scores.jsonl")
    assert [x["record"] for x in s] == list(range(2500))
    # two workers: forked before the Parquet reader starts its threads
    assert batch(str(src), "--out", str(tmp_path / "o3"), "--jobs", "2") == 0
    assert (tmp_path / "o3" / "scores.jsonl").read_bytes() == (tmp_path / "o" / "scores.jsonl").read_bytes()
    import pyarrow.parquet as pq

    assert [x["id"] for x in s] == pq.read_table(src, columns=["id"]).column("id").to_pylist()
    # a column that does not exist: every row is an error, none is lost
    assert batch(str(src), "--out", str(tmp_path / "o2"), "--text-field", "body") == 1
    assert len(lines(tmp_path / "o2" / "errors.jsonl")) == 2500


def test_unreadable_parquet_is_one_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.parquet"
    bad.write_bytes(b"PAR1 this is not parquet")
    assert batch(str(bad), "--out", str(tmp_path / "o")) == 1
    (e,) = lines(tmp_path / "o" / "errors.jsonl")
    assert e["error_kind"] == "unreadable"


def test_folder_of_text_and_html(tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    (folder / "sub").mkdir(parents=True)
    humans = [r["text"] for r in devdata.human_texts()][:4]
    (folder / "a.txt").write_text(humans[0], encoding="utf-8")
    (folder / "sub" / "b.html").write_text(
        "<html><body><article><p>" + humans[1].replace("\n\n", "</p><p>") + "</p></article></body></html>",
        encoding="utf-8",
    )
    shutil.copy(SEED, folder / "c.txt")
    (folder / "ignored.bin").write_bytes(b"\x00\x01")
    os.symlink(tmp_path / "missing.txt", folder / "d.txt")  # dangling: unreadable
    assert batch(str(folder), "--out", str(tmp_path / "o")) == 1
    s = lines(tmp_path / "o" / "scores.jsonl")
    assert [Path(x["source"]).name for x in s] == ["a.txt", "c.txt", "b.html"]
    seed = next(x for x in s if x["source"].endswith("c.txt"))
    assert seed["n_flags"] > 0
    (e,) = lines(tmp_path / "o" / "errors.jsonl")
    assert e["source"].endswith("d.txt") and e["error_kind"] == "unreadable"


def _warc_record(wtype: str, body: bytes, uri: str, ctype: str) -> bytes:
    head = (
        f"WARC/1.0\r\nWARC-Type: {wtype}\r\nWARC-Target-URI: {uri}\r\n"
        f"WARC-Record-ID: <urn:uuid:{abs(hash(uri + wtype)):032x}>\r\n"
        f"Content-Type: {ctype}\r\nContent-Length: {len(body)}\r\n\r\n"
    ).encode()
    return head + body + b"\r\n\r\n"


def _http(body: bytes, ctype: str, chunked: bool = False) -> bytes:
    if chunked:
        body = b"%x\r\n%s\r\n0\r\n\r\n" % (len(body), body)
        return (
            b"HTTP/1.1 200 OK\r\nContent-Type: "
            + ctype.encode()
            + b"\r\nTransfer-Encoding: chunked\r\n\r\n"
            + body
        )
    return b"HTTP/1.1 200 OK\r\nContent-Type: " + ctype.encode() + b"\r\n\r\n" + body


def make_warc(n: int) -> list[bytes]:
    """Records of a small crawl: pages built from real human texts, plus non-documents."""
    texts = [r["text"] for r in devdata.human_texts()][:n]
    recs = [_warc_record("warcinfo", b"software: test\r\n", "", "application/warc-fields")]
    for i, t in enumerate(texts):
        page = (
            "<html><body><article><p>" + t.replace("\n\n", "</p><p>") + "</p></article></body></html>"
        ).encode()
        recs.append(
            _warc_record(
                "request",
                b"GET / HTTP/1.1\r\n\r\n",
                f"http://ex.test/{i}",
                "application/http; msgtype=request",
            )
        )
        recs.append(
            _warc_record(
                "response",
                _http(page, "text/html; charset=utf-8", chunked=i % 2 == 1),
                f"http://ex.test/{i}",
                "application/http; msgtype=response",
            )
        )
    recs.append(
        _warc_record(
            "response",
            _http(b"\x89PNG....", "image/png"),
            "http://ex.test/logo.png",
            "application/http; msgtype=response",
        )
    )
    return recs


@pytest.mark.parametrize("gz", [False, True])
def test_warc(tmp_path: Path, gz: bool) -> None:
    recs = make_warc(6)
    path = tmp_path / ("crawl.warc.gz" if gz else "crawl.warc")
    path.write_bytes(b"".join(gzip.compress(r) for r in recs) if gz else b"".join(recs))
    assert batch(str(path), "--out", str(tmp_path / "o")) == 0
    s = lines(tmp_path / "o" / "scores.jsonl")
    assert [x["url"] for x in s] == [f"http://ex.test/{i}" for i in range(6)]
    summary = json.loads((tmp_path / "o" / "summary.json").read_text())
    assert summary["skipped"] == 1 and summary["records_in"] == 6
    # truncated: the pages before the cut are scored and the cut is one error
    cut = tmp_path / "cut.warc.gz"
    blob = path.read_bytes() if gz else gzip.compress(path.read_bytes())
    cut.write_bytes(blob[: len(blob) * 3 // 5])
    assert batch(str(cut), "--out", str(tmp_path / "o2")) == 1
    s2 = lines(tmp_path / "o2" / "scores.jsonl")
    assert 0 < len(s2) < 6 and [x["url"] for x in s2] == [x["url"] for x in s[: len(s2)]]
    assert [e["error_kind"] for e in lines(tmp_path / "o2" / "errors.jsonl")] == ["truncated"]


def test_two_jobs_same_output(corpus: tuple[Path, dict], reference: Path, tmp_path: Path) -> None:
    path, _ = corpus
    assert batch(str(path), "--out", str(tmp_path / "o"), "--jobs", "2", "--chunk-size", "16") == 1
    for name in ("scores.jsonl", "errors.jsonl"):
        assert (tmp_path / "o" / name).read_bytes() == (reference / name).read_bytes()


def test_two_jobs_guided_chunks_same_output(
    corpus: tuple[Path, dict], reference: Path, tmp_path: Path
) -> None:
    # 300 records in chunks of at most 64: with two workers the last chunks shrink (guided
    # scheduling), so the chunking differs from the one-process run; the outputs must not.
    path, _ = corpus
    assert batch(str(path), "--out", str(tmp_path / "o"), "--jobs", "2", "--chunk-size", "64") == 1
    for name in ("scores.jsonl", "errors.jsonl"):
        assert (tmp_path / "o" / name).read_bytes() == (reference / name).read_bytes()
    summary = json.loads((tmp_path / "o" / "summary.json").read_text())
    assert summary["records_in"] == json.loads((reference / "summary.json").read_text())["records_in"]


@pytest.mark.parametrize("compress", [False, True])
def test_split_keeps_full_records(corpus: tuple[Path, dict], tmp_path: Path, compress: bool) -> None:
    path, m = corpus
    extra = ["--compress"] if compress else []
    assert batch(str(path), "--out", str(tmp_path / "o"), "--split", "--drop", "suspect", *extra) == 1
    ext = ".jsonl.gz" if compress else ".jsonl"

    def read(name: str) -> list[dict]:
        raw = (tmp_path / "o" / (name + ext)).read_bytes()
        raw = gzip.decompress(raw) if compress else raw
        return [json.loads(x) for x in raw.decode().splitlines()]

    kept, dropped = read("kept"), read("dropped")
    scores = lines(tmp_path / "o" / "scores.jsonl")
    assert len(kept) + len(dropped) == len(scores) == m["good"]
    assert all(
        r["_spamcheck"]["label"] in ("spam", "suspect") and r["_spamcheck"]["reasons"] for r in dropped
    )
    assert all(r["_spamcheck"]["label"] == "clean" for r in kept)
    assert all(set(r) >= {"id", "text", "label", "source"} for r in kept + dropped)
    want = {s["id"] for s in scores if s["label"] != "clean"}
    assert {r["id"] for r in dropped} == want


def test_usage_errors(corpus: tuple[Path, dict], reference: Path, tmp_path: Path) -> None:
    path, _ = corpus
    assert batch(str(tmp_path / "nope.jsonl"), "--out", str(tmp_path / "a")) == 2
    weird = tmp_path / "x.csv"
    weird.write_text("a,b\n")
    assert batch(str(weird), "--out", str(tmp_path / "b")) == 2
    assert batch(str(path), "--out", str(tmp_path / "c"), "--compress") == 2
    # an existing run is neither overwritten nor mixed with other inputs
    assert batch(str(path), "--out", str(reference)) == 2
    assert batch(str(weird.with_name("y.jsonl")), "--out", str(reference), "--resume") == 2
    assert batch(str(path), "--out", str(reference), "--resume") == 1  # finished run: nothing to do
    # --overwrite starts again and leaves no stale file of the earlier run behind
    again = tmp_path / "again"
    assert batch(str(path), "--out", str(again), "--split") == 1
    assert (again / "kept.jsonl").exists()
    assert batch(str(path), "--out", str(again), "--overwrite") == 1
    assert not (again / "kept.jsonl").exists()
    assert (again / "scores.jsonl").read_bytes() == (reference / "scores.jsonl").read_bytes()


def test_progress_lines_when_not_a_tty(
    corpus: tuple[Path, dict], tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    path, _ = corpus
    main(["batch", str(path), "--out", str(tmp_path / "o"), "--log-every", "0", "--chunk-size", "64"])
    err = capfd.readouterr().err
    prog = [ln for ln in err.splitlines() if "rec/s" in ln]
    assert len(prog) >= 4 and "ETA" in prog[0] and "\r" not in err


def test_tty_progress_bar() -> None:
    import io

    from spamcheck.corpus.progress import Progress

    buf = io.StringIO()
    p = Progress(1000, stream=buf, tty=True)
    p.update(10, 250, force=True)
    assert buf.getvalue().startswith("\r\x1b[K[######") and "ETA" in buf.getvalue()


def test_score_many_still_works() -> None:
    import spamcheck

    texts = [*[r["text"] for r in devdata.human_texts()][:6], SEED.read_text(encoding="utf-8")]
    one = [r.to_dict() for r in spamcheck.score_many(texts, n_jobs=1)]
    two = [r.to_dict() for r in spamcheck.score_many(texts, n_jobs=2)]
    assert one == two and one[-1]["flags"]
