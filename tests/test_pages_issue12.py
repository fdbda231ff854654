"""Issue 12 on the pages, without a browser: coverage filters, sizes and maps; chains; relation rows;
stats and search paging; Vietnamese order. (The same in Chromium at 1366 and 390 px: test_browser.py.)"""
from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from test_api_support import DIRECTIVE, HOSTILE_PLAN, PROVINCE_PLAN, make_client

from graphsvc.routers.pagedata_coverage import page_numbers, page_of, province_names
from graphsvc.routers.pages_document import excerpt
from ingest import gazetteer

MAX_PAGE_BYTES = 500_000
# A unit row of the coverage table: its code and whether it is covered.
UNIT_ROW = re.compile(r'<tr data-code="(?P<code>[^"]+)" data-covered="(?P<covered>[01])">')


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    with make_client(tmp_path_factory.mktemp("pages12")) as c:
        yield c


def all_unit_rows(client: TestClient, url: str) -> list[tuple[str, str]]:
    """Every unit row of a paged coverage list, following the pages."""
    rows: list[tuple[str, str]] = []
    for page in range(1, 200):
        html = client.get(f"{url}&page={page}").text
        found = [(m["code"], m["covered"]) for m in UNIT_ROW.finditer(html)]
        rows.extend(found)
        if 'rel="next"' not in html:
            return rows
    raise AssertionError("too many pages")


@pytest.mark.parametrize("level", ["province", "district", "commune"])
def test_no_coverage_page_over_500_kb(client: TestClient, level: str) -> None:
    for url in (f"/coverage/{DIRECTIVE}?level={level}", f"/coverage/{DIRECTIVE}?level={level}&map=2025",
                f"/coverage/{DIRECTIVE}?level={level}&province=Thanh%20H%C3%B3a"):
        response = client.get(url)
        if level == "district" and "map=2025" in url:
            assert response.status_code == 422  # no districts on the 2025 map
            continue
        assert response.status_code == 200, url
        assert len(response.content) < MAX_PAGE_BYTES, (url, len(response.content))


def test_commune_page_opens_on_the_province_table(client: TestClient) -> None:
    html = client.get(f"/coverage/{DIRECTIVE}?level=commune").text
    table = html[html.index('id="province-table"'):html.index("</table>", html.index('id="province-table"'))]
    rows = re.findall(r'<tr><th scope="row"><a href="([^"]+)">([^<]+)</a></th>', table)
    assert len(rows) == 63
    names = [name for _href, name in rows]
    assert names.index("Bạc Liêu") < names.index("Bình Thuận")  # Vietnamese order
    assert names.index("Đà Nẵng") > names.index("Cần Thơ")
    href, name = next(r for r in rows if r[1] == "Quảng Nam")
    assert "province=Qu%E1%BA%A3ng+Nam" in href and "level=commune" in href
    assert len(html.encode()) < MAX_PAGE_BYTES


def test_status_uncovered_lists_exactly_the_units_without_a_plan(client: TestClient) -> None:
    districts = {u.code for u in gazetteer.districts("Quảng Nam")}
    nui_thanh = next(u.code for u in gazetteer.districts("Quảng Nam") if u.name == "Núi Thành")
    base = f"/coverage/{DIRECTIVE}?level=district&province=Qu%E1%BA%A3ng%20Nam"
    uncovered = all_unit_rows(client, base + "&status=uncovered")
    assert {code for code, _ in uncovered} == districts - {nui_thanh}
    assert all(covered == "0" for _, covered in uncovered)
    covered = all_unit_rows(client, base + "&status=covered")
    assert covered == [(nui_thanh, "1")]
    # nationally, paged: every district but Núi Thành, each once
    national = all_unit_rows(client, f"/coverage/{DIRECTIVE}?level=district&status=uncovered")
    assert len(national) == len({c for c, _ in national}) == len(gazetteer.districts()) - 1


def test_late_units_with_overdue_days(client: TestClient) -> None:
    # the Hải Dương plan came 38 days after the directive
    html = client.get(f"/coverage/{DIRECTIVE}?level=province&overdue_days=30&status=late").text
    codes = {m["code"] for m in UNIT_ROW.finditer(html)}
    assert len(codes) == 63 and 'class="badge late"' in html
    html = client.get(f"/coverage/{DIRECTIVE}?level=province&overdue_days=60&status=late").text
    assert len({m["code"] for m in UNIT_ROW.finditer(html)}) == 62


