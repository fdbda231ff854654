"""The document's own issuer and its place (`parse_document` asks for it).

The issuer is the last organization line of the header (`ỦY BAN NHÂN DÂN` / `HUYỆN TÂY HÒA`), or
the body naming itself (`UBND Thị trấn Hà Trung xây dựng Kế hoạch…`), or what the symbol and the
signature block say of its kind. Its place is filled from the header's upper lines, the
place-and-date line and the units the body names, checked against the gazetteer
(`ingest.places.issuer_place`).
"""

from __future__ import annotations

import re
from dataclasses import replace

from ingest import gazetteer, symbols
from ingest.model import DocMeta, OrgRef
from ingest.normalize import fold_keep_length, heading_case, line_spans
from ingest.places.issuer_place import PLACE_DATE, districts_of, place_issuer
from ingest.places.match import match_org
from ingest.places.names import central_org, is_placed
from ingest.places.units import after_reform, match_unit, on_2025_map, place_name

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
    r"\s*(?:xay dung|yeu cau|de nghi|huong dan|chi dao|thong bao|lap ke hoach|"
    r"ban hanh (?:ke hoach|cong van|huong dan) (?!so)|trien khai ke hoach|ke hoach)"
)

# `ĐẢNG BỘ TỈNH NAM ĐỊNH`: the place above a Party committee in its header.
PARTY_ORGANISATION = re.compile(r"dang bo\s+(?P<word>tinh|thanh pho|huyen|quan|thi xa|xa|phuong|thi tran)\s+")

# The national motto's column beside a committee's name (folded), also cut over lines (`CỘNG` ⏎ `HÒA`).
_MOTTO_COLUMN = re.compile(r"cong\s+hoa\b|doc\s+lap\b|dang\s+cong\s+san\b")

def issuer_of(text: str, folded: str, header_end: int, meta: DocMeta) -> OrgRef | None:
    """The body that issued the document, placed: header lines first, then the body naming itself,
    the symbol (`KH/HU`: a district Party committee) and the signature block (`KT. CHỦ TỊCH`)."""
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
    if issuer is not None and issuer.kind == "mass" and meta.symbol and symbols.is_central(meta.symbol):
        # `BAN CHẤP HÀNH TRUNG ƯƠNG` ⏎ `ĐOÀN TNCS HỒ CHÍ MINH`, `Số: 5-KH/TWĐTN`: the national body, not
        # a provincial branch placed by the place-and-date line (`Hà Nội, ngày …`)
        name = symbols.central_issuer(meta.symbol)
        issuer = central_org(name) if name else issuer
    if issuer is None and hint is not None:
        issuer = OrgRef(kind=hint[0], unit_level=hint[1], unit_kind=hint[2])
    if issuer is None:
        issuer = _committee_of_territory(meta.title)
    if issuer is None:
        return None
    # a Party symbol (`KH/HU`) over a header read as a people's committee: the number wins
    if hint and hint[0] in ("huyen_uy", "tinh_uy", "dang_uy") and issuer.kind in ("ubnd", "other", "party"):
        issuer = replace(issuer, kind=hint[0], unit_level=hint[1])
    if issuer.kind in ("ubnd", "hdnd") and (issuer.unit_level is None or not is_placed(issuer)):
        issuer = _committee_level(text, folded, issuer, meta)
    placed = place_issuer(text, folded, issuer, context, header_end)
    placed = _province_committee(text, folded, header_end, placed, meta)
    return _on_2025_map(text, folded, header_end, placed, meta)


def _province_committee(text: str, folded: str, header_end: int, issuer: OrgRef, meta: DocMeta) -> OrgRef:
    """A bare `HỘI ĐỒNG NHÂN DÂN` / `ỦY BAN NHÂN DÂN` whose place-and-date line names its province
    (`Thanh Hóa, ngày …`) is the province's own committee when no district bears that name there, or
    when it writes after the 2025 reform (no districts left; a commune's line names the commune)."""
    if issuer.kind not in ("ubnd", "hdnd") or issuer.unit_level is not None or not issuer.province:
        return issuer
    if issuer.district or issuer.commune:
        return issuer
    line = PLACE_DATE.search(folded, 0, header_end)
    if line is None or gazetteer.fold(text[line.start("place") : line.end("place")]) != gazetteer.fold(
        issuer.province
    ):
        return issuer
    reformed = after_reform(meta.date or (str(meta.year) if meta.year else None))
    if not reformed and districts_of(issuer.province, province=issuer.province):
        return issuer  # `Thanh Hóa, ngày …` is also the city of Thanh Hóa's line
    unit = gazetteer.find_province(issuer.province)
    return replace(issuer, unit_level="province", unit_kind=unit.kind if unit else None)


