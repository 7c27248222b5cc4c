"""The command line: argparse and calls into the library, nothing else."""

from .main import build_parser, main

__all__ = ["build_parser", "main"]
