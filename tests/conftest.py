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


def shared_available() -> bool:
    return devdata.text_dir().exists()


needs_shared = pytest.mark.skipif(not shared_available(), reason="../shared/data not present")
