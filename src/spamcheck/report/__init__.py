"""Self-contained HTML reports: one document (:mod:`.single`) or a batch run (:mod:`.corpus`).

>>> from spamcheck.report import render_html, build_report
>>> callable(render_html) and callable(build_report)
True
"""

from __future__ import annotations

from .corpus import ReportError, build_report
from .single import render_html

__all__ = ["ReportError", "build_report", "render_html"]
