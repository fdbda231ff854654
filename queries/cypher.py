"""Every Cypher statement of the project, in one place. Values always travel as parameters.

Labels and relationship types cannot be parameters in Cypher; the few statements that name
one are built here, once, from the closed vocabularies below (never from input data).

Graph shape in Neo4j (CONTRACT.md, plus display helpers):
- `(:Document:<TypeLabel>:<LevelLabel> {id, kind, doc_type, number, symbol, year, date, title, issuer,
  province, district, commune, ingested, source, flags, level, label, caption, load_hash})`
- `(:Organization:<LevelLabel> {id, kind, name, level, province, district, commune, parent, caption,
  load_hash})`
- `-[:IMPLEMENTS|CITES|AMENDS|REPEALS|ISSUED_BY|PART_OF {evidence_in, evidence_start, evidence_end,
  evidence_text}]->` (the evidence lists only when the edge has evidence; a node's `load_hash`
  covers its outgoing relationships)
- one `(:CpgraphLoad {id: 'cpgraph'})` node whose `stamp` changes whenever a load changes the graph.
"""
from __future__ import annotations

from dataclasses import dataclass

# doc_type (CONTRACT.md) -> its Neo4j label; anything else gets OTHER_LABEL.
TYPE_LABELS: dict[str, str] = {
    "chi_thi": "ChiThi",
    "nghi_quyet": "NghiQuyet",
    "luat": "Luat",
    "nghi_dinh": "NghiDinh",
    "quyet_dinh": "QuyetDinh",
    "thong_tu": "ThongTu",
    "ke_hoach": "KeHoach",
    "cong_van": "CongVan",
    "thong_bao": "ThongBao",
    "ket_luan": "KetLuan",
    "chuong_trinh": "ChuongTrinh",
    "de_an": "DeAn",
    "huong_dan": "HuongDan",
    "bao_cao": "BaoCao",
    "cong_dien": "CongDien",
    "van_ban_hop_nhat": "VanBanHopNhat",
    "cong_uoc": "CongUoc",
    "other": "VanBanKhac",
}
OTHER_LABEL = TYPE_LABELS["other"]
ALL_TYPE_LABELS = tuple(sorted(set(TYPE_LABELS.values())))

# Level of the issuing body (documents) or of the organization -> a label, for Browser styles.
LEVEL_LABELS: dict[str, str] = {
    "central": "Central",
    "province": "Province",
    "district": "District",
    "commune": "Commune",
    "unit": "School",  # schools and other units; `:Unit` is the gazetteer's (queries.neo4j_units)
}
# Labels of earlier loads to take off documents and organizations (`Unit` was the schools' label).
RETIRED_LABELS = ("Unit",)

DOCUMENT = "Document"
ORGANIZATION = "Organization"
NODE_LABELS = {"document": DOCUMENT, "organization": ORGANIZATION}
REL_TYPES = ("IMPLEMENTS", "CITES", "AMENDS", "REPEALS", "ISSUED_BY", "PART_OF")


def type_label(doc_type: str | None) -> str:
    """The Neo4j label of a doc_type (`VanBanKhac` when outside the vocabulary)."""
    return TYPE_LABELS.get(doc_type or "other", OTHER_LABEL)


def extra_labels(kind: str | None, doc_type: str | None, level: str | None) -> tuple[list[str], list[str]]:
    """(labels to set, labels to remove) beside `Document`/`Organization`: type and level labels."""
    labels = [type_label(doc_type)] if kind == "document" else []
    if level in LEVEL_LABELS:
        labels.append(LEVEL_LABELS[level])
    vocabulary = (*ALL_TYPE_LABELS, *LEVEL_LABELS.values(), *RETIRED_LABELS)
    return labels, [x for x in vocabulary if x not in labels]


# ------------------------------------------------------------------------------ schema

