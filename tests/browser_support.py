"""Shared by the browser tests: a real `cpgraph serve` over the literal graph, Debian's headless Chromium
(Playwright with executable_path), request/console watching, screenshots, and the offline axe-core check.

Every request the browser makes is routed: anything not on 127.0.0.1 (or file://) is aborted and fails
the test. Console errors, page errors and dialogs (an XSS `alert`) fail it too.
Under CI=true a missing chromium is a failure, not a skip.
"""
from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest
from test_api_support import REPO, need, write_data_dir

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = REPO / "tests" / "artifacts"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
LOCAL_HOSTS = {"127.0.0.1"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`cpgraph serve` on 127.0.0.1 over the literal graph; yields its base URL."""
    data_dir = write_data_dir(tmp_path_factory.mktemp("browser") / "data")
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("CPGRAPH_")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "graphsvc.cli", "serve", "--data-dir", str(data_dir),
         "--host", "127.0.0.1", "--port", str(port)],
        cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(base + "/api/health", timeout=1).status_code == 200:
                    break
            if proc.poll() is not None:
                raise RuntimeError(proc.stderr.read().decode() if proc.stderr else "server died")
            time.sleep(0.1)
        else:
            raise RuntimeError("server did not start")
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=10)


class Watch:
    """What a page did that it must not: leave 127.0.0.1, log errors, throw, open dialogs."""

    def __init__(self) -> None:
        self.outside: list[str] = []
        self.errors: list[str] = []

    def route(self, route, request) -> None:
        parts = urlsplit(request.url)
        if parts.scheme in ("data", "blob", "file") or parts.hostname in LOCAL_HOSTS:
            route.continue_()
        else:
            self.outside.append(request.url)
            route.abort()

    def attach(self, page) -> None:
        def on_console(msg) -> None:
            if msg.type == "error":
                self.errors.append(f"console: {msg.text}")

        def on_dialog(dialog) -> None:
            self.errors.append(f"dialog: {dialog.message}")
            dialog.dismiss()

        page.on("console", on_console)
        page.on("pageerror", lambda exc: self.errors.append(f"pageerror: {exc}"))
        page.on("dialog", on_dialog)

    def check(self) -> None:
        assert not self.outside, f"requests left 127.0.0.1: {self.outside}"
        assert not self.errors, self.errors


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    need(CHROMIUM.exists(), "Debian chromium is not installed (apt-get install -y chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


@contextlib.contextmanager
def watched_page(browser: Any, width: int = 1280, height: int = 900, touch: bool = False) -> Iterator[Any]:
    """A fresh page of that size (a phone one has touch), every request and error watched."""
    watch = Watch()
    context = browser.new_context(viewport={"width": width, "height": height}, service_workers="block",
                                  has_touch=touch, is_mobile=touch, accept_downloads=True)
    context.route("**/*", watch.route)
    pg = context.new_page()
    watch.attach(pg)
    pg.watch = watch
    try:
        yield pg
    finally:
        context.close()


@pytest.fixture()
def page(browser: Any) -> Iterator[Any]:
    with watched_page(browser) as pg:
        yield pg


@pytest.fixture(params=["desktop", "phone"])
def sized(browser: Any, request: pytest.FixtureRequest) -> Iterator[Any]:
    """The page at 1366×768 and at 390×844 (touch): each test using it runs at both widths."""
    width, height = WIDTHS[request.param]
    with watched_page(browser, width, height, touch=request.param == "phone") as pg:
        pg.width_name = request.param
        yield pg


def shot(page, name: str) -> None:
    """Screenshot of the page (whole page unless it is very long, like a district table)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    tall = page.evaluate("document.documentElement.scrollHeight") > 4000
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=not tall)



WIDTHS = {"desktop": (1366, 768), "phone": (390, 844)}

# axe-core 4.10.2 (MPL-2.0), vendored from the npm package: the accessibility check runs offline.
AXE_JS = REPO / "tests" / "vendor" / "axe-core" / "axe.min.js"
# WCAG 2.x A and AA rules (contrast, names, labels, landmarks, keyboard-reachable regions).
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe_violations(page: Any, exclude: list[str] | None = None) -> list[str]:
    """Run axe-core in the page; one line per violated rule with its first offending element."""
    # Served as if from the app itself, so the page's CSP (script-src 'self') stays as it is.
    page.route("**/__test__/axe.min.js", lambda route: route.fulfill(
        body=AXE_JS.read_bytes(), content_type="application/javascript"))
    page.add_script_tag(url="/__test__/axe.min.js")
    context = {"exclude": [[sel] for sel in (exclude or [])]} if exclude else None
    result = page.evaluate(
        "async ([ctx, tags]) => {"
        " const r = await axe.run(ctx || document, {runOnly: {type: 'tag', values: tags}});"
        " return r.violations.map(v => v.id + ': ' + v.help + ' — ' + (v.nodes[0] ?"
        " v.nodes[0].target.join(' ') + ' ' + (v.nodes[0].failureSummary || '').slice(0, 200) : '')); }",
        [context, AXE_TAGS])
    return list(result)


def overflow_px(page: Any) -> int:
    """How far the page is wider than the viewport (0: no horizontal scrolling)."""
    return int(page.evaluate("document.documentElement.scrollWidth - window.innerWidth"))


def smallest_text_px(page: Any, selector: str) -> float:
    """The smallest rendered font size of the text elements under `selector` (SVG scaling included)."""
    return float(page.evaluate(
        "(sel) => { let min = 1e9; for (const root of document.querySelectorAll(sel)) {"
        " for (const el of root.querySelectorAll('*')) {"
        " if (!el.textContent.trim() || el.children.length) continue;"
        " const r = el.getBoundingClientRect(); if (!r.width) continue;"
        " let size = parseFloat(getComputedStyle(el).fontSize);"
        " const svg = el.closest('svg');"
        " if (svg && svg.viewBox && svg.viewBox.baseVal && svg.viewBox.baseVal.width)"
        " { size = size * svg.getBoundingClientRect().width / svg.viewBox.baseVal.width; }"
        " min = Math.min(min, size); } } return min; }", selector))
