"""Classes of real-document noise (issue 11), each with invented texts of the same shape.

Headers flattened, split over table cells or lines, mottos glued to names, numbers and dates cut from
their labels, portal crawls, broken PDF glyphs and TCVN3 fragments, Front and mass-organisation issuers,
Căn cứ lists read item by item, and files that are not documents.
"""

from __future__ import annotations

import pytest

from ingest.extract import extract_document, is_document, prepare_text
from ingest.header import reline_header
from ingest.model import DocMeta
from ingest.parse import parse_document
from ingest.portal import strip_portal
from ingest.read.glyphs import repair_glyphs
from ingest.symbols import doc_type_of_symbol, symbol_key


def _meta(text: str) -> DocMeta:
    return parse_document(prepare_text(text))


def _issuer_name(text: str) -> str:
    from ingest.places import org_name

    meta = _meta(text)
    assert meta.issuer is not None
    return org_name(meta.issuer)


# --- the header's own fields ---------------------------------------------------------------------------

HEADERS = [
    # (header text, expected (doc_type, number, symbol, date, year))
    (  # flattened two-column header: motto glued to the school, number and place on one line
        "UBND HUYỆN KRÔNG PA CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "TRƯỜNG THCS LÊ LỢI Độc lập - Tự do - Hạnh phúc\n"
        "Số: 12/KH-THCSLL Phú Túc, ngày 14 tháng 3 năm 2022\nKẾ HOẠCH\nPhòng chống đuối nước\n"
        "Thực hiện Kế hoạch số 5/KH-PGDĐT ngày 01/3/2022 của Phòng GDĐT, nhà trường xây dựng kế hoạch.",
        ("ke_hoach", "12", "KH-THCSLL", "2022-03-14", 2022),
    ),
    (  # table pipes and a motto cut over two lines
        "ỦY BAN NHÂN DÂN | CỘNG\nHÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |\nSố: 41/KH-UBND | Gia Lai, ngày 03 tháng 5 "
        "năm 2021 |\nThực hiện Chỉ thị số 28-CT/TW, Ủy ban nhân dân tỉnh ban hành Kế hoạch như sau:",
        ("ke_hoach", "41", "KH-UBND", "2021-05-03", 2021),
    ),
    (  # number on its own line, date cut over lines
        "ỦY BAN NHÂN DÂN\nTỈNH KON TUM\n|\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n|\n"
        "Số:\n77/KH-UBND\n|\nKon Tum, ngày 09\ntháng 4 năm 2020\n|\nKẾ HOẠCH\nVề công tác trẻ em\n",
        ("ke_hoach", "77", "KH-UBND", "2020-04-09", 2020),
    ),
    (  # spaced symbol, day and month left blank
        "PHÒNG GD&ĐT TP VINH\nTRƯỜNG MN HƯNG DŨNG\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: 07 /KH - MN\n"
        "Hưng Dũng, ngày    tháng    năm 2019\nĐộc lập - Tự do - Hạnh phúc\nKẾ HOẠCH\nAn toàn trường học\n",
        ("ke_hoach", "07", "KH-MN", None, 2019),
    ),
    (  # the number glued to `Số:` and the place-and-date on its line, apart by wide spaces
        "ỦY BAN NHÂN DÂN HUYỆN CAO LÃNH       CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n\n"
        "TRƯỜNG THCS MỸ HIỆP                   Độc lập – Tự do – Hạnh phúc\n\n"
        "Số:52/KH-THCS                          Cao Lãnh, ngày 09 tháng 10 năm 2021\n\nKẾ HOẠCH\nVề trẻ em\n",
        ("ke_hoach", "52", "KH-THCS", "2021-10-09", 2021),
    ),
    (  # an old-style heading (texts before ~2003 on legal portals) carries the số hiệu and the date
        "QUYẾT ĐỊNH\nCỦA BỘ TRƯỞNG BỘ GIÁO DỤC VÀ ĐÀO TẠO SỐ 23/2000/QĐ-BGDĐT\n"
        "NGÀY 11 THÁNG 7 NĂM 2000 VỀ VIỆC BAN HÀNH QUY CHẾ CÔNG TÁC HỌC SINH\n"
        "BỘ TRƯỞNG BỘ GIÁO DỤC VÀ ĐÀO TẠO\nCăn cứ Luật Giáo dục;\n",
        ("quyet_dinh", "23", "QĐ-BGDĐT", "2000-07-11", 2000),
    ),
    (  # ... but a heading's `của` with no số after it reads nothing
        "KẾ HOẠCH\nCỦA ỦY BAN NHÂN DÂN XÃ VỀ CÔNG TÁC TRẺ EM NĂM 2020\nThực hiện Kế hoạch số 5/KH-UBND;\n",
        ("ke_hoach", None, None, None, 2020),
    ),
    (  # the Youth Union's header: its name stands where the motto stands; the number line padded wide
        "BAN CHẤP HÀNH TRUNG ƯƠNG" + " " * 40 + "ĐOÀN TNCS HỒ CHÍ MINH\n\n***\n\n   Số: 41 - KH/TWĐTN-VP"
        + " " * 100 + "Hà Nội, ngày 2 tháng 3 năm 2024\n\nKẾ HOẠCH\nTổ chức hoạt động hè năm 2024\n",
        ("ke_hoach", "41", "KH/TWĐTN-VP", "2024-03-02", 2024),
    ),
    (  # a letter's subject that begins like a body line (`V/v: Thực hiện …`), cells split by pipes
        "BỘ Y TẾ ——-\n|\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập – Tự do – Hạnh phúc ————–\n|\n"
        "Số: 640/BYT-MT V/v: Thực hiện Chỉ thị số 12/CT-TTg\n|\nHà Nội, ngày 3 tháng 2 năm 2015\n|\n"
        "Kính gửi: Sở Y tế các tỉnh, thành phố\nNội dung.\n",
        ("cong_van", "640", "BYT-MT", "2015-02-03", 2015),
    ),
    (  # every hyphen of a three-part symbol typed with spaces around it
        "ỦY BAN MTTQ VIỆT NAM\nXÃ HÒA BÌNH\nBAN THƯỜNG TRỰC\nSố : 21 / KH - MTTQ - BTT\n"
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nHòa Bình, ngày 4 tháng 11 năm 2024\nKẾ HOẠCH\nVề trẻ em\n",
        ("ke_hoach", "21", "KH-MTTQ-BTT", "2024-11-04", 2024),
    ),
    (  # a draft's blank number with its year
        "BỘ Y TẾ\nSố: /2024/TT-BYT |\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc\n"
        "Hà Nội, ngày tháng năm 2024 |\nTHÔNG TƯ\nQuy định về dinh dưỡng học đường\nCăn cứ Luật Trẻ em;",
        ("thong_tu", None, "TT-BYT", None, 2024),
    ),
    (  # a space for the separator, as a state plan writes it and as the Party writes it
        "UBND XÃ NẬM AN\nSố: 262 KH-UBND\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\n"
        "Nậm An, ngày 19 tháng 8 năm 2017\n\nKẾ HOẠCH\nVề trẻ em\n",
        ("ke_hoach", "262", "KH-UBND", "2017-08-19", 2017),
    ),
    (
        "ĐẢNG BỘ HUYỆN HOÀI AN\nĐẢNG ỦY XÃ HOÀI PHÚC\n*\nSố: 26 KH/ĐU\nĐẢNG CỘNG SẢN VIỆT NAM\n\n"
        "Hoài Phúc, ngày 17 tháng 3 năm 2013\n\nKẾ HOẠCH\nVề trẻ em\n",
        ("ke_hoach", "26", "KH/ĐU", "2013-03-17", 2013),
    ),
    (  # runs of spaces inside the number, on a header flattened onto one line
        "ỦY BAN NHÂN DÂN HUYỆN ĐÌNH AN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc "
        "Số : 129  /KH-UBND Đình An, ngày 26 tháng 1 năm 2013\n\nKẾ HOẠCH\nVề trẻ em\n",
        ("ke_hoach", "129", "KH-UBND", "2013-01-26", 2013),
    ),
    (  # the number glued to a joint plan's symbol that lists nine bodies
        "BỘ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI\nCỤC TRẺ EM\nSố: 205KHLT/TE-MT-CĐ-C45-TC-GD-HĐ-ĐC-DS\n"
        "Hà Nội, ngày 3 tháng 5 năm 2014\n\nKẾ HOẠCH LIÊN TỊCH\nVề trẻ em\n",
        ("ke_hoach", "205", "KHLT/TE-MT-CĐ-C45-TC-GD-HĐ-ĐC-DS", "2014-05-03", 2014),
    ),
    (  # the number glued to an office's abbreviation (a letter, without diacritics)
        "UBND THI XA TAN AN\nPHONG GIAO DUC VA DAO TAO\nCONG HOA XA HOI CHU NGHIA VIET NAM\n"
        "Doc lap - Tu do - Hanh phuc\nSo: 10PGDDT-CM\n\nTan An, ngay 25 thang 7 nam 2017\n\n"
        "V/v trien khai Ke hoach so 30/KH-UBND\n\nKinh gui: cac truong\n",
        ("cong_van", "10", "PGDĐT-CM", "2017-07-25", 2017),
    ),
    (  # a two-column header flattened row by row: the number below `Số:`, after the motto
        "UBND XÃ NGỌC AN   CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố:   Độc lập - Tự do - Hạnh phúc\n"
        "64/KH-UBND   Ngọc An, ngày 4 tháng 1 năm 2013\n\nKẾ HOẠCH\nVề trẻ em\n",
        ("ke_hoach", "64", "KH-UBND", "2013-01-04", 2013),
    ),
    (  # ... or after the place-and-date
        "UBND XÃ BÌNH AN   CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
        "Số: Bình An, ngày 21 tháng 6 năm 2024\n533/KH-UBND \n\nKẾ HOẠCH\nVề trẻ em\n",
        ("ke_hoach", "533", "KH-UBND", "2024-06-21", 2024),
    ),
    (  # `Số` without its colon under a portal's metadata table
        "# Kế hoạch 5-KH/HU năm 2024\n\n| Số hiệu | Loại văn bản | Nơi ban hành |\n|---|---|---|\n"
        "| 5-KH/HU | Kế hoạch | Huyện ủy Ea An |\n\n\nĐẢNG BỘ TỈNH ĐẮK LẮK\nHUYỆN ỦY EA AN\n*\nSố 5-KH/HU\n"
        "ĐẢNG CỘNG SẢN VIỆT NAM\n\nEa An, ngày 11 tháng 02 năm 2024\n\nKẾ HOẠCH\nVề trẻ em\n",
        ("ke_hoach", "5", "KH/HU", "2024-02-11", 2024),
    ),
    (  # a letter's header flattened onto one line: its subject (`V/v …`) right after the number
        "BỘ Y TẾ  -------  CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM  Độc lập - Tự do - Hạnh phúc  -------  "
        "Số: 812/BYT-KHTC  V/v tăng cường công tác phòng, chống dịch bệnh truyền nhiễm cho trẻ em, "
        "học sinh, sinh viên trong mùa hè  "
        "Hà Nội, ngày 9 tháng 3 năm 2016  "
        "Kính gửi: Các Sở Y tế\nNội dung.\n",
        ("cong_van", "812", "BYT-KHTC", "2016-03-09", 2016),
    ),
    (  # a Party header flattened onto one line: `Số` without its colon before the số hiệu
        "ĐẢNG BỘ TỈNH ĐẮK LẮK  HUYỆN ỦY EA AN  *  Số 17-KH/HU  ĐẢNG CỘNG SẢN VIỆT NAM  "
        "Ea An, ngày 3 tháng 6 năm 2019\n\nKẾ HOẠCH\nVề trẻ em\n",
        ("ke_hoach", "17", "KH/HU", "2019-06-03", 2019),
    ),
    (  # `SỐ 2` of a school's name is no số hiệu
        "PHÒNG GD&ĐT HUYỆN AN LÃO  TRƯỜNG TIỂU HỌC SỐ 2 AN HÒA  CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM  "
        "Độc lập - Tự do - Hạnh phúc  Số: 6/KH-TH  An Hòa, ngày 2 tháng 10 năm 2020\n\nKẾ HOẠCH\nVề trẻ em\n",
        ("ke_hoach", "6", "KH-TH", "2020-10-02", 2020),
    ),
    (  # a number and a word of a sentence are no số hiệu
        "UBND XÃ NGỌC AN\nSố: 12 của UBND\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n\nKẾ HOẠCH\nVề trẻ em\n",
        ("ke_hoach", None, None, None, None),
    ),
]


