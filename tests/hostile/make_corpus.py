"""Write the hostile test corpus into a folder, with what reading each file must give.

    python tests/hostile/make_corpus.py OUT_DIR [--small]     # --small: no 200 MB file

Every file is built here from sentences written for the purpose: good files in every format, the same
text in UTF-16, Windows-1258, TCVN3, VNI, mojibake and NFD, and hostile files (empty, binary, truncated
or corrupt .docx/.pdf, encrypted and scanned PDFs, a zip bomb, a 200 MB file, a FIFO, unreadable
files, broken links, link loops, odd names). `build` returns one `Expect` per file that `walk` must
yield; hidden files and unsupported types are written too but must not be yielded.
"""
from __future__ import annotations

import io
import os
import sys
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from samples import (  # noqa: E402
    docx_bytes,
    encrypt_pdf,
    image_pdf,
    text_pdf,
    zip_bomb_docx,
)

from ingest.read.legacy_encodings import encode_cp1258, encode_tcvn3, encode_vni  # noqa: E402

# Sentences written for these tests (facts such as document numbers only).
SENTENCES = [
    "ỦY BAN NHÂN DÂN HUYỆN NÚI THÀNH",
    "Kế hoạch thực hiện Chỉ thị số 28-CT/TW ngày 25/12/2023 của Ban Bí thư về tăng cường công tác "
    "bảo vệ, chăm sóc trẻ em.",
    "Căn cứ Luật Trẻ em năm 2016 và Nghị định số 56/2017/NĐ-CP của Chính phủ;",
    "Các xã, thị trấn xây dựng kế hoạch và gửi báo cáo kết quả về Phòng Lao động - Thương binh và "
    "Xã hội trước ngày 15 tháng 12 năm 2024.",
]
TEXT = "\n".join(SENTENCES) + "\n"
BIG_FILE_MB = 200


@dataclass(frozen=True)
class Expect:
    """What reading `relpath` must give: an error containing `error`, or a text containing `text`.

    `exact` asks for the whole text to equal `text`; `warning` must be part of one warning and
    `encoding` equal the detected encoding.
    """

    relpath: str
    error: str | None = None
    text: str | None = None
    exact: bool = False
    warning: str | None = None
    encoding: str | None = None


def _write(root: Path, rel: str, data: bytes) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def _mojibake(data: bytes) -> bytes:
    """Legacy bytes read as Windows-1252 and saved as UTF-8, as copy-paste from old files does."""
    return data.decode("cp1252").encode("utf-8")


def _good(root: Path) -> list[Expect]:
    first = SENTENCES[1]
    _write(root, "good/ke_hoach.txt", TEXT.encode("utf-8"))
    _write(root, "good/chi_thi.md", ("# Chỉ thị\n\n" + TEXT).encode("utf-8"))
    _write(root, "good/quyet_dinh.docx", docx_bytes(SENTENCES[1:], [[SENTENCES[0], "Số: 60/KH-UBND"]]))
    _write(root, "good/cong_van.pdf", text_pdf([SENTENCES[:2], SENTENCES[2:]]))
    html = ("<html><head><title>Văn bản</title><script>var a = '<p>x</p>';</script><style>p{}</style></head>"
            "<body><div>" + "".join(f"<p>{s.replace('&', '&amp;')}</p>" for s in SENTENCES)
            + "</div><p>Tr&#7867; em &amp; gia &#273;&igrave;nh</p></body></html>")
    _write(root, "good/trang.html", html.encode("utf-8"))
    _write(root, "good/UPPER CASE.TXT", TEXT.encode("utf-8"))
    return [
        Expect("good/ke_hoach.txt", text=TEXT, exact=True, encoding="utf-8"),
        Expect("good/chi_thi.md", text=first, encoding="utf-8"),
        Expect("good/quyet_dinh.docx", text=SENTENCES[0] + "\nSố: 60/KH-UBND\n" + first),
        Expect("good/cong_van.pdf", text=SENTENCES[3]),
        Expect("good/trang.html", text="Trẻ em & gia đình"),
        Expect("good/UPPER CASE.TXT", text=TEXT, exact=True),
    ]


