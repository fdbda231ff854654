"""The Neo4j backend's catalog: every document's resolve forms, summary and incoming count, and the counts
behind `stats`. Nearly every request needs it (resolve, suggestions, relation order, search, stats).

Two sources, one answer:
- **the serving snapshot** (`queries.snapshot`) of the service's data dir, when the graph loaded in Neo4j
  is that very graph file: the loader records the file's SHA-256 beside its stamp
  (`:CpgraphLoad.graph_sha256`), and the snapshot records the SHA-256 of the file it was made from. Read
  once per process, and before the workers fork with `cpgraph serve --workers N` (`preload`): they share
  its pages. Only the parts the catalog needs are kept (node table, resolve index, stats); relations,
  walks and coverage stay Cypher and the loader's stored facts. At 300,000 documents the Cypher read
  below took longer than the service's time limit.
- **`ALL_DOCUMENTS`**, one Cypher read of every document (a database loaded by hand, by another data dir,
  or with no snapshot): summaries are then built from its rows on demand.
"""
from __future__ import annotations

import marshal
import threading
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ingest.store import StoreDamaged, graph_file
from queries.common import ResolveIndex, count_items, index_forms
from queries.common_search import SearchIndex
from queries.interface import MAX_RESULTS
from queries.models import CountItem, DocSummary
from queries.snapshot import SNAPSHOT_FILE, graph_digest, snapshot_is_current
from queries.snapshot_codec import catalog_parts
from queries.snapshot_model import Stats

Rows = Mapping[str, tuple[dict[str, Any], dict[str, Any] | None]]  # id -> (attributes, issuer's)
FACTS_CAP = 10 * MAX_RESULTS  # missing / flagged ids kept by the Cypher path (pages go no further)


@dataclass(frozen=True)
class StatsFacts:
    """What `stats` reports before paging: totals, counts, and every cited / missing / flagged id."""

    documents: int
    organizations: int
    edges: dict[str, int]
    by_type: list[CountItem]
    by_level: list[CountItem]
    by_year: list[CountItem]
    most_cited: list[tuple[str, int]]
    missing: list[tuple[str, int]]
    conflicts: list[str]


@dataclass
class Catalog:
    """The catalog of one loaded graph (`stamp`: the load stamp and graph key it was built for)."""

    stamp: object
    source: str  # "snapshot" or "cypher"
    index: ResolveIndex
    ids: list[str]  # sorted
    rows: Rows = field(default_factory=dict)  # the Cypher path's rows (summaries built from them)
    summaries: Mapping[str, DocSummary] | None = None  # the snapshot path: every summary, ready
    cited: dict[str, int] = field(default_factory=dict)
    facts: StatsFacts | None = None  # ready on the snapshot path
    search: SearchIndex | None = None  # ready on the snapshot path when preloaded

    def date(self, doc_id: str) -> str | None:
        """A document's date (relations are ordered by it), None when unknown."""
        if self.summaries is not None:
            summary = self.summaries.get(doc_id)
            return summary.date if summary is not None else None
        attrs = self.rows.get(doc_id)
        return attrs[0].get("date") if attrs else None


# ---------------------------------------------------------------- the Cypher path


def catalog_from_rows(stamp: object, rows: list[Any]) -> Catalog:
    """The catalog from `cypher.ALL_DOCUMENTS` rows (id, attrs, issuer, cited)."""
    rows = sorted(rows, key=lambda r: r["id"])
    index = ResolveIndex(index_forms(r["id"], r["attrs"], r["issuer"], r["cited"]) for r in rows)
    return Catalog(stamp=stamp, source="cypher", index=index, ids=[r["id"] for r in rows],
                   rows={r["id"]: (r["attrs"], r["issuer"]) for r in rows},
                   cited={r["id"]: r["cited"] for r in rows if r["cited"]})


def facts_from_rows(totals: Mapping[str, int], edges: dict[str, int], rows: Rows,
                    cited: Mapping[str, int]) -> StatsFacts:
    """`stats` counts from the Cypher path's rows (the rules of `NetworkxQueries.stats`)."""
    by_type: Counter[str] = Counter()
    by_level: Counter[str] = Counter()
    by_year: Counter[str] = Counter()
    conflicts = []
    for doc_id, (attrs, _issuer) in rows.items():
        by_type[attrs.get("doc_type") or "other"] += 1
        by_level[attrs.get("level") or "unknown"] += 1
        year = attrs.get("year")
        by_year["unknown" if year is None or year == 0 else str(year)] += 1
        if attrs.get("flags"):
            conflicts.append(doc_id)
    most = sorted(cited.items(), key=lambda kv: (-kv[1], kv[0]))
    return StatsFacts(
        documents=totals["documents"], organizations=totals["organizations"],
        edges=dict(sorted(edges.items())),
        by_type=count_items(by_type.items(), "type"), by_level=count_items(by_level.items(), "level"),
        by_year=count_items(by_year.items(), "year", by_key=True), most_cited=most,
        missing=[(d, n) for d, n in most if not rows[d][0].get("ingested")][:FACTS_CAP],
        conflicts=sorted(conflicts)[:FACTS_CAP],
    )