# `… trên địa bàn tỉnh Tuyên Quang giai đoạn 2022-2025` in a title (folded).
_TERRITORY = re.compile(r"\btren dia ban\s+(?=(?:tinh|thanh pho|huyen|quan|thi xa|xa|phuong|thi tran)\s)")


def _committee_of_territory(title: str | None) -> OrgRef | None:
    """A plan copied without its header whose title names the territory it covers: that unit's people's
    committee, the body that plans for a territory (`Kế hoạch … trên địa bàn tỉnh X`)."""
    if not title:
        return None
    folded = fold_keep_length(title)
    m = _TERRITORY.search(folded)
    if m is None:
        return None
    _, org = match_unit(title, folded, m.end(), "ubnd", None, None)
    return org if org.province or org.district or org.commune else None


# `XÃ LƯƠNG MINH`, `PHƯỜNG BẮC CAM RANH`, `ỦY BAN BẦU CỬ XÃ PHỐ BẢNG` on a header line (folded).
_COMMUNE_LINE = re.compile(r"\b(?:xa|phuong|dac khu)\s+(?P<name>[a-z][a-z ]{1,30}?)\s*$")


def _on_2025_map(text: str, folded: str, header_end: int, issuer: OrgRef, meta: DocMeta) -> OrgRef:
    """A commune body writing after the reform is placed on the 2025 map: its commune (possibly one
    created in 2025, unknown to the old map) and the new province, no district."""
    if not after_reform(meta.date or (str(meta.year) if meta.year else None)):
        return issuer
    if issuer.unit_level not in ("commune", None):
        return issuer
    for start, end in line_spans(folded, 0, header_end):
        m = _COMMUNE_LINE.search(folded, start, end)
        if m is None or _MOTTO_COLUMN.search(folded, start, end):
            continue  # `CỘNG HÒA XÃ HỘI CHỦ NGHĨA …` names no commune
        name = text[m.start("name") : m.end("name")].strip(" *_")
        found = gazetteer.find_communes_2025(name, issuer.province)
        if len(found) == 1 or (found and issuer.province and found[0][2] == issuer.province):
            word, commune, province = found[0]
            return replace(issuer, unit_level="commune", commune=commune, district=None, province=province,
                           unit_kind=word)
    return on_2025_map(issuer)


# `TM. ỦY BAN NHÂN DÂN TỈNH …`, `CHỦ TỊCH UBND HUYỆN …`, `Ủy ban nhân dân Tỉnh ban hành …` (folded).
_COMMITTEE_WITH_LEVEL = re.compile(
    r"(?:uy ban nhan dan|ubnd|hoi dong nhan dan|hdnd)\s+"
    r"(?=(?:tinh|thanh pho|huyen|quan|thi xa|xa|phuong|thi tran)\b)"
)


def _committee_level(text: str, folded: str, issuer: OrgRef, meta: DocMeta) -> OrgRef:
    """A header that says only `ỦY BAN NHÂN DÂN`: the level (and place) the signature block or the
    body's own naming of the committee gives (`TM. ỦY BAN NHÂN DÂN TỈNH`, `Ủy ban nhân dân tỉnh ban hành`)."""
    tail_start = max(meta.body_start, len(folded) - 1500)
    zones = [(tail_start, len(folded)), (meta.body_start, min(len(folded), meta.body_start + 2500))]
    candidates = []
    for lo, hi in zones:
        for m in _COMMITTEE_WITH_LEVEL.finditer(folded, lo, hi):
            found = match_org(text, folded, m.start())
            if found is None or found[1].kind != issuer.kind or found[1].unit_level is None:
                continue
            if issuer.unit_level is not None and found[1].unit_level != issuer.unit_level:
                continue  # `UBND xã` known: only a commune's name can complete it
            candidates.append(found[1])
    # the signature's `TM. ỦY BAN NHÂN DÂN XÃ PÁ MA` names the place; `UBND xã` in a list does not
    if not candidates:
        return issuer
    org = min(candidates, key=lambda o: not is_placed(o))  # stable: the first placed one, else the first
    return replace(
        issuer,
        unit_level=org.unit_level,
        unit_kind=org.unit_kind,
        province=issuer.province or org.province,
        district=issuer.district or org.district,
        commune=issuer.commune or org.commune,
    )


