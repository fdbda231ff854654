"""Issue 12 in real Chromium at 1366 and 390 px: coverage "where not", the 2025 map, downloads, chains,
relation tables, the graph (layout by level, edge toggles, focus clear of labels, card, keyboard),
stats and search; no horizontal overflow, readable chart text and axe-core's WCAG A/AA rules on every page.
"""
from __future__ import annotations

import csv
import io
from urllib.parse import quote

import httpx
import pytest
from browser_support import axe_violations, overflow_px, shot, smallest_text_px
from test_api_support import DIRECTIVE, HOSTILE_PLAN, PROVINCE_PLAN
from test_browser import node_point, wait_for_graph

from ingest import gazetteer

pytestmark = pytest.mark.browser
# The fixtures (server, browser, page, sized) live in browser_support.
pytest_plugins = ("browser_support",)

QUANG_NAM = "Qu%E1%BA%A3ng%20Nam"
MAX_PAGE_BYTES = 500_000

PAGES = [
    ("search", "/?q=ch%E1%BB%89%20th%E1%BB%8B%2028"),
    ("search-filters", "/?q=&type=ke_hoach"),
    ("document-plan", f"/documents/{PROVINCE_PLAN}"),
    ("document-district-plan", f"/documents/{quote(HOSTILE_PLAN)}"),
    ("document-directive", f"/documents/{DIRECTIVE}"),
    ("coverage-province", f"/coverage/{DIRECTIVE}"),
    ("coverage-district", f"/coverage/{DIRECTIVE}?level=district"),
    ("coverage-commune", f"/coverage/{DIRECTIVE}?level=commune"),
    ("coverage-quang-nam", f"/coverage/{DIRECTIVE}?level=district&province={QUANG_NAM}&overdue_days=60"),
    ("coverage-2025", f"/coverage/{DIRECTIVE}?level=province&map=2025"),
    ("graph", f"/graph/{DIRECTIVE}?depth=2"),
    ("graph-levels", f"/graph/{DIRECTIVE}?depth=2&layout=levels"),
    ("stats", "/stats"),
    ("docs", "/docs"),
]


@pytest.mark.parametrize(("name", "path"), PAGES, ids=[p[0] for p in PAGES])
def test_page_fits_the_width_and_passes_axe(server: str, sized, name: str, path: str) -> None:
    response = sized.goto(server + path, wait_until="networkidle")
    assert response is not None and response.status == 200
    if name == "docs":
        sized.wait_for_selector(".opblock", timeout=15_000)
    if name.startswith("graph"):
        wait_for_graph(sized)
    assert overflow_px(sized) <= 0, f"{name} overflows {sized.width_name} width by {overflow_px(sized)} px"
    for selector in (".bars", "svg.map", ".legend", "table"):
        if sized.locator(selector).count():
            assert smallest_text_px(sized, selector) >= 11, (name, selector)
    # Swagger UI's own markup is not ours; the vis-network canvas has no text to check.
    violations = axe_violations(sized, exclude=["#swagger-ui"] if name == "docs" else None)
    assert not violations, violations
    shot(sized, f"{name}-{sized.width_name}")
    sized.watch.check()


def test_commune_page_is_small_and_opens_a_province(server: str, sized) -> None:
    response = sized.goto(f"{server}/coverage/{DIRECTIVE}?level=commune", wait_until="networkidle")
    assert response is not None and len(response.body()) < MAX_PAGE_BYTES
    rows = sized.locator("#province-table tbody tr")
    assert rows.count() == 63
    assert sized.locator("#province-table tbody th").nth(0).inner_text() == "An Giang"
    link = sized.locator("#province-table a", has_text="Quảng Nam")
    link.focus()  # keyboard: the row's link opens the province
    with sized.expect_navigation():
        sized.keyboard.press("Enter")
    assert "province=Qu" in sized.url
    assert sized.get_attribute("#coverage-map", "data-zoomed") == "1"
    communes = len(gazetteer.communes("Quảng Nam"))
    assert int(sized.inner_text("#units-total")) == communes
    sized.watch.check()


def test_status_filter_lists_exactly_the_uncovered_units(server: str, sized) -> None:
    sized.goto(f"{server}/coverage/{DIRECTIVE}?level=district&province={QUANG_NAM}", wait_until="networkidle")
    sized.select_option("#status", "uncovered")
    with sized.expect_navigation():
        sized.click("#coverage-form button[type=submit]")
    assert "status=uncovered" in sized.url
    codes = sized.eval_on_selector_all("#coverage-table tbody tr", "rows => rows.map(r => r.dataset.code)")
    covered = sized.eval_on_selector_all("#coverage-table tbody tr",
                                         "rows => rows.map(r => r.dataset.covered)")
    expected = {u.code for u in gazetteer.districts("Quảng Nam") if u.name != "Núi Thành"}
    assert set(codes) == expected and len(codes) == len(expected)
    assert set(covered) == {"0"}
    sized.watch.check()