@pytest.mark.parametrize("text,expected", HEADERS)
def test_header_fields(text: str, expected: tuple[object, ...]) -> None:
    meta = _meta(text)
    assert (meta.doc_type, meta.number, meta.symbol, meta.date, meta.year) == expected


ISSUERS = [
    ("UBND HUYỆN KRÔNG PA CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nTRƯỜNG THCS LÊ LỢI Độc lập - Tự do - Hạnh phúc\n"
     "Số: 12/KH-THCSLL Phú Túc, ngày 14 tháng 3 năm 2022\nKẾ HOẠCH\nNội dung\n", "Trường THCS Lê Lợi"),
    ("UBND HUYỆN MƯỜNG KHƯƠNG TRƯỜNG MN BẢN LẦU Số : 33 /KH-MNBL |\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM "
     "Độc lập - Tự do - Hạnh phúc Bản Lầu , ngày 02 tháng 10 năm 2023 |\nKẾ HOẠCH\nNội dung\n",
     "Trường Mầm non Bản Lầu"),
    ("ỦY BAN NHÂN DÂN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |\nSố: 41/KH-UBND | Gia Lai, ngày 03 tháng 5 năm 2021 |\n"
     "Thực hiện Chỉ thị số 28-CT/TW, Ủy ban nhân dân tỉnh ban hành Kế hoạch như sau:\nNội dung.\n"
     "TM. ỦY BAN NHÂN DÂN TỈNH GIA LAI\nCHỦ TỊCH\n", "UBND tỉnh Gia Lai"),
    ("ỦY BAN MTTQ VIỆT NAM\nXÃ ĐỒNG VĂN\nBAN THƯỜNG TRỰC\nSố: 9/KH-MTTQ-BTT\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
     "Độc lập - Tự do - Hạnh phúc\nĐồng Văn, ngày 18 tháng 11 năm 2024\nKẾ HOẠCH\nNội dung\n",
     "Ủy ban MTTQ Việt Nam"),
    ("HỘI ĐỒNG ĐỘI HUYỆN KRÔNG NÔ ĐỘI TNTP HỒ CHÍ MINH\nLIÊN ĐỘI TRƯỜNG THCS\n & THPT NAM ĐÀ\n"
     "Nam Đà, ngày 5 tháng 9 năm 2018\nKẾ HOẠCH\nNội dung\n", "Liên đội Trường THCS & THPT Nam Đà"),
    # the Pioneers' header flattened onto one line: their motto, then the unit below the council
    ("HỘI ĐỒNG ĐỘI HUYỆN CƯ JÚT  ĐỘI TNTP HỒ CHÍ MINH  LIÊN ĐỘI TRƯỜNG THCS PHAN BỘI CHÂU  *******  "
     "Cư Jút, ngày 8 tháng 9 năm 2019\nKẾ HOẠCH\nNội dung\n", "Liên đội Trường THCS Phan Bội Châu"),
    # the Youth Union's central committee: its symbol says national, not the branch of the place line
    ("BAN CHẤP HÀNH TRUNG ƯƠNG" + " " * 30 + "ĐOÀN TNCS HỒ CHÍ MINH\n***\nSố: 77-KH/TWĐTN-VP" + " " * 30
     + "Hà Nội, ngày 4 tháng 4 năm 2023\nKẾ HOẠCH\nNội dung\n", "Ban Chấp hành Trung ương Đoàn TNCS Hồ Chí Minh"),
    ("HỘI ĐỒNG ĐỘI TRUNG ƯƠNG\nSố: 18 - KH/HĐĐTW\nĐỘI TNTP HỒ CHÍ MINH\nHà Nội, ngày 1 tháng 6 năm 2017\n"
     "KẾ HOẠCH\nNội dung\n", "Hội đồng Đội Trung ương"),
    # the provincial Youth Union's committee on the left, the Union's name as the motto on the right
    ("BCH ĐOÀN TỈNH ĐẮK NÔNG ĐOÀN TNCS HỒ CHÍ MINH\n***\nSố: 61 -CV/TĐTN-VP\nV/v tổ chức hoạt động hè\n"
     "Đắk Nông, ngày 3 tháng 6 năm 2024\nKính gửi: các huyện đoàn\n", "Ban Chấp hành Đoàn tỉnh Đắk Nông"),
    # a plan copied without its header: the territory its title covers names the committee that plans
    ("KẾ HOẠCH\nTHỰC HIỆN ĐỀ ÁN PHÒNG CHỐNG TẢO HÔN TRÊN ĐỊA BÀN TỈNH HÀ GIANG GIAI ĐOẠN\n2021-2025\n"
     "Căn cứ Quyết định số 498/QĐ-TTg ngày 14/4/2015 của Thủ tướng Chính phủ;\n", "UBND tỉnh Hà Giang"),
    # `HUYỆN ĐOAN HÙNG` folds like `huyện đoàn` (the Youth Union): the marks say it is the district
    ("ỦY BAN NHÂN DÂN\nHUYỆN ĐOAN HÙNG\nSố: 7/KH-UBND\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
     "Độc lập - Tự do - Hạnh phúc\nĐoan Hùng, ngày 1 tháng 7 năm 2024\nKẾ HOẠCH\nNội dung\n",
     "UBND huyện Đoan Hùng"),
]


