"""The serving snapshot: what `cpgraph serve` needs, in a form that loads in seconds.

Written at the end of every ingest, next to the generation's `graph.json`, and rebuilt by `serve` when it
is missing or stale (another SNAPSHOT_VERSION, or a graph whose SHA-256 differs from the one it was made
from). Two files:

- `serve-snapshot.bin`: the node table (a `DocSummary` per document, ordering keys, folded provinces),
  the IMPLEMENTS adjacency both ways, every document's relations as rows `(other, type, evidence offset,
  evidence length)` already in page order, the resolve index, the statistics, the implementer closure of
  every document with many implementers (`Closure`), and each document's place on both maps (the gazetteer
  join that coverage needs, `Placement`). A `.json` beside it says which graph and version it is.
- `serve-evidence.bin`: the evidence lists of every document-to-document edge (orjson), read per page of
  a document's relations through a memory map, so the evidence never lives in the server's heap.

Why plain containers loaded once before the workers fork (`queries.snapshot_codec`, marshal), and not
memory-mapped arrays or SQLite: the answers must stay identical to the networkx backend's, whose rules
(`queries.common*`) work on `DocSummary` objects and Python adjacency. Those structures, written as plain
containers, load in a few seconds at 100,000 documents (the export took 17-25 s to parse into networkx
and index), and `cpgraph serve --workers N` loads them once, `gc.freeze()`s them and forks: the workers
share the pages instead of each holding a copy. SQLite or mmapped arrays would share pages too, but every
query rule would need a second implementation; the frozen shared heap meets the memory target without.
"""
from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections import Counter
from pathlib import Path
from typing import Any

import networkx as nx
import orjson

from ingest.gc_pause import gc_paused
from ingest.normalize import fold
from queries import map2025
from queries.common import DOC_RELATIONS, date_key, implementer_walk
from queries.common_coverage import NoSuchLevel, _match_2025, default_gazetteer, match_unit
from queries.interface import MAX_DEPTH
from queries.models import DocSummary, UnitLevel
from queries.networkx_backend import NetworkxQueries
from queries.palette import STRENGTH
from queries.snapshot_codec import FORMAT, decode, encode
from queries.snapshot_coverage import placed_coverage_json
from queries.snapshot_model import SNAPSHOT_VERSION, Closure, Placement, Row, Snapshot, Stats

SNAPSHOT_FILE = "serve-snapshot.bin"
SNAPSHOT_META = "serve-snapshot.json"
EVIDENCE_FILE = "serve-evidence.bin"
COVERAGE_FILE = "serve-coverage.bin"
# The largest implementer trees whose default coverage answers (each level) are kept as JSON: a national
# commune table is 10,000 units, 7 MB of JSON, 0.3-0.5 s to compute and serialise on a request.
COVERAGE_PRECOMPUTED = 16
# Documents with at least this many implementers (any depth) get their walk precomputed: below it a
# walk costs well under a millisecond, above it (a national directive: 10,000 plans) tens of ms.
CLOSURE_MIN = 200
COVERAGE_LEVELS: tuple[UnitLevel, ...] = ("province", "district", "commune")



# ---------------------------------------------------------------- building


def _relation_key(edge_type: str, other: str, dates: dict[str, str]) -> tuple[int, str, str, str]:
    """`queries.common.relation_order_key` without building the Relation (`dates`: each document's
    `date_key`)."""
    return (STRENGTH.get(edge_type, 9), edge_type, dates[other], other)


def build_snapshot(graph: nx.DiGraph, key: str = "") -> tuple[Snapshot, bytes]:
    """The snapshot of a graph (the networkx backend computes the shared parts), and its evidence file."""
    ref = NetworkxQueries(graph)
    summaries = ref.summaries
    evidence = bytearray()
    dates = {d: date_key(s.date) for d, s in summaries.items()}
    outgoing: dict[str, list[tuple[tuple[Any, ...], Row]]] = {}
    incoming: dict[str, list[tuple[tuple[Any, ...], Row]]] = {}
    for source, target, data in graph.edges(data=True):
        if source not in summaries or target not in summaries:
            continue
        edge_type = data.get("type", "CITES")
        blob = orjson.dumps(data.get("evidence") or [])
        offset = len(evidence)
        evidence += blob
        outgoing.setdefault(source, []).append(
            (_relation_key(edge_type, target, dates), (target, edge_type, offset, len(blob))))
        incoming.setdefault(target, []).append(
            (_relation_key(edge_type, source, dates), (source, edge_type, offset, len(blob))))
    details = {}
    for d in ref.doc_ids:
        issuer = ref._issuer(d) or {}
        parent = issuer.get("parent")
        details[d] = (graph.nodes[d].get("source"), parent, ref._org_name(parent))
    snap = Snapshot(
        key=key, doc_ids=ref.doc_ids, summaries=summaries,
        implementers_of=dict(ref.implementers_of), implemented_by=dict(ref.implemented_by), index=ref.index,
        details=details,
        outgoing={d: [row for _k, row in sorted(rows)] for d, rows in outgoing.items()},
        incoming={d: [row for _k, row in sorted(rows)] for d, rows in incoming.items()},
        stats=_stats(graph, summaries, ref.doc_ids),
        province_key={d: fold(s.province).strip() if s.province is not None else None
                      for d, s in summaries.items()},
    )
    snap.closures = _closures(snap)
    snap.placements = _placements(summaries)
    return snap, bytes(evidence)


