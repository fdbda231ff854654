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
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from pydantic import TypeAdapter

from queries.collation import viet_key
from queries.common import doc_order_key, lag_days
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


VIA_JSON = TypeAdapter(list[str])
DATE_JSON = TypeAdapter(str | None)
# A unit's JSON with no document ends so (`CoverageUnit`'s last fields, in order); what precedes is its
# static fields', the same covered or not.
BLANK_TAIL = b'"covered":false,"documents":[],"first_date":null,"lag_days":null,"overdue":null,"via":[]}'
# A date pydantic writes as it is, in quotes (nothing to escape).
PLAIN_DATE = re.compile(r"\d{4}-\d{2}(?:-\d{2})?")


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
    return BlankMap(statics, tuple(unit_json(u) for u in units), {c: tuple(p) for c, p in positions.items()},
                    tuple((r.province, r.code, r.units) for r in rows))


def _covered_json(static_json: bytes, docs: list[DocSummary], via: Iterable[str], target_date: str | None,
                  doc_json: dict[str, bytes]) -> tuple[bytes, str | None, int | None]:
    """`unit_json(coverage_unit(...))` of a unit with documents (no overdue_days), its static fields'
    JSON and each document's (`doc_json`, filled as met) given; and the unit's first date and lag."""
    ordered = sorted(docs, key=doc_order_key)
    first_date = next((d.date for d in ordered if d.date), None)
    lag = lag_days(target_date, first_date) if first_date else None
    parts = []
    for doc in ordered:
        part = doc_json.get(doc.id)
        if part is None:
            part = doc_json[doc.id] = DocSummary.__pydantic_serializer__.to_json(doc, by_alias=True)
        parts.append(part)
    names = sorted(via, key=viet_key)
    return b"".join((
        static_json, b'"covered":true,"documents":[', b",".join(parts), b'],"first_date":',
        b'"%s"' % first_date.encode() if first_date and PLAIN_DATE.fullmatch(first_date)
        else DATE_JSON.dump_json(first_date),
        b',"lag_days":', b"null" if lag is None else str(lag).encode(), b',"overdue":null,"via":',
        VIA_JSON.dump_json(names) if names else b"[]", b"}",
    )), first_date, lag


# Where the units go in a result serialised without them: `units` follows `shown`, `unmatched` follows it;
# a string inside the target cannot hold it (its quotes would be escaped).
EMPTY_UNITS = re.compile(rb',"units":\[\],"unmatched":')


def placed_coverage_json(
    target: DocSummary, members: Sequence[str], summaries: Mapping[str, DocSummary],
    placements: Mapping[str, Placement], level: UnitLevel, doc_json: dict[str, bytes] | None = None,
) -> bytes:
    """`placed_coverage(...).model_dump_json(by_alias=True)` of the default answer (all units, all
    provinces, the map of the directive's date, no overdue_days): the table of `blank_map` with the units
    that have documents written over it, the per-province rows counted from those. Same bytes (tested).

    `doc_json`: each document's JSON by id, kept across the answers of one snapshot (the documents of
    `summaries`); a document is in many units of many directives."""
    map_year = default_map(target.date)
    blank = blank_map(level, map_year)
    doc_json = {} if doc_json is None else doc_json
    by_code, via, unmatched = _grouped(members, summaries, placements, level, None, map_year,
                                       default_gazetteer())
    parts = list(blank.json)
    in_province: dict[str, tuple[list[str | None], list[int | None]]] = defaultdict(lambda: ([], []))
    covered = 0
    for code, docs in by_code.items():
        for i in blank.positions.get(code, ()):
            if not parts[i].endswith(BLANK_TAIL):  # cannot happen (see BLANK_TAIL); the plain way then
                return placed_coverage(target, members, summaries, placements, level).model_dump_json(
                    by_alias=True).encode()
            parts[i], first_date, lag = _covered_json(parts[i][:-len(BLANK_TAIL)], docs, via.get(code, ()),
                                                      target.date, doc_json)
            dates, lags = in_province[blank.statics[i]["province"]]
            dates.append(first_date)
            lags.append(lag)
            covered += 1
    rows = []
    for province, code, n in blank.provinces:
        dates, lags = in_province.get(province, ([], []))
        rows.append(province_row(province, code, n, len(dates), dates, lags, None))
    head = CoverageResult(
        target=target, level=level, province=None, map=map_year, status="all", overdue_days=None,
        total=len(parts), covered=covered, overdue=None, shown=len(parts), units=[], unmatched=unmatched,
        provinces=rows,
    )
    text = head.__pydantic_serializer__.to_json(head, by_alias=True)
    spots = [m.start() for m in EMPTY_UNITS.finditer(text)]
    if len(spots) != 1:  # cannot happen (see EMPTY_UNITS); the plain way then
        result = placed_coverage(target, members, summaries, placements, level)
        return result.model_dump_json(by_alias=True).encode()
    cut = spots[0] + len(b',"units":[')
    return b"".join((text[:cut], b",".join(parts), text[cut:]))


__all__ = ["BlankMap", "blank_map", "placed_coverage", "placed_coverage_json", "placed_units", "unit_json"]
