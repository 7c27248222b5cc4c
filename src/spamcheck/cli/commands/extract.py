"""``spamcheck extract FILE.html [--json] [--blocks] [--features]``: main text of an HTML page.

Text mode prints the main text; ``--blocks`` prints every block with its label,
P(boilerplate) and reason instead; ``--json`` prints the whole extraction
(``Extraction.to_dict()``), with per-block features under ``--features``.
"""

from __future__ import annotations

import argparse
import json
import sys


def add_parser(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Register the subcommand (called by :func:`spamcheck.cli.build_parser`)."""
    p = subparsers.add_parser("extract", help="main text and labelled blocks of an HTML page")
    p.add_argument("files", nargs="+", help="HTML files; - for standard input")
    p.add_argument("--json", action="store_true", help="print the extraction as JSON (one object per file)")
    p.add_argument("--blocks", action="store_true", help="text mode: show every block with label and reason")
    p.add_argument("--features", action="store_true", help="JSON mode: include per-block features")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Extract each file; exit 0, or 2 if a file could not be read.

    >>> import tempfile, os
    >>> with tempfile.NamedTemporaryFile("w", suffix=".html", delete=False) as fh:
    ...     _ = fh.write("<html><body><p>Hello there, reader of pages.</p></body></html>")
    >>> run(argparse.Namespace(files=[fh.name], json=False, blocks=False, features=False))
    Hello there, reader of pages.
    0
    >>> os.unlink(fh.name)
    """
    from ...html.extraction import extract

    status = 0
    for path in args.files:
        try:
            if path == "-":
                data = sys.stdin.buffer.read()
            else:
                with open(path, "rb") as fh:
                    data = fh.read()
        except OSError as exc:
            print(f"spamcheck: cannot read {path}: {exc.strerror or exc}", file=sys.stderr)
            status = 2
            continue
        ex = extract(data, features=args.features)
        for w in ex.warnings:
            print(f"spamcheck: {path}: {w}", file=sys.stderr)
        if args.json:
            d = ex.to_dict()
            d["file"] = path
            print(json.dumps(d, ensure_ascii=False))
        elif args.blocks:
            if len(args.files) > 1:
                print(f"== {path}")
            for b in ex.blocks:
                mark = "MAIN " if b.label == "main" else "BOIL "
                print(f"{mark}{b.score:5.2f} <{b.tag}> {ex.text[b.start : b.end]}\n      {b.reason}")
        else:
            if len(args.files) > 1:
                print(f"== {path}")
            print(ex.main_text)
    return status