def test_2025_map_toggle_shows_34_provinces(server: str, sized) -> None:
    sized.goto(f"{server}/coverage/{DIRECTIVE}?level=province", wait_until="networkidle")
    assert sized.locator("#coverage-table tbody tr").count() == 63
    with sized.expect_navigation():
        sized.click("#map-toggle")
    assert "map=2025" in sized.url
    assert sized.locator("#coverage-table tbody tr").count() == 34
    assert sized.locator("#province option").count() == 35  # "Cả nước" and the 34
    assert sized.locator("#coverage-map .mark").count() >= 30
    sized.watch.check()


def _download(page, text: str) -> bytes:
    with page.expect_download() as info:
        page.click(f"a.download:text-is('{text}')")
    path = info.value.path()
    assert path is not None
    return open(path, "rb").read()


def test_csv_and_xlsx_downloads_agree_with_the_json(server: str, sized) -> None:
    from openpyxl import load_workbook

    url = f"/coverage/{DIRECTIVE}?level=district&province={QUANG_NAM}&status=uncovered"
    sized.goto(server + url, wait_until="networkidle")
    api = sized.get_attribute("a.download:text-is('CSV')", "href")
    assert api is not None
    units = httpx.get(server + api.replace("format=csv", "format=json")).json()["units"]
    assert units and all(not u["covered"] for u in units)
    rows = list(csv.reader(io.StringIO(_download(sized, "CSV").decode("utf-8-sig"))))
    header, body = rows[0], rows[1:]
    assert "Mã" in header
    assert [r[header.index("Mã")] for r in body] == [u["code"] for u in units]
    book = load_workbook(io.BytesIO(_download(sized, "XLSX")), read_only=True)
    sheet = list(book.active.iter_rows(values_only=True))
    assert [str(r[0]) for r in sheet[1:]] == [u["code"] for u in units]
    assert list(sheet[0]) == header
    sized.watch.check()


def test_lineage_breadcrumb_on_a_three_level_chain(server: str, sized) -> None:
    sized.goto(f"{server}/documents/{quote(HOSTILE_PLAN)}", wait_until="networkidle")
    crumbs = sized.locator("nav.lineage ol.breadcrumb li")
    assert crumbs.count() == 3
    assert "Chỉ thị 28-CT/TW" in crumbs.nth(0).inner_text()
    assert "Kế hoạch 15/KH-UBND" in crumbs.nth(1).inner_text()
    with sized.expect_navigation():
        crumbs.nth(1).locator("a").click()
    assert "15/KH-UBND" in sized.inner_text("h1")
    assert sized.locator("nav.lineage ol.breadcrumb li").count() == 2
    sized.watch.check()


def test_implementers_tree_and_folded_evidence(server: str, sized) -> None:
    sized.goto(f"{server}/documents/{DIRECTIVE}", wait_until="networkidle")
    levels = sized.locator("#implementers-tree > details.level > summary")
    assert [t.split()[1] for t in levels.all_inner_texts()] == ["Tỉnh", "Huyện"]
    first = sized.locator("#implementers-tree details.level").first
    first.locator("summary").first.click()  # collapses
    assert first.get_attribute("open") is None
    evidence = sized.locator("details.evidence").first
    assert not evidence.locator("blockquote").first.is_visible()
    evidence.locator("summary").focus()
    sized.keyboard.press("Enter")  # keyboard opens it
    assert evidence.locator("blockquote").first.is_visible()
    sized.watch.check()


def covering_focus(page, focus: str) -> list[str]:
    """Nodes whose box (shape and label, as drawn) overlaps the focus node's."""
    return list(page.evaluate(
        "(focus) => { const n = window.cpgraphNetwork; const f = n.getBoundingBox(focus);"
        " return n.body.data.nodes.getIds().filter(id => id !== focus).filter(id => {"
        " const b = n.getBoundingBox(id);"
        " return b.left < f.right && f.left < b.right && b.top < f.bottom && f.top < b.bottom; }); }", focus))


def test_graph_layout_by_level_toggles_and_focus_kept_clear(server: str, sized) -> None:
    sized.goto(f"{server}/graph/{quote(HOSTILE_PLAN)}?depth=2&layout=levels", wait_until="networkidle")
    wait_for_graph(sized)
    ys = sized.evaluate("(() => { const p = window.cpgraphNetwork.getPositions(); const r = {};"
                        " for (const [k, v] of Object.entries(p)) r[k] = v.y; return r; })()")
    assert ys[DIRECTIVE] < ys[PROVINCE_PLAN] < ys[HOSTILE_PLAN]  # central above province above district
    # no other node or label covers the focus node
    overlapping = covering_focus(sized, HOSTILE_PLAN)
    assert overlapping == []
    # edge toggles: CITES off hides exactly the CITES edges
    cites = sized.evaluate(
        "window.cpgraphNetwork.body.data.edges.get().filter(e => e.etype === 'CITES').length")
    assert cites >= 1
    sized.uncheck("#edge-toggles input[value=CITES]")
    assert sized.get_attribute("body", "data-hidden-edges") == str(cites)
    assert sized.locator(".graph-legend").count() == 1
    sized.watch.check()


