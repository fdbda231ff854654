"""Vietnamese administrative units before July 2025, over the `vietnamadminunits` 1.0.4 data.

Provinces (63), districts (696) and communes (10,035) with official codes and
coordinates, looked up by name in any common spelling, and mapped to the unit
that replaced them in the July 2025 reform (34 provinces, no districts).
The units and their indexes are built in `ingest.gazetteer_tables`; this module
is the interface to them: listing, look-up by name, the July 2025 map.

>>> find_province("TP. Hồ Chí Minh").full_name
'Thành phố Hồ Chí Minh'
>>> find_province("thừa thiên - huế").name
'Huế'
>>> [(u.full_name, u.province) for u in find_districts("huyện Núi Thành")]
[('Huyện Núi Thành', 'Quảng Nam')]
>>> [(u.code, u.full_name) for u in find_communes("TT Hà Trung", province="Thanh Hoá")]
[('15271', 'Thị trấn Hà Trung')]
>>> successor_2025(unit("15271"))
'Xã Hà Trung, Tỉnh Thanh Hóa'
>>> successor_2025(find_province("Quảng Nam"))
'Thành phố Đà Nẵng'
>>> len(find_districts("Châu Thành")) > 1, len(find_districts("Châu Thành", province="Long An"))
(True, 1)

Limitations:

- The data is one snapshot: the units as they stood just before July 2025,
  not a per-date history. Units merged or renamed earlier are found through
  the package's aliases and return the unit of the snapshot: `Quận 9` gives
  `Thành phố Thủ Đức`, `Huyện Quế Võ` gives `Thị xã Quế Võ`, `Thừa Thiên Huế`
  gives the province `Huế` (a `thành phố` since January 2025). A district
  that was split (`Thành phố Huế` as a district, `Huyện Lộc Hà`) gives the
  package's default successor only.
- Names compare without diacritics first; when several units then match and
  the query carries diacritics, only those whose diacritics agree are kept
  (`Hương Vân` vs `Hương Văn`), whatever the tone-mark placement.
- Coordinates are the package's geocoded centres. Every province, district
  and commune of the snapshot has its own; a commune without one would get its
  district's (none does in 1.0.4). The 5 island districts without communes
  (Bạch Long Vĩ, Cồn Cỏ, Hoàng Sa, Lý Sơn, Côn Đảo) are districts only.
- The 2025 successor of a commune that was split among several new communes
  is the one the package marks as default.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import cache, lru_cache

from ingest import gazetteer_data as data
from ingest.gazetteer_names import NameParse, clean, compact, fold, has_diacritics, split_unit_word, tone_key
from ingest.gazetteer_tables import Level, Unit, sort_key, tables
from ingest.normalize import fold as fold_text  # NFC-folded text, not the name key of `fold`

__all__ = [
    "Unit",  # the type of every unit given here (defined with the tables)
    "provinces",
    "districts",
    "communes",
    "unit",
    "find_province",
    "find_districts",
    "find_communes",
    "successor_2025",
    "successor_province_2025",
    "fold",
]


# ---------------------------------------------------------------- listing


def provinces() -> list[Unit]:
    """The 63 provinces before July 2025, sorted by name (accent-free order)."""
    return list(tables().province.units)


def _resolve_one(finder: Callable[[str], list[Unit]], name: str, what: str) -> Unit:
    found = finder(name)
    if len(found) != 1:
        raise ValueError(f"{what} {name!r}: {'unknown' if not found else 'ambiguous'}")
    return found[0]


def _province_or_fail(province: str) -> Unit:
    return _resolve_one(lambda n: [p] if (p := find_province(n)) else [], province, "province")


def districts(province: str | None = None) -> list[Unit]:
    """All 696 districts, or those of one province (name or code); sorted by province, then name.

    Raises ValueError for an unknown province.
    """
    units = tables().district.units
    if province is None:
        return list(units)
    code = _province_or_fail(province).code
    return [u for u in units if u.province_code == code]


def communes(province: str | None = None, district: str | None = None) -> list[Unit]:
    """All communes, or those of one province and/or district (names or codes), sorted by name.

    Raises ValueError for an unknown province, or a district unknown or
    ambiguous (`Châu Thành` without its province).
    """
    units = tables().commune.units
    if province is not None:
        code = _province_or_fail(province).code
        units = tuple(u for u in units if u.province_code == code)
    if district is not None:
        d = _resolve_one(lambda n: find_districts(n, province), district, "district")
        units = tuple(u for u in units if u.district_code == d.code)
    return list(units)


def unit(code: str) -> Unit | None:
    """The unit with this official code (`"49"`, `"502"`, `"15271"`), or None."""
    return tables().by_code.get(code.strip())


# ---------------------------------------------------------------- look-up


def _by_code(name: str, level: str) -> list[Unit]:
    """A code given instead of a name (`"49"`), when it is a code of this level."""
    u = unit(name) if name.strip().isdigit() else None
    return [u] if u is not None and u.level == level else []


def _tiers(parses: list[NameParse], lv: Level) -> Iterable[tuple[bool, list[Unit]]]:
    """Candidate units, best tier first; the flag says whether the tier compares names (not aliases)."""
    bare = compact(parses[-1].rest)
    kinded = [p for p in parses if p.kind is not None]
    exact = [u for p in kinded for u in lv.by_name.get(compact(p.rest), ()) if u.kind == p.kind]
    yield True, exact + list(lv.by_name.get(bare, ()))
    yield False, list(lv.by_alias.get(bare, ()))
    yield True, [u for p in kinded if p.kind in lv.loose_kinds for u in lv.by_name.get(compact(p.rest), ())]
    yield False, [u for p in kinded if p.kind in lv.loose_kinds for u in lv.by_alias.get(compact(p.rest), ())]


def _agreeing(found: list[Unit], parses: list[NameParse]) -> list[Unit]:
    """Of units equal without diacritics, those whose diacritics agree with the query's, if any."""
    keys = {tone_key(p.rest) for p in parses if has_diacritics(p.rest)}
    if len(found) < 2 or not keys:
        return found
    agreeing = [u for u in found if tone_key(u.name) in keys or tone_key(u.full_name) in keys]
    return agreeing or found


