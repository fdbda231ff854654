"""Tables of subject lines (`.csv`): one document per row, as provincial portals publish them.

Columns are found by name (`so_ky_hieu`/`Số ký hiệu`, `ngay_ban_hanh`/`Ngày ban hành`,
`trich_yeu`/`Trích yếu`); the row's subject line is the document's text. A province named in
the file name (`binhduong-subjects.csv`), else the province the subject lines name far more than
any other, places the issuing bodies; the symbol tells their kind.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import replace
from pathlib import Path

from ingest import gazetteer, symbols
from ingest.dates import iso_date
from ingest.extract import extract_document
from ingest.find import NUMBERED, written_symbol
from ingest.gazetteer_names import compact
from ingest.model import DocMeta, OrgRef
from ingest.normalize import fold, fold_keep_length, normalize_text
from ingest.records import Extraction

_NUMBER_COLUMNS = ("so_ky_hieu", "so ky hieu", "so hieu", "sokyhieu", "so_hieu", "ky hieu")
_DATE_COLUMNS = ("ngay_ban_hanh", "ngay ban hanh", "ngaybanhanh", "ngay")
_SUBJECT_COLUMNS = ("trich_yeu", "trich yeu", "trichyeu", "tieu de", "title")
_DMY = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-]((?:19|20)\d{2})")
_ISO = re.compile(r"((?:19|20)\d{2})-(\d{1,2})-(\d{1,2})")


def _column(header: list[str], names: tuple[str, ...]) -> int | None:
    folded = [fold(h).strip() for h in header]
    for i, h in enumerate(folded):
        if h in names or h.replace("_", " ") in names:
            return i
    return None


def province_hint(path: Path) -> str | None:
    """A province named in the file name: `binhduong-subjects.csv` -> Bình Dương."""
    key = compact(path.stem)
    for unit in gazetteer.provinces():
        if compact(unit.name) in key:
            return unit.name
    return None


# `tỉnh Bình Dương`, `thành phố Hồ Chí Minh`, `tp. Cần Thơ` in a subject line (folded).
_PROVINCE_PHRASE = re.compile(r"\b(?:tinh|thanh pho|tp\.?)\s+([a-z][a-z ]{2,24})")


def dominant_province(subjects: list[str]) -> str | None:
    """The province a portal's subject lines name far more than any other (`… trên địa bàn tỉnh Bình
    Dương`): the portal's own, when the file name does not say it. None when no province stands out.

    >>> lines = ["phòng chống dịch trên địa bàn tỉnh bình dương"] * 3 + ["hợp tác với tỉnh bình phước"]
    >>> dominant_province(lines)
    'Bình Dương'
    """
    names = {fold(unit.name): unit.name for unit in gazetteer.provinces()}
    counts: dict[str, int] = {}
    for subject in subjects:
        seen = set()
        for m in _PROVINCE_PHRASE.finditer(fold(subject)):
            words = m[1].split()
            for size in (4, 3, 2, 1):  # the longest province name the phrase starts with
                name = " ".join(words[:size])
                if len(words) >= size and name in names:
                    seen.add(names[name])
                    break
        for name in seen:
            counts[name] = counts.get(name, 0) + 1
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    if not ranked or ranked[0][1] < 3:
        return None
    runner_up = ranked[1][1] if len(ranked) > 1 else 0
    return ranked[0][0] if ranked[0][1] >= 3 * runner_up else None


def is_subject_table(text: str) -> bool:
    first = text.split("\n", 1)[0]
    header = next(csv.reader([first]), [])
    return _column(header, _NUMBER_COLUMNS) is not None and _column(header, _SUBJECT_COLUMNS) is not None


def table_extractions(text: str, relpath: str, path: Path) -> list[Extraction]:
    """One extraction per row of a subject-line table (source `file.csv#row-N`)."""
    rows = list(csv.reader(io.StringIO(text)))
    if not rows:
        return []
    header = rows[0]
    number_col = _column(header, _NUMBER_COLUMNS)
    date_col = _column(header, _DATE_COLUMNS)
    subject_col = _column(header, _SUBJECT_COLUMNS)
    if number_col is None or subject_col is None:
        return []
    province = province_hint(path) or dominant_province(
        [row[subject_col] for row in rows[1:] if len(row) > subject_col]
    )
    out = []
    for index, row in enumerate(rows[1:], start=2):
        if len(row) <= max(number_col, subject_col):
            continue
        subject = normalize_text(row[subject_col]).strip()
        meta = _row_meta(
            normalize_text(row[number_col]), row[date_col] if date_col is not None else "", subject, province
        )
        out.append(extract_document(subject, f"{relpath}#row-{index}", meta))
    return out


def _row_meta(number_text: str, date_text: str, subject: str, province: str | None) -> DocMeta:
    meta = DocMeta(title=subject or None, title_span=(0, len(subject)))
    folded = fold_keep_length(number_text.strip())
    m = NUMBERED.match(folded)
    if m:
        raw = written_symbol(number_text, m)
        meta.number = number_text[m.start("num") : m.end("num")].upper()
        meta.symbol = symbols.canonical_symbol(raw)
        meta.year = int(m["year"]) if m["year"] else None
    else:
        meta.flags.append("unnumbered")
    dmy, iso = _DMY.search(date_text), _ISO.search(date_text)
    if dmy:
        meta.date = iso_date(dmy[1], dmy[2], dmy[3])
    elif iso:
        meta.date = iso_date(iso[3], iso[2], iso[1])
    if meta.year and meta.date and int(meta.date[:4]) != meta.year:
        meta.flags.append("date_conflicts_number")
    meta.year = meta.year or (int(meta.date[:4]) if meta.date else None)
    meta.doc_type = (symbols.doc_type_of_symbol(meta.symbol) if meta.symbol else None) or "cong_van"
    meta.issuer = _issuer(meta.symbol, province)
    return meta


def _issuer(symbol: str | None, province: str | None) -> OrgRef | None:
    """A provincial portal's documents: UBND tỉnh (`QĐ-UBND`, `UBND-VX`), Tỉnh ủy (`CT/TU`), or a Sở."""
    if symbol is None:
        return OrgRef(kind="ubnd", unit_level="province", province=province) if province else None
    if symbols.is_central(symbol):
        return None
    body = symbols.body_token(symbol)
    base = OrgRef(kind="ubnd", unit_level="province", province=province)
    if body in ("tu", "tuy", "thu"):
        return replace(base, kind="tinh_uy")
    if body == "hdnd":
        return replace(base, kind="hdnd")
    return base
