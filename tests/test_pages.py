"""HTML pages and the offline graph file: contents, Vietnamese labels, escaping of a hostile title."""
from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from test_api_support import (
    DIRECTIVE,
    HOSTILE,
    HOSTILE_ESCAPED,
    HOSTILE_PLAN,
    PROVINCE_PLAN,
    literal_queries,
    make_client,
    write_data_dir,
)

from graphsvc.cli import main as cpgraph
from graphsvc.view import standalone_html

# The JSON block holding the graph's nodes and edges on the graph page / file.
GRAPH_DATA = re.compile(r'<script type="application/json" id="graph-data">(?P<json>.*?)</script>', re.S)
# Any attribute or CSS reference that would make the browser fetch something.
RESOURCE_REF = re.compile(r"""(?:\b(?:src|href|action|srcset|poster|data)\s*=\s*["']?"""
                          r"""|url\(\s*["']?|@import\s+["'])"""
                          r"""\s*(?P<url>(?:https?:)?//[^"')\s>]+)""", re.I)
ANY_URL = re.compile(r"(?:https?:)?//[a-z0-9.-]+\.[a-z]{2,}[^\s\"'<>)]*", re.I)
# URLs inside vis-network that name things without fetching them: the SVG namespace of
# createElementNS, and the licence/attribution links of its header and error messages.
NON_FETCHING_URLS = {
    "http://www.w3.org/2000/svg",
    "https://visjs.github.io/vis-network/", "http://almende.com", "https://github.com/visjs",
    "http://www.apache.org/licenses/LICENSE-2.0", "http://opensource.org/licenses/MIT",
    "https://github.com/zloirock/core-js", "https://github.com/zloirock/core-js/blob/v3.21.1/LICENSE",
    "https://github.com/uuidjs/uuid#getrandomvalues-not-supported",
}


@pytest.fixture()
def client(tmp_path: Path) -> Iterator[TestClient]:
    with make_client(tmp_path) as c:
        yield c


PAGES = [
    "/",
    "/?q=" + quote(HOSTILE),
    "/?q=k%E1%BA%BF%20ho%E1%BA%A1ch%2060",
    f"/documents/{DIRECTIVE}",
    f"/documents/{quote(HOSTILE_PLAN)}",
    f"/documents/{PROVINCE_PLAN}",
    f"/coverage/{DIRECTIVE}",
    f"/coverage/{DIRECTIVE}?level=district",
    f"/coverage/{DIRECTIVE}?level=district&province=Qu%E1%BA%A3ng%20Nam",
    f"/graph/{DIRECTIVE}",
    f"/graph/{quote(HOSTILE_PLAN)}?depth=1",
    "/stats",
]


