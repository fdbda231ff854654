"""Text of a Word 97-2003 `.doc`: the main document's characters, read through its piece table.

Offices in Vietnam still attach `.doc` files to their letters. The file is an OLE2 compound file
(read with `olefile`); its `WordDocument` stream starts with the FIB, which names the table stream
(`0Table` or `1Table`) and the place of the piece table (`Clx`) in it ([MS-DOC] 2.5.1, 2.9.38). Each
piece is a run of characters stored either as UTF-16LE or as 8-bit Windows-1252 ("compressed"); the
first `ccpText` characters are the main document (headers, footnotes and text boxes follow them).

Layout of the text: a paragraph mark, a line break and a page break end a line; a table cell's end
mark ends a line too, so the two-column header of an administrative document (issuer | national
motto) becomes consecutive lines, as in `.docx` (`ingest.read.docx`). Field codes (`HYPERLINK …`,
`PAGE`) are skipped and their results kept. Old 8-bit documents typed in a TCVN3 or VNI font come out
as Windows-1252 mojibake, which `ingest.read.text.repair_mojibake` repairs afterwards.

Word 6/95 files, encrypted documents and files that are no Word document are refused with a reason.
"""

from __future__ import annotations

import io
import struct

import olefile

from ingest.read.legacy_encodings import decode_cp1252

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the first bytes of every OLE2 compound file
WORD_IDENT = 0xA5EC  # FibBase.wIdent of every Word binary document
MIN_NFIB = 0x00C0  # Word 97 and later; Word 6/95 files (0x0065-0x0068) use another layout
_F_ENCRYPTED = 0x0100  # FibBase flags
_F_WHICH_TABLE = 0x0200  # 1Table, else 0Table
_CLX_PAIR = 33  # index of (fcClx, lcbClx) in FibRgFcLcb97
_COMPRESSED = 0x40000000  # FcCompressed.fCompressed
_FC_MASK = 0x3FFFFFFF

# Characters of the text stream ([MS-DOC] 2.8.1): what each becomes in plain text.
_LINE_ENDS = {"\r": "\n", "\x07": "\n", "\x0b": "\n", "\x0c": "\n", "\x0e": "\n"}
_DROPPED = {"\x01", "\x02", "\x03", "\x04", "\x05", "\x08", "\x1f"}  # objects, notes, soft hyphen
_FIELD_BEGIN, _FIELD_SEPARATOR, _FIELD_END = "\x13", "\x14", "\x15"
_PLAIN = str.maketrans({**_LINE_ENDS, **dict.fromkeys(_DROPPED)})


class DocError(ValueError):
    """The .doc cannot be read; the message is the one-line reason shown to the user."""


def doc_text(data: bytes) -> str:
    """Plain text of the main document of a Word 97-2003 file given as bytes.

    Raise DocError with a clear reason when it cannot be read.
    """
    if not olefile.isOleFile(io.BytesIO(data)):
        raise DocError("not a Word 97-2003 .doc: no OLE2 compound file (a .docx or .rtf renamed?)")
    try:
        with olefile.OleFileIO(io.BytesIO(data)) as ole:
            if not ole.exists("WordDocument"):
                raise DocError("not a Word document: no WordDocument stream (an Excel or PowerPoint file?)")
            word = ole.openstream("WordDocument").read()
            table_name = _table_stream_name(word)
            if not ole.exists(table_name):
                raise DocError(f"corrupt .doc: the {table_name} stream is missing")
            table = ole.openstream(table_name).read()
    except DocError:
        raise
    except Exception as exc:  # noqa: BLE001 - olefile raises many kinds on damaged containers
        raise DocError(f"corrupt .doc: the OLE2 container cannot be read ({exc})") from exc
    try:
        return _plain(_main_text(word, table))
    except struct.error as exc:  # a count or offset that points past its stream
        raise DocError(f"corrupt .doc: the header or piece table points past its stream ({exc})") from exc


