"""The document's own metadata: type, số hiệu, date, title, issuer and its place.

Read from the header (`Số: 60/KH-UBND`, `Tây Hòa, ngày  tháng 3 năm 2022`, the issuing body's
lines, the type heading and title or `V/v` line); when the header is missing or blank, from
the body (`UBND Thị trấn Hà Trung xây dựng Kế hoạch…`, `Phòng GDĐT yêu cầu…`) and the
signature block (`KT. CHỦ TỊCH`, `T/M BAN THƯỜNG VỤ`). Gazette page headers
(`CÔNG BÁO/Số 655 + 656/Ngày …`) are not the document's number. The số hiệu itself is read by
`ingest.own_number`, the issuer by `ingest.places.issuer_of`.

>>> meta = parse_document("UBND HUYỆN TÂY HÒA\\nSố: 12/KH-UBND\\nTây Hòa, ngày 05 tháng 3 năm 2022\\n"
...                       "KẾ HOẠCH\\nVề công tác trẻ em\\n\\nNội dung.")
>>> meta.doc_type, meta.number, meta.symbol, meta.date, meta.title, meta.issuer.district
('ke_hoach', '12', 'KH-UBND', '2022-03-05', 'Về công tác trẻ em', 'Tây Hòa')
"""

from __future__ import annotations

import re

from ingest import symbols
from ingest.dates import DATE_LINE, YEAR_WORD, iso_date
from ingest.find import NUMBERED
from ingest.model import DocMeta
from ingest.normalize import fold_keep_length, heading_case, line_spans, text_start
from ingest.own_number import (
    ANNOUNCE_ZONE,
    DISPLACED_HEADER,
    GAZETTE_NOISE,
    announced_number,
    old_style_number,
    read_own_number,
)
from ingest.places import PLACE_DATE, is_placed, issuer_of

# A place-and-date line with day and month left blank: `Phú Ninh, ngày   tháng   năm 2015`.
BLANK_DATE_YEAR = re.compile(r"ngay[ \t._…]*thang[ \t._…]*nam[ \t]*(?P<year>(?:19|20)\d{2})\b")
# Lines that start the body: the header is over.
BODY_START = re.compile(
    r"(?m)^[ \t*_-]*(?:can cu|thuc hien|kinh gui|tren co so|trien khai|ngay \d|de\b|nham\b|"
    r"nhung nam qua|trong nhung|qua \d|i\.\s|1\.\s|dieu 1)"
)

# The motto's second line (`Độc lập - Tự do - Hạnh phúc`) opening a line: only a header has it, so a
# "body line" above it (`Thực hiện Tháng hành động …`) is a web page's title over the header.
MOTTO_LINE = re.compile(r"(?m)^[ \t*_|#]*doc[ \t]+lap[ \t]*[-–—]")

# The place-and-date column after the number's column on one line, past wide padding (no motto to
# give the header its lines back: a Youth Union's header has none).
PADDED_PLACE_DATE = re.compile(
    r"(?m)^[ \t*_|]*so\b[^\n]{0,60}?[ \t]{3,}(?P<place>[^\n,]{0,40}),\s*(?P<date>ngay[^\n]{0,40})$"
)

HEADING_TYPES = {w: t for w, t in symbols.TYPE_WORDS.items() if t not in ("cong_van",)}
_HEADER_LINES = 30


def parse_document(text: str, folded: str | None = None) -> DocMeta:
    """Own metadata of a normalised text; flags say what was guessed or contradicted."""
    folded = folded if folded is not None else fold_keep_length(text)
    meta = DocMeta()
    header_end = header_zone_end(folded)
    read_own_number(text, folded, header_end, meta)
    if meta.number is None:
        old_style_number(text, folded, meta)
    _date(folded, header_end, meta)
    _heading_and_title(text, folded, header_end, meta)
    _doc_type(folded, header_end, meta)
    if meta.number is None:
        announced_number(text, folded, meta)
    if meta.issuer is None or not is_placed(meta.issuer):
        meta.issuer = issuer_of(text, folded, header_end, meta)
    if meta.title is None and len(text) < 1500:
        _record_title(text, folded, meta)
    _check_conflicts(meta)
    return meta


def header_zone_end(folded: str) -> int:
    """End of the header zone: the body's first line, at most ~30 lines in."""
    top = text_start(folded)
    limit_lines = line_spans(folded, top, min(len(folded), top + 4000))[:_HEADER_LINES]
    limit = limit_lines[-1][1] if limit_lines else 0
    body = BODY_START.search(folded, top, limit)
    motto = MOTTO_LINE.search(folded, body.end(), limit) if body else None
    if body and motto:  # the page's title above the header: the body starts below the motto
        body = BODY_START.search(folded, motto.end(), limit)
    return body.start() if body else limit


def _clean(line: str) -> str:
    return line.strip(" \t*_#|")


_DATE_ONLY = re.compile(r"\s*(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*((?:19|20)\d{2})\s*$")


