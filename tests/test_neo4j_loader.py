"""The loader against the real server: schema first, labels, evidence properties, idempotence,
incremental replacement of a re-ingested file's edges, values never spliced into Cypher."""
from __future__ import annotations

import copy
import re
from typing import Any

import pytest
from test_neo4j_support import (
    load_fresh,
    neo4j_driver,  # noqa: F401
    neo4j_settings,  # noqa: F401
    synthetic_export,
)
from test_queries_networkx import small_export

from queries import cypher
from queries.neo4j_loader import counts, write_to_neo4j
from queries.neo4j_rows import caption, edge_rows, node_rows, outgoing_signatures

HOSTILE = "'}) DETACH DELETE n // \" ` $x {{"


# ------------------------------------------------------------------ pure parts

@pytest.mark.parametrize("attrs, issuer, expected", [
    ({"kind": "document", "doc_type": "chi_thi", "number": "28", "symbol": "CT/TW", "year": 2023,
      "title": "Về tăng cường công tác bảo vệ trẻ em"}, "Ban Bí thư", "28-CT/TW · Ban Bí thư"),
    ({"kind": "document", "doc_type": "ke_hoach", "number": "145", "symbol": "KH-UBND", "year": 2024},
     "UBND tỉnh Quảng Ngãi", "145/KH-UBND · UBND Quảng Ngãi"),
    ({"kind": "document", "doc_type": "nghi_dinh", "number": "56", "symbol": "NĐ-CP", "year": 2017}, None,
     "56/2017/NĐ-CP"),
    ({"kind": "document", "doc_type": "luat", "number": "102", "symbol": "QH13", "year": 2016,
      "title": "Luật Trẻ em"}, "Quốc hội", "Luật Trẻ em"),
    ({"kind": "document", "doc_type": "ke_hoach", "title": "x" * 80}, "UBND thị trấn Hà Trung",
     "Kế hoạch (không số) · UBND Hà Trung"),
    ({"kind": "document", "id": "seed-9"}, None, "seed-9"),
    ({"kind": "organization", "name": "UBND huyện Núi Thành"}, None, "UBND huyện Núi Thành"),
])
def test_caption(attrs: dict[str, Any], issuer: str | None, expected: str) -> None:
    assert caption(attrs, issuer) == expected


def test_rows_carry_labels_evidence_and_a_digest() -> None:
    export = small_export()
    nodes, edges = node_rows(export), edge_rows(export)
    directive = nodes["ct-tw-28-2023"]
    assert directive["labels"] == ["ChiThi", "Central"] and "KeHoach" in directive["drop"]
    assert directive["props"]["label"] == "Chỉ thị 28-CT/TW"
    edge = next(v for k, v in edges.items() if k[2] == "IMPLEMENTS")
    assert len(edge["evidence"]) == 1 and edge in export["edges"]
    assert all(not v["evidence"] for k, v in edges.items() if k[2] == "ISSUED_BY")
    again = node_rows(copy.deepcopy(export))
    assert again == nodes  # deterministic digests


def test_node_digest_covers_its_outgoing_edges() -> None:
    """A re-ingested file whose citations changed changes its document's digest, and only that one."""
    export = small_export()
    before = node_rows(export, outgoing_signatures(edge_rows(export)))
    changed = copy.deepcopy(export)
    edge = next(e for e in changed["edges"] if e.get("evidence"))
    edge["evidence"][0]["text"] = "Căn cứ khác."
    after = node_rows(changed, outgoing_signatures(edge_rows(changed)))
    differ = {k for k in before if before[k]["props"]["load_hash"] != after[k]["props"]["load_hash"]}
    assert differ == {edge["source"]}


def test_unknown_relationship_type_is_refused() -> None:
    export = small_export()
    export["edges"][0]["type"] = "LIKES"
    with pytest.raises(ValueError, match="LIKES"):
        edge_rows(export)


