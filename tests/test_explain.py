"""`cpgraph explain FILE` and the document page's "Vì sao?" section, on invented documents.

Each document here is written by the test (sentences of the genre's shape, nothing copied): the
explanation must name the line each header field came from and the words that made each citation
IMPLEMENTS or CITES, and agree with what the ingest itself stored.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from graphsvc.app import create_app
from graphsvc.cli import main as cpgraph
from graphsvc.settings import Settings
from ingest import store
from ingest.explain import CitationWhy, Explanation, FieldWhy, explain_file, explain_text
from ingest.extract import SELF, extract_document
from ingest.pipeline import ingest

# An invented district plan: header lines 1-8, then `Căn cứ` and `Thực hiện` lines (numbers are 1-based).
PLAN = """ỦY BAN NHÂN DÂN
HUYỆN ĐỒNG XUÂN
Số: 77/KH-UBND
Đồng Xuân, ngày 14 tháng 4 năm 2025

KẾ HOẠCH
Triển khai thực hiện Chỉ thị số 28-CT/TW ngày 25/12/2023 của Bộ Chính trị về trẻ em

Căn cứ Nghị định số 56/2017/NĐ-CP ngày 09/5/2017 của Chính phủ quy định chi tiết Luật Trẻ em;
Căn cứ Kế hoạch số 41-KH/TU ngày 02/3/2024 của Ban Thường vụ Tỉnh ủy Phú Yên về công tác trẻ em;
Thực hiện Kế hoạch số 903/KH-UBND ngày 10/3/2025 của UBND tỉnh Phú Yên về bảo vệ trẻ em năm 2025,
UBND huyện Đồng Xuân ban hành Kế hoạch như sau:

I. MỤC ĐÍCH, YÊU CẦU
Các xã tổ chức tuyên truyền theo Quyết định số 23/QĐ-TTg ngày 07/01/2021 của Thủ tướng Chính phủ.

KT. CHỦ TỊCH
PHÓ CHỦ TỊCH
"""

# An invented school letter with a blank number and a hostile subject line.
HOSTILE_SUBJECT = '<script>alert("x")</script> & trẻ em'
LETTER = f"""PHÒNG GIÁO DỤC VÀ ĐÀO TẠO HUYỆN ĐỒNG XUÂN
Số: /PGDĐT
V/v {HOSTILE_SUBJECT} năm 2025

Kính gửi: Hiệu trưởng các trường.

