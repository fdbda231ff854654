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
from bench_serve import cpgraph

# An option of `cpgraph neo4j load --help` that selects the bulk import, e.g. `--bulk`, `--import`,
# `--mode {auto,bulk,unwind}`.
BULK_FLAG = re.compile(r"(--bulk\b|--import\b|--admin-import\b)")
MODE_OPTION = re.compile(r"(--(?:mode|path|method))\s+\{([^}]*)\}")


def load_options(extra: list[str]) -> dict[str, Any]:
    """What this `cpgraph neo4j load` offers: the arguments that ask for a fresh bulk load, if any."""
    done = subprocess.run([*cpgraph(), "neo4j", "load", "--help"], cwd=m.REPO, capture_output=True,
                          text=True, check=False, timeout=120)
    text = done.stdout + done.stderr
    args: list[str] = list(extra)
    feature = "UNWIND only (no bulk option in `cpgraph neo4j load --help`)"
    mode = MODE_OPTION.search(text)
    flag = BULK_FLAG.search(text)
    if extra:
        feature = f"arguments given: {' '.join(extra)}"
    elif mode and "bulk" in mode.group(2).split(","):
        args = [mode.group(1), "bulk"]
        feature = f"bulk option found: {mode.group(1)} bulk"
    elif flag:
        args = [flag.group(1)]
        feature = f"bulk option found: {flag.group(1)}"
    elif re.search(r"\bbulk\b|neo4j-admin", text):
        feature = "the loader picks its path itself (its help mentions the bulk import)"
    return {"args": args, "feature": feature}


def _path_used(report: Any, stdout: str, args: list[str]) -> str:
    """The path named by the command's report (a key such as path/method/mode), else inferred."""
    if isinstance(report, dict):
        stack: list[Any] = [report]
        while stack:
            item = stack.pop()
            if isinstance(item, dict):
                for key in ("path", "method", "mode", "via", "strategy"):
                    if isinstance(item.get(key), str):
                        return str(item[key])
                stack.extend(item.values())
    low = stdout.lower()
    if "neo4j-admin" in low or "bulk" in low:
        return "bulk (from its output)"
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


def fresh_load(data_dir: Path, neo4j_dir: Path | None, extra: list[str], timeout: float = 4 * 3600
               ) -> dict[str, Any]:
    """Empty the database, run `cpgraph neo4j load --data-dir DATA [bulk option]`, measure."""
    options = load_options(extra)
    t0 = time.perf_counter()
    empty_database()
    cleared = time.perf_counter() - t0
    cmd = [*cpgraph(), "neo4j", "load", "--data-dir", str(data_dir), *options["args"]]
    run = m.run_measured(cmd, timeout=timeout)
    report = _json_tail(run["stdout"])
    rels = _relationships(report)
    out: dict[str, Any] = {
        "command": " ".join(["cpgraph", *cmd[len(cpgraph()):]]),
        "feature": options["feature"],
        "path": _path_used(report, run["stdout"] + run["stderr"], options["args"]),
        "wall": run["wall"],
        "cpu": run["cpu"],
        "peak_rss": run["peak_rss"],
        "clear_seconds": cleared,
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