CONSTRAINTS = (
    "CREATE CONSTRAINT document_id IF NOT EXISTS FOR (d:Document) REQUIRE d.id IS UNIQUE",
    "CREATE CONSTRAINT organization_id IF NOT EXISTS FOR (o:Organization) REQUIRE o.id IS UNIQUE",
    "CREATE CONSTRAINT cpgraph_load_id IF NOT EXISTS FOR (m:CpgraphLoad) REQUIRE m.id IS UNIQUE",
    "CREATE INDEX document_number IF NOT EXISTS FOR (d:Document) ON (d.number)",
    "CREATE INDEX document_doc_type IF NOT EXISTS FOR (d:Document) ON (d.doc_type)",
    "CREATE INDEX document_ingested IF NOT EXISTS FOR (d:Document) ON (d.ingested)",
)
AWAIT_INDEXES = "CALL db.awaitIndexes(300)"

# ------------------------------------------------------------------------------ loader

EXISTING_NODES = """
MATCH (n) WHERE n:Document OR n:Organization
RETURN n.id AS id, n.kind AS kind, n.load_hash AS hash
"""

EXISTING_EDGES = """
MATCH (a:Document|Organization)-[r]->(b:Document|Organization)
RETURN a.id AS source, b.id AS target, type(r) AS type
"""


def create_nodes(labels: tuple[str, ...]) -> str:
    """CREATE statement for new nodes with exactly these labels (from the closed vocabularies)."""
    allowed = {DOCUMENT, ORGANIZATION, *ALL_TYPE_LABELS, *LEVEL_LABELS.values()}
    if not labels or labels[0] not in NODE_LABELS.values() or not set(labels) <= allowed:
        raise ValueError(f"labels outside the vocabulary: {labels!r}")
    return "UNWIND $rows AS row\nCREATE (n:" + ":".join(labels) + ")\nSET n = row"


# Labels ride along as parameters through Cypher 5.26's dynamic labels `$(...)`: `labels` are the
# node's type and level labels, `drop` every other label of those vocabularies (a changed type).
UPSERT_DOCUMENTS = """
UNWIND $rows AS row
MERGE (d:Document {id: row.id})
SET d = row.props
REMOVE d:$(row.drop)
SET d:$(row.labels)
"""

UPSERT_ORGANIZATIONS = """
UNWIND $rows AS row
MERGE (o:Organization {id: row.id})
SET o = row.props
REMOVE o:$(row.drop)
SET o:$(row.labels)
"""

DELETE_DOCUMENTS = """
UNWIND $ids AS id
MATCH (n:Document {id: id})
DETACH DELETE n
"""

DELETE_ORGANIZATIONS = """
UNWIND $ids AS id
MATCH (n:Organization {id: id})
DETACH DELETE n
"""


@dataclass(frozen=True)
class EdgeShape:
    """A relationship type with the labels of its two ends (selects the right MERGE statement)."""

    type: str
    source: str
    target: str


# The evidence travels as the export's list of maps and is stored as parallel lists.
EVIDENCE_PROPERTIES = (
    " {evidence_in: [e IN row.evidence | e.`in`],"
    " evidence_start: [e IN row.evidence | toInteger(e.`start`)],"
    " evidence_end: [e IN row.evidence | toInteger(e.`end`)],"
    " evidence_text: [e IN row.evidence | coalesce(toString(e.text), '')]}"
)


def _create_edges(shape: EdgeShape, with_evidence: bool) -> str:
    return (
        "UNWIND $rows AS row\n"
        f"MATCH (a:{shape.source} {{id: row.source}})\n"
        f"MATCH (b:{shape.target} {{id: row.target}})\n"
        f"CREATE (a)-[:{shape.type}{EVIDENCE_PROPERTIES if with_evidence else ''}]->(b)"
    )


def _delete_edges(source_label: str) -> str:
    return (
        "UNWIND $rows AS row\n"
        f"MATCH (a:{source_label} {{id: row.source}})-[r]->(b {{id: row.target}})\n"
        "WHERE type(r) = row.type\n"
        "DELETE r"
    )


EDGE_SHAPES = tuple(EdgeShape(t, s, g) for t in REL_TYPES for s in (DOCUMENT, ORGANIZATION)
                    for g in (DOCUMENT, ORGANIZATION))
# Only CREATE: the loader writes relationships the database does not hold (it has just read them,
# and deleted those of changed documents). One statement per shape, so the type is static;
# `CREATE_BARE_EDGES` for relationships without evidence (no properties).
CREATE_EDGES: dict[EdgeShape, str] = {shape: _create_edges(shape, True) for shape in EDGE_SHAPES}
CREATE_BARE_EDGES: dict[EdgeShape, str] = {shape: _create_edges(shape, False) for shape in EDGE_SHAPES}
DELETE_EDGES: dict[str, str] = {label: _delete_edges(label) for label in (DOCUMENT, ORGANIZATION)}

