"""Organization nodes: canonical Vietnamese names, levels, parents and stable ids of `OrgRef`s.

>>> from ingest.model import OrgRef
>>> org = OrgRef(kind="ubnd", unit_level="district", province="Quảng Nam", district="Núi Thành",
...              unit_kind="huyện")
>>> org_name(org), org_level(org), org_id(org)
('UBND huyện Núi Thành', 'district', 'org:ubnd-huyen-nui-thanh.quang-nam')
>>> org_name(parent_of(org))
'UBND tỉnh Quảng Nam'
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import cache, lru_cache

from ingest import gazetteer
from ingest.model import OrgRef
from ingest.normalize import fold

CENTRAL_NAMES = {
    "bo_chinh_tri": "Bộ Chính trị",
    "ban_bi_thu": "Ban Bí thư",
    "bch_tw": "Ban Chấp hành Trung ương Đảng",
    "quoc_hoi": "Quốc hội",
    "ubtvqh": "Ủy ban Thường vụ Quốc hội",
    "chinh_phu": "Chính phủ",
    "thu_tuong": "Thủ tướng Chính phủ",
    "vpcp": "Văn phòng Chính phủ",
    "un": "Liên Hợp Quốc",
}

_PROVINCE_CITIES = {"Hà Nội", "Hồ Chí Minh", "Hải Phòng", "Đà Nẵng", "Cần Thơ"}


@lru_cache(maxsize=262144)
def slug(text: str) -> str:
    """URL-safe lower-case ASCII: `UBND huyện Núi Thành` -> `ubnd-huyen-nui-thanh`."""
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")


def province_word(province: str | None) -> str:
    return "thành phố" if province in _PROVINCE_CITIES else "tỉnh"


_DISTRICT_WORDS = ("huyện", "quận", "thị xã", "thành phố")
_COMMUNE_WORDS = ("xã", "phường", "thị trấn")


def _unit_phrase(org: OrgRef, stated: bool = False) -> str:
    """`huyện Núi Thành`, `tỉnh Hải Dương`, `thị trấn Hà Trung`, or '' when the place is unknown.

    For identity the unit word comes from the gazetteer when the place is known there, so `Phòng
    GDĐT huyện Cam Ranh` and `Phòng GDĐT thành phố Cam Ranh` are one body. `stated` keeps the word
    the text used instead (a 2021 text's `huyện Việt Yên`, a thị xã since 2024): the name it had.
    """
    if org.unit_level == "province" and org.province:
        return f"{province_word(org.province)} {org.province}"
    if org.unit_level == "district" and org.district:
        kind = _gazetteer_kind("district", org.district, org.province, None) or org.unit_kind
        if stated and org.unit_kind in _DISTRICT_WORDS:
            kind = org.unit_kind
        return f"{kind if kind in ('quận', 'thị xã', 'thành phố') else 'huyện'} {org.district}"
    if org.unit_level == "commune" and org.commune:
        kind = _gazetteer_kind("commune", org.commune, org.province, org.district) or org.unit_kind
        if stated and org.unit_kind in _COMMUNE_WORDS:
            kind = org.unit_kind
        return f"{kind if kind in ('phường', 'thị trấn') else 'xã'} {org.commune}"
    return ""


@cache
def _gazetteer_kind(level: str, name: str, province: str | None, district: str | None) -> str | None:
    if not province:
        return None
    if level == "district":
        found = gazetteer.find_districts(name, province=province)
    else:
        found = gazetteer.find_communes(name, district=district, province=province) if district else []
    if len(found) != 1 or (level == "district" and gazetteer.fold(found[0].name) != gazetteer.fold(name)):
        return None  # unknown, or a district merged into another (`Hoành Bồ` into `Hạ Long`): not its kind
    return found[0].kind.lower()


@lru_cache(maxsize=262144)
def org_name(org: OrgRef) -> str:
    """Full Vietnamese name with diacritics, as CONTRACT.md wants it, with the unit word the text used."""
    return _name(org, stated=True)


@lru_cache(maxsize=262144)
def canonical_name(org: OrgRef) -> str:
    """The name with the gazetteer's unit word: what identifies the body across its renamings."""
    return _name(org, stated=False)


def _name(org: OrgRef, stated: bool) -> str:
    if org.kind in CENTRAL_NAMES:
        return CENTRAL_NAMES[org.kind]
    if org.kind == "bo":
        return org.name or "Bộ"
    unit = _unit_phrase(org, stated)
    if org.kind in ("ubnd", "hdnd"):
        head = "UBND" if org.kind == "ubnd" else "HĐND"
        return f"{head} {unit}".strip() if unit else f"{head} {org.unit_kind or ''}".strip()
    if org.kind == "tinh_uy":
        word = "Thành ủy" if org.province in _PROVINCE_CITIES else "Tỉnh ủy"
        return f"{word} {org.province}" if org.province else word
    if org.kind == "huyen_uy":
        known = _gazetteer_kind("district", org.district, org.province, None) if org.district else None
        word = {"quận": "Quận ủy", "thị xã": "Thị ủy", "thành phố": "Thành ủy"}.get(
            known or org.unit_kind or "", "Huyện ủy"
        )
        return f"{word} {org.district}" if org.district else word
    if org.kind == "dang_uy":
        return f"Đảng ủy {unit}".strip() if unit else "Đảng ủy"
    if org.kind in ("so", "phong"):
        head = ("Sở " if org.kind == "so" else "Phòng ") + (org.name or "")
        return f"{head} {unit}".strip()
    if org.kind == "truong":
        return org.name or "Trường"
    if org.kind == "mass":
        return f"{org.name} {unit}".strip() if unit else (org.name or "Tổ chức")
    if org.name and unit:
        # a body the matcher does not know, known by its place (`Quỹ Bảo trợ trẻ em tỉnh Kon Tum`): the
        # place is part of its name, and of its id (two provinces' funds are two bodies)
        return f"{org.name} {unit}"
    return org.name or "Cơ quan không rõ"


_FIXED_LEVELS = {
    "tinh_uy": "province",
    "so": "province",
    "huyen_uy": "district",
    "phong": "district",
    "dang_uy": "commune",
    "truong": "unit",
}


def org_level(org: OrgRef) -> str:
    if org.kind in CENTRAL_NAMES or org.kind == "bo":
        return "central"
    return _FIXED_LEVELS.get(org.kind) or org.unit_level or "unit"


@lru_cache(maxsize=262144)
def org_id(org: OrgRef) -> str:
    """Stable id: the slug of the name, plus the province (and district) where names repeat."""
    base = "org:" + slug(canonical_name(org))
    level = org_level(org)
    if level in ("district", "unit") and org.province:
        base += "." + slug(org.province)
    elif level == "commune":
        places = [slug(p) for p in (org.district, org.province) if p]
        base += "." + ".".join(places) if places else ""  # an unplaced commune body: no trailing dot
    return base


def parent_of(org: OrgRef) -> OrgRef | None:
    """The body it belongs to: Phòng -> UBND huyện, Sở -> UBND tỉnh, UBND xã -> UBND huyện ..."""
    if org.kind in ("phong",) and org.district:
        return OrgRef(
            kind="ubnd",
            unit_level="district",
            province=org.province,
            district=org.district,
            unit_kind=org.unit_kind,
        )
    if org.kind == "so" and org.province:
        return OrgRef(kind="ubnd", unit_level="province", province=org.province)
    if org.kind in ("ubnd", "hdnd") and org.unit_level == "commune" and org.district:
        return OrgRef(kind=org.kind, unit_level="district", province=org.province, district=org.district)
    if org.kind in ("ubnd", "hdnd") and org.unit_level == "district" and org.province:
        return OrgRef(kind=org.kind, unit_level="province", province=org.province)
    if org.kind == "huyen_uy" and org.province:
        return OrgRef(kind="tinh_uy", unit_level="province", province=org.province)
    if org.kind == "dang_uy" and org.district:
        return OrgRef(kind="huyen_uy", unit_level="district", province=org.province, district=org.district)
    if org.kind == "thu_tuong":
        return OrgRef(kind="chinh_phu")
    return None


def is_placed(org: OrgRef) -> bool:
    """True when a local body knows the place at its own level."""
    if org_level(org) == "central":
        return True
    return bool(
        {
            "province": org.province,
            "district": org.district,
            "commune": org.commune,
            "unit": org.province or org.district,
        }.get(org.unit_level or "unit")
    )


def with_context(org: OrgRef, context: OrgRef | None) -> OrgRef:
    """Fill the places a phrase left out (`UBND huyện`, `Huyện ủy`) from the citing body's own place.

    `của ủy ban nhân dân tỉnh` inside a Bình Dương document is UBND tỉnh Bình Dương.
    """
    if context is None or org_level(org) == "central":
        return org
    if org.unit_level is None and org.unit_kind == "thành phố":
        # "UBND thành phố" with no name: the city the reader is in, a district-level one if any
        level = (
            "district"
            if context.unit_kind == "thành phố" and context.district
            else (
                "province"
                if context.province in _PROVINCE_CITIES
                else "district"
                if context.district
                else "province"
            )
        )
        org = replace(org, unit_level=level)
    province = org.province or context.province
    district, commune = org.district, org.commune
    if org.unit_level in ("district", "commune", "unit") and not district and province == context.province:
        district = context.district
    if org.unit_level in ("commune", "unit") and not commune and district == context.district:
        commune = context.commune
    unit_kind = org.unit_kind
    if not unit_kind and org.unit_level == context.unit_level:
        unit_kind = context.unit_kind
    return replace(org, province=province, district=district, commune=commune, unit_kind=unit_kind)


def central_org(name: str) -> OrgRef:
    """The OrgRef of a central body by its name (`Bộ Chính trị`, `Bộ Y tế`, ...)."""
    for kind, known in CENTRAL_NAMES.items():
        if known == name:
            return OrgRef(kind=kind)
    return OrgRef(kind="bo", name=name)
