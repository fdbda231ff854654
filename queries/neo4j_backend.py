"""The query interface over Neo4j, in Cypher (statements in `queries.cypher`).

The database does the reading: traversals go level by level (one `UNWIND $ids` statement per
level, so depth bounds stay parameters), aggregations are Cypher `count`s. The rules that decide
an answer — labels, ordering, chain tie-breaks, coverage, fuzzy resolve — are the pure functions
of `queries.common`, shared with the networkx backend, so both give identical answers.

The resolve index needs every document's forms; it is built on first use and rebuilt when the
loader's stamp (`:CpgraphLoad.stamp`) changes. The same read keeps every document's properties
and issuer, so summaries of many documents (coverage, implementers of a directive) come from
that prefetched map instead of a per-call round trip.
"""
from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz, process

from ingest.export import load_export
from ingest.store import graph_file
from queries import cypher
from queries.common import (
    ResolveIndex,
    clamp,
    count_items,
    coverage_of,
    date_key,
    doc_order_key,
    implementer_walk,
    index_forms,
    lineage_chains,
    make_relation,
    relation_order_key,
    same_name,
    summary_of,
)
from queries.common_chains import breadcrumbs, descendants_result
from queries.common_search import SearchIndex
from queries.interface import MAX_DEPTH, MAX_RESULTS, DocumentNotFound
from queries.models import (
    Candidate,
    CitedItem,
    CoverageResult,
    CoverageStatus,
    DescendantsResult,
    DocSummary,
    DocumentDetail,
    GraphEdge,
    GraphNode,
    Implementer,
    ImplementersResult,
    LineageResult,
    MapYear,
    Neighbourhood,
    ResolveResult,
    SearchResult,
    StatsResult,
    UnitLevel,
)
from queries.neo4j_loader import write_to_neo4j

SUGGESTIONS = 5
Adjacency = dict[str, list[str]]


def _evidence(row: dict[str, Any]) -> list[dict[str, Any]]:
    """Evidence of an edge from its parallel-list properties (as the export's evidence dicts)."""
    ins, starts = row.get("ev_in") or [], row.get("ev_start") or []
    ends, texts = row.get("ev_end") or [], row.get("ev_text") or []
    return [{"in": i, "start": s, "end": e, "text": t} for i, s, e, t in zip(ins, starts, ends, texts,
        strict=False)]


