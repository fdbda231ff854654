"""Bytes of a text file (or an HTML page) to Unicode: BOMs, UTF-8, UTF-16 without BOM, legacy encodings.

Order of tests, first match wins:
1. a byte-order mark (UTF-32, UTF-8, UTF-16);
2. NUL bytes: UTF-32 without BOM when three bytes of every four are mostly NUL, UTF-16 without BOM
   when the NULs sit on every other byte, else a binary file;
3. a known binary signature (PDF, ZIP, OLE2 .doc, images, executables) or many control bytes: binary;
4. strict UTF-8 (then TCVN3/VNI mojibake inside it is repaired, see `repair_mojibake`);
5. UTF-8 with a few broken bytes (replaced, with a warning);
6. the 8-bit encodings cp1258, TCVN3 and VNI, chosen by `vietnamese_score`; Windows-1252 when none of
   them looks Vietnamese.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable
from dataclasses import dataclass

from ingest.read.legacy_encodings import (
    CP1252_LINE,
    LEGACY_DECODERS,
    cp1252_bytes,
    decode_cp1252,
    decode_tcvn3,
    vni_text_to_unicode,
)
from ingest.read.score import vietnamese_score

SAMPLE_BYTES = 256 * 1024  # detection looks at this much of a file

_BOMS = (  # longest first: the UTF-32 LE mark starts with the UTF-16 LE one
    (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32"),
    (codecs.BOM_UTF8, "utf-8", "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16"),
)

# Signatures of binary formats that are often misnamed .txt/.html: (leading bytes, description).
_MAGIC = (
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive or .docx"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "a Word 97-2003 .doc or other OLE2 file"),
    (b"{\\rtf", "an RTF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x7fELF", "an executable"),
    (b"MZ", "a Windows executable"),
    (b"\x1f\x8b", "a gzip archive"),
)

# Control bytes that never appear in text (tab, line feed, form feed, carriage return, ESC and
# the DOS end-of-file mark 0x1A are allowed).
_CONTROL = bytes(b for b in range(32) if b not in (9, 10, 11, 12, 13, 26, 27)) + b"\x7f"
_CONTROL_RATIO = 0.01

_LEGACY_LABEL = {"cp1258": "Windows-1258", "tcvn3": "TCVN3 (ABC)", "vni": "VNI"}
_MOJIBAKE_FIXERS: dict[str, Callable[[bytes], str]] = {
    "tcvn3": decode_tcvn3,
    "vni": lambda raw: vni_text_to_unicode(decode_cp1252(raw)),
}


class BinaryFile(ValueError):
    """The bytes are not text; the message says why."""


@dataclass(frozen=True)
class Decoded:
    """Text decoded from bytes, the encoding it was read as, and what was repaired on the way."""

    text: str
    encoding: str
    warnings: tuple[str, ...] = ()


def decode_bytes(data: bytes) -> Decoded:
    """Decode the bytes of a text file; raise BinaryFile when they are not text."""
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            return _decode_unicode(data[len(bom) :], codec, name, ())
    sample = data[:SAMPLE_BYTES]
    if b"\x00" in sample:
        utf32 = _utf32_without_bom(sample)
        if utf32 is not None:
            return _decode_unicode(data, utf32, "utf-32", ("UTF-32 without byte-order mark",))
        utf16 = _utf16_without_bom(sample)
        if utf16 is None:
            raise BinaryFile("binary file (contains NUL bytes)")
        return _decode_unicode(data, utf16, "utf-16", ("UTF-16 without byte-order mark",))
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise BinaryFile(f"binary file (looks like {what})")
    controls = len(sample) - len(sample.translate(None, _CONTROL))
    if controls > _CONTROL_RATIO * len(sample):
        raise BinaryFile(f"binary file ({controls} control bytes in the first {len(sample)})")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        text, escaped = unescape_line_breaks(text)
        repaired, warnings = repair_mojibake(text)
        return Decoded(repaired, "utf-8", escaped + warnings)
    mostly = _mostly_utf8(data)
    if mostly is not None:
        return mostly
    return _decode_legacy(data)


# Line breaks written as the four characters `\r\n` (a crawl that saved a JSON string as is), with or
# without the real break after them.
_LITERAL_CRLF = re.compile(r"\\r\\n\r?\n?")
LITERAL_CRLF_MIN = 3  # fewer: only those that end a header line, before a capital (`VIỆT NAM\r\nTRƯỜNG`)
_LITERAL_CRLF_BEFORE_WORD = re.compile(r"(?<=\S)\\r\\n\r?\n?(?=(\w))")


def _line_end(m: re.Match[str]) -> str:
    return "\n" if m.group(1).isupper() else m.group(0)


def unescape_line_breaks(text: str) -> tuple[str, tuple[str, ...]]:
    r"""Literal `\r\n` escapes as line breaks, when a text has several of them; with one or two, those
    before a capital (a header's next line), not those of a path or a sentence.

    >>> unescape_line_breaks(r"Số: 12/KH-UBND\r\nKẾ HOẠCH\r\nThực hiện\r\n")
    ('Số: 12/KH-UBND\nKẾ HOẠCH\nThực hiện\n', ('3 literal \\r\\n escapes read as line breaks',))
    """
    count = text.count("\\r\\n")
    if not count:
        return text, ()  # the usual case: no escape at all, no regex scan (its look-behind is slow)
    if count < LITERAL_CRLF_MIN:
        count = sum(m.group(1).isupper() for m in _LITERAL_CRLF_BEFORE_WORD.finditer(text))
        unescaped = _LITERAL_CRLF_BEFORE_WORD.sub(_line_end, text) if count else text
        return unescaped, (f"{count} literal \\r\\n escapes read as line breaks",) if count else ()
    return _LITERAL_CRLF.sub("\n", text), (f"{count} literal \\r\\n escapes read as line breaks",)


def _decode_unicode(data: bytes, codec: str, name: str, notes: tuple[str, ...]) -> Decoded:
    width = 4 if name == "utf-32" else 2 if name == "utf-16" else 1
    warnings = list(notes)
    if len(data) % width:
        data = data[: len(data) - len(data) % width]
        warnings.append(f"truncated {name}: last incomplete character dropped")
    text = data.decode(codec, errors="replace")
    bad = text.count("\ufffd")
    if bad:
        warnings.append(f"{bad} invalid {name} sequences replaced by U+FFFD")
    text, escaped = unescape_line_breaks(text)
    return Decoded(text, name, (*warnings, *escaped))


def _utf32_without_bom(sample: bytes) -> str | None:
    """'utf-32-le' / 'utf-32-be' when the sample decodes as such and its high bytes are (almost) all NUL:
    every character of Vietnamese text is below U+10000, so two of its four bytes are NUL."""
    size = len(sample) // 4 * 4
    if size < 8:
        return None
    for codec, high in (("utf-32-le", sample[3:size:4]), ("utf-32-be", sample[0:size:4])):
        if high.count(0) != len(high):
            continue
        try:
            sample[:size].decode(codec)
        except UnicodeDecodeError:
            continue
        return codec
    return None


def _utf16_without_bom(sample: bytes) -> str | None:
    """'utf-16-le' / 'utf-16-be' when NULs sit on odd / even bytes (ASCII and Vietnamese in UTF-16)."""
    even = sample[0::2]
    odd = sample[1::2]
    if not even or not odd:
        return None
    even_nul = even.count(0) / len(even)
    odd_nul = odd.count(0) / len(odd)
    if odd_nul > 0.3 and even_nul < 0.02:
        codec = "utf-16-le"
    elif even_nul > 0.3 and odd_nul < 0.02:
        codec = "utf-16-be"
    else:
        return None
    try:
        sample[: len(sample) // 2 * 2].decode(codec)
    except UnicodeDecodeError:
        # A sample cut through a surrogate pair still decodes once the last unit is dropped.
        try:
            sample[: len(sample) // 2 * 2 - 2].decode(codec)
        except UnicodeDecodeError:
            return None
    return codec


def _mostly_utf8(data: bytes) -> Decoded | None:
    """UTF-8 with a handful of broken bytes (a damaged download): replace them and say so."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    multibyte = sum(1 for c in text[:SAMPLE_BYTES] if ord(c) > 0x7F and c != "\ufffd")
    if multibyte >= 20 * max(bad, 1) or (bad <= 2 and multibyte >= 5 * bad):
        return Decoded(text, "utf-8", (f"{bad} invalid UTF-8 bytes replaced by U+FFFD",))
    return None


def _decode_legacy(data: bytes) -> Decoded:
    """Pick the 8-bit encoding whose reading looks most Vietnamese."""
    sample = data[:SAMPLE_BYTES]
    best_name, best_score = "", 0
    for name, decode in LEGACY_DECODERS.items():
        score = vietnamese_score(decode(sample))
        if score > best_score:
            best_name, best_score = name, score
    if not best_name:
        return Decoded(decode_cp1252(data), "cp1252", ("unknown 8-bit encoding, read as Windows-1252",))
    text = LEGACY_DECODERS[best_name](data)
    return Decoded(text, best_name, (f"converted from {_LEGACY_LABEL[best_name]}",))


def repair_mojibake(text: str) -> tuple[str, tuple[str, ...]]:
    """Repair TCVN3/VNI text that was read as Windows-1252 and saved as Unicode (`Céng hßa` -> `Cộng hòa`).

    Only lines made entirely of Windows-1252 characters can be mojibake. The legacy encoding is chosen on
    all such lines together; it must beat the text as it stands by a clear margin. When other lines hold
    real Unicode Vietnamese, each candidate line is repaired only if that improves it.
    """
    if text.isascii() or CP1252_LINE.search(text) is None:
        return text, ()
    lines = text.split("\n")
    candidates = [i for i, line in enumerate(lines) if not line.isascii() and cp1252_bytes(line) is not None]
    if not candidates:
        return text, ()
    sample = "\n".join(lines[i] for i in candidates)[:200_000]
    raw = cp1252_bytes(sample)
    assert raw is not None
    base = vietnamese_score(sample)
    name, fix = max(_MOJIBAKE_FIXERS.items(), key=lambda item: vietnamese_score(item[1](raw)))
    gain = vietnamese_score(fix(raw)) - base
    if gain < 2 or base + gain <= 0:
        return text, ()
    label = _LEGACY_LABEL[name]
    nonascii = sum(1 for line in lines if not line.isascii())
    if len(candidates) == nonascii:
        whole = cp1252_bytes(text)
        assert whole is not None
        return fix(whole), (f"repaired {label} text that had been read as Windows-1252",)
    repaired = 0
    for i in candidates:
        line_raw = cp1252_bytes(lines[i])
        assert line_raw is not None
        fixed = fix(line_raw)
        if vietnamese_score(fixed) > vietnamese_score(lines[i]):
            lines[i] = fixed
            repaired += 1
    if not repaired:
        return text, ()
    plural = "" if repaired == 1 else "s"
    return "\n".join(lines), (f"repaired {label} text read as Windows-1252 in {repaired} line{plural}",)