def _record_title(text: str, folded: str, meta: DocMeta) -> None:
    """A bare record (`3637/UBND-VX`, `20/07/2022`, then its subject line): the subject is the title."""
    for start, end in line_spans(folded, 0, len(folded)):
        line = folded[start:end]
        date = _DATE_ONLY.match(line)
        if date:
            meta.date = meta.date or iso_date(date[1], date[2], date[3])
            meta.year = meta.year or int(date[3])
            continue
        if not line.strip() or NUMBERED.fullmatch(line.strip()) or GAZETTE_NOISE.search(line):
            continue
        if len(line.strip()) >= 12:
            meta.title, meta.title_span = text[start:end].strip(), (start, end)
            return


def _date(folded: str, header_end: int, meta: DocMeta) -> None:
    if meta.date:
        return
    displaced = DISPLACED_HEADER.search(folded, 0, min(len(folded), 12000))
    limit = max(header_end, min(len(folded), 1500))
    for m in PLACE_DATE.finditer(folded, 0, max(limit, displaced.end() + 60) if displaced else limit):
        if GAZETTE_NOISE.search(m.group()):
            continue
        d = DATE_LINE.search(m.group("date"))
        if d:
            meta.date = iso_date(d["day"], d["month"], d["year"])
            if meta.date:
                return
    for m in PADDED_PLACE_DATE.finditer(folded, 0, min(limit, header_end)):
        d = DATE_LINE.search(m.group("date"))  # `Số: 25 - KH/…` ⏎ wide padding ⏎ `Hà Nội, ngày …`
        if d and not GAZETTE_NOISE.search(m.group()):
            meta.date = iso_date(d["day"], d["month"], d["year"])
            if meta.date:
                return
    for m in PLACE_DATE.finditer(folded, 0, limit):
        blank = BLANK_DATE_YEAR.search(m.group("date"))
        if blank and not GAZETTE_NOISE.search(m.group()):
            meta.year = meta.year or int(blank["year"])  # the year alone: no date to give
            return
    # a date line without a place ("Ngày 05 tháng 3 năm 2022") standing alone in the header (the line
    # that ends it too: `ngày 4 …` also opens a body)
    line_end = folded.find("\n", header_end)
    for start, end in line_spans(folded, 0, line_end if line_end >= 0 else len(folded)):
        line = folded[start:end].strip(" *_")
        d = DATE_LINE.match(line)
        if d and d.end() >= len(line) - 2:
            meta.date = iso_date(d["day"], d["month"], d["year"])
            return


def _heading_and_title(text: str, folded: str, header_end: int, meta: DocMeta) -> None:
    top = text_start(folded)
    lines = line_spans(folded, top, min(len(folded), max(header_end + 1500, top + 2000)))
    for i, (start, end) in enumerate(lines[: _HEADER_LINES + 5]):
        line = _clean(folded[start:end])
        if line.startswith("v/v") or line.startswith("ve viec"):
            meta.title, meta.title_span = _titleline_spans(
                text, folded, lines, i, strip=r"^[\s*_]*(?:v/v|về việc)\s*:?\s*"
            )
            meta.body_start = meta.title_span[1]
            return
        if line in HEADING_TYPES and heading_case(text[start:end].strip(" *_#")):
            if i + 1 < len(lines) and _page_title(folded, end, header_end, line):
                continue  # a web page's title above the header: the document's own heading comes below
            if meta.doc_type == "other":
                meta.doc_type = HEADING_TYPES[line]
            if i + 1 < len(lines):
                meta.title, meta.title_span = _titleline_spans(text, folded, lines, i + 1)
                meta.body_start = meta.title_span[1]
            return
    meta.body_start = header_end


# Lines of a header standing under a web page's title: its bodies (in capitals) and its `Số:` line.
_HEADER_BODY_LINE = re.compile(r"(?:ubnd|uy ban nhan dan|phong giao duc|truong|so giao duc|huyen uy)\b")
_HEADER_FIELD_LINE = re.compile(r"[\[\] ]*so\s*:")


def _page_title(folded: str, end: int, header_end: int, heading: str) -> bool:
    """The type heading is a web page's title over the header: the motto follows it, and the same
    heading stands again below the motto (else it is the document's only heading)."""
    motto = MOTTO_LINE.search(folded, end, header_end + 200)
    if motto is None:
        return False
    again = re.compile(r"(?m)^[ \t*_#|]*" + re.escape(heading) + r"[ \t*_#|]*$")
    return again.search(folded, motto.end(), motto.end() + 1500) is not None


