"""The whole-tree questions over Neo4j: implementers (transitive, filtered by level or province) and
coverage of a document.

A big tree is answered from the loader's stored facts (`queries.neo4j_closure`, `queries.neo4j_facts`):
its walk with each implementer's level and province, and its coverage answers by level, stored as the
JSON the API returns. A small tree is walked at query time, level by level. The rules that decide the
answer (ordering, coverage) are `queries.common*`'s, shared with the networkx backend.
"""
from __future__ import annotations

from collections.abc import Iterable

from queries import cypher
from queries.common import Walk, clamp, date_key, doc_order_key, implementer_walk, same_name
from queries.common_coverage import coverage_result, default_map
from queries.interface import MAX_DEPTH, MAX_RESULTS
from queries.models import (
    CoverageResult,
    CoverageStatus,
    DocSummary,
    Implementer,
    ImplementersResult,
    MapYear,
    UnitLevel,
)
from queries.neo4j_closure import COVERAGE, Closure
from queries.neo4j_facts import coverage_body
from queries.neo4j_reads import Neo4jReads

COVERAGE_CACHE = 32  # coverage answers kept per loaded graph (oldest dropped first)
COVERAGE_BYTES = 160 * 2**20  # stored coverage answers kept serialised, at most this many bytes in all


class Neo4jTreeQueries(Neo4jReads):
    """`implementers` and `coverage` of `GraphQueries`, from stored walks and facts or walked."""

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


__all__ = ["Neo4jTreeQueries"]
