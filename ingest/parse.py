"""The document's own metadata: type, số hiệu, date, title, issuer and its place.

Read from the header (`Số: 60/KH-UBND`, `Tây Hòa, ngày  tháng 3 năm 2022`, the issuing body's
lines, the type heading and title or `V/v` line); when the header is missing or blank, from
the body (`UBND Thị trấn Hà Trung xây dựng Kế hoạch…`, `Phòng GDĐT yêu cầu…`) and the
signature block (`KT. CHỦ TỊCH`, `T/M BAN THƯỜNG VỤ`). Gazette page headers
(`CÔNG BÁO/Số 655 + 656/Ngày …`) are not the document's number.

>>> meta = parse_document("UBND HUYỆN TÂY HÒA\\nSố: 12/KH-UBND\\nTây Hòa, ngày 05 tháng 3 năm 2022\\n"
...                       "KẾ HOẠCH\\nVề công tác trẻ em\\n\\nNội dung.")
>>> meta.doc_type, meta.number, meta.symbol, meta.date, meta.title, meta.issuer.district
('ke_hoach', '12', 'KH-UBND', '2022-03-05', 'Về công tác trẻ em', 'Tây Hòa')
"""

from __future__ import annotations

import re

from ingest import symbols
from ingest.dates import DATE_AFTER, DATE_LINE, YEAR_WORD, iso_date
from ingest.find import NUMBERED
from ingest.model import DocMeta
from ingest.normalize import fold_keep_length, heading_case, line_spans
from ingest.places import PLACE_DATE, is_placed, issuer_of, match_org

# `Số: 74/2025/NĐ-CP`, `Số 566 -CV/HU`, `Số: /KH-UBND` (blank), at the start of a header line.
OWN_NUMBER = re.compile(
    r"(?m)^[ \t*_#|]*(?:(?P<tw>"
    + symbols.TYPE_WORD_ALTERNATION
    + r"|phap lenh|lenh)\s+)?so\s*[:.]?[ \t]*(?P<rest>[^\n]{0,90}?)"
    # a long line: the number's column, then wide padding and the place-and-date column
    + r"(?:[ \t]{3,}[^\n]*)?$"
)
# An old-style heading that carries the số hiệu and date (texts before ~2003, as legal portals show them):
# `CHỈ THỊ` ⏎ `CỦA THỦ TƯỚNG CHÍNH PHỦ SỐ 16/2001/CT-TTG` ⏎ `NGÀY 21 THÁNG 6 NĂM 2001 VỀ VIỆC …` (folded).
OLD_STYLE_TITLE = re.compile(
    r"(?m)^[ \t*_#|]*(?P<tw>"
    + symbols.TYPE_WORD_ALTERNATION
    + r")\s+cua\s+[^\n]{0,80}?(?:\n[^\n]{0,80}?){0,2}\s+so\s*:?\s*(?=\d)"
)
# `Số: 41/2026/TT-BTC` followed by `Hà Nội, ngày 06 tháng 4 năm 2026`: a header block wherever it is.
DISPLACED_HEADER = re.compile(
    r"(?m)^[ \t*_#|]*so\s*[:.]?[ \t]*\d{1,5}[^\n]{0,40}\n(?:[ \t]*\n)?[^\n]{0,40},\s*ngay\s*\d{1,2}\s*thang"
)
# A consolidated text carries its own number where the consolidation ends, not in the header.
VBHN_NUMBER = re.compile(r"(?m)^[ \t*_#|]*so\s*[:.]?[ \t]*(?=\d{1,5}\s?/\s?vbhn\s?-)")
# The blank number: only the symbol after the slash.
BLANK_NUMBER = re.compile(
    r"[ \t._…]*[-/][ \t]*(?:(?P<year>(?:19|20)\d{2})[ \t]*/[ \t]*)?"  # `Số: /2017/TT-BGDĐT`: a draft's year
    r"(?P<sym>[a-z&][a-z0-9&]*(?:\s?[-/]\s?[a-z&][a-z0-9&]*){0,3})"
)
# The rest of a symbol typed with spaces around its hyphens, after what NUMBERED read: `04 /KH - MN`,
# `16 / KH - MTTQ - BTT`.
SPACED_TAIL = re.compile(
    r"[ \t]+[-–][ \t]*(?P<tail>[a-z&][a-z0-9&]{0,9}(?:[ \t]*[-–][ \t]*[a-z&][a-z0-9&]{0,9}){0,3})"
    r"[ \t]*(?=\n|$)"
)
# A number glued to its symbol's type token: `105KH/ĐU`, `202KH-UBND`, `176KHLT/BVCSTE-MT` (folded).
GLUED_NUMBER = re.compile(
    r"[ \t]*(?P<num>\d{1,5})(?P<type>[a-z]{2,6})"
    r"(?P<sym>[-/][a-z&][a-z0-9&]*(?:[-/][a-z&][a-z0-9&]*){0,6})(?![\w/])"
)
# A number typed with runs of spaces inside, or a space for its separator: `Số : 129  /KH-UBND`,
# `Số: 262 KH-UBND`, `Số: 26 KH/ĐU` (folded).
SPACED_NUMBER = re.compile(
    r"[ \t]*(?P<num>\d{1,5})(?P<sep>[ \t]*[-/][ \t]*|[ \t]+)(?:(?:19|20)\d{2}[ \t]*/[ \t]*)?"
    r"[a-z&][a-z0-9&]*(?:[ \t]*[-/][ \t]*[a-z&][a-z0-9&]*){0,4}(?![\w/])"
)
# A number glued to an office's own abbreviation: `Số: 10PGDĐT-CM`, `Số: 18SLĐTBXH-TE` (folded).
GLUED_OFFICE = re.compile(r"[ \t]*(?P<num>\d{1,5})(?P<sym>[a-z]{2,10}(?:[-/][a-z&][a-z0-9&]*){0,4})(?![\w/])")
# `Số:` with the motto or the place-and-date after it and the số hiệu at the start of the next line
# (a two-column header flattened row by row): `Số:   Độc lập - …` ⏎ `64/KH-UBND   Xã A, ngày …`.
NUMBER_BELOW = re.compile(r"(?:[^\n\d/]{0,80}\n|[^\n]{0,60},\s*ngay[^\n]*\n){1,3}[ \t*_|]*(?=\d)")
# A place-and-date line with day and month left blank: `Phú Ninh, ngày   tháng   năm 2015`.
BLANK_DATE_YEAR = re.compile(r"ngay[ \t._…]*thang[ \t._…]*nam[ \t]*(?P<year>(?:19|20)\d{2})\b")
# Placeholders of e-office templates: `#SoKyHieuVanBan`, `[SoVanBan]`.
PLACEHOLDER = re.compile(r"#\s*so\s*ky\s*hieu|\[\s*so\s*van\s*ban|#so_ky_hieu|#sokyhieu", re.IGNORECASE)
# Gazette page headers, footers and signature stamps: never the document's own number or date.
GAZETTE_NOISE = re.compile(r"cong bao\s*/|^\s*\d+\s*$|nguoi ky:|ky boi:|thoi gian ky:|ngay ky:", re.MULTILINE)
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

