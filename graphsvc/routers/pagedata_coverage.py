"""Plain data of the coverage page: status filter, "late", the per-province table, paging and the map.

The page stays small at any level: units are listed a page at a time, the national map of districts or
communes is two SVG paths (one per status, a dot per unit drawn by a zero-length segment with a round or
square cap) instead of 10,000 elements, and a chosen province zooms the map to its units.
Nothing here builds markup; the template escapes every string.
"""
from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Literal

from graphsvc.routers.pagedata import LAT_MAX, LAT_MIN, LON_MAX, LON_MIN, map_size, project
from ingest import gazetteer
from queries import map2025
from queries.collation import viet_key as _viet_key
from queries.models import CoverageUnit
from queries.palette import COVERAGE

Status = Literal["all", "covered", "uncovered", "late"]
Sort = Literal["name", "status", "lag"]
MapYear = Literal["2019", "2025"]

STATUS_CHOICES: list[tuple[str, str]] = [
    ("all", "Tất cả"), ("covered", "Đã có kế hoạch"), ("uncovered", "Chưa có"), ("late", "Trễ hạn"),
]
SORT_CHOICES: list[tuple[str, str]] = [
    ("name", "Theo tên"), ("status", "Chưa có trước"), ("lag", "Nhanh nhất trước"),
]
MAP_CHOICES: list[tuple[str, str]] = [("2019", "Bản đồ 2019 (63 tỉnh)"), ("2025", "Bản đồ 2025 (34 tỉnh)")]
REFORM_DATE = "2025-07-01"  # the 2025 map is in force from this day
PAGE_SIZE = 200
# Above this many units the map is drawn as two paths (no per-unit tooltip) to keep the page small.
MAX_MAP_ELEMENTS = 1500


# Unit names repeat on every request: their sort keys are computed once.
viet_key = lru_cache(maxsize=1 << 16)(_viet_key)


# ---------------------------------------------------------------- status and "late"


def default_map(target_date: str | None) -> MapYear:
    """The map in force on the directive's date (2019 when the date is unknown)."""
    return "2025" if target_date and target_date >= REFORM_DATE else "2019"


def is_late(unit: CoverageUnit, overdue_days: int | None, target_date: str | None,
            today: dt.date | None = None) -> bool:
    """No plan within `overdue_days` of the directive, or a first plan after that many days.

    The backend's own `overdue` answer wins when it gives one.
    """
    if overdue_days is None:
        return False
    given = getattr(unit, "overdue", None)
    if given is not None:
        return bool(given)
    if unit.covered:
        return unit.lag_days is not None and unit.lag_days > overdue_days
    if not target_date or len(target_date) < 10:
        return True
    deadline = dt.date.fromisoformat(target_date[:10]) + dt.timedelta(days=overdue_days)
    return (today or dt.date.today()) > deadline


def status_of(unit: CoverageUnit) -> str:
    return "covered" if unit.covered else "uncovered"


def filter_units(units: Iterable[CoverageUnit], status: Status, late: set[str]) -> list[CoverageUnit]:
    """Units of one status; `late` holds the codes of late units."""
    if status == "covered":
        return [u for u in units if u.covered]
    if status == "uncovered":
        return [u for u in units if not u.covered]
    if status == "late":
        return [u for u in units if u.code in late]
    return list(units)


def sort_units(units: list[CoverageUnit], sort: Sort) -> list[CoverageUnit]:
    """By name, uncovered first, or fastest first (uncovered last).

    The backend lists units by province, district and name in Vietnamese order; the other orders are
    stable sorts on top of it.
    """
    if sort == "status":
        return sorted(units, key=lambda u: u.covered)
    if sort == "lag":
        return sorted(units, key=lambda u: (not u.covered, u.lag_days if u.lag_days is not None else 10**9))
    return list(units)


# ---------------------------------------------------------------- per-province table


@dataclass(frozen=True)
class ProvinceRow:
    province: str
    units: int
    covered: int
    percent: float
    first_date: str | None
    median_lag: float | None
    late: int | None


def province_rows(units: Sequence[CoverageUnit], late: set[str] | None, sort: Sort) -> list[ProvinceRow]:
    """One row per province: units, covered, %, first plan, median lag; `late` count when asked."""
    groups: dict[str, list[CoverageUnit]] = {}
    for unit in units:
        groups.setdefault(unit.province, []).append(unit)
    rows = []
    for province, members in groups.items():
        covered = [u for u in members if u.covered]
        lags = [u.lag_days for u in covered if u.lag_days is not None]
        dates = [u.first_date for u in covered if u.first_date]
        rows.append(ProvinceRow(
            province, len(members), len(covered), round(100 * len(covered) / len(members), 1),
            min(dates) if dates else None, statistics.median(lags) if lags else None,
            None if late is None else sum(1 for u in members if u.code in late),
        ))
    rows.sort(key=lambda r: viet_key(r.province))
    return sort_rows(rows, sort)


def sort_rows(rows: list[ProvinceRow], sort: Sort) -> list[ProvinceRow]:
    """Rows (in name order) least covered first, or fastest median first; else as they are."""
    if sort == "status":
        return sorted(rows, key=lambda r: r.percent)
    if sort == "lag":
        return sorted(rows, key=lambda r: (r.median_lag is None, r.median_lag or 0))
    return rows


# ---------------------------------------------------------------- paging


@dataclass(frozen=True)
class PageOf:
    number: int
    count: int
    first: int  # 1-based index of the first item shown
    last: int
    total: int


