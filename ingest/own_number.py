"""The document's own số hiệu (and the date written with it), wherever a real text puts it: the header's
`Số:` line typed with spaces, glued or cut over lines (`Số : 296 /KH-MNHP`, `Số: 105KH/ĐU`, `Số:` ⏎
`25/KH-UBND`), the first line of a bare record, an old-style heading (`CHỈ THỊ CỦA THỦ TƯỚNG … SỐ
16/2001/CT-TTG`), a consolidated text's closing number, or a page announcing the document it prints.
Blank numbers and e-office placeholders flag the document `unnumbered`. `ingest.parse` calls it.
"""

from __future__ import annotations

import re

from ingest import symbols
from ingest.dates import DATE_AFTER, iso_date
from ingest.find import NUMBERED, written_symbol
from ingest.model import DocMeta
from ingest.normalize import line_spans, text_start
from ingest.places import is_placed, match_org

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


# A number glued to its symbol's type token: `105KH/ĐU`, `202KH-UBND`, `176KHLT/BVCSTE-MT` (folded); a joint
# plan's symbol lists up to ten bodies.
GLUED_NUMBER = re.compile(
    r"[ \t]*(?P<num>\d{1,5})(?P<type>[a-z]{2,6})"
    r"(?P<sym>[-/][a-z&][a-z0-9&]*(?:[-/][a-z&][a-z0-9&]*){0,9})(?![\w/])"
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


# Placeholders of e-office templates: `#SoKyHieuVanBan`, `[SoVanBan]`.
PLACEHOLDER = re.compile(r"#\s*so\s*ky\s*hieu|\[\s*so\s*van\s*ban|#so_ky_hieu|#sokyhieu", re.IGNORECASE)


# Gazette page headers, footers and signature stamps: never the document's own number or date.
GAZETTE_NOISE = re.compile(r"cong bao\s*/|^\s*\d+\s*$|nguoi ky:|ky boi:|thoi gian ky:|ngay ky:", re.MULTILINE)


def old_style_number(text: str, folded: str, meta: DocMeta) -> None:
    """The số hiệu (and date) inside an old-style heading, at the very top of the text."""
    top = text_start(folded)
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


ANNOUNCE_ZONE = 1500  # the announcement opens the page, before the printed document


def announced_number(text: str, folded: str, meta: DocMeta) -> None:
    """A headerless text whose page opens by announcing a document of its own type (`… đã ban hành Kế
    hoạch số 45/KH-UBND về …`, then the heading `KẾ HOẠCH`) is that document: its số hiệu, date and
    issuer are the announced ones. Only before the heading, and only for the heading's type: `Thực hiện
    Kế hoạch số 12 …, UBND huyện ban hành Kế hoạch này` in the body is no announcement."""
    if meta.doc_type in ("other", "cong_van") or meta.title_span is None:
        return
    top = text_start(folded)
    stop = min(meta.title_span[0], top + ANNOUNCE_ZONE)
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




# The first line of a bare record: `3637/UBND-VX`, or `Quyết định số 1707/QĐ-UBND ngày … của … về …`.
FIRST_LINE_TYPE = re.compile(
    r"[ \t*_#|]*(?P<tw>" + symbols.TYPE_WORD_ALTERNATION + r")\s+so\s*[:.]?\s*"
)


def _take_number(
    text: str, folded: str, numbered: re.Match[str], type_word: str | None, meta: DocMeta
) -> None:
    """Set the document's own number, symbol, year (and date, type) from a matched số hiệu."""
    raw = written_symbol(text, numbered)
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
    top = text_start(folded)
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


def read_own_number(text: str, folded: str, header_end: int, meta: DocMeta) -> None:
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
            if numbered and m["tw"] and not ends_line(folded, numbered.end()):
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
    if spaced is not None and ends_line(folded, spaced.end()):
        numbered, compact_text, compact = _compacted(text, folded, spaced)
        if numbered is not None:
            _take_number(compact_text, compact, numbered, type_word, meta)
            return True
    glued = GLUED_OFFICE.match(folded, pos)
    if glued is not None and ends_line(folded, glued.end()):
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
    return ends_line(folded, pos) or re.match(r"[ \t]{2,}[^\n,]{1,40},\s*ngay\b", rest) is not None


def ends_line(folded: str, pos: int) -> bool:
    """Only a date (or nothing) follows on the line.

    `Thông tư số 102/2018/TT-BTC ngày 14 tháng 11 năm 2018` heading a page is the document's own number.
    """
    date = DATE_AFTER.match(folded, pos)
    end = date.end() if date else pos
    line_end = folded.find("\n", end)
    return not folded[end : line_end if line_end >= 0 else len(folded)].strip(" \t*_.,")
