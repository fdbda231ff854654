"""A real Neo4j 5.26 Community server without Docker: assembled from Maven Central, run by Java 17.

Layout (everything but the jars lives under `DATA_DIR/neo4j/`):

    ~/.cache/cpgraph/neo4j-<version>/lib/   the jars (`mvn dependency:copy-dependencies`), shared by data dirs
    ~/.cache/cpgraph/run/neo4j-PORT.json    the server started on Bolt PORT (pid, home): how `stop` and
                                            `status` find it whatever the data dir
    DATA_DIR/neo4j/conf/neo4j.conf          rendered from queries/neo4j_files/neo4j.conf (package data)
    DATA_DIR/neo4j/web/neo4j-browser.zip    the Browser artefact + /browser/cpgraph/{guide.html,style.grass}
    DATA_DIR/neo4j/{data,logs,run}/         the database, Neo4j's logs
    DATA_DIR/neo4j/neo4j.pid, logs/console.log

Connection settings come from the environment: `NEO4J_URI` (default bolt://127.0.0.1:7687),
`NEO4J_USER` (neo4j), `NEO4J_PASSWORD` (cpgraph-dev-pw), `NEO4J_DATABASE` (neo4j; Community has one).
"""
from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import time
import urllib.request
import zipfile
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from string import Template
from typing import Any

from queries.neo4j_browser_assets import check_counts, patch_file, preset_script
from queries.neo4j_guide import render_guide
from queries.neo4j_state import Started, cache_root, forget, is_server, record, started_servers
from queries.neo4j_style import render_style

NEO4J_VERSION = "5.26.30"
BROWSER_VERSION = "5.24.0"
# pom.xml, neo4j.conf and style.grass ship inside the package, so an installed wheel can assemble
# and configure the server without the source checkout.
ASSETS = "neo4j_files"

DEFAULT_URI = "bolt://127.0.0.1:7687"
DEFAULT_USER = "neo4j"
DEFAULT_PASSWORD = "cpgraph-dev-pw"
DEFAULT_DATABASE = "neo4j"

# JVM flags of the official `neo4j` launcher that matter here: the page cache wants direct
# access to NIO buffers (without it: "Reflection access to java.nio.DirectByteBuffer is not
# available, using fallback mode"), Netty wants reflection for its buffers.
JVM_FLAGS = (
    "-XX:+UseG1GC",
    "-XX:-OmitStackTraceInFastThrow",
    "-XX:+DisableExplicitGC",
    "-Djdk.nio.maxCachedBufferSize=1024",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "-Dlog4j2.disable.jmx=true",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--add-opens=java.base/java.lang=ALL-UNNAMED",
    "--enable-native-access=ALL-UNNAMED",
)


READY_POLL = 0.25  # seconds between two readiness checks while the server starts


class Neo4jServerError(RuntimeError):
    """The server could not be installed, started or reached; the message says why (with the log tail)."""


@dataclass(frozen=True)
class Settings:
    """How to reach the server (from the environment unless given)."""

    uri: str = DEFAULT_URI
    user: str = DEFAULT_USER
    password: str = DEFAULT_PASSWORD
    database: str = DEFAULT_DATABASE

    @classmethod
    def from_env(cls, **overrides: str | None) -> Settings:
        """Settings from NEO4J_URI/USER/PASSWORD/DATABASE; non-None overrides win."""
        values = {
            "uri": os.environ.get("NEO4J_URI") or DEFAULT_URI,
            "user": os.environ.get("NEO4J_USER") or DEFAULT_USER,
            "password": os.environ.get("NEO4J_PASSWORD") or DEFAULT_PASSWORD,
            "database": os.environ.get("NEO4J_DATABASE") or DEFAULT_DATABASE,
        }
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)


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


def ports_of(uri: str, http_port: int | None = None) -> tuple[int, int]:
    """(bolt, http) ports: bolt from the URI (default 7687), http 7474 unless given."""
    rest = uri.split("://", 1)[-1]
    port = rest.rsplit(":", 1)[1] if ":" in rest else "7687"
    return int(port.split("/")[0]), http_port or int(os.environ.get("NEO4J_HTTP_PORT") or 7474)


# ---------------------------------------------------------------------------------------- install

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


# ------------------------------------------------------------------------------------ processes

def _env(layout: Layout) -> dict[str, str]:
    env = dict(os.environ)
    env["NEO4J_HOME"] = str(layout.home)
    env["NEO4J_CONF"] = str(layout.conf_dir)
    return env


def _java(layout: Layout, main_class: str, *args: str, heap: str = "1g") -> list[str]:
    return ["java", f"-Xms{heap}", f"-Xmx{heap}", *JVM_FLAGS, "-cp", f"{layout.lib}/*", main_class, *args]


