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
from collections.abc import Iterator
from dataclasses import replace
from functools import lru_cache
from typing import Any

from ingest import symbols
from ingest.dates import DATE_AFTER, DATE_LINE, YEAR_WORD, iso_date
from ingest.find import NUMBERED
from ingest.model import DocMeta, OrgRef
from ingest.normalize import fold_keep_length
from ingest.orgnames import central_org, is_placed, org_level
from ingest.orgs import _place_name, match_org

# `Số: 74/2025/NĐ-CP`, `Số 566 -CV/HU`, `Số: /KH-UBND` (blank), at the start of a header line.
OWN_NUMBER = re.compile(
    r"(?m)^[ \t*_#|]*(?:(?P<tw>"
    + "|".join(sorted(symbols.TYPE_WORDS, key=len, reverse=True))
    + r"|phap lenh|lenh)\s+)?so\s*[:.]?[ \t]*(?P<rest>[^\n]{0,90})$"
)
# `Số: 41/2026/TT-BTC` followed by `Hà Nội, ngày 06 tháng 4 năm 2026`: a header block wherever it is.
DISPLACED_HEADER = re.compile(
    r"(?m)^[ \t*_#|]*so\s*[:.]?[ \t]*\d{1,5}[^\n]{0,40}\n(?:[ \t]*\n)?[^\n]{0,40},\s*ngay\s*\d{1,2}\s*thang"
)
# A consolidated text carries its own number where the consolidation ends, not in the header.
VBHN_NUMBER = re.compile(r"(?m)^[ \t*_#|]*so\s*[:.]?[ \t]*(?=\d{1,5}\s?/\s?vbhn\s?-)")
# The blank number: only the symbol after the slash.
BLANK_NUMBER = re.compile(r"[ \t._…]*[-/][ \t]*(?P<sym>[a-z&][a-z0-9&]*(?:\s?[-/]\s?[a-z&][a-z0-9&]*){0,3})")
# Placeholders of e-office templates: `#SoKyHieuVanBan`, `[SoVanBan]`.
PLACEHOLDER = re.compile(r"#\s*so\s*ky\s*hieu|\[\s*so\s*van\s*ban|#so_ky_hieu|#sokyhieu", re.IGNORECASE)
# Gazette page headers, footers and signature stamps: never the document's own number or date.
GAZETTE_NOISE = re.compile(r"cong bao\s*/|^\s*\d+\s*$|nguoi ky:|ky boi:|thoi gian ky:|ngay ky:", re.MULTILINE)
# The place-and-date line: `Hà Nội, ngày 31 tháng 3 năm 2025`, `Thị trấn, ngày  tháng 5 năm 2024`.
PLACE_DATE = re.compile(r"(?m)^[ \t*_]*(?P<place>[^\n,]{0,40}),\s*(?P<date>ngay[^\n]{0,40})$")
# Lines that start the body: the header is over.
BODY_START = re.compile(
    r"(?m)^[ \t*_-]*(?:can cu|thuc hien|kinh gui|tren co so|trien khai|ngay \d|de\b|nham\b|"
    r"nhung nam qua|trong nhung|qua \d|i\.\s|1\.\s|dieu 1)"
)
# Signature blocks, folded: -> kind of issuing body.
SIGNATURES = [
    (
        re.compile(
            r"t/?m\.?\s*ban thuong vu|t/?m\.?\s*tinh uy|t/?m\.?\s*huyen uy|t/?m\.?\s*dang uy|bi thu\s*$"
        ),
        "party",
    ),
    (re.compile(r"(?:kt\.?|tm\.?|t/m)\s*(?:uy ban nhan dan|ubnd)|(?:kt\.\s*)?chu tich\s*$"), "ubnd"),
    (re.compile(r"(?:kt\.\s*)?giam doc\s*$"), "so"),
    (re.compile(r"(?:kt\.\s*)?truong phong\s*$"), "phong"),
    (re.compile(r"hieu truong\s*$"), "truong"),
    (re.compile(r"(?:kt\.\s*)?bo truong\s*$"), "bo"),
    (re.compile(r"(?:kt\.\s*)?thu tuong\s*$"), "thu_tuong"),
    (re.compile(r"tm\.\s*chinh phu\s*$"), "chinh_phu"),
]
# The body naming its own issuer: `UBND Thị trấn Hà Trung xây dựng Kế hoạch`, `Phòng GDĐT yêu cầu`.
SELF_VERBS = re.compile(
    r"\s*(?:xay dung|yeu cau|de nghi|huong dan|chi dao|thong bao|"
    r"ban hanh (?:ke hoach|cong van|huong dan) (?!so)|trien khai ke hoach|ke hoach)"
)
# `ĐẢNG BỘ TỈNH NAM ĐỊNH`: the place above a Party committee in its header.
PARTY_ORGANISATION = re.compile(r"dang bo\s+(?P<word>tinh|thanh pho|huyen|quan|thi xa|xa|phuong|thi tran)\s+")