class Neo4jQueries:
    """`GraphQueries` answered by a Neo4j database loaded by `queries.neo4j_loader`."""

    def __init__(self, driver: Any, database: str = "neo4j", gazetteer: Any = None) -> None:
        self.driver = driver
        self.database = database
        self.gazetteer = gazetteer
        self._lock = threading.Lock()
        self._catalog_stamp: object = None
        self._index: ResolveIndex | None = None
        self._ids: list[str] = []
        self._rows: dict[str, tuple[dict[str, Any], dict[str, Any] | None]] = {}
        self._summary_cache: dict[str, DocSummary] = {}
        self._search_cache: tuple[object, SearchIndex] | None = None

    def reload(self, data_dir: Path) -> Neo4jQueries:
        """Make the database hold exactly the graph kept in `data_dir` (unchanged when none is kept)."""
        path = graph_file(Path(data_dir))  # a damaged one raises StoreDamaged
        if path is not None:
            write_to_neo4j(self.driver, load_export(path), self.database)
        return self

    # ------------------------------------------------------------------ plumbing

    def _run(self, query: str, **params: Any) -> list[Any]:
        records, _summary, _keys = self.driver.execute_query(
            query, parameters_=params, database_=self.database, routing_="r")
        return list(records)

    def _summaries(self, ids: Iterable[str]) -> dict[str, DocSummary]:
        """DocSummary of each existing document among `ids` (from the prefetched catalog)."""
        wanted = set(ids)
        if not wanted:
            return {}
        self._catalog()
        if self._catalog_stamp is None:  # not loaded by our loader: no stamp to keep a cache by
            rows_by_id = self._run(cypher.DOCUMENTS_BY_ID, ids=sorted(wanted))
            return {r["id"]: summary_of(r["id"], r["attrs"], r["issuer"]) for r in rows_by_id}
        with self._lock:
            rows, cache = self._rows, self._summary_cache
            found: dict[str, DocSummary] = {}
            for doc_id in sorted(wanted):
                summary = cache.get(doc_id)
                if summary is None and doc_id in rows:
                    summary = cache[doc_id] = summary_of(doc_id, *rows[doc_id])
                if summary is not None:
                    found[doc_id] = summary
            return found

    def _require(self, doc_id: str) -> DocSummary:
        summary = self._summaries([doc_id]).get(doc_id)
        if summary is None:
            raise DocumentNotFound(doc_id, self.suggestions(doc_id))
        return summary

    def _catalog(self) -> tuple[ResolveIndex, list[str]]:
        """The resolve index and the sorted document ids, rebuilt when the loaded graph changed."""
        stamp_rows = self._run(cypher.LOAD_STAMP)
        stamp = stamp_rows[0]["stamp"] if stamp_rows else None
        with self._lock:
            if self._index is None or stamp != self._catalog_stamp or stamp is None:
                rows = self._run(cypher.ALL_DOCUMENTS)
                rows.sort(key=lambda r: r["id"])
                self._index = ResolveIndex(
                    index_forms(r["id"], r["attrs"], r["issuer"], r["cited"]) for r in rows)
                self._ids = [r["id"] for r in rows]
                self._rows = {r["id"]: (r["attrs"], r["issuer"]) for r in rows}
                self._summary_cache = {}
                self._catalog_stamp = stamp
            return self._index, self._ids

    def _adjacency(self, query: str, start: str, levels: int) -> Adjacency:
        """Breadth-first prefetch: neighbours (by `query`) of every document within `levels` - 1 steps."""
        adjacency: Adjacency = {}
        frontier = [start]
        for _ in range(levels):
            if not frontier:
                break
            found: list[str] = []
            for row in self._run(query, ids=frontier):
                adjacency[row["id"]] = sorted(set(row["others"]))
            for node in frontier:
                adjacency.setdefault(node, [])
                found.extend(x for x in adjacency[node] if x not in adjacency)
            frontier = sorted(set(found))
        return adjacency

    @staticmethod
    def _lookup(adjacency: Adjacency) -> Any:
        return lambda node: adjacency.get(node, [])

    def suggestions(self, text: str) -> list[str]:
        """Ids of likely documents for an unknown id: resolve hits first, then similar ids."""
        index, ids = self._catalog()
        hits, _ = index.search(text.replace("-", " ").replace("@", " "), limit=SUGGESTIONS)
        found = [doc_id for doc_id, _score, _form in hits]
        for doc_id, _score, _i in process.extract(text, ids, scorer=fuzz.ratio, limit=SUGGESTIONS,
                                                  score_cutoff=60):
            if doc_id not in found:
                found.append(doc_id)
        return found[:SUGGESTIONS]

    # ------------------------------------------------------------------ the interface

    def resolve(self, text: str, limit: int = 10) -> ResolveResult:
        index, _ids = self._catalog()
        hits, ambiguous = index.search(text, limit=clamp(limit, 0, MAX_RESULTS))
        summaries = self._summaries(d for d, _s, _m in hits)
        candidates = [Candidate(document=summaries[d], score=s, matched=m) for d, s, m in hits]
        return ResolveResult(query=text, candidates=candidates, ambiguous=ambiguous)

    def document(self, doc_id: str) -> DocumentDetail:
        summary = self._require(doc_id)
        row = self._run(cypher.DOCUMENT_DETAIL, id=doc_id)[0]
        out_rows = [r for r in row["outgoing"] if r.get("other") is not None]
        in_rows = [r for r in row["incoming"] if r.get("other") is not None]
        others = self._summaries([r["other"] for r in out_rows + in_rows])
        outgoing = [make_relation(r["type"], "out", others[r["other"]], _evidence(r)) for r in out_rows]
        incoming = [make_relation(r["type"], "in", others[r["other"]], _evidence(r)) for r in in_rows]
        return DocumentDetail(
            document=summary,
            source=row["source"],
            issuer_parent=row["issuer_parent"],
            issuer_parent_name=row["issuer_parent_name"],
            outgoing=sorted(outgoing, key=relation_order_key),
            incoming=sorted(incoming, key=relation_order_key),
        )

    def implementers(
        self,
        doc_id: str,
        transitive: bool = True,
        max_depth: int = 6,
        level: UnitLevel | None = None,
        province: str | None = None,
        limit: int = 500,
    ) -> ImplementersResult:
        target = self._require(doc_id)
        depth = clamp(max_depth, 1, MAX_DEPTH) if transitive else 1
        adjacency = self._adjacency(cypher.IMPLEMENTERS_OF, doc_id, depth + 1)
        walk = implementer_walk(doc_id, self._lookup(adjacency), depth)
        cap = clamp(limit, 0, MAX_RESULTS)
        if level is None and province is None:
            # Order every implementer by (depth, date, id) from its date alone; summarise the kept ones.
            dates = {d: s.date for d, s in self._summaries(walk.depth).items()}
            order = sorted(walk.depth, key=lambda d: (walk.depth[d], date_key(dates.get(d)), d))
            summaries = self._summaries(order[:cap])
            items = [Implementer(document=summaries[d], depth=walk.depth[d], chain=walk.chain(d))
                     for d in order[:cap]]
            return ImplementersResult(
                target=target, transitive=transitive, max_depth=depth, items=items,
                truncated=(transitive and walk.truncated) or len(order) > cap,
            )
        summaries = self._summaries(walk.depth)
        items = []
        for d, dep in walk.depth.items():
            doc = summaries[d]
            if level is not None and doc.level != level:
                continue
            if province is not None and not same_name(doc.province, province):
                continue
            items.append(Implementer(document=doc, depth=dep, chain=walk.chain(d)))
        items.sort(key=lambda i: (i.depth, *doc_order_key(i.document)))
        return ImplementersResult(
            target=target, transitive=transitive, max_depth=depth, items=items[:cap],
            truncated=(transitive and walk.truncated) or len(items) > cap,
        )

    def lineage(self, doc_id: str, max_depth: int = 8, limit: int = 200) -> LineageResult:
        document = self._require(doc_id)
        depth = clamp(max_depth, 1, MAX_DEPTH)
        adjacency = self._adjacency(cypher.IMPLEMENTED_BY, doc_id, depth + 1)
        chains, truncated = lineage_chains(doc_id, self._lookup(adjacency), depth,
                                           clamp(limit, 1, MAX_RESULTS))
        named = sorted({d for chain in chains for d in chain})
        summaries = self._summaries(named)
        nodes = {d: summaries[d] for d in named}
        roots = sorted({chain[-1] for chain in chains})
        return LineageResult(
            document=document, chains=chains, nodes=nodes, roots=roots,
            breadcrumbs=breadcrumbs(chains, roots, nodes), truncated=truncated,
        )

    def descendants(self, doc_id: str, max_depth: int = 4, limit: int = 500) -> DescendantsResult:
        self._require(doc_id)
        depth = clamp(max_depth, 1, MAX_DEPTH)
        cap = clamp(limit, 0, MAX_RESULTS)
        adjacency = self._adjacency(cypher.IMPLEMENTERS_OF, doc_id, depth + 1)
        walk = implementer_walk(doc_id, self._lookup(adjacency), depth, max_nodes=cap)
        summaries = self._summaries([doc_id, *walk.depth])
        return descendants_result(doc_id, walk.depth, self._lookup(adjacency), summaries, cap, walk.truncated)

    def coverage(
        self, doc_id: str, level: UnitLevel = "province", province: str | None = None,
        map_year: MapYear | None = None, status: CoverageStatus = "all", overdue_days: int | None = None,
    ) -> CoverageResult:
        target = self._require(doc_id)
        adjacency = self._adjacency(cypher.IMPLEMENTERS_OF, doc_id, MAX_DEPTH + 1)
        return coverage_of(target, self._lookup(adjacency), self._summaries, self.gazetteer, level, province,
                           map_year, status, overdue_days)

    def search(
        self, q: str = "", doc_type: str | None = None, level: str | None = None, province: str | None = None,
        year: int | None = None, offset: int = 0, limit: int = 20,
    ) -> SearchResult:
        _index, ids = self._catalog()
        with self._lock:
            cached = self._search_cache
        if cached is None or cached[0] != self._catalog_stamp or self._catalog_stamp is None:
            cached = (self._catalog_stamp, SearchIndex(self._summaries(ids).values()))
            with self._lock:
                self._search_cache = cached
        return cached[1].search(q, doc_type, level, province, year, max(offset, 0), clamp(limit, 0,
            MAX_RESULTS))

    def stats(self, top: int = 20, offset: int = 0, limit: int = 50) -> StatsResult:
        top = clamp(top, 0, MAX_RESULTS)
        offset, limit = max(offset, 0), clamp(limit, 0, MAX_RESULTS)
        totals = self._run(cypher.STATS_COUNTS)[0]
        edges = Counter({r["key"]: r["count"] for r in self._run(cypher.STATS_EDGES)})
        cited = [(r["id"], r["count"]) for r in self._run(cypher.MOST_CITED, missing_only=False, limit=top)]
        all_missing = [(r["id"], r["count"])
                       for r in self._run(cypher.MOST_CITED, missing_only=True, limit=10 * MAX_RESULTS)]
        all_conflicts = [r["id"] for r in self._run(cypher.CONFLICTS, limit=10 * MAX_RESULTS)]
        missing = all_missing[offset:offset + limit]
        conflicts = all_conflicts[offset:offset + limit]
        summaries = self._summaries([d for d, _ in cited] + [d for d, _ in missing] + conflicts)
        return StatsResult(
            documents=totals["documents"],
            organizations=totals["organizations"],
            edges=dict(sorted(edges.items())),
            by_type=count_items(((r["key"], r["count"]) for r in self._run(cypher.STATS_BY_TYPE)), "type"),
            by_level=count_items(((r["key"], r["count"]) for r in self._run(cypher.STATS_BY_LEVEL)), "level"),
            by_year=count_items(((r["key"], r["count"]) for r in self._run(cypher.STATS_BY_YEAR)), "year",
                by_key=True),
            most_cited=[CitedItem(document=summaries[d], count=n) for d, n in cited],
            missing=[CitedItem(document=summaries[d], count=n) for d, n in missing],
            conflicts=[summaries[d] for d in conflicts],
            missing_total=len(all_missing), conflicts_total=len(all_conflicts), offset=offset, limit=limit,
        )

    def neighbourhood(self, doc_id: str, depth: int = 2, limit: int = 300) -> Neighbourhood:
        self._require(doc_id)
        depth = clamp(depth, 0, MAX_DEPTH)
        cap = clamp(limit, 1, MAX_RESULTS)
        seen = {doc_id}
        frontier = [doc_id]
        truncated = False
        for _ in range(depth):
            if not frontier:
                break
            around = {r["id"]: sorted(set(r["others"])) for r in self._run(cypher.NEIGHBOURS, ids=frontier)}
            found = []
            for node in frontier:
                for other in around.get(node, []):
                    if other in seen:
                        continue
                    if len(seen) >= cap:
                        truncated = True
                        break
                    seen.add(other)
                    found.append(other)
            frontier = sorted(found)
        ids = sorted(seen)
        summaries = self._summaries(ids)
        nodes = [GraphNode(id=d, kind="document", label=s.label, title=s.title, doc_type=s.doc_type,
                           level=s.level, ingested=s.ingested) for d, s in sorted(summaries.items())]
        rows = self._run(cypher.EDGES_AMONG, ids=ids)
        edges = sorted((GraphEdge(source=r["source"], target=r["target"], type=r["type"]) for r in rows),
                       key=lambda e: (e.source, e.target))
        return Neighbourhood(focus=doc_id, depth=depth, nodes=nodes, edges=edges, truncated=truncated)


__all__ = ["Neo4jQueries"]
