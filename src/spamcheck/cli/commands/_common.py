"""What the corpus and CI subcommands (``batch``, ``gate``, ``report``) share.

Not a subcommand itself: the CLI skips modules whose names start with ``_``.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable


def command_parser(
    sub: argparse._SubParsersAction,  # type: ignore[type-arg]
    name: str,
    run: Callable[[argparse.Namespace], int],
    *,
    help: str,
    description: str,
) -> argparse.ArgumentParser:
    """The subcommand's parser, with ``func`` already set to ``run``.

    >>> top = argparse.ArgumentParser(prog="spamcheck")
    >>> p = command_parser(top.add_subparsers(), "demo", lambda a: 0, help="h", description="d")
    >>> top.parse_args(["demo"]).func(None)
    0
    """
    p = sub.add_parser(name, help=help, description=description)
    p.set_defaults(func=run)
    return p


def count(minimum: int) -> Callable[[str], int]:
    """An argparse ``type`` for a whole number of at least ``minimum`` (a usage error, exit 2, below).

    >>> count(0)("3")
    3
    """

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
        if value < minimum:
            raise argparse.ArgumentTypeError(f"must be >= {minimum}, got {value}")
        return value

    return parse


def tell(command: str, message: str, status: int = 2) -> int:
    """Print ``spamcheck COMMAND: MESSAGE`` on stderr and return the exit status.

    >>> import contextlib, io
    >>> with contextlib.redirect_stderr(io.StringIO()) as err:
    ...     tell("gate", "no such file")
    2
    >>> err.getvalue()
    'spamcheck gate: no such file\\n'
    """
    print(f"spamcheck {command}: {message}", file=sys.stderr)
    return status


def write_output(command: str, path: str, text: str) -> int:
    """Write ``text`` to ``path``: 0, or 2 with the reason on stderr when it cannot be written.

    >>> import os, tempfile
    >>> p = os.path.join(tempfile.mkdtemp(), "out.txt")
    >>> write_output("report", p, "hi"), open(p).read()
    (0, 'hi')
    """
    try:
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(text)
    except OSError as exc:
        return tell(command, f"cannot write {path}: {exc.strerror or exc}")
    return 0
