"""Chains (descendants under their own parents, lineage breadcrumbs, implementers grouped), relation rows,
paged stats with Vietnamese names, whole-word search (issue 12)."""
from __future__ import annotations

import copy
from typing import Any

import pytest

from ingest.export import graph_from_export
from queries.common import excerpt, make_relation
from queries.common_chains import implementers_tree
from queries.common_search import SearchIndex
from queries.models import DocSummary
from queries.networkx_backend import NetworkxQueries

try:
    from tests.test_queries_networkx import small_export
except ImportError:  # pragma: no cover
    from test_queries_networkx import small_export  # type: ignore[no-redef]


@pytest.fixture(scope="module")
def q() -> NetworkxQueries:
    return NetworkxQueries(graph_from_export(small_export()))


def ids(nodes: Any) -> list[str]:
    return [n.document.id for n in nodes]


def test_a_document_with_two_unrelated_parents_sits_under_both() -> None:
    export: dict[str, Any] = copy.deepcopy(small_export())
    # the commune plan also carries out the province plan, which 121 does not implement
    export["edges"].append({"source": "seed-003", "target": "kh-ubnd-50-2024@thanh-hoa", "type": "IMPLEMENTS",
                            "evidence": []})
    tree = NetworkxQueries(graph_from_export(export)).descendants("ct-tw-28-2023").root
    province, district = tree.children
    assert ids(province.children) == ["seed-003"]
    assert ids(district.children[0].children) == ["seed-003"]


def test_lineage_breadcrumb_on_a_three_level_chain(q: NetworkxQueries) -> None:
    result = q.lineage("seed-003")
    assert result.roots == ["ct-tw-28-2023"]
    [crumb] = result.breadcrumbs
    assert crumb.root == "ct-tw-28-2023"
    assert [d.label for d in crumb.path] == [
        "Chỉ thị 28-CT/TW", "Kế hoạch 195-KH/HU", "Kế hoạch 121/KH-UBND", result.document.label]


def test_implementers_tree_groups_by_level_then_province(q: NetworkxQueries) -> None:
    tree = implementers_tree(q.implementers("ct-tw-28-2023"))
    assert [(g.level, g.level_name, g.count) for g in tree.groups] == [
        ("province", "Tỉnh", 1), ("district", "Huyện", 2), ("commune", "Xã", 1)]
    assert [(p.province, p.count) for p in tree.groups[1].provinces] == [("Thanh Hóa", 2)]
    assert tree.total == 4 and tree.labels["ct-tw-28-2023"] == "Chỉ thị 28-CT/TW"


def test_relation_rows_strongest_first_then_by_date(q: NetworkxQueries) -> None:
    detail = q.document("kh-ubnd-121-2024@ha-trung")
    rows = [(r.type, r.type_name, r.other.id) for r in detail.outgoing]
    assert rows == [("IMPLEMENTS", "Thực hiện", "ct-tw-28-2023"),  # 2023-12-25
                    ("IMPLEMENTS", "Thực hiện", "kh-hu-195-2024@ha-trung")]  # 2024-03-19
    other = detail.outgoing[1].other
    assert other.issuer_name == "Ban Thường vụ Huyện ủy Hà Trung" and other.level_name == "Huyện"
    assert other.province == "Thanh Hóa" and other.type_name == "Kế hoạch"


def test_evidence_deduplicated_counted_and_cut_at_a_word_boundary() -> None:
    other = DocSummary(id="x", label="Chỉ thị 28-CT/TW", doc_type="chi_thi")
    sentence = "Thực hiện Chỉ thị số 28-CT/TW ngày 25/12/2023 của Ban Bí thư về tăng cường " * 4
    evidence = [{"in": "a", "start": 10, "end": 20, "text": sentence},
                {"in": "a", "start": 0, "end": 5, "text": " ".join(sentence.split())},
                {"in": "b", "start": 0, "end": 5, "text": "Căn cứ Chỉ thị số 28-CT/TW."}]
    relation = make_relation("IMPLEMENTS", "out", other, evidence)
    assert relation.evidence_count == 2 == len(relation.evidence)
    assert relation.excerpt is not None and relation.excerpt.endswith("…") and len(relation.excerpt) <= 161
    assert sentence.startswith(relation.excerpt[:-1])
    assert sentence[len(relation.excerpt) - 1] == " "  # cut before a space, never inside a word
    assert excerpt("ngắn") == "ngắn"


