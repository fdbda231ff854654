"""Raw rows of the `vietnamadminunits` 1.0.4 data files, read directly (no pandas, no geopy).

The package's `__init__` imports shapely and geopy; we only locate its folder
(`importlib.util.find_spec` does not run the package) and read:

- `data/dataset.db`, table `admin_units_legacy`: one row per pre-July-2025
  commune (10,035) plus one row for each of the 5 island districts that have
  no commune, with names, codes, coordinates and search keywords;
  table `admin_units`: the 3,321 units of the 34 provinces after July 2025.
- `data/parser_legacy.json`, `DICT_PROVINCE_DISTRICT_DIVIDED`: names of
  districts that were split or absorbed before the snapshot, with the
  district the package picks by default.
- `data/converter_2025.json`: old province -> new province, and old commune
  (package key `province_district_ward`) -> new commune; where an old commune
  was split, the package's default new commune.
"""

from __future__ import annotations

import importlib.util
import json
import sqlite3
from functools import cache
from pathlib import Path
from typing import Any

PACKAGE = "vietnamadminunits"

_LEGACY_COLUMNS = (
    "province",
    "provinceShort",
    "provinceCode",
    "provinceLat",
    "provinceLon",
    "provinceKey",
    "provinceKeywords",
    "district",
    "districtType",
    "districtCode",
    "districtLat",
    "districtLon",
    "districtKey",
    "districtKeywords",
    "ward",
    "wardType",
    "wardCode",
    "wardLat",
    "wardLon",
    "wardKey",
    "wardKeywords",
)


def data_dir() -> Path:
    """The `data/` folder of the installed package."""
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(f"the package {PACKAGE} is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "data"


def _query(sql: str) -> list[dict[str, Any]]:
    path = data_dir() / "dataset.db"
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        conn.row_factory = sqlite3.Row
        return [dict(row) for row in conn.execute(sql)]


@cache
def legacy_rows() -> tuple[dict[str, Any], ...]:
    """Rows of `admin_units_legacy`, ordered by province, district and commune code."""
    columns = ", ".join(_LEGACY_COLUMNS)
    rows = _query(f"SELECT {columns} FROM admin_units_legacy ORDER BY provinceCode, districtCode, wardCode")
    return tuple(rows)


@cache
def new_units() -> dict[tuple[str, str], dict[str, Any]]:
    """Units after July 2025 by (province key, commune key): full names and codes."""
    rows = _query("SELECT province, provinceKey, provinceCode, ward, wardKey, wardCode FROM admin_units")
    return {(r["provinceKey"], r["wardKey"]): r for r in rows}


@cache
def new_province_names() -> dict[str, str]:
    """Full names of the 34 provinces after July 2025 by package key (`thanhphodanang`)."""
    return {key[0]: row["province"] for key, row in sorted(new_units().items())}


@cache
def divided_districts() -> dict[str, dict[str, str]]:
    """Province key -> {keyword of a former district name: key of the district it went to by default}."""
    with open(data_dir() / "parser_legacy.json", encoding="utf-8") as f:
        divided = json.load(f)["DICT_PROVINCE_DISTRICT_DIVIDED"]
    result: dict[str, dict[str, str]] = {}
    for province_key, entries in sorted(divided.items()):
        table = result.setdefault(province_key, {})
        for entry in entries.values():
            defaults = sorted(k for k, v in entry["districts"].items() if v["districtDefault"])
            if not defaults:
                continue
            for keyword in entry["dividedDistrictKeywords"]:
                table.setdefault(keyword, defaults[0])
    return result


@cache
def _converter() -> dict[str, Any]:
    with open(data_dir() / "converter_2025.json", encoding="utf-8") as f:
        data: dict[str, Any] = json.load(f)
    return data


@cache
def province_successors() -> dict[str, str]:
    """Old province key -> new province key (July 2025: 63 -> 34, whole provinces merged)."""
    result = {}
    for new_key, old_keys in sorted(_converter()["DICT_PROVINCE"].items()):
        for old_key in old_keys:
            result[old_key] = new_key
    return result


@cache
def commune_successors() -> dict[str, tuple[str, str]]:
    """Old key `province_district_ward` -> (new province key, new commune key).

    A commune that went whole into one new commune maps to it; one that was split
    maps to the new commune the package marks as default (`isDefaultNewWard`).
    Island districts without communes have the key `province_district_` and map
    to their special zone (đặc khu).
    """
    conv = _converter()
    result: dict[str, tuple[str, str]] = {}
    for new_province, wards in sorted(conv["DICT_PROVINCE_WARD_NO_DIVIDED"].items()):
        for new_ward, old_keys in sorted(wards.items()):
            for old_key in old_keys:
                result.setdefault(old_key, (new_province, new_ward))
    for new_province, splits in sorted(conv["DICT_PROVINCE_WARD_DIVIDED"].items()):
        for old_key, choices in sorted(splits.items()):
            default = next((c["newWardKey"] for c in choices if c["isDefaultNewWard"]), None)
            if default:
                result.setdefault(old_key, (new_province, default))
    return result
