"""The Neo4j Browser as served by `cpgraph neo4j start`, in headless Chromium, offline: it asks no host but
the server, opens on the guide (no `:style` frame above or below it), starts with the project's style,
and the guide's "where not" query answers in it."""
from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlparse

import pytest
from browser_support import CHROMIUM, CHROMIUM_ARGS, need
from test_neo4j_support import load_fresh, neo4j_driver, neo4j_settings  # noqa: F401
from test_queries_coverage import TARGET, coverage_export

from ingest.export import graph_from_export
from queries.cypher import GUIDE_QUERIES
from queries.neo4j_browser_assets import parse_grass
from queries.neo4j_server import Settings, ports_of
from queries.neo4j_style import render_style
from queries.networkx_backend import NetworkxQueries

pytestmark = [pytest.mark.neo4j, pytest.mark.browser]

LOCAL_HOSTS = {"127.0.0.1", "localhost"}


@pytest.fixture(scope="module")
def browser_page(neo4j_driver: Any, neo4j_settings: Settings) -> Iterator[tuple[Any, list[str]]]:  # noqa: F811
    """A logged-in Browser page; every request is recorded, any to another host is aborted (offline)."""
    need(CHROMIUM.exists(), "Debian chromium is not installed (apt-get install -y chromium)")
    from playwright.sync_api import sync_playwright

    load_fresh(neo4j_driver, coverage_export(), neo4j_settings.database)
    _, http_port = ports_of(neo4j_settings.uri)
    requested: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1366, "height": 768})

        def route(r: Any) -> None:
            requested.append(r.request.url)
            host = urlparse(r.request.url).hostname
            if host in LOCAL_HOSTS or r.request.url.startswith(("data:", "blob:")):
                r.continue_()
            else:
                r.abort()

        page.route("**/*", route)
        page.on("websocket", lambda ws: requested.append(ws.url))
        page.goto(f"http://127.0.0.1:{http_port}/browser/", wait_until="domcontentloaded")
        page.fill("input[data-testid='username']", neo4j_settings.user)
        page.fill("input[data-testid='password']", neo4j_settings.password)
        page.click("button[data-testid='connect']")
        page.get_by_text("Đồ thị văn bản pháp luật bảo vệ trẻ em").first.wait_for(timeout=60_000)
        time.sleep(5)  # scripts a connected Browser loads come after the first frames
        yield page, requested
        browser.close()


def frame_commands(page: Any) -> list[str]:
    return [c.strip() for c in page.eval_on_selector_all(
        "[data-testid='frameCommand']", "els => els.map(e => e.innerText)")]


def test_no_request_leaves_the_server(browser_page: tuple[Any, list[str]]) -> None:
    _page, requested = browser_page
    assert requested, "nothing recorded"
    outside = sorted({urlparse(u).hostname or u for u in requested} - LOCAL_HOSTS)
    assert outside == []


def test_the_guide_opens_on_top_and_no_style_frame(browser_page: tuple[Any, list[str]]) -> None:
    page, _ = browser_page
    commands = frame_commands(page)
    assert commands and commands[0].startswith(":play http://127.0.0.1") and "guide.html" in commands[0]
    assert not [c for c in commands if c.startswith(":style")]
    box = page.get_by_text("Đồ thị văn bản pháp luật bảo vệ trẻ em").first.bounding_box()
    assert box is not None and box["y"] < 768  # above the fold


def test_the_style_is_preset(browser_page: tuple[Any, list[str]]) -> None:
    page, _ = browser_page
    grass = page.evaluate("JSON.parse(window.localStorage.getItem('neo4j.grass'))")
    assert grass == parse_grass(render_style())
    assert grass["relationship.IMPLEMENTS"]["caption"] == "Thực hiện"


def test_the_where_not_query_answers_in_the_browser(browser_page: tuple[Any, list[str]]) -> None:
    page, _ = browser_page
    cypher = next(q.cypher for q in GUIDE_QUERIES if q.slug == "districts-without-plan-20")
    expected = NetworkxQueries(graph_from_export(coverage_export())).coverage(
        TARGET, level="district", status="uncovered").shown
    editor = page.locator("[data-testid='activeEditor'] textarea, .monaco-editor textarea").first
    editor.click()
    editor.fill("")
    page.keyboard.insert_text(cypher.replace("\n", " "))
    page.keyboard.press("Control+Enter")
    page.get_by_text(f"Started streaming {expected} records").first.wait_for(timeout=60_000)
