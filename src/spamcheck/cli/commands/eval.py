"""``spamcheck eval``: the metrics are :mod:`spamcheck.model.metrics`."""

from ...model.metrics import add_parser, run

__all__ = ["add_parser", "run"]
