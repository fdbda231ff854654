"""A web page that announces the document it then prints (no header of its own) is that document.

Invented texts of the shape portals publish: a news line `Ngày …, <body> đã ban hành <Type> số …`, then
the document's heading and body.
"""
from __future__ import annotations

import pytest

from ingest.extract import SELF, extract_document, prepare_text
from ingest.parse import parse_document

NEWS_THEN_PLAN = (
    "Ngày 5/3/2021, UBND huyện Núi Thành đã ban hành Kế hoạch số 45/KH-UBND về phòng, chống đuối nước "
    "trẻ em năm 2021.\n\nBan biên tập xin giới thiệu toàn văn Kế hoạch:\n\n"
    "KẾ HOẠCH\nPhòng, chống đuối nước trẻ em năm 2021\n\n"
    "Thực hiện Chỉ thị số 28-CT/TW ngày 25/12/2018 của Ban Bí thư, UBND huyện ban hành Kế hoạch như sau:\n"
    "I. MỤC ĐÍCH\n1. Giảm số trẻ em bị đuối nước.\n"
)
# The announced type is not the heading's: the page prints another document.
OTHER_TYPE = NEWS_THEN_PLAN.replace(
    "đã ban hành Kế hoạch số 45/KH-UBND", "đã ban hành Quyết định số 45/QĐ-UBND"
)
# The heading comes first: `ban hành Kế hoạch số …` below it belongs to the body.
HEADING_FIRST = (
    "KẾ HOẠCH\nPhòng, chống đuối nước trẻ em năm 2021\n\n"
    "Năm 2020, UBND huyện đã ban hành Kế hoạch số 12/KH-UBND về bơi an toàn; năm nay tiếp tục như sau:\n"
    "I. MỤC ĐÍCH\n"
)
# A header of its own: its Số line wins over any announcement.
WITH_HEADER = (
    "UBND HUYỆN NÚI THÀNH\nSố: 77/KH-UBND\nNúi Thành, ngày 9 tháng 4 năm 2021\n\n" + NEWS_THEN_PLAN
)


@pytest.mark.parametrize(
    ("text", "number", "symbol", "date"),
    [
        (NEWS_THEN_PLAN, "45", "KH-UBND", "2021-03-05"),
        (OTHER_TYPE, None, None, None),
        (HEADING_FIRST, None, None, None),
        (WITH_HEADER, "77", "KH-UBND", "2021-04-09"),
    ],
    ids=["announced", "other-type", "heading-first", "own-header"],
)
def test_own_number_of_an_announced_document(
    text: str, number: str | None, symbol: str | None, date: str | None
) -> None:
    meta = parse_document(prepare_text(text))
    assert (meta.number, meta.symbol, meta.date) == (number, symbol, date)


def test_announced_issuer_is_the_body_that_issued_it() -> None:
    meta = parse_document(prepare_text(NEWS_THEN_PLAN))
    assert meta.issuer is not None
    assert (meta.issuer.kind, meta.issuer.district) == ("ubnd", "Núi Thành")
    assert "unnumbered" not in meta.flags


def test_announced_document_cites_not_itself_and_implements_what_it_carries_out() -> None:
    extraction = extract_document(NEWS_THEN_PLAN, "news.txt")
    assert extraction["doc"]["number"] == "45"
    cited = {(r["number"], r["symbol"]) for r in extraction["refs"]}
    assert ("45", "KH-UBND") not in cited
    implements = [
        extraction["refs"][e["to"]]["symbol"]
        for e in extraction["edges"]
        if e["from"] == SELF and e["type"] == "IMPLEMENTS"
    ]
    assert implements == ["CT/TW"]


# A body copied without its header: the opening sentence says what the document is.
@pytest.mark.parametrize(
    ("text", "doc_type"),
    [
        (
            "Thực hiện Chương trình công tác năm 2024, Ban Thường vụ Hội Nông dân tỉnh xây dựng Kế hoạch "
            "tuyên truyền pháp luật về trẻ em; phòng, chống bạo lực gia đình năm 2024 cụ thể như sau:\n"
            "I. MỤC ĐÍCH, YÊU CẦU\n",
            "ke_hoach",
        ),
        (
            "Ủy ban nhân dân huyện ban hành Hướng dẫn tổ chức Tháng hành động vì trẻ em năm 2023 như sau:\n"
            "1. Thời gian\n",
            "huong_dan",
        ),
        ("Thực hiện Kế hoạch số 12/KH-UBND, nhà trường báo cáo kết quả như sau:\n1. Kết quả\n", "other"),
        (
            "BÁO CÁO\nKết quả năm học\n\nNhà trường đã xây dựng Kế hoạch phòng chống đuối nước như sau:\n",
            "bao_cao",
        ),
    ],
    ids=["built-plan", "issued-guide", "report-without-heading", "heading-wins"],
)
def test_type_of_a_headerless_body_from_its_opening(text: str, doc_type: str) -> None:
    assert parse_document(prepare_text(text)).doc_type == doc_type


def test_explain_says_the_number_was_announced_by_the_page() -> None:
    from ingest.explain import explain_text

    fields = {f.name: f for f in explain_text(NEWS_THEN_PLAN, "news.txt").fields}
    assert fields["number"].value == "45"
    assert fields["number"].how.startswith("announced by the page above the document")
    assert fields["number"].how_vi.startswith("trang đăng tin giới thiệu văn bản")
