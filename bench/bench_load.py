"""A fresh `cpgraph neo4j load` of an ingested data dir, measured for `bench/run.py`.

The database is emptied first, then the command users run loads it: relationships/s end to end (the
command's wall time, reading the graph included), peak RSS of the command's processes, and which path
the loader took. The path is found, not assumed: `cpgraph neo4j load --help` tells whether a bulk
option exists (the `neo4j-admin database import` path of issue 13); the command's own report says which
path it used when it says so; otherwise a loader without a bulk option is the Bolt `UNWIND` path.

Not a test: nothing asserts.
"""

from __future__ import annotations

import json
import re
import subprocess
import time
from pathlib import Path
from typing import Any

import bench_ingest as m
from bench_service import cpgraph

# An option of `cpgraph neo4j load --help` that selects the bulk import, e.g. `--bulk`, `--import`,
# `--mode {auto,bulk,unwind}`; the one that forces UNWIND; the one naming the server's folder.
BULK_FLAG = re.compile(r"(--bulk\b|--import\b|--admin-import\b)")
MODE_OPTION = re.compile(r"(--(?:mode|path|method))\s+\{([^}]*)\}")
UNWIND_FLAG = re.compile(r"(--incremental\b|--unwind\b)")
SERVER_DIR_FLAG = re.compile(r"(--server-dir\b)")
# What the command says it did: `cpgraph neo4j load: bulk load (empty database: ...)`.
SAID_PATH = re.compile(r"neo4j load: (\w+) load \((.*)\)[ \t]*$", re.MULTILINE)


def load_options(extra: list[str]) -> dict[str, Any]:
    """What this `cpgraph neo4j load` offers: the arguments for a bulk load and for an UNWIND load."""
    done = subprocess.run([*cpgraph(), "neo4j", "load", "--help"], cwd=m.REPO, capture_output=True,
                          text=True, check=False, timeout=120)
    text = done.stdout + done.stderr
    bulk: list[str] | None = None
    mode, flag, unwind = MODE_OPTION.search(text), BULK_FLAG.search(text), UNWIND_FLAG.search(text)
    if mode and "bulk" in mode.group(2).split(","):
        bulk = [mode.group(1), "bulk"]
    elif flag:
        bulk = [flag.group(1)]
    server = SERVER_DIR_FLAG.search(text)
    if extra:
        feature = f"arguments given: {' '.join(extra)}"
    elif bulk:
        feature = f"bulk option found: {' '.join(bulk)}"
    else:
        feature = "no bulk option in `cpgraph neo4j load --help`: UNWIND"
    return {"bulk": extra or bulk, "unwind": [unwind.group(1)] if unwind else None,
            "server_dir": server.group(1) if server else None, "feature": feature}


def _path_used(report: Any, said: str, args: list[str]) -> str:
    """The path the command says it took (its stderr line, else a key of its report), else inferred."""
    hit = SAID_PATH.search(said)
    if hit:
        return f"{hit.group(1)} ({hit.group(2)})"
    if isinstance(report, dict):
        stack: list[Any] = [report]
        while stack:
            item = stack.pop()
            if isinstance(item, dict):
                for key in ("path", "method", "mode", "via", "strategy"):
                    if isinstance(item.get(key), str):
                        return str(item[key])
                stack.extend(item.values())
    if args:
        return f"asked for with {' '.join(args)}"
    return "UNWIND (Bolt)"


def _relationships(report: Any) -> int | None:
    """Relationships in the database after the load (its `database` counts), else the load's count."""
    if not isinstance(report, dict):
        return None
    for part in ("database", "load"):
        value = report.get(part, {})
        if isinstance(value, dict) and isinstance(value.get("relationships"), int):
            return int(value["relationships"])
    return None