def test_statements_only_name_vocabulary_labels_and_types() -> None:
    """Labels and types spliced into statements come from the closed vocabularies, nothing else."""
    allowed = {*cypher.ALL_TYPE_LABELS, *cypher.LEVEL_LABELS.values(), cypher.DOCUMENT, cypher.ORGANIZATION,
               "CpgraphLoad", *cypher.REL_TYPES}
    nodes = [cypher.create_nodes(("Document", "KeHoach", "District")), cypher.create_nodes(("Organization",))]
    for statement in [*cypher.CREATE_EDGES.values(), *cypher.CREATE_BARE_EDGES.values(),
                      *cypher.DELETE_EDGES.values(), *nodes]:
        names = set(re.findall(r"[(\[]\w*:(\w+)", statement))
        assert names <= allowed, statement


@pytest.mark.parametrize("labels", [("Document", "x) DETACH DELETE n //"), ("Person",), (), ("KeHoach",)])
def test_create_nodes_refuses_labels_outside_the_vocabulary(labels: tuple[str, ...]) -> None:
    with pytest.raises(ValueError):
        cypher.create_nodes(labels)


# ------------------------------------------------------------------ against the server


@pytest.fixture()
def db(neo4j_driver: Any, neo4j_settings: Any) -> tuple[Any, str]:  # noqa: F811
    return neo4j_driver, neo4j_settings.database


def _labels(driver: Any, database: str, node_id: str) -> set[str]:
    records, _, _ = driver.execute_query("MATCH (n {id: $id}) RETURN labels(n) AS l", id=node_id,
                                         database_=database)
    return set(records[0]["l"])


@pytest.mark.neo4j
def test_constraints_exist_after_a_load(db: tuple[Any, str]) -> None:
    driver, database = db
    load_fresh(driver, small_export(), database)
    records, _, _ = driver.execute_query("SHOW CONSTRAINTS YIELD name RETURN collect(name) AS names",
                                         database_=database)
    assert {"document_id", "organization_id"} <= set(records[0]["names"])


@pytest.mark.neo4j
def test_load_is_idempotent(db: tuple[Any, str]) -> None:
    driver, database = db
    export = synthetic_export(300, seed=5)
    first = load_fresh(driver, export, database)
    after_first = counts(driver, database)
    second = write_to_neo4j(driver, export, database)
    assert counts(driver, database) == after_first
    assert first.nodes_written == len(export["nodes"]) and first.relationships_written == len(export["edges"])
    assert (second.nodes_written, second.relationships_written, second.nodes_deleted,
            second.relationships_deleted) == (0, 0, 0, 0)
    assert after_first["documents"] + after_first["organizations"] == len(export["nodes"])
    assert after_first["relationships"] == len(export["edges"])
    assert "compared" in second.seconds and "read back" not in second.seconds  # the stamp said so


@pytest.mark.neo4j
def test_reload_repairs_what_was_deleted_by_hand(db: tuple[Any, str]) -> None:
    """An analyst deleting in the Browser leaves the stamp as it was: the counts tell, the load repairs."""
    driver, database = db
    export = synthetic_export(300, seed=5)
    load_fresh(driver, export, database)
    before = counts(driver, database)
    driver.execute_query("MATCH (:Document)-[r:IMPLEMENTS]->() WITH r LIMIT 3 DELETE r", database_=database)
    driver.execute_query("MATCH (o:Organization) WITH o LIMIT 1 DETACH DELETE o", database_=database)
    again = write_to_neo4j(driver, export, database)
    assert "read back" in again.seconds
    assert again.nodes_written >= 1 and again.relationships_written >= 3
    assert counts(driver, database) == before


