"""Readers: encodings (UTF-8/16, cp1258, TCVN3, VNI, mojibake), formats (.txt .md .docx .pdf .html),
walking folders, and the real corpus in ../shared.

Samples are built here from sentences written for the tests (tests/hostile/samples.py builds PDFs and
.docx files); nothing is copied from the shared corpus, which is only read where it lies.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.normalize import normalize_text
from ingest.read import SUPPORTED, clean_text, read_document, sha256_of, walk
from ingest.read.docx import docx_text
from ingest.read.html import html_text
from ingest.read.legacy_encodings import (
    VNI_ENCODE,
    decode_cp1258,
    decode_tcvn3,
    decode_vni,
    encode_cp1258,
    encode_tcvn3,
    encode_vni,
)
from ingest.read.pdf import ocr_available, pdf_text
from ingest.read.score import is_syllable
from ingest.read.text import BinaryFile, decode_bytes, repair_mojibake

sys.path.insert(0, str(Path(__file__).parent / "hostile"))
from samples import document_xml, docx_bytes, encrypt_pdf, image_pdf, read_pgm, stamped_pdf, text_pdf  # noqa: E402

IN_CI = os.environ.get("CI") == "true"
SHARED = Path(__file__).resolve().parents[1] / ".." / "shared"

SENTENCE = ("Ủy ban nhân dân tỉnh ban hành Quyết định số 1025/QĐ-UBND về việc thực hiện Chỉ thị số "
            "20-CT/TW của Bộ Chính trị; các cơ quan, đơn vị khẩn trương triển khai.")
LETTERS = "".join(sorted({c for c in VNI_ENCODE if c.islower()}))  # every non-ASCII Vietnamese letter
ALL_CAPS = "QUYẾT ĐỊNH VỀ VIỆC PHÊ DUYỆT KẾ HOẠCH BẢO VỆ TRẺ EM"
# TCVN3 has no byte for a capital with a tone outside all-capital words (`.VnTimeH` drew them with the
# lower-case bytes): such a capital comes back in lower case. Known, unavoidable loss.
SENTENCE_TCVN3 = "ủ" + SENTENCE[1:]


# --- legacy encodings: the tables -------------------------------------------------------------------

@pytest.mark.parametrize(("raw", "text"), [
    (b"\xb8", "á"), (b"\xae", "đ"), (b"\xa7", "Đ"), (b"\xd5", "ế"), (b"\xad", "ư"), (b"\xfe", "ỵ"),
    (b"C\xe9ng h\xdfa x\xb7 h\xe9i ch\xf1 ngh\xdca", "Cộng hòa xã hội chủ nghĩa"),
    (b"QUY\xd5T \xa7\xdeNH", "QUYẾT ĐỊNH"),  # a .VnTimeH capitals line
    (b"S\xe8: 60/KH-UBND", "Số: 60/KH-UBND"),  # a single capital is not a capitals word
])
def test_tcvn3_bytes_from_the_standard(raw: bytes, text: str) -> None:
    assert decode_tcvn3(raw) == text


@pytest.mark.parametrize(("cp1252_text", "text"), [
    ("Ñ", "Đ"), ("ñ", "đ"), ("ö", "ư"), ("ô", "ơ"), ("oâ", "ô"), ("aê", "ă"), ("yî", "ỵ"), ("ò", "ị"),
    ("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam", "Cộng hòa xã hội chủ nghĩa Việt Nam"),
    ("ÑOÄC LAÄP - TÖÏ DO - HAÏNH PHUÙC", "ĐỘC LẬP - TỰ DO - HẠNH PHÚC"),
    ("ñöôïc ngöôøi", "được người"),
])
def test_vni_spellings(cp1252_text: str, text: str) -> None:
    assert decode_vni(cp1252_text.encode("cp1252")) == text


@pytest.mark.parametrize(("encode", "decode", "text"), [
    (encode_vni, decode_vni, LETTERS + " " + LETTERS.upper()),
    (encode_cp1258, decode_cp1258, LETTERS + " " + LETTERS.upper()),
    (encode_tcvn3, decode_tcvn3, LETTERS + " ĂÂÊÔƠƯĐ"),
    (encode_tcvn3, decode_tcvn3, ALL_CAPS),
])
def test_every_letter_round_trips(encode, decode, text: str) -> None:
    assert len(LETTERS) == 67  # 12 vowels x 6 tones - 6 plain ASCII vowels + đ
    assert decode(encode(text)) == text


# --- text decoding ----------------------------------------------------------------------------------

@pytest.mark.parametrize(("name", "data", "encoding", "warning", "expected"), [
    ("utf-8", SENTENCE.encode(), "utf-8", None, SENTENCE),
    ("utf-8 BOM", SENTENCE.encode("utf-8-sig"), "utf-8", None, SENTENCE),
    ("utf-16 BOM", SENTENCE.encode("utf-16"), "utf-16", None, SENTENCE),
    ("utf-16-le", SENTENCE.encode("utf-16-le"), "utf-16", "without byte-order mark", SENTENCE),
    ("utf-16-be", SENTENCE.encode("utf-16-be"), "utf-16", "without byte-order mark", SENTENCE),
    ("utf-32 BOM", SENTENCE.encode("utf-32"), "utf-32", None, SENTENCE),
    ("cp1258", encode_cp1258(SENTENCE), "cp1258", "converted from Windows-1258", SENTENCE),
    ("tcvn3", encode_tcvn3(SENTENCE), "tcvn3", "converted from TCVN3", SENTENCE_TCVN3),
    ("vni", encode_vni(SENTENCE), "vni", "converted from VNI", SENTENCE),
    ("tcvn3 mojibake", encode_tcvn3(SENTENCE).decode("cp1252").encode(), "utf-8", "repaired TCVN3",
     SENTENCE_TCVN3),
    ("vni mojibake", encode_vni(SENTENCE).decode("cp1252").encode(), "utf-8", "repaired VNI", SENTENCE),
    ("nfd", unicodedata.normalize("NFD", SENTENCE).encode(), "utf-8", None, SENTENCE),
])
def test_decode_bytes(name: str, data: bytes, encoding: str, warning: str | None, expected: str) -> None:
    decoded = decode_bytes(data)
    assert decoded.encoding == encoding, name
    assert unicodedata.normalize("NFC", decoded.text) == expected, name
    if warning:
        assert any(warning in w for w in decoded.warnings), decoded.warnings
    else:
        assert decoded.warnings == ()


@pytest.mark.parametrize("text", [
    "Tôi là cán bộ", "Déjà vu, Müller, façade", "Hà Nội, ngày 5 tháng 9 năm 2024", "Ô tô và xe máy",
])
def test_genuine_text_is_not_repaired(text: str) -> None:
    assert repair_mojibake(text) == (text, ())


def test_mixed_file_repairs_only_the_mojibake_lines() -> None:
    text = "Căn cứ Luật Trẻ em;\n" + encode_tcvn3("Kế hoạch về công tác trẻ em").decode("cp1252") + "\nHết."
    repaired, warnings = repair_mojibake(text)
    assert repaired == "Căn cứ Luật Trẻ em;\nKế hoạch về công tác trẻ em\nHết."
    assert warnings == ("repaired TCVN3 (ABC) text read as Windows-1252 in 1 line",)


def test_unknown_8bit_text_falls_back_to_cp1252() -> None:
    decoded = decode_bytes("Der Bürgermeister hat die Straße geöffnet.".encode("cp1252"))
    assert decoded.encoding == "cp1252"
    assert decoded.text == "Der Bürgermeister hat die Straße geöffnet."


@pytest.mark.parametrize(("data", "message"), [
    (b"abc\x00def\x00\x00\x01" * 10, "contains NUL bytes"),
    (b"%PDF-1.7\n...", "looks like a PDF"),
    (b"PK\x03\x04rest", "looks like a ZIP"),
    (b"\x89PNG\r\n\x1a\n", "looks like a PNG"),
    (bytes(range(1, 9)) * 100, "control bytes"),
])
def test_binary_input_is_refused(data: bytes, message: str) -> None:
    with pytest.raises(BinaryFile, match=message):
        decode_bytes(data)


def test_damaged_utf8_keeps_the_text_and_says_so() -> None:
    data = SENTENCE.encode().replace("Ủy".encode(), b"\xe1\xbb")
    decoded = decode_bytes(data)
    assert decoded.encoding == "utf-8" and "\ufffd" in decoded.text and "nhân dân tỉnh" in decoded.text
    assert decoded.warnings == ("1 invalid UTF-8 bytes replaced by U+FFFD",)


@pytest.mark.parametrize(("word", "ok"), [
    ("người", True), ("quyết", True), ("khuya", True), ("giường", True), ("nghiêng", True), ("kế", True),
    ("ce", False), ("ka", False), ("ngi", False), ("tôt", False), ("Céng", False), ("hßa", False),
    ("chñ", False), ("nghÜa", False), ("hoäi", False), ("việệt", False),
])
def test_syllable_check(word: str, ok: bool) -> None:
    assert is_syllable(word) is ok


# --- formats ----------------------------------------------------------------------------------------

def test_docx_paragraphs_table_cells_tabs_and_deletions() -> None:
    table = [["UBND HUYỆN", "CỘNG HÒA"], ["Số: 60/KH-UBND", ""]]
    data = docx_bytes(["Căn cứ\tLuật Trẻ em;", "Điều 1."], table)
    assert docx_text(data) == "UBND HUYỆN\nCỘNG HÒA\nSố: 60/KH-UBND\n\nCăn cứ\tLuật Trẻ em;\nĐiều 1.\n"


def test_docx_entities_refused_but_escapes_read() -> None:
    laughs = ('<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
              + document_xml(["&b;"]).split("?>", 1)[1])
    with pytest.raises(ValueError, match="declares a DOCTYPE or entities"):
        docx_text(docx_bytes([], xml=laughs))
    assert docx_text(docx_bytes(["a & b < c > d"])).startswith("a & b < c > d\n")


def test_html_blocks_entities_and_scripts() -> None:
    html = ("<html><head><title>Tiêu đề</title><script>document.write('ẩn')</script></head><body>"
            "<p>Dòng   một\n  tiếp</p><div>Tr&#7867; em &amp; gia &#273;&igrave;nh<br>dòng ba</div>"
            "<table><tr><td>Ô 1</td><td>Ô 2</td></tr></table><style>.x{}</style></body></html>")
    assert html_text(html) == "Tiêu đề\nDòng một tiếp\nTrẻ em & gia đình\ndòng ba\nÔ 1\nÔ 2"


def test_pdf_pages_and_a_page_without_text() -> None:
    pdf = text_pdf([["Trang một: Chỉ thị 28-CT/TW"], [], ["Trang ba (hết)"]])
    text, warnings = pdf_text(pdf)
    assert "Trang một: Chỉ thị 28-CT/TW" in text and "Trang ba (hết)" in text
    assert text.index("Trang một") < text.index("Trang ba")
    assert warnings == ["pdf page 2 without text layer"]


HEADER = ["UBND TỈNH AN GIANG", "SỞ Y TẾ", "Số:        /SYT-NV", "Long Xuyên, ngày      tháng 5 năm 2025",
          "Kính gửi: các đơn vị trong tỉnh"]
STAMPED = [
    # (stamps (text, x, y), lines the text layer shows after reading)
    ([("417", 140, 728), ("12", 400, 728)], ["Số: 417/SYT-NV", "Long Xuyên, ngày 12 tháng 5 năm 2025"]),
    (  # number, day, month and year all left blank and stamped
        [("88", 130, 730), ("07", 390, 730), ("10", 440, 730), ("2025", 490, 730)],
        ["Số: 88/SYT-NV", "Long Xuyên, ngày 07 tháng 10 năm 2025"],
    ),
    ([("5", 140, 120), ("9", 400, 120)], HEADER[2:4]),  # signature boxes at the foot: not the header's
    ([("Nguyen Van A", 140, 728)], HEADER[2:4]),  # a signer's name is no number
]


@pytest.mark.parametrize("stamps, lines", STAMPED)
def test_number_and_date_stamped_by_an_e_office_fill_the_blank_header(
    stamps: list[tuple[str, float, float]], lines: list[str]
) -> None:
    blank_date = "Long Xuyên, ngày      tháng      năm     "
    header = HEADER if len(stamps) != 4 else [*HEADER[:3], blank_date, HEADER[4]]
    text, warnings = pdf_text(stamped_pdf(header, stamps))
    for line in lines:
        assert line in [" ".join(t.split()) for t in text.splitlines()] or line in text
    assert any("signature stamps" in w for w in warnings) == (lines != HEADER[2:4])


def test_a_number_already_in_the_text_is_not_overwritten_by_a_stamp() -> None:
    header = [*HEADER[:2], "Số: 301/SYT-NV", *HEADER[3:]]
    text, _ = pdf_text(stamped_pdf(header, [("417", 140, 728)]))
    assert "Số: 301/SYT-NV" in text and "417" not in text


@pytest.mark.parametrize(("password", "algorithm", "error"), [
    ("", "AES-128", None), ("", "RC4-128", None), ("", "AES-256", None),
    ("mat-khau", "AES-128", "encrypted PDF (password required)"),
    ("mat-khau", "RC4-40", "encrypted PDF (password required)"),
])
def test_encrypted_pdf(password: str, algorithm: str, error: str | None) -> None:
    pdf = encrypt_pdf(text_pdf([["Bảo mật"]]), password, algorithm)
    if error is None:
        text, warnings = pdf_text(pdf)
        assert text.strip() == "Bảo mật" and warnings == ["encrypted PDF opened with the empty password"]
    else:
        with pytest.raises(ValueError, match=error.replace("(", r"\(").replace(")", r"\)")):
            pdf_text(pdf)


def _need_ocr() -> None:
    if not ocr_available():
        if IN_CI:
            pytest.fail("CI needs poppler-utils, tesseract-ocr and tesseract-ocr-vie")
        pytest.skip("OCR tools not installed")


def test_scanned_pdf_is_reported_or_read_with_ocr(tmp_path: Path) -> None:
    _need_ocr()
    source = tmp_path / "source.pdf"
    source.write_bytes(text_pdf([["KE HOACH SO 60/KH-UBND NGAY 20/3/2023", "Bao ve tre em nam 2024"]]))
    subprocess.run(["pdftoppm", "-r", "150", "-gray", str(source), str(tmp_path / "img")], check=True)
    pixels, width, height = read_pgm(next(tmp_path.glob("img*.pgm")).read_bytes())
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(image_pdf(pixels, width, height))
    refused = read_document(scan, tmp_path)
    assert refused.error == "scanned PDF without text layer (use --ocr)" and refused.text is None
    read = read_document(scan, tmp_path, ocr=True)
    assert read.error is None and read.warnings == ("OCR used",)
    assert read.text is not None and "60/KH-UBND" in read.text and "2024" in read.text


# --- read_document and walk -------------------------------------------------------------------------

@pytest.mark.parametrize(("name", "data", "fmt"), [
    ("a.txt", SENTENCE.encode(), "txt"),
    ("b.md", SENTENCE.encode("utf-16"), "md"),
    ("c.docx", docx_bytes([SENTENCE]), "docx"),
    ("d.pdf", text_pdf([[SENTENCE[:60], SENTENCE[60:]]]), "pdf"),
    ("e.HTM", f"<p>{SENTENCE}</p>".encode(), "html"),
])
def test_read_document_per_format(tmp_path: Path, name: str, data: bytes, fmt: str) -> None:
    path = tmp_path / "sub" / name
    path.parent.mkdir()
    path.write_bytes(data)
    result = read_document(path, tmp_path)
    assert (result.format, result.relpath, result.error) == (fmt, f"sub/{name}", None)
    assert result.text is not None
    assert " ".join(result.text.split()) == SENTENCE if fmt != "pdf" else SENTENCE[60:] in result.text
    assert result.sha256 == hashlib.sha256(data).hexdigest() == sha256_of(path)
    assert result.size == len(data)
    assert result.text == normalize_text(result.text)


@pytest.mark.parametrize(("setup", "error"), [
    (lambda p: p.with_suffix(".xls").write_bytes(b"x"), "unsupported file type (.xls)"),
    (lambda p: p.mkdir(), "not a regular file (a folder)"),
    (lambda p: p.write_bytes(b"x" * 2048), "file larger than 0.000976562 MB limit (0 MB)"),
])
def test_read_document_refusals(tmp_path: Path, setup, error: str) -> None:
    path = tmp_path / "f.txt"
    setup(path)
    target = path if path.exists() else path.with_suffix(".xls")
    result = read_document(target, tmp_path, max_bytes=1024)
    assert (result.text, result.error) == (None, error)


def test_unreadable_file_as_an_ordinary_user(tmp_path: Path) -> None:
    """Root reads everything, so as root the check runs in a forked child that became user nobody,
    in a folder nobody can enter (pytest's own temporary folders are private to root)."""
    if os.geteuid() != 0:
        secret = tmp_path / "secret.txt"
        secret.write_text(SENTENCE, encoding="utf-8")
        secret.chmod(0)
        assert read_document(secret, tmp_path).error == "permission denied"
        return
    folder = Path(tempfile.mkdtemp(prefix="cpgraph-perm-"))
    try:
        folder.chmod(0o755)
        secret, readable = folder / "secret.txt", folder / "readable.txt"
        for path, mode in ((secret, 0), (readable, 0o644)):
            path.write_text(SENTENCE, encoding="utf-8")
            path.chmod(mode)
        reader, writer = os.pipe()
        pid = os.fork()
        if pid == 0:  # child: drop to nobody, read, report, exit without running pytest's teardown
            try:
                os.setgid(65534)
                os.setuid(65534)
                errors = [str(read_document(p, folder).error) for p in (secret, readable)]
                os.write(writer, "|".join(errors).encode())
            finally:
                os._exit(0)
        os.close(writer)
        with os.fdopen(reader, "rb") as stream:
            message = stream.read().decode()
        os.waitpid(pid, 0)
        assert message == "permission denied|None"
    finally:
        shutil.rmtree(folder)


def test_walk_files_folders_order_and_duplicates(tmp_path: Path) -> None:
    for rel in ["b/z.txt", "b/a.pdf", "a.md", "b/c/d.docx", ".git/x.txt", "b/skip.png"]:
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_bytes(b"x")
    problems: list[str] = []
    given = [tmp_path, tmp_path / "a.md", tmp_path / "missing.txt", tmp_path / "b/skip.png"]
    rels = [(root, path.relative_to(root).as_posix()) for root, path in walk(given, problems)]
    assert rels == [(tmp_path, "a.md"), (tmp_path, "b/a.pdf"), (tmp_path, "b/c/d.docx"),
                    (tmp_path, "b/z.txt"), (tmp_path / "b", "skip.png")]  # a.md given again: yielded once
    assert problems == [f"{tmp_path.name}: skipped files of unsupported types (1 .png)",
                        f"{tmp_path / 'missing.txt'}: file not found"]
    assert {".txt", ".md", ".docx", ".doc", ".pdf", ".html", ".htm", ".csv"} == SUPPORTED


# --- the real corpus --------------------------------------------------------------------------------

@pytest.mark.shared
def test_shared_corpus_reads_clean() -> None:
    corpus = SHARED / "corpus"
    if not corpus.is_dir():
        if IN_CI:
            pytest.fail(f"{corpus} is missing")
        pytest.skip("../shared not present")
    # the clean sets; real-cp is messy on purpose (legacy encodings, Word HTML) and scored elsewhere
    results = [read_document(path, root) for root, path in walk([corpus / "seeds", corpus / "real-dev"])]
    assert len(results) >= 200
    bad = {r.relpath: (r.error, r.warnings, r.encoding) for r in results
           if r.error or r.warnings or r.encoding != "utf-8"}
    assert bad == {}
    for result in results[:20]:
        assert result.text == normalize_text(result.path.read_text(encoding="utf-8"))


# `clean_text` does in one scan what these three steps say; the steps are its definition.
_TEXT_WITH_NOISE = st.text(
    alphabet=st.sampled_from(list("aêĐđ \n\r\x0b\x0c\x00\x07\x1f\x7f\u2028\u2029\u00d0\u00f0\u00a0\u200b"
                                  "\u00ad\ufeff\u0301\u0323\ufffe")),
    max_size=40,
)


@settings(max_examples=400, deadline=None)
@given(_TEXT_WITH_NOISE)
def test_clean_text_is_its_three_steps(text: str) -> None:
    import re

    from hypothesis import assume

    from ingest.read.glyphs import repair_glyphs

    # glyph repair is a fourth step, tested in test_real_headers; here texts it leaves alone
    assume(repair_glyphs(text) == text)
    unified = re.sub(r"\r\n?|[\x0b\x0c\u2028\u2029]", "\n", text)
    stripped = re.sub(r"[\x00-\x08\x0e-\x1f\x7f\ufffe\uffff]", "", unified)
    assert clean_text(text) == normalize_text(stripped)