# What a load checks first: the stamp of the last load and the counts (from the count store).
# Relationships of the export: every relationship but the gazetteer's (`queries.neo4j_units`); each
# count below comes from the count store (a type, at most one label), so this stays instant at scale.
LOAD_CHECK = """
OPTIONAL MATCH (m:CpgraphLoad {id: 'cpgraph'})
CALL () { MATCH (d:Document) RETURN count(d) AS documents }
CALL () { MATCH (o:Organization) RETURN count(o) AS organizations }
CALL () { MATCH ()-[r]->() RETURN count(r) AS everything }
CALL () { MATCH ()-[r:LOCATED_IN]->() RETURN count(r) AS located }
CALL () { MATCH ()-[r:SUCCEEDED_BY]->() RETURN count(r) AS succeeded }
CALL () { MATCH (:Unit)-[r:PART_OF]->() RETURN count(r) AS unit_parts }
RETURN m.stamp AS stamp, m.graph_sha256 AS graph, documents, organizations,
       everything - located - succeeded - unit_parts AS relationships
"""

# `graph_sha256`: the SHA-256 of the graph file loaded (`queries.snapshot.graph_digest`), null when the
# export came from elsewhere; the backend takes its catalog from a serving snapshot of that very file.
SET_LOAD_STAMP = """
MERGE (m:CpgraphLoad {id: 'cpgraph'})
SET m.stamp = $stamp, m.nodes = $nodes, m.edges = $edges, m.graph_sha256 = $graph
"""

SET_GRAPH_KEY = "MATCH (m:CpgraphLoad {id: 'cpgraph'}) SET m.graph_sha256 = $graph"

COUNTS = """
CALL () { MATCH (d:Document) RETURN count(d) AS documents }
CALL () { MATCH (o:Organization) RETURN count(o) AS organizations }
RETURN documents, organizations
"""


# Everything but the gazetteer (`queries.neo4j_units`), which no export changes: reloading 14,000 units
# for every test or benchmark would only cost time.
CLEAR_ALL = """
MATCH (n) WHERE NOT n:Unit AND NOT n:CpgraphUnits
CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS
"""

# ------------------------------------------------------------------------------ query backend

LOAD_STAMP = "MATCH (m:CpgraphLoad {id: 'cpgraph'}) RETURN m.stamp AS stamp, m.graph_sha256 AS graph"

# Documents by id, with their issuer organization (found by the `issuer` property, as networkx does).
DOCUMENTS_BY_ID = """
UNWIND $ids AS id
MATCH (d:Document {id: id})
OPTIONAL MATCH (o:Organization {id: d.issuer})
RETURN d.id AS id, properties(d) AS attrs, properties(o) AS issuer
"""

# Every document for the resolve index, with how many documents cite it (its prominence).
ALL_DOCUMENTS = """
MATCH (d:Document)
OPTIONAL MATCH (o:Organization {id: d.issuer})
RETURN d.id AS id, properties(d) AS attrs, properties(o) AS issuer,
       COUNT { (:Document)-[:IMPLEMENTS|CITES|AMENDS|REPEALS]->(d) } AS cited
"""

DOCUMENT_DETAIL = """
MATCH (d:Document {id: $id})
OPTIONAL MATCH (o:Organization {id: d.issuer})
CALL (d) {
  OPTIONAL MATCH (d)-[r]->(x:Document)
  RETURN collect({type: type(r), other: x.id, ev_in: r.evidence_in, ev_start: r.evidence_start,
                  ev_end: r.evidence_end, ev_text: r.evidence_text}) AS outgoing
}
CALL (d) {
  OPTIONAL MATCH (x:Document)-[r]->(d)
  RETURN collect({type: type(r), other: x.id, ev_in: r.evidence_in, ev_start: r.evidence_start,
                  ev_end: r.evidence_end, ev_text: r.evidence_text}) AS incoming
}
OPTIONAL MATCH (parent:Organization {id: o.parent})
RETURN d.source AS source, o.parent AS issuer_parent, parent.name AS issuer_parent_name, outgoing, incoming
"""

