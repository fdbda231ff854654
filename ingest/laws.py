"""The table of named laws (`data/laws.json`): a law cited by name resolves to the version in force.

`Bộ luật Lao động` cited in 2024 is 45/2019/QH14; cited in 2015 it is 10/2012/QH13.

>>> law_in_force("Bộ luật Lao động", "2024-05")["number"]
'45'
>>> law_in_force("Bộ luật Lao động", "2015-03-01")["number"]
'10'
>>> law_in_force("Luật Phòng, chống bạo lực gia đình", "2024-05")["symbol"]
'QH15'
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

_DATA = Path(__file__).parent / "data" / "laws.json"
_WORD = re.compile(r"[a-z0-9]+")


@cache
def table() -> dict[str, Any]:
    with open(_DATA, encoding="utf-8") as f:
        data: dict[str, Any] = json.load(f)
    return data


@cache
def _aliases() -> dict[tuple[str, ...], tuple[str, bool]]:
    """Folded word tuples after `luật` -> (family name, is a code `Bộ luật`)."""
    out: dict[tuple[str, ...], tuple[str, bool]] = {}
    for law in table()["laws"]:
        for alias in law["aliases"]:
            out[tuple(_WORD.findall(alias))] = (law["family"], law["code"])
    return out


@cache
def _families() -> dict[str, dict[str, Any]]:
    return {law["family"]: law for law in table()["laws"]}


def match_name(folded: str, pos: int, code: bool = False) -> tuple[int, str] | None:
    """The longest known law name starting at `pos` of folded text: (end, family name)."""
    words = [(m.group(), m.end()) for m in _WORD.finditer(folded, pos, min(len(folded), pos + 90))]
    # stop at a line break or sentence end between words
    aliases = _aliases()
    for n in range(min(9, len(words)), 0, -1):
        key = tuple(w for w, _ in words[:n])
        if key in aliases:
            end = words[n - 1][1]
            if "\n\n" in folded[pos:end]:
                continue
            return end, aliases[key][0]
    return None


def versions(family: str) -> list[dict[str, Any]]:
    law = _families().get(family)
    return list(law["versions"]) if law else []


def law_in_force(family: str, on: str | None) -> dict[str, Any] | None:
    """The version of a named law in force on date `on` (YYYY, YYYY-MM or YYYY-MM-DD).

    Before the first version took effect, the first; with no date, the latest.
    """
    found = versions(family)
    if not found:
        return None
    if not on:
        return found[-1]
    current = found[0]
    for version in found:
        if version["effective"][: len(on)] <= on:
            current = version
    return current


def law_by_date(family: str, date: str | None, year: int | None) -> dict[str, Any] | None:
    """The version passed on that date (or, failing that, in that year), else None."""
    found = versions(family)
    if date:
        exact = [v for v in found if v["date"] == date]
        if exact:
            return exact[0]
    if year:
        same_year = [v for v in found if v["year"] == year]
        if len(same_year) == 1:
            return same_year[0]
    return None


def treaties() -> list[dict[str, Any]]:
    return list(table()["treaties"])
