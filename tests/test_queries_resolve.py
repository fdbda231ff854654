"""`resolve(text)` and the labels, table-driven, on the literal graph of test_queries_networkx."""
from __future__ import annotations

from typing import Any

import pytest

from ingest.export import SCHEMA, graph_from_export
from queries.common import doc_label, so_hieu
from queries.common_resolve import GROUP_CAP
from queries.networkx_backend import NetworkxQueries
from queries.resolve_forms import tokens

try:  # the literal graph is shared with the backend tests (tests/ may or may not become a package)
    from tests.test_queries_networkx import small_export
except ImportError:  # pragma: no cover
    from test_queries_networkx import small_export  # type: ignore[no-redef]


@pytest.fixture(scope="module")
def q() -> NetworkxQueries:
    return NetworkxQueries(graph_from_export(small_export()))


CT28 = "ct-tw-28-2023"
CT28_TTG = "ct-ttg-28-2019"
KH121_HT = "kh-ubnd-121-2024@ha-trung"
KH121_NT = "kh-ubnd-121-2024@nui-thanh"
LAW = "luat-tre-em-2016"

# query, expected best first (prefix of the ranking), ambiguous
RESOLVE_CASES = [
    ("chi thi 28", [CT28, CT28_TTG], True),  # both are "Chỉ thị 28": shown, the cited one first
    ("CT 28", [CT28, CT28_TTG], True),
    ("chỉ thi 28", [CT28, CT28_TTG], True),
    ("CHỈ THỊ SỐ 28", [CT28, CT28_TTG], True),
    ("Chỉ thị 28-CT/TW", [CT28], False),
    ("Chi thị 28- CT/TW", [CT28], False),
    ("28-CT/TW", [CT28], False),
    ("28/CT-TW", [CT28], False),
    ("28/CT-TTg", [CT28_TTG], False),
    ("chi thi 28 2023", [CT28], False),
    ("chi thj 28", [CT28, CT28_TTG], True),  # typo in a word
    ("ct 20", ["ct-tw-20-2012"], False),
    ("Chỉ thị số 20-CT/TW", ["ct-tw-20-2012"], False),
    ("luat tre em", [LAW], False),
    ("Luật trẻ em", [LAW], False),
    ("luat tre emm", [LAW], False),  # typo
    ("luat tre em 2016", [LAW], False),
    ("102/2016/QH13", [LAW], False),
    ("Luật Trẻ em 102/2016/QH13", [LAW], False),
    ("ke hoach 121", [KH121_HT, KH121_NT], True),  # same số hiệu, two districts
    ("121/KH-UBND", [KH121_HT, KH121_NT], True),
    ("Kế hoạch 121/KH-UBND Hà Trung", [KH121_HT], False),
    ("ke hoach 121 nui thanh", [KH121_NT], False),
    ("195-KH/HU", ["kh-hu-195-2024@ha-trung"], False),
    ("kh 195", ["kh-hu-195-2024@ha-trung"], False),
    ("CV 566", ["cv-hu-566-2019@giao-thuy"], False),
    ("kế hoạch bảo vệ trẻ em năm 2024", ["seed-003"], False),  # an unnumbered plan by its title
]


@pytest.mark.parametrize(("text", "expected", "ambiguous"), RESOLVE_CASES)
def test_resolve(q: NetworkxQueries, text: str, expected: list[str], ambiguous: bool) -> None:
    result = q.resolve(text)
    got = [c.document.id for c in result.candidates]
    assert got[:len(expected)] == expected, [(c.document.id, c.score, c.matched) for c in result.candidates]
    assert result.ambiguous is ambiguous
    scores = [c.score for c in result.candidates]
    assert scores == sorted(scores, reverse=True)
    assert all(0 <= s <= 1 for s in scores)


@pytest.mark.parametrize("text", ["", "   ", "xyz 999", "999/KH-UBND", "chi thi 82"])
def test_resolve_finds_nothing(q: NetworkxQueries, text: str) -> None:
    result = q.resolve(text)
    assert result.candidates == [] and result.ambiguous is False


def test_exact_so_hieu_ranks_first(q: NetworkxQueries) -> None:
    result = q.resolve("Chỉ thị 28-CT/TW")
    assert result.candidates[0].score > result.candidates[1].score
    assert result.candidates[0].matched == "28-CT/TW"


def test_symbol_alone_lists_every_document_with_it(q: NetworkxQueries) -> None:
    result = q.resolve("CT/TW")
    assert {c.document.id for c in result.candidates} >= {CT28, "ct-tw-20-2012"}
    assert result.ambiguous is True


def test_resolve_limit(q: NetworkxQueries) -> None:
    assert len(q.resolve("ke hoach 121", limit=1).candidates) == 1


