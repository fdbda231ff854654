"""The query interface over Neo4j, in Cypher (statements in `queries.cypher`).

The database does the reading: traversals go level by level (one `UNWIND $ids` statement per
level, so depth bounds stay parameters), aggregations are Cypher `count`s. The rules that decide
an answer — labels, ordering, chain tie-breaks, coverage, fuzzy resolve — are the pure functions
of `queries.common`, shared with the networkx backend, so both give identical answers.

The reads and their per-graph caches are `queries.neo4j_reads`'s; the whole-tree questions
(implementers, coverage, from the loader's stored walks and facts) are `queries.neo4j_trees`'s.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from ingest.export import load_export
from ingest.store import graph_file
from queries import cypher
from queries.common import (
    clamp,
    date_key,
    implementer_walk,
    lineage_chains,
    make_relation,
    relation_order_key,
)
from queries.common_chains import breadcrumbs, descendants_result
from queries.common_search import SearchIndex
from queries.interface import MAX_DEPTH, MAX_RESULTS
from queries.models import (
    Candidate,
    CitedItem,
    DescendantsResult,
    DocSummary,
    DocumentDetail,
    GraphEdge,
    GraphNode,
    LineageResult,
    Neighbourhood,
    ResolveResult,
    SearchResult,
    StatsResult,
)
from queries.neo4j_catalog import Catalog, StatsFacts, facts_from_rows
from queries.neo4j_loader import write_to_neo4j
from queries.neo4j_trees import Neo4jTreeQueries
from queries.palette import STRENGTH
from queries.snapshot import graph_digest


def _relation_key(cat: Catalog, pair: tuple[str, str]) -> tuple[int, str, str, str]:
    """`relation_order_key` of (type, other id) from the catalog's date (no summary built)."""
    rel_type, other = pair
    return (STRENGTH.get(rel_type, 9), rel_type, date_key(cat.date(other)), other)


def _evidence(row: dict[str, Any]) -> list[dict[str, Any]]:
    """Evidence of an edge from its parallel-list properties (as the export's evidence dicts)."""
    ins, starts = row.get("ev_in") or [], row.get("ev_start") or []
    ends, texts = row.get("ev_end") or [], row.get("ev_text") or []
    return [{"in": i, "start": s, "end": e, "text": t} for i, s, e, t in zip(ins, starts, ends, texts,
        strict=False)]


