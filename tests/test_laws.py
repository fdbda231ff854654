"""Named laws and central documents (CONTRACT.md, Identity): which document a name, a year, a
passing date, a plan to carry out, an amending title or a yearless central citation means.
Invented sentences of the shape real texts use."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ingest import laws
from ingest.find import find_mentions
from ingest.model import DocMeta
from ingest.resolve import resolve_mentions

DATA = Path(__file__).resolve().parents[1] / "ingest" / "data"


def _refs(text: str, date: str) -> list[tuple[str, str | None, str | None, int | None]]:
    meta = DocMeta(
        doc_type="ke_hoach",
        number="7",
        symbol="KH-UBND",
        year=int(date[:4]) if date else None,
        date=date or None,
    )
    mentions = find_mentions(text)
    return [
        (r.doc_type, r.number, r.symbol, r.year) for r in resolve_mentions(mentions, meta) if r is not None
    ]


# (text, citing date, documents it cites in order: doc_type, number, symbol, year)
CASES = [
    # by name only: the version in force on the citing date
    ("Căn cứ Bộ luật Lao động; thực hiện tốt chính sách.", "2015-03-01", [("luat", "10", "QH13", 2012)]),
    ("Căn cứ Bộ luật Lao động; thực hiện tốt chính sách.", "2024-05-02", [("luat", "45", "QH14", 2019)]),
    # a year says which version, whatever is in force
    (
        "Căn cứ Bộ luật Dân sự năm 2005; Luật Đất đai 2013;",
        "2025-02-10",
        [("luat", "33", "QH11", 2005), ("luat", "45", "QH13", 2013)],
    ),
    # a year no version has (the year it took effect) says nothing: the version in force
    ("Căn cứ Luật Trẻ em năm 2017;", "2019-02-11", [("luat", "102", "QH13", 2016)]),
    # when it was passed says which version
    (
        "Căn cứ Luật Đất đai được Quốc hội khóa XIII thông qua ngày 29 tháng 11 năm 2013;",
        "2025-02-10",
        [("luat", "45", "QH13", 2013)],
    ),
    (
        "Căn cứ Luật Bảo hiểm xã hội đã được thông qua tháng 11 năm 2014;",
        "2025-09-01",
        [("luat", "58", "QH13", 2014)],
    ),
    ("Căn cứ Bộ luật Lao động ngày 20/11/2019;", "2020-03-01", [("luat", "45", "QH14", 2019)]),
    # a plan to carry out a law passed but not yet in force means the new law; a bare basis does not
    (
        "Kế hoạch triển khai thi hành Luật Việc làm trên địa bàn huyện.",
        "2025-09-15",
        [("luat", "74", "QH15", 2025)],
    ),
    (
        "Tổ chức tuyên truyền, phổ biến Luật Phòng, chống mua bán người đến cán bộ.",
        "2025-01-10",
        [("luat", "53", "QH15", 2024)],
    ),
    ("Căn cứ Luật Việc làm; xét đề nghị của Phòng.", "2025-09-15", [("luat", "38", "QH13", 2013)]),
    # an amending law by its long title: its own number, and the laws it names as amended then
    (
        "Căn cứ Luật sửa đổi, bổ sung một số điều của Luật Giáo dục ngày 25 tháng 11 năm 2009;",
        "2012-05-05",
        [("luat", "44", "QH12", 2009), ("luat", "38", "QH11", 2005)],
    ),
    (
        "Căn cứ Luật sửa đổi, bổ sung một số điều của Luật Đất đai số 31/2024/QH15, "
        "Luật Nhà ở số 27/2023/QH15, "
        "Luật Kinh doanh bất động sản số 29/2023/QH15 và Luật Các tổ chức tín dụng số 32/2024/QH15;",
        "2025-03-03",
        [
            ("luat", "43", "QH15", 2024),
            ("luat", "31", "QH15", 2024),
            ("luat", "27", "QH15", 2023),
            ("luat", "29", "QH15", 2023),
            ("luat", "32", "QH15", 2024),
        ],
    ),
    # spelling variants: without `và`, without `Việt Nam`, `Luật` for a `Bộ luật`, `Liên hiệp quốc`
    (
        "Căn cứ Luật Hôn nhân gia đình; Luật Quốc tịch; Luật Lao động;",
        "2022-06-01",
        [("luat", "52", "QH13", 2014), ("luat", "24", "QH12", 2008), ("luat", "45", "QH14", 2019)],
    ),
    ("Thực hiện Công ước Liên hiệp quốc về quyền trẻ em.", "2022-06-01", [("cong_uoc", None, None, 1989)]),
    (
        "Tuyên truyền Công ước quốc tế của Liên hiệp quốc về quyền của trẻ em tới phụ huynh.",
        "2021-06-01",
        [("cong_uoc", None, None, 1989)],
    ),
    # abbreviations real texts use
    (
        "Căn cứ Luật NSNN; Luật BHYT; Luật HN&GĐ;",
        "2016-05-01",
        [("luat", "01", "QH11", 2002), ("luat", "25", "QH12", 2008), ("luat", "52", "QH13", 2014)],
    ),
    # an old title means the old law
    ("Căn cứ Luật Bảo vệ, chăm sóc và giáo dục trẻ em;", "2020-01-06", [("luat", "25", "QH11", 2004)]),
    # ordinances by name
    (
        "Căn cứ Pháp lệnh Ưu đãi người có công với cách mạng năm 2005;",
        "2019-01-06",
        [("phap_lenh", "26", "PL-UBTVQH11", 2005)],
    ),
    ("Căn cứ Pháp lệnh Bảo vệ bí mật nhà nước;", "2015-01-06", [("phap_lenh", "30", "PL-UBTVQH10", 2000)]),
    # a law named with its number is one citation
    ("Căn cứ Luật Trẻ em năm 2016 (Luật số 102/2016/QH13);", "2022-01-06", [("luat", "102", "QH13", 2016)]),
    ("Căn cứ Luật Trẻ em ngày 05/4/2016, số 102/2016/QH13;", "2022-01-06", [("luat", "102", "QH13", 2016)]),
    # a name ending in `pháp luật` before `số …`: the number's `luật` is not a second citation
    (
        "Căn cứ Luật Ban hành văn bản quy phạm pháp luật số 17/2008/QH12;",
        "2025-08-01",
        [("luat", "17", "QH12", 2008)],
    ),
    # an undated text (no date of its own): a law it names is the one passed by its latest citation
    (
        "Nghị định số 56/2017/NĐ-CP ngày 09/5/2017 quy định chi tiết Luật Trẻ em; Luật Hợp tác xã.",
        "",
        [("nghi_dinh", "56", "NĐ-CP", 2017), ("luat", "102", "QH13", 2016), ("luat", "23", "QH13", 2012)],
    ),
    # central documents without a year: from the same text, else from the table, else none
    (
        "Thực hiện Chỉ thị số 20-CT/TW của Bộ Chính trị về trẻ em.",
        "2024-03-01",
        [("chi_thi", "20", "CT/TW", 2012)],
    ),
    (
        "Quán triệt Chỉ thị số 97-CT/TW; Chỉ thị số 97-CT/TW ngày 02/3/2023 của Ban Bí thư.",
        "2024-03-01",
        [("chi_thi", "97", "CT/TW", 2023), ("chi_thi", "97", "CT/TW", 2023)],
    ),
    (
        "Thực hiện Quyết định 2361/QĐ-TTg về bảo vệ trẻ em.",
        "2022-04-01",
        [("quyet_dinh", "2361", "QĐ-TTg", 2015)],  # of 22/12/2015 (Chương trình bảo vệ trẻ em 2016-2020)
    ),
    ("Thực hiện Chỉ thị số 46-CT/TW của Bộ Chính trị.", "2020-04-01", [("chi_thi", "46", "CT/TW", None)]),
    ("Thực hiện Chỉ thị số 98-CT/TW của Bộ Chính trị.", "2024-04-01", [("chi_thi", "98", "CT/TW", None)]),
]


@pytest.mark.parametrize(("text", "date", "expected"), CASES)
def test_named_laws_and_central_documents(text: str, date: str, expected: list[tuple[object, ...]]) -> None:
    assert _refs(text, date) == expected


# A year glued to the next word is still read, with the issuer after it.
GLUED = [
    ("Thực hiện Chỉ thị số 20-CT/TW ngày 05/11/2012của Ban Bí thư về trẻ em.", "2012-11-05", "ban_bi_thu"),
    (
        "Thực hiện Chỉ thị số 20-CT/TW ngày 05 tháng 11 năm 2012của Bộ Chính trị.",
        "2012-11-05",
        "bo_chinh_tri",
    ),
    ("Thực hiện Chỉ thị số 20-CT/TW ngày 05tháng 11năm 2012 của Bộ Chính trị.", "2012-11-05", "bo_chinh_tri"),
]


@pytest.mark.parametrize(("text", "date", "issuer"), GLUED)
def test_glued_year_is_read(text: str, date: str, issuer: str) -> None:
    (mention,) = find_mentions(text)
    assert (mention.date, mention.issuer.kind if mention.issuer else None) == (date, issuer)


def test_registry_is_complete_and_sourced() -> None:
    data = json.loads((DATA / "laws.json").read_text(encoding="utf-8"))
    entries = [v for law in data["laws"] for v in law["versions"]]
    assert len(entries) >= 350
    assert all(v["source"] and set(v["source"]) <= set(data["sources"]) for v in entries)
    keys = [(v["number"], v["year"], v["symbol"]) for v in entries if v["symbol"] != "HP"]
    assert len(keys) == len(set(keys))
    assert all(v["date"] <= v["effective"] for v in entries)
    for law in data["laws"]:
        dates = [v["date"] for v in law["versions"]]
        assert dates == sorted(dates), law["family"]
    # successive versions name what they replaced; an amended law names its amending laws
    assert laws.versions("Luật Trẻ em")[-1]["replaces"] == ["25/2004/QH11"]
    assert "44/2009/QH12" in laws.law_by_date("Luật Giáo dục", None, 2005)["amended_by"]  # type: ignore[index]


def test_central_documents_are_sourced() -> None:
    data = json.loads((DATA / "central_documents.json").read_text(encoding="utf-8"))
    docs = data["documents"]
    assert len(docs) >= 30
    assert all(d["source"] and d["year"] and d["issuer"] for d in docs)
    assert len({(d["symbol"], d["number"], d["year"]) for d in docs}) == len(docs)
