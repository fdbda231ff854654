"""The document's own issuer and its place (`parse_document` asks for it).

The issuer is the last organization line of the header (`ỦY BAN NHÂN DÂN` / `HUYỆN TÂY HÒA`), or
the body naming itself (`UBND Thị trấn Hà Trung xây dựng Kế hoạch…`), or what the symbol and the
signature block say of its kind. Its place is filled from the header's upper lines, the
place-and-date line and the units the body names, checked against the gazetteer.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from functools import lru_cache

from ingest import gazetteer, symbols
from ingest.gazetteer_names import has_diacritics, tone_key
from ingest.model import DocMeta, OrgRef
from ingest.normalize import fold_keep_length, heading_case, line_spans
from ingest.places.match import after_reform, match_org, match_unit, on_2025_map, place_name
from ingest.places.names import central_org, is_placed, org_level

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

# The place-and-date line: `Hà Nội, ngày 31 tháng 3 năm 2025`, `Thị trấn, ngày  tháng 5 năm 2024`.
PLACE_DATE = re.compile(r"(?m)^[ \t*_]*(?P<place>[^\n,]{0,40}),\s*(?P<date>ngay[^\n]{0,40})$")


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
    placed = _place(text, folded, issuer, context, header_end, meta)
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
    if not reformed and _districts(issuer.province, province=issuer.province):
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
            # "ỦY BAN NHÂN DÂN" on one line, "HUYỆN TÂY HÒA" on the next
            nxt = folded.find("\n", end + 1)
            _, place = _unit_line(text, folded, end + 1, nxt if nxt > 0 else header_end)
            if place is not None:
                org = replace(org, **place)  # type: ignore[arg-type]  # str | None fields of OrgRef
        if issuer is not None and _is_parent_line(issuer, org):
            context = _merge_org(context, issuer)
        issuer = org
    return issuer, context


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


def _place(text: str, folded: str, issuer: OrgRef, context: OrgRef, header_end: int, meta: DocMeta) -> OrgRef:
    """Fill the issuer's missing places from the header context, the place line and the body."""
    if org_level(issuer) == "central":
        return issuer
    return _school_commune(_fill_places(text, folded, issuer, context, header_end))


# A school named after its commune: `Trường THCS Nghĩa Điền`, `Trường Mầm non Phong Vân`,
# `Trường PTDTBT TH&THCS Bản Lầu` (folded; the level words, then the place).
_SCHOOL_NAME = re.compile(
    r"truong\s+(?:(?:pho thong dan toc (?:ban tru|noi tru)|ptdtbt|ptdtnt|lien cap)\s+)?"
    r"(?:(?:mam non|mau giao|nha tre|tieu hoc|trung hoc co so|trung hoc pho thong|thcs|thpt|th|mn|mg)"
    r"(?:\s*(?:va|&)\s*(?=t))?\s*)+\s(?P<place>[a-z].*)$"
)


def _school_commune(issuer: OrgRef) -> OrgRef:
    """The commune of a school placed in a district, when its name is that of one commune there."""
    if issuer.kind != "truong" or issuer.commune or not issuer.district or not issuer.name:
        return issuer
    name = issuer.name
    m = _SCHOOL_NAME.match(fold_keep_length(name))
    if m is None:
        return issuer
    found = _communes(name[m.start("place") :], district=issuer.district, province=issuer.province)
    return replace(issuer, commune=found[0].name) if len(found) == 1 else issuer


def _fill_places(text: str, folded: str, issuer: OrgRef, context: OrgRef, header_end: int) -> OrgRef:
    context = _commune_decides(issuer, context)
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
    for unit, count in _body_units(text, folded, header_end):
        if count > 1 and unit.level in ("commune", "district"):
            continue  # `phường Nguyễn Trãi` of three provinces: no place from a guess (the corpus may tell)
        issuer = _fill(issuer, unit)
        if is_placed(issuer) and issuer.province:
            break
    return issuer


def _commune_decides(issuer: OrgRef, context: OrgRef) -> OrgRef:
    """`ĐẢNG BỘ HUYỆN BẢO LÂM` / `ĐẢNG ỦY XÃ LỘC PHÚ`: a district name found in two provinces (Bảo Lâm of
    Cao Bằng and of Lâm Đồng) is the one that has the commune below it."""
    if not (issuer.commune and context.district) or issuer.district:
        return context
    found = gazetteer.find_communes(issuer.commune, district=context.district)
    provinces = {u.province for u in found}
    if len(provinces) != 1:
        return context
    return replace(context, province=provinces.pop())


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
        found = [u for u in _communes(name, district=district, province=province) if _same_name(name, u.name)]
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