_HEADING_TYPES = {w: t for w, t in symbols.TYPE_WORDS.items() if t not in ("cong_van",)}
_HEADER_LINES = 30


def parse_document(text: str, folded: str | None = None) -> DocMeta:
    """Own metadata of a normalised text; flags say what was guessed or contradicted."""
    folded = folded if folded is not None else fold_keep_length(text)
    meta = DocMeta()
    header_end = _header_end(folded)
    _own_number(text, folded, header_end, meta)
    _date(folded, header_end, meta)
    _heading_and_title(text, folded, header_end, meta)
    _doc_type(folded, header_end, meta)
    if meta.issuer is None or not is_placed(meta.issuer):
        meta.issuer = _issuer(text, folded, header_end, meta)
    if meta.title is None and len(text) < 1500:
        _record_title(text, folded, meta)
    _check_conflicts(meta)
    return meta


def _lines(folded: str, start: int, end: int) -> list[tuple[int, int]]:
    out, pos = [], start
    while pos < end:
        nl = folded.find("\n", pos, end)
        stop = end if nl < 0 else nl
        out.append((pos, stop))
        pos = stop + 1
    return out


def _header_end(folded: str) -> int:
    """End of the header zone: the body's first line, at most ~30 lines in."""
    limit_lines = _lines(folded, 0, min(len(folded), 4000))[:_HEADER_LINES]
    limit = limit_lines[-1][1] if limit_lines else 0
    body = BODY_START.search(folded, 0, limit)
    return body.start() if body else limit


def _clean(line: str) -> str:
    return line.strip(" \t*_#|")