def _titleline_spans(
    text: str, folded: str, lines: list[tuple[int, int]], first: int, strip: str | None = None
) -> tuple[str | None, tuple[int, int]]:
    """The title: consecutive non-empty lines from `first`, up to a blank line or the body."""
    picked: list[tuple[int, int]] = []
    for start, end in lines[first : first + 6]:
        line = folded[start:end].strip(" *_")
        if not line:
            if picked:
                break
            continue
        if picked and (
            BODY_START.match(folded, start)
            or line.startswith(("kinh gui", "cong hoa", "doc lap"))
            or _HEADER_FIELD_LINE.match(line)
            or (_HEADER_BODY_LINE.match(line) and text[start:end].strip(" *_|").isupper())
        ):
            break  # the header's own lines under a page title (`UBND HUYỆN X`, `Số: …`) end the title
        if PLACE_DATE.match(folded, start) or GAZETTE_NOISE.search(line):
            if picked:
                break
            continue
        picked.append((start, end))
    if not picked:
        return None, (lines[first][0], lines[first][0])
    span = (picked[0][0], picked[-1][1])
    title = re.sub(r"\s+", " ", text[span[0] : span[1]]).strip(" *_")
    if strip:
        title = re.sub(strip, "", title, flags=re.IGNORECASE)
    return (title or None), span


def _doc_type(folded: str, header_end: int, meta: DocMeta) -> None:
    told = symbols.doc_type_of_symbol(meta.symbol) if meta.symbol else None
    if meta.symbol and symbols.body_token(meta.symbol) == "vbhn":
        told = "van_ban_hop_nhat"
    if (re.search(r"van ban hop nhat", folded[: header_end + 200]) or _consolidates(folded, header_end)) and (
        told is None or told == "van_ban_hop_nhat"
    ):
        meta.doc_type = "van_ban_hop_nhat"
        return
    if meta.doc_type == "other" and not told and meta.symbol and re.fullmatch(r"(?:UBTV)?QH\d+", meta.symbol):
        told = "luat"  # `Số: 52/2014/QH13` under `QUỐC HỘI`: a law (a resolution says `Nghị quyết`)
    if told:
        meta.doc_type = told
    elif meta.doc_type == "other" and (meta.symbol or meta.title_span) and not meta.title_span:
        meta.doc_type = "cong_van"
    elif meta.doc_type == "other" and meta.title is not None:
        meta.doc_type = "cong_van"  # a `V/v` subject line: an official letter
    if meta.doc_type == "other" and meta.symbol and re.fullmatch(r"(?:UBTV)?QH\d+", meta.symbol):
        meta.doc_type = "luat"
    if meta.doc_type == "other" and not meta.symbol:
        top = text_start(folded)
        described = _SELF_DESCRIBED.search(folded, top, min(len(folded), top + ANNOUNCE_ZONE))
        if described is not None:
            meta.doc_type = symbols.TYPE_WORDS[described["tw"]]


# A body copied without its header says what it is where it begins: `Ban Thường vụ Hội … xây dựng Kế
# hoạch hướng dẫn … năm 2024 cụ thể như sau:`, `UBND tỉnh ban hành Kế hoạch …, với mục đích … như sau:`
# (folded; the type word right after the verb, the sentence, semicolons and all, ending on `như sau:`).
_SELF_DESCRIBED = re.compile(
    r"(?:xay dung|ban hanh|trien khai)\s+(?P<tw>"
    + symbols.TYPE_WORD_ALTERNATION
    + r")\b[^\n.]{0,400}?nhu sau\s*:"
)


# A consolidated text opens with what it consolidates, before any `Căn cứ`: `Luật An toàn, vệ sinh
# lao động số 84/2015/QH13 …, được sửa đổi, bổ sung bởi:` and the list of amending documents. Its
# heading is the consolidated document's (`LUẬT`), and a text cut at a gazette issue's end lacks
# the `Số: 14/VBHN-VPQH` of its last page.
CONSOLIDATION_PREAMBLE = re.compile(r"duoc sua doi,?\s*bo sung\s*(?:boi|theo)\s*:")
_BASIS_LINE = re.compile(r"(?m)^[ \t*_-]*can cu")


def _consolidates(folded: str, header_end: int) -> bool:
    preamble = CONSOLIDATION_PREAMBLE.search(folded, 0, min(len(folded), header_end + 300))
    return preamble is not None and _BASIS_LINE.search(folded, 0, preamble.start()) is None


def _check_conflicts(meta: DocMeta) -> None:
    """The year in the number wins over a contradicting date; both kept, the node flagged."""
    if meta.year and meta.date and int(meta.date[:4]) != meta.year:
        meta.flags.append("date_conflicts_number")
    if meta.year is None and meta.date:
        meta.year = int(meta.date[:4])
    if meta.year is None and meta.title:
        # `Tết Trung thu năm 2017` dates the plan; `đến năm 2030`, `giai đoạn 2021-2025` are horizons
        years = [
            m.group(1)
            for m in YEAR_WORD.finditer(fold_keep_length(meta.title))
            if not HORIZON_BEFORE.search(fold_keep_length(meta.title), 0, m.start())
        ]
        if years:
            meta.year = int(years[-1])
            meta.flags.append("year_from_title")


# Words that make the year after them a horizon, not the year of issue.
HORIZON_BEFORE = re.compile(r"(?:den|toi|tam nhin|giai doan|truoc|sau)\s*$")