@pytest.mark.parametrize("text,expected", ISSUERS)
def test_issuer_of_messy_headers(text: str, expected: str) -> None:
    assert _issuer_name(text).startswith(expected)


def test_reline_keeps_length_and_letters() -> None:
    text = HEADERS[0][0]
    relined = reline_header(text)
    assert len(relined) == len(text)
    assert [c for c in relined if not c.isspace() and c != "|"] == [
        c for c in text if not c.isspace() and c != "|"
    ]
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in relined.splitlines()


def test_unit_word_in_a_name_does_not_join_lines() -> None:
    # `TĨNH` ends the name Hà Tĩnh: the number below is another field
    text = "ỦY BAN NHÂN DÂN\nTỈNH HÀ TĨNH\n\nSố: 5/QĐ-UBND\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
    assert "Số: 5/QĐ-UBND" in reline_header(text).splitlines()


# --- portal crawls ----------------------------------------------------------------------------------------

def test_portal_banner_table_and_notices_are_blanked() -> None:
    page = (
        "Bản quyền thuộc Thư viện pháp luật\nĐang tải văn bản...\n**Số hiệu:**\n|\n9/2024/QĐ-UBND\n**Loại văn bản:**\n"
        "Quyết định\n**ỦY BAN NHÂN\nDÂN**\nTỈNH YÊN BÁI\n|\n**CỘNG HÒA XÃ\nHỘI CHỦ NGHĨA VIỆT NAM**\nĐộc lập - Tự do - Hạnh "
        "phúc\n|\nSố:\n9/2024/QĐ-UBND\n|\n*Yên Bái, ngày\n2 tháng 4 năm 2024*\n**QUYẾT ĐỊNH**\nVề học phí\n"
        "Căn cứ Luật Giáo dục số 43/2019/QH14;\nNội dung.\nQuý Thành viên lưu ý: trang đổi điều khoản theo Nghị định "
        "13/2023/NĐ-CP\nĐăng nhập Thư viện pháp luật\nĐổi mật khẩu\n"
    )
    blanked = strip_portal(page)
    assert len(blanked) == len(page)
    assert "Đang tải" not in blanked and "13/2023/NĐ-CP" not in blanked
    extraction = extract_document(page, "qd.md")
    doc = extraction["doc"]
    assert (doc["doc_type"], doc["number"], doc["symbol"], doc["date"]) == ("quyet_dinh", "9", "QĐ-UBND", "2024-04-02")
    targets = {r["number"] for r in extraction["refs"]}
    assert "13" not in targets and "43" in targets


