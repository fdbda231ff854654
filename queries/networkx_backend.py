"""The query interface over the in-memory networkx graph (the embedded default backend).

Indexes are built once in the constructor (IMPLEMENTS adjacency both ways, summaries, the
resolve index), so each request only walks the part of the graph it answers about.
The rules that decide answers (labels, ordering, chains, coverage) live in `queries.common`,
shared with the Neo4j backend.
"""
from __future__ import annotations

import gc
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

import networkx as nx
from rapidfuzz import fuzz, process

from ingest.store import load_graph
from queries.common import (
    DOC_RELATIONS,
    ResolveIndex,
    clamp,
    count_items,
    coverage_of,
    doc_order_key,
    implementer_walk,
    index_forms,
    lineage_chains,
    make_relation,
    neighbourhood_walk,
    page_bounds,
    relation_order_key,
    same_name,
    stats_bounds,
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
    Relation,
    ResolveResult,
    SearchResult,
    StatsResult,
    UnitLevel,
)

SUGGESTIONS = 5


def implementer_depth(max_depth: int, transitive: bool) -> int:
    """The depth an implementers walk goes to: `max_depth` within the bounds, 1 when not transitive."""
    return clamp(max_depth, 1, MAX_DEPTH) if transitive else 1
COVERAGE_CACHE = 32  # coverage answers kept (oldest dropped first)