def _same_name(written: str, name: str) -> bool:
    """`Thành Sơn` is not `Thanh Sơn`: a name written with its marks must keep them (no marks: any)."""
    return not has_diacritics(written) or tone_key(written) == tone_key(name)


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
        if org.unit_level != "district":
            continue  # a commune's district is the matcher's guess when the text does not name it
        if org.district and org.province and (org.province, org.district) not in out:
            out.append((org.province, org.district))
    return out


def _agree_with_body(text: str, folded: str, header_end: int, issuer: OrgRef) -> OrgRef:
    """A commune or district name found in several places: the one inside a unit the text names.

    Units named in the body (`của UBND thành phố Thủ Dầu Một`) count before the place-and-date line,
    which usually repeats the issuer's own name (`Phú Hòa, ngày …`) and proves nothing. A name that
    several units bear (`huyện Tam Nông` of Phú Thọ and of Đồng Tháp) proves nothing either, unless
    the issuer's commune lies in only one of them.
    """
    for unit, count in _body_units(text, folded, header_end, with_place_line=False):
        if unit.level == "district" and issuer.commune and unit.name != issuer.district:
            scope = unit.province if count == 1 else None  # `huyện Tam Nông`: any province's
            found = _communes(issuer.commune, district=unit.name, province=scope)
            if found and len({u.province for u in found}) == 1:
                return replace(issuer, province=found[0].province, district=unit.name)
        if unit.level == "province" and issuer.commune and unit.name != issuer.province:
            kind = issuer.unit_kind if issuer.unit_kind in ("xã", "phường", "thị trấn") else None
            found = _communes(f"{kind} {issuer.commune}" if kind else issuer.commune, province=unit.name)
            if len(found) == 1:  # "xã Tân Mỹ" of a text that names UBND tỉnh Long An
                return replace(issuer, province=unit.name, district=found[0].district)
        other_province = unit.level == "province" and issuer.district and unit.name != issuer.province
        if other_province and _districts(issuer.district or "", province=unit.name):
            return replace(issuer, province=unit.name)
        if count == 1 and unit.level in ("district", "province") and (
            unit.name in (issuer.district, issuer.province) or unit.province == issuer.province
        ):
            return issuer  # the text's own places agree with the issuer's
    return issuer


def _fill(issuer: OrgRef, unit: gazetteer.Unit) -> OrgRef:
    level = issuer.unit_level
    if issuer.province and unit.province and unit.province != issuer.province and unit.level != "province":
        return issuer
    if not issuer.province and unit.level != "province" and not _lies_in(issuer, unit.province):
        return issuer  # `xã Luong Minh` (no marks) takes no province from another commune the text names
    if unit.level == "province":
        return replace(issuer, province=issuer.province or unit.name)
    if unit.level == "district":
        if issuer.district and not _same_place(issuer.district, unit.name):
            return issuer
        if level in ("district", "commune", "unit", None):
            return replace(
                issuer,
                province=issuer.province or unit.province or None,
                district=unit.name,
                unit_level=level or "district",
                unit_kind=issuer.unit_kind or (unit.kind if level in (None, "district") else None),
            )
        return replace(issuer, province=issuer.province or unit.province or None)
    # commune
    if level in ("commune", "unit") and not issuer.commune:
        if issuer.district and not _same_place(issuer.district, unit.district or ""):
            return issuer
        return replace(
            issuer,
            province=issuer.province or unit.province or None,
            district=unit.district,
            commune=unit.name,
            unit_kind=issuer.unit_kind or unit.kind,
        )
    if level in ("district", None) and not issuer.district:
        return replace(issuer, province=issuer.province or unit.province or None, district=unit.district)
    return replace(issuer, province=issuer.province or unit.province or None)


def _same_place(name: str, unit_name: str) -> bool:
    """`Phu Ninh` (written without marks) is `Phú Ninh`; `Thanh Sơn` is not `Thành Sơn`."""
    if name == unit_name:
        return True
    return _same_name(name, unit_name) and fold_keep_length(name) == fold_keep_length(unit_name)


def _lies_in(issuer: OrgRef, province: str) -> bool:
    """Whether the issuer's own commune or district (when it has one) is a unit of that province."""
    if issuer.commune:
        return bool(_communes(issuer.commune, district=issuer.district, province=province))
    if issuer.district:
        return bool(_districts(issuer.district, province=province))
    return True


