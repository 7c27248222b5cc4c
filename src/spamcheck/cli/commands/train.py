"""``spamcheck train``: the fitting library is :mod:`spamcheck.model.fit`."""

from ...model.fit import add_parser, run

__all__ = ["add_parser", "run"]
