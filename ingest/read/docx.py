"""Text of a .docx: the paragraphs of word/document.xml, read with zipfile and a streaming XML parser.

Guards, checked before anything is inflated: the declared sizes of all entries (zip bomb), the
compression ratio of large entries, and the inflated size of document.xml counted while it is read
(declared sizes can lie). XML with a DOCTYPE or entity declarations is refused (no entity expansion,
the defusedxml rule); Word never writes one.

Layout of the text: one line per paragraph (`w:p`), `w:tab` as a tab, `w:br`/`w:cr` as line breaks;
table cells are read cell by cell, each cell's paragraphs on their own lines, so the two-column header
of an administrative document (issuer | national motto) becomes consecutive lines. Deleted text
(`w:delText`), field codes and the duplicate `mc:Fallback` copies of text boxes are skipped.
"""

from __future__ import annotations

import io
import zipfile
from xml.etree import ElementTree as ET

from ingest.read.doc import OLE2_MAGIC

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_DOCUMENT = "word/document.xml"

MAX_PART_BYTES = 64 * 2**20  # inflated document.xml
MAX_TOTAL_BYTES = 512 * 2**20  # all entries together, as declared
MAX_RATIO = 100  # inflated / compressed, for entries over RATIO_MIN_BYTES
RATIO_MIN_BYTES = 2**20

_CHUNK = 2**16


class DocxError(ValueError):
    """The .docx cannot be read; the message is the one-line reason shown to the user."""


def docx_text(data: bytes) -> str:
    """Plain text of a .docx given as bytes; raise DocxError with a clear reason when it cannot be read."""
    if data.startswith(OLE2_MAGIC):
        raise DocxError("not a .docx: a Word 97-2003 .doc or a password-protected document (save as .docx)")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except Exception as exc:  # noqa: BLE001 - zipfile raises many kinds on damaged archives
        raise DocxError(f"corrupt .docx: not a readable ZIP archive, truncated or damaged ({exc})") from exc
    _check_bomb(infos)
    try:
        info = archive.getinfo(_DOCUMENT)
    except KeyError as exc:
        raise DocxError(f"corrupt .docx: no {_DOCUMENT} inside (not a Word document?)") from exc
    xml = _read_capped(archive, info)
    if b"<!DOCTYPE" in xml or b"<!ENTITY" in xml:
        raise DocxError(f"corrupt .docx: {_DOCUMENT} declares a DOCTYPE or entities (refused for safety)")
    try:
        return "\n".join(_paragraph_lines(xml))
    except ET.ParseError as exc:
        raise DocxError(f"corrupt .docx: malformed XML in {_DOCUMENT} ({exc})") from exc


def _check_bomb(infos: list[zipfile.ZipInfo]) -> None:
    total = sum(i.file_size for i in infos)
    if total > MAX_TOTAL_BYTES:
        raise DocxError(f"zip bomb suspected: entries declare {total // 2**20} MB uncompressed")
    for info in infos:
        if info.file_size > RATIO_MIN_BYTES:
            ratio = info.file_size / max(info.compress_size, 1)
            if ratio > MAX_RATIO:
                raise DocxError(
                    f"zip bomb suspected: {info.filename} inflates {ratio:.0f}:1 "
                    f"to {info.file_size // 2**20} MB"
                )


def _read_capped(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """Inflate one entry, counting the bytes as they come: never more than MAX_PART_BYTES in memory."""
    if info.file_size > MAX_PART_BYTES:
        raise DocxError(f"zip bomb suspected: {info.filename} declares {info.file_size // 2**20} MB")
    out = bytearray()
    try:
        with archive.open(info) as stream:
            while chunk := stream.read(_CHUNK):
                out += chunk
                if len(out) > MAX_PART_BYTES:
                    raise DocxError(
                        f"zip bomb suspected: {info.filename} inflates past {MAX_PART_BYTES // 2**20} MB"
                    )
    except DocxError:
        raise
    except RuntimeError as exc:  # zipfile raises RuntimeError for password-protected entries
        raise DocxError(f"encrypted .docx: {exc}") from exc
    except Exception as exc:  # noqa: BLE001 - BadZipFile, zlib.error, EOFError, NotImplementedError, ...
        raise DocxError(f"corrupt .docx: {info.filename} cannot be inflated ({exc})") from exc
    return bytes(out)


def _paragraph_lines(xml: bytes) -> list[str]:
    """One string per paragraph, in document order, from start/end events (no recursion on nesting)."""
    lines: list[str] = []
    stack: list[list[str]] = []  # text of the open paragraphs (text boxes nest paragraphs)
    skip = 0  # depth inside mc:Fallback and property elements (w:pPr, w:rPr, ...: tab stops are no tabs)
    for event, elem in ET.iterparse(io.BytesIO(xml), events=("start", "end")):
        tag = elem.tag
        if tag == _MC_FALLBACK or (tag.startswith(_W) and tag.endswith("Pr")):
            skip += 1 if event == "start" else -1
            continue
        if skip:
            continue
        if tag == _W + "p":
            if event == "start":
                stack.append([])
            elif stack:
                lines.append("".join(stack.pop()))
                elem.clear()
        elif event == "end" and stack:
            piece = _run_piece(tag, elem)
            if piece:
                stack[-1].append(piece)
    return lines


def _run_piece(tag: str, elem: ET.Element) -> str:
    if tag == _W + "t":
        return elem.text or ""
    if tag == _W + "tab":
        return "\t"
    if tag in (_W + "br", _W + "cr"):
        return "\n"
    if tag == _W + "noBreakHyphen":
        return "-"
    return ""
