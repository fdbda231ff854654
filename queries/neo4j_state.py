"""The servers `cpgraph neo4j start` launched, recorded one file per Bolt port under
~/.cache/cpgraph/run/ ($CPGRAPH_STATE_DIR), so that `stop` and `status` find a server whatever
data dir it was started with."""
from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path


def cache_root() -> Path:
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "cpgraph"


def state_dir() -> Path:
    """Where started servers are recorded: $CPGRAPH_STATE_DIR, else ~/.cache/cpgraph/run."""
    env = os.environ.get("CPGRAPH_STATE_DIR")
    return Path(env) if env else cache_root() / "run"


def is_server(pid: int, home: Path | None = None) -> bool:
    """Is `pid` alive and a Neo4j server (of `home`, when given)? Guards against recycled pids."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # another user's process: its command line still tells
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[-1].split()[0]
        args = Path(f"/proc/{pid}/cmdline").read_bytes()
    except (OSError, IndexError):
        return True  # no /proc, or hidden: trust the record
    if state in ("Z", "X"):
        return False  # exited, not yet reaped
    if not args:
        return True  # a JVM's cmdline reads empty while it exits (and at times while busy): still there
    if b"CommunityEntryPoint" not in args:
        return False
    return home is None or f"--home-dir={home}".encode() in args


@dataclass(frozen=True)
class Started:
    """A server `start` launched: one per Bolt port, recorded in state_dir()."""

    pid: int
    home: str
    bolt_port: int
    http_port: int


def _record_file(bolt_port: int) -> Path:
    return state_dir() / f"neo4j-{bolt_port}.json"


def record(server: Started) -> None:
    path = _record_file(server.bolt_port)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(asdict(server), sort_keys=True) + "\n", encoding="utf-8")


def forget(home: Path) -> None:
    for server in _recorded():
        if Path(server.home) == home:
            _record_file(server.bolt_port).unlink(missing_ok=True)


def _recorded() -> list[Started]:
    found = []
    for path in sorted(state_dir().glob("neo4j-*.json")):
        try:
            found.append(Started(**json.loads(path.read_text(encoding="utf-8"))))
        except (OSError, ValueError, TypeError):
            path.unlink(missing_ok=True)  # unreadable: nothing to find through it
    return found


def started_servers() -> list[Started]:
    """The servers `start` launched that still run (stale records are removed)."""
    alive = []
    for server in _recorded():
        if is_server(server.pid, Path(server.home)):
            alive.append(server)
        else:
            _record_file(server.bolt_port).unlink(missing_ok=True)
    return alive
