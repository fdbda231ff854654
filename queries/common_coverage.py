"""`coverage(id, level, map=…)`: which administrative units have a document implementing the target.

Shared by both backends: given the target and its implementing documents (as `DocSummary`),
group them by unit of the chosen map, then filter by status and summarise per province.

- 2019 map (`ingest.gazetteer`): 63 provinces, ~700 districts, ~10,000 communes. A unit is covered at a
  level when some implementing document was issued by a body of that level in that unit: a commune plan
  does not cover its district.
- 2025 map (`queries.map2025`): 34 provinces, 3,321 communes, no districts. A new unit is covered by a
  document of a pre-2025 unit that went into it (a divided commune counts for each of its parts) or of
  the new unit itself (documents from July 2025 on are looked up on the new map first).
"""
from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from types import ModuleType
from typing import Any

from ingest import gazetteer as project_gazetteer
from queries import map2025
from queries.collation import viet_key
from queries.models import (
    CoverageResult,
    CoverageStatus,
    CoverageUnit,
    DocSummary,
    MapYear,
    ProvinceCoverage,
    UnitLevel,
)
from queries.ordering import date_key, doc_order_key, lag_days


class UnknownProvince(ValueError):
    """A province name that is not on the chosen map; `valid` lists the names that are."""

    def __init__(self, province: str, valid: list[str]) -> None:
        super().__init__(f"không có tỉnh/thành phố {province!r} trên bản đồ; chọn một trong {len(valid)} tên")
        self.province = province
        self.valid = valid


class NoSuchLevel(ValueError):
    """A level the chosen map does not have (districts on the 2025 map)."""


def default_gazetteer() -> ModuleType:
    """The project's gazetteer adapter (it loads its data on first use)."""
    return project_gazetteer


def default_map(target_date: str | None) -> MapYear:
    """The map in force on the directive's date: 2025 from 1 July 2025, else 2019."""
    return "2025" if target_date and date_key(target_date) >= map2025.REFORM_DATE else "2019"


@cache
def _successor_name(gazetteer: Any, unit: Any) -> str | None:
    """Name of the unit that replaced `unit` in July 2025 (None when unknown or abolished)."""
    try:
        successor = gazetteer.successor_2025(unit)
    except (LookupError, ValueError):
        return None
    if successor is None:
        return None
    name = getattr(successor, "name", successor)
    return str(name) if name else None


def _unit_key(u: Any) -> tuple[Any, ...]:
    """Units in Vietnamese order: province, district, name, then code."""
    return (viet_key(u.province), viet_key(u.district or ""), viet_key(u.name) if u.level != "province" else
            viet_key(""), u.code)


def province_names(map_year: MapYear, gazetteer: Any = None) -> list[str]:
    """The valid province names of a map, in Vietnamese order."""
    if map_year == "2025":
        return [p.name for p in map2025.provinces()]
    gazetteer = gazetteer or default_gazetteer()
    return sorted((p.name for p in gazetteer.provinces()), key=viet_key)


def resolve_province(province: str | None, map_year: MapYear, gazetteer: Any = None) -> Any | None:
    """The province unit of the map named `province` (None when not given); UnknownProvince otherwise."""
    if not province:
        return None
    gazetteer = gazetteer or default_gazetteer()
    found = map2025.find_province(province) if map_year == "2025" else gazetteer.find_province(province)
    if found is None:
        raise UnknownProvince(province, province_names(map_year, gazetteer))
    return found


@lru_cache(maxsize=256)
def gazetteer_units(gazetteer: Any, level: UnitLevel, province_code: str | None,
                    map_year: MapYear = "2019") -> tuple[Any, ...]:
    """The units of `level` on the map, within the province (by code) when given, in Vietnamese order."""
    if map_year == "2025":
        if level == "district":
            raise NoSuchLevel("bản đồ 2025 không có cấp huyện")
        units: list[Any] = (
            [p for p in map2025.provinces() if province_code is None or p.code == province_code]
            if level == "province" else map2025.communes(province_code))
    elif level == "province":
        units = [u for u in gazetteer.provinces() if province_code is None or u.code == province_code]
    elif level == "district":
        units = list(gazetteer.districts(province=province_code))
    else:
        units = list(gazetteer.communes(province=province_code))
    return tuple(sorted(units, key=_unit_key))


def match_unit(gazetteer: Any, doc: DocSummary, level: UnitLevel) -> Any | None:
    """The pre-2025 unit a document of that level was issued in (None when not found).

    When a name matches several units (rare once the province is known), the first in the
    gazetteer's order is taken.
    """
    return _match_unit(gazetteer, level, doc.province, doc.district, doc.commune)


