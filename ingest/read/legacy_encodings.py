"""Legacy Vietnamese 8-bit encodings: TCVN3 (ABC), VNI Windows and Windows-1258.

Old government files were typed with `.VnTime` (TCVN3, TCVN 5712:1993 VN3) or `VNI-Times` fonts on top of
Windows-1252: the bytes on disk are cp1252 code points that the font draws as Vietnamese letters. Such
files reach us either as raw 8-bit bytes or as UTF-8 "mojibake" (the cp1252 reading of those bytes saved
again as Unicode, e.g. `Céng hßa x· héi chñ nghÜa`). Both are converted here to Unicode NFC.

- TCVN3 uses one precomposed byte per letter in 0xA0-0xFF (lower case, plus Ă Â Ê Ô Ơ Ư Đ); upper case
  letters with a tone were typed in the companion `.VnTimeH` font, which draws the lower-case bytes as
  capitals, so `QUYÕT` is `QUYẾT`: `decode_tcvn3` restores capitals inside all-capital words.
- VNI writes a base letter followed by a mark byte (`Vieät` = `Việt`), with single bytes for ơ ư đ and
  the toned i's.
- cp1258 has precomposed base letters plus combining tone marks; NFC composes them.

>>> decode_tcvn3(b"C\\xe9ng h\\xdfa")
'Cộng hòa'
>>> decode_vni("Vieät Nam".encode("cp1252"))
'Việt Nam'
"""

from __future__ import annotations

import re
import unicodedata

# --- TCVN3 (TCVN 5712:1993, upper half shared with VN1) -------------------------------------------
# Byte -> letter for 0xA0-0xFF. Positions 0xAF, 0xBA, 0xBF-0xC5, 0xCD, 0xD9-0xDB, 0xE0, 0xF0, 0xFF carry
# upper-case toned letters in VN1, and 0xB0-0xB4 the five combining tone marks; the VN3 fonts leave
# most of them unused, so decoding them per VN1 is harmless and keeps VN1 files readable too.
_TCVN3_UPPER_HALF = (
    "\u00a0ĂÂÊÔƠƯĐăâêôơưđẰ"  # A0-AF
    "\u0300\u0309\u0303\u0301\u0323àảãáạẲằẳẵắẴ"  # B0-BF
    "ẮẦẨẪẤỀặầẩẫấậèỂẻẽ"  # C0-CF
    "éẹềểễếệìỉỄẾỒĩíịò"  # D0-DF
    "Ổỏõóọồổỗốộờởỡớợù"  # E0-EF
    "ỖủũúụừửữứựỳỷỹýỵỐ"  # F0-FF
)
assert len(_TCVN3_UPPER_HALF) == 96

# Bytes 0x80-0x9F of cp1252 that have no character: read them as Latin-1 controls instead of failing.
_CP1252_UNDEFINED = {0x81, 0x8D, 0x8F, 0x90, 0x9D}


def _cp1252_char(byte: int) -> str:
    if byte in _CP1252_UNDEFINED:
        return chr(byte)
    return bytes([byte]).decode("cp1252")


_CP1252_TABLE = [_cp1252_char(b) for b in range(256)]
_TCVN3_TABLE = _CP1252_TABLE[:0xA0] + list(_TCVN3_UPPER_HALF)

# A word written in the .VnTimeH capitals font: at least two ASCII capitals, lower-case letters only
# where a TCVN3 byte stood (e.g. `QUYếT`, `ĐịNH`, `VIệT`). A line with such a word and no ASCII
# lower-case letter is a capitals line as a whole (`CộNG HòA Xã HộI` -> `CỘNG HÒA XÃ HỘI`).
_WORD = re.compile(r"[^\W\d_]+")
_ASCII_LOWER = re.compile(r"[a-z]")
_TCVN3_LOWER = frozenset(c for c in _TCVN3_UPPER_HALF if c.islower())


def _is_capitals_word(word: str) -> bool:
    upper = sum(1 for c in word if c.isupper())
    lower = [c for c in word if c.islower()]
    return upper >= 2 and bool(lower) and all(c in _TCVN3_LOWER for c in lower)


def _fix_capitals_line(line: str) -> str:
    words = _WORD.findall(line)
    if not any(_is_capitals_word(w) for w in words):
        return line
    if not _ASCII_LOWER.search(line):
        return line.upper()
    return _WORD.sub(lambda m: m.group(0).upper() if _is_capitals_word(m.group(0)) else m.group(0), line)