# --- letters -------------------------------------------------------------------------------------------------

GLYPHS = [
    ("Căn cứ Thơng tư số 5 về an tồn trường học, phịng chống tai nạn", "Căn cứ Thông tư số 5 về an toàn trường học, "
     "phòng chống tai nạn"),
    ("UBND THÀNH PHỐ THANH HỐ; Cơng văn của Phịng GD", "UBND THÀNH PHỐ THANH HÓA; Công văn của Phòng GD"),
    ("Tồn tại và hạn chế của phương án", "Tồn tại và hạn chế của phương án"),  # no broken font: unchanged
    ("thực hiện nhiÖm vô ®\u00adîc ph©n c«ng của c¸n bé", "thực hiện nhiệm vụ được phân công của cán bộ"),
    ("Lien doàn Lao dng cüa phii ntr giüp vic", "Lien doàn Lao dng cüa phii ntr giüp vic"),  # OCR: untouched
]


@pytest.mark.parametrize("text,expected", GLYPHS)
def test_glyph_repair(text: str, expected: str) -> None:
    assert repair_glyphs(text) == expected


# --- identity and types --------------------------------------------------------------------------------

def test_ampersand_in_a_ministry_token_is_one_symbol() -> None:
    assert symbol_key("TT-BGD&ĐT") == symbol_key("TT-BGDĐT")