@lru_cache(maxsize=65536)
def _match_unit(gazetteer: Any, level: UnitLevel, province: str | None, district: str | None,
                commune: str | None) -> Any | None:
    if level == "province":
        return gazetteer.find_province(province) if province else None
    if level == "district":
        if not district:
            return None
        found = gazetteer.find_districts(district, province=province)
    else:
        if not commune:
            return None
        found = gazetteer.find_communes(commune, district=district, province=province)
    found = list(found or [])
    return found[0] if found else None


@dataclass(frozen=True)
class _Placed:
    """Where a document counts on the 2025 map: the new units, and the legacy unit it came through."""

    units: tuple[Any, ...]
    via: str | None


def _match_2025(gazetteer: Any, doc: DocSummary, level: UnitLevel) -> _Placed:
    """The 2025 unit(s) a document counts for: through its pre-2025 unit, or named directly."""
    new_first = date_key(doc.date) >= map2025.REFORM_DATE if doc.date else False

    def direct() -> tuple[Any, ...]:
        province = map2025.find_province(doc.province) if doc.province else None
        if province is None:
            return ()
        if level == "province":
            return (province,)
        return map2025.find_communes(doc.commune, province.code)[:1] if doc.commune else ()

    def legacy() -> _Placed:
        old = match_unit(gazetteer, doc, level)
        if old is None:
            return _Placed((), None)
        if level == "province":
            new = map2025.province_of_legacy(old.code)
            return _Placed((new,) if new else (), None)
        return _Placed(map2025.communes_of_legacy(old.code), f"{old.name} ({old.district}, {old.province})")

    if new_first:
        found = direct()
        return _Placed(found, None) if found else legacy()
    placed = legacy()
    return placed if placed.units else _Placed(direct(), None)


def _median(values: list[int]) -> float | None:
    return float(statistics.median(values)) if values else None


def province_breakdown(units: list[CoverageUnit], overdue_days: int | None) -> list[ProvinceCoverage]:
    """One row per province: units, covered, percent, first plan, median lag, late units."""
    groups: dict[str, list[CoverageUnit]] = defaultdict(list)
    codes: dict[str, str] = {}
    for u in units:
        groups[u.province].append(u)
        codes.setdefault(u.province, u.code if u.level == "province" else "")
    rows = []
    for province, members in sorted(groups.items(), key=lambda kv: viet_key(kv[0])):
        covered = [u for u in members if u.covered]
        overdue = sum(1 for u in members if u.overdue) if overdue_days is not None else None
        rows.append(province_row(province, codes[province], len(members), len(covered),
                                 [u.first_date for u in covered], [u.lag_days for u in covered], overdue))
    return rows


def province_row(province: str, code: str, units: int, covered: int, first_dates: list[str | None],
                 lags: list[int | None], overdue: int | None) -> ProvinceCoverage:
    """The row of a province of `units` units, `covered` of them, their first dates and lags given (in any
    order, None for unknown)."""
    dates = sorted(d for d in first_dates if d)
    return ProvinceCoverage(
        province=province, code=code, units=units, covered=covered,
        percent=round(100 * covered / units, 1) if units else 0.0,
        first_date=dates[0] if dates else None,
        median_lag_days=_median([lag for lag in lags if lag is not None]),
        overdue=overdue,
    )


def _is_overdue(covered: bool, lag: int | None, overdue_days: int | None) -> bool | None:
    """Late: no document at all, or the first one more than N days after the directive."""
    if overdue_days is None:
        return None
    return not covered or (lag is not None and lag > overdue_days)


def coverage_units(
    target: DocSummary,
    implementers: Iterable[DocSummary],
    level: UnitLevel,
    province: str | None = None,
    gazetteer: Any = None,
    map_year: MapYear = "2019",
    overdue_days: int | None = None,
) -> tuple[list[CoverageUnit], list[DocSummary]]:
    """Every unit of `level` with its implementing documents and lag; and the unmatched documents.

    `implementers` are all documents implementing the target (any depth, any level); only those
    issued at `level` count. With `province`, only units (and documents) of that province.
    """
    gazetteer = gazetteer or default_gazetteer()
    wanted = resolve_province(province, map_year, gazetteer)
    wanted_code = wanted.code if wanted is not None else None
    by_code: dict[str, list[DocSummary]] = defaultdict(list)
    via: dict[str, set[str]] = defaultdict(set)
    unmatched: list[DocSummary] = []
    for doc in implementers:
        if doc.level != level:
            continue
        if map_year == "2025":
            placed = _match_2025(gazetteer, doc, level)
            found = placed.units
        else:
            one = match_unit(gazetteer, doc, level)
            placed, found = _Placed((), None), ((one,) if one is not None else ())
        if not found:
            if wanted is None or _in_province(doc, wanted, map_year, gazetteer):
                unmatched.append(doc)
            continue
        for unit in found:
            if wanted_code is not None and unit.province_code != wanted_code:
                continue
            by_code[unit.code].append(doc)
            if placed.via:
                via[unit.code].add(placed.via)
    unmatched.sort(key=doc_order_key)
    return map_units(target, by_code, via, gazetteer, level, wanted_code, map_year, overdue_days), unmatched


