"""`spamcheck batch` progress: records of a known or estimated total, and an ETA from the real rate."""

from __future__ import annotations

import gzip
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from spamcheck.corpus.progress import Progress, count_records, count_total

REPO = Path(__file__).resolve().parents[1]


class Clock:
    def __init__(self) -> None:
        self.t = 0.0

    def __call__(self) -> float:
        return self.t


def lines(p: Progress) -> list[str]:
    return p.stream.getvalue().splitlines()  # type: ignore[attr-defined]


def test_eta_uses_the_rate_after_start_up_not_the_whole_elapsed_time():
    clock = Clock()
    p = Progress(10_000, stream=io.StringIO(), tty=False, every=0, total_records=1000, clock=clock)
    clock.t = 10.0  # 9 s loading the model, then the first chunk
    p.update(100, 1000)
    clock.t = 11.0  # 100 more records in one second: 100 rec/s
    p.update(200, 2000)
    last = lines(p)[-1]
    assert "200 / 1,000 records" in last and "20.0%" in last
    assert "100 rec/s" in last
    assert "ETA 0:00:08" in last  # 800 records left at 100/s (elapsed-based: 0:00:44)


def test_unknown_total_is_estimated_from_bytes_and_marked():
    clock = Clock()
    p = Progress(1_000_000, stream=io.StringIO(), tty=False, every=0, clock=clock)
    clock.t = 2.0
    p.update(50, 100_000)
    clock.t = 4.0
    p.update(150, 250_000)  # 150 records in a quarter of the bytes: ~600 in all
    last = lines(p)[-1]
    assert "150 / ~600 records" in last and "25.0%" in last
    assert "ETA 0:00:09" in last  # 450 left at 50 rec/s


def test_resumed_run_counts_earlier_records_in_the_total_not_in_the_rate():
    clock = Clock()
    p = Progress(1000, stream=io.StringIO(), tty=False, every=0, already=500, total_records=1000, clock=clock)
    clock.t = 5.0
    p.update(600, 600)
    clock.t = 6.0
    p.update(700, 700)
    last = lines(p)[-1]
    assert "700 / 1,000 records" in last and "ETA 0:00:03" in last


def test_count_records(tmp_path):
    plain = tmp_path / "a.jsonl"
    plain.write_bytes(b'{"text": "x"}\n\n  \n{"text": "y"}\n{broken\n')
    assert count_records(str(plain)) == 3  # blank lines are not records; broken ones are
    gz = tmp_path / "b.jsonl.gz"
    gz.write_bytes(gzip.compress(plain.read_bytes()))
    assert count_records(str(gz)) is None  # would need decompressing: estimated instead
    txt = tmp_path / "c.txt"
    txt.write_text("one document")
    assert count_total([str(plain), str(txt)]) == 4
    assert count_total([str(plain), str(gz)]) is None


def test_count_records_parquet(tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    import pyarrow as pa

    p = tmp_path / "d.parquet"
    pq.write_table(pa.table({"text": ["a", "b", "c"]}), p, row_group_size=2)
    assert count_records(str(p)) == 3


@pytest.mark.slow
def test_batch_progress_lines_count_records_of_the_true_total(tmp_path):
    src = tmp_path / "in.jsonl"
    recs = [{"id": i, "text": f"Note {i}: the library opens at nine on weekdays and at ten on Sundays."}
            for i in range(60)]
    src.write_text("".join(json.dumps(r) + "\n" for r in recs) + "\n\n")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO / "src"), str(REPO)])}
    r = subprocess.run(
        [sys.executable, "-m", "spamcheck", "batch", str(src), "--out", str(tmp_path / "o"),
         "--chunk-size", "10", "--log-every", "0"],
        capture_output=True, text=True, env=env, timeout=300,
    )
    assert r.returncode == 0, r.stderr
    shown = [int(m.group(1).replace(",", "")) for m in re.finditer(r"([\d,]+) / 60 records", r.stderr)]
    assert shown and shown[-1] == 60, r.stderr
    assert shown == sorted(shown)
