"""Bad input never gives a traceback: always a Result with an error or warnings.

Base material is real text from the shared data (a real line repeated, real
pages re-encoded), never text written to look like anything.
"""

from __future__ import annotations

import gzip
import json
import random
import re
import subprocess
import sys
import unicodedata
from functools import lru_cache
from pathlib import Path

import pytest
from training import devdata

import spamcheck
from spamcheck.detector import MAX_CHARS
from spamcheck.result import FAMILIES, LABELS, Result
from spamcheck.text.decode import decode_bytes
from spamcheck.text.document import Document

REPO = Path(__file__).resolve().parents[1]
HTML = devdata.shared_dir() / "data" / "html" / "trafilatura-eval" / "eval"
needs_shared = pytest.mark.skipif(not devdata.text_dir().exists(), reason="../shared/data not present")
needs_html = pytest.mark.skipif(not HTML.exists(), reason="../shared/data/html not present")


@lru_cache(maxsize=1)
def real_line() -> str:
    """The first human line of 150-400 ASCII characters in the shared data."""
    for r in devdata.human_texts():
        for line in r["text"].splitlines():
            if 150 <= len(line) <= 400 and line.isascii():
                return line
    raise AssertionError("no suitable line")


@lru_cache(maxsize=1)
def real_texts() -> tuple[str, ...]:
    return tuple(r["text"] for r in devdata.human_texts())


def page(name: str) -> bytes:
    return gzip.open(HTML / f"{name}.html.gz").read()


def check(r: Result, basis: str | None = None) -> None:
    """The contract every result keeps, whatever the input."""
    assert isinstance(r, Result)
    assert r.label in LABELS
    assert 0.0 <= r.score <= 1.0
    assert set(r.scores) == set(FAMILIES)
    d = json.loads(r.to_json().encode("utf-8"))  # encodable: no lone surrogates
    assert d == r.to_dict()
    if basis is not None:
        for f in r.flags:
            assert 0 <= f.start <= f.end <= len(basis)
            assert basis[f.start : f.end] == f.text


def _comparable(r: Result) -> dict:
    d = r.to_dict()
    d.pop("warnings")
    return d


# -- empty and junk -----------------------------------------------------------


@pytest.mark.parametrize("data", ["", b"", " \n\t \r\n  ", b"\n\n\n", "\u200b\u200b", "!!! ... ???"])
def test_empty_whitespace_and_wordless_input_is_an_error_not_clean(data):
    # A filter that keeps label == "clean" must not keep records with nothing in them.
    r = spamcheck.score(data)
    check(r)
    assert r.label == "error" and not r.flags
    assert r.error is not None and r.error.startswith("no text")
    assert r.why == f"error: {r.error}"


@pytest.mark.parametrize("data", [None, 12345, 3.5, ["text"], {"text": "x"}])
def test_not_text_is_an_error_in_plain_words(data):
    r = spamcheck.score(data)  # type: ignore[arg-type]
    check(r)
    assert r.label == "error" and r.score == 0.0
    assert r.error.startswith("expected text (str) or bytes, got ")
    assert not re.search(r"\b(NoneType|int|float|dict|str object)\b", r.error.split(" got ", 1)[1]), r.error


def test_binary_junk_is_an_error_not_a_crash():
    junk = random.Random(7).randbytes(65536)
    r = spamcheck.score(junk)
    check(r)
    assert r.error is not None and "binary" in r.error
    assert r.label == "error" and not r.flags


def test_nul_bytes_only_is_an_error():
    r = spamcheck.score(b"\x00" * 1000)
    check(r)
    assert r.error is not None


@needs_shared
def test_a_few_nul_bytes_inside_real_text_are_tolerated():
    line = real_line()
    text = line[:50] + "\x00" + line[50:100] + "\x00" + line[100:]
    r = spamcheck.score(text)
    check(r, text)
    assert r.error is None and r.language == "en"


