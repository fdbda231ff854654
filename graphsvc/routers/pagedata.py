"""Plain data for the HTML pages: evidence highlighting and the coverage map geometry.

Everything returns strings and numbers; the templates escape every string (autoescape), so nothing
here builds markup.
"""
from __future__ import annotations

import re

from ingest.normalize import fold, fold_keep_length
from queries.models import DocSummary

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


def map_size() -> tuple[float, float]:
    width = (LON_MAX - LON_MIN) * PX_PER_DEGREE * LON_SCALE + 2 * MAP_MARGIN
    height = (LAT_MAX - LAT_MIN) * PX_PER_DEGREE + 2 * MAP_MARGIN
    return round(width, 1), round(height, 1)


def project(lat: float, lon: float) -> tuple[float, float]:
    """SVG coordinates of a point (north up)."""
    x = MAP_MARGIN + (lon - LON_MIN) * PX_PER_DEGREE * LON_SCALE
    y = MAP_MARGIN + (LAT_MAX - lat) * PX_PER_DEGREE
    return round(x, 1), round(y, 1)
