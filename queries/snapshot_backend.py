"""The query interface over a serving snapshot (`queries.snapshot`): the backend `cpgraph serve` uses.

It answers exactly as the networkx backend (its reference, compared in tests) but without the graph:
- `document` pages its relations (rows kept in page order) and reads only that page's evidence from the
  memory-mapped evidence file;
- `implementers` and `coverage` of a document with many implementers start from its precomputed walk
  (`Closure`) and its implementers' precomputed places on the map (`Placement`), instead of walking the
  tree and matching names in the gazetteer per request;
- `stats` slices precomputed counts.
Lineage, descendants, resolve and search are the networkx backend's code over the same indexes.
"""
from __future__ import annotations

import gc
import mmap
from bisect import bisect_left
from collections import Counter
from pathlib import Path
from typing import Any

import networkx as nx
import orjson

from ingest.gc_pause import gc_paused
from ingest.normalize import fold
from ingest.store import GRAPH_FILE, current_generation, graph_file, load_graph
from queries.byte_cache import ByteLRU, budget_from_env
from queries.common import clamp as _clamp
from queries.common import (
    count_items,
    coverage_result,
    make_relation,
    page_bounds,
    stats_bounds,
)
from queries.common_coverage import default_map
from queries.interface import MAX_DEPTH, MAX_RESULTS
from queries.models import (
    CitedItem,
    CountItem,
    CoverageResult,
    CoverageStatus,
    DocumentDetail,
    ImplementersResult,
    MapYear,
    Relation,
    StatsResult,
    UnitLevel,
)
from queries.networkx_backend import NetworkxQueries, implementer_depth
from queries.snapshot import (
    COVERAGE_FILE,
    EVIDENCE_FILE,
    build_all,
    build_snapshot,
    closure_of,
    graph_digest,
    read_snapshot,
    snapshot_is_current,
    write_snapshot,
)
from queries.snapshot_coverage import placed_coverage
from queries.snapshot_model import Closure, Snapshot

# Relations per list on a document page when the caller gives no limit (the API's default).
DOCUMENT_PAGE = 100
# Coverage answers kept as objects per worker (pages and downloads use them; a national commune table is
# 10,000 units, tens of MB as objects): few. The API's JSON goes to the byte-bounded `response_cache`.
COVERAGE_OBJECTS = 4


def _counts(counter: Counter[str], kind: str, by_key: bool = False) -> list[CountItem]:
    return count_items(counter.items(), kind, by_key)


