"""The document path and the report contract."""

from __future__ import annotations

import json
from pathlib import Path

import spamcheck
from spamcheck.result import FAMILIES
from spamcheck.text.document import Document


def test_result_contract_keys(seed_text):
    d = spamcheck.score(seed_text, doc_id="seed").to_dict()
    assert list(d)[:6] == ["id", "score", "label", "scores", "flags", "features"]
    assert set(d["scores"]) == set(FAMILIES)
    assert d["label"] in ("clean", "suspect", "spam")
    assert 0.0 <= d["score"] <= 1.0
    for f in d["flags"]:
        assert set(f) == {"family", "type", "start", "end", "text", "reason", "strength"}
        assert seed_text[f["start"] : f["end"]] == f["text"]
    json.dumps(d)


def test_offsets_point_at_original_after_normalisation():
    # full-width letters, a zero-width space and a Cyrillic homoglyph
    original = "Ｈｅｌｌｏ\u200b wоrld.\r\nNext line."
    doc = Document(original)
    assert doc.text == "Hello world.\nNext line."
    i = doc.text.index("world")
    s, e = doc.to_original(i, i + len("world"))
    assert original[s:e] == "wоrld"
    f = doc.flag("spun", "x", 0, 5, "r", 0.5)
    assert f.text == "Ｈｅｌｌｏ"


def test_pure_cyrillic_words_are_not_rewritten():
    doc = Document("Москва — столица России.")
    assert doc.text == "Москва — столица России."


def test_cli_json_one_line_per_document(tmp_path, capsys):
    from spamcheck.cli.main import main

    a = tmp_path / "a.txt"
    a.write_text("The committee met on Tuesday to discuss the budget for next year.")
    b = tmp_path / "b.txt"
    b.write_bytes(b"\xff\xfe\x00garbage\x00\x01\x02")
    # b cannot be judged: still one line, labelled error, and the run exits 2 (score --help)
    assert main(["score", "--json", str(a), str(b)]) == 2
    lines = capsys.readouterr().out.strip().splitlines()
    assert [json.loads(x)["id"] for x in lines] == [str(a), str(b)]
    assert [json.loads(x)["label"] == "error" for x in lines] == [False, True]


def test_missing_file_is_exit_2(capsys):
    from spamcheck.cli.main import main

    assert main(["score", "/nonexistent/file.txt"]) == 2
    assert "cannot read" in capsys.readouterr().err


def test_cli_score_with_model_dir(tmp_path, capsys):
    import shutil

    from spamcheck.cli.main import main
    from spamcheck.model.classifier import default_model_dir

    src = default_model_dir()
    if src is None:
        import pytest

        pytest.skip("no shipped model")
    d = tmp_path / "m"
    shutil.copytree(src, d)
    seed = str(Path(__file__).resolve().parents[1] / "fixtures" / "seed" / "000_45702f146cbaefe0.txt")
    assert main(["score", "--json", "--model", str(d), seed]) == 0
    assert json.loads(capsys.readouterr().out)["label"] == "spam"
    raw = bytearray((d / "model.joblib").read_bytes())
    raw[len(raw) // 2] ^= 0xFF
    (d / "model.joblib").write_bytes(bytes(raw))
    assert main(["score", "--model", str(d), seed]) == 2
    assert "cannot load model" in capsys.readouterr().err
