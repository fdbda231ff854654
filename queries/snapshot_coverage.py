"""Coverage from precomputed places: `queries.common_coverage.coverage_result` without the gazetteer lookups.

The snapshot keeps, for every local document, the unit it was issued in on the 2019 map and its units on
the 2025 map (`queries.snapshot.Placement`, computed with the same `match_unit` / `_match_2025`). A
coverage answer is then a grouping of the directive's implementers by unit code, and the units of the map
(cached per level and province by `common_coverage`). Same answer as `coverage_result` (tested).
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence

from queries.common import doc_order_key
from queries.common_coverage import (
    STATUS_FILTERS,
    _in_province,
    default_gazetteer,
    default_map,
    map_units,
    province_breakdown,
    resolve_province,
)
from queries.models import CoverageResult, CoverageStatus, CoverageUnit, DocSummary, MapYear, UnitLevel
from queries.snapshot_model import Placement


def placed_units(
    target: DocSummary, members: Sequence[str], summaries: Mapping[str, DocSummary],
    placements: Mapping[str, Placement], level: UnitLevel, province: str | None, map_year: MapYear,
    overdue_days: int | None,
) -> tuple[list[CoverageUnit], list[DocSummary]]:
    """`common_coverage.coverage_units`, each document's units read from `placements`."""
    gazetteer = default_gazetteer()
    wanted = resolve_province(province, map_year, gazetteer)
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
    keep = STATUS_FILTERS[status]
    shown = [u for u in units if keep(u)]
    return CoverageResult(
        target=target, level=level, province=province, map=map_year, status=status, overdue_days=overdue_days,
        total=len(units), covered=sum(1 for u in units if u.covered),
        overdue=sum(1 for u in units if u.overdue) if overdue_days is not None else None,
        shown=len(shown), units=shown, unmatched=unmatched,
        provinces=province_breakdown(units, overdue_days),
    )


__all__ = ["placed_coverage", "placed_units"]