def decode_tcvn3(data: bytes) -> str:
    """TCVN3 (ABC) bytes to Unicode NFC; capitals of `.VnTimeH` words restored."""
    text = data.decode("latin-1").translate(_TCVN3_TRANSLATE)
    text = "\n".join(_fix_capitals_line(line) for line in text.split("\n"))
    return unicodedata.normalize("NFC", text)


_TCVN3_TRANSLATE = {i: c for i, c in enumerate(_TCVN3_TABLE) if chr(i) != c}
_TCVN3_ENCODE = {c: 0xA0 + i for i, c in enumerate(_TCVN3_UPPER_HALF) if not unicodedata.combining(c)}
_TCVN3_OWN_CAPITALS = "ĂÂÊÔƠƯĐ"  # the only capitals the .VnTime font itself has


def encode_tcvn3(text: str) -> bytes:
    """Unicode to TCVN3 bytes (inverse table, used by tests and the fuzzer).

    Upper-case toned letters without a VN3 byte are written with the lower-case byte, as a `.VnTimeH`
    document stores them; characters outside the table raise UnicodeEncodeError.
    """
    out = bytearray()
    for c in unicodedata.normalize("NFC", text):
        if c in _TCVN3_ENCODE and (not c.isupper() or c in _TCVN3_OWN_CAPITALS):
            out.append(_TCVN3_ENCODE[c])
        elif c.isupper() and c.lower() in _TCVN3_ENCODE:
            out.append(_TCVN3_ENCODE[c.lower()])
        else:
            out += c.encode("cp1252")
    return bytes(out)


# --- VNI Windows ------------------------------------------------------------------------------------
# Mark characters (as cp1252) that follow a base vowel, lower-case forms; capitals use the upper-case
# cp1252 letter (`ù` -> `Ù`).
_VNI_TONE = {"\u0301": "ù", "\u0300": "ø", "\u0309": "û", "\u0303": "õ", "\u0323": "ï"}
_VNI_CIRCUMFLEX = {"": "â", "\u0301": "á", "\u0300": "à", "\u0309": "å", "\u0303": "ã", "\u0323": "ä"}
_VNI_BREVE = {"": "ê", "\u0301": "é", "\u0300": "è", "\u0309": "ú", "\u0303": "ü", "\u0323": "ë"}
# Letters with a single VNI byte: the toned i's, ơ, ư, đ.
_VNI_I = {"\u0301": "í", "\u0300": "ì", "\u0309": "æ", "\u0303": "ó", "\u0323": "ò"}
_VNI_SINGLE = {"ơ": "ô", "ư": "ö", "đ": "ñ"}
_VNI_Y_DOT = "î"  # ỵ is y + î, not y + ï

_TONES = ("", "\u0301", "\u0300", "\u0309", "\u0303", "\u0323")


def _vni_lower(base: str, modifier: str, tone: str) -> str:
    """VNI spelling of a lower-case letter given as base + modifier (circumflex/breve/horn) + tone."""
    if base == "i" and tone:
        return _VNI_I[tone]
    if base == "y" and tone == "\u0323":
        return "y" + _VNI_Y_DOT
    if modifier == "\u0302":
        return base + _VNI_CIRCUMFLEX[tone]
    if modifier == "\u0306":
        return base + _VNI_BREVE[tone]
    if modifier == "\u031b":
        head = _VNI_SINGLE["ơ" if base == "o" else "ư"]
        return head + (_VNI_TONE[tone] if tone else "")
    return base + (_VNI_TONE[tone] if tone else "")


def _build_vni() -> dict[str, str]:
    """Unicode letter -> VNI string, for every Vietnamese letter that is not plain ASCII."""
    table = {"đ": "ñ", "Đ": "Ñ"}
    forms = [
        ("a", ""),
        ("a", "\u0302"),
        ("a", "\u0306"),
        ("e", ""),
        ("e", "\u0302"),
        ("i", ""),
        ("o", ""),
        ("o", "\u0302"),
        ("o", "\u031b"),
        ("u", ""),
        ("u", "\u031b"),
        ("y", ""),
    ]
    for base, modifier in forms:
        for tone in _TONES:
            if not modifier and not tone:
                continue
            letter = unicodedata.normalize("NFC", base + modifier + tone)
            lower = _vni_lower(base, modifier, tone)
            table[letter] = lower
            table[letter.upper()] = lower.upper()
    return table


VNI_ENCODE: dict[str, str] = _build_vni()
_VNI_DECODE = {v: k for k, v in VNI_ENCODE.items()}
# Longest VNI spellings first, so `oâ` (ô) wins over `o` and `ôù` (ớ) over `ô` (ơ).
_VNI_PATTERN = re.compile("|".join(re.escape(k) for k in sorted(_VNI_DECODE, key=len, reverse=True)))