class Neo4jQueries(Neo4jTreeQueries):
    """`GraphQueries` answered by a Neo4j database loaded by `queries.neo4j_loader`; `data_dir` (the
    service's) offers its serving snapshot as the catalog when Neo4j holds that very graph."""

    def reload(self, data_dir: Path) -> Neo4jQueries:
        """Make the database hold exactly the graph kept in `data_dir` (unchanged when none is kept)."""
        path = graph_file(Path(data_dir))  # a damaged one raises StoreDamaged
        if path is not None:
            write_to_neo4j(self.driver, load_export(path), self.database, graph_key=graph_digest(path))
        return self

    def resolve(self, text: str, limit: int = 10) -> ResolveResult:
        hits, ambiguous = self._catalog().index.search(text, limit=clamp(limit, 0, MAX_RESULTS))
        summaries = self._summaries(d for d, _s, _m in hits)
        candidates = [Candidate(document=summaries[d], score=s, matched=m) for d, s, m in hits]
        return ResolveResult(query=text, candidates=candidates, ambiguous=ambiguous)

    def document(self, doc_id: str, offset: int = 0, limit: int | None = None) -> DocumentDetail:
        """Metadata and relations; with `offset`/`limit`, one page of each relation list (ordered as
        the whole lists are), whose evidence alone is read."""
        summary = self._require(doc_id)
        if limit is None and offset <= 0:
            return self._whole_document(summary)
        cat = self._catalog()  # the relations are ordered by the others' dates, read from the catalog
        row = self._run(cypher.DOCUMENT_RELATIONS, id=doc_id)[0]
        start, end = max(offset, 0), max(offset, 0) + max(limit if limit is not None else MAX_RESULTS, 0)
        pages = {}
        totals = {}
        for direction, pairs in (("out", row["outgoing"]), ("in", row["incoming"])):
            ordered = sorted(((t, other) for t, other in pairs if other is not None),
                             key=lambda pair: _relation_key(cat, pair))
            totals[direction] = len(ordered)
            pages[direction] = ordered[start:end]
        wanted = [[doc_id, o, t] for t, o in pages["out"]] + [[o, doc_id, t] for t, o in pages["in"]]
        evidence = {(r["source"], r["target"], r["type"]): _evidence(r)
                    for r in (self._run(cypher.EVIDENCE_OF, rows=wanted) if wanted else [])}
        others = self._summaries([o for t, o in pages["out"] + pages["in"]])
        extra: dict[str, Any] = {}
        if "incoming_total" in DocumentDetail.model_fields:  # the paged model (totals, offset, limit)
            extra = {"outgoing_total": totals["out"], "incoming_total": totals["in"], "offset": start,
                     "limit": limit}
        ev = evidence.get
        outgoing = [make_relation(t, "out", others[o], ev((doc_id, o, t), [])) for t, o in pages["out"]]
        incoming = [make_relation(t, "in", others[o], ev((o, doc_id, t), [])) for t, o in pages["in"]]
        return DocumentDetail(
            document=summary, source=row["source"], issuer_parent=row["issuer_parent"],
            issuer_parent_name=row["issuer_parent_name"], outgoing=outgoing, incoming=incoming, **extra,
        )

    def _whole_document(self, summary: DocSummary) -> DocumentDetail:
        doc_id = summary.id
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

    def search(
        self, q: str = "", doc_type: str | None = None, level: str | None = None, province: str | None = None,
        year: int | None = None, offset: int = 0, limit: int = 20,
    ) -> SearchResult:
        cat = self._catalog()
        with self._lock:
            cached = self._search_cache
        if cat.search is not None:  # the preloaded snapshot's (shared by the workers)
            cached = (cat.stamp, cat.search)
        elif cached is None or cached[0] != cat.stamp or cat.stamp is None:
            cached = (cat.stamp, SearchIndex(self._summaries(cat.ids).values()))
            with self._lock:
                self._search_cache = cached
        return cached[1].search(q, doc_type, level, province, year, max(offset, 0), clamp(limit, 0,
            MAX_RESULTS))

    def _facts(self) -> StatsFacts:
        """Counts behind `stats`, once per loaded graph: the snapshot's, or computed from the catalog's
        rows (the same rules as the per-call Cypher scans they replaced, without scanning per call)."""
        cat = self._catalog()
        if cat.facts is not None:
            return cat.facts
        with self._lock:
            facts = self._stats_facts
        if facts is not None and cat.stamp is not None:
            return facts
        totals = self._run(cypher.STATS_COUNTS)[0]
        edges = {r["key"]: r["count"] for r in self._run(cypher.STATS_EDGES) if r["count"]}
        facts = facts_from_rows(totals, edges, cat.rows, cat.cited)
        with self._lock:
            if self._cat is cat:
                self._stats_facts = facts
        return facts

    def stats(self, top: int = 20, offset: int = 0, limit: int = 50) -> StatsResult:
        top = clamp(top, 0, MAX_RESULTS)
        offset, limit = max(offset, 0), clamp(limit, 0, MAX_RESULTS)
        facts = self._facts()
        cited = facts.most_cited[:top]
        missing = facts.missing[offset:offset + limit]
        conflicts = facts.conflicts[offset:offset + limit]
        summaries = self._summaries([d for d, _ in cited] + [d for d, _ in missing] + conflicts)
        return StatsResult(
            documents=facts.documents,
            organizations=facts.organizations,
            edges=facts.edges,
            by_type=list(facts.by_type),
            by_level=list(facts.by_level),
            by_year=list(facts.by_year),
            most_cited=[CitedItem(document=summaries[d], count=n) for d, n in cited],
            missing=[CitedItem(document=summaries[d], count=n) for d, n in missing],
            conflicts=[summaries[d] for d in conflicts],
            missing_total=len(facts.missing), conflicts_total=len(facts.conflicts),
            offset=offset, limit=limit,
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
