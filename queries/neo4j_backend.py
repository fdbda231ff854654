"""The query interface over Neo4j, in Cypher (statements in `queries.cypher`).

The database does the reading: traversals go level by level (one `UNWIND $ids` statement per
level, so depth bounds stay parameters), aggregations are Cypher `count`s. The rules that decide
an answer — labels, ordering, chain tie-breaks, coverage, fuzzy resolve — are the pure functions
of `queries.common`, shared with the networkx backend, so both give identical answers.

The catalog (`queries.neo4j_catalog`: resolve index, summaries, stats counts) is taken on first use
and again when the loader's stamp (`:CpgraphLoad.stamp`) changes: from the data dir's serving snapshot
when Neo4j holds that very graph, else read with one Cypher statement. Until it is taken, summaries are
read by id (one statement per call, cached per stamp): the whole-tree questions never wait for it.
They answer from the loader's stored facts (`queries.neo4j_closure`, `queries.neo4j_facts`): a big
tree's walk with each implementer's level and province, and its coverage answers by level, stored as
the JSON the API returns.
"""
from __future__ import annotations

import threading
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz, process

from ingest.export import load_export
from ingest.store import graph_file
from queries import cypher
from queries.byte_cache import StampedByteLRU, budget_from_env
from queries.common import (
    Walk,
    clamp,
    date_key,
    doc_order_key,
    implementer_walk,
    lineage_chains,
    make_relation,
    relation_order_key,
    same_name,
    summary_of,
)
from queries.common_chains import breadcrumbs, descendants_result
from queries.common_coverage import coverage_result, default_map
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
from queries.neo4j_catalog import (
    Catalog,
    StatsFacts,
    catalog_from_rows,
    catalog_from_snapshot,
    facts_from_rows,
    snapshot_part,
)
from queries.neo4j_closure import COVERAGE, HEAD, WHOLE, Closure, closure_of
from queries.neo4j_facts import coverage_body
from queries.neo4j_loader import write_to_neo4j
from queries.palette import STRENGTH
from queries.snapshot import graph_digest

SUGGESTIONS = 5
COVERAGE_CACHE = 32  # coverage answers kept per loaded graph (oldest dropped first)
CLOSURE_CACHE = 8  # whole stored walks kept per loaded graph (filtered implementers, coverage variants)
COVERAGE_BYTES = 160 * 2**20  # stored coverage answers kept serialised, at most this many bytes in all
Adjacency = dict[str, list[str]]


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


