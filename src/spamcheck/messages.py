"""Plain-language wording shared by the library's and the CLI's error messages."""

from __future__ import annotations

from typing import Any

_KINDS = {
    bool: "true/false",
    int: "a number",
    float: "a number",
    list: "a list",
    tuple: "a list",
    dict: "an object",
    bytes: "bytes",
    str: "text",
}


def describe(value: Any) -> str:
    """What ``value`` is, as a user would say it (not a Python type name).

    >>> describe(None), describe(3), describe([1]), describe({"a": 1}), describe(True)
    ('nothing (null/None)', 'a number (3)', 'a list', 'an object', 'true/false (True)')
    """
    if value is None:
        return "nothing (null/None)"
    kind = _KINDS.get(type(value))
    if kind is None:
        for t, k in _KINDS.items():
            if isinstance(value, t):
                kind = k
                break
        else:
            return f"a {type(value).__name__} object"
    if kind in ("a number", "true/false"):
        return f"{kind} ({value!r})"
    return kind
