"""Bytes to text, robustly: BOM, declared charset, UTF-8, then a fallback that never fails."""

from __future__ import annotations

import codecs
import re

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Where a page declares its charset: <meta charset="x">, <meta http-equiv=... content="...;
# charset=x">, <?xml encoding="x"?>. Only those: a <script charset="utf-8"> attribute (archive
# copies inject them ahead of the page's own <meta>) says nothing about the page.
_DECLARED_HTML = re.compile(
    rb"""<meta\b[^>]{0,512}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{2,40})"""
    rb"""|<\?xml\b[^>]{0,200}?encoding\s*=\s*["']?([A-Za-z0-9_.:-]{2,40})""",
    re.I,
)
# Not HTML (a mail body, a text file with a header): any "charset=x".
_DECLARED_ANY = re.compile(rb"""(?:charset|encoding)\s*=\s*["']?\s*([A-Za-z0-9_.:-]{2,40})""", re.I)
_LOOKS_HTML = re.compile(rb"<(?:!doctype|html|head|meta|body)\b", re.I)
# Labels that browsers (WHATWG Encoding) read as a wider codec: pages declaring
# gb2312 are written in GBK/GB18030, "iso-8859-1" pages in windows-1252, and so on.
_WHATWG = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "iso-8859-1": "cp1252",
    "iso8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "us-ascii": "cp1252",
    "ascii": "cp1252",
    "iso-8859-9": "cp1254",
    "iso-8859-11": "cp874",
    "tis-620": "cp874",
    "shift_jis": "cp932",
    "shift-jis": "cp932",
    "sjis": "cp932",
    "x-sjis": "cp932",
    "euc-kr": "cp949",
    "ks_c_5601-1987": "cp949",
    "big5": "big5hkscs",
    # A UTF-16 page has a byte-order mark or NUL pattern (handled first); a label
    # saying utf-16 on ASCII-compatible bytes is a mistake browsers read as UTF-8.
    "utf-16": "utf-8",
    "utf-16le": "utf-8",
    "utf-16be": "utf-8",
}


# Control characters other than tab, newline, form feed and carriage return, and U+FFFD.
_BAD_CHAR = re.compile("[\x00-\x08\x0b\x0e-\x1f\ufffd]")


def declared_charset(data: bytes) -> str | None:
    """The charset a page (or text) declares in its first 16 KB, lower-cased, or None.

    >>> declared_charset(b'<script charset="utf-8"></script><meta charset="gb2312">')
    'gb2312'
    """
    head = data[:16384]
    if _LOOKS_HTML.search(head):
        m = _DECLARED_HTML.search(head)
        if m is None:
            return None
        label = m.group(1) or m.group(2)
    else:
        m = _DECLARED_ANY.search(head[:4096])
        if m is None:
            return None
        label = m.group(1)
    return label.decode("ascii", "replace").lower()


def decode_bytes(data: bytes) -> tuple[str, str, list[str]]:
    """Decode ``data`` and return ``(text, encoding_used, warnings)``.

    Order: byte-order mark; UTF-16 without one; strict UTF-8 (bytes that are valid
    UTF-8 and not plain ASCII are UTF-8 whatever the page declares, as browsers and
    trafilatura find); the declared charset (read as browsers read its label);
    UTF-8 with a few replaced bytes; cp1252. Never raises: the last resort is cp1252
    with replacement characters, and the warning says so.

    >>> decode_bytes("café".encode("utf-8"))[:2]
    ('café', 'utf-8')
    >>> decode_bytes('<meta charset="gb2312"><p>中文</p>'.encode("gb18030"))[:2]
    ('<meta charset="gb2312"><p>中文</p>', 'gb2312')
    """
    warnings: list[str] = []
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return data[len(bom):].decode(enc, errors="replace"), enc, warnings
    enc16 = _sniff_utf16(data)
    if enc16 is not None:
        warnings.append(f"no byte-order mark; decoded as {enc16} (NUL byte pattern)")
        return data.decode(enc16, errors="replace"), enc16, warnings
    declared = declared_charset(data)
    codec = None
    if declared is not None:
        codec = _WHATWG.get(declared, declared)
        try:
            codec = codecs.lookup(codec).name
        except LookupError:
            warnings.append(f"unknown declared charset {declared!r} ignored")
            codec = None
    if codec is not None and data.isascii():  # same text in every ASCII-compatible codec
        return data.decode("ascii"), str(declared), warnings
    try:
        return data.decode("utf-8"), "utf-8", warnings
    except UnicodeDecodeError as exc:
        bad = exc.start
    if codec is not None and codec != "utf-8" and declared is not None:
        text = data.decode(codec, errors="replace")
        n_bad = text.count("\ufffd")
        if n_bad <= max(3, len(text) // 1000):
            if n_bad:
                warnings.append(f"declared charset {declared!r}: {n_bad} byte(s) replaced")
            return text, declared, warnings
        warnings.append(f"declared charset {declared!r} does not fit the bytes")
    # Mostly-UTF-8 with a few broken bytes is far more common than real cp1252.
    text = data.decode("utf-8", errors="replace")
    n_bad = text.count("\ufffd")
    if n_bad <= max(3, len(text) // 1000):
        warnings.append(f"invalid UTF-8 at byte {bad}; {n_bad} byte(s) replaced")
        return text, "utf-8", warnings
    warnings.append(f"not UTF-8 (first bad byte at {bad}); decoded as cp1252")
    return data.decode("cp1252", errors="replace"), "cp1252", warnings


def _sniff_utf16(data: bytes) -> str | None:
    """``utf-16-le``/``-be`` for BOM-less UTF-16 of mostly Latin text, else None.

    Latin text in UTF-16 has a NUL in every other byte (odd positions for little
    endian); binary junk does not show that regular pattern.

    >>> _sniff_utf16("plain words here".encode("utf-16-le"))
    'utf-16-le'
    """
    head = data[:4096]
    if len(head) < 8:
        return None
    half = len(head) // 2
    even_nul = head[0::2].count(0) / half
    odd_nul = head[1::2].count(0) / half
    if odd_nul > 0.6 and even_nul < 0.05:
        enc = "utf-16-le"
    elif even_nul > 0.6 and odd_nul < 0.05:
        enc = "utf-16-be"
    else:
        return None
    try:
        data[: len(head) & ~1].decode(enc)
    except UnicodeDecodeError:
        return None
    return enc


def looks_binary(text: str) -> bool:
    """True when the text is mostly control characters or replacement characters.

    >>> looks_binary("\\x00\\x01\\x02\\x03 abc\\x04\\x05")
    True
    """
    if not text:
        return False
    sample = text[:8192]
    # One C-level scan instead of a Python loop over 8 K characters (this runs on
    # every document).
    bad = len(_BAD_CHAR.findall(sample))
    return bad / len(sample) > 0.1