# A document page's relations without their evidence (the page is cut, then its evidence read).
DOCUMENT_RELATIONS = """
MATCH (d:Document {id: $id})
OPTIONAL MATCH (o:Organization {id: d.issuer})
OPTIONAL MATCH (parent:Organization {id: o.parent})
RETURN d.source AS source, o.parent AS issuer_parent, parent.name AS issuer_parent_name,
       COLLECT { MATCH (d)-[r]->(x:Document) RETURN [type(r), x.id] } AS outgoing,
       COLLECT { MATCH (x:Document)-[r]->(d) RETURN [type(r), x.id] } AS incoming
"""

# The evidence of given relationships (source, target, type): one page of a document's relations.
# Index hints on both ends make the planner seek both and join them with Expand(Into), which walks
# from the end of smaller degree. Without them it seeks one end and expands all its relationships:
# for a page of 50 incoming relations of a directive at 100k, 742,000 db hits instead of 636.
EVIDENCE_OF = """
UNWIND $rows AS row
MATCH (a:Document {id: row[0]})-[r]->(b:Document {id: row[1]})
USING INDEX a:Document(id)
USING INDEX b:Document(id)
WHERE type(r) = row[2]
RETURN a.id AS source, b.id AS target, type(r) AS type, r.evidence_in AS ev_in,
       r.evidence_start AS ev_start, r.evidence_end AS ev_end, r.evidence_text AS ev_text
"""

# One breadth-first level over IMPLEMENTS: for each frontier document, the documents implementing it.
IMPLEMENTERS_OF = """
UNWIND $ids AS id
MATCH (:Document {id: id})<-[:IMPLEMENTS]-(c:Document)
RETURN id, collect(c.id) AS others
"""


# ... and the documents it implements (lineage goes upward).
IMPLEMENTED_BY = """
UNWIND $ids AS id
MATCH (:Document {id: id})-[:IMPLEMENTS]->(p:Document)
RETURN id, collect(p.id) AS others
"""

# Documents one citation edge away, either direction, any type (the graph view).
NEIGHBOURS = """
UNWIND $ids AS id
MATCH (:Document {id: id})-[]-(x:Document)
RETURN id, collect(DISTINCT x.id) AS others
"""

EDGES_AMONG = """
UNWIND $ids AS id
MATCH (a:Document {id: id})-[r]->(b:Document)
WHERE b.id IN $ids
RETURN a.id AS source, b.id AS target, type(r) AS type
"""

# stats() counts types, levels, years, flags and citations from the backend's catalog (ALL_DOCUMENTS,
# read once per load stamp) instead of five scans of every document per call (1.5M db hits at 100k).
STATS_COUNTS = """
CALL () { MATCH (d:Document) RETURN count(d) AS documents }
CALL () { MATCH (o:Organization) RETURN count(o) AS organizations }
RETURN documents, organizations
"""

# Relationships of the export by type, from the count store (one type, at most one label: O(1) each,
# instead of expanding every relationship): the gazetteer's PART_OF between units is taken off.
def _count_by_type() -> str:
    calls = "\n".join(f"CALL () {{ MATCH ()-[r:{t}]->() RETURN count(r) AS {t.lower()} }}" for t in REL_TYPES)
    rows = ", ".join(f"{{key: '{t}', count: {t.lower()}{' - unit_parts' if t == 'PART_OF' else ''}}}"
                     for t in REL_TYPES)
    return (f"{calls}\nCALL () {{ MATCH (:Unit)-[r:PART_OF]->() RETURN count(r) AS unit_parts }}\n"
            f"UNWIND [{rows}] AS row\nRETURN row.key AS key, row.count AS count")


STATS_EDGES = _count_by_type()
EDGE_COUNTS_BY_TYPE = STATS_EDGES  # rows (key, count); zero counts are left out by the callers


# ------------------------------------------------------------------------------ Browser guide


@dataclass(frozen=True)
class GuideQuery:
    """One ready query of the analyst's Browser guide."""

    slug: str
    title: str
    text: str
    cypher: str


