"""A real Neo4j 5.26 Community server without Docker, run by Java 17: start, stop, status, drivers.

Its files (the jars, the conf, the Browser archive) are assembled by `queries.neo4j_install`.

Connection settings come from the environment: `NEO4J_URI` (default bolt://127.0.0.1:7687),
`NEO4J_USER` (neo4j), `NEO4J_PASSWORD` (cpgraph-dev-pw), `NEO4J_DATABASE` (neo4j; Community has one).
"""
from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from queries.neo4j_install import (
    Layout,
    Neo4jServerError,
    browser_extras,
    build_browser_zip,
    install,
    is_installed,
    layout_for,
    render_conf,
)
from queries.neo4j_state import Started, forget, is_server, record, started_servers

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


def ports_of(uri: str, http_port: int | None = None) -> tuple[int, int]:
    """(bolt, http) ports: bolt from the URI (default 7687), http 7474 unless given."""
    rest = uri.split("://", 1)[-1]
    port = rest.rsplit(":", 1)[1] if ":" in rest else "7687"
    return int(port.split("/")[0]), http_port or int(os.environ.get("NEO4J_HTTP_PORT") or 7474)


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