class SnapshotQueries(NetworkxQueries):
    """`GraphQueries` over a `Snapshot`; `evidence` is the evidence file's bytes (a memory map)."""

    def __init__(self, snap: Snapshot, evidence: bytes | mmap.mmap, coverage: bytes | mmap.mmap = b"",
                 gazetteer: Any = None) -> None:
        # NetworkxQueries.__init__ builds these from a graph: here they come ready from the snapshot.
        self.snap = snap
        self.graph = None
        self.gazetteer = gazetteer
        self.doc_ids = snap.doc_ids
        self.summaries = snap.summaries
        self.implementers_of = snap.implementers_of
        self.implemented_by = snap.implemented_by
        self.index = snap.index
        self.evidence = evidence
        self.coverage_blob = coverage
        # Serialised answers of this worker (API responses, coverage JSON), bounded in bytes; a reload
        # builds a new backend, so it never answers from another graph.
        self.response_cache = ByteLRU(budget_from_env())
        self._search_index = None
        self._coverage_cache: dict[tuple[Any, ...], CoverageResult] = {}
        self._closures: dict[str, Closure] = dict(snap.closures)

    @classmethod
    def from_data_dir(cls, data_dir: Path | str, check_store: bool = True) -> SnapshotQueries:
        """The backend over the snapshot of the graph kept in `data_dir` (built and written when missing or
        stale; kept in memory only when the folder cannot be written). The long-lived objects are frozen
        (`gc.freeze`): no later collection walks them, and forked workers keep sharing their pages.
        `check_store` False: the caller checks the store's checksums itself (`cpgraph serve`, meanwhile)."""
        snap, evidence, coverage = load_or_build(Path(data_dir), check_store)
        backend = cls(snap, evidence, coverage)
        backend.index.title_matcher()  # built before the workers fork: shared, and the first resolve is fast
        gc.freeze()  # no collect first: it would walk 10^6 fresh objects (3 s); loading made no garbage
        return backend

    def reload(self, data_dir: Path) -> SnapshotQueries:
        """A new backend over the snapshot of the graph now in `data_dir` (this one answers meanwhile)."""
        return SnapshotQueries.from_data_dir(data_dir)

    # ------------------------------------------------------------------ helpers

    def _issuer(self, doc_id: str) -> dict[str, Any] | None:  # not used: details come from the snapshot
        raise NotImplementedError

    def _evidence(self, offset: int, length: int) -> list[dict[str, Any]]:
        data: list[dict[str, Any]] = orjson.loads(self.evidence[offset:offset + length])
        return data

    def _relations(self, rows: list[tuple[str, str, int, int]], direction: str) -> list[Relation]:
        return [make_relation(edge_type, direction, self.summaries[other], self._evidence(offset, length))
                for other, edge_type, offset, length in rows]

    # ------------------------------------------------------------------ the interface

    def document(self, doc_id: str, offset: int = 0, limit: int | None = None) -> DocumentDetail:
        """Metadata and one page of each relation list (`limit` None: every relation), with totals."""
        summary = self._require(doc_id)
        source, parent, parent_name = self.snap.details[doc_id]
        out_rows = self.snap.outgoing.get(doc_id, [])
        in_rows = self.snap.incoming.get(doc_id, [])
        start, end = page_bounds(offset, limit)
        return DocumentDetail(
            document=summary, source=source, issuer_parent=parent, issuer_parent_name=parent_name,
            outgoing=self._relations(out_rows[start:end], "out"),
            incoming=self._relations(in_rows[start:end], "in"),
            outgoing_total=len(out_rows), incoming_total=len(in_rows), offset=start, limit=limit,
        )

    def closure(self, doc_id: str) -> Closure | None:
        """The precomputed walk of a document with many implementers (None for the others)."""
        return self._closures.get(doc_id)

    def implementers(
        self,
        doc_id: str,
        transitive: bool = True,
        max_depth: int = 6,
        level: UnitLevel | None = None,
        province: str | None = None,
        limit: int = 500,
    ) -> ImplementersResult:
        closure = self._closures.get(doc_id) if transitive else None
        if closure is None:
            return super().implementers(doc_id, transitive, max_depth, level, province, limit)
        target = self._require(doc_id)
        depth = implementer_depth(max_depth, True)
        wanted = fold(province).strip() if province is not None else None
        summaries, province_key = self.summaries, self.snap.province_key
        if level is None and wanted is None:  # a prefix (ordered by depth first): touch only what is shown
            shown = min(bisect_left(closure.ordered, (depth + 1,)), _clamp(limit, 0, MAX_RESULTS) + 1)
            keys = closure.ordered[:shown]  # one past the cap still says `truncated`
        else:
            keys = [k for k in closure.ordered if k[0] <= depth
                    and (level is None or summaries[k[2]].level == level)
                    and (wanted is None or province_key.get(k[2]) == wanted)]
        cut = closure.truncated if depth >= MAX_DEPTH else closure.deepest > depth
        return self._implementers_answer(target, True, depth, keys, limit,
                                         lambda d: _chain(d, doc_id, closure.parent), cut)

    def coverage(
        self, doc_id: str, level: UnitLevel = "province", province: str | None = None,
        map_year: MapYear | None = None, status: CoverageStatus = "all", overdue_days: int | None = None,
    ) -> CoverageResult:
        key = (doc_id, level, province, map_year, status, overdue_days)
        cached = self._coverage_cache.get(key)
        if cached is None:
            cached = self._coverage(doc_id, level, province, map_year, status, overdue_days)
            if len(self._coverage_cache) >= COVERAGE_OBJECTS:
                self._coverage_cache.pop(next(iter(self._coverage_cache)))
            self._coverage_cache[key] = cached
        return cached.model_copy()

    def _coverage(
        self, doc_id: str, level: UnitLevel, province: str | None, map_year: MapYear | None,
        status: CoverageStatus, overdue_days: int | None,
    ) -> CoverageResult:
        target = self._require(doc_id)
        closure = self._closures.get(doc_id) or closure_of(self.snap, doc_id)
        members = sorted(d for _dep, _date, d in closure.ordered)
        if self.gazetteer is None:
            return placed_coverage(target, members, self.summaries, self.snap.placements, level, province,
                                   map_year, status, overdue_days)
        # a gazetteer of the caller's: the precomputed places are not its own
        return coverage_result(target, [self.summaries[d] for d in members], level, province, self.gazetteer,
                               map_year, status, overdue_days)

    def coverage_json(
        self, doc_id: str, level: UnitLevel = "province", province: str | None = None,
        map_year: MapYear | None = None, status: CoverageStatus = "all", overdue_days: int | None = None,
    ) -> bytes | memoryview:
        """`coverage(...)` as the API serialises it: the precomputed answer of a large tree when the
        arguments are the defaults, else computed and kept in the byte-bounded cache."""
        target = self._require(doc_id)
        default = province is None and status == "all" and overdue_days is None and (
            map_year is None or map_year == default_map(target.date))
        where = self.snap.coverage_json.get((doc_id, level)) if default else None
        if where is not None:  # a view of the mapped file: sent without a copy (a commune table is 8 MB)
            return memoryview(self.coverage_blob)[where[0]:where[0] + where[1]]
        key = ("coverage", doc_id, level, province, map_year, status, overdue_days)
        data = self.response_cache.get(key)
        if data is None:
            data = self._coverage(doc_id, level, province, map_year, status, overdue_days).model_dump_json(
                by_alias=True).encode()
            self.response_cache.put(key, data)
        return data

    def stats(self, top: int = 20, offset: int = 0, limit: int = 50) -> StatsResult:
        top, offset, limit = stats_bounds(top, offset, limit)
        st, summaries = self.snap.stats, self.summaries
        return StatsResult(
            documents=len(self.doc_ids), organizations=st.organizations, edges=dict(st.edges),
            by_type=_counts(st.by_type, "type"), by_level=_counts(st.by_level, "level"),
            by_year=_counts(st.by_year, "year", by_key=True),
            most_cited=[CitedItem(document=summaries[d], count=n) for d, n in st.ranked[:top]],
            missing=[CitedItem(document=summaries[d], count=n) for d, n in st.missing[offset:offset + limit]],
            conflicts=[summaries[d] for d in st.conflicts[offset:offset + limit]],
            missing_total=len(st.missing), conflicts_total=len(st.conflicts), offset=offset, limit=limit,
        )

    def _around(self, node: str) -> set[str]:
        """Documents one citation edge away, either direction."""
        return ({r[0] for r in self.snap.outgoing.get(node, ())}
                | {r[0] for r in self.snap.incoming.get(node, ())})

    def _out_types(self, node: str) -> dict[str, str]:
        return {r[0]: r[1] for r in self.snap.outgoing.get(node, ())}


