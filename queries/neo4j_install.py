"""A local Neo4j server's files: where they live (`Layout`) and how they are assembled — the jars from
Maven Central, the conf rendered from the package's template, the Browser archive with our guide and style.

Layout (everything but the jars lives under `DATA_DIR/neo4j/`):

    ~/.cache/cpgraph/neo4j-<version>/lib/   the jars (`mvn dependency:copy-dependencies`), shared by data dirs
    ~/.cache/cpgraph/run/neo4j-PORT.json    the server started on Bolt PORT (pid, home): how `stop` and
                                            `status` find it whatever the data dir
    DATA_DIR/neo4j/conf/neo4j.conf          rendered from queries/neo4j_files/neo4j.conf (package data)
    DATA_DIR/neo4j/web/neo4j-browser.zip    the Browser artefact + /browser/cpgraph/{guide.html,style.grass}
    DATA_DIR/neo4j/{data,logs,run}/         the database, Neo4j's logs
    DATA_DIR/neo4j/neo4j.pid, logs/console.log

The processes that run on these files (start, stop, status) are `queries.neo4j_server`'s.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import zipfile
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from string import Template

from queries.neo4j_browser_assets import check_counts, patch_file, preset_script
from queries.neo4j_guide import render_guide
from queries.neo4j_state import cache_root
from queries.neo4j_style import render_style

NEO4J_VERSION = "5.26.30"
BROWSER_VERSION = "5.24.0"
# pom.xml, neo4j.conf and style.grass ship inside the package, so an installed wheel can assemble
# and configure the server without the source checkout.
ASSETS = "neo4j_files"


class Neo4jServerError(RuntimeError):
    """The server could not be installed, started or reached; the message says why (with the log tail)."""


@dataclass(frozen=True)
class Layout:
    """Where one local server keeps its files."""

    home: Path
    lib: Path

    @property
    def conf_dir(self) -> Path:
        return self.home / "conf"

    @property
    def logs_dir(self) -> Path:
        return self.home / "logs"

    @property
    def web_dir(self) -> Path:
        return self.home / "web"

    @property
    def pid_file(self) -> Path:
        return self.home / "neo4j.pid"

    @property
    def console_log(self) -> Path:
        return self.logs_dir / "console.log"


def asset_bytes(name: str) -> bytes:
    """One of the packaged Neo4j files (pom.xml, neo4j.conf, style.grass)."""
    return resources.files("queries").joinpath(ASSETS, name).read_bytes()


def default_lib_dir() -> Path:
    """The jar cache: $CPGRAPH_NEO4J_LIB, else ~/.cache/cpgraph/neo4j-<version>/lib."""
    env = os.environ.get("CPGRAPH_NEO4J_LIB")
    if env:
        return Path(env)
    return cache_root() / f"neo4j-{NEO4J_VERSION}" / "lib"


def layout_for(data_dir: Path, lib: Path | None = None) -> Layout:
    return Layout(home=(Path(data_dir) / "neo4j").resolve(), lib=(lib or default_lib_dir()).resolve())


def is_installed(lib: Path) -> bool:
    return (lib / ".complete").exists() and any(lib.glob("neo4j-server-*.jar"))


def install(lib: Path | None = None, quiet: bool = True) -> Path:
    """Copy the server's jars from Maven Central (cached in ~/.m2) into `lib`; no-op when done."""
    lib = (lib or default_lib_dir()).resolve()
    if is_installed(lib):
        return lib
    if shutil.which("mvn") is None:
        raise Neo4jServerError("Maven (`mvn`) is not on PATH; it is needed to fetch Neo4j from Maven Central")
    lib.mkdir(parents=True, exist_ok=True)
    # Maven runs on a copy beside the jars: the installed package may be read-only.
    pom = lib.parent / "pom.xml"
    pom.write_bytes(asset_bytes("pom.xml"))
    cmd = ["mvn", "-B", "-f", str(pom), "dependency:copy-dependencies", f"-DoutputDirectory={lib}"]
    if quiet:
        cmd.insert(1, "-q")
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise Neo4jServerError(
            f"mvn failed ({done.returncode}):\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    (lib / ".complete").write_text(NEO4J_VERSION + "\n", encoding="utf-8")
    return lib


def render_conf(layout: Layout, bolt_port: int, http_port: int,
                heap: str = "2g", pagecache: str = "1g") -> str:
    """neo4j.conf text for this layout (the template with its placeholders filled)."""
    template = Template(asset_bytes("neo4j.conf").decode("utf-8"))
    return template.substitute(home=layout.home.as_posix(), bolt_port=bolt_port, http_port=http_port,
                               heap=heap, pagecache=pagecache)


def build_browser_zip(layout: Layout, extra: dict[str, bytes]) -> Path:
    """web/neo4j-browser.zip: the Browser jar's `browser/` tree plus `extra` files (paths under browser/).

    Neo4j serves the newest `neo4j-browser*.zip` of its web dir at /browser; the archive's first
    entry must be its top directory. This is how the guide and style reach the Browser from the
    same origin, with no other web server. Two bundles are patched so that the Browser asks no
    other host, and index.html loads the style preset (`queries.neo4j_browser_assets`).
    """
    jar = layout.lib / f"neo4j-browser-{BROWSER_VERSION}.jar"
    target = layout.web_dir / "neo4j-browser.zip"
    layout.web_dir.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(".tmp")
    patched: dict[str, int] = {}
    with zipfile.ZipFile(jar) as src, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as out:
        out.writestr("browser/", b"")
        for name in sorted(n for n in src.namelist() if n.startswith("browser/") and n != "browser/"):
            out.writestr(name, b"" if name.endswith("/") else patch_file(name, src.read(name), patched))
        out.writestr("browser/cpgraph/", b"")
        for rel, data in sorted(extra.items()):
            out.writestr(f"browser/cpgraph/{rel}", data)
    check_counts(patched)  # offline, style preset: or no Browser at all
    tmp.replace(target)
    return target


def browser_extras(http_port: int = 7474) -> dict[str, bytes]:
    """Files served under /browser/cpgraph/: the guide (rendered from queries.cypher), the style and the
    script that presets it (`queries.neo4j_browser_assets`)."""
    style_url = f"http://127.0.0.1:{http_port}/browser/cpgraph/style.grass"
    style = render_style()
    return {
        "guide.html": render_guide(style_url).encode("utf-8"),
        "style.grass": style.encode("utf-8"),
        "preset.js": preset_script(style),
    }
