"""Text keys for place names: folding, compact keys, tone keys and unit words.

Every look-up in `ingest.gazetteer` goes through these keys, so spelling variants
meet: old and new tone-mark placement (`Hoà`/`Hòa`), `Ð` typed for `Đ`, upper
case, missing diacritics, extra spaces and hyphens, and unit words with their
abbreviations (`TP.`, `TX`, `Q.1`, `P.`, `TT`).

>>> fold("  HOÀ   Bình ")
'hoa binh'
>>> compact("Thừa Thiên - Huế")
'thuathienhue'
>>> tone_key("Hoà") == tone_key("Hòa")
True
>>> [(p.kind, p.rest) for p in split_unit_word("TX. Sơn Tây", DISTRICT_KINDS)]
[('thị xã', 'Sơn Tây'), (None, 'TX. Sơn Tây')]
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from ingest.normalize import LOOKALIKES

# Characters typed for Vietnamese letters by some keyboards and OCR engines, and invisible or odd
# spaces: the ingest's own repair table.
_LOOKALIKES = LOOKALIKES

# The five Vietnamese tone marks as combining characters (NFD). The other
# combining marks (breve, circumflex, horn) change the vowel, not the tone.
_TONE_MARKS = {
    "\u0300": "2",  # huyền  (grave)
    "\u0301": "1",  # sắc    (acute)
    "\u0303": "4",  # ngã    (tilde)
    "\u0309": "3",  # hỏi    (hook above)
    "\u0323": "5",  # nặng   (dot below)
}

# Anything that is not a letter or a digit, dropped from compact keys.
_NON_ALNUM = re.compile(r"[\W_]+")
# Runs of whitespace.
_SPACES = re.compile(r"\s+")

UNIT_WORDS = ("tỉnh", "thành phố", "huyện", "quận", "thị xã", "xã", "phường", "thị trấn")
PROVINCE_KINDS = frozenset({"tỉnh", "thành phố"})
DISTRICT_KINDS = frozenset({"huyện", "quận", "thị xã", "thành phố"})
COMMUNE_KINDS = frozenset({"xã", "phường", "thị trấn"})

# A unit word (or its abbreviation) at the start of a folded name, then the
# name itself. Matched on folded text, which has the same length as the
# normalized text, so the span carries over to the original spelling.
# Bare one-letter abbreviations need a dot (`h. Núi Thành`), except `Q`/`P`
# before a number (`Q1`, `P 3`); `TP`, `TX`, `TT` never start a name.
_UNIT_WORD_RE = re.compile(
    r"""^(?:
        (?P<thi_tran>thi\ tran\b|t\.\ ?t\.?|tt\b\.?)
      | (?P<thi_xa>thi\ xa\b|t\.\ ?x\.?|tx\b\.?)
      | (?P<thanh_pho>thanh\ pho\b|t\.\ ?p\.?|tp\b\.?)
      | (?P<tinh>tinh\b|t\.)
      | (?P<huyen>huyen\b|h\.)
      | (?P<quan>quan\b|q\.|q(?=\ ?\d))
      | (?P<phuong>phuong\b|p\.|p(?=\ ?\d))
      | (?P<xa>xa\b|x\.)
    )\ ?""",
    re.VERBOSE,
)
# TP/TX/TT glued to the name (`TPHCM`, `TXSơn Tây`) are caught by the `\b`-free
# forms below, tried when the first pattern did not match.
_GLUED_RE = re.compile(r"^(?:(?P<thanh_pho>tp)|(?P<thi_xa>tx)|(?P<thi_tran>tt))(?=[a-z])")

_GROUP_KIND = {
    "thi_tran": "thị trấn",
    "thi_xa": "thị xã",
    "thanh_pho": "thành phố",
    "tinh": "tỉnh",
    "huyen": "huyện",
    "quan": "quận",
    "phuong": "phường",
    "xa": "xã",
}


@dataclass(frozen=True)
class NameParse:
    """One reading of a place name: the unit word found (or None) and the name after it."""

    kind: str | None
    rest: str


def clean(text: str) -> str:
    """NFC, look-alike letters repaired, whitespace squashed and stripped.

    >>> clean("Ð\u1ea1i  ho\u0323c ")
    'Đại học'
    """
    text = unicodedata.normalize("NFC", text.translate(_LOOKALIKES))
    return _SPACES.sub(" ", text).strip()


class _FoldTable(dict[int, str]):
    """`str.translate` table filled on first sight of each character: no diacritics, lower case."""

    def __missing__(self, code: int) -> str:
        c = chr(code)
        if c.isascii():
            folded = c.lower()
        elif c in "đĐ":
            folded = "d"
        else:
            folded = unicodedata.normalize("NFD", c)[0].lower()[:1] or c
        self[code] = folded
        return folded


_FOLD_TABLE = _FoldTable()


def fold(text: str) -> str:
    """Accent-free lower-case key with single spaces: `Hòa`/`Hoà`/`HOA` -> `hoa`, `Đ`/`Ð` -> `d`.

    One output character per character of `clean(text)`, so spans found in the
    folded text are spans of the cleaned text.

    >>> fold("Ðồng  THÁP")
    'dong thap'
    """
    return clean(text).translate(_FOLD_TABLE)


def compact(text: str) -> str:
    """`fold` without spaces and punctuation: the key names are indexed by.

    Same shape as the keys of the `vietnamadminunits` data (`thanhphohochiminh`).

    >>> compact("TP. Hồ Chí Minh")
    'tphochiminh'
    """
    return _NON_ALNUM.sub("", fold(text))


def tone_key(text: str) -> str:
    """A key that keeps every diacritic but ignores where the tone mark sits.

    Each word becomes its letters without the tone mark, then the tone's digit,
    so `Hoà` and `Hòa` agree while `Hương Vân` and `Hương Văn` do not.

    >>> tone_key("Thuỷ") == tone_key("Thủy") != tone_key("Thụy")
    True
    """
    words = []
    for word in clean(text).lower().split(" "):
        decomposed = unicodedata.normalize("NFD", word)
        tones = [_TONE_MARKS[c] for c in decomposed if c in _TONE_MARKS]
        letters = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONE_MARKS))
        words.append(_NON_ALNUM.sub("", letters) + "".join(tones))
    return "".join(words)


def has_diacritics(text: str) -> bool:
    """True when the name carries Vietnamese marks, so a tone key can tell names apart."""
    return any(not c.isascii() for c in clean(text))


def split_unit_word(text: str, kinds: frozenset[str]) -> list[NameParse]:
    """The readings of a name: with its leading unit word taken off (when one of `kinds`), and as is.

    The bare reading is always kept, since a name may itself begin like a unit
    word (`Xà Phiên`, `Tĩnh Gia`).

    >>> [(p.kind, p.rest) for p in split_unit_word("thị trấn Hà Trung", COMMUNE_KINDS)]
    [('thị trấn', 'Hà Trung'), (None, 'thị trấn Hà Trung')]
    >>> [(p.kind, p.rest) for p in split_unit_word("Q.1", DISTRICT_KINDS)]
    [('quận', '1'), (None, 'Q.1')]
    """
    cleaned = clean(text)
    folded = fold(cleaned)
    match = _UNIT_WORD_RE.match(folded) or _GLUED_RE.match(folded)
    readings = []
    if match and match.lastgroup:
        kind = _GROUP_KIND[match.lastgroup]
        rest = cleaned[match.end() :].strip(" .,-")
        if kind in kinds and rest:
            readings.append(NameParse(kind, rest))
    readings.append(NameParse(None, cleaned))
    return readings


def unit_word_of(full_name: str) -> tuple[str, str]:
    """Split an official full name into its lower-case unit word and the name.

    >>> unit_word_of("Thị trấn Hà Trung")
    ('thị trấn', 'Hà Trung')
    """
    cleaned = clean(full_name)
    lowered = cleaned.lower()
    for word in sorted(UNIT_WORDS + ("đặc khu",), key=len, reverse=True):
        if lowered.startswith(word + " "):
            return word, cleaned[len(word) + 1 :]
    raise ValueError(f"no unit word in {full_name!r}")