_HEADING_TYPES = {w: t for w, t in symbols.TYPE_WORDS.items() if t not in ("cong_van",)}
_HEADER_LINES = 30


def parse_document(text: str, folded: str | None = None) -> DocMeta:
    """Own metadata of a normalised text; flags say what was guessed or contradicted."""
    folded = folded if folded is not None else fold_keep_length(text)
    meta = DocMeta()
    header_end = _header_end(folded)
    _own_number(text, folded, header_end, meta)
    if meta.number is None:
        _old_style_number(text, folded, meta)
    _date(folded, header_end, meta)
    _heading_and_title(text, folded, header_end, meta)
    _doc_type(folded, header_end, meta)
    if meta.number is None:
        _announced_number(text, folded, meta)
    if meta.issuer is None or not is_placed(meta.issuer):
        meta.issuer = issuer_of(text, folded, header_end, meta)
    if meta.title is None and len(text) < 1500:
        _record_title(text, folded, meta)
    _check_conflicts(meta)
    return meta


def _old_style_number(text: str, folded: str, meta: DocMeta) -> None:
    """The số hiệu (and date) inside an old-style heading, at the very top of the text."""
    top = _top(folded)
    m = OLD_STYLE_TITLE.match(folded, top, min(len(folded), top + 400))
    if m is None or any(c.islower() for c in text[m.start() : m.end()]):
        return  # the heading is in capitals; `Thực hiện Kế hoạch số 5` below it is a citation
    numbered = NUMBERED.match(folded, m.end())
    if numbered:
        _take_number(text, folded, numbered, m["tw"], meta)


