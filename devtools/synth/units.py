"""The real pre-July-2025 administrative units the synthetic corpus is written for, and the names
of the bodies that sit at each of them.

Units come from `ingest.gazetteer` (63 provinces, 696 districts, 10,035 communes), ordered by
official code so the corpus does not depend on how the gazetteer sorts. Body names follow the
conventions of `ingest.places.names` (`UBND huyện Núi Thành`, `Thành ủy Hà Nội`, `Đảng ủy xã Tam Hiệp`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from ingest import gazetteer
from ingest.gazetteer import Unit
from ingest.normalize import fold

# Party committee of a district, by the district's unit word, and the body code in its symbols.
DISTRICT_PARTY = {
    "huyện": ("Huyện ủy", "HU"),
    "quận": ("Quận ủy", "QU"),
    "thị xã": ("Thị ủy", "TU"),
    "thành phố": ("Thành ủy", "TU"),
}


@dataclass(frozen=True)
class District:
    unit: Unit
    communes: tuple[Unit, ...]


@dataclass(frozen=True)
class Province:
    unit: Unit
    capital: str  # name written in the place-and-date line of provincial documents
    districts: tuple[District, ...]


def _code_key(u: Unit) -> tuple[int, str]:
    return (int(u.code), u.code)


@cache
def national() -> tuple[Province, ...]:
    """All provinces with their districts and communes, by official code."""
    communes_of: dict[str, list[Unit]] = {}
    for c in gazetteer.communes():
        communes_of.setdefault(c.district_code or "", []).append(c)
    districts_of: dict[str, list[Unit]] = {}
    for d in gazetteer.districts():
        districts_of.setdefault(d.province_code, []).append(d)
    out = []
    for p in sorted(gazetteer.provinces(), key=_code_key):
        ds = sorted(districts_of.get(p.code, []), key=_code_key)
        districts = tuple(District(d, tuple(sorted(communes_of.get(d.code, []), key=_code_key))) for d in ds)
        out.append(Province(p, capital_of(p, ds), districts))
    return tuple(out)


def capital_of(province: Unit, districts: list[Unit]) -> str:
    """The seat of a province: the city itself for a centrally-run city, else its first city by code."""
    if province.kind == "thành phố":
        return province.name
    cities = [d for d in districts if d.kind == "thành phố"]
    return (cities or districts or [province])[0].name


def ubnd_name(u: Unit) -> str:
    """`UBND tỉnh Quảng Nam`, `UBND quận Ba Đình`, `UBND thị trấn Hà Trung`."""
    return f"UBND {u.kind} {u.name}"


def ubnd_long(u: Unit) -> str:
    """`Ủy ban nhân dân huyện Núi Thành`."""
    return f"Ủy ban nhân dân {u.kind} {u.name}"


def party_body(u: Unit) -> tuple[str, str]:
    """The Party committee of a unit and the body code of its symbols: (`Huyện ủy Núi Thành`, `HU`)."""
    if u.level == "province":
        word = "Thành ủy" if u.kind == "thành phố" else "Tỉnh ủy"
        return f"{word} {u.name}", "TU"
    if u.level == "district":
        word, code = DISTRICT_PARTY.get(u.kind, ("Huyện ủy", "HU"))
        return f"{word} {u.name}", code
    return f"Đảng ủy {u.kind} {u.name}", "ĐU"


def place_phrase(u: Unit) -> str:
    """`tỉnh Quảng Nam`, `huyện Núi Thành`, `xã Tam Hiệp`."""
    return f"{u.kind} {u.name}"


def slug(text: str) -> str:
    """ASCII lower-case slug: `Quảng Nam` -> `quang-nam`."""
    out = "".join(c if c.isalnum() and c.isascii() else "-" for c in fold(text))
    return "-".join(part for part in out.split("-") if part)
