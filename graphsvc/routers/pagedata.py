"""Plain data for the HTML pages: evidence highlighting, the coverage chart and map geometry.

Everything returns strings and numbers; the templates escape every string (autoescape), so nothing
here builds markup.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.normalize import fold, fold_keep_length
from queries.models import CoverageResult, CoverageUnit, DocSummary

# ---------------------------------------------------------------- evidence highlighting

# Separators inside a số hiệu as written in real texts: `28- CT/TW`, `56/2017/NĐ-CP`.
SEPARATOR = r"\s*[-/]\s*"
# A four-digit year between number and symbol (`56/2017/NĐ-CP`).
OPTIONAL_YEAR = r"(?:\d{4}" + SEPARATOR + r")?"


# Documents cited by their name (`Luật Trẻ em`, `Bộ luật Lao động`) as much as by their số hiệu.
NAMED_TYPES = frozenset({"luat", "cong_uoc"})


def citation_pattern(doc: DocSummary) -> re.Pattern[str] | None:
    """Regex (on folded text) for how `doc` is cited: its số hiệu with loose separators, and its name."""
    forms: list[str] = []
    if doc.number and doc.symbol:
        symbol_parts = [re.escape(fold(part)) for part in re.split(r"[-/]", doc.symbol) if part]
        forms.append(r"(?<!\d)0*" + re.escape(doc.number.lstrip("0") or "0") + SEPARATOR
                     + OPTIONAL_YEAR + SEPARATOR.join(symbol_parts))
    if doc.title and len(doc.title) >= 4 and (doc.doc_type in NAMED_TYPES or not forms):
        forms.append(r"\s+".join(re.escape(w) for w in fold(doc.title).split()))
    return re.compile("|".join(f"(?:{f})" for f in forms)) if forms else None


def highlight(sentence: str, doc: DocSummary) -> list[tuple[str, bool]]:
    """Split `sentence` into (text, is_citation) pieces, marking each mention of `doc`.

    >>> d = DocSummary(id="x", label="Chỉ thị 28-CT/TW", doc_type="chi_thi", number="28", symbol="CT/TW")
    >>> highlight("Thực hiện Chỉ thị số 28- CT/TW của Ban Bí thư", d)
    [('Thực hiện Chỉ thị số ', False), ('28- CT/TW', True), (' của Ban Bí thư', False)]
    """
    pattern = citation_pattern(doc)
    if pattern is None:
        return [(sentence, False)]
    folded = fold_keep_length(sentence)
    if len(folded) != len(sentence):  # offsets would not carry over: show the sentence plain
        return [(sentence, False)]
    pieces: list[tuple[str, bool]] = []
    last = 0
    for match in pattern.finditer(folded):
        if match.start() == match.end():
            continue
        if match.start() > last:
            pieces.append((sentence[last:match.start()], False))
        pieces.append((sentence[match.start():match.end()], True))
        last = match.end()
    if last < len(sentence):
        pieces.append((sentence[last:], False))
    return pieces or [(sentence, False)]


# ---------------------------------------------------------------- coverage map

# Bounding box of Vietnam's mainland and near islands (degrees); the map is equirectangular,
# longitudes shrunk by cos(16°) so the country keeps its shape.
LAT_MIN, LAT_MAX = 8.2, 23.6
LON_MIN, LON_MAX = 102.0, 110.0
LON_SCALE = 0.96
PX_PER_DEGREE = 40.0
MAP_MARGIN = 10.0
DOT_RADIUS = {"province": 6.0, "district": 3.0, "commune": 1.6}


@dataclass(frozen=True)
class MapDot:
    x: float
    y: float
    r: float
    covered: bool
    name: str
    province: str


def map_size() -> tuple[float, float]:
    width = (LON_MAX - LON_MIN) * PX_PER_DEGREE * LON_SCALE + 2 * MAP_MARGIN
    height = (LAT_MAX - LAT_MIN) * PX_PER_DEGREE + 2 * MAP_MARGIN
    return round(width, 1), round(height, 1)


def project(lat: float, lon: float) -> tuple[float, float]:
    """SVG coordinates of a point (north up)."""
    x = MAP_MARGIN + (lon - LON_MIN) * PX_PER_DEGREE * LON_SCALE
    y = MAP_MARGIN + (LAT_MAX - lat) * PX_PER_DEGREE
    return round(x, 1), round(y, 1)


def map_dots(units: list[CoverageUnit]) -> list[MapDot]:
    """One dot per unit with coordinates inside the box; uncovered first so covered ones stay on top."""
    dots = []
    for unit in units:
        if unit.lat is None or unit.lon is None:
            continue
        if not (LAT_MIN <= unit.lat <= LAT_MAX and LON_MIN <= unit.lon <= LON_MAX):
            continue
        x, y = project(unit.lat, unit.lon)
        dots.append(MapDot(x, y, DOT_RADIUS[unit.level], unit.covered, unit.name, unit.province))
    return sorted(dots, key=lambda d: (d.covered, d.province, d.name))


# ---------------------------------------------------------------- coverage charts

CHART_WIDTH = 560.0
CHART_LABEL_WIDTH = 150.0
CHART_ROW = 18.0
MAX_CHART_ROWS = 63


@dataclass(frozen=True)
class ShareRow:
    """A stacked bar: covered / total units of a group (a province, or the whole country)."""

    label: str
    covered: int
    total: int
    y: float
    covered_width: float
    total_width: float


@dataclass(frozen=True)
class LagRow:
    """A bar: days from the directive to a unit's first implementing document."""

    label: str
    days: int
    date: str
    y: float
    width: float


def share_rows(result: CoverageResult) -> list[ShareRow]:
    """Covered share per province (district/commune level), or one row for the country (province level)."""
    groups: dict[str, list[CoverageUnit]] = {}
    for unit in result.units:
        key = "Cả nước" if result.level == "province" else unit.province
        groups.setdefault(key, []).append(unit)
    bar = CHART_WIDTH - CHART_LABEL_WIDTH - 60
    rows = []
    for i, (label, units) in enumerate(sorted(groups.items())[:MAX_CHART_ROWS]):
        covered = sum(u.covered for u in units)
        rows.append(ShareRow(label, covered, len(units), i * CHART_ROW,
                             round(bar * covered / len(units), 1), round(bar, 1)))
    return rows


def lag_rows(result: CoverageResult) -> list[LagRow]:
    """Covered units by how fast they acted (lag in days, then name), at most MAX_CHART_ROWS."""
    covered = [u for u in result.units if u.covered and u.lag_days is not None and u.first_date]
    covered.sort(key=lambda u: (u.lag_days or 0, u.province, u.name))
    covered = covered[:MAX_CHART_ROWS]
    longest = max((max(u.lag_days or 0, 0) for u in covered), default=0) or 1
    bar = CHART_WIDTH - CHART_LABEL_WIDTH - 60
    return [
        LagRow(u.name, u.lag_days or 0, u.first_date or "", i * CHART_ROW,
               round(bar * max(u.lag_days or 0, 0) / longest, 1))
        for i, u in enumerate(covered)
    ]
