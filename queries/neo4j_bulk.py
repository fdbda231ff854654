"""A fresh database in one `neo4j-admin database import full`, as the Neo4j operations manual says:
CSV files written from the export, the server stopped, the import run, the server started.

The files hold exactly what an `UNWIND` load of the same export writes (`queries.neo4j_loader`):
the same node properties and labels (the loader's own rows, `queries.neo4j_rows`), the same
relationships with their evidence lists (sorted as the loader sorts them, dangling ones left out), the
gazetteer's units with their links (`queries.neo4j_units`), and the two bookkeeping nodes
(`:CpgraphLoad` stamp, `:CpgraphUnits` state), so that a later incremental load sees a database
it wrote itself. Constraints and indexes are created after the start (Community's importer has
no schema option), then the stored walks (`queries.neo4j_closure`).

The CSV itself (its conventions, what it refuses) is written by `queries.neo4j_csv`.
"""
from __future__ import annotations

import re
import shutil
import subprocess
import threading
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ingest.gc_pause import gc_paused
from queries.cypher import AWAIT_INDEXES, CONSTRAINTS
from queries.neo4j_closure import SCHEMA as CLOSURE_SCHEMA
from queries.neo4j_closure import Closure, closures, sync_closures
from queries.neo4j_csv import EVIDENCE_HEADER, Table, node_tables, quoted, relationship_lines
from queries.neo4j_install import Neo4jServerError
from queries.neo4j_loader import LoadReport, _label, _stamp
from queries.neo4j_rows import edge_rows, iter_node_rows, outgoing_signatures
from queries.neo4j_server import _env, _java, conf_memory, open_driver, start, stop_layout
from queries.neo4j_units import SCHEMA as UNIT_SCHEMA
from queries.neo4j_units import UNITS_VERSION, located_digest, located_pairs, unit_rows

ADMIN_MAIN = "org.neo4j.cli.AdminTool"
# ID spaces: the export's ids, the gazetteer's uids, the bookkeeping nodes' ids.
EXPORT_GROUP, UNIT_GROUP, META_GROUP = "Export", "Unit", "Meta"


@dataclass
class BulkFiles:
    """The CSV files of one import, and whether any value spans lines."""

    folder: Path
    nodes: list[Path] = field(default_factory=list)
    relationships: list[Path] = field(default_factory=list)
    multiline: bool = False
    nodes_count: int = 0
    relationships_count: int = 0


# ---------------------------------------------------------------------------- files

def write_files(export: Mapping[str, Any], folder: Path, report: LoadReport,
                units: bool = True, graph_key: str | None = None) -> BulkFiles:
    """Write the import's CSV files under `folder` (emptied first); fills the report's counts."""
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    files = BulkFiles(folder)
    with gc_paused():
        edges = edge_rows(export)
        kinds = {n["id"]: n.get("kind") for n in export.get("nodes", [])}
        outgoing = outgoing_signatures({k: v for k, v in edges.items() if k[1] in kinds})
        nodes = dict(iter_node_rows(export, outgoing))
        tables = node_tables(((i, r["props"]) for i, r in nodes.items()), EXPORT_GROUP,
                             lambda i, _p: (_label(nodes[i]["kind"]), *nodes[i]["labels"]))
        _write_tables(files, "nodes", tables.values())
        kept = [e for k, e in edges.items() if k[0] in kinds and k[1] in kinds]
        report.dangling = len(edges) - len(kept)
        bare, rich = relationship_lines(kept)
        ends = f":START_ID({EXPORT_GROUP}),:END_ID({EXPORT_GROUP}),:TYPE"
        _write(files, files.relationships, "rels-bare", ends, bare)
        _write(files, files.relationships, "rels-evidence", ends + "," + ",".join(EVIDENCE_HEADER), rich)
        report.nodes = report.nodes_written = len(nodes)
        report.relationships = len(edges)
        report.relationships_written = len(kept)
        meta: list[tuple[str, dict[str, Any]]] = [
            ("cpgraph", {"stamp": _stamp(nodes), "nodes": len(nodes), "edges": len(edges),
                         "graph_sha256": graph_key})]  # None: no property (as the UNWIND load's null)
        if units:
            rows, part_of, succeeded = unit_rows()
            pairs = located_pairs(export)
            unit_tables = node_tables(((r["uid"], r) for r in rows), UNIT_GROUP, lambda _i, _p: ("Unit",),
                                      id_property=False)
            _write_tables(files, "units", unit_tables.values())
            for name, pairs_of, start, end in (("PART_OF", part_of, UNIT_GROUP, UNIT_GROUP),
                                               ("SUCCEEDED_BY", succeeded, UNIT_GROUP, UNIT_GROUP),
                                               ("LOCATED_IN", pairs, EXPORT_GROUP, UNIT_GROUP)):
                _write(files, files.relationships, f"unit-{name}",
                       f":START_ID({start}),:END_ID({end}),:TYPE",
                       [f"{quoted(a)},{quoted(b)},{name}" for a, b in pairs_of])
            meta.append(("units", {"version": UNITS_VERSION, "located": located_digest(pairs)}))
            report.units = {"units": len(rows), "located": len(pairs)}
        labels = {"cpgraph": ("CpgraphLoad",), "units": ("CpgraphUnits",)}
        _write_tables(files, "meta", node_tables(meta, META_GROUP, lambda i, _p: labels[i]).values())
    return files