# A web page that announces the document it then prints in full (no header of its own): `Ngày 23/8/2017,
# Tỉnh ủy … đã ban hành Chương trình số 27-CTr/TU về …` above the heading `CHƯƠNG TRÌNH` (folded).
ANNOUNCED = re.compile(
    r"(?:ngay\s+(?P<day>\d{1,2})\s*[/.-]\s*(?P<month>\d{1,2})\s*[/.-]\s*(?P<year>\d{4})\s*,\s*)?"
    r"(?P<body>[^\n.;:]{3,140}?)\s+(?:da\s+)?(?:ky\s+)?ban\s+hanh\s+(?P<tw>"
    + symbols.TYPE_WORD_ALTERNATION
    + r")\s+so\s*:?\s*"
)
_ANNOUNCE_ZONE = 1500  # the announcement opens the page, before the printed document


def _announced_number(text: str, folded: str, meta: DocMeta) -> None:
    """A headerless text whose page opens by announcing a document of its own type (`… đã ban hành Kế
    hoạch số 45/KH-UBND về …`, then the heading `KẾ HOẠCH`) is that document: its số hiệu, date and
    issuer are the announced ones. Only before the heading, and only for the heading's type: `Thực hiện
    Kế hoạch số 12 …, UBND huyện ban hành Kế hoạch này` in the body is no announcement."""
    if meta.doc_type in ("other", "cong_van") or meta.title_span is None:
        return
    top = _top(folded)
    stop = min(meta.title_span[0], top + _ANNOUNCE_ZONE)
    for m in ANNOUNCED.finditer(folded, top, stop):
        if symbols.TYPE_WORDS.get(m["tw"]) != meta.doc_type:
            continue
        numbered = NUMBERED.match(folded, m.end())
        if numbered is None or numbered.end() > stop:
            continue
        _take_number(text, folded, numbered, m["tw"], meta)
        if m["year"] and not meta.date:
            meta.date = iso_date(m["day"], m["month"], m["year"])
        if meta.issuer is None or not is_placed(meta.issuer):
            found = match_org(text, folded, m.start("body"))
            if found is not None and found[0] <= m.end("body"):
                meta.issuer = found[1]
        meta.flags = [f for f in meta.flags if f != "unnumbered"]
        return


def _header_end(folded: str) -> int:
    """End of the header zone: the body's first line, at most ~30 lines in."""
    top = _top(folded)
    limit_lines = line_spans(folded, top, min(len(folded), top + 4000))[:_HEADER_LINES]
    limit = limit_lines[-1][1] if limit_lines else 0
    body = BODY_START.search(folded, top, limit)
    motto = MOTTO_LINE.search(folded, body.end(), limit) if body else None
    if body and motto:  # the page's title above the header: the body starts below the motto
        body = BODY_START.search(folded, motto.end(), limit)
    return body.start() if body else limit


def _top(folded: str) -> int:
    """Where the text begins: a crawled page's blanked banner (`ingest.portal`) is no header line."""
    return _LEADING_SPACE.match(folded).end()  # type: ignore[union-attr]  # `\s*` always matches


_LEADING_SPACE = re.compile(r"\s*")


def _clean(line: str) -> str:
    return line.strip(" \t*_#|")


# The first line of a bare record: `3637/UBND-VX`, or `Quyết định số 1707/QĐ-UBND ngày … của … về …`.
FIRST_LINE_TYPE = re.compile(
    r"[ \t*_#|]*(?P<tw>" + symbols.TYPE_WORD_ALTERNATION + r")\s+so\s*[:.]?\s*"
)


def _take_number(
    text: str, folded: str, numbered: re.Match[str], type_word: str | None, meta: DocMeta
) -> None:
    """Set the document's own number, symbol, year (and date, type) from a matched số hiệu."""
    raw = (
        text[numbered.start("ptype") : numbered.end("ptype")]
        + "/"
        + text[numbered.start("pbody") : numbered.end("pbody")]
        if numbered["ptype"]
        else text[numbered.start("ssym") : numbered.end("ssym")]
    )
    meta.number = text[numbered.start("num") : numbered.end("num")].upper()
    meta.symbol = symbols.canonical_symbol(raw)
    meta.year = int(numbered["year"]) if numbered["year"] else None
    if type_word and not symbols.doc_type_of_symbol(meta.symbol):
        meta.doc_type = symbols.TYPE_WORDS.get(type_word, meta.doc_type)
    date = DATE_AFTER.match(folded, numbered.end())
    if date:  # "Thông tư số 102/2018/TT-BTC ngày 14 tháng 11 năm 2018" heading a continued page
        meta.date = iso_date(date["day"], date["month"], date["year"])


