"""The real server: configuration, the Browser at /browser, the guide and style it serves, and
every guide query answering from a loaded graph (seeds + example corpus, and a generated graph)."""
from __future__ import annotations

import re
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from test_neo4j_support import (
    EXAMPLES,
    SEEDS,
    corpus_export,
    load_fresh,
    neo4j_driver,  # noqa: F401
    neo4j_settings,  # noqa: F401
    synthetic_export,
)

from queries.cypher import GUIDE_QUERIES
from queries.neo4j_guide import render_guide
from queries.neo4j_install import Layout, render_conf
from queries.neo4j_server import Settings, ports_of


def _get(url: str) -> tuple[int, str, dict[str, str]]:
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 (local URL)
        return response.status, response.read().decode("utf-8"), dict(response.headers)


# ------------------------------------------------------------------ without a server

@pytest.mark.parametrize("uri, http, expected", [
    ("bolt://127.0.0.1:7687", None, (7687, 7474)),
    ("neo4j://127.0.0.1:17687", 17474, (17687, 17474)),
    ("bolt://localhost", None, (7687, 7474)),
])
def test_ports_of(uri: str, http: int | None, expected: tuple[int, int],
                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NEO4J_HTTP_PORT", raising=False)
    assert ports_of(uri, http) == expected


def test_conf_is_filled_and_loopback_only(tmp_path: Path) -> None:
    layout = Layout(home=tmp_path, lib=tmp_path / "lib")
    conf = render_conf(layout, 17687, 17474, heap="512m", pagecache="64m")
    assert "$" not in conf.replace("${", "")  # every placeholder filled
    settings = dict(line.split("=", 1) for line in conf.splitlines() if line and not line.startswith("#"))
    assert settings["server.bolt.listen_address"] == "127.0.0.1:17687"
    assert settings["server.http.listen_address"] == "127.0.0.1:17474"
    assert settings["dbms.usage_report.enabled"] == "false"
    assert settings["server.memory.pagecache.size"] == "64m"
    assert settings["server.directories.data"] == f"{tmp_path.as_posix()}/data"
    assert "127.0.0.1" in settings["browser.remote_content_hostname_whitelist"].split(",")
    assert "http://127.0.0.1:17474/browser/cpgraph/guide.html" in settings["browser.post_connect_cmd"]


def test_settings_from_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEO4J_PASSWORD", "from-env")
    monkeypatch.delenv("NEO4J_URI", raising=False)
    settings = Settings.from_env(user="alice")
    assert (settings.uri, settings.user, settings.password, settings.database) == (
        "bolt://127.0.0.1:7687", "alice", "from-env", "neo4j")


def test_guide_has_one_slide_per_query_and_escapes() -> None:
    html = render_guide("http://127.0.0.1:7474/browser/cpgraph/style.grass")
    assert 8 <= len(GUIDE_QUERIES) <= 13
    assert html.count("<slide") == len(GUIDE_QUERIES) + 1
    assert html.count('<pre class="runnable" data-slug=') == len(GUIDE_QUERIES)
    assert "Chỉ thị 28-CT/TW" in html and "<meta charset=\"utf-8\">" in html
    assert "-[:IMPLEMENTS*1..6]-&gt;" in html  # Cypher arrows escaped in HTML


def test_guide_queries_take_no_literal_user_values() -> None:
    for query in GUIDE_QUERIES:
        assert not re.search(r"\$\w", query.cypher), "guide queries run without parameters in the Browser"


# ------------------------------------------------------------------ with the server

@pytest.mark.neo4j
def test_browser_answers_200(neo4j_settings: Settings) -> None:  # noqa: F811
    _, http_port = ports_of(neo4j_settings.uri)
    status, body, _ = _get(f"http://127.0.0.1:{http_port}/browser/")
    assert status == 200 and "<html" in body.lower()


@pytest.mark.neo4j
def test_guide_and_style_are_served_by_neo4j(neo4j_settings: Settings) -> None:  # noqa: F811
    _, http_port = ports_of(neo4j_settings.uri)
    status, guide, headers = _get(f"http://127.0.0.1:{http_port}/browser/cpgraph/guide.html")
    assert status == 200
    assert headers.get("Access-Control-Allow-Origin") == "*"
    assert guide.count("<slide") == len(GUIDE_QUERIES) + 1
    status, style, _ = _get(f"http://127.0.0.1:{http_port}/browser/cpgraph/style.grass")
    assert status == 200 and "node.ChiThi" in style and 'caption: "{caption}"' in style


@pytest.mark.neo4j
def test_browser_settings_allow_the_guide(neo4j_driver: Any, neo4j_settings: Settings) -> None:  # noqa: F811
    records, _, _ = neo4j_driver.execute_query(
        "CALL dbms.listConfig('browser.') YIELD name, value RETURN name, value",
        database_=neo4j_settings.database)
    config = {r["name"]: r["value"] for r in records}
    assert "127.0.0.1" in config["browser.remote_content_hostname_whitelist"]
    assert "/browser/cpgraph/guide.html" in config["browser.post_connect_cmd"]


def _run_guide(driver: Any, database: str) -> dict[str, int]:
    rows = {}
    for query in GUIDE_QUERIES:
        records, _, _ = driver.execute_query(query.cypher, database_=database)
        rows[query.slug] = len(records)
    return rows


@pytest.mark.neo4j
@pytest.mark.shared
def test_every_guide_query_answers_on_seeds_and_examples(
    neo4j_driver: Any, neo4j_settings: Settings, tmp_path: Path,  # noqa: F811
) -> None:
    load_fresh(neo4j_driver, corpus_export(tmp_path / "both", SEEDS, EXAMPLES), neo4j_settings.database)
    rows = _run_guide(neo4j_driver, neo4j_settings.database)
    assert not [slug for slug, n in rows.items() if n == 0], rows


@pytest.mark.neo4j
@pytest.mark.shared
def test_core_guide_queries_answer_on_the_seeds_alone(
    neo4j_driver: Any, neo4j_settings: Settings, tmp_path: Path,  # noqa: F811
) -> None:
    load_fresh(neo4j_driver, corpus_export(tmp_path / "seeds", SEEDS), neo4j_settings.database)
    rows = _run_guide(neo4j_driver, neo4j_settings.database)
    for slug in ("implementers-28", "implementers-28-chain", "district-chain", "most-cited-laws", "missing",
                 "evidence", "by-type-level"):
        assert rows[slug] > 0, f"{slug} has no rows on the seeds: {rows}"


@pytest.mark.neo4j
def test_every_guide_query_answers_on_a_generated_graph(neo4j_driver: Any, neo4j_settings: Settings) -> None:  # noqa: F811
    load_fresh(neo4j_driver, synthetic_export(300, seed=3), neo4j_settings.database)
    rows = _run_guide(neo4j_driver, neo4j_settings.database)
    assert not [slug for slug, n in rows.items() if n == 0], rows