def _chain(doc_id: str, target: str, parent: dict[str, str]) -> list[str]:
    chain = [doc_id]
    while chain[-1] != target:
        chain.append(parent[chain[-1]])
    return chain


Blob = bytes | mmap.mmap


def load_or_build(data_dir: Path, check_store: bool = True) -> tuple[Snapshot, Blob, Blob]:
    """The current snapshot of `data_dir`, its evidence and coverage files: read when current, else built
    (and written). `check_store` False: the current generation's files are not hashed here (0.5 GB of
    graph at 100,000 documents, read for nothing when the snapshot is current), the caller does it."""
    gen = current_generation(data_dir) if not check_store else None
    # StoreDamaged when the kept graph is damaged
    path = data_dir / gen / GRAPH_FILE if gen is not None else graph_file(data_dir)
    if path is None:  # nothing ingested yet: an empty snapshot, never written
        snap, blob = build_snapshot(nx.DiGraph())
        return snap, blob, b""
    key = graph_digest(path)
    folder = path.parent
    if snapshot_is_current(folder, key):
        try:
            return (read_snapshot(folder), open_evidence(folder / EVIDENCE_FILE),
                    open_evidence(folder / COVERAGE_FILE))
        except (OSError, ValueError, EOFError, KeyError, AttributeError, TypeError):
            pass  # damaged or made by other code: built again below
    with gc_paused():
        graph = load_graph(data_dir)
    snap, blob, coverage = build_all(graph, key)
    try:
        write_snapshot(folder, snap, blob, coverage)
    except OSError:
        return snap, blob, coverage
    return snap, open_evidence(folder / EVIDENCE_FILE), open_evidence(folder / COVERAGE_FILE)


def open_evidence(path: Path) -> Blob:
    """The evidence file, memory-mapped (empty bytes for an empty file: mmap refuses those)."""
    with open(path, "rb") as f:
        if f.seek(0, 2) == 0:
            return b""
        return mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)


__all__ = ["DOCUMENT_PAGE", "SnapshotQueries", "load_or_build", "open_evidence"]
