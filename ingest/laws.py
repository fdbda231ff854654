"""The registry of named laws (`data/laws.json`, built by `scripts/laws/build_registry.py`).

A law cited by name resolves to the version in force on the citing document's date, unless the
text says which (CONTRACT.md, Identity): a year, the date it was passed, or a plan to carry out a
law passed but not yet in force.

>>> law_in_force("Bộ luật Lao động", "2024-05")["number"]
'45'
>>> law_in_force("Bộ luật Lao động", "2015-03-01")["number"]
'10'
>>> law_in_force("Luật Phòng, chống bạo lực gia đình", "2024-05")["symbol"]
'QH15'
>>> law_by_date("Bộ luật Dân sự", None, 2015)["number"]
'91'
>>> passed_not_in_force("Luật Việc làm", "2025-10-01")["number"]
'74'
>>> [v["number"] for v in versions("Luật Bảo vệ, chăm sóc và giáo dục trẻ em")]
['16', '25']
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import TypedDict

from ingest.normalize import fold_keep_length

_DATA = Path(__file__).parent / "data" / "laws.json"


class LawVersion(TypedDict):
    """One version of a law in `data/laws.json`: its số hiệu, when passed and in force, its links."""

    number: str
    symbol: str
    year: int
    date: str  # passed, YYYY-MM-DD
    effective: str  # in force from, YYYY-MM-DD
    title: str
    replaces: list[str]  # `number/year/symbol` of the versions it replaces
    amends: list[str]
    amended_by: list[str]
    source: list[str]


class LawFamily(TypedDict):
    """A law across its versions (`Luật Trẻ em`): the name texts use for all of them."""

    family: str
    doc_type: str
    aliases: list[str]
    code: bool  # a code (`Bộ luật`)
    amending: bool  # a law that amends others
    versions: list[LawVersion]  # oldest first


class Treaty(TypedDict):
    id: str
    title: str
    year: int
    date: str
    issuer: str


class LawTable(TypedDict):
    """`data/laws.json`."""

    about: str
    sources: object
    laws: list[LawFamily]
    treaties: list[Treaty]
_WORD = re.compile(r"[a-z0-9]+")


@cache
def table() -> LawTable:
    with open(_DATA, encoding="utf-8") as f:
        data: LawTable = json.load(f)
    return data


@cache
def _families() -> dict[str, LawFamily]:
    return {law["family"]: law for law in table()["laws"]}


def _fold(text: str) -> str:
    return fold_keep_length(text)


@cache
def _names() -> dict[str, tuple[str, str | None]]:
    """A name a text may use -> (family, the version title it restricts to, or None).

    `Luật Bảo vệ, chăm sóc và giáo dục trẻ em` is the family `Luật Trẻ em` restricted to the
    versions of that title: a text naming the old law means the old law."""
    out: dict[str, tuple[str, str | None]] = {}
    for law in table()["laws"]:
        out[law["family"]] = (law["family"], None)
        for version in law["versions"]:
            if version["title"] != law["family"]:
                out.setdefault(version["title"], (law["family"], version["title"]))
    return out


@cache
def _aliases() -> dict[tuple[bool, tuple[str, ...]], str]:
    """(an ordinance?, folded words after `luật` / `bộ luật` / `pháp lệnh`) -> the name they stand for.

    `Pháp lệnh Bảo vệ bí mật nhà nước` and `Luật Bảo vệ bí mật nhà nước` share their words."""
    out: dict[tuple[bool, tuple[str, ...]], str] = {}
    for law in table()["laws"]:
        ordinance = law.get("doc_type") == "phap_lenh"
        titles = {v["title"] for v in law["versions"] if v["title"] != law["family"]}
        for alias in law["aliases"]:
            out.setdefault((ordinance, tuple(_WORD.findall(alias))), law["family"])
        for title in sorted(titles):
            words = _WORD.findall(_fold(title))
            for head in (("bo", "luat"), ("luat",), ("phap", "lenh")):
                if tuple(words[: len(head)]) == head:
                    key = (ordinance, tuple(words[len(head) :]))
                    # a family's own alias wins (`trẻ em` is the family, whatever its old titles)
                    if key[1] and out.get(key) in (None, law["family"]):
                        out[key] = title
                    break
    return out


@cache
def _prefixes() -> frozenset[tuple[bool, tuple[str, ...]]]:
    """Every leading part of every alias: the walk along a text stops as soon as it leaves them."""
    return frozenset((kind, words[:n]) for kind, words in _aliases() for n in range(1, len(words) + 1))


# `số 31/2024/QH15` inside a long title (`… của Luật Đất đai số 31/2024/QH15, Luật Nhà ở …`).
_EMBEDDED_NUMBER = re.compile(r"\s*so\s+\d{1,4}\s*/\s*(?:19|20)\d{2}\s*/\s*[a-z]+\d{0,2}\b")
_WINDOW = 600  # characters: the longest title with the numbers it may quote


def match_name(folded: str, pos: int, code: bool = False, ordinance: bool = False) -> tuple[int, str] | None:
    """The longest known law name starting at `pos` of folded text: (end, name as cited).

    Names run long (`sửa đổi, bổ sung một số điều của Luật Đất đai, Luật Nhà ở, …`) and may quote
    the numbers of the laws they name; a blank line between words ends the search."""
    prefixes, aliases = _prefixes(), _aliases()
    words: tuple[str, ...] = ()
    best: tuple[int, str] | None = None
    at, stop = pos, min(len(folded), pos + _WINDOW)
    while True:
        if words:
            quoted = _EMBEDDED_NUMBER.match(folded, at, stop)
            if quoted is not None:
                at = quoted.end()
        m = _WORD.search(folded, at, stop)
        if m is None or "\n\n" in folded[at : m.start()]:
            return best
        words += (m.group(),)
        if (ordinance, words) not in prefixes:
            return best
        at = m.end()
        if (ordinance, words) in aliases:
            best = (at, aliases[(ordinance, words)])


def is_amending(name: str) -> bool:
    family = _families().get(family_of(name) or "")
    return bool(family and family.get("amending"))


def passed_on(name: str, date: str | None, year: int | None) -> str | None:
    """When the version of `name` a text means was passed (its date, else the text's own)."""
    version = law_by_date(name, date, year) if (date or year) else None
    return str(version["date"]) if version else date


def law_passed_by(name: str, on: str) -> LawVersion | None:
    """The latest version passed on or before `on` (the one an amending law of that date amended)."""
    found = [v for v in versions(name) if v["date"][: len(on)] <= on]
    return found[-1] if found else None


def family_of(name: str) -> str | None:
    found = _names().get(name)
    return found[0] if found else None


def doc_type(name: str) -> str:
    family = _families().get(family_of(name) or "")
    return str(family.get("doc_type", "luat")) if family else "luat"


def versions(name: str) -> list[LawVersion]:
    """The versions a name stands for, oldest first (a version title restricts to that title)."""
    found = _names().get(name)
    if found is None:
        return []
    family, title = found
    out = list(_families()[family]["versions"])
    return [v for v in out if v["title"] == title] if title else out


def law_in_force(name: str, on: str | None) -> LawVersion | None:
    """The version of a named law in force on date `on` (YYYY, YYYY-MM or YYYY-MM-DD).

    Before the first version took effect, the first; with no date, the latest.
    """
    found = versions(name)
    if not found:
        return None
    if not on:
        return found[-1]
    current = found[0]
    for version in found:
        if version["effective"][: len(on)] <= on:
            current = version
    return current


def law_by_date(name: str, date: str | None, year: int | None) -> LawVersion | None:
    """The version passed on that date (`YYYY-MM-DD`, or `YYYY-MM` for a month), else the one
    passed in that year (when only one was), else None."""
    found = versions(name)
    if date:
        exact = [v for v in found if v["date"][: len(date)] == date]
        if len(exact) == 1:
            return exact[0]
    if year:
        same_year = [v for v in found if v["year"] == year]
        if len(same_year) == 1:
            return same_year[0]
    return None


def passed_not_in_force(name: str, on: str | None) -> LawVersion | None:
    """The version passed by `on` but not yet in force then (a plan to carry it out means it)."""
    if not on or len(on) < 7:
        return None
    pending = [v for v in versions(name) if v["date"][: len(on)] <= on < v["effective"][: len(on)]]
    return pending[-1] if pending else None


def amendment_by_date(name: str, date: str | None, year: int | None) -> tuple[str, LawVersion] | None:
    """An amending law of `name` passed on that date (a text citing `Luật Giáo dục ngày 25/11/2009`
    means the law that amended it that day): (its family, its version)."""
    refs = {_ref(v) for v in versions(name)}
    hits = []
    for law in table()["laws"]:
        if not law.get("amending"):
            continue
        for version in law["versions"]:
            if refs.intersection(version.get("amends", ())) and (
                (date and version["date"][: len(date)] == date)
                or (not date and year and version["year"] == year)
            ):
                hits.append((law["family"], version))
    return hits[0] if len(hits) == 1 else None


def _ref(version: LawVersion) -> str:
    return f"{version['number']}/{version['year']}/{version['symbol']}"


def treaties() -> list[Treaty]:
    return list(table()["treaties"])