Thực hiện Kế hoạch số 77/KH-UBND ngày 14/4/2025 của UBND huyện Đồng Xuân, Phòng đề nghị các trường thực hiện.
"""


def _field(e: Explanation, name: str) -> FieldWhy:
    return next(f for f in e.fields if f.name == name)


def _citation(e: Explanation, words: str) -> CitationWhy:
    return next(c for c in e.citations if words in c.words)


@pytest.fixture()
def plan_file(tmp_path: Path) -> Path:
    path = tmp_path / "corpus" / "ke-hoach-77.txt"
    path.parent.mkdir()
    path.write_text(PLAN, encoding="utf-8")
    return path


# ---------------------------------------------------------------- header fields


@pytest.mark.parametrize(
    ("name", "value", "line", "marked"),
    [
        ("number", "77", 3, "77/KH-UBND"),
        ("symbol", "KH-UBND", 3, "77/KH-UBND"),
        ("doc_type", "ke_hoach", 3, "77/KH-UBND"),  # the symbol says it
        ("date", "2025-04-14", 4, "ngày 14 tháng 4 năm 2025"),
        ("year", "2025", 4, "ngày 14 tháng 4 năm 2025"),
        ("title", None, 7, "Triển khai thực hiện Chỉ thị số 28-CT/TW"),
        ("issuer", "UBND huyện Đồng Xuân", 1, "ỦY BAN NHÂN DÂN\nHUYỆN ĐỒNG XUÂN"),  # body and place lines
        ("district", "Đồng Xuân", 2, "ĐỒNG XUÂN"),
    ],
)
def test_each_header_field_names_its_line_and_span(
    plan_file: Path, name: str, value: str | None, line: int, marked: str
) -> None:
    field = _field(explain_file(plan_file), name)
    if value is not None:
        assert field.value == value
    assert field.source is not None, f"{name}: no line"
    assert field.source.line == line
    shown = "".join(t for t, m in field.source.pieces() if m)
    assert marked in shown
    assert (
        PLAN[field.source.start : field.source.end]
        == field.source.text[field.source.mark_start : field.source.mark_end]
    )


def test_fields_agree_with_what_the_ingest_stores(plan_file: Path) -> None:
    e = explain_file(plan_file)
    own = extract_document(PLAN, "ke-hoach-77.txt")["doc"]
    for name in ("doc_type", "number", "symbol", "date", "title"):
        assert _field(e, name).value == own[name], name
    assert _field(e, "year").value == str(own["year"])


def test_a_field_not_read_has_no_line() -> None:
    e = explain_text(LETTER, "letter.txt")
    assert _field(e, "number").value is None and _field(e, "number").source is None
    assert _field(e, "date").how == "not read"


# ---------------------------------------------------------------- citations


@pytest.mark.parametrize(
    ("words", "relation", "rule", "cue"),
    [
        ("Chỉ thị số 28-CT/TW", "IMPLEMENTS", "cue", "thực hiện"),  # title `Triển khai thực hiện …`
        ("Nghị định số 56/2017/NĐ-CP", "CITES", "basis_legal", "Căn cứ"),  # a legal basis
        ("Kế hoạch số 41-KH/TU", "IMPLEMENTS", "basis_directive", "Căn cứ"),  # `Căn cứ` a plan
        ("Kế hoạch số 903/KH-UBND", "IMPLEMENTS", "cue", "Thực hiện"),  # opening `Thực hiện …`
        ("Quyết định số 23/QĐ-TTg", "CITES", "cue", "theo"),  # background
    ],
)
def test_each_citation_says_which_words_decided(
    plan_file: Path, words: str, relation: str, rule: str, cue: str
) -> None:
    c = _citation(explain_file(plan_file), words)
    assert (c.status, c.relation, c.rule, c.cue) == ("resolved", relation, rule, cue)
    assert c.cue_source is not None and cue in c.cue_source.text
    assert relation in c.why and c.why_vi


# An invented plan whose title carries out a directive named after `theo`, across a line break.
TITLED = """UBND XÃ HÒA AN
Số: 15/KH-UBND
Hòa An, ngày 3 tháng 6 năm 2025

KẾ HOẠCH
Thực hiện công tác bảo vệ trẻ em năm 2025 theo
Chỉ thị số 28-CT/TW ngày 25/12/2023 của Bộ Chính trị

Để bảo vệ trẻ em, UBND xã ban hành kế hoạch này.
"""


def test_a_title_carrying_out_a_directive_is_the_cue() -> None:
    e = explain_text(TITLED, "x.txt")
    c = _citation(e, "Chỉ thị số 28-CT/TW")
    assert (c.relation, c.rule, c.cue) == ("IMPLEMENTS", "title", "Thực hiện")
    assert c.cue_source is not None and c.cue_source.line == 6 and c.source.line == 7
    own = _citation(e, "15/KH-UBND")
    assert (own.status, own.relation, own.target) == ("own_number", None, None)


# An invented school letter: plans that carry out other documents, in one opening sentence.
BETWEEN = """PHÒNG GIÁO DỤC VÀ ĐÀO TẠO HUYỆN ĐỒNG XUÂN
Số: 210/PGDĐT
V/v bảo vệ trẻ em trong trường học