@needs_shared
def test_invalid_utf8_is_repaired_with_a_warning():
    line = real_line().encode()
    data = line[:40] + b"\xff\xfe" + line[40:] + b"\xc3("
    r = spamcheck.score(data)
    check(r, decode_bytes(data)[0])
    assert r.error is None and r.language == "en"
    assert any("invalid UTF-8" in w for w in r.warnings)


@needs_shared
@pytest.mark.parametrize("enc", ["utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-8-sig"])
def test_unicode_encodings_with_and_without_bom_score_like_the_text(enc):
    text = "\n\n".join(real_texts()[:3])
    r_bytes = spamcheck.score(text.encode(enc))
    r_text = spamcheck.score(text)
    check(r_bytes, text)
    assert r_bytes.error is None
    assert _comparable(r_bytes) == _comparable(r_text)


@needs_shared
def test_lone_surrogates_are_replaced_and_reported():
    line = real_line()
    text = line[:30] + "\ud800" + line[30:] + "\udfff"
    r = spamcheck.score(text)
    check(r, text.replace("\ud800", "\ufffd").replace("\udfff", "\ufffd"))
    assert r.error is None
    assert any("surrogate" in w for w in r.warnings)


@needs_shared
def test_combining_character_flood():
    words = real_line().split()
    text = " ".join(w + "\u0301" * 5000 for w in words[:20])
    r = spamcheck.score(text)
    check(r, text)
    assert r.error is None


@needs_shared
def test_bidi_overrides_in_real_text_are_invisible_to_detectors():
    line = real_line()
    words = line.split(" ")
    evaded = " ".join("\u202e" + w + "\u202c" if i % 3 == 0 else w for i, w in enumerate(words))
    assert Document(evaded).text == Document(line).text
    r = spamcheck.score(evaded)
    check(r, evaded)
    assert r.language == "en"


@needs_html
def test_right_to_left_page():
    data = page("assabah.com.tn.article")
    text = spamcheck.extract(data).text
    assert re.search("[\u0600-\u06ff]{20,}", text.replace(" ", "")), "expected Arabic text"
    r = spamcheck.score(data)
    check(r, text)
    assert r.error is None and r.label != "spam"


# -- declared charsets ----------------------------------------------------------


@needs_html
@pytest.mark.parametrize(
    ("name", "charset"),
    [
        ("die-tagespost.de.Demut", "iso-8859-1"),
        ("proplanta.de.erloesobergrenze", "iso-8859-1"),
        ("auto-presse.de-minisuv", "windows-1252"),
        ("wordsmith.org.maudlin", "windows-1252"),
    ],
)
def test_declared_single_byte_charset_pages(name, charset):
    data = page(name)
    _, used, warnings = decode_bytes(data)
    assert used == charset
    assert not warnings
    ex = spamcheck.extract(data)
    assert "\ufffd" not in ex.text
    r = spamcheck.score(data)
    check(r, ex.text)
    assert r.error is None and r.input_kind == "html"
    if name.endswith((".Demut", ".erloesobergrenze", "-minisuv")):
        assert re.search("[äöüÄÖÜß]", ex.text)  # German umlauts decoded, not mojibake
        assert "Ã" not in ex.text


@needs_html
def test_shift_jis_page_decodes_to_the_same_text():
    utf8 = page("nhk.or.jp.k100").decode("utf-8").lstrip("\ufeff")
    assert '<meta charset="utf-8">' in utf8
    sjis = utf8.replace('<meta charset="utf-8">', '<meta charset="shift_jis">').encode("shift_jis")
    _, used, _ = decode_bytes(sjis)
    assert used in ("shift_jis", "shift-jis", "sjis")
    ex = spamcheck.extract(sjis)
    assert ex.text == spamcheck.extract(utf8).text
    assert re.search("[\u3040-\u30ff]", ex.text)
    r = spamcheck.score(sjis)
    check(r, ex.text)
    assert r.error is None


def _gold_snippets(name: str) -> list[str]:
    """The page's trafilatura-eval ``with`` snippets (text a reader sees as the article)."""
    data = json.loads((HTML.parent / "evaldata.json").read_text(encoding="utf-8"))
    return next(item["with"] for item in data.values() if item["file"] == f"{name}.html")


