"""Golden test: scores, labels and flags of a fixed document set do not drift.

The golden file was written by ``python -m tests.golden.make_golden`` before the
package was restructured (issue 12); a behaviour-preserving change keeps every
number. A deliberate change of behaviour regenerates the file in the same commit.
"""

from __future__ import annotations

import gzip
import json
import math
from typing import Any

import pytest
from tests.conftest import needs_shared
from tests.golden import make_golden


@pytest.fixture(scope="module")
def golden() -> dict[str, dict[str, Any]]:
    with gzip.open(make_golden.GOLDEN, "rt", encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh]
    return {r["id"]: r for r in rows}


def _assert_same(got: dict[str, Any], want: dict[str, Any]) -> None:
    doc = want["id"]
    assert got["label"] == want["label"], doc
    assert got["error"] == want["error"], doc
    assert math.isclose(got["score"], want["score"], rel_tol=0, abs_tol=1e-9), doc
    assert got["scores"].keys() == want["scores"].keys(), doc
    for fam, s in want["scores"].items():
        assert math.isclose(got["scores"][fam], s, rel_tol=0, abs_tol=1e-9), (doc, fam)
    # JSON turned the flag tuples into lists; compare the same way.
    got_flags = json.loads(json.dumps(got["flags"], ensure_ascii=False))
    assert len(got_flags) == len(want["flags"]), doc
    for g, w in zip(got_flags, want["flags"], strict=True):
        assert g[:5] == w[:5], (doc, w)
        assert math.isclose(g[5], w[5], rel_tol=0, abs_tol=1e-9), (doc, w)


def test_golden_file_covers_the_set(golden):
    assert len(golden) >= 501
    assert sum(1 for r in golden.values() if r["html"]) >= 60
    assert make_golden.SEED_PATH in golden


def test_seed_is_unchanged(golden, detector):
    doc_id, data, is_html = make_golden.seed_document()
    _assert_same(make_golden.record(doc_id, data, is_html, detector), golden[doc_id])


@needs_shared
@pytest.mark.slow
def test_shared_documents_are_unchanged(golden, detector):
    seen = 0
    for doc_id, data, is_html in make_golden.shared_documents():
        assert doc_id in golden, f"{doc_id} not in the golden file: shared data changed?"
        _assert_same(make_golden.record(doc_id, data, is_html, detector), golden[doc_id])
        seen += 1
    assert seen == len(golden) - 1