def _json_tail(stdout: str) -> Any:
    """The JSON report of the command (the last `{...}` block of stdout), else None."""
    at = stdout.find("{")
    while at >= 0:
        try:
            return json.loads(stdout[at:])
        except json.JSONDecodeError:
            at = stdout.find("\n{", at + 1)
            at = at + 1 if at >= 0 else -1
    return None


def empty_database() -> None:
    """Delete everything in the Neo4j of the environment (NEO4J_URI ...): the load is a fresh one."""
    from queries.neo4j_loader import clear
    from queries.neo4j_server import Settings, open_driver

    settings = Settings.from_env()
    with open_driver(settings) as driver:
        clear(driver, settings.database)


def server_rss(neo4j_dir: Path | None) -> int:
    """RSS (bytes) of the Neo4j server (its pid from `cpgraph neo4j status`) and its child processes."""
    cmd = [*cpgraph(), "neo4j", "status", *(["--data-dir", str(neo4j_dir)] if neo4j_dir else [])]
    done = subprocess.run(cmd, cwd=m.REPO, capture_output=True, text=True, check=False, timeout=120)
    status = _json_tail(done.stdout)
    pid = status.get("pid") if isinstance(status, dict) else None
    if not isinstance(pid, int):
        raise RuntimeError(f"no pid in `cpgraph neo4j status`: {done.stdout[-200:]} {done.stderr[-200:]}")
    return m._rss_of_tree(pid)


def du(path: Path) -> int:
    """Bytes under a path (0 when missing)."""
    if not path.exists():
        return 0
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def _one_load(data_dir: Path, neo4j_dir: Path | None, args: list[str], clear: bool, timeout: float
              ) -> dict[str, Any]:
    """One measured `cpgraph neo4j load --data-dir DATA ARGS`, on an emptied database when `clear`."""
    t0 = time.perf_counter()
    if clear:
        empty_database()
    cleared = time.perf_counter() - t0
    cmd = [*cpgraph(), "neo4j", "load", "--data-dir", str(data_dir), *args]
    run = m.run_measured(cmd, timeout=timeout)
    report = _json_tail(run["stdout"])
    rels = _relationships(report)
    out: dict[str, Any] = {
        "command": " ".join(["cpgraph", *cmd[len(cpgraph()):]]),
        "path": _path_used(report, run["stderr"], args),
        "wall": run["wall"],
        "cpu": run["cpu"],
        "peak_rss": run["peak_rss"],
        "clear_seconds": cleared if clear else None,
        "relationships": rels,
        "rel_s": rels / run["wall"] if rels else None,
        "report": report if isinstance(report, dict) else run["stdout"][-600:],
    }
    if neo4j_dir is not None:
        out["store_bytes"] = du(neo4j_dir)
    try:
        out["server_rss"] = server_rss(neo4j_dir)
    except (RuntimeError, OSError, subprocess.SubprocessError) as exc:
        out["server_rss_error"] = str(exc)[:200]
    return out


def fresh_load(data_dir: Path, neo4j_dir: Path | None, extra: list[str], unwind: bool = True,
               timeout: float = 4 * 3600) -> dict[str, Any]:
    """Fresh loads of the data dir: with a bulk option, first the UNWIND path on an emptied database
    (`unwind`), then the bulk path (it replaces the database: the service is then measured on it);
    without one, the plain load on an emptied database."""
    options = load_options(extra)
    server = [options["server_dir"], str(neo4j_dir)] if options["server_dir"] and neo4j_dir else []
    out: dict[str, Any] = {"feature": options["feature"]}
    if options["bulk"] and options["unwind"] and unwind:
        try:
            out["unwind"] = _one_load(data_dir, neo4j_dir, [*server, *options["unwind"]], True, timeout)
        except Exception as exc:  # measuring: reported in its cell, the bulk load still runs
            out["unwind"] = {"error": f"{type(exc).__name__}: {exc}"[:300]}
    main = _one_load(data_dir, neo4j_dir, [*server, *(options["bulk"] or [])], not options["bulk"], timeout)
    out.update(main)
    return out