def _visible(name: str) -> str:
    folder = "eval" if (HTML / f"{name}.html.gz").exists() else "cache"
    data = gzip.decompress((HTML.parent / folder / f"{name}.html.gz").read_bytes())
    return " ".join(spamcheck.extract(data).text.split())


@needs_html
def test_script_charset_attribute_does_not_hide_the_pages_meta_charset():
    # An archive copy injects <script charset="utf-8"> ahead of the page's own
    # <meta ... charset=gb2312>; the page is GBK and must read as Chinese, not cp1252.
    name = "archive.org.he.xinhuanet.com.25340717"
    data = page(name)
    assert b'<script type="text/javascript" src="/_static/js/wombat.js' in data[:4096]
    text, used, warnings = decode_bytes(data)
    assert used == "gb2312" and not warnings
    assert "\ufffd" not in text
    visible = _visible(name)
    for snippet in _gold_snippets(name):
        assert " ".join(snippet.split()) in visible


@needs_html
def test_unbalanced_noscript_does_not_swallow_the_page():
    # "<noscript><div id=...></noscript>": a browser reads noscript as raw text, libxml2
    # as markup whose unclosed <div> would put the whole page inside the skipped noscript.
    name = "parcoabruzzo.it.58354"
    assert b'<noscript><div id="mms_nojava"></noscript>' in page(name)
    visible = _visible(name)
    for snippet in _gold_snippets(name):
        assert " ".join(snippet.split()) in visible


@needs_html
@pytest.mark.parametrize("name", ["nhk.or.jp.k100", "ukbdnews.com.23646", "adac.de.kindersitze"])
def test_ruby_readings_and_combining_marks_do_not_break_the_text(name):
    # nhk: <ruby>子<rt>こ</rt></ruby> readings are annotations, not text; ukbdnews and adac
    # mix precomposed and combining forms (the visible text is NFC).
    visible = _visible(name)
    for snippet in _gold_snippets(name):
        assert unicodedata.normalize("NFC", " ".join(snippet.split())) in visible


def test_unknown_declared_charset_is_ignored_with_a_warning():
    data = b"<html><head><meta charset='x-no-such-charset'></head><body><p>caf\xc3\xa9</p></body></html>"
    text, used, warnings = decode_bytes(data)
    assert used == "utf-8" and "café" in text
    assert any("unknown declared charset" in w for w in warnings)


# -- size and shape ------------------------------------------------------------