def _write_tables(files: BulkFiles, stem: str, tables: Iterable[Table]) -> None:
    for number, table in enumerate(tables):
        _write(files, files.nodes, f"{stem}-{number}", table.header, table.lines)


def _write(files: BulkFiles, into: list[Path], stem: str, header: str, lines: list[str]) -> None:
    if not lines:
        return
    path = files.folder / f"{stem}.csv"
    text = header + "\n" + "\n".join(lines) + "\n"
    files.multiline = files.multiline or text.count("\n") != len(lines) + 1 or "\r" in text
    path.write_text(text, encoding="utf-8")
    into.append(path)
    if into is files.nodes:
        files.nodes_count += len(lines)
    else:
        files.relationships_count += len(lines)


def import_command(java: list[str], files: BulkFiles, database: str) -> list[str]:
    """`neo4j-admin database import full` of these files (java: the JVM and classpath, main class last)."""
    cmd = [*java, "database", "import", "full", database, "--overwrite-destination=true",
           "--array-delimiter=U+001F", "--bad-tolerance=0", "--threads=2", "--max-off-heap-memory=1g",
           f"--report-file={files.folder / 'import.report'}"]
    cmd += [f"--nodes={p}" for p in files.nodes]
    cmd += [f"--relationships={p}" for p in files.relationships]
    if files.multiline:
        cmd.append("--multiline-fields=true")
    return cmd


# ---------------------------------------------------------------------------- the bulk load

