"""One loader for every shipped model: found in the checkout, checked against its card."""

from __future__ import annotations

import json
import shutil
import warnings

import pytest

from spamcheck import artifacts
from spamcheck.artifacts import ARTIFACTS, ArtifactError, artifact_dirs, read_card, read_verified, sha256_hex
from spamcheck.text import completeness


def _shipped(name: str):
    return next(d for d in artifact_dirs(name) if (d / "card.json").is_file())


@pytest.mark.parametrize("name", ARTIFACTS)
def test_every_shipped_artifact_is_verified_by_the_one_loader(name):
    d = _shipped(name)
    card, blob = read_verified(d, "model.joblib")
    assert sha256_hex(blob) == card["sha256"]


def test_unknown_artifact_name_is_an_error():
    with pytest.raises(ValueError, match="unknown artifact"):
        artifact_dirs("nope")


def test_no_card_means_nothing_shipped_there(tmp_path):
    assert read_card(tmp_path) is None
    assert read_verified(tmp_path, "x.bin") is None


def test_unreadable_card_and_missing_file_are_errors_not_absence(tmp_path):
    (tmp_path / "card.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(ArtifactError, match="unreadable card"):
        read_card(tmp_path)
    (tmp_path / "card.json").write_text(json.dumps({"file": "m.bin", "sha256": "0" * 64}), encoding="utf-8")
    with pytest.raises(ArtifactError, match="unreadable"):
        read_verified(tmp_path, "m.bin")


def test_one_flipped_byte_is_refused(tmp_path):
    d = tmp_path / "default"
    shutil.copytree(_shipped("completeness"), d)
    card = json.loads((d / "card.json").read_text())
    blob = bytearray((d / card["file"]).read_bytes())
    blob[len(blob) // 3] ^= 0x01
    (d / card["file"]).write_bytes(bytes(blob))
    with pytest.raises(ArtifactError, match="sha256"):
        read_verified(d, "unused")


def test_an_altered_completeness_model_is_not_used_silently(tmp_path, monkeypatch):
    # Without the model the fragments family judges by structure only: the user is told.
    d = tmp_path / "completeness"
    shutil.copytree(_shipped("completeness"), d)
    card = json.loads((d / "card.json").read_text())
    blob = bytearray((d / card["file"]).read_bytes())
    blob[-10] ^= 0xFF
    (d / card["file"]).write_bytes(bytes(blob))
    monkeypatch.setattr(completeness, "artifact_dirs", lambda name: [d])
    with warnings.catch_warnings(record=True) as got:
        warnings.simplefilter("always")
        assert completeness.load_completeness.__wrapped__() is None
    assert any("completeness model not used" in str(w.message) and "sha256" in str(w.message) for w in got)


def test_artifacts_module_imports_nothing_of_the_package():
    # It sits below model/, html/ and text/, which all load through it.
    from pathlib import Path

    src = Path(artifacts.__file__).read_text(encoding="utf-8")
    assert "from ." not in src and "import spamcheck" not in src
