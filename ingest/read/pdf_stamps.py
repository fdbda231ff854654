"""The số hiệu and date an e-office signs into a PDF as stamps, put back into its blank header.

Provincial e-office systems issue a document by signing it: the text layer keeps `Số:      /SYT-TCCB`
and `ngày     tháng 9 năm 2025` blank, and the number and the day are drawn by signature widgets
placed over those blanks (`1239` over the number's gap, `04` over the day's). The page's text layer never
holds them; their appearance streams do. Only page one's header band is read, and only stamps that are
bare numbers: the left column's stamp fills the number's gap, the right column's fill the date's gaps
in order (day, month, year).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from pypdf import PageObject
from pypdf.generic import DictionaryObject, NameObject, StreamObject

# A stamp is a bare number: `1239`, `04`, `2025`.
_STAMP_TEXT = re.compile(r"^\s*(\d{1,5})\s*$")
# The header band: the top quarter of the page, where the number and the place-and-date line sit.
_HEADER_BAND = 0.75
# `Số:      /SYT-TCCB`: the number's gap before the slash.
_BLANK_NUMBER = re.compile(r"(Số\s*:?)([ \t]*)(?=/\s*[^\W\d_])")
# The place-and-date line: `Lâm Đồng, ngày       tháng 9 năm 2025`.
_PLACE_DATE_LINE = re.compile(r"[^\n]*\bngày\b[^\n]*\bnăm\b[^\n]*")
# `ngày       tháng 9 năm 2025`: the gaps of the date, each one a word with no digits after it.
_DATE_GAP = re.compile(r"\b(ngày|tháng|năm)([ \t]*)(?=tháng|năm|[ \t]*$|[ \t]*\n)", re.MULTILINE)


@dataclass(frozen=True)
class Stamp:
    """A number drawn by a widget: its text and where its box sits on the page."""

    text: str
    x: float
    y: float


def page_stamps(page: Any) -> list[Stamp]:
    """The bare-number stamps in the header band of a page, left to right."""
    try:
        height = float(page.mediabox.height)
        annots = page.get("/Annots") or []
    except Exception:  # noqa: BLE001 - a damaged page has no stamps to offer
        return []
    stamps: list[Stamp] = []
    for ref in annots:
        try:
            annot = ref.get_object()
            rect = [float(v) for v in annot.get("/Rect") or ()]
            if annot.get("/Subtype") != "/Widget" or len(rect) != 4 or rect[1] < height * _HEADER_BAND:
                continue
            appearance = (annot.get("/AP") or {}).get("/N")
            m = _STAMP_TEXT.match(_appearance_text(appearance)) if appearance is not None else None
        except Exception:  # noqa: BLE001 - one damaged widget must not lose the page
            continue
        if m:
            stamps.append(Stamp(m.group(1), rect[0], rect[1]))
    return sorted(stamps, key=lambda s: s.x)


def _appearance_text(appearance: Any) -> str:
    """Text drawn by an appearance stream: placed alone on a blank page and read like page text."""
    page = PageObject.create_blank_page(width=1000, height=1000)
    page[NameObject("/Resources")] = DictionaryObject(
        {NameObject("/XObject"): DictionaryObject({NameObject("/Stamp"): appearance})}
    )
    content = StreamObject()
    content.set_data(b"q /Stamp Do Q")
    page[NameObject("/Contents")] = content
    return page.extract_text() or ""


def fill_from_stamps(text: str, stamps: list[Stamp], page_width: float) -> tuple[str, list[str]]:
    """The page text with the blank number and date gaps filled from the stamps, and what was filled.

    >>> stamps = [Stamp("1239", 132, 723), Stamp("04", 389, 726)]
    >>> fill_from_stamps("Số:    /SYT-TCCB\\nLâm Đồng, ngày     tháng 9 năm 2025\\n", stamps, 595)[0]
    'Số: 1239/SYT-TCCB\\nLâm Đồng, ngày 04 tháng 9 năm 2025\\n'
    """
    left = [s for s in stamps if s.x < page_width / 2]
    right = [s.text for s in stamps if s.x >= page_width / 2]
    filled: list[str] = []
    head, tail = text[:1500], text[1500:]
    if len(left) == 1:
        head, n = _BLANK_NUMBER.subn(lambda m: f"{m.group(1)} {left[0].text}", head, count=1)
        if n:
            filled.append("number")
    place_date = _PLACE_DATE_LINE.search(head)
    if right and place_date:
        line = _fill_date(place_date.group(0), right)
        if line != place_date.group(0):
            head = head[: place_date.start()] + line + head[place_date.end() :]
            filled.append("date")
    return head + tail, filled


def _fill_date(line: str, values: list[str]) -> str:
    """`ngày   tháng 9 năm 2025` with ["16"] -> `ngày 16 tháng 9 năm 2025`: the gaps, in order."""
    queue = list(values)

    def fill(m: re.Match[str]) -> str:
        return f"{m.group(1)} {queue.pop(0)} " if queue else m.group(0)

    return _DATE_GAP.sub(fill, line)
