"""Central documents of the synthetic corpus: the directives that start cascades of local plans,
and the laws, decrees and circulars that local documents cite as background.

Numbers, dates and issuers are public facts; the subject phrases are short paraphrases.
Central documents are never files of the corpus: they appear in it only as citations.
"""

from __future__ import annotations

from typing import Any

# One row per document: id -> fields. `label` is the type word written before the number,
# `sohieu` the number as a citation writes it, `theme` the subject that follows it,
# `named` the name a law is cited by (without number), `in_force` the first day a local
# document may cite it as background, `until` the last day (a replaced law).
CENTRAL: dict[str, dict[str, Any]] = {
    "ct-tw-20-2012": dict(
        doc_type="chi_thi",
        label="Chỉ thị",
        number="20",
        symbol="CT/TW",
        sohieu="20-CT/TW",
        date="2012-11-05",
        issuer="Bộ Chính trị",
        party=True,
        theme="về tăng cường sự lãnh đạo của Đảng đối với công tác chăm sóc, giáo dục và bảo vệ trẻ em "
        "trong tình hình mới",
    ),
    "qd-ttg-1555-2012": dict(
        doc_type="quyet_dinh",
        label="Quyết định",
        number="1555",
        symbol="QĐ-TTg",
        sohieu="1555/QĐ-TTg",
        date="2012-10-17",
        issuer="Thủ tướng Chính phủ",
        theme="phê duyệt Chương trình hành động vì trẻ em giai đoạn 2012 - 2020",
    ),
    "qd-ttg-2361-2015": dict(
        doc_type="quyet_dinh",
        label="Quyết định",
        number="2361",
        symbol="QĐ-TTg",
        sohieu="2361/QĐ-TTg",
        date="2015-12-22",
        issuer="Thủ tướng Chính phủ",
        theme="phê duyệt Chương trình bảo vệ trẻ em giai đoạn 2016 - 2020",
    ),
    "ct-ttg-18-2017": dict(
        doc_type="chi_thi",
        label="Chỉ thị",
        number="18",
        symbol="CT-TTg",
        sohieu="18/CT-TTg",
        date="2017-05-16",
        issuer="Thủ tướng Chính phủ",
        theme="về tăng cường giải pháp phòng, chống bạo lực, xâm hại trẻ em",
    ),
    "ct-ttg-23-2020": dict(
        doc_type="chi_thi",
        label="Chỉ thị",
        number="23",
        symbol="CT-TTg",
        sohieu="23/CT-TTg",
        date="2020-05-26",
        issuer="Thủ tướng Chính phủ",
        theme="về tăng cường các giải pháp bảo đảm thực hiện quyền trẻ em và bảo vệ trẻ em",
    ),
    "nq-qh14-121-2020": dict(
        doc_type="nghi_quyet",
        label="Nghị quyết",
        number="121",
        symbol="QH14",
        sohieu="121/2020/QH14",
        date="2020-06-19",
        issuer="Quốc hội",
        theme="về tiếp tục tăng cường hiệu lực, hiệu quả việc thực hiện chính sách, pháp luật về phòng, "
        "chống xâm hại trẻ em",
    ),
    "qd-ttg-23-2021": dict(
        doc_type="quyet_dinh",
        label="Quyết định",
        number="23",
        symbol="QĐ-TTg",
        sohieu="23/QĐ-TTg",
        date="2021-01-07",
        issuer="Thủ tướng Chính phủ",
        theme="phê duyệt Chương trình hành động quốc gia vì trẻ em giai đoạn 2021 - 2030",
    ),
    "ct-tw-28-2023": dict(
        doc_type="chi_thi",
        label="Chỉ thị",
        number="28",
        symbol="CT/TW",
        sohieu="28-CT/TW",
        date="2023-12-25",
        issuer="Bộ Chính trị",
        party=True,
        theme="về tăng cường công tác chăm sóc, giáo dục và bảo vệ trẻ em đáp ứng yêu cầu xây dựng đất "
        "nước phồn vinh, hạnh phúc",
    ),
    # --- background: cited, never implemented --------------------------------------------------
    "luat-bvcsgdte-2004": dict(
        doc_type="luat",
        label="Luật",
        number="25",
        symbol="QH11",
        sohieu="25/2004/QH11",
        date="2004-06-15",
        issuer="Quốc hội",
        named="Luật Bảo vệ, chăm sóc và giáo dục trẻ em",
        in_force="2005-01-01",
        until="2017-05-31",
    ),
    "nd-cp-71-2011": dict(
        doc_type="nghi_dinh",
        label="Nghị định",
        number="71",
        symbol="NĐ-CP",
        sohieu="71/2011/NĐ-CP",
        date="2011-08-22",
        issuer="Chính phủ",
        until="2017-05-31",
        implies=["luat-bvcsgdte-2004"],
        theme="quy định chi tiết và hướng dẫn thi hành một số điều của Luật Bảo vệ, chăm sóc và giáo dục "
        "trẻ em",
    ),
    "luat-tre-em-2016": dict(
        doc_type="luat",
        label="Luật",
        number="102",
        symbol="QH13",
        sohieu="102/2016/QH13",
        date="2016-04-05",
        issuer="Quốc hội",
        named="Luật Trẻ em",
        in_force="2017-06-01",
        by_name=True,
    ),
    "nd-cp-56-2017": dict(
        doc_type="nghi_dinh",
        label="Nghị định",
        number="56",
        symbol="NĐ-CP",
        sohieu="56/2017/NĐ-CP",
        date="2017-05-09",
        issuer="Chính phủ",
        in_force="2017-06-01",
        implies=["luat-tre-em-2016"],
        theme="quy định chi tiết một số điều của Luật Trẻ em",
    ),
    "nd-cp-80-2017": dict(
        doc_type="nghi_dinh",
        label="Nghị định",
        number="80",
        symbol="NĐ-CP",
        sohieu="80/2017/NĐ-CP",
        date="2017-07-17",
        issuer="Chính phủ",
        theme="quy định về môi trường giáo dục an toàn, lành mạnh, thân thiện, phòng, chống bạo lực "
        "học đường",
    ),
    "nd-cp-20-2021": dict(
        doc_type="nghi_dinh",
        label="Nghị định",
        number="20",
        symbol="NĐ-CP",
        sohieu="20/2021/NĐ-CP",
        date="2021-03-15",
        issuer="Chính phủ",
        theme="quy định chính sách trợ giúp xã hội đối với đối tượng bảo trợ xã hội",
    ),
    "tt-bgddt-45-2021": dict(
        doc_type="thong_tu",
        label="Thông tư",
        number="45",
        symbol="TT-BGDĐT",
        sohieu="45/2021/TT-BGDĐT",
        date="2021-12-31",
        issuer="Bộ Giáo dục và Đào tạo",
        issuer_alts=["Bộ trưởng Bộ Giáo dục và Đào tạo"],
        theme="quy định về việc xây dựng trường học an toàn, phòng, chống tai nạn, thương tích trong cơ sở "
        "giáo dục mầm non, giáo dục phổ thông và giáo dục thường xuyên",
    ),
    "luat-binh-dang-gioi-2006": dict(
        doc_type="luat",
        label="Luật",
        number="73",
        symbol="QH11",
        sohieu="73/2006/QH11",
        date="2006-11-29",
        issuer="Quốc hội",
        named="Luật Bình đẳng giới",
        in_force="2007-07-01",
        by_name=True,
    ),
    "bo-luat-lao-dong-2019": dict(
        doc_type="luat",
        label="Bộ luật",
        number="45",
        symbol="QH14",
        sohieu="45/2019/QH14",
        date="2019-11-20",
        issuer="Quốc hội",
        named="Bộ luật Lao động",
        in_force="2021-01-01",
        by_name=True,
    ),
    "luat-pcbl-gia-dinh-2022": dict(
        doc_type="luat",
        label="Luật",
        number="13",
        symbol="QH15",
        sohieu="13/2022/QH15",
        date="2022-11-14",
        issuer="Quốc hội",
        named="Luật Phòng, chống bạo lực gia đình",
        in_force="2023-07-01",
        by_name=True,
    ),
}

TRIGGER_IDS = [
    k for k, v in CENTRAL.items() if "theme" in v and v["doc_type"] not in ("nghi_dinh", "thong_tu")
]
BACKGROUND_IDS = [k for k in CENTRAL if k not in TRIGGER_IDS]


def year_of(doc_id: str) -> int:
    """Year of issue of a central document."""
    return int(CENTRAL[doc_id]["date"][:4])


def citable_background(on_date: str) -> list[str]:
    """Background documents a local document dated `on_date` (ISO) may cite."""
    out = []
    for doc_id in BACKGROUND_IDS:
        row = CENTRAL[doc_id]
        start = row.get("in_force", row["date"])
        if start <= on_date <= row.get("until", "9999"):
            out.append(doc_id)
    return out


def programme_for(year: int) -> str:
    """The national programme for children in force in `year` (what annual plans carry out)."""
    if year <= 2015:
        return "qd-ttg-1555-2012"
    if year <= 2020:
        return "qd-ttg-2361-2015"
    return "qd-ttg-23-2021"