def _first_line_number(text: str, folded: str, meta: DocMeta) -> bool:
    """A record that starts with its own số hiệu, bare or after its type word, is that document."""
    top = _top(folded)
    for start, end in line_spans(folded, top, min(len(folded), top + 2000)):
        line = folded[start:end]
        if not line.strip(" \t*_#|") or GAZETTE_NOISE.search(line):
            continue
        typed = FIRST_LINE_TYPE.match(folded, start, end)
        pos = typed.end() if typed else start + len(line) - len(line.lstrip(" \t*_#|"))
        numbered = NUMBERED.match(folded, pos, end)
        if numbered is None:
            return False
        bare = not folded[numbered.end() : end].strip(" \t.,;")
        if typed is None and not bare:
            return False
        _take_number(text, folded, numbered, typed["tw"] if typed else None, meta)
        if typed is not None:
            _record_tail(text, folded, numbered.end(), end, meta)
        return True
    return False


_RECORD_OF = re.compile(
    r"\s*(?:ngay\s*[\d/.-]+\s*|ngay\s*\d*\s*thang\s*\d+\s*nam\s*\d{4}\s*)?,?\s*(?:cua|do)\s+"
)
_RECORD_ABOUT = re.compile(r"\s*,?\s*(?:ve viec|v/v|ve)?\s*")


def _record_tail(text: str, folded: str, pos: int, end: int, meta: DocMeta) -> None:
    """`Quyết định số 1707/QĐ-UBND ngày … của UBND tỉnh Bình Dương công bố …`: issuer and subject."""
    of = _RECORD_OF.match(folded, pos, end)
    if of is not None:
        found = match_org(text, folded, of.end())
        if found is not None:
            pos, meta.issuer = found
    about = _RECORD_ABOUT.match(folded, pos, end)
    subject = text[about.end() if about else pos : end].strip(" .,;")
    if subject and not DATE_AFTER.match(folded, pos):
        meta.title, meta.title_span = subject, (end - len(text[pos:end].lstrip()), end)


def _own_number(text: str, folded: str, header_end: int, meta: DocMeta) -> None:
    if _first_line_number(text, folded, meta):
        return
    zones = [(0, header_end), (max(0, len(folded) - 3000), len(folded))]
    vbhn = VBHN_NUMBER.search(folded)
    if vbhn is not None:
        zones.insert(0, (vbhn.start(), min(len(folded), vbhn.end() + 60)))
    displaced = DISPLACED_HEADER.search(folded, 0, min(len(folded), 12000))
    if displaced is not None:
        # a PDF whose text layer put the header block after the `Căn cứ` lines
        zones.append((displaced.start(), displaced.end()))
    for lo, hi in zones:
        for m in OWN_NUMBER.finditer(folded, lo, hi):
            line_start = folded.rfind("\n", 0, m.start()) + 1
            if GAZETTE_NOISE.search(folded, line_start, m.end()):
                continue
            rest_start = m.start("rest")
            numbered = NUMBERED.match(folded, rest_start)
            if numbered and m["tw"] and not _ends_line(folded, numbered.end()):
                continue  # "Nghị định số 56/2017/NĐ-CP … của Chính phủ quy định …": a citation, not a heading
            if numbered:
                _take_number(text, folded, numbered, m["tw"], meta)
                tail = SPACED_TAIL.match(folded, numbered.end())
                if tail and meta.symbol and "/" not in meta.symbol[-3:]:
                    rest = re.sub(r"\s*[-–]\s*", "-", text[tail.start("tail") : tail.end("tail")])
                    meta.symbol = symbols.canonical_symbol(meta.symbol + "-" + rest)
                return
            glued = GLUED_NUMBER.match(folded, rest_start)
            if glued and glued["type"] in symbols.TYPE_TOKENS:
                # `Số: 105KH/ĐU`, `Số: 176KHLT/BVCSTE-…`: the number typed against its symbol
                meta.number = glued["num"]
                meta.symbol = symbols.canonical_symbol(text[glued.start("type") : glued.end("sym")])
                if not m["tw"] or symbols.doc_type_of_symbol(meta.symbol):
                    meta.doc_type = symbols.doc_type_of_symbol(meta.symbol) or meta.doc_type
                return
            if _unusual_number(text, folded, rest_start, m["tw"], meta):
                return
            blank = BLANK_NUMBER.match(folded, rest_start)
            if blank:
                meta.symbol = symbols.canonical_symbol(text[blank.start("sym") : blank.end("sym")])
                meta.year = int(blank["year"]) if blank["year"] else meta.year
                meta.flags.append("unnumbered")
                return
        if PLACEHOLDER.search(text, lo, hi):
            meta.flags.append("unnumbered")
            return
    meta.flags.append("unnumbered")