# The Youth Union's and the Pioneers' names written where the State's motto stands (folded).
_UNION_MOTTOS = frozenset(
    {"doan tncs ho chi minh", "doi tntp ho chi minh", "doi thieu nien tien phong ho chi minh"}
)


def _header_org(text: str, folded: str, header_end: int, context: OrgRef) -> tuple[OrgRef | None, OrgRef]:
    """The last organization line of the header (the issuer), with the lines above it as context."""
    issuer = None
    for start, end in line_spans(folded, 0, header_end):
        pos = start
        while pos < end and folded[pos] in " \t*_#|":
            pos += 1
        if pos >= end:
            continue  # a blank (or blanked portal) line: the next line's body is read on its own line
        if folded.startswith(("-", "+", "•"), pos):
            continue  # a recipient list (`- Trung ương Hội Nông dân Việt Nam;`), never the issuer
        if _MOTTO_COLUMN.match(folded, pos):
            continue  # the motto's own line names no body (nor a commune `Cộng Hòa`)
        if _type_heading_line(text, folded, pos, end):
            if issuer is None and _MOTTO_COLUMN.search(folded, end, header_end):
                continue  # a web page's title (`KẾ HOẠCH Thực hiện …`) above the whole header
            break  # the type heading: the issuer's lines are above it
        if issuer is not None and folded[pos:end].strip(" *_") in _UNION_MOTTOS:
            continue  # `BCH ĐOÀN TỈNH LÂM ĐỒNG | ĐOÀN TNCS HỒ CHÍ MINH`: the right column's motto
        party = PARTY_ORGANISATION.match(folded, pos)
        if party:
            level = {
                "tinh": "province",
                "thanh pho": "province",
                "huyen": "district",
                "quan": "district",
                "thi xa": "district",
            }.get(party["word"], "commune")
            _, unit, _ = place_name(text, folded, party.end(), level)
            if unit is not None:
                context = _merge_place(context, unit)
            continue
        found = match_org(text, folded, pos)
        if found is None:
            continue
        org = found[1]
        if org.kind in ("ubnd", "hdnd") and org.unit_level is None and not org.province:
            # "ỦY BAN NHÂN DÂN" on one line, "HUYỆN TÂY HÒA" on the next (or after the motto's line, when
            # a two-column header table was read row by row: left cell, right cell, left cell, …)
            below = _line_below(folded, end, header_end)
            nxt = folded.find("\n", below)
            _, place = _unit_line(text, folded, below, nxt if nxt > 0 else header_end)
            if place is not None:
                org = replace(org, **place)  # type: ignore[arg-type]  # str | None fields of OrgRef
        if issuer is not None and _is_parent_line(issuer, org):
            context = _merge_org(context, issuer)
        issuer = org
    return issuer, context


def _line_below(folded: str, end: int, header_end: int) -> int:
    """Where the line under the one ending at `end` starts, past blank lines and up to two lines of the
    motto's column (`CỘNG HÒA XÃ HỘI …`, `Độc lập - Tự do - Hạnh phúc`)."""
    start, mottos = end + 1, 0
    while start < header_end:
        stop = folded.find("\n", start)
        stop = stop if stop >= 0 else header_end
        line = folded[start:stop].strip(" \t*_#|-–—=")
        if line and (not _MOTTO_COLUMN.match(line) or mottos == 2):
            return start
        mottos += 1 if line else 0
        start = stop + 1
    return end + 1


def _type_heading_line(text: str, folded: str, pos: int, end: int) -> bool:
    """A line that is only the type heading (`KẾ HOẠCH`, `QUYẾT ĐỊNH`, `Kế Hoạch`), written as a heading."""
    return folded[pos:end].strip(" *_") in symbols.TYPE_WORDS and heading_case(text[pos:end].strip(" *_"))


def _unit_line(text: str, folded: str, start: int, end: int) -> tuple[int, dict[str, str | None] | None]:
    pos = start
    while pos < len(folded) and folded[pos] in " \t*_#|\n-–—=":  # decoration rules (`--------`) too
        pos += 1
    if _MOTTO_COLUMN.match(folded, pos):
        return start, None  # the motto's column, not the committee's place (`ỦY BAN NHÂN DÂN | CỘNG HÒA`)
    stop, org = match_unit(text, folded, pos, "ubnd", None, None)
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


def _merge_place(context: OrgRef, unit: gazetteer.Unit) -> OrgRef:
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
