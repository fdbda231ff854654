"""Every page in real headless Chromium (Debian's /usr/bin/chromium, driven by Playwright).

A real `cpgraph serve` runs on 127.0.0.1 over the literal graph. Every request the browser makes is
routed: anything not on 127.0.0.1 (or file://) is aborted and fails the test. Console errors, page
errors and dialogs (an XSS `alert`) fail it too. Screenshots go to tests/artifacts/.
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
from urllib.parse import quote, urlsplit

import httpx
import pytest
from test_api_support import DIRECTIVE, HOSTILE, HOSTILE_PLAN, PROVINCE_PLAN, REPO, need, write_data_dir

pytestmark = pytest.mark.browser

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


@pytest.fixture()
def page(browser, request: pytest.FixtureRequest):
    watch = Watch()
    context = browser.new_context(viewport={"width": 1280, "height": 900}, service_workers="block")
    context.route("**/*", watch.route)
    pg = context.new_page()
    watch.attach(pg)
    pg.watch = watch
    yield pg
    context.close()


def shot(page, name: str) -> None:
    """Screenshot of the page (whole page unless it is very long, like a district table)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    tall = page.evaluate("document.documentElement.scrollHeight") > 4000
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=not tall)


PAGES = [
    ("search", "/?q=ch%E1%BB%89%20th%E1%BB%8B%2028", "Tìm kiếm"),
    ("search-hostile", "/?q=" + quote(HOSTILE), HOSTILE),
    ("document", f"/documents/{PROVINCE_PLAN}", "Cơ quan ban hành"),
    ("document-hostile", f"/documents/{quote(HOSTILE_PLAN)}", HOSTILE),
    ("coverage-province", f"/coverage/{DIRECTIVE}", "Đã có kế hoạch"),
    ("coverage-district", f"/coverage/{DIRECTIVE}?level=district", "Chưa có kế hoạch"),
    ("stats", "/stats", "Thống kê"),
    ("docs", "/docs", "cpgraph"),
]


@pytest.mark.parametrize(("name", "path", "text"), PAGES, ids=[p[0] for p in PAGES])
def test_page_loads_clean(server: str, page, name: str, path: str, text: str) -> None:
    response = page.goto(server + path, wait_until="networkidle")
    assert response is not None and response.status == 200
    if name == "docs":
        page.wait_for_selector(".opblock", timeout=15_000)
    assert text in page.inner_text("body")
    assert page.locator("body img[src='x']").count() == 0, "hostile markup became an element"
    shot(page, name)
    page.watch.check()


def wait_for_graph(page) -> int:
    page.wait_for_function("document.body.getAttribute('data-graph-drawn') !== null", timeout=15_000)
    page.wait_for_function("document.body.getAttribute('data-graph-stable') === '1'", timeout=30_000)
    return int(page.evaluate("window.cpgraphNetwork.body.data.nodes.length"))


def node_point(page, node_id: str) -> tuple[float, float]:
    """Viewport coordinates of a node's centre."""
    xy = page.evaluate(
        "(id) => { const n = window.cpgraphNetwork; const p = n.getPositions([id])[id];"
        " const d = n.canvasToDOM(p); const r = document.getElementById('network').getBoundingClientRect();"
        " return [r.left + d.x, r.top + d.y]; }", node_id)
    return float(xy[0]), float(xy[1])


def test_graph_draws_hovers_and_clicks_through(server: str, page) -> None:
    page.goto(f"{server}/graph/{DIRECTIVE}?depth=2", wait_until="networkidle")
    drawn = wait_for_graph(page)
    assert drawn == 5  # directive, both plans, the law and the decree
    assert page.evaluate("Object.keys(window.cpgraphNetwork.getPositions()).length") == drawn
    # hover: the tooltip shows the hostile title as text
    x, y = node_point(page, HOSTILE_PLAN)
    page.mouse.move(x, y)
    tip = page.wait_for_selector("div.vis-tooltip", state="visible", timeout=5_000)
    assert HOSTILE in tip.inner_text()
    assert page.locator("div.vis-tooltip img").count() == 0
    shot(page, "graph")
    # click: opens the document page
    x, y = node_point(page, PROVINCE_PLAN)
    with page.expect_navigation():
        page.mouse.click(x, y)
    assert page.url.endswith(f"/documents/{quote(PROVINCE_PLAN, safe='')}")
    assert "15/KH-UBND" in page.inner_text("h1")
    shot(page, "graph-click-document")
    page.watch.check()


def test_depth_control_and_links(server: str, page) -> None:
    page.goto(f"{server}/graph/{HOSTILE_PLAN}?depth=2", wait_until="networkidle")
    wide = wait_for_graph(page)
    page.select_option("#depth", "1")
    with page.expect_navigation():
        page.click("form.inline button")
    assert wait_for_graph(page) <= wide
    # document page -> graph link -> back to a document through the title link
    page.goto(f"{server}/documents/{DIRECTIVE}", wait_until="networkidle")
    with page.expect_navigation():
        page.click(f"a[href='/documents/{quote(PROVINCE_PLAN, safe='')}']")
    assert "Kế hoạch 15/KH-UBND" in page.inner_text("h1")
    page.watch.check()


def test_offline_file_draws_with_no_network(server: str, page, tmp_path: Path) -> None:
    from test_api_support import literal_queries

    from graphsvc.view import write_view

    out = tmp_path / "graph.html"
    write_view(literal_queries(), DIRECTIVE, 2, out)
    page.goto(out.as_uri(), wait_until="load")
    assert wait_for_graph(page) == 5
    shot(page, "view-file")
    page.watch.check()
