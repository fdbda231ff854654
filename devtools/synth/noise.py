"""The noise of real Vietnamese administrative texts (DESIGN.md), one small pure function per kind.

None of these changes which document a citation means: the answer key stays right. The one
exception, a typo in a symbol (`LĐTBOXH` for `LĐTBXH`), is listed in the key as an alternative
symbol of the document, as the hand-made key of the seeds does.

>>> strip_diacritics("Chỉ thị số 28-CT/TW của Đảng")
'Chi thi so 28-CT/TW cua Dang'
>>> eth_for_d("Đảng ủy")
'Ðảng ủy'
>>> spaced_sohieu("28-CT/TW", Random(1))
'28- CT/TW'
>>> typo_symbol("UBND-LĐTBXH", Random(3)) not in (None, "UBND-LĐTBXH")
True
"""

from __future__ import annotations

import re
import unicodedata
from random import Random

# Separators inside a số hiệu: the hyphen of `28-CT/TW`, the slashes of `60/KH-UBND`.
SOHIEU_SEPARATOR = re.compile(r"[-/]")
# A run of letters in a symbol long enough to be mistyped without becoming another symbol.
LONG_PART = re.compile(r"[A-ZĐ]{4,}")


def _strip_table() -> dict[int, str | None]:
    """Latin letters with marks (U+00C0-U+1EFF) -> base letter; combining marks -> nothing."""
    table: dict[int, str | None] = {ord("đ"): "d", ord("Đ"): "D"}
    for code in range(0x00C0, 0x1F00):
        char = chr(code)
        if unicodedata.combining(char):
            table[code] = None
            continue
        base = "".join(c for c in unicodedata.normalize("NFD", char) if not unicodedata.combining(c))
        if base != char and len(base) == 1 and base.isascii():
            table[code] = base
    return table


_STRIP = _strip_table()


def strip_diacritics(text: str) -> str:
    """Vietnamese without tone and vowel marks, `đ` as `d` (typed on a keyboard without Telex)."""
    return unicodedata.normalize("NFC", text).translate(_STRIP)


def eth_for_d(text: str) -> str:
    """Icelandic `Ð` (U+00D0) for `Đ` (U+0110), as some fonts and OCR engines write it."""
    return text.replace("Đ", "\u00d0")


def decompose(text: str) -> str:
    """Unicode NFD: base letters followed by combining marks (texts pasted from some editors)."""
    return unicodedata.normalize("NFD", text)


def lower_case(text: str) -> str:
    """All lower case: `07/2022/tt-btttt`, `kế hoạch số 60/kh-ubnd`."""
    return text.lower()


def break_line(text: str, rng: Random) -> str:
    """One space of the span becomes a line break (a citation wrapped across lines)."""
    spaces = [i for i, c in enumerate(text) if c == " "]
    if not spaces:
        return text
    i = rng.choice(spaces)
    return text[:i] + "\n" + text[i + 1 :]


def spaced_sohieu(sohieu: str, rng: Random) -> str:
    """A space before or after the first separator: `28- CT/TW`, `60 /KH-UBND`."""
    m = SOHIEU_SEPARATOR.search(sohieu)
    if not m:
        return sohieu
    i = m.start()
    if rng.random() < 0.5:
        return sohieu[: i + 1] + " " + sohieu[i + 1 :]
    return sohieu[:i] + " " + sohieu[i:]


def typo_symbol(symbol: str, rng: Random) -> str | None:
    """The symbol with one slip in a long letter run: swapped, doubled or an extra `O`; None if none fits."""
    runs = list(LONG_PART.finditer(symbol))
    if not runs:
        return None
    run = rng.choice(runs)
    letters = run.group()
    kind = rng.randrange(3)
    i = rng.randrange(1, len(letters) - 1)
    if kind == 0 and letters[i] != letters[i + 1]:
        letters = letters[:i] + letters[i + 1] + letters[i] + letters[i + 2 :]
    elif kind == 1:
        letters = letters[: i + 1] + letters[i] + letters[i + 1 :]
    else:
        letters = letters[:i] + "O" + letters[i:]
    out = symbol[: run.start()] + letters + symbol[run.end() :]
    return out if out != symbol else None


def blank_number(sohieu_symbol: str) -> str:
    """The `Số:` line of a document never numbered: `Số:      /KH-UBND`."""
    return f"Số:      /{sohieu_symbol}"


def draw_document_noise(rng: Random) -> list[str]:
    """Whole-document noise kinds, drawn with fixed probabilities (before the text is written,
    so its length can allow for them)."""
    kinds = []
    if rng.random() < 0.03:
        kinds.append("no_diacritics")
    if rng.random() < 0.08:
        kinds.append("eth")
    if rng.random() < 0.10:
        kinds.append("nfd")
    return kinds


def apply_document_noise(text: str, kinds: list[str]) -> str:
    """Apply the drawn whole-document kinds in a fixed order."""
    if "no_diacritics" in kinds:
        text = strip_diacritics(text)
    if "eth" in kinds:
        text = eth_for_d(text)
    if "nfd" in kinds:
        text = decompose(text)
    return text