@pytest.mark.parametrize(
    "symbol,doc_type",
    [("QĐ/TW", "quy_dinh"), ("TT/TU", "thong_tri"), ("QĐ-TTg", "quyet_dinh"), ("TT-BGDĐT", "thong_tu"),
     ("TTr-SNV", "to_trinh"), ("PL-UBTVQH10", "phap_lenh"), ("KHHĐ/TU", "ke_hoach"),
     ("TT-MTTW-BTT", "thong_tri"), ("TT-UBMTTQ", "thong_tri")],
)
def test_doc_type_of_new_symbols(symbol: str, doc_type: str) -> None:
    assert doc_type_of_symbol(symbol) == doc_type


@pytest.mark.parametrize(
    "symbol,central",
    [("KL-LNTPTW", True), ("KH/HĐĐTW", True), ("HD-BCĐTW", True), ("KH-UBND", False), ("CV/TĐTN", False)],
)
def test_a_body_token_ending_in_tw_is_national(symbol: str, central: bool) -> None:
    from ingest.symbols import is_central

    assert is_central(symbol) == central


def test_spaced_ministry_symbol_is_the_ministry_circular() -> None:
    text = "KẾ HOẠCH\nNội dung\nThực hiện Thông tư số 13/2010/TT - BGD& ĐT ngày 15 tháng 4 năm 2010 của Bộ GDĐT."
    refs = extract_document(text, "kh.txt")["refs"]
    assert [(r["number"], r["symbol"]) for r in refs] == [("13", "TT-BGD&ĐT")]
    assert refs[0]["issuer"] is None or refs[0]["issuer"]["kind"] == "bo"