@pytest.mark.parametrize("url", PAGES)
def test_pages_render_and_escape(client: TestClient, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 200, response.text[:500]
    assert response.headers["content-type"].startswith("text/html")
    html = response.text
    assert HOSTILE not in html
    assert "<img" not in html
    assert not RESOURCE_REF.findall(html), "pages must not load anything from another host"


@pytest.mark.parametrize(("url", "expected"), [
    (f"/documents/{quote(HOSTILE_PLAN)}", HOSTILE_ESCAPED),         # title, issuer, flag, evidence
    (f"/documents/{DIRECTIVE}", HOSTILE_ESCAPED),                   # the hostile plan among incoming
    (f"/coverage/{DIRECTIVE}?level=district&status=covered", "Kế hoạch 60/KH-UBND"),
    ("/stats", HOSTILE_ESCAPED),                                    # flagged documents list
    ("/?q=" + quote(HOSTILE), HOSTILE_ESCAPED),                     # the query echoed back
])
def test_hostile_strings_shown_as_text(client: TestClient, url: str, expected: str) -> None:
    assert expected in client.get(url).text


def test_not_found_page_escapes_and_suggests(client: TestClient) -> None:
    response = client.get("/documents/" + quote(HOSTILE, safe=""))
    assert response.status_code == 404
    assert HOSTILE not in response.text and HOSTILE_ESCAPED in response.text
    near = client.get("/documents/ct-tw-28-2032")
    assert near.status_code == 404 and f'href="/documents/{DIRECTIVE}"' in near.text


def test_bad_page_parameter_is_422_html(client: TestClient) -> None:
    response = client.get(f"/graph/{DIRECTIVE}?depth=99")
    assert response.status_code == 422 and response.headers["content-type"].startswith("text/html")


def test_document_page_contents(client: TestClient) -> None:
    html = client.get(f"/documents/{PROVINCE_PLAN}").text
    for label in ("Số hiệu", "Loại văn bản", "Ngày ban hành", "Cơ quan ban hành", "Thực hiện", "Trích dẫn",
                  "15/KH-UBND", "UBND tỉnh Hải Dương", "2024-02-01", "hai-duong/kh15.txt"):
        assert label in html, label
    # the citation is highlighted inside its sentence, with the source's own spacing
    assert "<mark>28- CT/TW</mark>" in html
    assert "<mark>56/2017/NĐ-CP</mark>" in html
    assert f'href="/documents/{DIRECTIVE}"' in html


def test_document_page_shows_flags(client: TestClient) -> None:
    html = client.get(f"/documents/{quote(HOSTILE_PLAN)}").text
    assert '<span class="flag">Ngày ban hành mâu thuẫn với số hiệu</span>' in html  # its Vietnamese name


def test_coverage_page_table_chart_and_map(client: TestClient) -> None:
    html = client.get(f"/coverage/{DIRECTIVE}?level=province").text
    for label in ("Bao phủ", "Đã có kế hoạch", "Chưa có", 'id="coverage-map"', 'id="coverage-chart"',
                  'id="coverage-table"'):
        assert label in html, label
    map_svg = html[html.index('id="coverage-map"'):html.index("</svg>", html.index('id="coverage-map"'))]
    # covered: a filled circle; uncovered: a hollow square (shape as well as colour)
    assert len(re.findall(r'<circle class="mark covered"', map_svg)) == 1  # Hải Dương
    assert len(re.findall(r'<rect class="mark uncovered"', map_svg)) == 62
    table = html[html.index('id="coverage-table"'):]
    assert table.count('<span class="badge covered">') == 1
    assert "Hải Dương" in table and "Kế hoạch 15/KH-UBND" in table


def test_search_page_lists_candidates(client: TestClient) -> None:
    html = client.get("/?q=chi thi 28").text
    assert "Tìm kiếm" in html
    assert f'href="/documents/{DIRECTIVE}"' in html


def graph_data(html: str) -> dict:
    match = GRAPH_DATA.search(html)
    assert match, "graph page has its JSON block"
    block = match.group("json")
    assert "<" not in block and ">" not in block, "the JSON block cannot close its script element"
    return json.loads(block)


def test_graph_page_data(client: TestClient) -> None:
    html = client.get(f"/graph/{DIRECTIVE}?depth=2").text
    data = graph_data(html)
    by_id = {n["id"]: n for n in data["nodes"]}
    assert set(by_id) >= {DIRECTIVE, PROVINCE_PLAN, HOSTILE_PLAN}
    assert by_id[HOSTILE_PLAN]["title"].splitlines()[1] == HOSTILE_ESCAPED  # escaped before pyvis
    assert by_id[HOSTILE_PLAN]["url"] == "/documents/" + quote(HOSTILE_PLAN, safe="")
    # coloured by type (fill) and level (border)
    assert by_id[DIRECTIVE]["color"]["background"] != by_id[PROVINCE_PLAN]["color"]["background"]
    assert by_id[PROVINCE_PLAN]["color"]["border"] != by_id[HOSTILE_PLAN]["color"]["border"]
    drawn_edges = {(e["from"], e["to"]) for e in data["edges"]}
    assert drawn_edges >= {(PROVINCE_PLAN, DIRECTIVE), (HOSTILE_PLAN, DIRECTIVE)}
    assert '<script src="/vendor/vis/vis-network.min.js"></script>' in html
    assert '<script src="/static/graph.js"></script>' in html
    assert "<script>" not in html, "no inline script (CSP script-src 'self')"


def test_vis_network_is_served_by_the_app(client: TestClient) -> None:
    js = client.get("/vendor/vis/vis-network.min.js")
    assert js.status_code == 200 and "vis-network" in js.text[:200]
    assert client.get("/vendor/vis/vis-network.css").status_code == 200


def test_standalone_file_is_offline_and_escaped() -> None:
    queries = literal_queries()
    html = standalone_html(queries.neighbourhood(DIRECTIVE, depth=2), "Đồ thị " + HOSTILE)
    assert HOSTILE not in html
    assert not RESOURCE_REF.findall(html)
    assert set(ANY_URL.findall(html)) <= NON_FETCHING_URLS, set(ANY_URL.findall(html)) - NON_FETCHING_URLS
    assert "<script src" not in html and "<link" not in html, "everything inline"
    data = graph_data(html)
    hostile = next(n for n in data["nodes"] if n["id"] == HOSTILE_PLAN)
    assert hostile["title"].splitlines()[1] == HOSTILE_ESCAPED
    assert all(n["url"] is None for n in data["nodes"]), "no link base: clicks go nowhere"


def test_cli_view_writes_the_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data_dir = write_data_dir(tmp_path / "data")
    out = tmp_path / "graph.html"
    code = cpgraph(["view", "chỉ thị 28", "--depth", "1", "-o", str(out), "--data-dir", str(data_dir)])
    assert code == 0
    data = graph_data(out.read_text(encoding="utf-8"))
    assert data["focus"] == DIRECTIVE and len(data["nodes"]) == 3
    assert "3 nodes" in capsys.readouterr().out
    missing = cpgraph(["view", "zzzz qqqq", "-o", str(tmp_path / "x.html"), "--data-dir", str(data_dir)])
    assert missing == 1 and not (tmp_path / "x.html").exists()
    assert cpgraph(["view", DIRECTIVE, "--depth", "9", "--data-dir", str(data_dir)]) == 2
