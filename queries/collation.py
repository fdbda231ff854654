"""Vietnamese alphabetical order: a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y.

Python sorts by code point, which puts `Bạc Liêu` (ạ is U+1EA1) after `Bình Thuận` and `Đà Nẵng`
after every other letter. `vi_key` compares letters first (with ă, â, đ, ê, ô, ơ, ư as letters of their
own), then tone marks (none, grave, hook, tilde, acute, dot below), then case.

>>> sorted(["Bình Thuận", "Bạc Liêu", "Bắc Giang", "Đà Nẵng", "Điện Biên", "Dak Lak", "Yên Bái"], key=vi_key)
['Bạc Liêu', 'Bắc Giang', 'Bình Thuận', 'Dak Lak', 'Đà Nẵng', 'Điện Biên', 'Yên Bái']
"""
from __future__ import annotations

import unicodedata
from functools import lru_cache

# Combining marks that make a letter of its own (breve, circumflex, horn) ...
LETTER_MARKS = {"\u0306": 1, "\u0302": 2, "\u031b": 3}
# ... and the five tones, in the order of Vietnamese dictionaries (ngang first).
TONE_MARKS = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}


def _letters(text: str) -> tuple[list[tuple[int, int]], list[int], list[int]]:
    primary: list[tuple[int, int]] = []
    tones: list[int] = []
    cases: list[int] = []
    for char in unicodedata.normalize("NFD", text):
        if char in LETTER_MARKS and primary:
            base, _ = primary[-1]
            primary[-1] = (base, LETTER_MARKS[char])
            continue
        if char in TONE_MARKS and tones:
            tones[-1] = TONE_MARKS[char]
            continue
        lower = char.lower()
        cases.append(0 if char == lower else 1)
        if lower == "đ":
            primary.append((ord("d"), 1))
        else:
            primary.append((ord(lower), 0))
        tones.append(0)
    return primary, tones, cases


VietKey = tuple[tuple[tuple[int, int], ...], tuple[int, ...], tuple[int, ...]]


def vi_key(text: str | None) -> VietKey:
    """Sort key of a Vietnamese string (None sorts as the empty string, first)."""
    return _key(text or "")


# Keys are asked for the same few thousand names over and over (every unit of a coverage table sorts
# by its province, district and name); the key is immutable, so a cached one can be shared.
@lru_cache(maxsize=65536)
def _key(text: str) -> VietKey:
    primary, tones, cases = _letters(text)
    return tuple(primary), tuple(tones), tuple(cases)


# The name the data side's modules use.
viet_key = vi_key