def read_pid(layout: Layout) -> int | None:
    """The pid of the running server, or None (a stale pid file is removed)."""
    try:
        pid = int(layout.pid_file.read_text().strip())
    except (OSError, ValueError):
        return None
    if not is_server(pid):
        layout.pid_file.unlink(missing_ok=True)
        return None
    return pid


def find_layout(data_dir: Path | None, default_data_dir: Path, bolt_port: int,
                lib: Path | None = None) -> Layout:
    """The server `stop`/`status` mean. A given data dir is taken as is; without one: the default data
    dir's server when it runs, else the one started on `bolt_port`, else the only one started, else
    the default data dir (nothing runs). Several servers and none on `bolt_port`: an error naming them."""
    if data_dir is not None:
        return layout_for(data_dir, lib)
    default = layout_for(default_data_dir, lib)
    if read_pid(default) is not None:
        return default
    servers = started_servers()
    chosen = [s for s in servers if s.bolt_port == bolt_port] or servers
    if len(chosen) > 1:
        names = ", ".join(f"{s.home} (Bolt {s.bolt_port}, pid {s.pid})" for s in chosen)
        raise Neo4jServerError(f"several servers run: {names}; say which with --data-dir DIR "
                               "(the folder that holds DIR/neo4j)")
    if chosen:
        return Layout(home=Path(chosen[0].home), lib=default.lib)
    return default


def log_tail(layout: Layout, lines: int = 40) -> str:
    """The last lines of the console log and of neo4j.log, for error messages."""
    parts = []
    for path in (layout.console_log, layout.logs_dir / "neo4j.log"):
        if path.exists():
            text = path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:]
            parts.append(f"--- {path}\n" + "\n".join(text))
    return "\n".join(parts) or "(no log yet)"


def open_driver(settings: Settings, **options: Any) -> Any:
    """A driver for these settings; the server's notifications (hints, warnings) are not logged."""
    from neo4j import GraphDatabase  # heavy: the driver is slow to import; install, stop, --help need none

    options.setdefault("notifications_min_severity", "OFF")
    return GraphDatabase.driver(settings.uri, auth=(settings.user, settings.password), **options)


def connect_ok(settings: Settings, timeout: float = 3.0) -> str | None:
    """None when `verify_connectivity` succeeds, else the error text."""
    try:
        with open_driver(settings, connection_timeout=timeout) as driver:
            driver.verify_connectivity()
    except Exception as exc:  # the driver raises many kinds; all mean "not ready"
        return f"{type(exc).__name__}: {exc}"
    return None


