"""Coverage from precomputed places: `queries.common_coverage.coverage_result` without the gazetteer lookups.

The snapshot keeps, for every local document, the unit it was issued in on the 2019 map and its units on
the 2025 map (`queries.snapshot.Placement`, computed with the same `match_unit` / `_match_2025`). A
coverage answer is then a grouping of the directive's implementers by unit code, and the units of the map
(cached per level and province by `common_coverage`). Same answer as `coverage_result` (tested).

`placed_coverage_json` writes the default answer's JSON for the snapshot's coverage file (16 directives x
3 levels, 10,000 units each at the commune level): most units of a national table have no document, and
such a unit reads the same for every directive, so its JSON is made once per map level and reused.
"""
from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import Any

from queries.common import doc_order_key
from queries.common_coverage import (
    STATUS_FILTERS,
    _in_province,
    coverage_unit,
    default_gazetteer,
    default_map,
    map_units,
    province_breakdown,
    resolve_province,
    static_fields,
)
from queries.models import CoverageResult, CoverageStatus, CoverageUnit, DocSummary, MapYear, UnitLevel
from queries.snapshot_model import Placement

Grouped = tuple[dict[str, list[DocSummary]], dict[str, set[str]], list[DocSummary]]


def _grouped(
    members: Sequence[str], summaries: Mapping[str, DocSummary], placements: Mapping[str, Placement],
    level: UnitLevel, wanted: Any, map_year: MapYear, gazetteer: Any,
) -> Grouped:
    """The implementers of `level` by unit code, the old units they came through, and the unmatched."""
    wanted_code = wanted.code if wanted is not None else None
    by_code: dict[str, list[DocSummary]] = defaultdict(list)
    via: dict[str, set[str]] = defaultdict(set)
    unmatched: list[DocSummary] = []
    for d in members:
        doc = summaries[d]
        if doc.level != level:
            continue
        placed = placements.get(d)
        if map_year == "2025":
            found = placed.units2025 if placed else ()
            through = placed.via2025 if placed else None
        else:
            found = (placed.unit2019,) if placed and placed.unit2019 else ()
            through = None
        if not found:
            if wanted is None or _in_province(doc, wanted, map_year, gazetteer):
                unmatched.append(doc)
            continue
        for code, province_code in found:
            if wanted_code is not None and province_code != wanted_code:
                continue
            by_code[code].append(doc)
            if through:
                via[code].add(through)
    unmatched.sort(key=doc_order_key)
    return by_code, via, unmatched


def placed_units(
    target: DocSummary, members: Sequence[str], summaries: Mapping[str, DocSummary],
    placements: Mapping[str, Placement], level: UnitLevel, province: str | None, map_year: MapYear,
    overdue_days: int | None,
) -> tuple[list[CoverageUnit], list[DocSummary]]:
    """`common_coverage.coverage_units`, each document's units read from `placements`."""
    gazetteer = default_gazetteer()
    wanted = resolve_province(province, map_year, gazetteer)
    wanted_code = wanted.code if wanted is not None else None
    by_code, via, unmatched = _grouped(members, summaries, placements, level, wanted, map_year, gazetteer)
    return map_units(target, by_code, via, gazetteer, level, wanted_code, map_year, overdue_days), unmatched


def placed_coverage(
    target: DocSummary, members: Sequence[str], summaries: Mapping[str, DocSummary],
    placements: Mapping[str, Placement], level: UnitLevel = "province", province: str | None = None,
    map_year: MapYear | None = None, status: CoverageStatus = "all", overdue_days: int | None = None,
) -> CoverageResult:
    """`common_coverage.coverage_result` over the implementers `members` (ids, sorted)."""
    map_year = map_year or default_map(target.date)
    units, unmatched = placed_units(target, members, summaries, placements, level, province, map_year,
                                    overdue_days)
    return _result(target, level, province, map_year, status, overdue_days, units, unmatched)


def _result(target: DocSummary, level: UnitLevel, province: str | None, map_year: MapYear,
            status: CoverageStatus, overdue_days: int | None, units: list[CoverageUnit],
            unmatched: list[DocSummary]) -> CoverageResult:
    keep = STATUS_FILTERS[status]
    shown = [u for u in units if keep(u)]
    return CoverageResult(
        target=target, level=level, province=province, map=map_year, status=status, overdue_days=overdue_days,
        total=len(units), covered=sum(1 for u in units if u.covered),
        overdue=sum(1 for u in units if u.overdue) if overdue_days is not None else None,
        shown=len(shown), units=shown, unmatched=unmatched,
        provinces=province_breakdown(units, overdue_days),
    )


# ---------------------------------------------------------------- the snapshot's JSON answers


def unit_json(unit: CoverageUnit) -> bytes:
    """A unit's JSON as it reads inside its `CoverageResult` (same serializer, same options)."""
    return unit.model_dump_json(by_alias=True).encode()


@lru_cache(maxsize=8)
def _blank_units(level: UnitLevel, map_year: MapYear) -> tuple[tuple[CoverageUnit, ...], tuple[bytes, ...]]:
    """Every unit of a national table of the map at `level` with no document, and its JSON: the same for
    every directive (no document: no date, lag or old unit; not late without overdue_days). The units are
    read by `province_breakdown` only, never handed out: nobody can change a shared one."""
    units = tuple(coverage_unit(static, (), (), None, None)
                  for static in static_fields(default_gazetteer(), level, None, map_year))
    return units, tuple(unit_json(u) for u in units)


# Where the units go in a result serialised without them: `units` follows `shown`, `unmatched` follows it;
# a string inside the target cannot hold it (its quotes would be escaped).
EMPTY_UNITS = re.compile(rb',"units":\[\],"unmatched":')


def placed_coverage_json(
    target: DocSummary, members: Sequence[str], summaries: Mapping[str, DocSummary],
    placements: Mapping[str, Placement], level: UnitLevel,
) -> bytes:
    """`placed_coverage(...).model_dump_json(by_alias=True)` of the default answer (all units, all
    provinces, the map of the directive's date, no overdue_days), the units without a document written
    from `_blank_units`. Same bytes (tested)."""
    map_year = default_map(target.date)
    statics = static_fields(default_gazetteer(), level, None, map_year)
    blank_units, blank_json = _blank_units(level, map_year)
    by_code, via, unmatched = _grouped(members, summaries, placements, level, None, map_year,
                                       default_gazetteer())
    units: list[CoverageUnit] = []
    parts: list[bytes] = []
    for static, blank, blank_part in zip(statics, blank_units, blank_json, strict=True):
        code = static["code"]
        if code in by_code:
            unit = coverage_unit(static, by_code[code], via.get(code, ()), target.date, None)
            units.append(unit)
            parts.append(unit_json(unit))
        else:
            units.append(blank)
            parts.append(blank_part)
    head = CoverageResult(
        target=target, level=level, province=None, map=map_year, status="all", overdue_days=None,
        total=len(units), covered=sum(1 for u in units if u.covered), overdue=None, shown=len(units),
        units=[], unmatched=unmatched, provinces=province_breakdown(units, None),
    )
    text = head.model_dump_json(by_alias=True).encode()
    spots = [m.start() for m in EMPTY_UNITS.finditer(text)]
    if len(spots) != 1:  # cannot happen (see EMPTY_UNITS); the plain way then
        result = placed_coverage(target, members, summaries, placements, level)
        return result.model_dump_json(by_alias=True).encode()
    cut = spots[0] + len(b',"units":[')
    return b"".join((text[:cut], b",".join(parts), text[cut:]))


__all__ = ["placed_coverage", "placed_coverage_json", "placed_units", "unit_json"]