class NetworkxQueries:
    """`GraphQueries` over a `networkx.DiGraph` in the export shape (ingest.export)."""

    def __init__(self, graph: nx.DiGraph, gazetteer: Any = None) -> None:
        self.graph = graph
        self.gazetteer = gazetteer
        nodes = graph.nodes
        self.doc_ids = sorted(n for n, a in nodes(data=True) if a.get("kind") == "document")
        docs = set(self.doc_ids)
        self.implementers_of: dict[str, list[str]] = defaultdict(list)
        self.implemented_by: dict[str, list[str]] = defaultdict(list)
        for source, target, edge_type in graph.edges(data="type"):
            if edge_type == "IMPLEMENTS" and source in docs and target in docs:
                self.implementers_of[target].append(source)
                self.implemented_by[source].append(target)
        for adjacency in (self.implementers_of, self.implemented_by):
            for ids in adjacency.values():
                ids.sort()
        issuers = {d: self._issuer(d) for d in self.doc_ids}  # read by both below, changed by neither
        self.summaries = {d: summary_of(d, nodes[d], issuers[d]) for d in self.doc_ids}
        cited = Counter(
            t for s, t, kind in graph.edges(data="type") if kind in DOC_RELATIONS and s in docs and t in docs
        )
        self.index = ResolveIndex(index_forms(d, nodes[d], issuers[d], cited[d]) for d in self.doc_ids)
        self._search_index: SearchIndex | None = None
        self._coverage_cache: dict[tuple[Any, ...], CoverageResult] = {}

    @classmethod
    def from_data_dir(cls, data_dir: Path | str) -> NetworkxQueries:
        """The backend over the graph kept in `data_dir` (empty when nothing was ingested).

        The graph and its indexes live as long as the backend and hold no cycles worth collecting:
        `gc.freeze()` takes them out of every later collection, which otherwise walks them all
        whenever a request allocates (a national coverage table allocates 10,000 units).
        """
        backend = cls(load_graph(Path(data_dir)))
        gc.collect()
        gc.freeze()
        return backend

    def reload(self, data_dir: Path) -> NetworkxQueries:
        """A new backend over the graph now kept in `data_dir` (this one keeps answering until swapped)."""
        return NetworkxQueries.from_data_dir(data_dir)

    # ------------------------------------------------------------------ helpers

    def _issuer(self, doc_id: str) -> dict[str, Any] | None:
        issuer = self.graph.nodes[doc_id].get("issuer")
        if issuer and issuer in self.graph and self.graph.nodes[issuer].get("kind") == "organization":
            return dict(self.graph.nodes[issuer])
        return None

    def _org_name(self, org_id: str | None) -> str | None:
        node = self.graph.nodes[org_id] if org_id and org_id in self.graph else None
        return node.get("name") if node and node.get("kind") == "organization" else None

    def _require(self, doc_id: str) -> DocSummary:
        summary = self.summaries.get(doc_id)
        if summary is None:
            raise DocumentNotFound(doc_id, self.suggestions(doc_id))
        return summary

    def suggestions(self, text: str) -> list[str]:
        """Ids of likely documents for an unknown id: resolve hits first, then similar ids."""
        hits, _ = self.index.search(text.replace("-", " ").replace("@", " "), limit=SUGGESTIONS)
        ids = [doc_id for doc_id, _score, _form in hits]
        for doc_id, _score, _i in process.extract(text, self.doc_ids, scorer=fuzz.ratio, limit=SUGGESTIONS,
                                                  score_cutoff=60):
            if doc_id not in ids:
                ids.append(doc_id)
        return ids[:SUGGESTIONS]

    # ------------------------------------------------------------------ the interface

    def resolve(self, text: str, limit: int = 10) -> ResolveResult:
        hits, ambiguous = self.index.search(text, limit=clamp(limit, 0, MAX_RESULTS))
        candidates = [Candidate(document=self.summaries[d], score=s, matched=m) for d, s, m in hits]
        return ResolveResult(query=text, candidates=candidates, ambiguous=ambiguous)

    def document(self, doc_id: str, offset: int = 0, limit: int | None = None) -> DocumentDetail:
        """Metadata and relations; with `offset`/`limit`, one page of each relation list (and the totals).

        The reference answer: every relation is built, then cut (the snapshot backend builds the page only).
        """
        summary = self._require(doc_id)
        docs = self.summaries
        outgoing = [self._relation(doc_id, t, "out") for t in self.graph.successors(doc_id) if t in docs]
        incoming = [self._relation(s, doc_id, "in") for s in self.graph.predecessors(doc_id) if s in docs]
        issuer = self._issuer(doc_id)
        start, end = page_bounds(offset, limit)
        return DocumentDetail(
            document=summary,
            source=self.graph.nodes[doc_id].get("source"),
            issuer_parent=(issuer or {}).get("parent"),
            issuer_parent_name=self._org_name((issuer or {}).get("parent")),
            outgoing=sorted(outgoing, key=relation_order_key)[start:end],
            incoming=sorted(incoming, key=relation_order_key)[start:end],
            outgoing_total=len(outgoing), incoming_total=len(incoming), offset=start, limit=limit,
        )

    def _relation(self, source: str, target: str, direction: str) -> Relation:
        data = self.graph.edges[source, target]
        other = self.summaries[target if direction == "out" else source]
        return make_relation(data.get("type", "CITES"), direction, other, data.get("evidence") or [])

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
        depth = implementer_depth(max_depth, transitive)
        walk = implementer_walk(doc_id, self._implementers_of, depth)
        keys = []
        for d, dep in walk.depth.items():
            doc = self.summaries[d]
            if level is not None and doc.level != level:
                continue
            if province is not None and not same_name(doc.province, province):
                continue
            keys.append((dep, *doc_order_key(doc)))
        keys.sort()
        return self._implementers_answer(target, transitive, depth, keys, limit, walk.chain,
                                         transitive and walk.truncated)

    def _implementers_answer(self, target: DocSummary, transitive: bool, depth: int,
                             keys: list[tuple[int, str, str]], limit: int, chain: Callable[[str], list[str]],
                             cut: bool) -> ImplementersResult:
        """The answer from the ranked (depth, date key, id) of the implementers kept: the first `limit`
        (bounded), truncated when the walk (`cut`) or the limit left some out."""
        cap = clamp(limit, 0, MAX_RESULTS)
        items = [Implementer(document=self.summaries[d], depth=dep, chain=chain(d))
                 for dep, _date, d in keys[:cap]]
        return ImplementersResult(target=target, transitive=transitive, max_depth=depth, items=items,
                                  truncated=cut or len(keys) > cap)

    def _implementers_of(self, doc_id: str) -> list[str]:
        return self.implementers_of.get(doc_id, [])

    def _implemented_by(self, doc_id: str) -> list[str]:
        return self.implemented_by.get(doc_id, [])

    def lineage(self, doc_id: str, max_depth: int = 8, limit: int = 200) -> LineageResult:
        document = self._require(doc_id)
        chains, truncated = lineage_chains(
            doc_id, self._implemented_by, clamp(max_depth, 1, MAX_DEPTH), clamp(limit, 1, MAX_RESULTS),
        )
        named = sorted({d for chain in chains for d in chain})
        nodes = {d: self.summaries[d] for d in named}
        roots = sorted({chain[-1] for chain in chains})
        return LineageResult(
            document=document, chains=chains, nodes=nodes, roots=roots,
            breadcrumbs=breadcrumbs(chains, roots, nodes), truncated=truncated,
        )

    def descendants(self, doc_id: str, max_depth: int = 4, limit: int = 500) -> DescendantsResult:
        self._require(doc_id)
        cap = clamp(limit, 0, MAX_RESULTS)
        walk = implementer_walk(doc_id, self._implementers_of, clamp(max_depth, 1, MAX_DEPTH), max_nodes=cap)
        return descendants_result(doc_id, walk.depth, self._implementers_of, self.summaries, cap,
            walk.truncated)

    def coverage(
        self, doc_id: str, level: UnitLevel = "province", province: str | None = None,
        map_year: MapYear | None = None, status: CoverageStatus = "all", overdue_days: int | None = None,
    ) -> CoverageResult:
        # The graph never changes under this backend (a reload builds a new one), so answers are kept:
        # a national commune table is 10,000 units, and analysts page back and forth over it.
        key = (doc_id, level, province, map_year, status, overdue_days)
        cached = self._coverage_cache.get(key)
        if cached is None:
            cached = coverage_of(self._require(doc_id), self._implementers_of, lambda _ids: self.summaries,
                                 self.gazetteer, level, province, map_year, status, overdue_days)
            if len(self._coverage_cache) >= COVERAGE_CACHE:
                self._coverage_cache.pop(next(iter(self._coverage_cache)))
            self._coverage_cache[key] = cached
        return cached.model_copy()  # a caller reassigning a field does not change the kept answer

    def search(
        self, q: str = "", doc_type: str | None = None, level: str | None = None, province: str | None = None,
        year: int | None = None, offset: int = 0, limit: int = 20,
    ) -> SearchResult:
        if self._search_index is None:
            self._search_index = SearchIndex(self.summaries.values())
        return self._search_index.search(q, doc_type, level, province, year, max(offset, 0),
                                         clamp(limit, 0, MAX_RESULTS))

    def stats(self, top: int = 20, offset: int = 0, limit: int = 50) -> StatsResult:
        top, offset, limit = stats_bounds(top, offset, limit)
        edges: Counter[str] = Counter(t for _s, _t, t in self.graph.edges(data="type"))
        cited: Counter[str] = Counter()
        for source, target, edge_type in self.graph.edges(data="type"):
            if edge_type in DOC_RELATIONS and source in self.summaries and target in self.summaries:
                cited[target] += 1  # at most one edge per ordered pair: distinct citing documents
        summaries = [self.summaries[d] for d in self.doc_ids]
        ranked = sorted(cited.items(), key=lambda kv: (-kv[1], kv[0]))
        missing = [(d, n) for d, n in ranked if not self.summaries[d].ingested]
        conflicts = [s for s in summaries if s.flags]
        organizations = sum(1 for _n, kind in self.graph.nodes(data="kind") if kind == "organization")
        return StatsResult(
            documents=len(summaries),
            organizations=organizations,
            edges=dict(sorted(edges.items())),
            by_type=count_items(Counter(s.doc_type for s in summaries).items(), "type"),
            by_level=count_items(Counter(s.level or "unknown" for s in summaries).items(), "level"),
            by_year=count_items(Counter(str(s.year) if s.year else "unknown" for s in summaries).items(),
                "year", by_key=True),
            most_cited=[CitedItem(document=self.summaries[d], count=n) for d, n in ranked[:top]],
            missing=[CitedItem(document=self.summaries[d], count=n) for d,
                n in missing[offset:offset + limit]],
            conflicts=conflicts[offset:offset + limit],
            missing_total=len(missing), conflicts_total=len(conflicts), offset=offset, limit=limit,
        )

    def neighbourhood(self, doc_id: str, depth: int = 2, limit: int = 300) -> Neighbourhood:
        self._require(doc_id)
        depth = clamp(depth, 0, MAX_DEPTH)
        seen, truncated = neighbourhood_walk(doc_id, self._around, depth, clamp(limit, 1, MAX_RESULTS))
        kept = set(seen)
        nodes = [self._graph_node(n) for n in seen]
        edges = []
        for s in seen:
            types = self._out_types(s)
            edges += [GraphEdge(source=s, target=t, type=types[t]) for t in sorted(types) if t in kept]
        return Neighbourhood(focus=doc_id, depth=depth, nodes=nodes, edges=edges, truncated=truncated)

    def _around(self, node: str) -> set[str]:
        """Documents one edge away from `node`, either direction."""
        around = set(self.graph.successors(node)) | set(self.graph.predecessors(node))
        return {other for other in around if other in self.summaries}

    def _out_types(self, node: str) -> dict[str, str]:
        """The type of each edge leaving `node`, by target."""
        return {t: self.graph.edges[node, t].get("type", "CITES") for t in self.graph.successors(node)}

    def _graph_node(self, doc_id: str) -> GraphNode:
        s = self.summaries[doc_id]
        return GraphNode(id=doc_id, kind="document", label=s.label, title=s.title, doc_type=s.doc_type,
                         level=s.level, ingested=s.ingested)


__all__ = ["NetworkxQueries"]
