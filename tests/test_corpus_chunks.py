"""How the corpus runner cuts its input into chunks (no scoring: the reader side only).

With workers the chunks shrink as the input runs out, so the last ones finish close
together; whatever the sizes, every record goes into exactly one chunk, in input order.
"""

from __future__ import annotations

import gzip
import json
import random
from pathlib import Path

import pytest

from spamcheck.corpus.runner import MIN_GUIDED_CHUNK, RunConfig, _Run, guided_size


def write_corpus(path: Path, n: int, seed: int = 0) -> None:
    """``n`` JSONL records of uneven length (a few words to a few paragraphs)."""
    rng = random.Random(seed)
    words = ["river", "stone", "ledger", "maple", "quiet", "harbour", "lantern", "orchard", "copper"]
    recs = [
        json.dumps({"id": i, "text": " ".join(rng.choice(words) for _ in range(rng.randint(3, 600)))})
        for i in range(n)
    ]
    data = ("\n".join(recs) + "\n").encode()
    path.write_bytes(gzip.compress(data) if path.suffix == ".gz" else data)


def chunk_sizes(path: Path, jobs: int, chunk_size: int = 256) -> tuple[list[int], list[int]]:
    run = _Run(RunConfig([str(path)], str(path.parent / "out"), jobs=jobs, chunk_size=chunk_size))
    chunks = list(run._chunks())
    return [len(c.items) for c in chunks], [it.record for c in chunks for it in c.items]


@pytest.mark.parametrize("name", ["c.jsonl", "c.jsonl.gz"])
def test_every_record_once_in_order(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    write_corpus(path, 3000)
    for jobs in (1, 2, 3):
        sizes, records = chunk_sizes(path, jobs)
        assert records == list(range(3000))
        assert max(sizes) <= 256 and all(
            c.last is c.items[-1]
            for c in _Run(RunConfig([str(path)], str(tmp_path / "o"), jobs=jobs))._chunks()
        )


def test_one_job_keeps_full_chunks(tmp_path: Path) -> None:
    path = tmp_path / "c.jsonl"
    write_corpus(path, 1000)
    sizes, _ = chunk_sizes(path, 1)
    assert sizes == [256, 256, 256, 232]


def test_two_jobs_end_with_small_chunks(tmp_path: Path) -> None:
    path = tmp_path / "c.jsonl"
    write_corpus(path, 4000, seed=1)
    sizes, _ = chunk_sizes(path, 2)
    # Full chunks while much is left, then shrinking ones: the work after the last full
    # chunk is spread over several chunks, the last of them small.
    assert sizes[:8] == [256] * 8
    shrinking = sizes[sizes.index(next(s for s in sizes if s < 256)) :]
    assert len(shrinking) >= 4 and shrinking == sorted(shrinking, reverse=True)
    assert sizes[-2] <= 2 * MIN_GUIDED_CHUNK and sizes[-1] <= 2 * MIN_GUIDED_CHUNK
    assert len(sizes) > 4000 // 256 + 1  # more chunks than cutting at 256 gives


def test_small_chunk_size_is_kept(tmp_path: Path) -> None:
    # A chunk size below the guided floor is the user's choice: never raised.
    path = tmp_path / "c.jsonl"
    write_corpus(path, 200)
    sizes, _ = chunk_sizes(path, 2, chunk_size=16)
    assert set(sizes[:-1]) == {16}


def test_guided_size_bounds() -> None:
    assert guided_size(10_000, 2, 256) == 256
    assert guided_size(0, 2, 256) == MIN_GUIDED_CHUNK
    assert guided_size(400, 4, 256) == 50
    assert guided_size(400, 2, 16) == 16