GUIDE_QUERIES: tuple[GuideQuery, ...] = (
    GuideQuery(
        "implementers-28",
        "Văn bản nào thực hiện Chỉ thị 28-CT/TW?",
        "Các văn bản thực hiện trực tiếp Chỉ thị 28-CT/TW (2023) của Bộ Chính trị, kèm cơ quan ban hành.",
        """MATCH (ct:Document {number: '28', symbol: 'CT/TW', year: 2023})
MATCH (d:Document)-[r:IMPLEMENTS]->(ct)
OPTIONAL MATCH (d)-[i:ISSUED_BY]->(o:Organization)
RETURN ct, r, d, i, o""",
    ),
    GuideQuery(
        "implementers-28-chain",
        "Cả chuỗi thực hiện Chỉ thị 28-CT/TW",
        "Mọi văn bản thực hiện Chỉ thị 28-CT/TW, trực tiếp hoặc qua kế hoạch cấp trên (tối đa 6 bậc).",
        """MATCH (ct:Document {number: '28', symbol: 'CT/TW', year: 2023})
MATCH p = (d:Document)-[:IMPLEMENTS*1..6]->(ct)
RETURN p""",
    ),
    GuideQuery(
        "district-chain",
        "Từ kế hoạch cấp huyện lên đến chỉ thị",
        "Chuỗi thực hiện từ mỗi văn bản cấp huyện, xã lên đến văn bản gốc "
        "(văn bản không thực hiện văn bản nào).",
        """MATCH p = (d:Document)-[:IMPLEMENTS*1..8]->(root:Document)
WHERE d.level IN ['district', 'commune'] AND NOT (root)-[:IMPLEMENTS]->()
RETURN p LIMIT 50""",
    ),
    GuideQuery(
        "coverage-province",
        "Độ phủ theo tỉnh, cả những tỉnh chưa có văn bản",
        "Mỗi tỉnh (bản đồ trước 7/2025) có bao nhiêu văn bản cấp tỉnh thực hiện Chỉ thị 28-CT/TW, trực tiếp "
        "hoặc qua kế hoạch cấp trên; tỉnh chưa có văn bản nào đứng đầu danh sách.",
        """MATCH (ct:Document {number: '28', symbol: 'CT/TW', year: 2023})
OPTIONAL MATCH (d:Document)-[:IMPLEMENTS*1..12]->(ct)
WITH collect(DISTINCT d) AS plans
MATCH (p:Unit {map: 2019, level: 'province'})
OPTIONAL MATCH (p)<-[:LOCATED_IN]-(x:Document) WHERE x IN plans
WITH p, collect(x.caption) AS docs
RETURN p.name AS tinh, size(docs) AS so_van_ban, docs[..3] AS vi_du
ORDER BY so_van_ban, tinh""",
    ),
    GuideQuery(
        "districts-without-plan-20",
        "Huyện nào chưa có kế hoạch thực hiện Chỉ thị 20-CT/TW?",
        "Các huyện (bản đồ trước 7/2025) chưa có văn bản cấp huyện nào thực hiện Chỉ thị 20-CT/TW (2012), "
        "trực tiếp hay gián tiếp. Đổi level thành 'commune' để xem các xã.",
        """MATCH (ct:Document {number: '20', symbol: 'CT/TW', year: 2012})
OPTIONAL MATCH (d:Document)-[:IMPLEMENTS*1..12]->(ct)
WITH collect(DISTINCT d) AS plans
MATCH (u:Unit {map: 2019, level: 'district'})
WHERE NOT EXISTS { MATCH (u)<-[:LOCATED_IN]-(x:Document) WHERE x IN plans }
RETURN u.province AS tinh, u.name AS huyen, u.code AS ma
ORDER BY tinh, huyen""",
    ),
    GuideQuery(
        "communes-2025-without-plan-28",
        "Xã, phường (bản đồ 2025) chưa có kế hoạch thực hiện Chỉ thị 28-CT/TW",
        "Trên bản đồ từ 1/7/2025: một xã mới được tính là đã có kế hoạch nếu chính nó, hoặc một xã cũ "
        "đã nhập vào nó (SUCCEEDED_BY), có văn bản thực hiện.",
        """MATCH (ct:Document {number: '28', symbol: 'CT/TW', year: 2023})
OPTIONAL MATCH (d:Document)-[:IMPLEMENTS*1..12]->(ct)
WITH collect(DISTINCT d) AS plans
MATCH (u:Unit {map: 2025, level: 'commune'})
WHERE NOT EXISTS { MATCH (u)<-[:LOCATED_IN]-(x:Document) WHERE x IN plans }
  AND NOT EXISTS { MATCH (u)<-[:SUCCEEDED_BY]-(:Unit)<-[:LOCATED_IN]-(x:Document) WHERE x IN plans }
RETURN u.province AS tinh, u.name AS xa, u.code AS ma
ORDER BY tinh, xa LIMIT 500""",
    ),
    GuideQuery(
        "most-cited-laws",
        "Luật, nghị định được viện dẫn nhiều nhất",
        "Số văn bản khác nhau viện dẫn mỗi luật, nghị định, thông tư.",
        """MATCH (x:Document)-[r:CITES|IMPLEMENTS|AMENDS|REPEALS]->(d:Document)
WHERE d.doc_type IN ['luat', 'nghi_dinh', 'thong_tu', 'nghi_quyet']
RETURN d.caption AS van_ban, d.doc_type AS loai, count(DISTINCT x) AS so_lan_vien_dan
ORDER BY so_lan_vien_dan DESC, van_ban LIMIT 20""",
    ),
    GuideQuery(
        "missing",
        "Văn bản được nhắc đến nhưng chưa có trong kho",
        "Những văn bản chỉ được viện dẫn, chưa có toàn văn: cần thu thập tiếp.",
        """MATCH (x:Document)-[r]->(d:Document)
WHERE d.ingested = false
RETURN d.caption AS van_ban, d.doc_type AS loai, count(DISTINCT x) AS so_van_ban_nhac_den
ORDER BY so_van_ban_nhac_den DESC, van_ban LIMIT 50""",
    ),
    GuideQuery(
        "lag-by-level",
        "Độ trễ từ chỉ thị đến kế hoạch, theo cấp",
        "Số ngày trung bình, ngắn nhất, dài nhất từ ngày ban hành chỉ thị đến văn bản thực hiện "
        "trực tiếp, theo cấp.",
        """MATCH (d:Document)-[:IMPLEMENTS]->(ct:ChiThi)
WHERE d.date IS NOT NULL AND ct.date IS NOT NULL AND size(d.date) = 10 AND size(ct.date) = 10
WITH ct, d, duration.inDays(date(ct.date), date(d.date)).days AS lag
RETURN ct.caption AS chi_thi, coalesce(d.level, 'unknown') AS cap, count(d) AS so_van_ban,
       round(avg(lag)) AS tre_trung_binh, min(lag) AS ngan_nhat, max(lag) AS dai_nhat
ORDER BY chi_thi, cap""",
    ),
    GuideQuery(
        "evidence",
        "Vì sao đồ thị nói A thực hiện B?",
        "Câu văn làm căn cứ cho mỗi quan hệ IMPLEMENTS "
        "(bấm vào quan hệ trong hình để xem thuộc tính evidence_text).",
        """MATCH (a:Document)-[r:IMPLEMENTS]->(b:Document)
RETURN a.caption AS van_ban, b.caption AS thuc_hien, r.evidence_text[0] AS can_cu
ORDER BY van_ban, thuc_hien LIMIT 50""",
    ),
    GuideQuery(
        "by-type-level",
        "Kho văn bản theo loại và cấp",
        "Số văn bản theo loại và cấp ban hành.",
        """MATCH (d:Document)
RETURN d.doc_type AS loai, coalesce(d.level, 'unknown') AS cap, count(d) AS so_van_ban
ORDER BY loai, cap""",
    ),
    GuideQuery(
        "flags",
        "Văn bản có dữ liệu mâu thuẫn",
        "Văn bản mang cờ (ngày mâu thuẫn số hiệu, không số, cơ quan ban hành mâu thuẫn).",
        """MATCH (d:Document) WHERE size(d.flags) > 0
RETURN d.caption AS van_ban, d.flags AS co, d.source AS tep
ORDER BY van_ban LIMIT 50""",
    ),
)
