"""Shared test helpers: where the third-party development data lives."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from training import devdata  # noqa: E402

SEED = REPO / "fixtures" / "seed" / "000_45702f146cbaefe0.txt"


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def detector():
    import spamcheck

    return spamcheck.default_detector()


@pytest.fixture(scope="session")
def engine_records() -> list[dict]:
    """The seeded sample of real documents the Spark and datatrove tests both run."""
    from tests.engine_helpers import sample_records

    return sample_records()


@pytest.fixture(scope="session")
def engine_expected(engine_records, detector) -> dict:
    """Single-machine results for ``engine_records``, by id: what the engines must match."""
    return {r["id"]: detector.score(r["text"], doc_id=r["id"]) for r in engine_records}


@pytest.fixture(scope="session")
def engine_batch_lines(tmp_path_factory, engine_records) -> dict[str, dict]:
    """``spamcheck batch``'s scores.jsonl lines for ``engine_records``, by id."""
    from tests.engine_helpers import run_batch_command

    return run_batch_command(tmp_path_factory.mktemp("batch"), engine_records)


def shared_available() -> bool:
    return devdata.text_dir().exists()


needs_shared = pytest.mark.skipif(not shared_available(), reason="../shared/data not present")