Thực hiện Kế hoạch số 51-KH/HU ngày 03/4/2024 của Huyện ủy Đồng Xuân thực hiện Chỉ thị số 28-CT/TW ngày \
25/12/2023 của Bộ Chính trị; Kế hoạch số 88/KH-UBND ngày 9/5/2024 của UBND huyện về việc triển khai thực \
hiện Nghị quyết số 121/2020/QH14 ngày 19/6/2020 của Quốc hội, Phòng đề nghị các trường thực hiện tốt.
"""


@pytest.mark.parametrize(
    ("words", "relation", "rule", "between"),
    [
        ("Kế hoạch số 51-KH/HU", "IMPLEMENTS", "cue", None),
        ("Chỉ thị số 28-CT/TW", "CITES", "relative", "IMPLEMENTS ct-tw-28-2023"),
        ("Kế hoạch số 88/KH-UBND", "IMPLEMENTS", "peer", None),
        ("Nghị quyết số 121/2020/QH14", "CITES", "subject", "IMPLEMENTS qh14-121-2020"),
    ],
)
def test_relations_stated_between_two_others(
    words: str, relation: str, rule: str, between: str | None
) -> None:
    c = _citation(explain_text(BETWEEN, "x.txt"), words)
    assert (c.relation, c.rule) == (relation, rule)
    assert (" ".join(c.between[1:]) if c.between else None) == between
    if rule == "peer":
        assert "“Kế hoạch số 51-KH/HU”" in c.why


def test_no_implementing_cue_is_cites() -> None:
    text = PLAN.replace("Các xã tổ chức tuyên truyền theo", "Các xã báo cáo kết quả, xem")
    c = _citation(explain_text(text, "x.txt"), "Quyết định số 23/QĐ-TTg")
    assert (c.relation, c.rule, c.cue) == ("CITES", "no_cue", None)
    assert c.why == "no implementing cue → CITES"


def test_relations_are_the_pipelines_own(plan_file: Path) -> None:
    """Every relation shown is the one `extract_document` gives the same mention."""
    e = explain_file(plan_file)
    stored = {
        (x["start"], x["end"]): x["type"] for x in extract_document(PLAN, "x")["edges"] if x["from"] == SELF
    }
    shown = {(c.source.start, c.source.end): c.relation for c in e.citations if c.status == "resolved"}
    assert shown == stored and len(shown) == 6  # with `Luật Trẻ em` in the decree's subject


def test_targets_are_node_ids(plan_file: Path) -> None:
    c = _citation(explain_file(plan_file), "Chỉ thị số 28-CT/TW")
    assert c.target == "ct-tw-28-2023"


def test_flags_say_why() -> None:
    e = explain_text(LETTER, "letter.txt")
    flags = {f.flag: f for f in e.flags}
    assert "PGDĐT" in flags["unnumbered"].why and "PGDĐT" in flags["unnumbered"].why_vi
    conflicting = PLAN.replace("Số: 77/KH-UBND", "Số: 77/2024/QĐ-UBND")
    flags = {f.flag: f for f in explain_text(conflicting, "x.txt").flags}
    assert flags["date_conflicts_number"].why == "the số hiệu says 2024, the date 2025-04-14; the number wins"


# ---------------------------------------------------------------- the command line


def test_cli_text_output(plan_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cpgraph(["explain", str(plan_file)]) == 0
    out = capsys.readouterr().out
    assert "number    77   line 3" in out
    assert "│ Số: «77/KH-UBND»" in out
    assert "→ IMPLEMENTS ct-tw-28-2023" in out
    assert "‹Căn cứ› «Nghị định số 56/2017/NĐ-CP»" in out
    assert "why: “Căn cứ” a nghi_dinh (a legal basis, not carried out) → CITES" in out


def test_cli_json_shape(plan_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cpgraph(["explain", "--json", str(plan_file)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data) == {
        "source",
        "format",
        "encoding",
        "read_warnings",
        "id",
        "fields",
        "flags",
        "citations",
    }
    assert data["source"] == "ke-hoach-77.txt"
    assert [f["name"] for f in data["fields"]] == [
        "doc_type",
        "number",
        "symbol",
        "date",
        "year",
        "title",
        "issuer",
        "province",
        "district",
        "commune",
    ]
    number = data["fields"][1]
    assert number["source"]["line"] == 3 and number["source"]["text"] == "Số: 77/KH-UBND"
    assert number["source"]["mark"] == [4, 14]
    c = data["citations"][0]
    assert set(c) >= {
        "words",
        "source",
        "status",
        "relation",
        "target",
        "rule",
        "cue",
        "cue_source",
        "why",
        "why_vi",
        "between",
        "flags",
    }


def test_cli_unreadable_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cpgraph(["explain", str(tmp_path / "missing.txt")]) == 1
    binary = tmp_path / "x.pdf"
    binary.write_bytes(b"not a pdf at all")
    assert cpgraph(["explain", str(binary)]) == 1
    assert "x.pdf" in capsys.readouterr().err


def test_cli_uses_the_stored_graphs_ids(
    plan_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data_dir = tmp_path / "data"
    ingest([plan_file.parent], data_dir, workers=1)
    assert cpgraph(["explain", "--json", "--data-dir", str(data_dir), str(plan_file)]) == 0
    data = json.loads(capsys.readouterr().out)
    G = store.load_graph(data_dir)
    resolved = [c for c in data["citations"] if c["status"] == "resolved"]
    assert len(resolved) == 6
    for c in resolved:
        assert G.has_edge(data["id"], c["target"]), c["words"]


def test_cli_says_when_the_file_is_not_in_the_data_dir(
    plan_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cpgraph(["explain", "--data-dir", str(tmp_path / "empty"), str(plan_file)]) == 0
    captured = capsys.readouterr()
    assert "is not ingested in" in captured.err and "→ IMPLEMENTS ct-tw-28-2023" in captured.out


# ---------------------------------------------------------------- the document page


@pytest.fixture()
def served(tmp_path: Path) -> Iterator[tuple[TestClient, Path]]:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "ke-hoach-77.txt").write_text(PLAN, encoding="utf-8")
    (corpus / "cong-van.txt").write_text(LETTER, encoding="utf-8")
    data_dir = tmp_path / "data"
    ingest([corpus], data_dir, workers=1)
    with TestClient(create_app(Settings(data_dir=data_dir))) as client:
        yield client, corpus


def _doc_id(client: TestClient, source: str) -> str:
    G = store.load_graph(Path(client.app.state.settings.data_dir))  # type: ignore[attr-defined]
    return next(n for n, d in G.nodes(data=True) if d.get("source") == source)


def test_page_shows_why(served: tuple[TestClient, Path]) -> None:
    client, _ = served
    html = client.get("/documents/" + quote(_doc_id(client, "ke-hoach-77.txt"), safe="")).text
    section = html[html.index('id="why"') :]
    assert "Vì sao?" in section and "Phần đầu văn bản" in section
    assert '<td>Số <span class="muted">(number)</span></td>' in section
    assert "Số: <mark>77/KH-UBND</mark>" in section
    assert '<mark class="cue">Căn cứ</mark> <mark>Nghị định số 56/2017/NĐ-CP</mark>' in section
    assert "“Căn cứ” một nghi_dinh (căn cứ pháp lý, không phải triển khai) → CITES" in section
    assert 'href="/documents/ct-tw-28-2023"' in section


def test_page_escapes_the_text(served: tuple[TestClient, Path]) -> None:
    client, _ = served
    html = client.get("/documents/" + quote(_doc_id(client, "cong-van.txt"), safe="")).text
    section = html[html.index('id="why"') :]
    assert HOSTILE_SUBJECT not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; trẻ em" in section
    assert "dòng `Số:` chỉ có ký hiệu (PGDĐT), không có số" in section


def test_page_says_when_the_file_is_gone(served: tuple[TestClient, Path]) -> None:
    client, corpus = served
    doc_id = _doc_id(client, "ke-hoach-77.txt")
    (corpus / "ke-hoach-77.txt").unlink()
    html = client.get("/documents/" + quote(doc_id, safe="")).text
    assert "Tệp nguồn đã bị xoá hoặc chuyển đi kể từ lần đọc." in html
    assert "Phần đầu văn bản" not in html


def test_page_says_when_the_file_changed(served: tuple[TestClient, Path]) -> None:
    client, corpus = served
    doc_id = _doc_id(client, "ke-hoach-77.txt")
    (corpus / "ke-hoach-77.txt").write_text(PLAN + "\nPhụ lục.\n", encoding="utf-8")
    html = client.get("/documents/" + quote(doc_id, safe="")).text
    assert "Tệp đã thay đổi kể từ lần đọc" in html


def test_a_document_only_cited_has_no_why(served: tuple[TestClient, Path]) -> None:
    client, _ = served
    html = client.get("/documents/ct-tw-28-2023").text
    assert 'id="why"' not in html


def test_lines_are_the_file_s_own_when_the_header_was_relined() -> None:
    # a header flattened on one line is read as several lines; the analyst's file has two
    flat = (
        "UBND HUYỆN KẾ SÁCH CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc Số: 31/KH-UBND "
        "Kế Sách, ngày 4 tháng 3 năm 2023 KẾ HOẠCH Bảo vệ trẻ em\n"
        "Thực hiện Kế hoạch số 18/KH-UBND ngày 2/2/2023 của UBND tỉnh Sóc Trăng;\n"
    )
    e = explain_text(flat, "flat.txt")
    number = next(f for f in e.fields if f.name == "number")
    assert number.source is not None and number.source.line == 1
    c = _citation(e, "Kế hoạch số 18/KH-UBND")
    assert c.source.line == 2 and "Thực hiện" in c.source.text
