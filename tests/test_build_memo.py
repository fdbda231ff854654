"""The shortcuts of the graph build give the answers of the long way: refs keyed once per distinct
identity, the ids of cited refs memoized per build."""
from __future__ import annotations

from typing import cast

import networkx as nx
import pytest

from ingest.build import build_graph
from ingest.build_identity import base_key, base_key_of, identity
from ingest.records import EdgeRecord, Extraction, OrgRecord, RefRecord


def _district(province: str, district: str) -> OrgRecord:
    return {"kind": "ubnd", "unit_level": "district", "province": province, "district": district,
            "commune": None, "name": None, "unit_kind": "huyện"}


def _ref(number: str, year: int | None, issuer: OrgRecord | None, *, symbol: str = "KH-UBND",
         central: bool = False, date: str | None = None) -> RefRecord:
    return {"doc_type": "ke_hoach", "number": number, "symbol": symbol, "year": year, "date": date,
            "title": None, "issuer": issuer, "central": central, "name": None, "fixed_id": None, "flags": []}


def _text(source: str, own: RefRecord, refs: list[RefRecord]) -> Extraction:
    edges: list[EdgeRecord] = [{"from": -1, "to": i, "type": "IMPLEMENTS", "start": 10 * i, "end": 10 * i + 5,
                                "text": f"Thực hiện kế hoạch thứ {i}."} for i in range(len(refs))]
    return {"source": source, "doc": own, "refs": refs, "edges": edges, "mentions": len(refs),
            "unresolved": 0}


NUI_THANH = _district("Quảng Nam", "Núi Thành")
THANG_BINH = _district("Quảng Nam", "Thăng Bình")


def _cited(G: nx.DiGraph, source: str) -> list[str]:
    citing = next(n for n, d in G.nodes(data=True) if d.get("source") == source)
    return sorted(t for _, t, d in G.out_edges(citing, data=True) if d["type"] == "IMPLEMENTS")


def test_the_same_number_of_two_bodies_is_two_documents() -> None:
    """The memo is keyed on the whole issuer: one number of two districts is never taken for one."""
    G = build_graph([
        _text("a.txt", _ref("1", 2021, NUI_THANH), [_ref("7", 2020, NUI_THANH), _ref("7", 2020, THANG_BINH)]),
        _text("b.txt", _ref("2", 2021, THANG_BINH), [_ref("7", 2020, THANG_BINH)]),
    ])
    assert _cited(G, "a.txt") == ["kh-ubnd-7-2020@ubnd-huyen-nui-thanh.quang-nam",
                                  "kh-ubnd-7-2020@ubnd-huyen-thang-binh.quang-nam"]
    assert _cited(G, "b.txt") == ["kh-ubnd-7-2020@ubnd-huyen-thang-binh.quang-nam"]


def test_a_yearless_citation_takes_the_year_its_own_corpus_knows() -> None:
    """The id of a cited ref is memoized per build: a second build with another known year gets that year."""
    yearless = _ref("7", None, NUI_THANH)
    first = build_graph([_text("a.txt", _ref("1", 2021, NUI_THANH), [_ref("7", 2020, NUI_THANH), yearless])])
    second = build_graph([_text("a.txt", _ref("1", 2021, NUI_THANH), [_ref("7", 2019, NUI_THANH), yearless])])
    third = build_graph([_text("a.txt", _ref("1", 2021, NUI_THANH), [yearless])])
    both = build_graph([_text("a.txt", _ref("1", 2021, NUI_THANH),
                              [_ref("7", 2020, NUI_THANH), _ref("7", 2019, NUI_THANH), yearless])])
    assert _cited(first, "a.txt") == ["kh-ubnd-7-2020@ubnd-huyen-nui-thanh.quang-nam"]
    assert _cited(second, "a.txt") == ["kh-ubnd-7-2019@ubnd-huyen-nui-thanh.quang-nam"]
    assert _cited(third, "a.txt") == ["kh-ubnd-7@ubnd-huyen-nui-thanh.quang-nam"]
    assert _cited(both, "a.txt") == [f"kh-ubnd-7{year}@ubnd-huyen-nui-thanh.quang-nam"
                                     for year in ("-2019", "-2020", "")]


@pytest.mark.parametrize("ref", [
    _ref("7", 2020, NUI_THANH),
    _ref("07", None, THANG_BINH),
    _ref("12", 2016, {"kind": "quoc_hoi", "unit_level": None, "province": None, "district": None,
                      "commune": None, "name": None, "unit_kind": None}, symbol="QH13", central=True),
    _ref("12", 2016, None, symbol="QH13", central=True),
    {**_ref("3", 2020, None), "number": None, "name": "Luật Trẻ em", "date": "2016-04-05"},
    {**_ref("3", 2020, None), "fixed_id": "crc-1989"},
])
def test_the_memoized_base_key_is_the_computed_one(ref: RefRecord) -> None:
    assert base_key(ref) == base_key_of(*identity(ref))
    issuer = ref["issuer"]
    if issuer is not None:  # the same body, its fields in another order: another identity, the same key
        reordered = cast(OrgRecord, dict(reversed(list(issuer.items()))))
        assert base_key({**ref, "issuer": reordered}) == base_key(ref)