def _encodings(root: Path) -> list[Expect]:
    nfd = unicodedata.normalize("NFD", TEXT).replace("Đ", "\u00d0")
    files = {
        "enc/utf16_bom.txt": (TEXT.encode("utf-16"), "utf-16", None),
        "enc/utf16le_no_bom.txt": (TEXT.encode("utf-16-le"), "utf-16", "without byte-order mark"),
        "enc/utf16be_no_bom.txt": (TEXT.encode("utf-16-be"), "utf-16", "without byte-order mark"),
        "enc/utf8_bom.txt": (TEXT.encode("utf-8-sig"), "utf-8", None),
        "enc/utf32le_no_bom.txt": (TEXT.encode("utf-32-le"), "utf-32", "without byte-order mark"),
        "enc/utf32be_no_bom.txt": (TEXT.encode("utf-32-be"), "utf-32", "without byte-order mark"),
        "enc/windows1258.txt": (encode_cp1258(TEXT), "cp1258", "Windows-1258"),
        "enc/tcvn3.txt": (encode_tcvn3(TEXT), "tcvn3", "TCVN3"),
        "enc/vni.txt": (encode_vni(TEXT), "vni", "VNI"),
        "enc/tcvn3_mojibake.txt": (_mojibake(encode_tcvn3(TEXT)), "utf-8", "TCVN3"),
        "enc/vni_mojibake.txt": (_mojibake(encode_vni(TEXT)), "utf-8", "VNI"),
        "enc/nfd_and_eth.txt": (nfd.encode("utf-8"), "utf-8", None),
        "enc/crlf.txt": (TEXT.replace("\n", "\r\n").encode("utf-8"), "utf-8", None),
    }
    expects = []
    for rel, (data, encoding, warning) in files.items():
        _write(root, rel, data)
        expects.append(Expect(rel, text=TEXT, exact=True, encoding=encoding, warning=warning))
    mixed = SENTENCES[2] + "\n" + _mojibake(encode_tcvn3(SENTENCES[1])).decode("utf-8") + "\n"
    _write(root, "enc/mixed_mojibake.txt", mixed.encode("utf-8"))
    damaged = TEXT.encode("utf-8").replace("trẻ".encode(), b"tr\xe1\xbb")  # a cut multi-byte letter
    _write(root, "enc/utf8_damaged.txt", damaged)
    expects += [
        Expect("enc/mixed_mojibake.txt", text=SENTENCES[2] + "\n" + SENTENCES[1] + "\n", exact=True,
               warning="in 1 line"),
        Expect("enc/utf8_damaged.txt", text=SENTENCES[2], warning="invalid UTF-8"),
    ]
    return expects