def test_graph_focus_clear_in_force_layout_at_depth_3(server: str, sized) -> None:
    sized.goto(f"{server}/graph/{DIRECTIVE}?depth=3", wait_until="networkidle")
    wait_for_graph(sized)
    overlapping = covering_focus(sized, DIRECTIVE)
    assert overlapping == []
    sized.watch.check()


def test_graph_tap_shows_the_card_and_its_button_opens(server: str, sized) -> None:
    sized.goto(f"{server}/graph/{DIRECTIVE}?depth=2", wait_until="networkidle")
    wait_for_graph(sized)
    sized.locator("#network").scroll_into_view_if_needed()
    x, y = node_point(sized, PROVINCE_PLAN)
    if sized.width_name == "phone":
        sized.touchscreen.tap(x, y)
    else:
        sized.mouse.click(x, y)
    sized.wait_for_selector("#graph-card:not([hidden])", timeout=5_000)
    assert sized.url.startswith(f"{server}/graph/")  # the tap did not navigate away
    assert "15/KH-UBND" in sized.inner_text("#card-label")
    assert sized.locator("#graph-card").is_visible()
    shot(sized, f"graph-card-{sized.width_name}")
    with sized.expect_navigation():
        sized.click("#card-open")
    assert "15/KH-UBND" in sized.inner_text("h1")
    sized.watch.check()


def test_graph_card_by_keyboard(server: str, sized) -> None:
    sized.goto(f"{server}/graph/{DIRECTIVE}?depth=2", wait_until="networkidle")
    wait_for_graph(sized)
    sized.locator("#node-list summary").focus()
    sized.keyboard.press("Enter")
    sized.locator("button.node-pick", has_text="15/KH-UBND").focus()
    sized.keyboard.press("Enter")
    assert sized.evaluate("document.activeElement.id") == "card-open"
    sized.keyboard.press("Escape")
    assert not sized.locator("#graph-card").is_visible()
    sized.locator("button.node-pick", has_text="15/KH-UBND").focus()
    sized.keyboard.press("Enter")
    with sized.expect_navigation():
        sized.keyboard.press("Enter")
    assert "15/KH-UBND" in sized.inner_text("h1")
    sized.watch.check()


def test_stats_names_and_search_filters(server: str, sized) -> None:
    sized.goto(f"{server}/stats", wait_until="networkidle")
    body = sized.inner_text("main")
    assert "Kế hoạch" in body and "Trung ương" in body and "ke_hoach" not in body
    sized.goto(f"{server}/", wait_until="networkidle")
    sized.fill("#q", "ăng")  # inside "tăng": not a whole word
    with sized.expect_navigation():
        sized.click("#search-form button")
    assert sized.locator("#search-results li").count() == 0
    sized.fill("#q", "tăng cường")
    with sized.expect_navigation():
        sized.click("#search-form button")
    assert sized.locator("#search-results li").count() == 1
    sized.fill("#q", "")
    sized.select_option("#type", "ke_hoach")
    sized.select_option("#search-province", "Quảng Nam")
    with sized.expect_navigation():
        sized.click("#search-form button")
    assert sized.locator("#search-results > li").count() == 1
    assert "60/KH-UBND" in sized.inner_text("#search-results")
    sized.watch.check()


def test_the_accessibility_check_catches_violations(browser) -> None:
    """axe-core really runs: a page with low contrast, an unlabelled field and no lang fails it."""
    from browser_support import watched_page

    bad = ('<!doctype html><html><head><title>x</title></head><body><main>'
           '<p style="color:#bbb;background:#fff">chữ mờ</p><input type="text"></main></body></html>')
    with watched_page(browser) as pg:
        pg.route("http://127.0.0.1:9/", lambda route: route.fulfill(body=bad, content_type="text/html"))
        pg.goto("http://127.0.0.1:9/")
        rules = {v.split(":")[0] for v in axe_violations(pg)}
    assert {"color-contrast", "label", "html-has-lang"} <= rules


def test_implementers_downloads_agree_with_the_json(server: str, sized) -> None:
    from openpyxl import load_workbook

    sized.goto(f"{server}/documents/{DIRECTIVE}", wait_until="networkidle")
    api = sized.get_attribute("a.download:text-is('CSV')", "href")
    assert api is not None
    items = httpx.get(server + api.replace("format=csv", "format=json")).json()["items"]
    ids = [i["document"]["id"] for i in items]
    assert set(ids) == {PROVINCE_PLAN, HOSTILE_PLAN}
    rows = list(csv.reader(io.StringIO(_download(sized, "CSV").decode("utf-8-sig"))))
    assert [r[-1] for r in rows[1:]] == ids  # the id is the last column
    sheet = list(load_workbook(io.BytesIO(_download(sized, "XLSX")), read_only=True).active.iter_rows(
        values_only=True))
    assert [r[-1] for r in sheet[1:]] == ids and list(sheet[0]) == rows[0]
    sized.watch.check()
