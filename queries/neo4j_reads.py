"""Reading a Neo4j database loaded by `queries.neo4j_loader`: one Cypher call, and what is kept per
loaded graph.

The loader's stamp (`:CpgraphLoad.stamp`, with the graph file's key) names the loaded graph; what is
read of it (summaries, the catalog, stored walks, coverage answers) is kept while the stamp stays and
dropped when it changes.

The catalog (`queries.neo4j_catalog`: resolve index, summaries, stats counts) is taken on first use
and again when the stamp changes: from the data dir's serving snapshot when Neo4j holds that very
graph, else read with one Cypher statement. Until it is taken, summaries are read by id (one statement
per call, cached per stamp): the whole-tree questions (`queries.neo4j_trees`) never wait for it.
"""
from __future__ import annotations

import threading
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz, process

from queries import cypher
from queries.byte_cache import StampedByteLRU, budget_from_env
from queries.common import summary_of
from queries.common_search import SearchIndex
from queries.interface import DocumentNotFound
from queries.models import CoverageResult, DocSummary
from queries.neo4j_catalog import Catalog, StatsFacts, catalog_from_rows, catalog_from_snapshot, snapshot_part
from queries.neo4j_closure import HEAD, WHOLE, Closure, closure_of

SUGGESTIONS = 5
CLOSURE_CACHE = 8  # whole stored walks kept per loaded graph (filtered implementers, coverage variants)
Adjacency = dict[str, list[str]]


class Neo4jReads:
    """The reads behind `Neo4jQueries` (`queries.neo4j_backend`): the driver call, the loaded graph's
    stamp, and the per-graph caches it keeps valid; `data_dir` (the service's) offers its serving
    snapshot as the catalog when Neo4j holds that very graph."""

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


__all__ = ["Adjacency", "Neo4jReads"]
