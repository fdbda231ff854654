"""Every page in real headless Chromium (Debian's /usr/bin/chromium, driven by Playwright).

A real `cpgraph serve` runs on 127.0.0.1 over the literal graph. Every request the browser makes is
routed: anything not on 127.0.0.1 (or file://) is aborted and fails the test. Console errors, page
errors and dialogs (an XSS `alert`) fail it too. Screenshots go to tests/artifacts/.
Under CI=true a missing chromium is a failure, not a skip.
"""
from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

import pytest
from browser_support import shot
from test_api_support import DIRECTIVE, HOSTILE, HOSTILE_PLAN, PROVINCE_PLAN

pytestmark = pytest.mark.browser
# The fixtures (server, browser, page, sized) live in browser_support.
pytest_plugins = ("browser_support",)

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
    # polled from Python with evaluate (CDP, not eval): the page's CSP forbids string evaluation
    for attribute, timeout_s in (("data-graph-drawn", 15), ("data-graph-stable", 30)):
        for _ in range(timeout_s * 10):
            if page.evaluate("(a) => document.body.getAttribute(a)", attribute) not in (None, ""):
                break
            page.wait_for_timeout(100)
        else:
            raise AssertionError(f"graph never set {attribute}")
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
    # click: shows the card; its button opens the document page
    x, y = node_point(page, PROVINCE_PLAN)
    page.mouse.click(x, y)
    page.wait_for_selector("#graph-card:not([hidden])", timeout=5_000)
    assert "15/KH-UBND" in page.inner_text("#card-label")
    with page.expect_navigation():
        page.click("#card-open")
    assert page.url.endswith(f"/documents/{quote(PROVINCE_PLAN, safe='')}")
    assert "15/KH-UBND" in page.inner_text("h1")
    shot(page, "graph-click-document")
    page.watch.check()


def test_depth_control_and_links(server: str, page) -> None:
    page.goto(f"{server}/graph/{HOSTILE_PLAN}?depth=2", wait_until="networkidle")
    wide = wait_for_graph(page)
    page.select_option("#depth", "1")
    with page.expect_navigation():
        page.click("#graph-form button")
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