# --- relations -------------------------------------------------------------------------------------------

def _relations(text: str) -> dict[str, str]:
    extraction = extract_document(text, "x.txt")
    out = {}
    for edge in extraction["edges"]:
        if edge["from"] == -1:
            ref = extraction["refs"][edge["to"]]
            out[f"{ref['number']}/{ref['symbol']}"] = edge["type"]
    return out


def test_every_item_of_a_can_cu_list_by_its_own_kind() -> None:
    text = (
        "KẾ HOẠCH\nCông tác bầu cử\n"
        "Căn cứ Luật Tổ chức chính quyền địa phương số 72/2025/QH15 và Luật số 9/2025/QH15 về sửa đổi, bổ sung "
        "một số điều của Luật Tổ chức chính quyền địa phương; Chỉ thị số 46-CT/TW ngày 16/5/2025 của Bộ Chính trị; "
        "Kế hoạch số 06/KH-MTTW-BTT ngày 22/7/2025 của Ủy ban Trung ương MTTQ Việt Nam;\nNội dung."
    )
    relations = _relations(text)
    assert relations["46/CT/TW"] == "IMPLEMENTS"
    assert relations["06/KH-MTTW-BTT"] == "IMPLEMENTS"
    assert relations["72/QH15"] == "CITES"


def test_direction_given_in_several_documents() -> None:
    text = (
        "CÔNG ĐIỆN\nVề khắc phục hậu quả\nCăn cứ chỉ đạo của Bộ Chính trị tại Thông báo số 12-TB/TW ngày 02/3/2025, "
        "của Ban Bí thư tại văn bản số 34-KL/TW ngày 02/3/2025, Nghị quyết 56/NQ-CP ngày 05/3/2025 của Chính phủ về "
        "khắc phục hậu quả thiên tai, Thủ tướng yêu cầu.\n"
    )
    relations = _relations(text)
    assert relations == {"12/TB/TW": "IMPLEMENTS", "34/KL/TW": "IMPLEMENTS", "56/NQ-CP": "IMPLEMENTS"}


