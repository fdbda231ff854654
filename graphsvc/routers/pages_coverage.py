"""The coverage page: where a directive is carried out and where not yet, on the 2019 or the 2025 map.

At district and commune level without a province it opens on the per-province table (each row opens
that province's units); with a province the map zooms to it. Units are listed a page at a time, so no
coverage page grows past a few hundred kilobytes. The CSV and XLSX links are the API's own downloads.
"""
from __future__ import annotations

import inspect
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse

from graphsvc.routers.deps import Queries, run_query
from graphsvc.routers.pagecommon import DocId, api_href, coverage_href, render
from graphsvc.routers.pagedata_coverage import (
    COVERAGE_LEGEND,
    MAP_CHOICES,
    PAGE_SIZE,
    SORT_CHOICES,
    STATUS_CHOICES,
    MapYear,
    Sort,
    Status,
    filter_units,
    is_late,
    lag_bars,
    map_view,
    page_numbers,
    page_of,
    province_names,
    province_rows,
    share_bars,
    sort_rows,
    sort_units,
)
from graphsvc.security import require_read_access
from ingest.normalize import fold
from queries.models import CoverageResult, UnitLevel

router = APIRouter(include_in_schema=False, dependencies=[Depends(require_read_access)])

LEVEL_CHOICES: list[tuple[str, str]] = [("province", "Tỉnh"), ("district", "Huyện"), ("commune", "Xã")]
MAX_OVERDUE_DAYS = 3650


def _supported(fn: Any, name: str) -> bool:
    try:
        return name in inspect.signature(fn).parameters
    except (TypeError, ValueError):
        return False


def coverage_kwargs(queries: Any, level: str, province: str | None, map_year: str | None,
                    overdue_days: int | None) -> dict[str, Any]:
    """Arguments for `queries.coverage`: always every unit (the page filters), the map when asked."""
    kwargs: dict[str, Any] = {"level": level, "province": province}
    if map_year and _supported(queries.coverage, "map_year"):
        kwargs["map_year"] = map_year
    if overdue_days is not None and _supported(queries.coverage, "overdue_days"):
        kwargs["overdue_days"] = overdue_days
    return kwargs


def parse_days(text: str | None) -> int | None:
    """`overdue_days` as typed: empty means none; anything but 1..MAX_OVERDUE_DAYS is a 422."""
    if text is None or not text.strip():
        return None
    if not text.strip().isdigit() or not 1 <= int(text) <= MAX_OVERDUE_DAYS:
        raise ValueError(f"overdue_days: a number of days from 1 to {MAX_OVERDUE_DAYS}")
    return int(text)


def known_province(name: str, map_year: MapYear) -> str | None:
    """The valid name `name` means on that map (accent- and case-insensitive), or None."""
    wanted = fold(name).strip()
    for valid in province_names(map_year):
        if fold(valid) == wanted:
            return valid
    return None


def _bad_request(request: Request, doc_id: str, message: str, map_year: MapYear,
                 valid: list[str] | None = None) -> HTMLResponse:
    """The 422 page: what was wrong, and the valid province names of the map as links."""
    return render(request, "coverage_error.html", 422, message=message, doc_id=doc_id,
                  provinces=valid or province_names(map_year), map_year=map_year)


@router.get("/coverage/{doc_id}", response_class=HTMLResponse)
async def coverage_page(
    request: Request, queries: Queries, doc_id: DocId, level: UnitLevel = "province",
    province: Annotated[str | None, Query(max_length=100)] = None,
    status: Status = "all",
    overdue_days: Annotated[str | None, Query(max_length=5)] = None,  # the form sends "" when empty
    map: MapYear | None = None,  # noqa: A002  (the API's parameter name)
    sort: Sort = "name",
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> HTMLResponse:
    province = (province or "").strip() or None
    try:
        days = parse_days(overdue_days)
    except ValueError as exc:
        return _bad_request(request, doc_id, f"Tham số không hợp lệ: {exc}", map or "2019")
    if map == "2025" and level == "district":
        message = "Bản đồ 2025 không còn cấp huyện: hãy chọn cấp tỉnh hoặc xã."
        return _bad_request(request, doc_id, message, "2025")
    if province and map is not None:
        valid = known_province(province, map)
        if valid is None:
            return _bad_request(request, doc_id, f"Không có tỉnh «{province}» trên bản đồ {map}.", map)
        province = valid
    try:
        result: CoverageResult = await run_query(
            request, queries.coverage, doc_id, **coverage_kwargs(queries, level, province, map, days))
    except ValueError as exc:  # UnknownProvince among them: the valid names are listed
        map_year: MapYear = map or "2019"
        valid = getattr(exc, "valid", None)  # UnknownProvince lists the names of the map it used
        if valid and len(valid) == len(province_names("2025")):
            map_year = "2025"
        return _bad_request(request, doc_id, f"Tham số không hợp lệ: {exc}", map_year, valid)
    map_year = getattr(result, "map", None) or map or "2019"
    if province and not result.units:
        return _bad_request(request, doc_id, f"Không có tỉnh «{province}» trên bản đồ {map_year}.", map_year)
    return render(request, "coverage.html", **coverage_context(
        result, map_year, province, status, days, sort, page))


def coverage_context(result: CoverageResult, map_year: MapYear, province: str | None, status: Status,
                     overdue_days: int | None, sort: Sort, page: int) -> dict[str, Any]:
    """Everything the template shows, computed from the full list of units."""
    target = result.target
    late = {u.code for u in result.units if is_late(u, overdue_days, target.date)}
    shown = sort_units(filter_units(result.units, status, late), sort)
    paging = page_of(len(shown), page)
    by_province = result.level != "province" and province is None
    by_name = [] if result.level == "province" else province_rows(
        result.units, late if overdue_days else None, "name")
    rows = (by_name if sort == "name" else sort_rows(by_name, sort)) if by_province else []
    params = {"province": province, "status": status if status != "all" else None,
              "overdue_days": overdue_days, "map": map_year, "sort": sort if sort != "name" else None}

    def href(**changes: Any) -> str:
        merged = {**params, **changes}
        level = merged.pop("level", result.level)
        return coverage_href(target.id, level, **merged)

    api = f"/api/documents/{target.id}/coverage"
    api_status = {"all": None, "late": "overdue"}.get(status, status)  # the API calls late units overdue
    api_params = {"level": result.level, "province": province, "status": api_status,
                  "overdue_days": overdue_days, "map": map_year}
    return {
        "result": result, "target": target, "map_year": map_year, "province": province, "status": status,
        "overdue_days": overdue_days, "sort": sort, "levels": LEVEL_CHOICES, "statuses": STATUS_CHOICES,
        "sorts": SORT_CHOICES, "maps": MAP_CHOICES, "legend": COVERAGE_LEGEND,
        "provinces": province_names(map_year), "late_count": len(late) if overdue_days else None,
        "units": shown[paging.first - 1:paging.last] if shown else [], "paging": paging,
        "page_numbers": page_numbers(paging), "page_size": PAGE_SIZE, "rows": rows,
        "by_province": by_province,
        "map": map_view(result.units, result.level, zoom=province is not None, late=late),
        "shares": share_bars(by_name),
        "lags": lag_bars(result.units), "late": late, "href": href,
        "downloads": [(fmt.upper(), api_href(api, format=fmt, **api_params)) for fmt in ("csv", "xlsx")],
        "json_href": api_href(api, **api_params),
    }
