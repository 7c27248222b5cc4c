"""Command line: a thin layer over the API.

    spamcheck score FILE... [--json] [--format text|json|html]

Each further subcommand lives in ``spamcheck/commands/<name>.py`` with an
``add_parser(subparsers)`` function; this module only wires them up.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
from collections.abc import Sequence

from . import __version__


def _read_input(path: str) -> bytes:
    if path == "-":
        return sys.stdin.buffer.read()
    with open(path, "rb") as fh:
        return fh.read()


def cmd_score(args: argparse.Namespace) -> int:
    from . import default_detector
    from .render import render_text
    from .scoring import score_with_text

    if args.model:
        from .detector import Detector
        from .model import ModelError

        try:
            det = Detector(model=args.model, trust_model=args.trust_model)
        except (OSError, ModelError) as exc:
            print(f"spamcheck: cannot load model {args.model}: {exc}", file=sys.stderr)
            return 2
    else:
        det = default_detector()
    status = 0
    for path in args.files:
        try:
            data = _read_input(path)
        except OSError as exc:
            print(f"spamcheck: cannot read {path}: {exc.strerror or exc}", file=sys.stderr)
            status = 2
            continue
        # The text the flag offsets index comes back with the result: no second decode/parse.
        result, shown = score_with_text(det, data, doc_id=path)
        if args.format == "json":
            print(result.to_json())
        elif args.format == "html":
            from .report.single import render_html

            print(render_html(result, shown or ""))
        else:
            print(render_text(result, shown or "", color=args.color, show_all=args.all))
    return status


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="spamcheck", description="Judge the quality of ingested text.")
    p.add_argument("--version", action="version", version=f"spamcheck {__version__}")
    sub = p.add_subparsers(dest="command", required=True)

    s = sub.add_parser("score", help="score documents and show the evidence")
    s.add_argument("files", nargs="+", help="text or HTML files; - for standard input")
    s.add_argument(
        "--json", dest="format", action="store_const", const="json", help="one JSON object per line"
    )
    s.add_argument("--format", choices=["text", "json", "html"], default="text")
    s.add_argument("--color", choices=["auto", "always", "never"], default="auto")
    s.add_argument("--all", action="store_true", help="show every flag, not only the strongest per type")
    s.add_argument("--model", help="model directory (default: the shipped model)")
    s.add_argument(
        "--trust-model", action="store_true", help="load a model whose hash does not match its card"
    )
    s.set_defaults(func=cmd_score)

    from . import commands

    # "_common" and other "_" modules are helpers for the subcommands, not subcommands.
    for mod in sorted(m.name for m in pkgutil.iter_modules(commands.__path__) if not m.name.startswith("_")):
        importlib.import_module(f"{commands.__name__}.{mod}").add_parser(sub)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except KeyboardInterrupt:
        print("spamcheck: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
