"""The administrative units of the pre-July-2025 snapshot as indexed tables, built once from the
`vietnamadminunits` data (`ingest.gazetteer_data`): every `Unit` by official code, and per level its
units in accent-free order with their indexes by compact name and by alias. The look-ups over them are
`ingest.gazetteer`'s.

>>> tables().by_code["49"].full_name
'Tỉnh Quảng Nam'
>>> [u.full_name for u in tables().district.by_name["nuithanh"]]
['Huyện Núi Thành']
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from ingest import gazetteer_data as data
from ingest.gazetteer_names import (
    COMMUNE_KINDS,
    DISTRICT_KINDS,
    PROVINCE_KINDS,
    clean,
    compact,
    fold,
    unit_word_of,
)

# Spellings of province names the package does not know, as compact keys.
PROVINCE_ALIASES = {
    "thuathienhue": "46",  # Tỉnh Thừa Thiên Huế, a thành phố since 2025-01-01
    "tthue": "46",
    "daclac": "66",  # Đắc Lắc, old spelling of Đắk Lắk
    "dacnong": "67",
    "saigon": "79",
    "tphcm": "79",
}


@dataclass(frozen=True)
class Unit:
    """One administrative unit of the pre-July-2025 snapshot."""

    code: str  # official code: province "49", district "502", commune "15271"
    name: str  # without the unit word, NFC, with diacritics: "Núi Thành"
    kind: str  # unit word, lower case: "tỉnh", "thành phố", "huyện", "quận", "thị xã", "xã", ...
    level: str  # "province" | "district" | "commune"
    province: str  # province name without the unit word
    district: str | None  # district name for districts and communes
    province_code: str
    district_code: str | None
    lat: float | None
    lon: float | None

    @property
    def full_name(self) -> str:
        """The name with its unit word: "Huyện Núi Thành", "Thành phố Hà Nội"."""
        return f"{self.kind[:1].upper()}{self.kind[1:]} {self.name}"


@dataclass(frozen=True)
class Level:
    """Units of one level and their indexes by compact key."""

    units: tuple[Unit, ...]
    by_name: dict[str, tuple[Unit, ...]]  # compact(name) -> units
    by_alias: dict[str, tuple[Unit, ...]]  # compact alias or keyword (with or without unit word) -> units
    kinds: frozenset[str]  # unit words of this level
    loose_kinds: frozenset[str]  # unit words that may name a unit of another kind of this level
    keys: frozenset[str] = frozenset()  # every key of by_name and by_alias


@dataclass(frozen=True)
class Tables:
    by_code: dict[str, Unit]
    old_keys: dict[str, str]  # unit code -> package key: "prov", "prov_dist", "prov_dist_ward"
    province: Level
    district: Level
    commune: Level


def sort_key(u: Unit) -> tuple[str, str, str, str]:
    """Accent-free order by province, district, name, then code (provinces: by name)."""
    return (fold(u.province), fold(u.district or ""), fold(u.name) if u.level != "province" else "", u.code)


def _group(pairs: Iterable[tuple[str, Unit]], rank: dict[str, int]) -> dict[str, tuple[Unit, ...]]:
    grouped: dict[str, dict[str, Unit]] = {}
    for key, u in pairs:
        if key:
            grouped.setdefault(key, {})[u.code] = u
    return {k: tuple(sorted(v.values(), key=lambda u: rank[u.code])) for k, v in grouped.items()}


def _level(
    units: list[Unit], aliases: list[tuple[str, Unit]], kinds: frozenset[str], loose: frozenset[str]
) -> Level:
    rank = {u.code: i for i, u in enumerate(units)}
    by_name = _group(((compact(u.name), u) for u in units), rank)
    by_alias = _group(aliases, rank)
    return Level(
        units=tuple(units),
        by_name=by_name,
        by_alias=by_alias,
        kinds=kinds,
        loose_kinds=loose,
        keys=frozenset(by_name) | frozenset(by_alias),
    )


# One keyword inside the package's JSON lists of ASCII keywords: `["huyenquevo", "quevo"]`.
_KEYWORD_RE = re.compile(r'"([^"\\]*)"')


def _keywords(json_list: str | None) -> list[str]:
    """The keywords of a JSON list of plain strings (faster than json.loads for 10k short lists)."""
    return _KEYWORD_RE.findall(json_list or "")


def _coord(value: object) -> float | None:
    return float(value) if isinstance(value, int | float) else None


@cache
def tables() -> Tables:
    """Everything, built once from the package data (about 0.2 s)."""
    by_code: dict[str, Unit] = {}
    old_keys: dict[str, str] = {}
    province_aliases: list[tuple[str, Unit]] = []
    district_aliases: list[tuple[str, Unit]] = []
    commune_aliases: list[tuple[str, Unit]] = []
    district_by_key: dict[tuple[str, str], Unit] = {}
    for row in data.legacy_rows():
        pcode, dcode, wcode = row["provinceCode"], row["districtCode"], row["wardCode"]
        province = by_code.get(pcode)
        if province is None:
            kind, _ = unit_word_of(row["province"])
            province = Unit(
                pcode,
                clean(row["provinceShort"]),
                kind,
                "province",
                clean(row["provinceShort"]),
                None,
                pcode,
                None,
                _coord(row["provinceLat"]),
                _coord(row["provinceLon"]),
            )
            by_code[pcode] = province
            old_keys[pcode] = row["provinceKey"]
            province_aliases += [(k, province) for k in _keywords(row["provinceKeywords"])]
        district = by_code.get(dcode)
        if district is None:
            kind, name = unit_word_of(row["district"])
            district = Unit(
                dcode,
                name,
                kind,
                "district",
                province.name,
                name,
                pcode,
                dcode,
                _coord(row["districtLat"]),
                _coord(row["districtLon"]),
            )
            by_code[dcode] = district
            old_keys[dcode] = f"{row['provinceKey']}_{row['districtKey']}"
            district_by_key[(row["provinceKey"], row["districtKey"])] = district
            district_aliases += [(k, district) for k in _keywords(row["districtKeywords"])]
        if wcode is None:
            continue  # island district without communes
        kind, name = unit_word_of(row["ward"])
        lat, lon = _coord(row["wardLat"]), _coord(row["wardLon"])
        if lat is None or lon is None:
            lat, lon = district.lat, district.lon
        commune = Unit(wcode, name, kind, "commune", province.name, district.name, pcode, dcode, lat, lon)
        by_code[wcode] = commune
        old_keys[wcode] = f"{row['provinceKey']}_{row['districtKey']}_{row['wardKey']}"
        commune_aliases += [(k, commune) for k in _keywords(row["wardKeywords"])]
    province_aliases += [(k, by_code[code]) for k, code in PROVINCE_ALIASES.items()]
    for province_key, table in data.divided_districts().items():
        for keyword, district_key in table.items():
            target = district_by_key.get((province_key, district_key))
            if target is not None:
                district_aliases.append((keyword, target))
    sort_keys = {code: sort_key(u) for code, u in by_code.items()}
    units = sorted(by_code.values(), key=lambda u: sort_keys[u.code])
    return Tables(
        by_code=by_code,
        old_keys=old_keys,
        province=_level(
            [u for u in units if u.level == "province"], province_aliases, PROVINCE_KINDS, frozenset({"tỉnh"})
        ),
        district=_level(
            [u for u in units if u.level == "district"], district_aliases, DISTRICT_KINDS, DISTRICT_KINDS
        ),
        commune=_level(
            [u for u in units if u.level == "commune"], commune_aliases, COMMUNE_KINDS, COMMUNE_KINDS
        ),
    )