def page_of(total: int, page: int, size: int = PAGE_SIZE) -> PageOf:
    count = max(1, -(-total // size))
    number = min(max(page, 1), count)
    first = (number - 1) * size
    return PageOf(number, count, first + 1 if total else 0, min(first + size, total), total)


def page_numbers(page: PageOf, around: int = 2) -> list[int | None]:
    """Page links to show: first, last and a window around the current one (None: a gap)."""
    wanted = {1, page.count, *range(page.number - around, page.number + around + 1)}
    numbers: list[int | None] = []
    for n in sorted(x for x in wanted if 1 <= x <= page.count):
        if numbers and numbers[-1] is not None and n - numbers[-1] > 1:
            numbers.append(None)
        numbers.append(n)
    return numbers


# ---------------------------------------------------------------- map

NATIONAL_RADIUS = {"province": 6.0, "district": 3.0, "commune": 1.8}


@dataclass(frozen=True)
class MapMark:
    """One unit on the map: a filled circle (covered) or a hollow square (uncovered)."""

    x: float
    y: float
    r: float
    covered: bool
    late: bool
    name: str
    province: str


@dataclass(frozen=True)
class MapView:
    viewbox: str
    width: float
    height: float
    marks: list[MapMark]  # per-unit elements (small maps)
    covered_path: str  # dots drawn as one path (large maps)
    uncovered_path: str
    dot: float  # stroke width of the path dots
    zoomed: bool
    missing: int  # units without coordinates


def _inside(unit: CoverageUnit) -> bool:
    return (unit.lat is not None and unit.lon is not None
            and LAT_MIN <= unit.lat <= LAT_MAX and LON_MIN <= unit.lon <= LON_MAX)


@lru_cache(maxsize=1 << 15)
def _dot(lat: float, lon: float) -> tuple[float, float, str]:
    """A unit's point on the map and its zero-length path segment (units do not move: computed once)."""
    x, y = project(lat, lon)
    return x, y, f"M{x:g} {y:g}h0"


def map_view(units: Sequence[CoverageUnit], level: str, zoom: bool, late: set[str]) -> MapView:
    """The map of `units`; zoomed to their extent when `zoom` (a chosen province).

    A large map allocates nothing per unit but the cached path segments: on a server holding a big
    graph, every allocation may trigger a garbage-collector pass over it.
    """
    width, height = map_size()
    inside = [u for u in units if _inside(u)]
    box = (0.0, 0.0, width, height)
    if zoom and inside:
        xs = [_dot(u.lat, u.lon)[0] for u in inside]
        ys = [_dot(u.lat, u.lon)[1] for u in inside]
        side = max(max(xs) - min(xs), max(ys) - min(ys), 8.0) * 1.15
        cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
        box = (round(cx - side / 2, 1), round(cy - side / 2, 1), round(side, 1), round(side, 1))
    scale = box[2] / width
    radius = round(max(NATIONAL_RADIUS.get(level, 2.0) * scale, box[2] / 140) if zoom else
                   NATIONAL_RADIUS.get(level, 2.0), 2)
    marks: list[MapMark] = []
    covered_path = uncovered_path = ""
    if len(inside) <= MAX_MAP_ELEMENTS:
        for u in sorted(inside, key=lambda u: u.covered):  # covered drawn last, on top
            x, y, _ = _dot(u.lat, u.lon)
            marks.append(MapMark(x, y, radius, u.covered, u.code in late, u.name, u.province))
    else:
        covered_path = "".join([_dot(u.lat, u.lon)[2] for u in inside if u.covered])
        uncovered_path = "".join([_dot(u.lat, u.lon)[2] for u in inside if not u.covered])
    return MapView(
        viewbox=" ".join(f"{v:g}" for v in box), width=box[2], height=box[3], marks=marks,
        covered_path=covered_path, uncovered_path=uncovered_path, dot=round(radius * 2, 2),
        zoomed=zoom and bool(inside), missing=len(units) - len(inside),
    )


# ---------------------------------------------------------------- bars (HTML, readable on a phone)


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    text: str
    percent: float  # bar length, 0-100


def share_bars(rows: Sequence[ProvinceRow]) -> list[Bar]:
    return [Bar(r.province, r.percent, f"{r.covered}/{r.units} ({r.percent:g}%)", r.percent) for r in rows]


def lag_bars(units: Sequence[CoverageUnit], limit: int = 63) -> list[Bar]:
    covered = sorted((u for u in units if u.covered and u.lag_days is not None),
                     key=lambda u: (u.lag_days, viet_key(u.name)))[:limit]
    longest = max((max(u.lag_days or 0, 0) for u in covered), default=0) or 1
    return [Bar(u.name if u.level == "province" else f"{u.name} ({u.province})", u.lag_days or 0,
                f"{u.lag_days} ngày · {u.first_date}", round(100 * max(u.lag_days or 0, 0) / longest, 1))
            for u in covered]


# ---------------------------------------------------------------- province names


@cache
def province_names(map_year: MapYear) -> tuple[str, ...]:
    """Valid province names of a map, in Vietnamese order (63 on the 2019 map, 34 on the 2025 one)."""
    units = map2025.provinces() if map_year == "2025" else gazetteer.provinces()
    return tuple(sorted({u.name for u in units}, key=viet_key))


COVERAGE_LEGEND = [(c.key, c.name, c.colour, c.shape) for c in COVERAGE.values()]
