"""Whole-tree facts the loader stores, so a directive's implementers and coverage need no traversal.

Cypher cannot walk a directive's tree of tens of thousands of implementers in under 100 ms (level
by level it costs one round trip and one Python merge per level; a variable-length pattern
enumerates paths, not nodes). So at load time, for every document with at least `CLOSURE_MIN`
transitive implementers, the loader computes `implementer_walk(target, MAX_DEPTH)` — the very
function the query backends use — from the export's IMPLEMENTS edges and stores it on one
`(:CpgraphClosure {target})` node:

- `ids`: every implementer, in the order `implementers` answers them (depth, date, id);
- `depths`, `parents`: their depth and the walk's parent (parallel lists);
- `depth_ends[k]`: how many implementers lie at depth ≤ k + 1 (a prefix of `ids`);
- `head_ids`, `head_depths`, `head_parents`: the first `HEAD_SIZE` of those lists again: the API's default
  page reads these short lists, not the whole ones (Neo4j reads a list property whole, then slices it:
  ~100 ms for a 40,000-id tree at 100,000 documents);
- `beyond`: documents lie deeper than MAX_DEPTH (the walk was cut);
- `levels`, `provinces`, `coverage_map`, `coverage_<level>`: per-directive facts (`queries.neo4j_facts`):
  each implementer's level and province, and the coverage answers by level, stored as JSON;
- `digest`: of all the above; a load rewrites only closures whose digest changed.

A walk bounded at depth d < MAX_DEPTH is the prefix of `ids` with depth ≤ d (breadth-first
depths and parents do not depend on the bound). Smaller trees are walked at query time.
"""
from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from queries.common import date_key, implementer_walk
from queries.interface import MAX_DEPTH
from queries.neo4j_facts import Facts, export_summaries, facts_of

CLOSURE_MIN = 500
HEAD_SIZE = 500  # the API's default page of implementers
WRITE_BATCH = 20

SCHEMA = ("CREATE CONSTRAINT cpgraph_closure_target IF NOT EXISTS "
          "FOR (c:CpgraphClosure) REQUIRE c.target IS UNIQUE")
DIGESTS = "MATCH (c:CpgraphClosure) RETURN c.target AS target, c.digest AS digest"
WRITE = "UNWIND $rows AS row MERGE (c:CpgraphClosure {target: row.target}) SET c = row"
DELETE = "UNWIND $targets AS target MATCH (c:CpgraphClosure {target: target}) DELETE c"

# The backend's reads: the first `n` implementers (an unfiltered page), or all of them.
HEAD = """
MATCH (c:CpgraphClosure {target: $id})
WITH c, $n <= size(c.head_ids) AS short
RETURN CASE WHEN short THEN c.head_ids[0..$n] ELSE c.ids[0..$n] END AS ids,
       CASE WHEN short THEN c.head_depths[0..$n] ELSE c.depths[0..$n] END AS depths,
       CASE WHEN short THEN c.head_parents[0..$n] ELSE c.parents[0..$n] END AS parents,
       c.depth_ends AS depth_ends, c.beyond AS beyond
"""
WHOLE = """
MATCH (c:CpgraphClosure {target: $id})
RETURN c.ids AS ids, c.depths AS depths, c.parents AS parents, c.depth_ends AS depth_ends, c.beyond AS beyond,
       c.levels AS levels, c.provinces AS provinces
"""
# The stored coverage answer of one level (`$key`: `coverage_province|district|commune`), as JSON text.
COVERAGE = """
MATCH (c:CpgraphClosure {target: $id})
RETURN c.coverage_map AS map, c[$key] AS body
"""


@dataclass(frozen=True)
class Closure:
    """One stored walk (see the module docstring)."""

    target: str
    ids: list[str]
    depths: list[int]
    parents: list[str]
    depth_ends: list[int]
    beyond: bool
    levels: list[str] | None = None  # per-directive facts (queries.neo4j_facts); None when not read
    provinces: list[str] | None = None
    facts: Facts | None = None

    def within(self, depth: int) -> int:
        """How many implementers lie at depth ≤ `depth`."""
        if depth <= 0:
            return 0
        return self.depth_ends[min(depth, len(self.depth_ends)) - 1] if self.depth_ends else 0

    def cut(self, depth: int) -> bool:
        """Whether a walk bounded at `depth` is truncated (documents lie deeper)."""
        return self.beyond if depth >= MAX_DEPTH else self.within(depth) < self.total

    @property
    def total(self) -> int:
        """Implementers within MAX_DEPTH (also when only a prefix of `ids` was read)."""
        return self.depth_ends[-1] if self.depth_ends else 0

    def row(self) -> dict[str, Any]:
        row: dict[str, Any] = {"target": self.target, "ids": self.ids, "depths": self.depths,
                               "parents": self.parents, "depth_ends": self.depth_ends, "beyond": self.beyond,
                               "head_ids": self.ids[:HEAD_SIZE], "head_depths": self.depths[:HEAD_SIZE],
                               "head_parents": self.parents[:HEAD_SIZE]}
        if self.facts is not None:
            row.update(levels=self.facts.levels, provinces=self.facts.provinces,
                       coverage_map=self.facts.coverage_map)
            row.update((f"coverage_{level}", body) for level, body in self.facts.coverage.items())
        row["digest"] = hashlib.sha1(repr(sorted(row.items())).encode("utf-8")).hexdigest()[:16]
        return row


