"""Write a minimal Word 97-2003 `.doc` (an OLE2 compound file holding a FIB and a piece table).

The reader under test is `ingest.read.doc`; this writer follows [MS-CFB] and [MS-DOC] on their own
(the files it writes open in antiword and catdoc), so a test does not check the reader against itself.
Each piece is UTF-16LE, or 8-bit Windows-1252 ("compressed") as old documents typed in a TCVN3 font
store their text. No formatting, styles or summary streams: Word's readers need only the text.

>>> data = doc_bytes(["ỦY BAN NHÂN DÂN", "Số: 12/KH-UBND"])
>>> data[:8] == bytes.fromhex("d0cf11e0a1b11ae1")
True
"""

from __future__ import annotations

import struct
from collections.abc import Sequence

from ingest.read.doc import OLE2_MAGIC

_SECTOR = 512
_END_OF_CHAIN, _FREE, _FAT_SECTOR, _NO_STREAM = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFF
_MIN_STREAM = 4096  # streams at least this long live in regular sectors (no mini stream to write)
_TEXT_AT = 1024  # where the text starts in the WordDocument stream, after the FIB

CELL_END = "\x07"  # ends a table cell's last paragraph, and a table row


def doc_bytes(lines: Sequence[str], *, pieces: Sequence[tuple[str, bool]] | None = None) -> bytes:
    """A .doc whose main text is `lines`, one paragraph each (a line may hold CELL_END marks).

    `pieces`: the text given as (text, compressed) pieces instead, to write 8-bit pieces.
    """
    if pieces is None:
        pieces = [("\r".join(lines) + "\r", False)]
    word, table = _word_streams(pieces)
    return _compound_file([("WordDocument", word), ("1Table", table)])


def _word_streams(pieces: Sequence[tuple[str, bool]]) -> tuple[bytes, bytes]:
    body = bytearray()
    cps, fcs = [0], []
    for text, compressed in pieces:
        offset = _TEXT_AT + len(body)
        if compressed:
            body += text.encode("cp1252")
            fcs.append((offset * 2) | 0x40000000)
        else:
            body += text.encode("utf-16-le")
            fcs.append(offset)
        cps.append(cps[-1] + len(text))
    plc = struct.pack(f"<{len(cps)}i", *cps) + b"".join(struct.pack("<HIH", 0, fc, 0) for fc in fcs)
    clx = b"\x02" + struct.pack("<I", len(plc)) + plc
    word = bytearray(_TEXT_AT)
    struct.pack_into("<HHHH", word, 0, 0xA5EC, 0x00C1, 0, 0x0409)  # wIdent, nFib, unused, lid
    struct.pack_into("<H", word, 0x0A, 0x0200 | 0x1000 | 0x0004)  # fWhichTblStm (1Table), fExtChar, fComplex
    struct.pack_into("<H", word, 0x0C, 0x00BF)  # nFibBack
    struct.pack_into("<H", word, 32, 14)  # csw, then FibRgW97 (28 bytes)
    struct.pack_into("<H", word, 62, 22)  # cslw, then FibRgLw97 (88 bytes)
    struct.pack_into("<i", word, 64 + 12, cps[-1])  # ccpText: every character is main text
    struct.pack_into("<H", word, 152, 93)  # cbRgFcLcb: FibRgFcLcb97
    struct.pack_into("<II", word, 154 + 8 * 33, 0, len(clx))  # fcClx, lcbClx (the Clx opens 1Table)
    word += body
    struct.pack_into("<i", word, 64, len(word))  # cbMac
    struct.pack_into("<II", word, 0x18, _TEXT_AT, len(word))  # fcMin, fcMac (read by older readers)
    return _padded(bytes(word)), _padded(clx)


def _padded(stream: bytes) -> bytes:
    return stream + bytes(max(0, _MIN_STREAM - len(stream)))


def _compound_file(streams: list[tuple[str, bytes]]) -> bytes:
    """An OLE2 compound file (version 3) holding `streams` under its root, no mini stream."""
    sectors: list[bytes] = []
    fat: list[int] = []
    starts = []
    for _, data in streams:
        data += bytes(-len(data) % _SECTOR)
        first = len(sectors)
        count = len(data) // _SECTOR
        sectors += [data[i * _SECTOR : (i + 1) * _SECTOR] for i in range(count)]
        fat += [first + i + 1 for i in range(count - 1)] + [_END_OF_CHAIN]
        starts.append(first)
    directory_at = len(sectors)
    sectors.append(_directory(streams, starts))
    fat.append(_END_OF_CHAIN)
    per_sector = _SECTOR // 4
    fat_count = 1
    while len(fat) + fat_count > fat_count * per_sector:  # the FAT describes its own sectors too
        fat_count += 1
    if fat_count > 109:
        raise ValueError("too large for a FAT listed in the header alone (about 7 MB)")
    fat_at = len(sectors)
    fat += [_FAT_SECTOR] * fat_count
    fat += [_FREE] * (fat_count * per_sector - len(fat))
    sectors += [struct.pack(f"<{per_sector}I", *fat[i * per_sector : (i + 1) * per_sector])
                for i in range(fat_count)]
    header = bytearray(_SECTOR)
    header[0:8] = OLE2_MAGIC
    struct.pack_into("<HHHHH", header, 24, 0x003E, 0x0003, 0xFFFE, 9, 6)
    struct.pack_into("<IIIIIIIII", header, 40, 0, fat_count, directory_at, 0, _MIN_STREAM, _END_OF_CHAIN, 0,
                     _END_OF_CHAIN, 0)
    difat = [fat_at + i for i in range(fat_count)] + [_FREE] * (109 - fat_count)
    struct.pack_into("<109I", header, 76, *difat)
    return bytes(header) + b"".join(sectors)


def _directory(streams: list[tuple[str, bytes]], starts: list[int]) -> bytes:
    """Root entry and the streams as one red-black tree of black nodes: the root's child is the
    last stream, each stream the left sibling of the next (names sort by length, then upper case)."""
    ordered = sorted(range(len(streams)), key=lambda i: (len(streams[i][0]), streams[i][0].upper()))
    entries = [_entry("Root Entry", 5, _NO_STREAM, _NO_STREAM, ordered[-1] + 1, _END_OF_CHAIN, 0)]
    for i, (name, data) in enumerate(streams):
        rank = ordered.index(i)
        left = ordered[rank - 1] + 1 if rank else _NO_STREAM
        entries.append(_entry(name, 2, left, _NO_STREAM, _NO_STREAM, starts[i], len(data)))
    entries += [bytes(128)] * (-len(entries) % 4)
    if len(entries) > 4:
        raise ValueError("too many streams for one directory sector")
    return b"".join(entries)


def _entry(name: str, kind: int, left: int, right: int, child: int, start: int, size: int) -> bytes:
    raw = name.encode("utf-16-le") + b"\0\0"
    entry = bytearray(128)
    entry[0 : len(raw)] = raw
    struct.pack_into("<HBB", entry, 64, len(raw), kind, 1)  # name length, type, colour (black)
    struct.pack_into("<III", entry, 68, left, right, child)
    struct.pack_into("<IQ", entry, 116, start, size)
    return bytes(entry)
