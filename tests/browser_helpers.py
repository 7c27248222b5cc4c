"""Headless Chromium for the report's browser tests (Debian's chromium, driven by Playwright)."""

from __future__ import annotations

import shutil
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@contextmanager
def open_page(path: Path, width: int = 1200, height: int = 900) -> Iterator[Any]:
    """``path`` loaded (file://) in a fresh profile; the page has ``requests`` and ``load_seconds``."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        profile = tempfile.mkdtemp(prefix="chromium-profile-")  # a fresh --user-data-dir
        ctx = p.chromium.launch_persistent_context(
            profile,
            executable_path=CHROMIUM,
            headless=True,
            args=FLAGS,
            viewport={"width": width, "height": height},
        )
        try:
            requests: list[str] = []
            ctx.on("request", lambda r: requests.append(r.url))
            pg = ctx.new_page()
            t0 = time.monotonic()
            pg.goto(path.as_uri(), wait_until="load", timeout=60_000)
            pg.load_seconds = time.monotonic() - t0
            pg.requests = requests
            yield pg
        finally:
            ctx.close()
            shutil.rmtree(profile, ignore_errors=True)
