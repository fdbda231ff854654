"""The gazetteer in Neo4j, so "where not" is one Cypher query: `:Unit` nodes of both maps.

- `(:Unit {uid, map, level, code, name, full_name, province, district, caption})`: the 2019 map (63
  provinces, 696 districts, ~10,035 communes) and the 2025 map (34 provinces, 3,321 communes).
- `(:Unit)-[:PART_OF]->(:Unit)`: commune → district → province (2019), commune → province (2025).
- `(:Unit)-[:SUCCEEDED_BY]->(:Unit)`: 2019 province → 2025 province; 2019 commune → every 2025 commune it
  went into; 2019 district → the 2025 province that holds it.
- `(:Document)-[:LOCATED_IN]->(:Unit)`: a document of a province, district or commune body → its unit,
  found as coverage finds it (`queries.common_coverage`): the 2019 unit, or for documents of a new unit
  (from July 2025) the 2025 unit.

The units are written once (a `:CpgraphUnits` node keeps the version of the data); LOCATED_IN is
rewritten only when the set of (document, unit) pairs changed (its digest is kept on the same node).
"""
from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from queries import map2025
from queries.common import level_of, summary_of
from queries.common_coverage import _match_2025, default_gazetteer, match_unit

UNITS_VERSION = "vietnamadminunits-1.0.4/1"
BATCH = 5000

SCHEMA = (
    "CREATE CONSTRAINT unit_uid IF NOT EXISTS FOR (u:Unit) REQUIRE u.uid IS UNIQUE",
    "CREATE INDEX unit_level IF NOT EXISTS FOR (u:Unit) ON (u.map, u.level)",
)
UNITS_STATE = """OPTIONAL MATCH (m:CpgraphUnits {id: 'units'})
CALL () { MATCH ()-[r:LOCATED_IN]->() RETURN count(r) AS links }
RETURN m.version AS version, m.located AS located, links"""
SET_UNITS_STATE = "MERGE (m:CpgraphUnits {id: 'units'}) SET m.version = $version, m.located = $located"
CLEAR_UNITS = "MATCH (u:Unit) CALL (u) { DETACH DELETE u } IN TRANSACTIONS OF 5000 ROWS"
CREATE_UNITS = "UNWIND $rows AS row CREATE (u:Unit) SET u = row"
CREATE_LINKS = {
    kind: ("UNWIND $rows AS row MATCH (a:Unit {uid: row[0]}) MATCH (b:Unit {uid: row[1]}) "
           f"CREATE (a)-[:{kind}]->(b)")
    for kind in ("PART_OF", "SUCCEEDED_BY")
}
CLEAR_LOCATED = "MATCH ()-[r:LOCATED_IN]->() CALL (r) { DELETE r } IN TRANSACTIONS OF 10000 ROWS"
CREATE_LOCATED = ("UNWIND $rows AS row MATCH (d:Document {id: row[0]}) MATCH (u:Unit {uid: row[1]}) "
                  "CREATE (d)-[:LOCATED_IN]->(u)")


def uid(map_year: str, level: str, code: str) -> str:
    """The key of a unit: `2019:district:502`, `2025:commune:15271`."""
    return f"{map_year}:{level}:{code}"


def _row(map_year: str, u: Any, full_name: str) -> dict[str, Any]:
    row = {"uid": uid(map_year, u.level, u.code), "map": int(map_year), "level": u.level, "code": u.code,
           "name": u.name, "full_name": full_name, "province": u.province, "district": u.district,
           "caption": f"{full_name} ({map_year})", "lat": u.lat, "lon": u.lon}
    return {k: v for k, v in row.items() if v is not None}


Pairs = list[tuple[str, str]]


