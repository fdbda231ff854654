"""The 2025 map (34 provinces, 3,321 communes, no districts) and how pre-2025 units carry over to it.

Read from the `vietnamadminunits` 1.0.4 data through `ingest.gazetteer_data` (no pandas):
`admin_units` gives the new units, `converter_2025.json` maps every legacy commune to the new
commune(s) it went into — all parts of a divided commune, not only the package's default one — and
every legacy province to its new province.

>>> len(provinces()), len(communes()) > 3300
(34, True)
>>> find_province("Quảng Nam").name, find_province("Thành phố Đà Nẵng").name
('Đà Nẵng', 'Đà Nẵng')
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import cache

from ingest import gazetteer
from ingest import gazetteer_data as data
from ingest.gazetteer_names import clean, compact, unit_word_of
from queries.collation import viet_key

# The reform took effect on this date: directives from then on are read on the 2025 map.
REFORM_DATE = "2025-07-01"


@dataclass(frozen=True)
class NewUnit:
    """A unit of the 2025 map, with the attributes coverage reads from a gazetteer unit."""

    code: str
    name: str  # without the unit word: "Đà Nẵng", "Hà Trung"
    full_name: str
    level: str  # "province" | "commune"
    province: str
    province_code: str
    key: str  # package key: province key, or "province_key/ward_key"
    district: str | None = None
    district_code: str | None = None
    lat: float | None = None
    lon: float | None = None


def _coord(value: object) -> float | None:
    return float(value) if isinstance(value, int | float) else None


@dataclass(frozen=True)
class _Map:
    provinces: tuple[NewUnit, ...]
    communes: tuple[NewUnit, ...]
    province_by_key: dict[str, NewUnit]
    commune_by_key: dict[tuple[str, str], NewUnit]
    province_by_name: dict[str, NewUnit]  # compact name or full name -> province
    communes_by_name: dict[tuple[str, str], tuple[NewUnit, ...]]  # (province code, compact name) -> communes


@cache
def _map() -> _Map:
    rows = data._query(
        "SELECT province, ward, provinceShort, wardShort, provinceCode, provinceLat, provinceLon, wardCode,"
        " wardLat, wardLon, provinceKey, wardKey FROM admin_units ORDER BY provinceCode, wardCode")
    provinces: dict[str, NewUnit] = {}
    communes: dict[tuple[str, str], NewUnit] = {}
    for r in rows:
        province = provinces.get(r["provinceKey"])
        if province is None:
            short = clean(r["provinceShort"])
            province = NewUnit(code=r["provinceCode"], name=short, full_name=clean(r["province"]),
                               level="province", province=short, province_code=r["provinceCode"],
                               key=r["provinceKey"], lat=_coord(r["provinceLat"]),
                               lon=_coord(r["provinceLon"]))
            provinces[r["provinceKey"]] = province
        communes[(r["provinceKey"], r["wardKey"])] = NewUnit(
            code=r["wardCode"], name=clean(r["wardShort"]), full_name=clean(r["ward"]), level="commune",
            province=province.name, province_code=province.code, key=f"{r['provinceKey']}/{r['wardKey']}",
            lat=_coord(r["wardLat"]), lon=_coord(r["wardLon"]))
    by_name: dict[str, NewUnit] = {}
    for p in provinces.values():
        by_name[compact(p.name)] = p
        by_name[compact(p.full_name)] = p
    commune_names: dict[tuple[str, str], list[NewUnit]] = defaultdict(list)
    for c in communes.values():
        commune_names[(c.province_code, compact(c.name))].append(c)
        commune_names[(c.province_code, compact(c.full_name))].append(c)
    return _Map(
        provinces=tuple(sorted(provinces.values(), key=lambda u: viet_key(u.name))),
        communes=tuple(sorted(communes.values(), key=lambda u: (viet_key(u.province), viet_key(u.name),
            u.code))),
        province_by_key=provinces,
        commune_by_key=communes,
        province_by_name=by_name,
        communes_by_name={k: tuple(v) for k, v in commune_names.items()},
    )


def provinces() -> list[NewUnit]:
    """The 34 provinces of the 2025 map, in Vietnamese order."""
    return list(_map().provinces)


def communes(province_code: str | None = None) -> list[NewUnit]:
    """The communes (xã, phường, đặc khu) of the 2025 map, of one province when given."""
    units = _map().communes
    return [u for u in units if province_code is None or u.province_code == province_code]


def find_province(name: str) -> NewUnit | None:
    """The 2025 province named `name`, or holding the pre-2025 province named `name`."""
    found = _map().province_by_name.get(compact(name))
    if found is not None:
        return found
    legacy = gazetteer.find_province(name)
    return province_of_legacy(legacy.code) if legacy is not None else None


def find_communes(name: str, province_code: str) -> tuple[NewUnit, ...]:
    """2025 communes of a province named `name` (with or without its unit word)."""
    table = _map().communes_by_name
    found = table.get((province_code, compact(name)))
    if found:
        return found
    try:
        _kind, bare = unit_word_of(name)
    except ValueError:  # a bare name (`Nguyễn Trãi`, `10`) already looked up as it is
        return ()
    return table.get((province_code, compact(bare)), ())


@cache
def _legacy_keys() -> tuple[dict[str, str], dict[str, str]]:
    """Legacy commune code -> converter key `prov_dist_ward`; legacy province code -> province key."""
    communes_: dict[str, str] = {}
    provinces_: dict[str, str] = {}
    for row in data.legacy_rows():
        provinces_.setdefault(row["provinceCode"], row["provinceKey"])
        if row["wardCode"] is not None:
            communes_[row["wardCode"]] = f"{row['provinceKey']}_{row['districtKey']}_{row['wardKey']}"
    return communes_, provinces_


@cache
def _commune_parts() -> dict[str, tuple[tuple[str, str], ...]]:
    """Converter key of a legacy commune -> every (new province key, new commune key) it went into."""
    conv = data._converter()
    parts: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for new_province, wards in sorted(conv["DICT_PROVINCE_WARD_NO_DIVIDED"].items()):
        for new_ward, old_keys in sorted(wards.items()):
            for old_key in old_keys:
                parts[old_key].append((new_province, new_ward))
    for new_province, splits in sorted(conv["DICT_PROVINCE_WARD_DIVIDED"].items()):
        for old_key, choices in sorted(splits.items()):
            parts[old_key].extend((new_province, c["newWardKey"]) for c in choices)
    return {k: tuple(dict.fromkeys(v)) for k, v in parts.items()}


def province_of_legacy(legacy_province_code: str) -> NewUnit | None:
    """The 2025 province that holds a pre-2025 province (by its code)."""
    old_key = _legacy_keys()[1].get(legacy_province_code)
    new_key = data.province_successors().get(old_key or "")
    return _map().province_by_key.get(new_key or "")


def communes_of_legacy(legacy_commune_code: str) -> tuple[NewUnit, ...]:
    """The 2025 commune(s) a pre-2025 commune went into (several when it was divided)."""
    old_key = _legacy_keys()[0].get(legacy_commune_code)
    table = _map().commune_by_key
    return tuple(table[p] for p in _commune_parts().get(old_key or "", ()) if p in table)


__all__ = ["REFORM_DATE", "NewUnit", "communes", "communes_of_legacy", "find_communes", "find_province",
           "province_of_legacy", "provinces"]