def _twenty_mb() -> str:
    parts: list[str] = []
    n = 0
    for t in real_texts():
        parts.append(t)
        n += len(t) + 2
        if n > 2_100_000:
            break
    block = "\n\n".join(parts)
    return (block + "\n\n") * (20_000_000 // (len(block) + 2) + 1)


@needs_shared
@pytest.mark.slow
@pytest.mark.timeout(180)
def test_twenty_megabyte_document_is_truncated_not_choked_on():
    big = _twenty_mb()
    assert len(big) >= 20_000_000
    for data in (big, big.encode("utf-8")):
        r = spamcheck.score(data)
        check(r, big[:MAX_CHARS])
        assert r.error is None
        assert any(str(MAX_CHARS) in w for w in r.warnings)
        assert all(f.end <= MAX_CHARS for f in r.flags)


@needs_shared
@pytest.mark.slow
@pytest.mark.timeout(180)
def test_twenty_megabyte_html_page():
    paras = "".join(f"<p>{t}</p>\n" for t in real_texts()[:3000])
    html = "<html><head><meta charset='utf-8'></head><body>" + paras * (
        20_000_000 // len(paras) + 1) + "</body></html>"
    r = spamcheck.score(html.encode("utf-8"))
    check(r)
    assert r.error is None and r.input_kind == "html"
    assert any("analysed" in w or "parsed" in w for w in r.warnings)


@needs_shared
def test_deeply_nested_html():
    line = real_line()
    html = "<html><body>" + "<div>" * 10_000 + f"<p>{line}</p>" + "</div>" * 10_000 + "</body></html>"
    ex = spamcheck.extract(html)
    r = spamcheck.score(html)
    check(r, ex.text)
    assert r.error is None
    assert line in ex.text or r.warnings, "the text was lost without a word"


@needs_shared
def test_ten_thousand_repeated_lines():
    line = real_line()
    text = "\n".join([line] * 10_000)
    r = spamcheck.score(text)
    check(r, text[:MAX_CHARS])
    assert r.error is None and r.language == "en"


@needs_shared
def test_single_five_megabyte_line_without_spaces():
    line = re.sub(r"\s+", "", real_line())
    text = (line * (5_000_000 // len(line) + 1))[:5_000_000]
    r = spamcheck.score(text)
    check(r, text[:MAX_CHARS])
    assert r.error is None
    assert any("only the first" in w for w in r.warnings)


def test_wrong_type_is_an_error():
    r = spamcheck.score(12345)  # type: ignore[arg-type]
    check(r)
    assert r.label == "error" and r.error is not None and "a number (12345)" in r.error


# -- command line -----------------------------------------------------------------


def _run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "spamcheck", *args],
        capture_output=True, text=True, encoding="utf-8", errors="replace", timeout=300, cwd=REPO,
    )


@pytest.fixture(scope="module")
def bad_files(tmp_path_factory) -> list[Path]:
    d = tmp_path_factory.mktemp("bad")
    files = {
        "empty.txt": b"",
        "blank.txt": b" \n\r\n\t ",
        "junk.bin": random.Random(3).randbytes(20000),
        "nul.txt": b"\x00" * 500,
        "cesu.txt": b"\xed\xa0\x80 surrogate bytes",
    }
    if devdata.text_dir().exists():
        line = real_line()
        files |= {
            "utf16le.txt": ("\n".join([line] * 20)).encode("utf-16-le"),
            "utf16bom.txt": ("\n".join([line] * 20)).encode("utf-16"),
            "badutf8.txt": line.encode() + b"\xff\xfe" + line.encode(),
            "nested.html": ("<html><body>" + "<div>" * 10_000 + f"<p>{line}</p>" + "</div>" * 10_000
                            + "</body></html>").encode(),
            "repeated.txt": ("\n".join([line] * 10_000)).encode(),
            "longline.txt": (re.sub(r"\s", "", line) * 20_000)[:5_000_000].encode(),
            "combining.txt": (line[:20] + "\u0301" * 50_000).encode(),
        }
    out = []
    for name, data in files.items():
        p = d / name
        p.write_bytes(data)
        out.append(p)
    return out


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["text", "json", "html"])
def test_cli_on_bad_files_never_tracebacks(bad_files, fmt):
    proc = _run_cli("score", "--format", fmt, *map(str, bad_files))
    assert "Traceback" not in proc.stderr, proc.stderr[-3000:]
    # Binary, empty and blank files cannot be judged: exit 2, as `score --help` says, and each named.
    assert proc.returncode == 2, proc.stderr[-3000:]
    for name in ("empty.txt", "blank.txt", "junk.bin", "nul.txt"):
        assert f"{name}: error: " in proc.stderr
    if fmt == "json":
        lines = [json.loads(x) for x in proc.stdout.splitlines() if x.strip()]
        assert [x["id"] for x in lines] == [str(p) for p in bad_files]
        by_id = {x["id"]: x for x in lines}
        junk = next(str(p) for p in bad_files if p.name == "junk.bin")
        assert by_id[junk]["error"] and by_id[junk]["label"] == "error"
        for x in lines:
            assert (x["label"] == "error") == bool(x["error"])
    else:
        for p in bad_files:
            assert str(p) in proc.stdout or p.name in proc.stdout


def test_cli_unreadable_paths_exit_2_with_a_message(tmp_path):
    proc = _run_cli("score", str(tmp_path), str(tmp_path / "missing.txt"))
    assert "Traceback" not in proc.stderr
    assert proc.returncode == 2
    assert proc.stderr.count("cannot read") == 2