def _may_name(key: str, keys: frozenset[str]) -> bool:
    """Whether any tier of `_find` could find something: each key a tier looks up is the compact form
    of the whole name or of its part after a unit word, so a suffix of `key`. Most names asked about
    are not names (`Sa Đéc về`, the longest reading of a place phrase tried first): one set look-up per
    suffix instead of the tiers.

    >>> _may_name("sadecve", frozenset({"sadec"})), _may_name("xasadec", frozenset({"sadec"}))
    (False, True)
    """
    return any(key[i:] in keys for i in range(len(key)))


def _find(name: str, lv: Level, keep: Callable[[Unit], bool]) -> list[Unit]:
    """Units of a level named `name`, kept by the scope filter, best tier only, sorted."""
    if not clean(name) or not _may_name(compact(name), lv.keys):
        return []
    parses = split_unit_word(name, lv.kinds)
    for compares_names, found in _tiers(parses, lv):
        scoped = list({u.code: u for u in found if keep(u)}.values())
        if scoped:
            result = _agreeing(scoped, parses) if compares_names else scoped
            return sorted(result, key=sort_key)
    return []


# The gazetteer never changes while the process runs, and a corpus names the same places again and again
# (a graph build of 10,000 documents asks 40,000 times for a few thousand places): look-ups are memoized.
_LOOKUPS_KEPT = 65536


@lru_cache(maxsize=_LOOKUPS_KEPT)
def find_province(name: str) -> Unit | None:
    """The province named `name`: "Quảng Nam", "quang nam", "tỉnh Quảng Nam", "TP. Hồ Chí Minh", "HCM",
    "Thừa Thiên - Huế", "Hoà Bình", or a code ("49"). None when unknown.

    "Thành phố X" is a province only when X is a centrally-run city: `thành phố
    Thanh Hóa` is a district, so it gives None here.
    """
    found = _by_code(name, "province") or _find(name, tables().province, lambda u: True)
    return found[0] if len(found) == 1 else None


def _province_filter(province: str | None) -> Callable[[Unit], bool] | None:
    """A filter on the province, or None when the province is unknown."""
    if province is None:
        return lambda u: True
    p = find_province(province)
    if p is None:
        return None
    return lambda u: u.province_code == p.code


def find_districts(name: str, province: str | None = None) -> list[Unit]:
    """Districts named `name` ("Núi Thành", "huyện Núi Thành", "TX Sơn Tây", "Q.1", a code).

    Several when the name is ambiguous and no province is given; empty when
    nothing matches or the province is unknown.
    """
    return list(_districts(name, province))


