"""The JSON records of the cache are the dataclasses of the steps, field for field (extract.ref_to_dict
copies a DocRef's fields into a RefRecord without naming them)."""
from __future__ import annotations

import dataclasses
import typing

from ingest.extract import extract_document
from ingest.model import OrgRef
from ingest.records import EdgeRecord, Extraction, OrgRecord, RefRecord
from ingest.resolve import DocRef


def _keys(record: type) -> list[str]:
    return list(typing.get_type_hints(record))


def test_records_have_the_fields_of_the_dataclasses() -> None:
    assert _keys(RefRecord) == [f.name for f in dataclasses.fields(DocRef)]
    assert _keys(OrgRecord) == [f.name for f in dataclasses.fields(OrgRef)]


def test_an_extraction_has_the_keys_of_its_record() -> None:
    text = ("ỦY BAN NHÂN DÂN\nHUYỆN NÚI THÀNH\nSố: 12/KH-UBND\nKẾ HOẠCH\nThực hiện Kế hoạch số 40/KH-UBND "
            "ngày 02/3/2023 của UBND tỉnh Quảng Nam về phòng, chống đuối nước.")
    e = extract_document(text, "kh.txt")
    assert list(e) == _keys(Extraction)
    assert list(e["doc"]) == _keys(RefRecord)
    assert e["refs"] and all(list(r) == _keys(RefRecord) for r in e["refs"])
    assert e["edges"] and all(list(edge) == _keys(EdgeRecord) for edge in e["edges"])
    issuers = [r["issuer"] for r in [e["doc"], *e["refs"]] if r["issuer"] is not None]
    assert issuers and all(list(i) == _keys(OrgRecord) for i in issuers)
