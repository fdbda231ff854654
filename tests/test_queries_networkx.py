"""The networkx query backend on a small literal graph (written here, not read from the corpus).

Directive 28-CT/TW -> province plan, district plans 195-KH/HU and 121/KH-UBND (which also
implements 195) -> an unnumbered commune plan; a law cited by name; directive 20-CT/TW implemented
in Núi Thành and Giao Thủy; two documents numbered 121/KH-UBND in different districts; and a
two-document IMPLEMENTS cycle.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from ingest.export import SCHEMA, graph_from_export
from queries.interface import DocumentNotFound, GraphQueries
from queries.networkx_backend import NetworkxQueries

ORGS = [
    # id, name, level, province, district, commune, parent
    ("bo-chinh-tri", "Bộ Chính trị", "central", None, None, None, None),
    ("thu-tuong", "Thủ tướng Chính phủ", "central", None, None, None, None),
    ("quoc-hoi", "Quốc hội", "central", None, None, None, None),
    ("ubnd-tinh-thanh-hoa", "UBND tỉnh Thanh Hóa", "province", "Thanh Hóa", None, None, None),
    ("huyen-uy-ha-trung", "Ban Thường vụ Huyện ủy Hà Trung", "district", "Thanh Hóa", "Hà Trung", None, None),
    ("ubnd-huyen-ha-trung", "UBND huyện Hà Trung", "district", "Thanh Hóa", "Hà Trung", None, None),
    ("ubnd-tt-ha-trung", "UBND thị trấn Hà Trung", "commune", "Thanh Hóa", "Hà Trung", "Hà Trung",
     "ubnd-huyen-ha-trung"),
    ("huyen-uy-nui-thanh", "Huyện ủy Núi Thành", "district", "Quảng Nam", "Núi Thành", None, None),
    ("ubnd-huyen-nui-thanh", "UBND huyện Núi Thành", "district", "Quảng Nam", "Núi Thành", None, None),
    ("huyen-uy-giao-thuy", "Huyện ủy Giao Thủy", "district", "Nam Định", "Giao Thủy", None, None),
    ("truong-th-a", "Trường Tiểu học A", "unit", None, None, None, None),
]

DOCS = [
    # id, doc_type, number, symbol, year, date, title, issuer, ingested, flags
    ("ct-tw-28-2023", "chi_thi", "28", "CT/TW", 2023, "2023-12-25",
     "Về tăng cường công tác bảo vệ trẻ em", "bo-chinh-tri", False, []),
    ("ct-ttg-28-2019", "chi_thi", "28", "CT-TTg", 2019, "2019-09-10", None, "thu-tuong", False, []),
    ("ct-tw-20-2012", "chi_thi", "20", "CT/TW", 2012, "2012-11-05", None, "bo-chinh-tri", False, []),
    ("luat-tre-em-2016", "luat", "102", "QH13", 2016, "2016-04-05", "Luật Trẻ em", "quoc-hoi", False, []),
    ("kh-ubnd-50-2024@thanh-hoa", "ke_hoach", "50", "KH-UBND", 2024, "2024-02-01",
     "Kế hoạch triển khai chỉ thị của Bộ Chính trị", "ubnd-tinh-thanh-hoa", False, []),
    ("kh-hu-195-2024@ha-trung", "ke_hoach", "195", "KH/HU", 2024, "2024-03-19", None,
     "huyen-uy-ha-trung", False, []),
    ("kh-ubnd-121-2024@ha-trung", "ke_hoach", "121", "KH-UBND", 2024, "2024-05-09",
     "Kế hoạch thực hiện chỉ thị về bảo vệ trẻ em", "ubnd-huyen-ha-trung", False, []),
    ("seed-003", "ke_hoach", None, "KH-UBND", 2024, "2024-05", "Kế hoạch bảo vệ trẻ em năm 2024",
     "ubnd-tt-ha-trung", True, ["unnumbered"]),
    ("kh-ubnd-121-2024@nui-thanh", "ke_hoach", "121", "KH-UBND", 2024, "2024-01-10", None,
     "ubnd-huyen-nui-thanh", False, []),
    ("kh-hu-42-2013@nui-thanh", "ke_hoach", "42", "KH/HU", 2013, "2013-07-12", None,
     "huyen-uy-nui-thanh", False, []),
    ("cv-hu-566-2019@giao-thuy", "cong_van", "566", "CV/HU", 2019, "2019-11-04", None,
     "huyen-uy-giao-thuy", True, []),
    ("cv-truong-1-2020", "cong_van", "1", "CV-TH", 2020, "2020-01-02", None, "truong-th-a", True, []),
    ("cv-truong-2-2020", "cong_van", "2", "CV-TH", 2020, "2020-01-03", None, "truong-th-a", True, []),
]

EDGES = [
    ("kh-ubnd-50-2024@thanh-hoa", "ct-tw-28-2023", "IMPLEMENTS"),
    ("kh-hu-195-2024@ha-trung", "ct-tw-28-2023", "IMPLEMENTS"),
    ("kh-ubnd-121-2024@ha-trung", "ct-tw-28-2023", "IMPLEMENTS"),
    ("kh-ubnd-121-2024@ha-trung", "kh-hu-195-2024@ha-trung", "IMPLEMENTS"),
    ("seed-003", "kh-ubnd-121-2024@ha-trung", "IMPLEMENTS"),
    ("seed-003", "luat-tre-em-2016", "CITES"),
    ("kh-ubnd-121-2024@nui-thanh", "ct-tw-20-2012", "IMPLEMENTS"),
    ("kh-hu-42-2013@nui-thanh", "ct-tw-20-2012", "IMPLEMENTS"),
    ("cv-hu-566-2019@giao-thuy", "ct-tw-20-2012", "IMPLEMENTS"),
    ("cv-hu-566-2019@giao-thuy", "luat-tre-em-2016", "CITES"),
    ("cv-truong-1-2020", "ct-tw-20-2012", "IMPLEMENTS"),
    ("cv-truong-1-2020", "cv-truong-2-2020", "IMPLEMENTS"),
    ("cv-truong-2-2020", "cv-truong-1-2020", "IMPLEMENTS"),
]


def small_export() -> dict[str, Any]:
    """The literal graph above in the export format of CONTRACT.md."""
    nodes: list[dict[str, Any]] = []
    org_units = {}
    for oid, name, level, province, district, commune, parent in ORGS:
        org_units[oid] = (province, district, commune)
        nodes.append({"id": oid, "kind": "organization", "name": name, "level": level, "province": province,
                      "district": district, "commune": commune, "parent": parent})
    for did, doc_type, number, symbol, year, date, title, issuer, ingested, flags in DOCS:
        province, district, commune = org_units[issuer]
        nodes.append({
            "id": did, "kind": "document", "doc_type": doc_type, "number": number, "symbol": symbol,
            "year": year, "date": date, "title": title, "issuer": issuer, "province": province,
            "district": district, "commune": commune, "ingested": ingested,
            "source": f"{did}.txt" if ingested else None, "flags": flags,
        })
    edges = [{"source": s, "target": t, "type": kind,
              "evidence": [{"in": s, "start": 10, "end": 40, "text": f"Thực hiện văn bản {t}."}]}
             for s, t, kind in EDGES]
    edges += [{"source": did, "target": row[7], "type": "ISSUED_BY", "evidence": []} for row in DOCS
              for did in [row[0]]]
    return {"schema": SCHEMA, "nodes": nodes, "edges": edges}


@pytest.fixture(scope="module")
def q() -> NetworkxQueries:
    return NetworkxQueries(graph_from_export(small_export()))


def ids(items: Any) -> list[str]:
    return [i.document.id for i in items]


def test_implements_the_protocol(q: NetworkxQueries) -> None:
    assert isinstance(q, GraphQueries)


def test_reload_gives_a_backend_over_the_kept_graph(q: NetworkxQueries, tmp_path: Path) -> None:
    """`reload` reads the graph now kept in the data dir into a new backend; the old one is unchanged."""
    (tmp_path / "graph.json").write_text(json.dumps(small_export()), encoding="utf-8")
    fresh = q.reload(tmp_path)
    assert fresh is not q and fresh.doc_ids == q.doc_ids
    assert q.reload(tmp_path / "nothing-ingested").doc_ids == []


def test_implementers_transitive_with_chains(q: NetworkxQueries) -> None:
    result = q.implementers("ct-tw-28-2023")
    assert ids(result.items) == [
        "kh-ubnd-50-2024@thanh-hoa", "kh-hu-195-2024@ha-trung", "kh-ubnd-121-2024@ha-trung", "seed-003",
    ]
    chains = {i.document.id: i.chain for i in result.items}
    assert chains["seed-003"] == ["seed-003", "kh-ubnd-121-2024@ha-trung", "ct-tw-28-2023"]
    assert chains["kh-ubnd-121-2024@ha-trung"] == ["kh-ubnd-121-2024@ha-trung", "ct-tw-28-2023"]
    assert [i.depth for i in result.items] == [1, 1, 1, 2]
    assert result.truncated is False
    assert result.items[3].document.label == "Kế hoạch (không số) · UBND thị trấn Hà Trung · 2024-05"


@pytest.mark.parametrize(("kwargs", "expected", "truncated"), [
    ({"transitive": False}, ["kh-ubnd-50-2024@thanh-hoa", "kh-hu-195-2024@ha-trung",
                             "kh-ubnd-121-2024@ha-trung"], False),
    ({"max_depth": 1}, ["kh-ubnd-50-2024@thanh-hoa", "kh-hu-195-2024@ha-trung",
                        "kh-ubnd-121-2024@ha-trung"], True),
    ({"level": "commune"}, ["seed-003"], False),
    ({"level": "district"}, ["kh-hu-195-2024@ha-trung", "kh-ubnd-121-2024@ha-trung"], False),
    ({"province": "thanh hoa"}, ["kh-ubnd-50-2024@thanh-hoa", "kh-hu-195-2024@ha-trung",
                                 "kh-ubnd-121-2024@ha-trung", "seed-003"], False),
    ({"province": "Quảng Nam"}, [], False),
    ({"limit": 2}, ["kh-ubnd-50-2024@thanh-hoa", "kh-hu-195-2024@ha-trung"], True),
])
def test_implementers_options(q: NetworkxQueries, kwargs: dict[str, Any], expected: list[str],
                              truncated: bool) -> None:
    result = q.implementers("ct-tw-28-2023", **kwargs)
    assert ids(result.items) == expected
    assert result.truncated is truncated


def test_implementers_survive_a_cycle(q: NetworkxQueries) -> None:
    result = q.implementers("ct-tw-20-2012")
    depths = {i.document.id: i.depth for i in result.items}
    assert depths["cv-truong-1-2020"] == 1
    assert depths["cv-truong-2-2020"] == 2
    assert len(depths) == 5


def test_lineage_reaches_the_directive(q: NetworkxQueries) -> None:
    result = q.lineage("seed-003")
    assert result.chains == [
        ["seed-003", "kh-ubnd-121-2024@ha-trung", "ct-tw-28-2023"],
        ["seed-003", "kh-ubnd-121-2024@ha-trung", "kh-hu-195-2024@ha-trung", "ct-tw-28-2023"],
    ]
    assert result.roots == ["ct-tw-28-2023"]
    assert sorted(result.nodes) == ["ct-tw-28-2023", "kh-hu-195-2024@ha-trung", "kh-ubnd-121-2024@ha-trung",
                                    "seed-003"]
    assert result.truncated is False


def test_lineage_cycle_guard(q: NetworkxQueries) -> None:
    result = q.lineage("cv-truong-2-2020")
    assert result.chains == [["cv-truong-2-2020", "cv-truong-1-2020", "ct-tw-20-2012"]]


def test_lineage_of_a_root_is_itself(q: NetworkxQueries) -> None:
    assert q.lineage("ct-tw-28-2023").chains == [["ct-tw-28-2023"]]


def test_lineage_bounded_on_a_long_chain() -> None:
    n = 40
    nodes = [{"id": f"d{i:03d}", "kind": "document", "doc_type": "ke_hoach", "number": str(i),
              "symbol": "KH-UBND", "flags": []} for i in range(n)]
    edges = [{"source": f"d{i:03d}", "target": f"d{i - 1:03d}", "type": "IMPLEMENTS", "evidence": []}
             for i in range(1, n)]
    q = NetworkxQueries(graph_from_export({"schema": SCHEMA, "nodes": nodes, "edges": edges}))
    result = q.lineage(f"d{n - 1:03d}", max_depth=8)
    assert result.truncated is True
    assert len(result.chains) == 1 and len(result.chains[0]) == 9
    full = q.lineage("d010", max_depth=12)
    assert full.truncated is False and full.roots == ["d000"]
    deep = q.implementers("d000", max_depth=50)
    assert deep.max_depth == 12 and deep.truncated is True and len(deep.items) == 12


def test_lineage_limit_on_fan_out() -> None:
    nodes = [{"id": i, "kind": "document", "doc_type": "ke_hoach", "flags": []} for i in ["a", "b", "c", "d"]]
    edges = [{"source": "a", "target": t, "type": "IMPLEMENTS", "evidence": []} for t in ["b", "c", "d"]]
    q = NetworkxQueries(graph_from_export({"schema": SCHEMA, "nodes": nodes, "edges": edges}))
    result = q.lineage("a", limit=2)
    assert result.chains == [["a", "b"], ["a", "c"]]
    assert result.truncated is True
    assert result.roots == ["b", "c"]


def test_descendants_tree(q: NetworkxQueries) -> None:
    result = q.descendants("ct-tw-28-2023")
    assert result.count == 4 and result.truncated is False
    top = result.root.children
    # 121/KH-UBND implements both the directive and 195-KH/HU: it sits under its own parent, 195.
    assert ids(top) == ["kh-ubnd-50-2024@thanh-hoa", "kh-hu-195-2024@ha-trung"]
    assert ids(top[1].children) == ["kh-ubnd-121-2024@ha-trung"]
    assert ids(top[1].children[0].children) == ["seed-003"]
    assert top[1].children[0].children[0].relation == "IMPLEMENTS"
    assert top[0].children == []
    assert result.placements == 4
    cut = q.descendants("ct-tw-28-2023", max_depth=1)
    assert cut.count == 3 and cut.truncated is True


def test_document_detail(q: NetworkxQueries) -> None:
    detail = q.document("kh-ubnd-121-2024@ha-trung")
    assert detail.document.label == "Kế hoạch 121/KH-UBND"
    assert detail.document.level == "district" and detail.document.district == "Hà Trung"
    assert [(r.type, r.other.id) for r in detail.outgoing] == [
        ("IMPLEMENTS", "ct-tw-28-2023"), ("IMPLEMENTS", "kh-hu-195-2024@ha-trung"),
    ]
    assert [(r.type, r.direction, r.other.id) for r in detail.incoming] == [("IMPLEMENTS", "in", "seed-003")]
    evidence = detail.outgoing[0].evidence[0]
    assert evidence.in_ == "kh-ubnd-121-2024@ha-trung" and evidence.text.startswith("Thực hiện")
    assert detail.model_dump(by_alias=True)["outgoing"][0]["evidence"][0]["in"] == "kh-ubnd-121-2024@ha-trung"
    seed = q.document("seed-003")
    assert seed.source == "seed-003.txt" and seed.issuer_parent == "ubnd-huyen-ha-trung"
    assert seed.document.flags == ["unnumbered"] and seed.document.level == "commune"


@pytest.mark.parametrize(("method", "args"), [
    ("document", ()), ("implementers", ()), ("lineage", ()), ("descendants", ()), ("neighbourhood", ()),
])
def test_unknown_id_raises_with_suggestions(q: NetworkxQueries, method: str, args: tuple[Any, ...]) -> None:
    with pytest.raises(DocumentNotFound) as err:
        getattr(q, method)("ct-tw-28-2024", *args)
    assert err.value.doc_id == "ct-tw-28-2024"
    assert "ct-tw-28-2023" in err.value.suggestions
    assert len(err.value.suggestions) <= 5


def test_organization_id_is_not_a_document(q: NetworkxQueries) -> None:
    with pytest.raises(DocumentNotFound):
        q.document("bo-chinh-tri")


def test_stats(q: NetworkxQueries) -> None:
    stats = q.stats(top=3)
    assert stats.documents == len(DOCS) and stats.organizations == len(ORGS)
    assert stats.edges == {"CITES": 2, "IMPLEMENTS": 11, "ISSUED_BY": len(DOCS)}
    assert [(c.key, c.count) for c in stats.by_type] == [("ke_hoach", 6), ("chi_thi", 3), ("cong_van", 3),
                                                         ("luat", 1)]
    assert stats.by_year[0].key == "2012" and stats.by_year[-1].key == "2024"
    assert [(c.document.id, c.count) for c in stats.most_cited] == [
        ("ct-tw-20-2012", 4), ("ct-tw-28-2023", 3), ("luat-tre-em-2016", 2),
    ]
    missing = [c.document.id for c in stats.missing]
    assert missing[:3] == ["ct-tw-20-2012", "ct-tw-28-2023", "luat-tre-em-2016"]
    assert "cv-truong-1-2020" not in missing  # ingested
    assert [d.id for d in stats.conflicts] == ["seed-003"]


def test_neighbourhood(q: NetworkxQueries) -> None:
    hood = q.neighbourhood("seed-003", depth=1)
    assert [n.id for n in hood.nodes] == ["kh-ubnd-121-2024@ha-trung", "luat-tre-em-2016", "seed-003"]
    assert [(e.source, e.target) for e in hood.edges] == [
        ("seed-003", "kh-ubnd-121-2024@ha-trung"), ("seed-003", "luat-tre-em-2016"),
    ]
    assert q.neighbourhood("seed-003", depth=3, limit=3).truncated is True


def test_answers_are_deterministic() -> None:
    a = NetworkxQueries(graph_from_export(small_export()))
    export = small_export()
    export["nodes"].reverse()
    export["edges"].reverse()
    b = NetworkxQueries(graph_from_export(export))
    for method, arg in [("implementers", "ct-tw-28-2023"), ("lineage", "seed-003"), ("stats", None),
                        ("descendants", "ct-tw-20-2012"), ("resolve", "ke hoach 121")]:
        call_a, call_b = getattr(a, method), getattr(b, method)
        left = call_a(arg) if arg else call_a()
        right = call_b(arg) if arg else call_b()
        assert left.model_dump() == right.model_dump()


def test_empty_graph() -> None:
    q = NetworkxQueries(graph_from_export({"schema": SCHEMA, "nodes": [], "edges": []}))
    assert q.resolve("chi thi 28").candidates == []
    assert q.stats().documents == 0
