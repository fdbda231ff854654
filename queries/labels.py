"""Labels of documents as people write them: the số hiệu (`56/2017/NĐ-CP`, `20-CT/TW`) and the short
label lists and pages show (`Chỉ thị 28-CT/TW`), from a node's export fields (CONTRACT.md).

Plain functions on plain data, below the answer models (`queries.models` computes `so_hieu` with them).
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from queries.names import type_name

LEVELS = ("central", "province", "district", "commune", "unit")

# Document types whose label is their name (title), followed by the số hiệu when known.
NAMED_TYPES = frozenset({"luat", "cong_uoc"})

# Types whose số hiệu carries the year: number/year/symbol (`56/2017/NĐ-CP`, `45/2021/TT-BGDĐT`).
YEAR_IN_NUMBER_TYPES = frozenset({"luat", "nghi_dinh", "thong_tu"})

# A Quốc hội symbol (`QH13`, `QH14`): laws and resolutions of the National Assembly carry the year.
QH_SYMBOL = re.compile(r"^QH\d+$")

# A Party symbol: type code, slash, body code (`CT/TW`, `KH/HU`, `CV/HU`, `CT/TU`); the number is
# joined with a hyphen (`20-CT/TW`). State symbols use a hyphen inside (`KH-UBND`, `QĐ-TTg`).
PARTY_SYMBOL = re.compile(r"^[^\s/-]+/[^\s/-]+$")


def so_hieu(number: str | None, symbol: str | None, year: int | None, doc_type: str | None) -> str | None:
    """The số hiệu as written: `20-CT/TW`, `121/KH-UBND`, `56/2017/NĐ-CP`, `102/2016/QH13`.

    >>> so_hieu("20", "CT/TW", 2012, "chi_thi"), so_hieu("56", "NĐ-CP", 2017, "nghi_dinh")
    ('20-CT/TW', '56/2017/NĐ-CP')
    """
    if not number:
        return None
    if not symbol:
        return number
    if PARTY_SYMBOL.match(symbol):
        return f"{number}-{symbol}"
    if year and (doc_type in YEAR_IN_NUMBER_TYPES or QH_SYMBOL.match(symbol)):
        return f"{number}/{year}/{symbol}"
    return f"{number}/{symbol}"


def doc_label(attrs: Mapping[str, Any], issuer_name: str | None = None) -> str:
    """Short human label of a document node.

    >>> doc_label({"doc_type": "chi_thi", "number": "28", "symbol": "CT/TW", "year": 2023})
    'Chỉ thị 28-CT/TW'
    >>> doc_label({"doc_type": "luat", "number": "102", "symbol": "QH13", "year": 2016,
    ...            "title": "Luật Trẻ em"})
    'Luật Trẻ em 102/2016/QH13'
    >>> doc_label({"doc_type": "ke_hoach", "date": "2024-05-09"}, "UBND thị trấn Hà Trung")
    'Kế hoạch (không số) · UBND thị trấn Hà Trung · 2024-05'
    """
    doc_type = attrs.get("doc_type")
    number = so_hieu(attrs.get("number"), attrs.get("symbol"), attrs.get("year"), doc_type)
    title = attrs.get("title")
    if doc_type in NAMED_TYPES and title:
        return f"{title} {number}" if number else str(title)
    name = type_name(doc_type)
    if number:
        return f"{name} {number}"
    if title and doc_type in ("chuong_trinh", "de_an"):
        return str(title)
    parts = [f"{name} (không số)"]
    if issuer_name:
        parts.append(issuer_name)
    date = attrs.get("date")
    if date:
        parts.append(str(date)[:7])
    elif attrs.get("year"):
        parts.append(str(attrs["year"]))
    return " · ".join(parts)


def level_of(attrs: Mapping[str, Any], issuer: Mapping[str, Any] | None) -> str | None:
    """Level of the issuing body; without an issuer level, the most local unit the node names."""
    level = (issuer or {}).get("level")
    if level in LEVELS:
        return str(level)
    for unit_level in ("commune", "district", "province"):
        if attrs.get(unit_level):
            return unit_level
    return None


def unit_of(attrs: Mapping[str, Any], issuer: Mapping[str, Any] | None) -> tuple[str | None, ...]:
    """(province, district, commune) of a document, each field falling back to the issuer's."""
    issuer = issuer or {}
    return tuple(attrs.get(f) or issuer.get(f) or None for f in ("province", "district", "commune"))


__all__ = ["LEVELS", "doc_label", "level_of", "so_hieu", "unit_of"]
