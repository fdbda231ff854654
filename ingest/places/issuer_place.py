"""Where a document's issuer sits: the places its header leaves out, filled from the header's upper
lines, the place-and-date line (`Tây Sơn, ngày …`) and the units the body names (`UBND huyện Lục Yên`),
checked against the gazetteer. `ingest.places.issuer` finds the body; this module places it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from functools import lru_cache

from ingest import gazetteer
from ingest.gazetteer_names import has_diacritics, tone_key
from ingest.model import OrgRef
from ingest.normalize import fold_keep_length
from ingest.places.match import match_org
from ingest.places.names import is_placed, org_level
from ingest.places.units import match_unit, place_name

# The place-and-date line: `Hà Nội, ngày 31 tháng 3 năm 2025`, `Thị trấn, ngày  tháng 5 năm 2024`.
PLACE_DATE = re.compile(r"(?m)^[ \t*_]*(?P<place>[^\n,]{0,40}),\s*(?P<date>ngay[^\n]{0,40})$")


def place_issuer(text: str, folded: str, issuer: OrgRef, context: OrgRef, header_end: int) -> OrgRef:
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
        if other_province and districts_of(issuer.district or "", province=unit.name):
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
        return bool(districts_of(issuer.district, province=province))
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
                units = districts_of(org.district, province=org.province)
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
    return districts_of(communes[0].district, province=communes[0].province)[:1] or communes


@lru_cache(maxsize=65536)
def _communes_cached(name: str, district: str | None, province: str | None) -> tuple[gazetteer.Unit, ...]:
    return tuple(gazetteer.find_communes(name, district=district, province=province))


def _communes(name: str, district: str | None = None, province: str | None = None) -> list[gazetteer.Unit]:
    return list(_communes_cached(name, district, province))


@lru_cache(maxsize=65536)
def _districts_cached(name: str, province: str | None) -> tuple[gazetteer.Unit, ...]:
    return tuple(gazetteer.find_districts(name, province=province))


def districts_of(name: str, province: str | None = None) -> list[gazetteer.Unit]:
    return list(_districts_cached(name, province))


@lru_cache(maxsize=4096)
def _province(name: str) -> gazetteer.Unit | None:
    return gazetteer.find_province(name)