# The first line of a bare record: `3637/UBND-VX`, or `Quyết định số 1707/QĐ-UBND ngày … của … về …`.
FIRST_LINE_TYPE = re.compile(
    r"[ \t*_#|]*(?P<tw>" + "|".join(sorted(symbols.TYPE_WORDS, key=len, reverse=True)) + r")\s+so\s*[:.]?\s*"
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
    for start, end in _lines(folded, 0, min(len(folded), 2000)):
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
                return
            blank = BLANK_NUMBER.match(folded, rest_start)
            if blank:
                meta.symbol = symbols.canonical_symbol(text[blank.start("sym") : blank.end("sym")])
                meta.flags.append("unnumbered")
                return
        if PLACEHOLDER.search(text, lo, hi):
            meta.flags.append("unnumbered")
            return
    meta.flags.append("unnumbered")


_DATE_ONLY = re.compile(r"\s*(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*((?:19|20)\d{2})\s*$")


def _record_title(text: str, folded: str, meta: DocMeta) -> None:
    """A bare record (`3637/UBND-VX`, `20/07/2022`, then its subject line): the subject is the title."""
    for start, end in _lines(folded, 0, len(folded)):
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
    # a date line without a place ("Ngày 05 tháng 3 năm 2022") standing alone in the header
    for start, end in _lines(folded, 0, header_end):
        line = folded[start:end].strip(" *_")
        d = DATE_LINE.match(line)
        if d and d.end() >= len(line) - 2:
            meta.date = iso_date(d["day"], d["month"], d["year"])
            return


def _heading_and_title(text: str, folded: str, header_end: int, meta: DocMeta) -> None:
    lines = _lines(folded, 0, min(len(folded), max(header_end + 1500, 2000)))
    for i, (start, end) in enumerate(lines[: _HEADER_LINES + 5]):
        line = _clean(folded[start:end])
        if line.startswith("v/v") or line.startswith("ve viec"):
            meta.title, meta.title_span = _title_lines(
                text, folded, lines, i, strip=r"^[\s*_]*(?:v/v|về việc)\s*:?\s*"
            )
            meta.body_start = meta.title_span[1]
            return
        if line in _HEADING_TYPES and text[start:end].strip(" *_#").isupper():
            if meta.doc_type == "other":
                meta.doc_type = _HEADING_TYPES[line]
            if i + 1 < len(lines):
                meta.title, meta.title_span = _title_lines(text, folded, lines, i + 1)
                meta.body_start = meta.title_span[1]
            return
    meta.body_start = header_end


def _title_lines(
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
            BODY_START.match(folded, start) or line.startswith(("kinh gui", "cong hoa", "doc lap"))
        ):
            break
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
    if re.search(r"van ban hop nhat", folded[: header_end + 200]) and (
        told is None or told == "van_ban_hop_nhat"
    ):
        meta.doc_type = "van_ban_hop_nhat"
        return
    if told:
        meta.doc_type = told
    elif meta.doc_type == "other" and (meta.symbol or meta.title_span) and not meta.title_span:
        meta.doc_type = "cong_van"
    elif meta.doc_type == "other" and meta.title is not None:
        meta.doc_type = "cong_van"  # a `V/v` subject line: an official letter
    if meta.doc_type == "other" and meta.symbol and re.fullmatch(r"(?:UBTV)?QH\d+", meta.symbol):
        meta.doc_type = "luat"


# --- issuer -------------------------------------------------------------------


def _issuer(text: str, folded: str, header_end: int, meta: DocMeta) -> OrgRef | None:
    context = OrgRef(kind="other")
    header = _header_org(text, folded, header_end, context)
    context = header[1]
    issuer = header[0]
    if issuer is None:
        issuer = _body_org(text, folded, meta)
    hint = _kind_hint(folded, meta)
    if issuer is None and meta.symbol and symbols.is_central(meta.symbol):
        name = symbols.central_issuer(meta.symbol)
        issuer = central_org(name) if name else None
    if issuer is None and hint is not None:
        issuer = OrgRef(kind=hint[0], unit_level=hint[1], unit_kind=hint[2])
    if issuer is None:
        return None
    # a Party symbol (`KH/HU`) over a header read as a people's committee: the number wins
    if hint and hint[0] in ("huyen_uy", "tinh_uy", "dang_uy") and issuer.kind in ("ubnd", "other", "party"):
        issuer = replace(issuer, kind=hint[0], unit_level=hint[1])
    return _place(text, folded, issuer, context, header_end, meta)


def _header_org(text: str, folded: str, header_end: int, context: OrgRef) -> tuple[OrgRef | None, OrgRef]:
    """The last organization line of the header (the issuer), with the lines above it as context."""
    issuer = None
    for start, end in _lines(folded, 0, header_end):
        pos = start
        while pos < end and folded[pos] in " \t*_#|":
            pos += 1
        party = PARTY_ORGANISATION.match(folded, pos)
        if party:
            level = {
                "tinh": "province",
                "thanh pho": "province",
                "huyen": "district",
                "quan": "district",
                "thi xa": "district",
            }.get(party["word"], "commune")
            _, unit, _ = _place_name(text, folded, party.end(), level)
            if unit is not None:
                context = _merge_place(context, unit)
            continue
        found = match_org(text, folded, pos)
        if found is None:
            continue
        org = found[1]
        if org.kind in ("ubnd", "hdnd") and org.unit_level is None and not org.province:
            # "ỦY BAN NHÂN DÂN" on one line, "HUYỆN TÂY HÒA" on the next
            nxt = folded.find("\n", end + 1)
            _, place = _unit_line(text, folded, end + 1, nxt if nxt > 0 else header_end)
            if place is not None:
                org = replace(org, **place)  # type: ignore[arg-type]  # str | None fields of OrgRef
        if issuer is not None and _is_parent_line(issuer, org):
            context = _merge_org(context, issuer)
        issuer = org
    return issuer, context


def _unit_line(text: str, folded: str, start: int, end: int) -> tuple[int, dict[str, str | None] | None]:
    from ingest.orgs import _match_unit

    pos = start
    while pos < end and folded[pos] in " \t*_#|":
        pos += 1
    stop, org = _match_unit(text, folded, pos, "ubnd", None, None)
    if org.province or org.district or org.commune:
        return stop, {
            "unit_level": org.unit_level,
            "province": org.province,
            "district": org.district,
            "commune": org.commune,
            "unit_kind": org.unit_kind,
        }
    return start, None


def _is_parent_line(upper: OrgRef, lower: OrgRef) -> bool:
    return (
        upper.kind in ("ubnd", "hdnd", "tinh_uy", "huyen_uy", "dang_uy", "bo", "chinh_phu", "so", "phong")
        and upper != lower
    )


def _merge_org(context: OrgRef, org: OrgRef) -> OrgRef:
    return replace(
        context,
        province=org.province or context.province,
        district=org.district or context.district,
        commune=org.commune or context.commune,
    )


def _merge_place(context: OrgRef, unit: object) -> OrgRef:
    from ingest import gazetteer

    assert isinstance(unit, gazetteer.Unit)
    if unit.level == "province":
        return replace(context, province=unit.name)
    if unit.level == "district":
        return replace(context, province=unit.province or context.province, district=unit.name)
    return replace(
        context, province=unit.province or context.province, district=unit.district, commune=unit.name
    )


def _body_org(text: str, folded: str, meta: DocMeta) -> OrgRef | None:
    """`UBND Thị trấn Hà Trung xây dựng Kế hoạch`, `Phòng GDĐT yêu cầu`: the body naming its issuer."""
    start = meta.body_start
    zones = [(start, min(len(folded), start + 2500)), (max(start, len(folded) - 2500), len(folded))]
    for lo, hi in zones:
        for m in re.finditer(
            r"(?:^|(?<=[\s,;.(]))(?=ubnd|uy ban|so |phong |ban thuong vu|huyen uy|tinh uy|"
            r"dang uy|thanh uy|truong |hdnd|quan uy)",
            folded[lo:hi],
        ):
            pos = lo + m.start()
            found = match_org(text, folded, pos)
            if found is None:
                continue
            end, org = found
            if SELF_VERBS.match(folded, end):
                return org
    return None


def _kind_hint(folded: str, meta: DocMeta) -> tuple[str, str | None, str | None] | None:
    """The kind of issuer told by the symbol (`KH/HU`, `KH-UBND`) or the signature block."""
    if meta.symbol:
        body = symbols.body_token(meta.symbol)
        local = symbols.LOCAL_BODIES.get(body)
        if local == "huyen_uy":
            return ("huyen_uy", "district", None)
        if local in ("tinh_uy", "thanh_uy"):
            return ("tinh_uy", "province", None)
        if local == "dang_uy":
            return ("dang_uy", "commune", None)
        if local == "ubnd":
            return ("ubnd", None, None)
        if body.startswith("sgd") or body.startswith("sld") or re.fullmatch(r"s[a-z]{1,8}", body):
            return ("so", "province", None)
        if body.startswith("pgd") or body.startswith("pld"):
            return ("phong", "district", None)
    tail = folded[-1500:]
    for pattern, kind in SIGNATURES:
        for line in tail.splitlines():
            if pattern.search(line.strip(" *_")):
                return {
                    "party": ("huyen_uy", "district", None),
                    "ubnd": ("ubnd", None, None),
                    "so": ("so", "province", None),
                    "phong": ("phong", "district", None),
                    "truong": ("truong", "unit", None),
                    "bo": ("bo", None, None),
                    "thu_tuong": ("thu_tuong", None, None),
                    "chinh_phu": ("chinh_phu", None, None),
                }[kind]
    return None


def _place(text: str, folded: str, issuer: OrgRef, context: OrgRef, header_end: int, meta: DocMeta) -> OrgRef:
    """Fill the issuer's missing places from the header context, the place line and the body."""
    if org_level(issuer) == "central":
        return issuer
    issuer = replace(
        issuer,
        province=issuer.province or context.province,
        district=issuer.district or context.district,
        commune=issuer.commune or context.commune,
    )
    if issuer.unit_level == "commune" and not (issuer.commune and issuer.district):
        issuer = _commune_of_place_line(text, folded, header_end, issuer)
    if issuer.commune or issuer.district:
        issuer = _agree_with_body(text, folded, header_end, issuer)
    if is_placed(issuer) and issuer.province:
        return issuer
    for unit in _body_places(text, folded, header_end):
        issuer = _fill(issuer, unit)
        if is_placed(issuer) and issuer.province:
            break
    return issuer


def _commune_of_place_line(text: str, folded: str, header_end: int, issuer: OrgRef) -> OrgRef:
    """A commune body known only by its kind (`Số: 105-KH/ĐU`, `T/M ĐẢNG ỦY`): the place line names the
    commune (`Tây Sơn, ngày …`), and the districts the body names (`Thị ủy An Khê`) say which one."""
    name = issuer.commune
    if name is None:
        place_line = PLACE_DATE.search(folded, 0, max(header_end, 1500))
        if place_line is None:
            return issuer
        name = text[place_line.start("place") : place_line.end("place")].strip(" \t*_")
    if not name or len(name) > 30:
        return issuer
    for province, district in _body_districts(text, folded):
        found = _communes(name, district=district, province=province)
        if found:
            return replace(
                issuer,
                province=province,
                district=district,
                commune=found[0].name,
                unit_kind=issuer.unit_kind or found[0].kind,
            )
    found = _communes(name)
    if len(found) == 1:
        unit = found[0]
        return replace(
            issuer,
            province=unit.province,
            district=unit.district,
            commune=unit.name,
            unit_kind=issuer.unit_kind or unit.kind,
        )
    return issuer


_ORG_WORDS = re.compile(
    r"(?<![a-z])(?:ubnd|uy ban nhan dan|huyen uy|thi uy|thanh uy|quan uy|phong|ban thuong vu)\b"
)


def _body_districts(text: str, folded: str) -> list[tuple[str, str]]:
    """(province, district) of the district bodies a text names (`UBND huyện Lục Yên`, `Thị ủy An Khê`)."""
    out: list[tuple[str, str]] = []
    for m in _ORG_WORDS.finditer(folded, 0, min(len(folded), 5000)):
        found = match_org(text, folded, m.start())
        if found is None:
            continue
        org = found[1]
        if org.district and org.province and (org.province, org.district) not in out:
            out.append((org.province, org.district))
    return out


def _agree_with_body(text: str, folded: str, header_end: int, issuer: OrgRef) -> OrgRef:
    """A commune or district name found in several places: the one inside a unit the text names.

    Units named in the body (`của UBND thành phố Thủ Dầu Một`) count before the place-and-date line,
    which usually repeats the issuer's own name (`Phú Hòa, ngày …`) and proves nothing.
    """
    from ingest import gazetteer

    for unit in _body_places(text, folded, header_end, with_place_line=False):
        assert isinstance(unit, gazetteer.Unit)
        if unit.level == "district" and issuer.commune and unit.name != issuer.district:
            found = _communes(issuer.commune, district=unit.name, province=unit.province)
            if found:
                return replace(issuer, province=unit.province, district=unit.name)
        if unit.level == "province" and issuer.commune and unit.name != issuer.province:
            kind = issuer.unit_kind if issuer.unit_kind in ("xã", "phường", "thị trấn") else None
            found = _communes(f"{kind} {issuer.commune}" if kind else issuer.commune, province=unit.name)
            if len(found) == 1:  # "xã Tân Mỹ" of a text that names UBND tỉnh Long An
                return replace(issuer, province=unit.name, district=found[0].district)
        other_province = unit.level == "province" and issuer.district and unit.name != issuer.province
        if other_province and _districts(issuer.district or "", province=unit.name):
            return replace(issuer, province=unit.name)
        if unit.level in ("district", "province") and (
            unit.name in (issuer.district, issuer.province) or unit.province == issuer.province
        ):
            return issuer  # the text's own places agree with the issuer's
    return issuer


def _fill(issuer: OrgRef, unit: object) -> OrgRef:
    from ingest import gazetteer

    assert isinstance(unit, gazetteer.Unit)
    level = issuer.unit_level
    if issuer.province and unit.province and unit.province != issuer.province and unit.level != "province":
        return issuer
    if unit.level == "province":
        return replace(issuer, province=issuer.province or unit.name)
    if unit.level == "district":
        if issuer.district and issuer.district != unit.name:
            return issuer
        if level in ("district", "commune", "unit", None):
            return replace(
                issuer,
                province=issuer.province or unit.province,
                district=unit.name,
                unit_level=level or "district",
                unit_kind=issuer.unit_kind or (unit.kind if level in (None, "district") else None),
            )
        return replace(issuer, province=issuer.province or unit.province)
    # commune
    if level in ("commune", "unit") and not issuer.commune:
        if issuer.district and unit.district != issuer.district:
            return issuer
        return replace(
            issuer,
            province=issuer.province or unit.province,
            district=unit.district,
            commune=unit.name,
            unit_kind=issuer.unit_kind or unit.kind,
        )
    if level in ("district", None) and not issuer.district:
        return replace(issuer, province=issuer.province or unit.province, district=unit.district)
    return replace(issuer, province=issuer.province or unit.province)


_UNIT_PHRASE = re.compile(r"(?<![a-z])(?:huyen|thi tran|tinh|thi xa|xa|quan|phuong|thanh pho)\s+(?=\w)")


def _body_places(text: str, folded: str, header_end: int, with_place_line: bool = True) -> Iterator[object]:
    """Places named in the header's place line, the title and the first body paragraphs, in order."""
    from ingest.orgs import _match_unit

    place_line = PLACE_DATE.search(folded, 0, max(header_end, 1500)) if with_place_line else None
    if place_line:
        end, unit, _ = _place_name(text, folded, place_line.start("place"), None)
        if unit is not None:
            yield unit
    window = folded[:4000]
    for m in _UNIT_PHRASE.finditer(window):
        _, org = _match_unit(text, folded, m.start(), "ubnd", None, None)
        if org.commune or org.district or org.province:
            if org.commune:
                units = _communes(org.commune, district=org.district, province=org.province)
            elif org.district:
                units = _districts(org.district, province=org.province)
            else:
                p = _province(org.province or "")
                units = [p] if p else []
            yield from units[:1]


def _check_conflicts(meta: DocMeta) -> None:
    """The year in the number wins over a contradicting date; both kept, the node flagged."""
    if meta.year and meta.date and int(meta.date[:4]) != meta.year:
        meta.flags.append("date_conflicts_number")
    if meta.year is None and meta.date:
        meta.year = int(meta.date[:4])
    if meta.year is None and meta.title:
        years = YEAR_WORD.findall(fold_keep_length(meta.title))
        if years:
            meta.year = int(years[-1])
            meta.flags.append("year_from_title")


@lru_cache(maxsize=65536)
def _communes_cached(name: str, district: str | None, province: str | None) -> tuple[object, ...]:
    from ingest import gazetteer

    return tuple(gazetteer.find_communes(name, district=district, province=province))


def _communes(name: str, district: str | None = None, province: str | None = None) -> list[Any]:
    return list(_communes_cached(name, district, province))


@lru_cache(maxsize=65536)
def _districts_cached(name: str, province: str | None) -> tuple[object, ...]:
    from ingest import gazetteer

    return tuple(gazetteer.find_districts(name, province=province))


def _districts(name: str, province: str | None = None) -> list[Any]:
    return list(_districts_cached(name, province))


@lru_cache(maxsize=4096)
def _province(name: str) -> Any:
    from ingest import gazetteer

    return gazetteer.find_province(name)