def bulk_load(export: Mapping[str, Any], layout: Any, settings: Any, units: bool = True,
              graph_key: str | None = None) -> LoadReport:
    """Stop the server of `layout`, import `export` into its database, start it again, then the schema
    and the stored walks. The server is started again even when the import fails (its error is raised).

    What can overlap does: the server shuts down while the CSV is written, and the stored walks and
    their facts (pure Python) are computed while `neo4j-admin` imports and the server starts again
    (other processes). `report.seconds` holds the laps of the whole load, one after the other (csv,
    stop, import, start, schema, closures: they add up to the load's time), and beside them, not to
    be added, `import_process` (the importer's process, JVM start included), `import_work` (the
    importer's own account of its work) and `closures_compute` (in the background).
    """
    report = LoadReport(fresh=True, path="bulk")
    clock = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        report.seconds[name] = round(now - clock, 3)
        clock = now

    heap, pagecache = conf_memory(layout)
    stopping = _Background(lambda: stop_layout(layout))
    try:
        files = write_files(export, layout.home / "import" / "cpgraph-bulk", report, units, graph_key)
    except BaseException:
        stopping.result()
        start(layout.home.parent, settings, layout.lib, heap=heap, pagecache=pagecache, assets=False)
        raise
    lap("csv")
    stopping.result()
    lap("stop")
    computing = _Background(lambda: _timed_closures(export, report))
    began = time.perf_counter()
    done = subprocess.run(import_command(_java(layout, ADMIN_MAIN, heap="1g"), files, settings.database),
                          cwd=layout.home, env=_env(layout), capture_output=True, text=True, check=False)
    report.seconds["import_process"] = round(time.perf_counter() - began, 3)
    work = import_seconds(done.stdout)
    if work is not None:  # the importer's own account of its work, without its JVM's start and exit
        report.seconds["import_work"] = work
    lap("import")
    start(layout.home.parent, settings, layout.lib, heap=heap, pagecache=pagecache, assets=False)
    lap("start")
    if done.returncode != 0:
        raise Neo4jServerError(f"neo4j-admin database import failed ({done.returncode}); the files are in "
                               f"{files.folder}:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    shutil.rmtree(files.folder, ignore_errors=True)
    with open_driver(settings) as driver:
        driver.verify_connectivity()
        create_schema(driver, settings.database)
        lap("schema")
        computed = computing.result()
        report.closures = sync_closures(driver, export, settings.database, computed=computed)
        lap("closures")
    return report


# The importer's last line: `IMPORT DONE in 1m 2s 345ms. …`.
IMPORT_DONE = re.compile(r"IMPORT DONE in ((?:\d+\s*(?:ms|h|m|s)\s*)+)")
DURATION_PART = re.compile(r"(\d+)\s*(ms|h|m|s)")
UNIT_SECONDS = {"h": 3600.0, "m": 60.0, "s": 1.0, "ms": 0.001}


def import_seconds(output: str) -> float | None:
    """Seconds the importer says its work took (None when it does not say).

    >>> import_seconds("...\\nIMPORT DONE in 1m 2s 345ms. \\nImported: ...")
    62.345
    """
    found = IMPORT_DONE.search(output)
    if found is None:
        return None
    return round(sum(int(n) * UNIT_SECONDS[u] for n, u in DURATION_PART.findall(found.group(1))), 3)


def _timed_closures(export: Mapping[str, Any], report: LoadReport) -> dict[str, Closure]:
    began = time.perf_counter()
    found = closures(export)
    report.seconds["closures_compute"] = round(time.perf_counter() - began, 3)
    return found


class _Background:
    """A call run in a thread; `result()` waits for it and raises its error."""

    def __init__(self, call: Any) -> None:
        self._out: list[Any] = []
        self._error: list[BaseException] = []
        self._thread = threading.Thread(target=self._run, args=(call,), daemon=True)
        self._thread.start()

    def _run(self, call: Any) -> None:
        try:
            self._out.append(call())
        except BaseException as exc:  # noqa: BLE001 - raised again by result()
            self._error.append(exc)

    def result(self) -> Any:
        self._thread.join()
        if self._error:
            raise self._error[0]
        return self._out[0]


def create_schema(driver: Any, database: str) -> None:
    """Every constraint and index of a loaded database in one transaction, then one wait until they are
    online (an imported database has none: the importer of Community creates no schema)."""
    with driver.session(database=database) as session:
        with session.begin_transaction() as tx:
            for statement in (*UNIT_SCHEMA, *CONSTRAINTS, CLOSURE_SCHEMA):
                tx.run(statement).consume()
            tx.commit()
        session.run(AWAIT_INDEXES).consume()


__all__ = ["BulkFiles", "bulk_load", "create_schema", "import_command", "write_files"]


# ---------------------------------------------------------------------------- which path

# Nodes other than the bookkeeping and the gazetteer: none means an empty database for a bulk import.
USER_NODES = """
CALL () { MATCH (n) RETURN count(n) AS everything }
CALL () { MATCH (n:Unit) RETURN count(n) AS units }
CALL () { MATCH (n:CpgraphUnits) RETURN count(n) AS unit_state }
CALL () { MATCH (n:CpgraphLoad) RETURN count(n) AS load_state }
CALL () { MATCH (n:CpgraphClosure) RETURN count(n) AS closures }
RETURN everything - units - unit_state - load_state - closures AS others
"""
MODES = ("auto", "bulk", "incremental")


def is_empty(driver: Any, database: str) -> bool:
    """No document, organization or other user node (units and bookkeeping do not count)."""
    records, _summary, _keys = driver.execute_query(USER_NODES, database_=database)
    return int(records[0]["others"]) == 0


def choose_path(mode: str, empty: bool, local: bool) -> tuple[str, str]:
    """("bulk" | "incremental", why) for a load in `mode` on an empty or not database, on a server
    `cpgraph neo4j start` runs here (`local`: it can be stopped for the import) or not.

    >>> choose_path("auto", True, True)
    ('bulk', 'empty database: neo4j-admin database import, the server restarted')
    >>> choose_path("auto", False, True)[0], choose_path("auto", True, False)[0]
    ('incremental', 'incremental')
    """
    if mode not in MODES:
        raise ValueError(f"mode {mode!r} is not one of {MODES}")
    if mode == "incremental":
        return "incremental", "asked for (--incremental): UNWIND"
    if mode == "bulk":
        if not local:
            raise ValueError("--bulk needs a server started by `cpgraph neo4j start` on this machine "
                             "(it is stopped for the import)")
        why = "asked for (--bulk)" + ("" if empty else "; the database's contents are REPLACED")
        return "bulk", why + ": neo4j-admin database import, the server restarted"
    if not empty:
        return "incremental", "the database holds data: UNWIND, only the differences written"
    if not local:
        return "incremental", ("empty database, but the server was not started by `cpgraph neo4j start` "
                               "here (it cannot be stopped for an import): UNWIND")
    return "bulk", "empty database: neo4j-admin database import, the server restarted"
