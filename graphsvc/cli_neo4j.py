"""`cpgraph neo4j install|start|stop|status|load|guide`: the local Neo4j server and the loader."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from graphsvc.cli_common import (
    DataDirProblem,
    add_data_dir,
    check_data_dir,
    data_dir_of,
    default_data_dir,
)
from ingest.export import export_from_graph, load_export
from ingest.store import StoreDamaged, graph_file, load_graph
from queries.neo4j_bulk import bulk_load, choose_path, is_empty
from queries.neo4j_csv import BulkRefused
from queries.neo4j_guide import render_guide
from queries.neo4j_install import Layout, Neo4jServerError, install, layout_for
from queries.neo4j_loader import counts, write_to_neo4j
from queries.neo4j_server import (
    Settings,
    find_layout,
    open_driver,
    ports_of,
    read_pid,
    start,
    status_of,
    stop_layout,
)
from queries.neo4j_state import started_servers


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add this module's commands to the `cpgraph` parser."""
    neo4j = commands.add_parser("neo4j", help="run a local Neo4j server and load the graph into Neo4j")
    sub = neo4j.add_subparsers(dest="neo4j_command", required=True, metavar="ACTION")

    install = sub.add_parser("install", help="fetch Neo4j 5.26 Community from Maven Central (cached)")
    _add_lib(install)
    install.set_defaults(handler=run_install)

    start = sub.add_parser("start", help="start the server (data, logs, pid under DATA_DIR/neo4j)")
    add_data_dir(start)
    _add_lib(start)
    _add_connection(start)
    start.add_argument("--timeout", type=float, default=180.0, help="seconds to wait until it answers")
    start.add_argument("--heap", default="2g", help="JVM heap (default 2g: fewer collection pauses)")
    start.add_argument("--pagecache", default="1g", help="page cache (default 1g)")
    start.set_defaults(handler=run_start)

    stop = sub.add_parser("stop", help="stop the server started for this data dir (default: the one "
                          "of the default data dir, else the one `start` launched on NEO4J_URI's port)")
    add_data_dir(stop)
    _add_lib(stop)
    stop.set_defaults(handler=run_stop)

    status = sub.add_parser("status", help="is it running and reachable (exit 0 when reachable)")
    add_data_dir(status)
    _add_lib(status)
    _add_connection(status)
    status.set_defaults(handler=run_status)

    load = sub.add_parser("load", help="load the graph of --data-dir into Neo4j (idempotent, incremental)")
    add_data_dir(load)
    _add_connection(load)
    load.add_argument("--export", type=Path, default=None,
                      help="load this export JSON file instead of the graph kept in --data-dir")
    load.add_argument("--batch-size", type=int, default=5000, help="rows per UNWIND transaction")
    path = load.add_mutually_exclusive_group()
    path.add_argument("--bulk", dest="mode", action="store_const", const="bulk",
                      help="force the bulk path: stop the server, `neo4j-admin database import full`, "
                      "start it (REPLACES the database; default on an empty one)")
    path.add_argument("--incremental", dest="mode", action="store_const", const="incremental",
                      help="force batched UNWIND writes of the differences (default on a database with data)")
    load.add_argument("--server-dir", type=Path, default=None,
                      help="the folder the server was started with (`neo4j start --data-dir`); default: the "
                      "one `cpgraph neo4j start` launched on NEO4J_URI's port")
    load.set_defaults(mode="auto")
    load.set_defaults(handler=run_load)

    guide = sub.add_parser("guide", help="write the Browser guide HTML (served at /browser/cpgraph/)")
    guide.add_argument("-o", "--output", type=Path, default=None, help="file (default: stdout)")
    guide.set_defaults(handler=run_guide)


def _add_lib(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--lib", type=Path, default=None,
                        help="jar folder (default: $CPGRAPH_NEO4J_LIB, else ~/.cache/cpgraph/neo4j-VER/lib)")


def _add_connection(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--uri", default=None, help="Bolt URI (default: $NEO4J_URI, else bolt://127.0.0.1:7687)")
    parser.add_argument("--user", default=None, help="user (default: $NEO4J_USER, else neo4j)")
    parser.add_argument("--password", default=None,
                        help="password (default: $NEO4J_PASSWORD, else cpgraph-dev-pw)")
    parser.add_argument("--database", default=None, help="database (default: $NEO4J_DATABASE, else neo4j)")


def _settings(args: argparse.Namespace) -> Settings:

    return Settings.from_env(uri=getattr(args, "uri", None), user=getattr(args, "user", None),
                             password=getattr(args, "password", None),
                             database=getattr(args, "database", None))


def _print(data: object) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True))


def run_install(args: argparse.Namespace) -> int:
    try:
        lib = install(args.lib)
    except Neo4jServerError as exc:
        print(f"cpgraph neo4j install: {exc}", file=sys.stderr)
        return 1
    print(lib)
    return 0


