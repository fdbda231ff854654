"""Lists hanging from an opening line (issue 11, IMPLEMENTS vs CITES): `Thực hiện các văn bản sau:` with
one bulleted citation per line carries out every item; under `Căn cứ …:` or a heading of bases (`I. CĂN CỨ
XÂY DỰNG KẾ HOẠCH`) each item is read as a `Căn cứ` clause: directives and plans carried out, laws cited.
Invented texts of the shapes of real plans."""

from __future__ import annotations

import pytest
from test_classify import relations_of

from ingest.explain import explain_text

HEAD = (
    "ỦY BAN NHÂN DÂN\nHUYỆN KẾ SÁCH\nSố: 31/KH-UBND\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
    "Độc lập - Tự do - Hạnh phúc\nKế Sách, ngày 4 tháng 3 năm 2023\nKẾ HOẠCH\nBảo vệ trẻ em năm 2023\n"
)

LISTS = [
    (  # bullets under an opening `Thực hiện …:` line
        "Thực hiện các văn bản chỉ đạo của cấp trên:\n"
        "- Kế hoạch số 18/KH-UBND ngày 2/2/2023 của UBND tỉnh về công tác trẻ em;\n"
        "- Công văn số 77/SLĐTBXH ngày 9/2/2023 của Sở Lao động - Thương binh và Xã hội;\n"
        "UBND huyện ban hành Kế hoạch như sau:\n",
        [("self", "18", "IMPLEMENTS"), ("self", "77", "IMPLEMENTS")],
    ),
    (  # numbered items under a section heading of bases: each by its kind
        "I. CĂN CỨ XÂY DỰNG KẾ HOẠCH\n1. Luật Trẻ em năm 2016;\n"
        "2. Kế hoạch số 18/KH-UBND ngày 2/2/2023 của UBND tỉnh về công tác trẻ em;\n"
        "3. Chỉ thị số 28-CT/TW ngày 25/12/2018 của Ban Bí thư.\nII. MỤC ĐÍCH, YÊU CẦU\n",
        [("self", "102", "CITES"), ("self", "18", "IMPLEMENTS"), ("self", "28", "IMPLEMENTS")],
    ),
    (  # `Căn cứ các văn bản sau:` with `+` bullets: a decree is a legal basis, a plan carried out
        "Căn cứ các văn bản sau:\n+ Nghị định số 56/2017/NĐ-CP ngày 09/5/2017 của Chính phủ;\n"
        "+ Kế hoạch số 18/KH-UBND ngày 2/2/2023 của UBND tỉnh;\nUBND huyện xây dựng Kế hoạch như sau:\n",
        [("self", "56", "CITES"), ("self", "18", "IMPLEMENTS")],
    ),
    (  # a joint programme after its qualifier (`phối hợp`) is carried out as any programme
        "Thực hiện Chương trình phối hợp số 03/CTrPH-SLĐTBXH-CAT ngày 6/1/2023 giữa Sở Lao động - Thương "
        "binh và Xã hội và Công an tỉnh, UBND huyện ban hành Kế hoạch như sau:\n",
        [("self", "03", "IMPLEMENTS")],
    ),
    (  # an opening `Theo chỉ đạo của … tại Công văn …` follows a direction: carried out
        "Theo chỉ đạo của UBND tỉnh tại Công văn số 402/UBND-VX ngày 1/3/2023 về bảo vệ trẻ em, UBND huyện "
        "ban hành Kế hoạch như sau:\n",
        [("self", "402", "IMPLEMENTS")],
    ),
]

NOT_LISTS = [
    (  # an item that says what to do with the law (disseminate it) keeps its own cue
        "Thực hiện các nhiệm vụ sau:\n- Tuyên truyền Luật Trẻ em năm 2016 đến phụ huynh;\n",
        [("self", "102", "CITES")],
    ),
    (  # the list hangs from a line that is no opening: its items are background
        "Các văn bản liên quan:\n- Nghị định số 56/2017/NĐ-CP ngày 09/5/2017 của Chính phủ;\n"
        "- Kế hoạch số 18/KH-UBND ngày 2/2/2023 của UBND tỉnh;\n",
        [("self", "56", "CITES"), ("self", "18", "CITES")],
    ),
    (  # a paragraph between the opening and the item: no longer its list
        "Thực hiện các văn bản sau:\n- Kế hoạch số 18/KH-UBND ngày 2/2/2023 của UBND tỉnh;\n"
        "Năm 2022 toàn huyện đã tổ chức nhiều hoạt động.\n"
        "- Quyết định số 9/QĐ-UBND ngày 2/1/2020 của UBND huyện đã hết hạn.\n",
        [("self", "18", "IMPLEMENTS"), ("self", "9", "CITES")],
    ),
    (  # `theo` after the verb's object is background (the verb's own `theo` carries out: test_classify)
        "\nCác trường thực hiện chế độ báo cáo theo Quyết định số 20/QĐ-UBND ngày 5/3/2024 của UBND tỉnh.\n",
        [("self", "20", "CITES")],
    ),
    (  # a passive `được thực hiện theo` is done according to the document, not carrying it out
        "\nBảo đảm các quyền của trẻ em được thực hiện theo Kế hoạch số 18/KH-UBND ngày 2/2/2023 "
        "của UBND tỉnh.\n",
        [("self", "18", "CITES")],
    ),
    (  # `theo` inside a sentence (`theo quy định tại`) is background
        "Các trường thực hiện chế độ báo cáo theo quy định tại Thông tư số 45/2021/TT-BGDĐT ngày 31/12/2021 "
        "của Bộ Giáo dục và Đào tạo.\n",
        [("self", "45", "CITES")],
    ),
]


@pytest.mark.parametrize(("body", "expected"), LISTS + NOT_LISTS)
def test_list_items_take_the_relation_of_the_line_they_hang_from(
    body: str, expected: list[tuple[str, str, str]]
) -> None:
    assert relations_of(HEAD + body) == expected


@pytest.mark.parametrize(
    ("words", "relation", "cue", "cue_line"),
    [
        ("Luật Trẻ em năm 2016", "CITES", "CĂN CỨ", 9),
        ("Kế hoạch số 18/KH-UBND", "IMPLEMENTS", "CĂN CỨ", 9),
        ("Công văn số 77/SLĐTBXH", "IMPLEMENTS", "Thực hiện", 12),
    ],
)
def test_explain_names_the_line_a_list_hangs_from(words: str, relation: str, cue: str, cue_line: int) -> None:
    opening = LISTS[0][0].replace("- Kế hoạch số 18/KH-UBND", "- Kế hoạch 19")
    text = HEAD + LISTS[1][0].split("3.")[0] + opening
    found = [c for c in explain_text(text, "x.txt").citations if c.words == words]
    assert len(found) == 1
    c = found[0]
    assert (c.relation, c.rule, c.cue) == (relation, "list_head", cue)
    assert c.cue_source is not None and c.cue_source.line == cue_line
    assert "list under" in c.why and "danh sách dưới" in c.why_vi