def map_units(
    target: DocSummary, by_code: Mapping[str, list[DocSummary]], via: Mapping[str, set[str]], gazetteer: Any,
    level: UnitLevel, wanted_code: str | None, map_year: MapYear, overdue_days: int | None,
) -> list[CoverageUnit]:
    """Every unit of the map at `level` (within the wanted province), with the implementing documents
    grouped under its code (`by_code`), their first date, lag and lateness, and the old units `via`."""
    # Units are built without validation (model_construct): every field comes from the gazetteer or
    # from validated summaries, and a national commune table has 10,000 of them.
    return [coverage_unit(static, by_code.get(static["code"], ()), via.get(static["code"], ()), target.date,
                          overdue_days)
            for static in static_fields(gazetteer, level, wanted_code, map_year)]


def coverage_unit(static: Mapping[str, Any], docs: Iterable[DocSummary], via: Iterable[str],
                  target_date: str | None, overdue_days: int | None) -> CoverageUnit:
    """One unit of `map_units`: its static fields, and what its documents `docs` and old units `via` say."""
    ordered = sorted(docs, key=doc_order_key)
    first_date = next((d.date for d in ordered if d.date), None)
    lag = lag_days(target_date, first_date) if first_date else None
    return trusted_unit({
        **static, "covered": bool(ordered), "documents": ordered, "first_date": first_date, "lag_days": lag,
        "overdue": _is_overdue(bool(ordered), lag, overdue_days), "via": sorted(via, key=viet_key),
    })


UNIT_FIELDS = frozenset(CoverageUnit.model_fields)


def trusted_unit(values: dict[str, Any]) -> CoverageUnit:
    """A CoverageUnit from values already of the right types, every field given, without validation.

    What `model_construct` does, minus its per-field default handling (a national commune table
    builds 10,000 of them per request); tests compare it with the validated model.
    """
    unit = CoverageUnit.__new__(CoverageUnit)
    object.__setattr__(unit, "__dict__", values)
    object.__setattr__(unit, "__pydantic_fields_set__", UNIT_FIELDS)
    object.__setattr__(unit, "__pydantic_extra__", None)
    object.__setattr__(unit, "__pydantic_private__", None)
    return unit


@lru_cache(maxsize=256)
def static_fields(gazetteer: Any, level: UnitLevel, province_code: str | None,
                  map_year: MapYear) -> tuple[dict[str, Any], ...]:
    """The fields of each unit that do not depend on the directive (computed once per level and map;
    shared: copied into each unit, never changed)."""
    return tuple({
        "code": str(unit.code),
        "name": unit.name,
        "level": level,
        "province": unit.name if level == "province" else unit.province,
        "district": unit.district if level == "commune" else None,
        "lat": unit.lat,
        "lon": unit.lon,
        "successor_2025": _successor_name(gazetteer, unit) if map_year == "2019" else None,
    } for unit in gazetteer_units(gazetteer, level, province_code, map_year))


def _in_province(doc: DocSummary, wanted: Any, map_year: MapYear, gazetteer: Any) -> bool:
    """Whether an unmatched document names the wanted province (directly or through its old province)."""
    if not doc.province:
        return False
    name = doc.province
    found = map2025.find_province(name) if map_year == "2025" else gazetteer.find_province(name)
    return found is not None and found.code == wanted.code


STATUS_FILTERS = {
    "all": lambda u: True,
    "covered": lambda u: u.covered,
    "uncovered": lambda u: not u.covered,
    "overdue": lambda u: bool(u.overdue),
}


def coverage_result(
    target: DocSummary,
    implementers: Iterable[DocSummary],
    level: UnitLevel = "province",
    province: str | None = None,
    gazetteer: Any = None,
    map_year: MapYear | None = None,
    status: CoverageStatus = "all",
    overdue_days: int | None = None,
) -> CoverageResult:
    """The whole coverage answer: units (filtered by status), totals, per-province breakdown."""
    map_year = map_year or default_map(target.date)
    units, unmatched = coverage_units(target, implementers, level, province, gazetteer, map_year,
        overdue_days)
    keep = STATUS_FILTERS[status]
    shown = [u for u in units if keep(u)]
    return CoverageResult(
        target=target, level=level, province=province, map=map_year, status=status, overdue_days=overdue_days,
        total=len(units), covered=sum(1 for u in units if u.covered),
        overdue=sum(1 for u in units if u.overdue) if overdue_days is not None else None,
        shown=len(shown), units=shown, unmatched=unmatched,
        provinces=province_breakdown(units, overdue_days),
    )