@lru_cache(maxsize=_LOOKUPS_KEPT)
def _districts(name: str, province: str | None) -> tuple[Unit, ...]:
    in_province = _province_filter(province)
    if in_province is None:
        return ()
    by_code = [u for u in _by_code(name, "district") if in_province(u)]
    return tuple(by_code or _find(name, tables().district, in_province))


def find_communes(name: str, district: str | None = None, province: str | None = None) -> list[Unit]:
    """Communes named `name` ("Thị trấn Hà Trung", "TT Hà Trung", "P.3", "xã Tam Anh Nam", a code),
    optionally within a district and/or a province. Several when ambiguous.
    """
    return list(_communes(name, district, province))


@lru_cache(maxsize=_LOOKUPS_KEPT)
def _communes(name: str, district: str | None, province: str | None) -> tuple[Unit, ...]:
    in_province = _province_filter(province)
    if in_province is None:
        return ()
    keep = in_province
    if district is not None:
        codes = {d.code for d in _districts(district, province)}
        if not codes:
            return ()
        keep = lambda u: u.district_code in codes  # noqa: E731
    by_code = [u for u in _by_code(name, "commune") if keep(u)]
    return tuple(by_code or _find(name, tables().commune, keep))


# ---------------------------------------------------------------- July 2025


def successor_province_2025(u: Unit) -> str | None:
    """Full name of the province after July 2025 that holds the unit: "Thành phố Đà Nẵng"."""
    old_province_key = tables().old_keys.get(u.province_code)
    new_key = data.province_successors().get(old_province_key or "")
    return data.new_province_names().get(new_key or "")


def successor_2025(u: Unit) -> str | None:
    """The unit that replaced `u` in July 2025, as full names.

    Province -> the new province ("Thành phố Đà Nẵng" for Quảng Nam).
    Commune -> "Xã Hà Trung, Tỉnh Thanh Hóa" (a split commune: the package's default part).
    District -> districts were abolished: the new province that holds it, or, for
    the island districts that became special zones, "Đặc khu Lý Sơn, Tỉnh Quảng Ngãi".
    """
    if u.level == "province":
        return successor_province_2025(u)
    old_key = tables().old_keys.get(u.code)
    if old_key is None:
        return None
    lookup_key = old_key + "_" if u.level == "district" else old_key
    new = data.commune_successors().get(lookup_key)
    if new is None:
        return successor_province_2025(u) if u.level == "district" else None
    row = data.new_units().get(new)
    if row is None:
        return None
    return f"{row['ward']}, {row['province']}"


@cache
def _communes_2025() -> dict[str, tuple[tuple[str, str, str], ...]]:
    """Folded name of each commune of the July 2025 map -> (unit word, name, province) of each holder."""
    out: dict[str, list[tuple[str, str, str]]] = {}
    for row in data.new_units().values():
        word, _, name = _split_unit_word(row["ward"])
        province = _split_unit_word(row["province"])[2]
        out.setdefault(fold_text(name), []).append((word, name, province))
    return {k: tuple(sorted(v)) for k, v in out.items()}


def _split_unit_word(full: str) -> tuple[str, str, str]:
    """`Xã Phố Bảng` -> ("xã", " ", "Phố Bảng"); `Tỉnh Tuyên Quang` -> ("tỉnh", " ", "Tuyên Quang")."""
    for word in ("Thành phố", "Thị trấn", "Đặc khu", "Phường", "Tỉnh", "Xã"):
        if full.startswith(word + " "):
            return word.lower(), " ", full[len(word) + 1 :]
    return "", "", full


def find_communes_2025(name: str, province: str | None = None) -> list[tuple[str, str, str]]:
    """Communes of the July 2025 map by name: (unit word, name, province), e.g. a ward created in 2025.

    >>> find_communes_2025("Phố Bảng")
    [('xã', 'Phố Bảng', 'Tuyên Quang')]
    """
    found = list(_communes_2025().get(fold_text(name).strip(), ()))
    if province:
        found = [f for f in found if fold_text(f[2]) == fold_text(province)] or found
    return found


def on_2025_map(u: Unit) -> tuple[str, str, str] | None:
    """The commune (unit word, name, province) that holds a pre-2025 commune on the July 2025 map."""
    if u.level != "commune":
        return None
    successor = successor_2025(u)
    if not successor or ", " not in successor:
        return None
    ward, province = successor.split(", ", 1)
    word, _, name = _split_unit_word(ward)
    return word, name, _split_unit_word(province)[2]