def coverage_blobs(snap: Snapshot) -> bytes:
    """The default coverage answers (all units, the map of the directive's date) of the largest trees, as
    the API serialises them; their places go to `snap.coverage_json`."""
    blob = bytearray()
    snap.coverage_json = {}
    doc_json: dict[str, bytes] = {}  # each document's JSON, met in many units of many directives
    biggest = sorted(snap.closures, key=lambda d: (-len(snap.closures[d].ordered), d))[:COVERAGE_PRECOMPUTED]
    for d in biggest:
        members = sorted(x for _dep, _date, x in snap.closures[d].ordered)
        for level in COVERAGE_LEVELS:
            try:
                data = placed_coverage_json(snap.summaries[d], members, snap.summaries, snap.placements,
                                            level, doc_json)
            except NoSuchLevel:  # districts on the 2025 map
                continue
            snap.coverage_json[(d, level)] = (len(blob), len(data))
            blob += data
    return bytes(blob)


def _stats(graph: nx.DiGraph, summaries: dict[str, DocSummary], doc_ids: list[str]) -> Stats:
    edges: Counter[str] = Counter(t for _s, _t, t in graph.edges(data="type"))
    cited: Counter[str] = Counter()
    for source, target, edge_type in graph.edges(data="type"):
        if edge_type in DOC_RELATIONS and source in summaries and target in summaries:
            cited[target] += 1
    ranked = sorted(cited.items(), key=lambda kv: (-kv[1], kv[0]))
    docs = [summaries[d] for d in doc_ids]
    return Stats(
        organizations=sum(1 for _n, kind in graph.nodes(data="kind") if kind == "organization"),
        edges=dict(sorted(edges.items())),
        by_type=Counter(s.doc_type for s in docs),
        by_level=Counter(s.level or "unknown" for s in docs),
        by_year=Counter(str(s.year) if s.year else "unknown" for s in docs),
        ranked=ranked,
        missing=[(d, n) for d, n in ranked if not summaries[d].ingested],
        conflicts=[s.id for s in docs if s.flags],
    )


def closure_of(snap: Snapshot, doc_id: str) -> Closure:
    """The walk of `doc_id` at MAX_DEPTH, kept in the `Closure` shape."""
    walk = implementer_walk(doc_id, lambda d: snap.implementers_of.get(d, ()), MAX_DEPTH)
    summaries = snap.summaries
    ordered = sorted((dep, date_key(summaries[d].date), d) for d, dep in walk.depth.items())
    return Closure(ordered=ordered, parent=walk.parent, deepest=max(walk.depth.values(), default=0),
                   truncated=walk.truncated)


def _closures(snap: Snapshot) -> dict[str, Closure]:
    """Closures of the documents with at least CLOSURE_MIN implementers (any depth)."""
    result = {}
    # Only documents with many direct or indirect implementers qualify; a cheap bound first: a document
    # whose subtree is small is skipped after a walk bounded by CLOSURE_MIN nodes.
    for d in snap.implementers_of:
        walk = implementer_walk(d, lambda x: snap.implementers_of.get(x, ()), MAX_DEPTH,
                                max_nodes=CLOSURE_MIN)
        if walk.truncated and len(walk.depth) >= CLOSURE_MIN:
            result[d] = closure_of(snap, d)
    return result