LABEL_CASES: list[tuple[dict[str, Any], str | None, str]] = [
    ({"doc_type": "chi_thi", "number": "28", "symbol": "CT/TW", "year": 2023}, None, "Chỉ thị 28-CT/TW"),
    ({"doc_type": "ke_hoach", "number": "121", "symbol": "KH-UBND", "year": 2024}, None,
     "Kế hoạch 121/KH-UBND"),
    ({"doc_type": "ke_hoach", "number": "195", "symbol": "KH/HU", "year": 2024}, None, "Kế hoạch 195-KH/HU"),
    ({"doc_type": "nghi_dinh", "number": "56", "symbol": "NĐ-CP", "year": 2017}, None,
     "Nghị định 56/2017/NĐ-CP"),
    ({"doc_type": "thong_tu", "number": "45", "symbol": "TT-BGDĐT", "year": 2021}, None,
     "Thông tư 45/2021/TT-BGDĐT"),
    ({"doc_type": "quyet_dinh", "number": "23", "symbol": "QĐ-TTg", "year": 2021}, None,
     "Quyết định 23/QĐ-TTg"),
    ({"doc_type": "nghi_quyet", "number": "121", "symbol": "QH14", "year": 2020}, None,
     "Nghị quyết 121/2020/QH14"),
    ({"doc_type": "luat", "number": "102", "symbol": "QH13", "year": 2016, "title": "Luật Trẻ em"}, None,
     "Luật Trẻ em 102/2016/QH13"),
    ({"doc_type": "luat", "title": "Bộ luật Lao động"}, None, "Bộ luật Lao động"),
    ({"doc_type": "ke_hoach", "date": "2024-05-09"}, "UBND thị trấn Hà Trung",
     "Kế hoạch (không số) · UBND thị trấn Hà Trung · 2024-05"),
    ({"doc_type": "ke_hoach", "symbol": "KH-UBND", "year": 2023}, None, "Kế hoạch (không số) · 2023"),
    ({"doc_type": "chuong_trinh", "title": "Chương trình hành động quốc gia vì trẻ em"}, None,
     "Chương trình hành động quốc gia vì trẻ em"),
    ({"doc_type": "cong_van", "number": "1025", "symbol": "UBND-LĐTBXH"}, None, "Công văn 1025/UBND-LĐTBXH"),
    ({"doc_type": "weird", "number": "7"}, None, "Văn bản 7"),
]


@pytest.mark.parametrize(("attrs", "issuer", "label"), LABEL_CASES)
def test_doc_label(attrs: dict[str, Any], issuer: str | None, label: str) -> None:
    assert doc_label(attrs, issuer) == label


def test_so_hieu_without_number() -> None:
    assert so_hieu(None, "KH-UBND", 2024, "ke_hoach") is None


@pytest.mark.parametrize(("text", "toks"), [
    ("Chỉ thị số 28-CT/TW", ["chi", "thi", "28", "ct", "tw"]),
    ("Quyết định 06/QĐ-TTg", ["quyet", "dinh", "6", "qd", "ttg"]),
    ("Ð\u1ea1o lu\u00e2\u0323t", ["dao", "luat"]),  # eth for Đ, decomposed dot below
    ("số nhà", ["so", "nha"]),  # `số` kept when no number follows
])
def test_tokens(text: str, toks: list[str]) -> None:
    assert tokens(text) == toks


def test_vague_query_over_a_large_group_is_narrowed_by_place() -> None:
    """More than GROUP_CAP plans share the form `ke hoach`: place words still find the right one."""
    nodes: list[dict[str, Any]] = []
    for i in range(GROUP_CAP + 50):
        district = "Hà Trung" if i == GROUP_CAP + 20 else f"Huyện Số {i}"
        nodes.append({"id": f"org-{i:03d}", "kind": "organization", "name": f"UBND huyện {district}",
                      "level": "district", "province": "Thanh Hóa", "district": district})
        nodes.append({"id": f"kh-{i:03d}", "kind": "document", "doc_type": "ke_hoach", "number": str(i + 1),
                      "symbol": "KH-UBND", "year": 2024, "issuer": f"org-{i:03d}", "flags": []})
    q = NetworkxQueries(graph_from_export({"schema": SCHEMA, "nodes": nodes, "edges": []}))
    result = q.resolve("kế hoạch hà trung")
    assert result.candidates[0].document.id == f"kh-{GROUP_CAP + 20:03d}"
    assert result.ambiguous is False
    vague = q.resolve("ke hoach", limit=3)
    assert [c.document.id for c in vague.candidates] == ["kh-000", "kh-001", "kh-002"] and vague.ambiguous
