"""What the Neo4j Browser is served: the style from the shared palette, the preset, the offline patches."""
from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from test_api_support import need

from queries.neo4j_browser_assets import (
    PATCHES,
    BrowserPatchError,
    check_counts,
    parse_grass,
    patch_file,
    preset_script,
)
from queries.neo4j_install import BROWSER_VERSION, Layout, browser_extras, build_browser_zip, default_lib_dir
from queries.neo4j_style import render_style
from queries.palette import EDGES

SCRIPTS = Path(__file__).resolve().parents[1] / "queries" / "neo4j_files"  # package data since issue 14


def test_style_file_is_the_generated_style() -> None:
    assert (SCRIPTS / "style.grass").read_text(encoding="utf-8") == render_style()


def test_style_captions() -> None:
    rules = parse_grass(render_style())
    assert rules["node.Document"]["caption"] == "{caption}"
    for edge_type, edge in EDGES.items():  # short Vietnamese captions, never the English type
        assert rules[f"relationship.{edge_type}"]["caption"] == edge.name
    assert rules["node.Unit"]["caption"] == "{name}" and "node.School" in rules


def test_conf_plays_the_guide_only() -> None:
    conf = (SCRIPTS / "neo4j.conf").read_text(encoding="utf-8")
    line = next(x for x in conf.splitlines() if x.startswith("browser.post_connect_cmd="))
    assert "guide.html" in line and "style" not in line.split("=", 1)[1]


def test_preset_holds_the_parsed_style() -> None:
    extras = browser_extras(7474)
    assert extras["preset.js"] == preset_script(render_style())
    assert b'"relationship.IMPLEMENTS"' in extras["preset.js"] and b"neo4j.grass" in extras["preset.js"]


def test_a_patch_that_no_longer_matches_is_refused() -> None:
    counts: dict[str, int] = {}
    patch_file("browser/app-0123abcd.js", b"nothing to patch", counts)
    with pytest.raises(BrowserPatchError):
        check_counts(counts)


@pytest.mark.neo4j
def test_served_browser_zip_is_patched(tmp_path: Path) -> None:
    lib = default_lib_dir()
    jar = lib / f"neo4j-browser-{BROWSER_VERSION}.jar"
    need(jar.exists(), f"{jar} missing: run `make neo4j-install`")
    target = build_browser_zip(Layout(home=tmp_path, lib=lib), browser_extras(7474))
    with zipfile.ZipFile(target) as z:
        text = b"".join(z.read(n) for n in z.namelist() if n.endswith((".js", ".html", ".css")))
        assert b"fonts.googleapis.com/css2" not in text
        assert b'<script src="cpgraph/preset.js"></script>' in z.read("browser/index.html")
        assert "browser/cpgraph/preset.js" in z.namelist()
        assert b"ingest.sentry.io" not in text  # no error reports to the vendor
    assert len(PATCHES) == 4