_UNIT_PHRASE = re.compile(
    r"(?<![a-z])(?:huyen|thi tran|tinh|thi xa|xa(?!\s+hoi\s+chu)|quan|phuong|thanh pho)\s+(?=\w)"
)
# The unit words as written: `Quan Sơn`, `Quan Hoa` (names) fold to `quan` as `quận` does.
_UNIT_WORDS_WRITTEN = frozenset(
    {"huyện", "thị trấn", "tỉnh", "thị xã", "xã", "quận", "phường", "thành phố"}
)


def _is_unit_word(text: str, m: re.Match[str]) -> bool:
    """The folded unit word is one as written, or the text has no diacritics there to tell (a stray
    `¸` or `–` of an OCR text is no mark: only letters count)."""
    written = " ".join(text[m.start() : m.end()].lower().split())
    if written in _UNIT_WORDS_WRITTEN:
        return True
    return not any(c.isalpha() and not c.isascii() for c in text[max(0, m.start() - 200) : m.end() + 200])


def _body_units(
    text: str, folded: str, header_end: int, with_place_line: bool = True
) -> Iterator[tuple[gazetteer.Unit, int]]:
    """Each place named, as its first candidate unit and the number of units of that name."""
    place_line = PLACE_DATE.search(folded, 0, max(header_end, 1500)) if with_place_line else None
    if place_line:
        end, unit, _ = place_name(text, folded, place_line.start("place"), None)
        if unit is not None:
            yield unit, 1
    yield from _named_units(text, folded)


# The units named in the opening of the last text asked about: `_fill_places` and `_agree_with_body` both
# walk them, and matching each unit phrase is most of what a header costs. Read lazily: a walk usually
# stops at the first unit (the issuer's own place agrees), so the phrases after it are never matched.
_last_named: tuple[str, str, _NamedUnits] | None = None


class _NamedUnits:
    """The unit phrases of a text's opening, matched one by one as a walk asks for them, kept for the
    next walk over the same text."""

    def __init__(self, text: str, folded: str) -> None:
        self._found: list[tuple[gazetteer.Unit, int]] = []
        self._rest: Iterator[tuple[gazetteer.Unit, int]] | None = _match_named_units(text, folded)

    def __iter__(self) -> Iterator[tuple[gazetteer.Unit, int]]:
        i = 0
        while True:
            if i < len(self._found):
                yield self._found[i]
                i += 1
                continue
            if self._rest is None:
                return
            item = next(self._rest, None)
            if item is None:
                self._rest = None
                return
            self._found.append(item)


def _named_units(text: str, folded: str) -> _NamedUnits:
    """Each unit phrase of the first 4,000 characters: its first candidate unit, how many bear its name."""
    global _last_named
    if _last_named is not None and text is _last_named[0] and folded is _last_named[1]:
        return _last_named[2]
    units = _NamedUnits(text, folded)
    _last_named = (text, folded, units)
    return units


def _match_named_units(text: str, folded: str) -> Iterator[tuple[gazetteer.Unit, int]]:
    for m in _UNIT_PHRASE.finditer(folded[:4000]):
        if not _is_unit_word(text, m):
            continue
        _, org = match_unit(text, folded, m.start(), "ubnd", None, None)
        if org.commune or org.district or org.province:
            if org.commune:
                units = _communes(org.commune, district=org.district, province=org.province)
            elif org.district:
                units = _districts(org.district, province=org.province)
            else:
                p = _province(org.province or "")
                units = [p] if p else []
            if len(units) > 1 and units[0].level == "commune":
                units = _common_district(units)
            if units:
                yield units[0], len(units)


def _common_district(communes: list[gazetteer.Unit]) -> list[gazetteer.Unit]:
    """Communes that one name fits (`Tam Dan` without marks: Tam Dân and Tam Đàn) all in one district: that
    district is named for sure, though the commune is not."""
    if len({(u.province, u.district) for u in communes}) != 1 or not communes[0].district:
        return communes
    return _districts(communes[0].district, province=communes[0].province)[:1] or communes


@lru_cache(maxsize=65536)
def _communes_cached(name: str, district: str | None, province: str | None) -> tuple[gazetteer.Unit, ...]:
    return tuple(gazetteer.find_communes(name, district=district, province=province))


def _communes(name: str, district: str | None = None, province: str | None = None) -> list[gazetteer.Unit]:
    return list(_communes_cached(name, district, province))


@lru_cache(maxsize=65536)
def _districts_cached(name: str, province: str | None) -> tuple[gazetteer.Unit, ...]:
    return tuple(gazetteer.find_districts(name, province=province))


def _districts(name: str, province: str | None = None) -> list[gazetteer.Unit]:
    return list(_districts_cached(name, province))


@lru_cache(maxsize=4096)
def _province(name: str) -> gazetteer.Unit | None:
    return gazetteer.find_province(name)