@pytest.mark.neo4j
def test_reingested_file_replaces_its_edges(db: tuple[Any, str]) -> None:
    driver, database = db
    export = small_export()
    load_fresh(driver, export, database)
    changed = copy.deepcopy(export)
    # seed-003 was re-ingested: it no longer cites the law, now CITES (not IMPLEMENTS) its plan,
    # and its type changed; the school letter disappeared with its file.
    changed["edges"] = [e for e in changed["edges"]
                        if not (e["source"] == "seed-003" and e["target"] == "luat-tre-em-2016")]
    for e in changed["edges"]:
        if e["source"] == "seed-003" and e["type"] == "IMPLEMENTS":
            e["type"] = "CITES"
            e["evidence"] = [{"in": "seed-003", "start": 1, "end": 9, "text": "Căn cứ kế hoạch mới."}]
    for n in changed["nodes"]:
        if n["id"] == "seed-003":
            n["doc_type"] = "cong_van"
    gone = "cv-truong-2-2020"
    changed["nodes"] = [n for n in changed["nodes"] if n["id"] != gone]
    changed["edges"] = [e for e in changed["edges"] if gone not in (e["source"], e["target"])]
    report = write_to_neo4j(driver, changed, database)
    assert report.nodes_deleted == 1 and report.relationships_deleted >= 3
    records, _, _ = driver.execute_query(
        "MATCH (:Document {id: 'seed-003'})-[r]->(b) RETURN type(r) AS t, b.id AS b, r.evidence_text AS ev "
        "ORDER BY b", database_=database)
    rels = {(r["t"], r["b"]) for r in records}
    assert ("CITES", "luat-tre-em-2016") not in rels
    assert any(t == "CITES" for t, b in rels if b == "kh-ubnd-121-2024@ha-trung")
    assert not any(t == "IMPLEMENTS" for t, _ in rels)
    assert ["Căn cứ kế hoạch mới."] in [r["ev"] for r in records]
    assert _labels(driver, database, "seed-003") >= {"Document", "CongVan"}
    assert "KeHoach" not in _labels(driver, database, "seed-003")
    c = counts(driver, database)
    assert c["relationships"] == len(changed["edges"])
    assert c["documents"] + c["organizations"] == len(changed["nodes"])


@pytest.mark.neo4j
def test_values_are_parameters_not_cypher(db: tuple[Any, str]) -> None:
    driver, database = db
    export = small_export()
    for n in export["nodes"]:
        if n["id"] == "ct-tw-28-2023":
            n["title"] = HOSTILE
    export["edges"][0]["evidence"][0]["text"] = HOSTILE
    load_fresh(driver, export, database)
    records, _, _ = driver.execute_query("MATCH (d:Document {id: 'ct-tw-28-2023'}) RETURN d.title AS t",
                                         database_=database)
    assert records[0]["t"] == HOSTILE
    assert counts(driver, database)["relationships"] == len(export["edges"])


@pytest.mark.neo4j
def test_evidence_is_stored_in_reading_order_and_dangling_edges_are_counted(db: tuple[Any, str]) -> None:
    """Evidence out of order in the export is stored sorted; an edge to no node is reported, not written."""
    driver, database = db
    export = small_export()
    edge = next(e for e in export["edges"] if e.get("evidence"))
    first = dict(edge["evidence"][0])
    later = {**first, "start": first["start"] + 500, "end": first["end"] + 500, "text": "sau"}
    edge["evidence"] = [later, first]
    dangling = {"source": edge["source"], "target": "no-such-node", "type": "CITES", "evidence": []}
    export["edges"].append(dangling)
    report = load_fresh(driver, export, database)
    records, _, _ = driver.execute_query(
        "MATCH (a {id: $s})-[r]->(b {id: $t}) RETURN r.evidence_start AS starts, r.evidence_text AS texts",
        s=edge["source"], t=edge["target"], database_=database)
    assert records[0]["starts"] == [first["start"], later["start"]]
    assert records[0]["texts"][1] == "sau"
    assert report.dangling == 1 and report.relationships_written == len(export["edges"]) - 1
    assert edge["evidence"][0] is later  # the export itself is left as it was
