"""Issuers of cited documents named before them (`của X tại văn bản số …`), with invented sentences."""

from __future__ import annotations

import pytest

from ingest.extract import prepare_text
from ingest.find import find_mentions

CASES = [
    # (sentence, {number: issuer kind})
    (
        "Căn cứ chỉ đạo của Bộ Chính trị tại Thông báo số 12-TB/TW ngày 3/4/2024, của Ban Bí thư tại văn bản "
        "số 45-KL/TW ngày 5/4/2024 về phòng, chống thiên tai;",
        {"12": "bo_chinh_tri", "45": "ban_bi_thu"},
    ),
    (  # the body after a citation that goes on with `tại` belongs to the next one
        "Thực hiện Kết luận số 7-KL/TW ngày 1/2/2023, của\nBan Bí thư tại Thông báo số 8-TB/TW "
        "ngày 2/2/2023;",
        {"8": "ban_bi_thu"},
    ),
    (  # `của X` after the citation, no `tại`: X issued it, as before
        "Thực hiện Chỉ thị số 28-CT/TW ngày 25/12/2018 của Ban Bí thư về tăng cường công tác trẻ em;",
        {"28": "ban_bi_thu"},
    ),
]


@pytest.mark.parametrize("sentence, issuers", CASES)
def test_issuer_named_before_a_citation(sentence: str, issuers: dict[str, str]) -> None:
    found = {m.number: m.issuer.kind if m.issuer else None for m in find_mentions(prepare_text(sentence))}
    for number, kind in issuers.items():
        assert found.get(number) == kind, (number, found)
    if "7" in found:
        assert found["7"] != "ban_bi_thu"


def test_a_district_whose_name_begins_like_a_unit_word_keeps_its_whole_name() -> None:
    # `Quan Sơn` folds like `quận Sơn`; the written name `Sơn` must not replace the district found
    sentence = "Thực hiện Kế hoạch số 31-KH/HU ngày 5/3/2024 của Huyện ủy Quan Sơn về công tác trẻ em;"
    [mention] = find_mentions(prepare_text(sentence))
    assert mention.issuer is not None and mention.issuer.district == "Quan Sơn"


WRAPPED_BODY = [
    # (sentence, (kind, province, name) of the issuer of number 15)
    (  # a PDF's hard wrap inside an unknown body's name: the name goes on in lower case
        "Căn cứ Công văn số \n15/CV-QHT ngày 30/6/2024 của Ban Điều hành Quỹ hỗ trợ nông \ndân tỉnh Kon Tum "
        "đề nghị đổi tên Quỹ.",
        ("other", "Kon Tum", "Ban Điều hành Quỹ hỗ trợ nông dân"),
    ),
    (  # the same on one line
        "Căn cứ Công văn số 15/CV-QHT ngày 30/6/2024 của Ban Điều hành Quỹ hỗ trợ nông dân tỉnh Kon Tum.",
        ("other", "Kon Tum", "Ban Điều hành Quỹ hỗ trợ nông dân"),
    ),
    (  # a new line that starts with a capital is no part of the name: no place from it
        "Căn cứ Công văn số 15/CV-QHT ngày 30/6/2024 của Ban Điều hành Quỹ\nKế hoạch năm của tỉnh Kon Tum.",
        None,
    ),
]


@pytest.mark.parametrize("sentence, issuer", WRAPPED_BODY)
def test_unknown_body_named_over_a_hard_wrap(sentence: str, issuer: tuple[str, str, str] | None) -> None:
    text = prepare_text(sentence)
    found = {m.number: m.issuer for m in find_mentions(text)}
    org = found["15"]
    got = (org.kind, org.province, org.name) if org is not None and org.kind == "other" else None
    assert got == issuer


def test_unknown_bodies_of_two_provinces_are_two_bodies() -> None:
    from ingest.model import OrgRef
    from ingest.places.names import org_id, org_name

    kon_tum = OrgRef(kind="other", unit_level="province", province="Kon Tum", name="Quỹ Bảo trợ trẻ em")
    binh_dinh = OrgRef(kind="other", unit_level="province", province="Bình Định", name="Quỹ Bảo trợ trẻ em")
    assert org_name(kon_tum) == "Quỹ Bảo trợ trẻ em tỉnh Kon Tum"
    assert org_id(kon_tum) != org_id(binh_dinh)
    assert org_name(OrgRef(kind="other", name="Công ty Sách")) == "Công ty Sách"  # no place: the name alone