def decode_vni(data: bytes) -> str:
    """VNI Windows bytes to Unicode NFC."""
    return vni_text_to_unicode(data.decode("latin-1").translate(_CP1252_TRANSLATE))


def vni_text_to_unicode(text: str) -> str:
    """VNI text already read as cp1252 characters (mojibake) to Unicode NFC."""
    return unicodedata.normalize("NFC", _VNI_PATTERN.sub(lambda m: _VNI_DECODE[m.group(0)], text))


def encode_vni(text: str) -> bytes:
    """Unicode to VNI Windows bytes (inverse table, used by tests and the fuzzer)."""
    spelled = "".join(VNI_ENCODE.get(c, c) for c in unicodedata.normalize("NFC", text))
    return spelled.encode("cp1252")


_CP1252_TRANSLATE = {i: c for i, c in enumerate(_CP1252_TABLE) if chr(i) != c}


# --- Windows-1258 -----------------------------------------------------------------------------------
_CP1258_MODIFIERS = {"\u0302", "\u0306", "\u031b"}  # circumflex, breve, horn: part of cp1258 base letters


def decode_cp1258(data: bytes) -> str:
    """Windows-1258 bytes to Unicode NFC (tone marks are combining characters in cp1258)."""
    return unicodedata.normalize("NFC", data.decode("cp1258", errors="replace"))


def encode_cp1258(text: str) -> bytes:
    """Unicode to Windows-1258 as Vietnamese keyboards wrote it: precomposed base, combining tone."""
    out = bytearray()
    for c in unicodedata.normalize("NFC", text):
        try:
            out += c.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        parts = unicodedata.normalize("NFD", c)
        base = unicodedata.normalize(
            "NFC", "".join(p for p in parts if not unicodedata.combining(p) or p in _CP1258_MODIFIERS)
        )
        tones = "".join(p for p in parts if unicodedata.combining(p) and p not in _CP1258_MODIFIERS)
        out += (base + tones).encode("cp1258")
    return bytes(out)


# --- Mojibake: cp1252 characters back to the bytes they came from ----------------------------------
# cp1252 characters to the Latin-1 character of the same byte (e.g. `€` -> U+0080), so that
# `text.translate(...).encode("latin-1")` gives the original bytes at C speed.
_CP1252_TO_LATIN1 = {ord(c): i for i, c in enumerate(_CP1252_TABLE) if ord(c) != i}


def _not_cp1252_class() -> str:
    """Regex class of the characters that no cp1252 byte reads as."""
    specials = sorted(ord(c) for i, c in enumerate(_CP1252_TABLE) if ord(c) != i)
    parts = [re.escape(chr(i)) for i in range(0x80, 0xA0) if i not in _CP1252_UNDEFINED]
    start = 0x100
    for code in [*specials, 0x110000]:
        if code > start:
            parts.append(f"{re.escape(chr(start))}-{re.escape(chr(code - 1))}")
        start = code + 1
    return "[" + "".join(parts) + "]"


# C1 controls that cp1252 uses for other characters, and everything beyond U+00FF except the
# characters cp1252 puts at 0x80-0x9F: searched before anything else, at C speed.
_NOT_CP1252 = re.compile(_not_cp1252_class())


def _cp1252_line() -> re.Pattern[str]:
    """A line whose every character some cp1252 byte reads as, one of them beyond ASCII."""
    upper = "".join(re.escape(c) for c in sorted(set(_CP1252_TABLE[0x80:])))
    # ASCII up to the first other character, which must be cp1252's, then cp1252's to the end of the
    # line; possessive, so each line is read once and never by backtracking
    return re.compile(rf"^[\x00-\x09\x0b-\x7f]*+[{upper}][\x00-\x09\x0b-\x7f{upper}]*+$", re.MULTILINE)


# What `cp1252_bytes` accepts, line by line, in one scan of a whole text (most texts have no such line).
CP1252_LINE = _cp1252_line()


def cp1252_bytes(text: str) -> bytes | None:
    """The bytes whose cp1252 reading is `text`, or None when `text` has characters outside cp1252."""
    if _NOT_CP1252.search(text):
        return None
    return text.translate(_CP1252_TO_LATIN1).encode("latin-1")


def decode_cp1252(data: bytes) -> str:
    """Windows-1252 without failing on its five undefined bytes."""
    return data.decode("latin-1").translate(_CP1252_TRANSLATE)


LEGACY_DECODERS = {
    "cp1258": decode_cp1258,
    "tcvn3": decode_tcvn3,
    "vni": decode_vni,
}
