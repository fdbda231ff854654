"""The table of central documents often cited without a year (`data/central_documents.json`).

Numbers of Party directives restart each congress term and those of the Prime Minister's decisions
each year, so `Chỉ thị số 20-CT/TW` alone does not say which; the table names the one this field
cites, issued no later than the citing document.

>>> known("CT/TW", "20", 2024)["year"]
2012
>>> known("CT/TW", "20", 2010) is None
True
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import TypedDict

from ingest import symbols

_DATA = Path(__file__).parent / "data" / "central_documents.json"


class CentralDoc(TypedDict):
    """One document of `data/central_documents.json`."""

    number: str
    symbol: str
    doc_type: str
    year: int
    date: str
    title: str
    issuer: str
    source: list[str]


@cache
def _table() -> dict[tuple[str, str], list[CentralDoc]]:
    with open(_DATA, encoding="utf-8") as f:
        docs: list[CentralDoc] = json.load(f)["documents"]
    out: dict[tuple[str, str], list[CentralDoc]] = {}
    for doc in docs:
        out.setdefault((symbols.symbol_key(doc["symbol"]), str(int(doc["number"]))), []).append(doc)
    for found in out.values():
        found.sort(key=lambda d: d["year"])
    return out


def known(symbol: str | None, number: str | None, until: int | None) -> CentralDoc | None:
    """The latest known document of that symbol and number issued in or before year `until`."""
    if not symbol or not number or not number.isdigit():
        return None
    found = _table().get((symbols.symbol_key(symbol), str(int(number))), [])
    found = [d for d in found if until is None or d["year"] <= until]
    return found[-1] if found else None