def test_hard_wrapped_subject_states_a_relation_between_two_others() -> None:
    line = "Căn cứ Quyết định số 2210/QĐ-BTC ngày 05 tháng 9 năm 2025 của Bộ Tài chính ban hành Kế hoạch\n"
    text = (
        "QUYẾT ĐỊNH\nBan hành kế hoạch\n" + "Nội dung của văn bản được ngắt dòng ở độ rộng cố định như một trang in\n" * 12
        + line + "triển khai Quyết định số 16/QĐ-TTg ngày 02 tháng 01 năm 2025 của Thủ tướng Chính phủ;\n"
    )
    extraction = extract_document(text, "qd.md")
    refs = extraction["refs"]
    owned = [(refs[e["from"]]["number"], refs[e["to"]]["number"], e["type"]) for e in extraction["edges"] if e["from"] >= 0]
    assert ("2210", "16", "IMPLEMENTS") in owned


# --- not a document ---------------------------------------------------------------------------------------

def test_a_readme_is_not_a_document() -> None:
    assert not is_document(extract_document("# Sources\nA list of links, see the folder.\n", "README.md"))
    assert is_document(extract_document("KẾ HOẠCH\nTổ chức Tết Trung thu\nTrường Mầm non Hoa Sen lập kế hoạch.", "k.txt"))


def _stated_between(text: str) -> set[tuple[str, str, str]]:
    extraction = extract_document(text, "x.txt")
    refs = extraction["refs"]
    return {
        (refs[e["from"]]["number"], refs[e["to"]]["number"], e["type"]) for e in extraction["edges"] if e["from"] >= 0
    }


def test_amendment_stated_between_two_others_and_its_passive() -> None:
    active = ("QUYẾT ĐỊNH\nVề việc\nCăn cứ Nghị định số 12/2014/NĐ-CP ngày 05/3/2014 của Chính phủ sửa đổi, bổ sung "
              "một số điều của Nghị định số 40/2009/NĐ-CP ngày 01/5/2009 của Chính phủ;\n")
    assert ("12", "40", "AMENDS") in _stated_between(active)
    passive = ("QUYẾT ĐỊNH\nVề việc\nCăn cứ Luật Thanh niên số 57/2020/QH14 được sửa đổi, bổ sung bởi Luật số "
               "9/2025/QH15;\n")
    assert not {t for t in _stated_between(passive) if t[2] == "AMENDS"}