class Neo4jQueries:
    """`GraphQueries` answered by a Neo4j database loaded by `queries.neo4j_loader`; `data_dir` (the
    service's) offers its serving snapshot as the catalog when Neo4j holds that very graph."""

    def __init__(self, driver: Any, database: str = "neo4j", gazetteer: Any = None,
                 data_dir: Path | None = None) -> None:
        self.driver = driver
        self.database = database
        self.gazetteer = gazetteer
        self.data_dir = Path(data_dir) if data_dir is not None else None
        self._lock = threading.Lock()
        self._building = threading.Lock()  # one catalog read at a time (the others wait for it)
        self._stamp_seen: object = None  # the stamp the caches below belong to
        self._cat: Catalog | None = None
        self._summary_cache: dict[str, DocSummary] = {}
        self._search_cache: tuple[object, SearchIndex] | None = None
        self._stats_facts: StatsFacts | None = None
        self._coverage_cache: dict[tuple[Any, ...], CoverageResult] = {}
        self._coverage_bytes: dict[tuple[str, str, str | None], bytes] = {}  # the stored answers read
        self._closures: dict[str, Closure | None] = {}  # whole stored walks read (None: no stored walk)
        # The API's serialised answers, kept per load stamp (graphsvc.response_cache)
        self.response_cache = StampedByteLRU(self._current_stamp, budget_from_env())

    def reload(self, data_dir: Path) -> Neo4jQueries:
        """Make the database hold exactly the graph kept in `data_dir` (unchanged when none is kept)."""
        path = graph_file(Path(data_dir))  # a damaged one raises StoreDamaged
        if path is not None:
            write_to_neo4j(self.driver, load_export(path), self.database, graph_key=graph_digest(path))
        return self

    # ------------------------------------------------------------------ plumbing

    def _run(self, query: str, **params: Any) -> list[Any]:
        # No bookmarks: a bulk import replaces the database, whose transaction ids start again, and a
        # read carrying a bookmark from before it would wait for a transaction that never comes. The
        # driver reconnects by itself once the restarted server answers (its retries cover the restart).
        records, _summary, _keys = self.driver.execute_query(
            query, parameters_=params, database_=self.database, routing_="r", bookmark_manager_=None)
        return list(records)

    def _summaries(self, ids: Iterable[str]) -> dict[str, DocSummary]:
        """DocSummary of each existing document among `ids`: from the catalog when it is built for the
        loaded graph, else read by id (cached while the graph stays the same)."""
        wanted = set(ids)
        if not wanted:
            return {}
        stamp = self._current_stamp()
        if stamp is None:  # not loaded by our loader: no stamp to keep a cache by
            rows_by_id = self._run(cypher.DOCUMENTS_BY_ID, ids=sorted(wanted))
            return {r["id"]: summary_of(r["id"], r["attrs"], r["issuer"]) for r in rows_by_id}
        with self._lock:
            cat = self._cat if self._cat is not None and self._cat.stamp == stamp else None
            if cat is not None and cat.summaries is not None:  # the snapshot's: every summary ready
                ready = cat.summaries
                return {d: ready[d] for d in sorted(wanted) if d in ready}
            rows, cache = (cat.rows if cat is not None else {}), self._summary_cache
            found: dict[str, DocSummary] = {}
            missing = []
            for doc_id in sorted(wanted):
                summary = cache.get(doc_id)
                if summary is None and doc_id in rows:
                    summary = cache[doc_id] = summary_of(doc_id, *rows[doc_id])
                if summary is not None:
                    found[doc_id] = summary
                elif not rows:
                    missing.append(doc_id)
        if missing:
            read = {r["id"]: summary_of(r["id"], r["attrs"], r["issuer"])
                    for r in self._run(cypher.DOCUMENTS_BY_ID, ids=missing)}
            with self._lock:
                if self._stamp_seen == stamp:
                    self._summary_cache.update(read)
            found.update(read)
        return found

    def _current_stamp(self) -> object:
        """The loaded graph's stamp and graph key (one index seek), None when our loader did not load it;
        the per-graph caches are dropped when it changed."""
        rows = self._run(cypher.LOAD_STAMP)
        stamp = (rows[0]["stamp"], rows[0]["graph"]) if rows and rows[0]["stamp"] is not None else None
        with self._lock:
            if stamp != self._stamp_seen or stamp is None:
                self._drop_graph_caches(stamp)
        return stamp

    def _drop_graph_caches(self, stamp: Any) -> None:
        """Forget what was read of the graph before `stamp` (called under `_lock`)."""
        self._stamp_seen = stamp
        self._summary_cache = {}
        self._stats_facts = None
        self._coverage_cache = {}
        self._coverage_bytes = {}
        self._closures = {}

    def _require(self, doc_id: str) -> DocSummary:
        summary = self._summaries([doc_id]).get(doc_id)
        if summary is None:
            raise DocumentNotFound(doc_id, self.suggestions(doc_id))
        return summary

    def _catalog(self) -> Catalog:
        """The catalog of the loaded graph (`queries.neo4j_catalog`), taken again when it changed: the
        data dir's snapshot when it is the one of the loaded graph file, else one `ALL_DOCUMENTS` read.

        Taken outside the main lock (one at a time): questions that need no catalog keep answering."""
        stamp = self._current_stamp()
        with self._building:
            with self._lock:
                cat = self._cat
                if cat is not None and stamp == cat.stamp and stamp is not None:
                    return cat
            cat = self._from_snapshot(stamp)
            if cat is None:
                cat = catalog_from_rows(stamp, self._run(cypher.ALL_DOCUMENTS))
            with self._lock:
                self._cat = cat
                if stamp != self._stamp_seen:  # the graph changed during the read: answers of before go
                    self._drop_graph_caches(stamp)
                self._closures = {}
                return cat

    def _from_snapshot(self, stamp: object) -> Catalog | None:
        """The catalog from the data dir's serving snapshot when Neo4j holds that very graph file."""
        key = stamp[1] if isinstance(stamp, tuple) else None
        if self.data_dir is None or not key:
            return None
        part = snapshot_part(self.data_dir, key)
        return catalog_from_snapshot(stamp, part) if part is not None else None

    @property
    def catalog_source(self) -> str | None:
        """Where the catalog in use came from ("snapshot" or "cypher"), None before it is taken."""
        return self._cat.source if self._cat is not None else None

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

    def _closure(self, doc_id: str, head: int | None = None) -> Closure | None:
        """The loader's stored walk of a big tree (`queries.neo4j_closure`): its first `head`
        implementers, or all of them; None when the tree is small (walked at query time)."""
        if head is not None:
            rows = self._run(HEAD, id=doc_id, n=head)
            return closure_of(rows[0], doc_id) if rows else None
        stamp = self._current_stamp()  # a whole walk is read once per loaded graph (tens of thousands of ids)
        with self._lock:
            if doc_id in self._closures and stamp is not None:
                return self._closures[doc_id]
        rows = self._run(WHOLE, id=doc_id)
        found = closure_of(rows[0], doc_id) if rows else None
        with self._lock:
            if stamp is not None and stamp == self._stamp_seen:
                if len(self._closures) >= CLOSURE_CACHE:
                    self._closures.pop(next(iter(self._closures)))
                self._closures[doc_id] = found
        return found

    @staticmethod
    def _lookup(adjacency: Adjacency) -> Any:
        return lambda node: adjacency.get(node, [])

    def suggestions(self, text: str) -> list[str]:
        """Ids of likely documents for an unknown id: resolve hits first, then similar ids."""
        cat = self._catalog()
        index, ids = cat.index, cat.ids
        hits, _ = index.search(text.replace("-", " ").replace("@", " "), limit=SUGGESTIONS)
        found = [doc_id for doc_id, _score, _form in hits]
        for doc_id, _score, _i in process.extract(text, ids, scorer=fuzz.ratio, limit=SUGGESTIONS,
                                                  score_cutoff=60):
            if doc_id not in found:
                found.append(doc_id)
        return found[:SUGGESTIONS]

    # ------------------------------------------------------------------ the interface

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
        cap = clamp(limit, 0, MAX_RESULTS)
        unfiltered = level is None and province is None
        stored = self._closure(doc_id, head=cap if unfiltered else None)
        if stored is not None:
            return self._stored_implementers(target, stored, transitive, depth, level, province, cap)
        adjacency = self._adjacency(cypher.IMPLEMENTERS_OF, doc_id, depth + 1)
        walk = implementer_walk(doc_id, self._lookup(adjacency), depth)
        if unfiltered:
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
        return self._filtered(target, walk, transitive, depth, level, province, cap)

    def _filtered(self, target: DocSummary, walk: Walk, transitive: bool, depth: int,
                  level: UnitLevel | None, province: str | None, cap: int) -> ImplementersResult:
        """Implementers of one level and/or province, ordered by (depth, document order)."""
        summaries = self._summaries(walk.depth)
        kept = []
        for d, dep in walk.depth.items():
            doc = summaries[d]
            if level is not None and doc.level != level:
                continue
            if province is not None and not same_name(doc.province, province):
                continue
            kept.append((dep, doc))
        kept.sort(key=lambda item: (item[0], *doc_order_key(item[1])))
        # Only the kept page becomes models (a national tree matches tens of thousands).
        items = [Implementer(document=doc, depth=dep, chain=walk.chain(doc.id)) for dep, doc in kept[:cap]]
        return ImplementersResult(
            target=target, transitive=transitive, max_depth=depth, items=items,
            truncated=(transitive and walk.truncated) or len(kept) > cap,
        )

    def _stored_implementers(self, target: DocSummary, stored: Closure, transitive: bool, depth: int,
                             level: UnitLevel | None, province: str | None, cap: int) -> ImplementersResult:
        """`implementers` from a stored walk: its prefix within `depth` is the bounded walk's answer."""
        within = stored.within(depth)
        walk = Walk(target=stored.target, truncated=stored.cut(depth))
        count = min(within, len(stored.ids))
        walk.depth.update(zip(stored.ids[:count], stored.depths[:count], strict=True))
        walk.parent.update(zip(stored.ids[:count], stored.parents[:count], strict=True))
        filtered = level is not None or province is not None
        if filtered and (stored.levels is None or stored.provinces is None):
            return self._filtered(target, walk, transitive, depth, level, province, cap)
        if filtered:
            # The stored levels and provinces filter the walk; its order (depth, date, id) is the answer's.
            assert stored.levels is not None and stored.provinces is not None
            places = zip(stored.ids[:count], stored.levels, stored.provinces, strict=False)
            matching = [d for d, lv, pr in places if (level is None or lv == level)
                        and (province is None or same_name(pr or None, province))]
            kept = matching[:cap]
            summaries = self._summaries(kept)
            items = [Implementer(document=summaries[d], depth=walk.depth[d], chain=walk.chain(d))
                     for d in kept]
            return ImplementersResult(target=target, transitive=transitive, max_depth=depth, items=items,
                                      truncated=(transitive and walk.truncated) or len(matching) > cap)
        kept = stored.ids[:min(cap, count)]  # already in answer order (depth, date, id)
        summaries = self._summaries(kept)
        items = [Implementer(document=summaries[d], depth=walk.depth[d], chain=walk.chain(d)) for d in kept]
        return ImplementersResult(target=target, transitive=transitive, max_depth=depth, items=items,
                                  truncated=(transitive and walk.truncated) or within > cap)

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
        # Answers are kept while the loaded graph stays the same (the loader's stamp): a national commune
        # table is 10,000 units, and analysts page back and forth over it (as the networkx backend does).
        key = (doc_id, level, province, map_year, status, overdue_days)
        stamp = self._current_stamp()
        with self._lock:
            cached = self._coverage_cache.get(key)
        if cached is not None and stamp is not None:
            return cached.model_copy()
        body = self._stored_coverage(doc_id, level, province, map_year, status, overdue_days)
        if body is not None:
            answer = CoverageResult.model_validate_json(body)
        else:
            answer = self._coverage(doc_id, level, province, map_year, status, overdue_days)
        with self._lock:
            if stamp is not None and stamp == self._stamp_seen:
                if len(self._coverage_cache) >= COVERAGE_CACHE:
                    self._coverage_cache.pop(next(iter(self._coverage_cache)))
                self._coverage_cache[key] = answer
        return answer.model_copy()

    def coverage_json(
        self, doc_id: str, level: UnitLevel = "province", province: str | None = None,
        map_year: MapYear | None = None, status: CoverageStatus = "all", overdue_days: int | None = None,
    ) -> bytes:
        """`coverage(…)` serialised as the API returns it: the loader's stored answer when it is the one
        asked for (a big tree, no filter, the default map), else the computed one."""
        body = self._stored_coverage(doc_id, level, province, map_year, status, overdue_days)
        if body is not None:
            return body
        answer = self.coverage(doc_id, level, province, map_year, status, overdue_days)
        return answer.model_dump_json(by_alias=True).encode("utf-8")

    def _stored_coverage(self, doc_id: str, level: UnitLevel, province: str | None, map_year: MapYear | None,
                         status: CoverageStatus, overdue_days: int | None) -> bytes | None:
        """The loader's stored answer (`queries.neo4j_facts`) when it is the one asked for, else None;
        kept serialised while the loaded graph stays the same (up to COVERAGE_BYTES in all)."""
        if province or status != "all" or overdue_days is not None or self.gazetteer is not None:
            return None
        key = (doc_id, level, map_year)
        stamp = self._current_stamp()
        with self._lock:
            kept = self._coverage_bytes.get(key)
        if kept is not None and stamp is not None:
            return kept
        rows = self._run(COVERAGE, id=doc_id, key=f"coverage_{level}")
        if not rows or rows[0]["body"] is None or (map_year is not None and map_year != rows[0]["map"]):
            return None
        body = coverage_body(rows[0]["body"])
        with self._lock:
            if stamp is not None and stamp == self._stamp_seen:
                held = self._coverage_bytes
                while held and sum(map(len, held.values())) + len(body) > COVERAGE_BYTES:
                    held.pop(next(iter(held)))
                if len(body) <= COVERAGE_BYTES:
                    held[key] = body
        return body

    def _coverage(self, doc_id: str, level: UnitLevel, province: str | None, map_year: MapYear | None,
                  status: CoverageStatus, overdue_days: int | None) -> CoverageResult:
        target = self._require(doc_id)
        stored = self._closure(doc_id)
        if stored is not None:
            self._catalog()  # tens of thousands of summaries: from the catalog, not read by id
            ids: Iterable[str] = stored.ids
        else:
            adjacency = self._adjacency(cypher.IMPLEMENTERS_OF, doc_id, MAX_DEPTH + 1)
            ids = implementer_walk(doc_id, self._lookup(adjacency), MAX_DEPTH).depth
        summaries = self._summaries(ids)
        docs = [summaries[d] for d in sorted(summaries)]
        map_year = map_year or default_map(target.date)
        return coverage_result(target, docs, level, province, self.gazetteer, map_year, status, overdue_days)

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
