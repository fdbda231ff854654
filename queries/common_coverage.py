"""`coverage(id, level)`: which administrative units have a document implementing the target.

Shared by both backends: given the target and its implementing documents (as `DocSummary`),
group them by gazetteer unit (`ingest.gazetteer`, the units that existed before July 2025,
each with its 2025 successor). A unit is covered at a level when some implementing document was
issued by a body of that level in that unit: a commune plan does not cover its district.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from functools import cache, lru_cache
from types import ModuleType
from typing import Any

from ingest.normalize import fold
from queries.models import CoverageUnit, DocSummary, UnitLevel


def default_gazetteer() -> ModuleType:
    """The project's gazetteer adapter (imported late: it loads its data on first use)."""
    from ingest import gazetteer

    return gazetteer


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


@lru_cache(maxsize=256)
def gazetteer_units(gazetteer: Any, level: UnitLevel, province: str | None) -> tuple[Any, ...]:
    """The units of `level` (pre-2025), within `province` when given (empty if it is unknown).

    Sorted by province, district (communes), name (accent-insensitive), then code.
    """
    units = _gazetteer_units(gazetteer, level, province)
    return tuple(sorted(units, key=lambda u: (
        fold(u.province), fold(u.district or "") if level == "commune" else "", fold(u.name), u.code,
    )))


def _gazetteer_units(gazetteer: Any, level: UnitLevel, province: str | None) -> list[Any]:
    code = None
    if province:
        found = gazetteer.find_province(province)
        if found is None:
            return []
        code = found.code
    if level == "province":
        return [u for u in gazetteer.provinces() if code is None or u.code == code]
    if level == "district":
        return list(gazetteer.districts(province=code))
    return list(gazetteer.communes(province=code))


def match_unit(gazetteer: Any, doc: DocSummary, level: UnitLevel) -> Any | None:
    """The gazetteer unit a document of that level was issued in (None when not found).

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


def coverage_units(
    target: DocSummary,
    implementers: Iterable[DocSummary],
    level: UnitLevel,
    province: str | None = None,
    gazetteer: Any = None,
) -> tuple[list[CoverageUnit], list[DocSummary]]:
    """Every unit of `level` with its implementing documents and lag; and the unmatched documents.

    `implementers` are all documents implementing the target (any depth, any level); only those
    issued at `level` count. With `province`, only units (and documents) of that province.
    """
    from queries.common import doc_order_key, lag_days, same_name

    gazetteer = gazetteer or default_gazetteer()
    units = gazetteer_units(gazetteer, level, province)
    by_code: dict[str, list[DocSummary]] = defaultdict(list)
    unmatched: list[DocSummary] = []
    wanted = gazetteer.find_province(province).code if province and units else None
    for doc in implementers:
        if doc.level != level:
            continue
        unit = match_unit(gazetteer, doc, level)
        if unit is None:
            if province is None or same_name(doc.province, province):
                unmatched.append(doc)
            continue
        if wanted is not None and unit.province_code != wanted:
            continue
        by_code[unit.code].append(doc)
    result = []
    for unit in units:
        docs = sorted(by_code.get(unit.code, []), key=doc_order_key)
        first_date = next((d.date for d in docs if d.date), None)
        result.append(CoverageUnit(
            code=str(unit.code),
            name=unit.name,
            level=level,
            province=unit.name if level == "province" else unit.province,
            district=unit.district if level == "commune" else None,
            lat=unit.lat,
            lon=unit.lon,
            successor_2025=_successor_name(gazetteer, unit),
            covered=bool(docs),
            documents=docs,
            first_date=first_date,
            lag_days=lag_days(target.date, first_date),
        ))
    unmatched.sort(key=doc_order_key)
    return result, unmatched
