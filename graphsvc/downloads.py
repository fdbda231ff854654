"""Coverage tables and implementer lists as rows, CSV and XLSX (Vietnamese headers).

One row per unit (coverage) or per document with its chain (implementers), the same rows for the
API (`format=csv|xlsx`), the pages' download links and `cpgraph query … --csv/--xlsx`. CSV is UTF-8
with a BOM so spreadsheet programs read the diacritics; XLSX is written by openpyxl with fixed
workbook properties, so the same answer gives the same bytes.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from collections.abc import Sequence

from queries.models import CoverageResult, ImplementersResult

Cell = str | int | float | None
Table = tuple[list[str], list[list[Cell]]]

COVERAGE_HEADERS = ["Mã", "Tỉnh/thành phố", "Huyện", "Xã/phường", "Có kế hoạch", "Văn bản", "Ngày đầu tiên",
                    "Số ngày sau chỉ thị", "Trễ hạn", "Đơn vị sau 7/2025", "Qua đơn vị cũ"]
IMPLEMENTER_HEADERS = ["Cấp sâu", "Văn bản", "Số hiệu", "Loại", "Cơ quan ban hành", "Cấp", "Tỉnh/thành phố",
                       "Huyện", "Xã", "Ngày", "Chuỗi thực hiện", "Id"]
# A fixed timestamp for the workbook's properties (deterministic bytes).
FIXED_TIME = dt.datetime(2000, 1, 1)


def _yes_no(value: bool | None) -> str:
    return "" if value is None else ("có" if value else "không")


def coverage_table(result: CoverageResult) -> Table:
    """One row per unit shown (after the status filter)."""
    rows: list[list[Cell]] = []
    for u in result.units:
        rows.append([
            u.code, u.province, u.name if u.level == "district" else (u.district or ""),
            u.name if u.level == "commune" else "", _yes_no(u.covered),
            "; ".join(d.label for d in u.documents), u.first_date or "", u.lag_days, _yes_no(u.overdue),
            u.successor_2025 or "", "; ".join(u.via),
        ])
    return COVERAGE_HEADERS, rows


def implementers_table(result: ImplementersResult) -> Table:
    """One row per implementing document, its chain up to the target as labels."""
    labels = {i.document.id: i.document.label for i in result.items}
    labels[result.target.id] = result.target.label
    rows: list[list[Cell]] = []
    for item in result.items:
        d = item.document
        number = f"{d.number}/{d.symbol}" if d.number and d.symbol else (d.number or "")
        rows.append([
            item.depth, d.label, number, d.type_name, d.issuer_name or "", d.level_name, d.province or "",
            d.district or "", d.commune or "", d.date or "", " → ".join(labels.get(x,
                x) for x in item.chain), d.id,
        ])
    return IMPLEMENTER_HEADERS, rows


def to_csv(table: Table) -> bytes:
    headers, rows = table
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(headers)
    writer.writerows(["" if c is None else c for c in row] for row in rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(table: Table, sheet: str = "Dữ liệu") -> bytes:
    from openpyxl import Workbook  # heavy: openpyxl is loaded only when a spreadsheet is written or read
    from openpyxl.styles import Font  # heavy: openpyxl is loaded only when a spreadsheet is written or read

    headers, rows = table
    wb = Workbook()
    ws = wb.active
    ws.title = sheet[:31]
    ws.append(headers)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append(list(row))
    ws.freeze_panes = "A2"
    _widths(ws, headers, rows)
    wb.properties.creator = "cpgraph"
    wb.properties.created = FIXED_TIME
    wb.properties.modified = FIXED_TIME
    buffer = io.BytesIO()
    wb.save(buffer)
    return _fixed_zip_times(buffer.getvalue())


def _widths(ws: object, headers: Sequence[str], rows: Sequence[Sequence[Cell]]) -> None:
    # heavy: openpyxl is loaded only when a spreadsheet is written or read
    from openpyxl.utils import get_column_letter

    for i, header in enumerate(headers, 1):
        longest = max([len(header)] + [len(str(r[i - 1])) for r in rows[:500] if r[i - 1] is not None])
        ws.column_dimensions[get_column_letter(i)].width = min(60, longest + 2)  # type: ignore[attr-defined]


def _fixed_zip_times(data: bytes) -> bytes:
    """Rewrite the XLSX zip with a fixed date on every member (zip entries carry the time of writing)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(2000, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


def read_xlsx(data: bytes) -> Table:
    """Headers and rows of the first sheet (tests and round trips)."""
    from openpyxl import load_workbook  # heavy: openpyxl is loaded only when a spreadsheet is written or read

    ws = load_workbook(io.BytesIO(data), read_only=True).active
    values = [list(r) for r in ws.iter_rows(values_only=True)]
    return [str(h) for h in values[0]], values[1:]


__all__ = ["COVERAGE_HEADERS", "IMPLEMENTER_HEADERS", "coverage_table", "implementers_table", "read_xlsx",
           "to_csv", "to_xlsx"]