def _unusual_number(text: str, folded: str, pos: int, type_word: str | None, meta: DocMeta) -> bool:
    """The own số hiệu typed with extra spaces, glued to an office's abbreviation, or a line below."""
    below = NUMBER_BELOW.match(folded, pos)
    if below is not None:
        numbered = NUMBERED.match(folded, below.end())
        if numbered is not None and _ends_field(folded, numbered.end()):
            _take_number(text, folded, numbered, type_word, meta)
            return True
    spaced = SPACED_NUMBER.match(folded, pos)
    if spaced is not None and _ends_line(folded, spaced.end()):
        numbered, compact_text, compact = _compacted(text, folded, spaced)
        if numbered is not None:
            _take_number(compact_text, compact, numbered, type_word, meta)
            return True
    glued = GLUED_OFFICE.match(folded, pos)
    if glued is not None and _ends_line(folded, glued.end()):
        letters = text[glued.start("sym") : glued.end("sym")]
        if _is_abbreviation(letters):
            meta.number = glued["num"]
            meta.symbol = symbols.canonical_symbol(letters)
            meta.doc_type = symbols.doc_type_of_symbol(meta.symbol) or meta.doc_type
            return True
    return False


def _compacted(text: str, folded: str, spaced: re.Match[str]) -> tuple[re.Match[str] | None, str, str]:
    """A spaced số hiệu written together, the number's separator restored when a space stood for it."""
    lo, hi = spaced.end("sep"), spaced.end()
    rest_text = re.sub(r"\s+", "", text[lo:hi])
    rest = re.sub(r"\s+", "", folded[lo:hi])
    sep = folded[spaced.start("sep") : lo].strip()
    if not sep:  # `262 KH-UBND`: a slash, or the Party's hyphen before `KH/ĐU`
        if not _is_abbreviation(rest_text):
            return None, "", ""
        sep = "-" if "/" in rest else "/"
    num = spaced["num"]
    compact_text, compact = num + sep + rest_text, num + sep + rest
    return NUMBERED.fullmatch(compact), compact_text, compact


def _is_abbreviation(letters: str) -> bool:
    """`PGDĐT-CM`, `KH/ĐU`: capitals only, so no word of a sentence."""
    bare = letters.replace("-", "").replace("/", "").replace("&", "")
    return bare.isalnum() and bare.isupper()


def _ends_field(folded: str, pos: int) -> bool:
    """Only a date, the place-and-date, or nothing follows on the line."""
    end = folded.find("\n", pos)
    rest = folded[pos : end if end >= 0 else len(folded)]
    return _ends_line(folded, pos) or re.match(r"[ \t]{2,}[^\n,]{1,40},\s*ngay\b", rest) is not None


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


def _ends_line(folded: str, pos: int) -> bool:
    """Only a date (or nothing) follows on the line.

    `Thông tư số 102/2018/TT-BTC ngày 14 tháng 11 năm 2018` heading a page is the document's own number.
    """
    date = DATE_AFTER.match(folded, pos)
    end = date.end() if date else pos
    line_end = folded.find("\n", end)
    return not folded[end : line_end if line_end >= 0 else len(folded)].strip(" \t*_.,")


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
    top = _top(folded)
    lines = line_spans(folded, top, min(len(folded), max(header_end + 1500, top + 2000)))
    for i, (start, end) in enumerate(lines[: _HEADER_LINES + 5]):
        line = _clean(folded[start:end])
        if line.startswith("v/v") or line.startswith("ve viec"):
            meta.title, meta.title_span = _titleline_spans(
                text, folded, lines, i, strip=r"^[\s*_]*(?:v/v|về việc)\s*:?\s*"
            )
            meta.body_start = meta.title_span[1]
            return
        if line in _HEADING_TYPES and heading_case(text[start:end].strip(" *_#")):
            if i + 1 < len(lines) and _page_title(folded, end, header_end, line):
                continue  # a web page's title above the header: the document's own heading comes below
            if meta.doc_type == "other":
                meta.doc_type = _HEADING_TYPES[line]
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
        top = _top(folded)
        described = _SELF_DESCRIBED.search(folded, top, min(len(folded), top + _ANNOUNCE_ZONE))
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