def http_ok(url: str, timeout: float = 3.0) -> str | None:
    """None when GET `url` answers 200, else the error text."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 (local URL)
            return None if response.status == 200 else f"HTTP {response.status}"
    except (OSError, ValueError) as exc:
        return f"{type(exc).__name__}: {exc}"


def wait_ready(settings: Settings, layout: Layout | None, pid: int | None, timeout: float) -> None:
    """Poll until the server answers over Bolt and serves the Browser; raise with the log tail on
    timeout or early exit."""
    deadline = time.monotonic() + timeout
    error = "not tried"
    browser = f"http://127.0.0.1:{ports_of(settings.uri)[1]}/browser/"
    while time.monotonic() < deadline:
        error = connect_ok(settings) or (http_ok(browser) if "127.0.0.1" in settings.uri else None) or ""
        if not error:
            return
        if pid is not None and layout is not None and read_pid(layout) is None:
            raise Neo4jServerError(f"Neo4j exited during start-up.\n{log_tail(layout)}")
        time.sleep(READY_POLL)
    tail = log_tail(layout) if layout else ""
    raise Neo4jServerError(f"Neo4j not reachable at {settings.uri} after {timeout:.0f}s: {error}\n{tail}")


def start(data_dir: Path, settings: Settings | None = None, lib: Path | None = None,
          timeout: float = 120.0, heap: str = "2g", pagecache: str = "1g",
          assets: bool = True) -> dict[str, Any]:
    """Install if needed, configure, set the initial password (first start), start, wait until ready.

    `assets=False` (a restart, as after a bulk import): the Browser archive is kept when it exists
    (building it again reads and patches the whole Browser bundle: seconds)."""
    settings = settings or Settings.from_env()
    layout = layout_for(data_dir, lib)
    pid = read_pid(layout)
    if pid is not None:
        wait_ready(settings, layout, pid, timeout)
        return status(data_dir, settings, lib)
    install(layout.lib)
    bolt_port, http_port = ports_of(settings.uri)
    if connect_ok(settings) is None:
        # Another server owns the port: starting would fail, and tests or loads would write into it.
        raise Neo4jServerError(
            f"a Neo4j server already answers at {settings.uri}, not the one of {layout.home}; stop it "
            "(`cpgraph neo4j stop --data-dir DIR`) or use other ports (NEO4J_URI, NEO4J_HTTP_PORT)")
    for sub in ("conf", "logs", "data", "run", "import", "plugins", "web"):
        (layout.home / sub).mkdir(parents=True, exist_ok=True)
    (layout.conf_dir / "neo4j.conf").write_text(
        render_conf(layout, bolt_port, http_port, heap=heap, pagecache=pagecache), encoding="utf-8")
    if assets or not (layout.web_dir / "neo4j-browser.zip").exists():
        build_browser_zip(layout, browser_extras(http_port))
    if not (layout.home / "data" / "dbms").exists():
        _set_initial_password(layout, settings.password)
    with open(layout.console_log, "ab") as log:
        proc = subprocess.Popen(
            _java(layout, "org.neo4j.server.CommunityEntryPoint", f"--home-dir={layout.home}",
                  f"--config-dir={layout.conf_dir}", "--console-mode", heap=heap),
            cwd=layout.home, env=_env(layout), stdout=log, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL, start_new_session=True,
        )
    layout.pid_file.write_text(f"{proc.pid}\n", encoding="utf-8")
    record(Started(pid=proc.pid, home=str(layout.home), bolt_port=bolt_port, http_port=http_port))
    try:
        wait_ready(settings, layout, proc.pid, timeout)
    except Neo4jServerError:
        stop(data_dir, lib)
        raise
    return status(data_dir, settings, lib)


def conf_memory(layout: Layout) -> tuple[str, str]:
    """(heap, page cache) of the server's written neo4j.conf (a restart keeps them); defaults if absent."""
    values = {"server.memory.heap.max_size": "2g", "server.memory.pagecache.size": "1g"}
    path = layout.conf_dir / "neo4j.conf"
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            key, _, value = line.partition("=")
            if key.strip() in values and value.strip():
                values[key.strip()] = value.strip()
    return values["server.memory.heap.max_size"], values["server.memory.pagecache.size"]


def _set_initial_password(layout: Layout, password: str) -> None:
    """`neo4j-admin dbms set-initial-password`; only effective before the first start."""
    done = subprocess.run(
        _java(layout, "org.neo4j.cli.AdminTool", "dbms", "set-initial-password", password, heap="256m"),
        cwd=layout.home, env=_env(layout), capture_output=True, text=True, check=False,
    )
    if done.returncode != 0:
        raise Neo4jServerError(
            f"set-initial-password failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")


def stop(data_dir: Path, lib: Path | None = None, timeout: float = 60.0) -> bool:
    """Stop the server started for this data dir (SIGTERM, then SIGKILL); False when none ran."""
    return stop_layout(layout_for(data_dir, lib), timeout)


def stop_layout(layout: Layout, timeout: float = 60.0) -> bool:
    """Stop the server whose files are under `layout.home`; False when none ran."""
    pid = read_pid(layout)
    forget(layout.home)
    if pid is None:
        return False
    os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and read_pid(layout) is not None:
        _reap(pid)
        time.sleep(0.3)
    if read_pid(layout) is not None:
        os.kill(pid, signal.SIGKILL)
        time.sleep(0.5)
        _reap(pid)
    layout.pid_file.unlink(missing_ok=True)
    return True


def _reap(pid: int) -> None:
    """Collect the child's exit status when this process started it (avoids a zombie looking alive)."""
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)


def status(data_dir: Path, settings: Settings | None = None, lib: Path | None = None) -> dict[str, Any]:
    """What runs where: pid, reachability, URLs, paths."""
    return status_of(layout_for(data_dir, lib), settings)


def status_of(layout: Layout, settings: Settings | None = None) -> dict[str, Any]:
    """`status` of the server whose files are under `layout.home`."""
    settings = settings or Settings.from_env()
    _, http_port = ports_of(settings.uri)
    error = connect_ok(settings)
    pid = read_pid(layout)
    info = {
        "pid": pid,
        "reachable": error is None,
        "error": error,
        "uri": settings.uri,
        "browser": f"http://127.0.0.1:{http_port}/browser/",
        "guide": f"http://127.0.0.1:{http_port}/browser/cpgraph/guide.html",
        "home": str(layout.home),
        "lib": str(layout.lib),
        "installed": is_installed(layout.lib),
    }
    if pid is None and error is None:
        info["note"] = (f"a server answers at {settings.uri} but was not started by `cpgraph neo4j start` "
                        f"with its files under {layout.home}")
    return info
