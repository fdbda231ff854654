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
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from pydantic import TypeAdapter

from queries.common import doc_order_key
from queries.common_coverage import (
    STATUS_FILTERS,
    _in_province,
    coverage_unit,
    default_gazetteer,
    default_map,
    map_units,
    province_breakdown,
    province_row,
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
    """A unit's JSON as it reads inside its `CoverageResult` (`model_dump_json`'s serializer and options)."""
    return CoverageUnit.__pydantic_serializer__.to_json(unit, by_alias=True)


UNITS_JSON = TypeAdapter(list[CoverageUnit])
# Between two units of a list's JSON (`..."via":[]},{"code":"...`); nothing inside a unit reads so: its
# strings escape their quotes and its documents start with "id".
UNIT_BOUNDARY = b'},{"code":"'


def units_json(units: list[CoverageUnit]) -> list[bytes]:
    """`unit_json` of each unit, from one serialisation of the list (10^4 calls cost more than the work)."""
    if not units:
        return []
    text = UNITS_JSON.dump_json(units, by_alias=True)
    parts = text[1:-1].split(UNIT_BOUNDARY)
    if len(parts) != len(units):  # cannot happen (see UNIT_BOUNDARY); one by one then
        return [unit_json(u) for u in units]
    last = len(parts) - 1
    return [(b"" if i == 0 else b'{"code":"') + p + (b"" if i == last else b"}") for i, p in enumerate(parts)]


@dataclass(frozen=True)
class BlankMap:
    """A national table of one map level with no document in it: the same for every directive."""

    statics: tuple[dict[str, Any], ...]  # `static_fields`, in table order
    json: tuple[bytes, ...]  # each unit's JSON with no document (no date, lag, old unit; not late)
    positions: dict[str, tuple[int, ...]]  # unit code -> its places in the table
    provinces: tuple[tuple[str, str, int], ...]  # (province, code, units) in breakdown order


@lru_cache(maxsize=8)
def blank_map(level: UnitLevel, map_year: MapYear) -> BlankMap:
    statics = static_fields(default_gazetteer(), level, None, map_year)
    units = [coverage_unit(static, (), (), None, None) for static in statics]
    positions: dict[str, list[int]] = defaultdict(list)
    for i, static in enumerate(statics):
        positions[static["code"]].append(i)
    rows = province_breakdown(units, None)  # with no document: the provinces, their codes and sizes
    return BlankMap(statics, tuple(units_json(units)), {c: tuple(p) for c, p in positions.items()},
                    tuple((r.province, r.code, r.units) for r in rows))


# Where the units go in a result serialised without them: `units` follows `shown`, `unmatched` follows it;
# a string inside the target cannot hold it (its quotes would be escaped).
EMPTY_UNITS = re.compile(rb',"units":\[\],"unmatched":')


def placed_coverage_json(
    target: DocSummary, members: Sequence[str], summaries: Mapping[str, DocSummary],
    placements: Mapping[str, Placement], level: UnitLevel,
) -> bytes:
    """`placed_coverage(...).model_dump_json(by_alias=True)` of the default answer (all units, all
    provinces, the map of the directive's date, no overdue_days): the table of `blank_map` with the units
    that have documents written over it, the per-province rows counted from those. Same bytes (tested)."""
    map_year = default_map(target.date)
    blank = blank_map(level, map_year)
    by_code, via, unmatched = _grouped(members, summaries, placements, level, None, map_year,
                                       default_gazetteer())
    places = sorted((i, code) for code in by_code for i in blank.positions.get(code, ()))
    covered = [coverage_unit(blank.statics[i], by_code[code], via.get(code, ()), target.date, None)
               for i, code in places]
    parts = list(blank.json)
    for (i, _code), part in zip(places, units_json(covered), strict=True):
        parts[i] = part
    in_province: dict[str, list[CoverageUnit]] = defaultdict(list)
    for unit in covered:
        in_province[unit.province].append(unit)
    head = CoverageResult(
        target=target, level=level, province=None, map=map_year, status="all", overdue_days=None,
        total=len(parts), covered=len(covered), overdue=None, shown=len(parts), units=[], unmatched=unmatched,
        provinces=[province_row(p, code, n, in_province.get(p, []), None) for p, code, n in blank.provinces],
    )
    text = head.__pydantic_serializer__.to_json(head, by_alias=True)
    spots = [m.start() for m in EMPTY_UNITS.finditer(text)]
    if len(spots) != 1:  # cannot happen (see EMPTY_UNITS); the plain way then
        result = placed_coverage(target, members, summaries, placements, level)
        return result.model_dump_json(by_alias=True).encode()
    cut = spots[0] + len(b',"units":[')
    return b"".join((text[:cut], b",".join(parts), text[cut:]))


__all__ = ["BlankMap", "blank_map", "placed_coverage", "placed_coverage_json", "placed_units", "unit_json",
           "units_json"]
