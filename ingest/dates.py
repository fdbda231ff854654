"""Dates as Vietnamese texts write them, matched on folded text.

>>> m = DATE_AFTER.match(" ngay 05/11/2012 cua")
>>> iso_date(m["day"], m["month"], m["year"])
'2012-11-05'
>>> m = DATE_AFTER.match(", ngay 09 thang 5 nam 2017")
>>> iso_date(m["day"], m["month"], m["year"])
'2017-05-09'
"""

from __future__ import annotations

import re
from datetime import date as _date

# "ngày 05/11/2012", "ngày 9-5-2024", "ngày 05 tháng 11 năm 2012", "ngày   tháng 5 năm 2024" (blank day),
# directly after a citation (folded text).
DATE_AFTER = re.compile(
    r"""\s*[,(]?\s*(?:da\s+)?(?:duoc\s+)?(?:ban\s+hanh\s+)?ngay\s*
        (?P<day>\d{1,2})?\s*
        (?:[/.-]|\s*thang(?![a-z]))\s*(?P<month>\d{1,2})\s*
        (?:[/.-]|\s*,?\s*nam(?![a-z]))\s*(?P<year>(?:19|20)\d{2})(?!\d)""",
    re.VERBOSE,
)

# The place-and-date line of a header: "Tây Hòa, ngày  tháng 3 năm 2022" (folded).
DATE_LINE = re.compile(
    r"""ngay\s*(?P<day>\d{1,2})?\s*(?:thang|/|-|\.)\s*(?P<month>\d{1,2})\s*
        (?:,?\s*nam|/|-|\.)\s*(?P<year>(?:19|20)\d{2})(?!\d)""",
    re.VERBOSE,
)

# "năm 2023" in a subject line, a fallback for the year of an undated document.
YEAR_WORD = re.compile(r"\bnam\s+((?:19|20)\d{2})\b")


def iso_date(day: str | None, month: str | None, year: str | int | None) -> str | None:
    """`YYYY-MM-DD`, or `YYYY-MM` when the day is blank; None when not a real date."""
    if not year or not month:
        return None
    y, m = int(year), int(month)
    if not 1 <= m <= 12 or not 1900 <= y <= 2100:
        return None
    if not day:
        return f"{y:04d}-{m:02d}"
    try:
        return _date(y, m, int(day)).isoformat()
    except ValueError:
        return f"{y:04d}-{m:02d}"

