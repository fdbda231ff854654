"""Text repair shared by every step: evidence offsets refer to the text after `normalize_text`.

>>> normalize_text("Ð\u1ea1i ho\u0323c")  # Icelandic eth for Đ, decomposed dot below
'Đại học'
>>> fold("Chỉ thị số 28-CT/TW")
'chi thi so 28-ct/tw'
"""

from __future__ import annotations

import re
import unicodedata

import numpy as np

# Characters that look like Vietnamese letters but are not: Icelandic eth/Ð and
# African D with stroke are typed for Đ/đ by some keyboards and OCR engines.
LOOKALIKES = str.maketrans(
    {
        "\u00d0": "Đ",  # Ð LATIN CAPITAL LETTER ETH
        "\u0189": "Đ",  # Ɖ LATIN CAPITAL LETTER AFRICAN D
        "\u00f0": "đ",  # ð LATIN SMALL LETTER ETH
        "\u00a0": " ",  # no-break space
        "\u2007": " ",
        "\u202f": " ",
        "\u200b": None,  # zero-width space
        "\u200c": None,
        "\u200d": None,
        "\ufeff": None,  # byte-order mark inside text
        "\u00ad": None,  # soft hyphen
        "\r": None,
    }
)

_FOLD = str.maketrans({"đ": "d", "Đ": "d", "\u00d0": "d", "\u00f0": "d"})


def normalize_text(text: str) -> str:
    """NFC, look-alike letters repaired, invisible characters dropped, line ends as `\\n`.

    Idempotent: normalize_text(normalize_text(t)) == normalize_text(t).
    """
    text = _LOOKALIKE_CHARS.sub(_repair_char, text.replace("\r\n", "\n"))
    return unicodedata.normalize("NFC", text)


# The characters of LOOKALIKES as one class: they are rare, so a regex finds them far faster
# than a per-character translate over the whole text.
_LOOKALIKE_CHARS = re.compile("[" + "".join(re.escape(chr(c)) for c in LOOKALIKES) + "]")


def _repair_char(m: re.Match[str]) -> str:
    return LOOKALIKES[ord(m.group())] or ""


def fold(text: str) -> str:
    """Lower case without diacritics (`đ` -> `d`); the length may differ from the input's.

    >>> fold("Thị trấn HÀ TRUNG, Ð, e\u0301")
    'thi tran ha trung, d, e'
    """
    if text.isascii():
        return text.lower()
    return unicodedata.normalize("NFC", text).translate(_FOLD_STRIP).lower()


def _slow_fold(text: str) -> str:
    """The definition `fold` implements with a table: NFD, combining marks dropped, lower case."""
    decomposed = unicodedata.normalize("NFD", text.translate(_FOLD))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def fold_keep_length(text: str) -> str:
    """Like `fold`, but one output character per input character, so offsets carry over.

    Regexes of the finder run on this form; spans found in it are spans of `text`.

    >>> fold_keep_length("Kế hoạch 60/KH-UBND")
    'ke hoach 60/kh-ubnd'
    """
    if len(text) < 2048:
        return text.translate(_FOLD_ONE)
    codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    small = codes < _TABLE_SIZE
    folded = np.where(small, _FOLD_TABLE[np.minimum(codes, _TABLE_SIZE - 1)], codes)
    return folded.astype(np.uint32).tobytes().decode("utf-32-le")


def _fold_char(c: str) -> str:
    if unicodedata.combining(c):
        return "_"  # a stray combining mark (no precomposed form): keep the length
    folded = _slow_fold(c)
    return folded[:1] if len(folded) >= 1 else c


# One-character folding table over Latin letters (ASCII, Latin-1, Extended-A/B, Vietnamese block)
# and combining marks; str.translate keeps the finder's folding at C speed.
_FOLD_ONE = {
    cp: _fold_char(chr(cp))
    for block in (range(0x41, 0x5B), range(0xC0, 0x250), range(0x300, 0x370), range(0x1E00, 0x1F00))
    for cp in block
    if _fold_char(chr(cp)) != chr(cp)
}
# `fold`'s table: letters to their base, combining marks dropped (NFC leaves only stray ones).
_FOLD_STRIP: dict[int, str | None] = {
    **{cp: ch for cp, ch in _FOLD_ONE.items() if not unicodedata.combining(chr(cp))},
    **{cp: None for cp in range(0x300, 0x370)},
}
# The same table as an array for long texts: one vectorised lookup instead of a dict per character.
_TABLE_SIZE = 0x1F00
_FOLD_TABLE = np.arange(_TABLE_SIZE, dtype=np.uint32)
for _cp, _ch in _FOLD_ONE.items():
    _FOLD_TABLE[_cp] = ord(_ch)


def line_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """(start, end) of each line of `text[start:end]`, without its `\\n`.

    >>> line_spans("ab\\ncd", 0, 5)
    [(0, 2), (3, 5)]
    """
    out, pos = [], start
    while pos < end:
        nl = text.find("\n", pos, end)
        stop = end if nl < 0 else nl
        out.append((pos, stop))
        pos = stop + 1
    return out


_LEADING_SPACE = re.compile(r"\s*")


def text_start(folded: str) -> int:
    """Where the text begins: a crawled page's blanked banner (`ingest.portal`) is no header line."""
    return _LEADING_SPACE.match(folded).end()  # type: ignore[union-attr]  # `\s*` always matches


def heading_case(text: str) -> bool:
    """Written as a heading: in capitals (`KẾ HOẠCH`), or two or more words each capitalised
    (`Kế Hoạch`, `Quyết Định`), as a portal stores a heading it shows in capitals by its style sheet.
    One capitalised word (`Luật`) could open a sentence, and is no heading.

    >>> heading_case("KẾ HOẠCH"), heading_case("Kế Hoạch"), heading_case("Kế hoạch"), heading_case("Luật")
    (True, True, False, False)
    """
    if text.isupper():
        return True
    words = text.split()
    return len(words) > 1 and all(w[:1].isupper() and (w[1:].islower() or not w[1:].isalpha()) for w in words)