def test_stats_are_paged_and_named(q: NetworkxQueries) -> None:
    full = q.stats(limit=100)
    page = q.stats(offset=1, limit=1)
    assert page.missing_total == full.missing_total == len(full.missing) > 1
    assert [c.document.id for c in page.missing] == [full.missing[1].document.id]
    names = {c.key: c.name for c in full.by_type + full.by_level}
    assert names["ke_hoach"] == "Kế hoạch" and names["district"] == "Huyện" and names["chi_thi"] == "Chỉ thị"


def summary(doc_id: str, title: str, **kw: Any) -> DocSummary:
    return DocSummary(id=doc_id, label=kw.pop("label", "Kế hoạch"), doc_type="ke_hoach", title=title, **kw)


SEARCHABLE = [
    summary("a", "Kế hoạch bảo vệ trẻ em huyện Tư Nghĩa", province="Quảng Ngãi", year=2024, date="2024-03-01",
            level="district"),
    summary("b", "Học tập chủ nghĩa Mác - Lênin", province="Hà Nội", year=2024, date="2024-01-01",
        level="province"),
    summary("c", "Kế hoạch tuyên truyền", label="Kế hoạch 145/KH-UBND", number="145", symbol="KH-UBND",
            province="Đồng Tháp", year=2024, date="2024-05-01", level="province"),
    summary("d", "Kế hoạch 2023", label="Kế hoạch 145/KH-UBND", number="145", symbol="KH-UBND",
            province="Bắc Giang", year=2023, date="2023-05-01", level="province"),
    summary("e", "Triển khai tự nghĩa vụ", year=2020),
]


@pytest.mark.parametrize(("query", "expected"), [
    ("Tư Nghĩa", ["a"]),  # never `chủ nghĩa`; with diacritics `tự nghĩa` is another phrase
    ("tu nghia", ["a", "e"]),  # without diacritics: accent-insensitive, still whole words
    ("nghĩa", ["a", "b", "e"]),  # newest first, unknown date last
    ("nghi", []),  # not inside a word
    ("145/KH-UBND", ["c", "d"]),  # số hiệu, newest first
    ("145/kh-ubnd", ["c", "d"]),
])
def test_search_whole_words_and_so_hieu(query: str, expected: list[str]) -> None:
    result = SearchIndex(SEARCHABLE).search(query)
    assert [h.document.id for h in result.items] == expected and result.total == len(expected)


def test_search_filters_and_paging() -> None:
    index = SearchIndex(SEARCHABLE)
    assert [h.document.id for h in index.search("145/KH-UBND", province="dong thap").items] == ["c"]
    assert [h.document.id for h in index.search("kế hoạch", year=2023).items] == ["d"]
    assert [h.document.id for h in index.search("", level="district").items] == ["a"]
    page = index.search("", offset=1, limit=2)
    assert page.total == 5 and len(page.items) == 2


def test_search_through_the_backend(q: NetworkxQueries) -> None:
    result = q.search("121/KH-UBND")
    assert {h.document.id for h in result.items} == {"kh-ubnd-121-2024@ha-trung",
        "kh-ubnd-121-2024@nui-thanh"}
    assert q.search("Hà Trung", level="commune").total == 1


def test_document_names_its_issuers_parent(q: NetworkxQueries) -> None:
    detail = q.document("seed-003")
    assert detail.issuer_parent == "ubnd-huyen-ha-trung"
    assert detail.issuer_parent_name == "UBND huyện Hà Trung"