def unit_rows(gazetteer: Any = None) -> tuple[list[dict[str, Any]], Pairs, Pairs]:
    """(unit nodes, PART_OF pairs, SUCCEEDED_BY pairs) of both maps, in a fixed order."""
    g = gazetteer or default_gazetteer()
    rows: list[dict[str, Any]] = []
    part_of: list[tuple[str, str]] = []
    succeeded: list[tuple[str, str]] = []
    for p in g.provinces():
        rows.append(_row("2019", p, p.full_name))
        new = map2025.province_of_legacy(p.code)
        if new is not None:
            succeeded.append((uid("2019", "province", p.code), uid("2025", "province", new.code)))
    for d in g.districts():
        rows.append(_row("2019", d, d.full_name))
        part_of.append((uid("2019", "district", d.code), uid("2019", "province", d.province_code)))
        new = map2025.province_of_legacy(d.province_code)
        if new is not None:
            succeeded.append((uid("2019", "district", d.code), uid("2025", "province", new.code)))
    for c in g.communes():
        rows.append(_row("2019", c, c.full_name))
        part_of.append((uid("2019", "commune", c.code), uid("2019", "district", c.district_code)))
        succeeded += [(uid("2019", "commune", c.code), uid("2025", "commune", n.code))
                      for n in map2025.communes_of_legacy(c.code)]
    for p in map2025.provinces():
        rows.append(_row("2025", p, p.full_name))
    for c in map2025.communes():
        rows.append(_row("2025", c, c.full_name))
        part_of.append((uid("2025", "commune", c.code), uid("2025", "province", c.province_code)))
    return rows, part_of, sorted(set(succeeded))


def located_pairs(export: Mapping[str, Any], gazetteer: Any = None) -> list[tuple[str, str]]:
    """(document id, unit uid) for every document of a province, district or commune body."""
    g = gazetteer or default_gazetteer()
    nodes = {n["id"]: n for n in export.get("nodes", [])}
    pairs = []
    for node in nodes.values():
        if node.get("kind") != "document":
            continue
        issuer = nodes.get(node.get("issuer") or "")
        issuer = issuer if issuer and issuer.get("kind") == "organization" else None
        level = level_of(node, issuer)
        if level not in ("province", "district", "commune"):
            continue
        doc = summary_of(node["id"], node, issuer)
        old = match_unit(g, doc, level)  # type: ignore[arg-type]
        if old is not None:
            pairs.append((node["id"], uid("2019", level, old.code)))
            continue
        if level != "district":
            placed = _match_2025(g, doc, level)  # type: ignore[arg-type]
            if placed.units and placed.via is None:
                pairs.append((node["id"], uid("2025", level, placed.units[0].code)))
    return sorted(pairs)


def located_digest(pairs: list[tuple[str, str]]) -> str:
    """The digest of a set of LOCATED_IN pairs (kept on `:CpgraphUnits`: rewritten when it changes)."""
    return hashlib.sha1(repr(pairs).encode("utf-8")).hexdigest()[:16]


def _batches(rows: list[Any]) -> Iterator[list[Any]]:
    for i in range(0, len(rows), BATCH):
        yield rows[i:i + BATCH]


def _write(session: Any, query: str, rows: Iterable[Any]) -> None:
    for batch in _batches(list(rows)):
        session.run(query, rows=[list(r) if isinstance(r, tuple) else r for r in batch]).consume()


def load_units(driver: Any, export: Mapping[str, Any], database: str = "neo4j") -> dict[str, int]:
    """Make the database hold the units of both maps and this export's LOCATED_IN links (idempotent)."""
    pairs = located_pairs(export)
    digest = located_digest(pairs)
    written = {"units": 0, "located": 0}
    with driver.session(database=database) as session:
        for statement in SCHEMA:
            session.run(statement).consume()
        state = session.run(UNITS_STATE).single()
        version, located = (state["version"], state["located"]) if state else (None, None)
        if state and state["links"] != len(pairs):  # links deleted with re-loaded documents
            located = None
        if version != UNITS_VERSION:
            session.run(CLEAR_UNITS).consume()
            rows, part_of, succeeded = unit_rows()
            _write(session, CREATE_UNITS, rows)
            session.run("CALL db.awaitIndexes(300)").consume()
            _write(session, CREATE_LINKS["PART_OF"], part_of)
            _write(session, CREATE_LINKS["SUCCEEDED_BY"], succeeded)
            written["units"] = len(rows)
            located = None
        if located != digest:
            session.run(CLEAR_LOCATED).consume()
            _write(session, CREATE_LOCATED, pairs)
            written["located"] = len(pairs)
        session.run(SET_UNITS_STATE, version=UNITS_VERSION, located=digest).consume()
    return written


__all__ = ["UNITS_VERSION", "load_units", "located_digest", "located_pairs", "uid", "unit_rows"]