def test_map_zooms_to_the_chosen_province(client: TestClient) -> None:
    national = client.get(f"/coverage/{DIRECTIVE}?level=district").text
    zoomed = client.get(f"/coverage/{DIRECTIVE}?level=district&province=Qu%E1%BA%A3ng%20Nam").text
    box = re.compile(r'id="coverage-map" viewBox="([^"]+)"')
    national_box = [float(v) for v in box.search(national)[1].split()]
    zoomed_box = [float(v) for v in box.search(zoomed)[1].split()]
    assert zoomed_box[2] < national_box[2] / 4
    assert 'data-zoomed="1"' in zoomed


def test_2025_map_has_34_provinces(client: TestClient) -> None:
    html = client.get(f"/coverage/{DIRECTIVE}?level=province&map=2025").text
    assert len(UNIT_ROW.findall(html)) == 34
    options = re.findall(r'<option value="([^"]+)"', html[html.index('id="province"'):html.index("</select>",
                                                                                                html.index('id="province"'))])
    assert len(options) == 34 and len(province_names("2025")) == 34
    assert 'id="map-toggle"' in html and "map=2019" in html


def test_unknown_province_is_422_with_the_valid_names(client: TestClient) -> None:
    response = client.get(f"/coverage/{DIRECTIVE}?level=district&province=Atlantis&map=2019")
    assert response.status_code == 422
    assert response.text.count("<li>") == 63 and "Bạc Liêu" in response.text


def test_download_links_are_the_api_formats(client: TestClient) -> None:
    url = f"/coverage/{DIRECTIVE}?level=district&province=Qu%E1%BA%A3ng%20Nam&status=uncovered"
    html = client.get(url).text
    links = re.findall(r'<a class="download" href="([^"]+)"', html)
    assert len(links) == 2 and all("format=" in link and "status=uncovered" in link for link in links)


def test_lineage_breadcrumb_on_a_three_level_chain(client: TestClient) -> None:
    html = client.get(f"/documents/{quote(HOSTILE_PLAN)}").text
    nav = html[html.index('class="lineage"'):html.index("</nav>", html.index('class="lineage"'))]
    crumbs = re.findall(r"<li>(.*?)</li>", nav)
    assert len(crumbs) == 3  # directive › province plan › this district plan (the shortcut is dropped)
    assert "Chỉ thị 28-CT/TW" in crumbs[0] and "Kế hoạch 15/KH-UBND" in crumbs[1]
    assert 'aria-current="page"' in crumbs[2]


def test_directive_page_has_the_implementers_tree(client: TestClient) -> None:
    html = client.get(f"/documents/{DIRECTIVE}").text
    tree = html[html.index('id="implementers-tree"'):]
    assert re.search(r"Cấp Tỉnh <span class=\"count\">1</span>", tree)
    assert re.search(r"Cấp Huyện <span class=\"count\">1</span>", tree)
    assert re.search(r"Quảng Nam <span class=\"count\">1</span>", tree)


def test_relation_rows_name_issuer_place_level_date_and_fold_evidence(client: TestClient) -> None:
    html = client.get(f"/documents/{PROVINCE_PLAN}").text
    start = html.index('id="relations-outgoing"')
    table = html[start:html.index("</table>", start)]
    assert "Bộ Chính trị" in table and "Trung ương" in table and "2023-12-25" in table
    assert table.count('<details class="evidence">') == 2 and "1 câu" in table
    assert "org:" not in html and "bo-chinh-tri" not in html  # names, not ids
    rows = re.findall(r'<span class="badge (\w+)">', table)
    assert rows == sorted(rows, key=["IMPLEMENTS", "AMENDS", "REPEALS", "CITES"].index)


def test_excerpt_cuts_at_a_word_boundary() -> None:
    text = "Thực hiện Chỉ thị số 28-CT/TW ngày 25/12/2023 của Ban Bí thư về tăng cường " * 4
    cut = excerpt(text, 60)
    assert cut.endswith("…") and len(cut) <= 61 and text.startswith(cut[:-1]) and text[len(cut) - 1] == " "


def test_stats_page_names_and_paging(client: TestClient) -> None:
    html = client.get("/stats").text
    assert "Kế hoạch" in html and "Trung ương" in html
    assert "ke_hoach" not in html and ">central<" not in html


def test_search_page_filters_and_whole_words(client: TestClient) -> None:
    html = client.get("/?q=&type=ke_hoach").text
    assert html.count('<li>\n      <a href="/documents/') == 2
    html = client.get("/?q=&type=ke_hoach&province=Qu%E1%BA%A3ng%20Nam").text
    assert html.count('<li>\n      <a href="/documents/') == 1


def test_docs_page_has_a_viewport(client: TestClient) -> None:
    assert '<meta name="viewport"' in client.get("/docs").text


def test_page_numbers() -> None:
    assert page_numbers(page_of(2000, 7, 200)) == [1, None, 5, 6, 7, 8, 9, 10]
    assert page_of(0, 3).count == 1