def test_official_before_the_body_and_an_unnamed_body_with_a_place() -> None:
    text = ("TỜ TRÌNH\nVề việc đổi tên Quỹ\nKính gửi: UBND tỉnh Gia Lai\nQuỹ được thành lập theo Quyết định số "
            "108/QĐ-UBND ngày 23/7/2014 của Chủ tịch UBND tỉnh Kon Tum; Công văn số 15/CV-QPN ngày 30/6/2025 của "
            "Ban Điều hành Quỹ Phụ nữ tỉnh Kon Tum đề nghị đổi tên.\n")
    refs = {r["number"]: r for r in extract_document(text, "x.txt")["refs"]}
    assert refs["108"]["issuer"]["province"] == "Kon Tum"
    assert refs["15"]["issuer"]["province"] == "Kon Tum"


def test_front_committee_token_is_not_a_typo_of_the_central_one() -> None:
    assert symbol_key("KH-MTTQ-BTT") == "khmttqbtt"


def test_parenthesised_short_name_keeps_the_list_going() -> None:
    text = ("KẾ HOẠCH\nTriển khai chương trình\nThực hiện Nghị quyết số 16/2024/QH15 ngày 27/11/2024 của Quốc hội phê "
            "duyệt chủ trương đầu tư (Nghị quyết số 16/2024/QH15), Nghị quyết số 5/NQ-CP ngày 13/3/2025 của Chính phủ "
            "(Nghị quyết số 5/NQ-CP) và Quyết định số 761/QĐ-BCA ngày 08/9/2025 của Bộ trưởng Bộ Công an; Ủy ban nhân "
            "dân tỉnh ban hành Kế hoạch.\n")
    relations = _relations(text)
    assert relations["5/NQ-CP"] == "IMPLEMENTS"
    assert relations["761/QĐ-BCA"] == "IMPLEMENTS"


def test_wrapped_relative_clause_between_two_others() -> None:
    filler = "Nội dung của văn bản được ngắt dòng ở độ rộng cố định như một trang in\n" * 12
    text = ("QUYẾT ĐỊNH\nVề kế hoạch\n" + filler + "Căn cứ Nghị quyết số 4/NQ-CP ngày 09 tháng 01 năm 2025 của Chính phủ "
            "Ban hành chương trình hành động\ncủa Chính phủ thực hiện Nghị quyết số 51-NQ/TW ngày 22 tháng 12 năm 2024 "
            "của Bộ Chính trị về chuyển đổi số;\n")
    assert ("4", "51", "IMPLEMENTS") in _stated_between(text)


def test_a_name_ending_in_a_unit_word_is_not_joined_with_the_next_line() -> None:
    text = ("UBND THỊ XÃ THUẬN THÀNH\nPHÒNG GIÁO DỤC VÀ ĐÀO TẠO\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: 20/GDĐT\n"
            "Thuận Thành, ngày 11 tháng 9 năm 2020\nV/v triển khai kế hoạch\n")
    assert _issuer_name(text) == "Phòng Giáo dục và Đào tạo thị xã Thuận Thành"


def test_a_district_name_of_two_provinces_is_the_one_with_the_commune() -> None:
    text = ("\nĐẢNG BỘ HUYỆN BẢO LÂM\nĐẢNG ỦY XÃ LỘC PHÚ\n*\nĐẢNG CỘNG SẢN VIỆT NAM\nSố: 23-KH/ĐU\n\n"
            "Lộc Phú, ngày 28 tháng 5 năm 2024\n\nKẾ HOẠCH\nTriển khai công tác trẻ em\n")
    meta = _meta(text)
    assert meta.issuer is not None and (meta.issuer.province, meta.issuer.district) == ("Lâm Đồng", "Bảo Lâm")