# ---------------------------------------------------------------- the snapshot path


@dataclass
class SnapshotPart:
    """The parts of a serving snapshot the catalog needs (the rest is dropped at load)."""

    key: str  # SHA-256 of the graph file it was made from
    ids: list[str]
    summaries: dict[str, DocSummary]
    index: ResolveIndex
    stats: Stats
    search: SearchIndex | None = None


def decode_part(data: bytes) -> SnapshotPart:
    """The catalog's parts of a snapshot file's bytes (`queries.snapshot_codec.encode`)."""
    plain = marshal.loads(data)
    for unused in ("outgoing", "incoming", "closures", "placements", "details", "implementers_of",
                   "implemented_by", "coverage_json", "province_key"):
        plain.pop(unused, None)  # freed now: the catalog never reads them
    summaries, index, stats = catalog_parts(plain)
    return SnapshotPart(key=plain["key"], ids=plain["doc_ids"], summaries=summaries, index=index, stats=stats)


def facts_from_snapshot(part: SnapshotPart) -> StatsFacts:
    st = part.stats
    return StatsFacts(
        documents=len(part.ids), organizations=st.organizations, edges=dict(st.edges),
        by_type=count_items(st.by_type.items(), "type"), by_level=count_items(st.by_level.items(), "level"),
        by_year=count_items(st.by_year.items(), "year", by_key=True), most_cited=list(st.ranked),
        missing=list(st.missing), conflicts=list(st.conflicts),
    )


def catalog_from_snapshot(stamp: object, part: SnapshotPart) -> Catalog:
    return Catalog(stamp=stamp, source="snapshot", index=part.index, ids=part.ids, summaries=part.summaries,
                   cited=dict(part.stats.ranked), facts=facts_from_snapshot(part), search=part.search)


# Snapshots read by this process, by data dir (one each: a new generation replaces the last). Module
# state on purpose: `preload` fills it before the workers fork, and each worker's backend finds it.
_LOADED: dict[Path, SnapshotPart] = {}
_LOADING = threading.Lock()


def current_key(data_dir: Path) -> str | None:
    """The key of the data dir's current serving snapshot (the SHA-256 of its graph file), None when it
    has no graph or no current snapshot."""
    try:
        path = graph_file(data_dir)
        if path is None:
            return None
        key = graph_digest(path)
    except (OSError, StoreDamaged):
        return None
    return key if snapshot_is_current(path.parent, key) else None


def snapshot_part(data_dir: Path, key: str) -> SnapshotPart | None:
    """The catalog's parts of `data_dir`'s serving snapshot when it is the one of the graph `key` (the
    graph loaded in Neo4j), read once per process; None when the data dir has no such snapshot."""
    data_dir = Path(data_dir)
    with _LOADING:
        part = _LOADED.get(data_dir)
        if part is not None and part.key == key:
            return part
        if current_key(data_dir) != key:
            return None
        path = graph_file(data_dir)
        assert path is not None  # current_key found it
        try:
            part = decode_part((path.parent / SNAPSHOT_FILE).read_bytes())
        except (OSError, ValueError, EOFError, KeyError, TypeError):
            return None  # damaged or made by other code: the Cypher path answers
        if part.key != key:
            return None
        part.index.title_matcher()  # built once (the first resolve would otherwise pay for it)
        _LOADED[data_dir] = part
        return part


def preload(data_dir: Path, search: bool = False) -> SnapshotPart | None:
    """Read the data dir's current snapshot now (before the workers fork: they share it), with the search
    index when `search` (else each worker builds it on its first search, as the networkx backend does: it
    takes longer than the rest of the load); None when there is none. Neo4j is not asked: the backend
    checks the key per loaded graph."""
    key = current_key(Path(data_dir))
    part = snapshot_part(Path(data_dir), key) if key is not None else None
    if part is not None and search and part.search is None:
        part.search = search_index(part.summaries.values())
    return part


def search_index(summaries: Iterable[DocSummary]) -> SearchIndex:
    return SearchIndex(summaries)


__all__ = ["Catalog", "SnapshotPart", "StatsFacts", "catalog_from_rows", "catalog_from_snapshot",
           "current_key", "facts_from_rows", "preload", "snapshot_part"]
