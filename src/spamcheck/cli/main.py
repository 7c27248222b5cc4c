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
import textwrap
from collections.abc import Sequence

from .. import __version__


def _read_input(path: str) -> bytes:
    if path == "-":
        return sys.stdin.buffer.read()
    with open(path, "rb") as fh:
        return fh.read()


def cmd_score(args: argparse.Namespace) -> int:
    from .. import default_detector
    from ..chunked import score_with_text
    from ..report.text import render_text

    if args.model:
        from ..detector import Detector
        from ..model.classifier import ModelError

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
        if result.label == "error":
            # Not judged (binary, no text): say so on stderr too, and fail the run.
            print(f"spamcheck: {path}: error: {result.error}", file=sys.stderr)
            status = 2
        if args.format == "json":
            print(result.to_json())
        elif args.format == "html":
            from ..report.single import render_html

            print(render_html(result, shown or ""))
        else:
            print(render_text(result, shown or "", color=args.color, show_all=args.all))
    return status


class HelpFormatter(argparse.HelpFormatter):
    """Wraps each line of a description or epilog on its own, so listed lines stay lines."""

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        out = []
        for line in text.splitlines():
            lead = " " * (len(line) - len(line.lstrip()))
            hang = indent + lead + ("    " if lead else "")
            out.append(
                textwrap.fill(line.strip(), width, initial_indent=indent + lead, subsequent_indent=hang)
            )
        return "\n".join(out)


# Exit statuses per subcommand, shown at the end of each command's --help.
EXIT_STATUS = {
    "score": "0 every file scored; 2 a file could not be read, or could not be judged (label error: "
    "binary, no text); 130 interrupted",
    "batch": "0 every record scored; 1 some records are in DIR/errors.jsonl; 2 usage error (bad arguments, "
    "unsupported input, DIR in use or holding another run); 130 interrupted (rerun with --resume)",
    "gate": "0 passed; 1 the gate failed; 2 usage, configuration or input error (unknown flag name or "
    "config key, a path that does not exist, a file that cannot be read or judged)",
    "report": "0 written; 2 DIR is not a spamcheck batch output, or the page cannot be written",
    "extract": "0 every file extracted; 2 a file could not be read",
    "eval": "0 evaluated; 2 the data or the model cannot be read or used",
    "train": "0 model written; 2 the data cannot be read or is unusable for training",
}


# Descriptions for subcommands registered without one.
DESCRIPTIONS = {
    "extract": "Extract the main text of HTML pages: every block (paragraph, heading, list item, cell) is "
    "labelled main or boilerplate by the shipped block model; print the main text, the blocks or JSON.",
    "eval": "Evaluate a model on labelled JSONL (ROC/PR AUC, TPR at 1% FPR, FPR at the thresholds, per "
    "source, calibration), or leave one source out at a time over the shared development data (--loso).",
    "train": "Train a document model from labelled JSONL (text or html, label, optional source) with "
    "out-of-fold calibration grouped by source, and write it with its card to --out.",
}


def _describe_exits(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    for name, parser in sub.choices.items():
        parser.formatter_class = HelpFormatter
        if not parser.description:
            parser.description = DESCRIPTIONS.get(name)
        status = EXIT_STATUS.get(name)
        if status:
            extra = f"\n\n{parser.epilog}" if parser.epilog else ""
            parser.epilog = "exit status: " + status + extra


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="spamcheck",
        description="Judge the quality of ingested text: spam, machine-made filler, degenerate text, "
        "with the evidence for each finding. `spamcheck COMMAND --help` explains a command.",
        epilog="exit status (all commands): 0 success; 1 a finding (gate failed, batch records in errors); "
        "2 usage or input error; 130 interrupted",
        formatter_class=HelpFormatter,
    )
    p.add_argument("--version", action="version", version=f"spamcheck {__version__}")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    s = sub.add_parser(
        "score",
        help="score documents and show the evidence",
        description="Score each file (plain text or HTML, any encoding) and print its label (clean, "
        "suspect, spam, or error when it cannot be judged), score, why, family scores and the "
        "evidence, strongest first.",
    )
    s.add_argument("files", nargs="+", metavar="FILE", help="text or HTML files; - for standard input")
    s.add_argument(
        "--json", dest="format", action="store_const", const="json", help="one JSON object per line"
    )
    s.add_argument(
        "--format",
        choices=["text", "json", "html"],
        default="text",
        help="text (default): for a terminal; json: one object per line (the report contract); "
        "html: a page with the evidence highlighted",
    )
    s.add_argument(
        "--color",
        choices=["auto", "always", "never"],
        default="auto",
        help="colour the text output: auto (default) when writing to a terminal and NO_COLOR is unset",
    )
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
    _describe_exits(sub)
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
