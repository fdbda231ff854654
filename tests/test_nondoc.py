"""Files that are not documents (a README, a list of links, a licence) are skipped and reported, never a
node; any sign of a document, even in a damaged header, keeps a file. Invented texts of the real shapes."""

from __future__ import annotations

import pytest

from ingest.nondoc import REASON, not_a_document
from ingest.pipeline import ingest
from ingest.store import load_graph

NON_DOCUMENTS = [
    "# Bộ sưu tập văn bản\n\nThư mục chứa các tệp tải về từ cổng thông tin.\n\n"
    "## Cách dùng\n- Mở bằng trình soạn thảo.\n",
    "DANH SÁCH LIÊN KẾT\n\n1. Kế hoạch số 12/KH-UBND - https://vanban.example.vn/12-kh-ubnd.html\n"
    "2. Công văn số 40/SGDĐT-CTTT - https://vanban.example.vn/40.html\n",
    "MIT License\n\nPermission is hereby granted, free of charge, to any person obtaining a copy.\n",
    "Nguồn: tổng hợp từ các trang web địa phương, cập nhật 3/5/2025.\n- https://example.org/a\n",
]

DOCUMENTS = [
    # a header reduced to one sign each, as damaged copies have them
    "Số: 25/KH-UBND\nVề việc tổ chức các hoạt động hè cho thiếu nhi.\n",
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nNội dung triển khai công tác trẻ em.\n",
    "KẾ HOẠCH\nTổ chức Tháng hành động vì trẻ em năm 2021\n",
    "Thành phố Mới, ngày 12 tháng 5 năm 2021\nCác đơn vị thực hiện nghiêm túc.\n",
    "ỦY BAN NHÂN DÂN\nTriển khai công tác bảo vệ trẻ em.\n",
    "V/v tăng cường phòng, chống đuối nước cho học sinh\n",
    # without diacritics, in a table, after a portal's metadata table
    "UBND HUYEN DONG XUAN CONG HOA XA HOI CHU NGHIA VIET NAM So: 9/KH-UBND\n",
    "| **UBND XÃ AN HÒA** | **CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM** |\n|---|---|\n| Số: 3/KH-UBND | |\n",
    "# Kế hoạch 7/KH-UBND\n\n| Số hiệu | Loại văn bản |\n|---|---|\n| 7/KH-UBND | Kế hoạch |\n",
    "|\n**PHÒNG GD&ĐT HUYỆN AN LÃO**\n|\nSố:\n14/KH-MN\n",
]


@pytest.mark.parametrize("text", NON_DOCUMENTS)
def test_non_documents_are_recognized(text: str) -> None:
    assert not_a_document(text) == REASON


@pytest.mark.parametrize("text", DOCUMENTS)
def test_any_sign_of_a_document_keeps_the_file(text: str) -> None:
    assert not_a_document(text) is None


def test_ingest_skips_and_reports_non_documents(tmp_path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "README.md").write_text(NON_DOCUMENTS[0], encoding="utf-8")
    (corpus / "lien-ket.txt").write_text(NON_DOCUMENTS[1], encoding="utf-8")
    (corpus / "kh.txt").write_text(
        "ỦY BAN NHÂN DÂN\nXÃ AN HÒA\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
        "Số: 3/KH-UBND\nAn Hòa, ngày 2 tháng 3 năm 2021\n\nKẾ HOẠCH\nThực hiện Kế hoạch số 12/KH-UBND "
        "ngày 1/2/2021 của UBND huyện Tuy An về công tác trẻ em\n",
        encoding="utf-8",
    )
    summary = ingest([corpus], tmp_path / "data")
    assert sorted(source for source, _ in summary.skipped) == ["README.md", "lien-ket.txt"]
    assert all(reason == REASON for _, reason in summary.skipped)
    assert not summary.failures
    sources = {d.get("source") for _, d in load_graph(tmp_path / "data").nodes(data=True)}
    assert "kh.txt" in sources and not {"README.md", "lien-ket.txt"} & sources