def _table_stream_name(word: bytes) -> str:
    if len(word) < 0x200:
        raise DocError("corrupt .doc: the WordDocument stream is too short for its header")
    ident, nfib = struct.unpack_from("<HH", word, 0)
    if ident != WORD_IDENT:
        raise DocError("not a Word document: unknown header in the WordDocument stream")
    if nfib < MIN_NFIB:
        raise DocError("a Word 6/95 document: not supported (save it as .docx)")
    (flags,) = struct.unpack_from("<H", word, 0x0A)
    if flags & _F_ENCRYPTED:
        raise DocError("encrypted .doc: protected by a password")
    return "1Table" if flags & _F_WHICH_TABLE else "0Table"


def _fib_offsets(word: bytes) -> tuple[int, int]:
    """(ccpText, offset of FibRgFcLcb) from the variable-length parts of the FIB."""
    (csw,) = struct.unpack_from("<H", word, 32)
    rg_lw = 32 + 2 + 2 * csw
    (cslw,) = struct.unpack_from("<H", word, rg_lw)
    (ccp_text,) = struct.unpack_from("<i", word, rg_lw + 2 + 12)  # FibRgLw97.ccpText
    fc_lcb = rg_lw + 2 + 4 * cslw + 2  # after cbRgFcLcb
    return ccp_text, fc_lcb


def _main_text(word: bytes, table: bytes) -> str:
    ccp_text, fc_lcb = _fib_offsets(word)
    try:
        fc_clx, lcb_clx = struct.unpack_from("<II", word, fc_lcb + 8 * _CLX_PAIR)
    except struct.error as exc:
        raise DocError("corrupt .doc: the header has no piece table entry") from exc
    clx = table[fc_clx : fc_clx + lcb_clx]
    if not lcb_clx or len(clx) < lcb_clx:
        raise DocError("corrupt .doc: the piece table lies outside its stream")
    parts: list[str] = []
    wanted = max(ccp_text, 0)
    for cp_start, cp_end, fc_value in _pieces(clx):
        if cp_start >= wanted:
            break
        count = min(cp_end, wanted) - cp_start
        if fc_value & _COMPRESSED:
            start = (fc_value & _FC_MASK) // 2
            parts.append(decode_cp1252(word[start : start + count]))
        else:
            start = fc_value & _FC_MASK
            parts.append(word[start : start + 2 * count].decode("utf-16-le", errors="replace"))
    return "".join(parts)


def _pieces(clx: bytes) -> list[tuple[int, int, int]]:
    """(first CP, CP after the last, FcCompressed) of each piece of the Clx's PlcPcd."""
    pos = 0
    while pos < len(clx) and clx[pos] == 0x01:  # Prc: formatting of pieces, skipped
        (cb,) = struct.unpack_from("<H", clx, pos + 1)
        pos += 3 + cb
    if pos + 5 > len(clx) or clx[pos] != 0x02:
        raise DocError("corrupt .doc: no piece table (Pcdt) in the Clx")
    (lcb,) = struct.unpack_from("<I", clx, pos + 1)
    plc = clx[pos + 5 : pos + 5 + lcb]
    count = (len(plc) - 4) // 12
    if count <= 0:
        raise DocError("corrupt .doc: an empty piece table")
    cps = struct.unpack_from(f"<{count + 1}i", plc, 0)
    out = []
    for i in range(count):
        (fc_value,) = struct.unpack_from("<I", plc, 4 * (count + 1) + 8 * i + 2)
        out.append((cps[i], cps[i + 1], fc_value))
    return out


def _plain(raw: str) -> str:
    """Word's special characters as plain text; field codes dropped, field results kept.

    >>> _plain("Số: 12/KH-UBND\\x07\\x07Độc lập\\r\\x13 HYPERLINK x \\x14xem\\x15 đây\\x0b")
    'Số: 12/KH-UBND\\n\\nĐộc lập\\nxem đây\\n'
    """
    if _FIELD_BEGIN not in raw:
        return raw.translate(_PLAIN)
    out: list[str] = []
    in_code: list[bool] = []  # per open field: still in its code (before the separator)
    for c in raw:
        if c == _FIELD_BEGIN:
            in_code.append(True)
        elif c == _FIELD_SEPARATOR:
            if in_code:
                in_code[-1] = False
        elif c == _FIELD_END:
            if in_code:
                in_code.pop()
        elif in_code and in_code[-1]:
            continue
        elif c in _LINE_ENDS:
            out.append(_LINE_ENDS[c])
        elif c not in _DROPPED:
            out.append(c)
    return "".join(out)
