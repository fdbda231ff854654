"""Options shared by several commands."""
from __future__ import annotations

import argparse
import os
from pathlib import Path

from ingest.store import CURRENT, GRAPH_FILE


def default_data_dir() -> Path:
    """`--data-dir` default: $CPGRAPH_DATA_DIR, else ./data (CONTRACT.md)."""
    return Path(os.environ.get("CPGRAPH_DATA_DIR") or "data")


def add_data_dir(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--data-dir", type=Path, default=None,
        help="where the graph is kept (default: $CPGRAPH_DATA_DIR, else ./data)",
    )


def data_dir_of(args: argparse.Namespace) -> Path:
    return args.data_dir if args.data_dir is not None else default_data_dir()


class DataDirProblem(Exception):
    """The data dir cannot answer queries; the message says why and which command fixes it."""


def check_data_dir(data_dir: Path) -> None:
    """Raise DataDirProblem when `data_dir` is missing, not a folder, unreadable or holds no graph."""
    fix = f"cpgraph ingest PATH --data-dir {data_dir}"
    if not data_dir.exists():
        raise DataDirProblem(f"the data dir {data_dir} does not exist. Ingest documents into it first: {fix}")
    if not data_dir.is_dir():
        raise DataDirProblem(f"the data dir {data_dir} is not a folder. Choose a folder with --data-dir "
                             f"(or $CPGRAPH_DATA_DIR), or create one with: {fix}")
    if not os.access(data_dir, os.R_OK | os.X_OK):
        raise DataDirProblem(f"the data dir {data_dir} cannot be read (permissions). "
                             f"Fix its permissions (chmod u+rx {data_dir}) or choose another with --data-dir")
    graph = next((p for p in (data_dir / CURRENT / GRAPH_FILE, data_dir / GRAPH_FILE) if p.exists()), None)
    if graph is None:
        raise DataDirProblem(f"the data dir {data_dir} holds no graph: nothing was ingested there yet. "
                             f"Ingest documents first: {fix}")
    if not os.access(graph, os.R_OK):
        raise DataDirProblem(f"the graph {graph} cannot be read (permissions). Fix: chmod u+r {graph}")


# Options accepted anywhere on the command line (before or after the command): name -> takes a value.
GLOBAL_OPTIONS = {"--json": False, "--data-dir": True}


def split_global_options(argv: list[str]) -> tuple[list[str], dict[str, str | bool]]:
    """Take the global options out of `argv` wherever they are; the rest is parsed as usual.

    >>> split_global_options(["--json", "query", "stats", "--data-dir", "d"])
    (['query', 'stats'], {'--json': True, '--data-dir': 'd'})
    >>> split_global_options(["query", "stats", "--data-dir=d", "--", "--json"])
    (['query', 'stats', '--', '--json'], {'--data-dir': 'd'})
    """
    rest: list[str] = []
    found: dict[str, str | bool] = {}
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg == "--":
            rest.extend(argv[i:])
            break
        name, eq, value = arg.partition("=")
        if name in GLOBAL_OPTIONS:
            if not GLOBAL_OPTIONS[name]:
                found[name] = True
            elif eq:
                found[name] = value
            elif i + 1 < len(argv):
                found[name] = argv[i + 1]
                i += 1
            else:
                rest.append(arg)  # let argparse report the missing value
        else:
            rest.append(arg)
        i += 1
    return rest, found
