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
# <meta charset="x">, <meta http-equiv=... content="...; charset=x">, <?xml encoding="x"?>
_DECLARED = re.compile(rb"""(?:charset|encoding)\s*=\s*["']?\s*([A-Za-z0-9_.:-]{2,40})""", re.I)


# Control characters other than tab, newline, form feed and carriage return, and U+FFFD.
_BAD_CHAR = re.compile("[\x00-\x08\x0b\x0e-\x1f\ufffd]")


def decode_bytes(data: bytes) -> tuple[str, str, list[str]]:
    """Decode ``data`` and return ``(text, encoding_used, warnings)``.

    Never raises: the last resort is cp1252 with replacement characters, and the
    warning says so.

    >>> decode_bytes("café".encode("utf-8"))[:2]
    ('café', 'utf-8')
    """
    warnings: list[str] = []
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return data[len(bom):].decode(enc, errors="replace"), enc, warnings
    enc16 = _sniff_utf16(data)
    if enc16 is not None:
        warnings.append(f"no byte-order mark; decoded as {enc16} (NUL byte pattern)")
        return data.decode(enc16, errors="replace"), enc16, warnings
    head = data[:4096]
    m = _DECLARED.search(head)
    if m:
        declared = m.group(1).decode("ascii", "replace").lower()
        try:
            codecs.lookup(declared)
        except LookupError:
            warnings.append(f"unknown declared charset {declared!r} ignored")
        else:
            if declared not in ("utf-8", "utf8"):
                try:
                    return data.decode(declared), declared, warnings
                except (UnicodeDecodeError, ValueError):
                    warnings.append(f"declared charset {declared!r} does not fit the bytes")
    try:
        return data.decode("utf-8"), "utf-8", warnings
    except UnicodeDecodeError as exc:
        bad = exc.start
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