def _placements(summaries: dict[str, DocSummary]) -> dict[str, Placement]:
    """Each local document's unit on the 2019 map and its units on the 2025 map (at its own level)."""
    gazetteer = default_gazetteer()
    result = {}
    # A place depends on these fields only (`match_unit`, `_match_2025`), and the documents of a body
    # share them: each is looked up once.
    known: dict[tuple[Any, ...], Placement] = {}
    for d, doc in summaries.items():
        level = next((u for u in COVERAGE_LEVELS if u == doc.level), None)
        if level is None:
            continue
        new_first = date_key(doc.date) >= map2025.REFORM_DATE if doc.date else False
        key = (level, doc.province, doc.district, doc.commune, new_first)
        placement = known.get(key)
        if placement is None:
            old = match_unit(gazetteer, doc, level)
            placed = _match_2025(gazetteer, doc, level)
            placement = known[key] = Placement(
                unit2019=(str(old.code), str(old.province_code)) if old is not None else None,
                units2025=tuple((str(u.code), str(u.province_code)) for u in placed.units),
                via2025=placed.via,
            )
        result[d] = placement
    return result


# ---------------------------------------------------------------- files


def graph_digest(graph_path: Path) -> str:
    """SHA-256 of a graph file: from the generation's integrity.json when there, else computed."""
    integrity = graph_path.parent / "integrity.json"
    with contextlib.suppress(OSError, ValueError, KeyError, TypeError):
        return str(json.loads(integrity.read_text(encoding="utf-8"))[graph_path.name]["sha256"])
    digest = hashlib.sha256()
    with open(graph_path, "rb") as f:
        while chunk := f.read(2**20):
            digest.update(chunk)
    return digest.hexdigest()


def _write_atomic(path: Path, data: bytes) -> None:
    tmp = path.with_name(path.name + f".tmp{os.getpid()}")
    with open(tmp, "wb") as f:
        f.write(data)
    os.replace(tmp, path)


def write_snapshot(folder: Path, snap: Snapshot, evidence: bytes, coverage: bytes = b"") -> None:
    """Write the four files: data first, the meta last (a reader trusts whole sets only)."""
    with contextlib.suppress(FileNotFoundError):
        (folder / SNAPSHOT_META).unlink()
    _write_atomic(folder / EVIDENCE_FILE, evidence)
    _write_atomic(folder / COVERAGE_FILE, coverage)
    body = encode(snap)
    _write_atomic(folder / SNAPSHOT_FILE, body)
    meta = {"version": SNAPSHOT_VERSION, "format": FORMAT, "graph_sha256": snap.key, "bytes": len(body),
            "evidence_bytes": len(evidence), "coverage_bytes": len(coverage)}
    _write_atomic(folder / SNAPSHOT_META, json.dumps(meta, sort_keys=True).encode("ascii"))


def snapshot_is_current(folder: Path, key: str) -> bool:
    """Whether `folder` holds a whole snapshot of this version and format, made from the graph `key`."""
    try:
        meta = json.loads((folder / SNAPSHOT_META).read_text(encoding="utf-8"))
        return (meta.get("version") == SNAPSHOT_VERSION and meta.get("format") == FORMAT
                and meta.get("graph_sha256") == key
                and (folder / SNAPSHOT_FILE).stat().st_size == meta.get("bytes")
                and (folder / EVIDENCE_FILE).stat().st_size == meta.get("evidence_bytes")
                and (folder / COVERAGE_FILE).stat().st_size == meta.get("coverage_bytes"))
    except (OSError, ValueError, AttributeError):
        return False


def read_snapshot(folder: Path) -> Snapshot:
    """Load a snapshot (the collector paused: nothing in it is garbage, and it is 10^6 objects)."""
    with gc_paused():
        return decode((folder / SNAPSHOT_FILE).read_bytes())


def build_all(graph: nx.DiGraph, key: str = "") -> tuple[Snapshot, bytes, bytes]:
    """The snapshot of `graph` (made from the graph file of SHA-256 `key`), its evidence and coverage
    files, the collector paused."""
    with gc_paused():
        snap, evidence = build_snapshot(graph, key)
        return snap, evidence, coverage_blobs(snap)


def write_for_generation(graph_path: Path, graph: nx.DiGraph) -> None:
    """The hook at the end of an ingest: the snapshot of the graph just committed at `graph_path`."""
    key = graph_digest(graph_path)
    with gc_paused():
        snap, evidence = build_snapshot(graph, key)
        write_snapshot(graph_path.parent, snap, evidence, coverage_blobs(snap))
        # freed here, by reference counts: the collector, back on, has no young objects to walk
        del snap, evidence


__all__ = [
    "CLOSURE_MIN", "Closure", "Placement", "SNAPSHOT_VERSION", "Snapshot", "Stats", "build_all",
    "build_snapshot", "closure_of", "graph_digest", "read_snapshot",
    "snapshot_is_current", "write_for_generation", "write_snapshot",
]