def implements_adjacency(export: Mapping[str, Any]) -> dict[str, list[str]]:
    """target -> the documents implementing it (IMPLEMENTS between two documents of the export)."""
    documents = {n["id"] for n in export.get("nodes", []) if n.get("kind") == "document"}
    adjacency: dict[str, set[str]] = defaultdict(set)
    for edge in export.get("edges", []):
        if edge["type"] == "IMPLEMENTS" and edge["source"] in documents and edge["target"] in documents:
            adjacency[edge["target"]].add(edge["source"])
    return {target: sorted(sources) for target, sources in adjacency.items()}


def _reaches(adjacency: Mapping[str, list[str]], target: str, minimum: int) -> bool:
    """Whether `target` has at least `minimum` transitive implementers within MAX_DEPTH (stops early)."""
    seen = {target}
    frontier = [target]
    for _ in range(MAX_DEPTH):
        found = []
        for node in frontier:
            for child in adjacency.get(node, ()):
                if child not in seen:
                    seen.add(child)
                    found.append(child)
                    if len(seen) > minimum:
                        return True
        frontier = found
        if not frontier:
            break
    return False


def closures(export: Mapping[str, Any], minimum: int | None = None, facts: bool = True) -> dict[str, Closure]:
    """The stored walk of every document with at least `minimum` (default `CLOSURE_MIN`, read at call
    time) implementers, by target id; with `facts`, each with its per-directive facts."""
    minimum = CLOSURE_MIN if minimum is None else minimum
    adjacency = implements_adjacency(export)
    dates = {n["id"]: n.get("date") for n in export.get("nodes", []) if n.get("kind") == "document"}
    found: dict[str, Closure] = {}
    empty: list[str] = []
    for target in sorted(adjacency):
        if not _reaches(adjacency, target, minimum):
            continue
        walk = implementer_walk(target, lambda node: adjacency.get(node, empty), MAX_DEPTH)
        order = sorted(walk.depth, key=lambda d: (walk.depth[d], date_key(dates.get(d)), d))
        depths = [walk.depth[d] for d in order]
        ends = [sum(1 for x in depths if x <= k) for k in range(1, (depths[-1] if depths else 0) + 1)]
        found[target] = Closure(target=target, ids=order, depths=depths,
                                parents=[walk.parent[d] for d in order], depth_ends=ends,
                                beyond=walk.truncated)
    if facts and found:
        summaries = export_summaries(export, {d for c in found.values() for d in (c.target, *c.ids)})
        for target, closure in found.items():
            fact = facts_of(target, closure.ids, summaries)
            found[target] = Closure(target=target, ids=closure.ids, depths=closure.depths,
                                    parents=closure.parents, depth_ends=closure.depth_ends,
                                    beyond=closure.beyond, levels=fact.levels, provinces=fact.provinces,
                                    facts=fact)
    return found


def sync_closures(driver: Any, export: Mapping[str, Any], database: str = "neo4j",
                  minimum: int | None = None,
                  computed: Mapping[str, Closure] | None = None) -> dict[str, int]:
    """Make the database's `:CpgraphClosure` nodes those of this export (`computed`: its `closures`,
    when already computed); returns written/deleted counts."""
    found = closures(export, minimum) if computed is None else computed
    wanted = {target: closure.row() for target, closure in found.items()}
    with driver.session(database=database) as session:
        session.run(SCHEMA).consume()
        held = {r["target"]: r["digest"] for r in session.run(DIGESTS)}
        stale = sorted(t for t in held if t not in wanted)
        changed = [row for target, row in sorted(wanted.items()) if held.get(target) != row["digest"]]
        if stale:
            session.run(DELETE, targets=stale).consume()
        for start in range(0, len(changed), WRITE_BATCH):
            session.run(WRITE, rows=changed[start:start + WRITE_BATCH]).consume()
    return {"closures": len(wanted), "closures_written": len(changed), "closures_deleted": len(stale)}


def closure_of(record: Mapping[str, Any], target: str) -> Closure:
    """A Closure from a HEAD or WHOLE record (HEAD: a prefix of the lists)."""
    levels, provinces = record.get("levels"), record.get("provinces")
    return Closure(target=target, ids=list(record["ids"]), depths=list(record["depths"]),
                   parents=list(record["parents"]), depth_ends=list(record["depth_ends"]),
                   beyond=bool(record["beyond"]), levels=None if levels is None else list(levels),
                   provinces=None if provinces is None else list(provinces))


__all__ = ["CLOSURE_MIN", "COVERAGE", "Closure", "closure_of", "closures", "implements_adjacency",
           "sync_closures"]