def run_start(args: argparse.Namespace) -> int:
    try:
        info = start(data_dir_of(args), _settings(args), args.lib, timeout=args.timeout,
                     heap=args.heap, pagecache=args.pagecache)
    except Neo4jServerError as exc:
        print(f"cpgraph neo4j start: {exc}", file=sys.stderr)
        return 1
    _print(info)
    return 0


def _layout(args: argparse.Namespace, settings: Settings) -> Layout:
    """The server meant: --data-dir's, else found by `find_layout` (whatever folder it was started in)."""
    return find_layout(args.data_dir, default_data_dir(), ports_of(settings.uri)[0], args.lib)


def run_stop(args: argparse.Namespace) -> int:
    try:
        layout = _layout(args, _settings(args))
    except Neo4jServerError as exc:
        print(f"cpgraph neo4j stop: {exc}", file=sys.stderr)
        return 2
    stopped = stop_layout(layout)
    print(f"stopped ({layout.home})" if stopped else f"not running ({layout.home})")
    return 0


def run_status(args: argparse.Namespace) -> int:
    settings = _settings(args)
    try:
        layout = _layout(args, settings)
    except Neo4jServerError as exc:
        print(f"cpgraph neo4j status: {exc}", file=sys.stderr)
        return 2
    info = status_of(layout, settings)
    _print(info)
    return 0 if info["reachable"] else 3


def run_load(args: argparse.Namespace) -> int:

    settings = _settings(args)
    if not args.export:
        try:
            check_data_dir(data_dir_of(args))
        except DataDirProblem as exc:
            print(f"cpgraph neo4j load: {exc}", file=sys.stderr)
            return 2
    try:
        export = load_export(args.export) if args.export else kept_export(data_dir_of(args))
    except StoreDamaged as exc:
        print(f"cpgraph neo4j load: {exc}", file=sys.stderr)
        return 4
    layout = _managed_layout(args, settings)
    key = graph_key_of(args)
    try:
        with open_driver(settings) as driver:
            path, why = choose_path(args.mode, is_empty(driver, settings.database), layout is not None)
        print(f"cpgraph neo4j load: {path} load ({why})", file=sys.stderr)
        report = None
        if path == "bulk" and layout is not None:
            try:
                report = bulk_load(export, layout, settings, graph_key=key)
            except BulkRefused as exc:  # refused before the server was stopped
                if args.mode == "bulk":
                    raise
                print(f"cpgraph neo4j load: incremental load instead ({exc})", file=sys.stderr)
        with open_driver(settings) as driver:
            if report is None:
                report = write_to_neo4j(driver, export, settings.database, batch_size=args.batch_size,
                                        graph_key=key)
            totals = counts(driver, settings.database)
    except (ValueError, Neo4jServerError) as exc:
        print(f"cpgraph neo4j load: {exc}", file=sys.stderr)
        return 2
    except Exception as exc:  # the driver's errors: unreachable, auth, ...
        print(f"cpgraph neo4j load: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    _print({"load": vars(report), "database": totals})
    return 0


def kept_export(data_dir: Path) -> dict[str, Any]:
    """The export of the graph kept in `data_dir`: its graph file as it is (written by `write_export`, so
    already in export order), without the round trip through networkx (most of a load's reading time at
    national scale); an empty export when nothing was ingested. A damaged store raises StoreDamaged."""
    path = graph_file(data_dir)
    if path is None:
        return export_from_graph(load_graph(data_dir))
    try:
        export = load_export(path)
    except (OSError, ValueError):
        export = None
    if not isinstance(export, dict) or export.get("schema") != "cpgraph/1":
        return export_from_graph(load_graph(data_dir))  # raises StoreDamaged, naming the problem
    return export


def graph_key_of(args: argparse.Namespace) -> str | None:
    """SHA-256 of the graph file loaded, recorded by the load: the service takes its catalog from that
    file's serving snapshot (`queries.neo4j_catalog`). None when there is no file (nothing ingested)."""
    from queries.snapshot import graph_digest  # heavy: networkx and the snapshot code, only for a load

    try:
        path = Path(args.export) if args.export else graph_file(data_dir_of(args))
        return graph_digest(path) if path is not None else None
    except (OSError, StoreDamaged):
        return None


def _managed_layout(args: argparse.Namespace, settings: Settings) -> Layout | None:
    """The layout of the server at NEO4J_URI when `cpgraph neo4j start` runs it here, else None."""
    bolt_port = ports_of(settings.uri)[0]
    if args.server_dir is not None:
        layout = layout_for(args.server_dir)
        return layout if read_pid(layout) is not None else None
    if not settings.uri.split("://", 1)[-1].startswith(("127.0.0.1", "localhost")):
        return None
    for server in started_servers():
        if server.bolt_port == bolt_port:
            return layout_for(Path(server.home).parent)
    return None


def run_guide(args: argparse.Namespace) -> int:
    html = render_guide()
    if args.output:
        args.output.write_text(html, encoding="utf-8")
    else:
        sys.stdout.write(html)
    return 0