def _broken_docx(root: Path) -> list[Expect]:
    good = docx_bytes(SENTENCES)
    _write(root, "bad/truncated.docx", good[: len(good) // 2])
    _write(root, "bad/not_a_zip.docx", TEXT.encode("utf-8"))
    _write(root, "bad/word97.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600))
    laughs = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>'
              '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
              "<w:body><w:p><w:r><w:t>&lol2;</w:t></w:r></w:p></w:body></w:document>")
    _write(root, "bad/entities.docx", docx_bytes([], xml=laughs))
    _write(root, "bad/malformed.docx", docx_bytes([], xml="<w:document><w:body><w:p>"))
    other = io.BytesIO()
    with zipfile.ZipFile(other, "w") as archive:
        archive.writestr("content.xml", "<office/>")
    _write(root, "bad/odt_renamed.docx", other.getvalue())
    _write(root, "bad/bomb.docx", zip_bomb_docx(200))
    _write(root, "bad/empty_body.docx", docx_bytes([]))
    return [
        Expect("bad/truncated.docx", error="corrupt .docx"),
        Expect("bad/not_a_zip.docx", error="corrupt .docx: not a readable ZIP"),
        Expect("bad/word97.docx", error="corrupt .doc: the OLE2 container"),  # a .doc by its bytes
        Expect("bad/entities.docx", error="DOCTYPE"),
        Expect("bad/malformed.docx", error="malformed XML"),
        Expect("bad/odt_renamed.docx", error="no word/document.xml"),
        Expect("bad/bomb.docx", error="zip bomb suspected"),
        Expect("bad/empty_body.docx", error="no text in this docx file"),
    ]


def _broken_pdf(root: Path) -> list[Expect]:
    good = text_pdf([SENTENCES])
    _write(root, "bad/truncated.pdf", good[:300])
    _write(root, "bad/garbage.pdf", os.urandom(2048))
    _write(root, "bad/encrypted.pdf", encrypt_pdf(good, "mat-khau"))
    _write(root, "bad/encrypted_rc4.pdf", encrypt_pdf(good, "mat-khau", "RC4-128"))
    _write(root, "bad/no_copy_protection.pdf", encrypt_pdf(good, ""))
    _write(root, "bad/scanned.pdf", image_pdf(bytes(range(256)) * 40, 160, 64))
    return [
        Expect("bad/truncated.pdf", error="corrupt PDF"),
        Expect("bad/garbage.pdf", error="no %PDF header"),
        Expect("bad/encrypted.pdf", error="encrypted PDF"),
        Expect("bad/encrypted_rc4.pdf", error="encrypted PDF"),
        Expect("bad/no_copy_protection.pdf", text=SENTENCES[3], warning="empty password"),
        Expect("bad/scanned.pdf", error="scanned PDF without text layer"),
    ]


def _hostile_files(root: Path, big: bool) -> list[Expect]:
    _write(root, "bad/empty.txt", b"")
    _write(root, "bad/blank.md", b" \n\t\r\n  \n")
    _write(root, "bad/binary.txt", bytes(range(256)) * 64)
    _write(root, "bad/word97.txt", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"x" * 600)
    _write(root, "bad/controls.txt", b"\x01\x02\x03\x04abc\x05\x06\x07\x08" * 50)
    _write(root, "bad/scripts_only.html", b"<html><script>alert(1)</script><style>p{}</style></html>")
    expects = [
        Expect("bad/empty.txt", error="empty file"),
        Expect("bad/blank.md", error="empty file"),
        Expect("bad/binary.txt", error="binary file"),
        Expect("bad/word97.txt", error="binary file (looks like a Word 97-2003"),
        Expect("bad/controls.txt", error="binary file"),
        Expect("bad/scripts_only.html", error="no text in this html file"),
    ]
    unreadable = _write(root, "bad/unreadable.txt", TEXT.encode("utf-8"))
    unreadable.chmod(0)
    if os.geteuid() == 0:  # root reads it anyway: test_read.py checks the message as user nobody
        expects.append(Expect("bad/unreadable.txt", text=TEXT, exact=True))
    else:
        expects.append(Expect("bad/unreadable.txt", error="permission denied"))
    os.mkfifo(root / "bad/fifo.txt")
    expects.append(Expect("bad/fifo.txt", error="not a regular file"))
    (root / "bad/broken_link.txt").symlink_to(root / "bad/does-not-exist.txt")
    (root / "bad/loop_a.txt").symlink_to("loop_b.txt")
    (root / "bad/loop_b.txt").symlink_to("loop_a.txt")
    expects += [Expect("bad/broken_link.txt", error="broken symbolic link"),
                Expect("bad/loop_a.txt", error="symbolic link loop"),
                Expect("bad/loop_b.txt", error="symbolic link loop")]
    (root / "loops/inner").mkdir(parents=True)
    _write(root, "loops/inner/van_ban.txt", TEXT.encode("utf-8"))
    (root / "loops/inner/back_to_loops").symlink_to("..")
    (root / "loops/self").symlink_to(".")
    (root / "loops/link_to_file.txt").symlink_to("inner/van_ban.txt")
    # the same file twice: yielded once, under the name that sorts first
    expects.append(Expect("loops/inner/van_ban.txt", text=TEXT, exact=True))
    if big:
        with open(root / "bad/huge_200MB.txt", "wb") as stream:
            line = (SENTENCES[1] + "\n").encode("utf-8")
            block = line * (2**20 // len(line))
            for _ in range(BIG_FILE_MB):
                stream.write(block)
        expects.append(Expect("bad/huge_200MB.txt", error="file larger than 64 MB limit"))
    return expects


ODD_NAMES = [
    unicodedata.normalize("NFD", "odd/Kế hoạch số 60 (bản NFD).txt"),
    "odd/-leading-dash.txt",
    "odd/--help.md",
    "odd/new\nline.txt",
    "odd/  spaces  around  .txt",
    "odd/tab\tand;semicolon'quote\".txt",
    "odd/" + "dài" * 60 + ".txt",
]


def _odd_names(root: Path) -> list[Expect]:
    expects = []
    for rel in ODD_NAMES:
        _write(root, rel, TEXT.encode("utf-8"))
        expects.append(Expect(unicodedata.normalize("NFC", rel), text=TEXT, exact=True))
    latin1_name = os.fsencode(root / "odd") + b"/t\xean-latin1.txt"
    with open(latin1_name, "wb") as stream:
        stream.write(TEXT.encode("utf-8"))
    expects.append(Expect("odd/t\ufffdn-latin1.txt", text=TEXT, exact=True))
    # written but never yielded: hidden folders and files, unsupported types
    _write(root, "odd/.hidden/secret.txt", TEXT.encode("utf-8"))
    _write(root, "odd/.~lock.txt", b"x")
    _write(root, "odd/bang.xlsx", b"a,b\n")
    _write(root, "odd/anh.jpg", b"\xff\xd8\xff")
    return expects


def build(root: Path, *, big: bool = True) -> list[Expect]:
    """Write the whole corpus under `root` (which must exist and be empty); return the expectations."""
    root = Path(root)
    return (_good(root) + _encodings(root) + _broken_docx(root) + _broken_pdf(root)
            + _hostile_files(root, big) + _odd_names(root))


if __name__ == "__main__":
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    made = build(out, big="--small" not in sys.argv)
    print(f"{len(made)} files written to {out}")
