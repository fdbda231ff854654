"""Places named in a text: a unit word and a unit name after a body's word (`huyện Núi Thành`, `xã
Lương Minh`, `thành phố Kon Tum`), read against the gazetteer (`place_name`, `match_unit`,
`place_after`), and the July 2025 map (`on_2025_map`, `after_reform`). `ingest.places.match` reads the
bodies; this module reads where they are.
"""

from __future__ import annotations

import dataclasses
import difflib
import re
from functools import lru_cache

from ingest import gazetteer
from ingest.gazetteer_names import has_diacritics
from ingest.model import OrgRef

# Unit words (folded) -> (level, written form). "thành phố" is a province or a district.
_UNIT_WORDS = [
    ("thi tran", "commune", "thị trấn"),
    ("thi xa", "district", "thị xã"),
    ("thanh pho", None, "thành phố"),
    ("tp.", None, "thành phố"),
    ("tp", None, "thành phố"),
    ("tinh", "province", "tỉnh"),
    ("huyen", "district", "huyện"),
    ("quan", "district", "quận"),
    ("phuong", "commune", "phường"),
    ("xa", "commune", "xã"),
]



def words_after(
    folded: str, pos: int, limit: int = 80, joiners: tuple[str, ...] = ("-", "&")
) -> list[tuple[str, int, int]]:
    """Folded words after `pos` with spans [(word, start, end), ...] up to punctuation other than the
    `joiners` (which are kept as tokens)."""
    out: list[tuple[str, int, int]] = []
    chunk = folded[pos : pos + limit]
    for m in re.finditer(r"[a-z0-9]+|[^\sa-z0-9]", chunk):
        token = m.group()
        if not token[0].isalnum() and token not in joiners:
            break
        out.append((token, pos + m.start(), pos + m.end()))
    return out


def place_name(
    text: str, folded: str, pos: int, level: str | None, within: OrgRef | None = None, word: str | None = None
) -> tuple[int, gazetteer.Unit | None, str | None]:
    """Longest gazetteer unit name of `level` starting at `pos` (1-4 words); (end, unit, name).

    With the unit word (`phường`, `thị trấn`), communes of that kind are preferred: `phường Phú Hòa`
    is not `thị trấn Phú Hòa`.
    """
    words = [w for w in words_after(folded, pos, _NAME_WINDOW) if w[0] not in ("-", "&")][:4]
    stop = words[-1][2] if words else pos
    ends = tuple(w[2] - pos for w in words)
    end, unit, name = _place_name_window(text[pos:stop], ends, level, within, word)
    return pos + end, unit, name


# A unit name is read from the 60 characters after its start, at most four words; the same names
# recur across a corpus, so each run of four words is matched once per process.
_NAME_WINDOW = 60


@lru_cache(maxsize=131072)
def _place_name_window(
    text: str, ends: tuple[int, ...], level: str | None, within: OrgRef | None, word: str | None
) -> tuple[int, gazetteer.Unit | None, str | None]:
    """`place_name` on the run of (at most four) words `text`, whose words end at `ends`: the longest
    first."""
    for end in reversed(ends):
        name = text[:end]
        if not re.search(r"\w", name):
            continue
        unit = None
        if word in ("xã", "phường", "thị trấn") and level == "commune":
            found = list(_communes_of_kind(f"{word} {name}"))
            unit = found[0] if len(found) == 1 else (_ambiguous(found, name) if found else None)
        elif word in ("quận", "thị xã") and level == "district":
            # `thị xã Hoàng Mai` (Nghệ An) is not `quận Hoàng Mai` (Hà Nội)
            found = list(_districts_of_kind(f"{word} {name}"))
            unit = found[0] if len(found) == 1 else None
        if unit is None:
            unit = _lookup(name, level, within)
        if unit is not None:
            unit = _district_as_written(unit, name, word)
            return end, unit, unit.name
    return 0, None, None


def _district_as_written(unit: gazetteer.Unit, written: str, word: str | None) -> gazetteer.Unit:
    """A district merged before the snapshot keeps the name its own bodies wrote: `UBND huyện Hoành
    Bồ` (merged into Hạ Long in 2019) is still huyện Hoành Bồ of Quảng Ninh, not thành phố Hạ Long.
    A body that names its district existed when it wrote, so the written name is the right one."""
    if unit.level != "district":
        return unit
    got, own = gazetteer.fold(written), gazetteer.fold(unit.name)
    if own in got or difflib.SequenceMatcher(None, got, own).ratio() >= 0.75:
        return unit  # the same name (`thành` ⏎ `phố Thanh Hóa`), or a broken spelling of it (`THANH HỐ`)
    if word and own == gazetteer.fold(f"{word} {written}"):
        return unit  # `Huyện ủy Quan Sơn`: what was read as the unit word `quận` begins the name
    name = " ".join(w[:1].upper() + w[1:].lower() for w in written.split())
    if not name or not has_diacritics(name) or not name.replace(" ", "").isalpha():
        return unit  # `Quận 9`, OCR without diacritics: keep the snapshot's unit
    return dataclasses.replace(unit, name=name, district=name, kind=word or "huyện")


def _lookup(name: str, level: str | None, within: OrgRef | None) -> gazetteer.Unit | None:
    return _lookup_cached(
        name, level, within.province if within else None, within.district if within else None
    )


@lru_cache(maxsize=65536)
def _communes_of_kind(phrase: str) -> tuple[gazetteer.Unit, ...]:
    return tuple(gazetteer.find_communes(phrase))


@lru_cache(maxsize=16384)
def _districts_of_kind(phrase: str) -> tuple[gazetteer.Unit, ...]:
    return tuple(gazetteer.find_districts(phrase))


@lru_cache(maxsize=65536)
def _lookup_cached(
    name: str, level: str | None, province: str | None, district: str | None
) -> gazetteer.Unit | None:
    """Names repeat across a corpus: each (name, level, context) is looked up in the gazetteer once."""
    if level in (None, "province", "city"):
        unit = gazetteer.find_province(name)
        if unit is not None and level == "city" and unit.kind != "thành phố":
            # "thành phố Kon Tum" is the provincial capital (a district-level city), not the province
            found = gazetteer.find_districts(name, province=unit.name)
            if found:
                return found[0]
        if unit is not None:
            return unit
        if level == "province":
            return None
        if level == "city":
            level = "district"
    if level in (None, "district", "city"):
        found = gazetteer.find_districts(name, province=province)
        if len(found) == 1:
            return found[0]
        if found:
            # a district name found in several provinces: keep the name, the context places it
            return found[0] if province else _ambiguous(found, name)
        if level in ("district", "city"):
            return None
    if level in (None, "commune"):
        found = gazetteer.find_communes(name, district=district, province=province)
        if len(found) == 1:
            return found[0]
        if found and (district or province):
            return found[0]
        if found:
            return _ambiguous(found, name)
    return None


def _ambiguous(units: list[gazetteer.Unit], written: str) -> gazetteer.Unit:
    """A name found in several places with no context: keep the name, drop the place above it.

    When the places differ only by their marks (`Luong Minh`: Lương Minh and Lượng Minh, in two
    provinces), the name stays as the text wrote it: taking one unit's marks would decide the place.
    """
    first = units[0]
    same_name = all(u.name == first.name for u in units)
    return gazetteer.Unit(
        code="",
        name=first.name if same_name else _as_written(written),
        kind=first.kind,
        level=first.level,
        province="",
        district=None,
        province_code="",
        district_code=None,
        lat=None,
        lon=None,
    )


def _as_written(name: str) -> str:
    """`LUONG MINH` -> `Luong Minh`: a name read without its marks, in the case names are written in."""
    return " ".join(w[:1].upper() + w[1:].lower() for w in name.split())


def _placed(
    kind: str, level: str | None, unit: gazetteer.Unit | None, unit_kind: str | None, name: str | None = None
) -> OrgRef:
    if unit is None:
        return OrgRef(kind=kind, unit_level=level, unit_kind=unit_kind, name=name)
    province = unit.province or None
    district = unit.district if unit.level == "commune" else (unit.name if unit.level == "district" else None)
    commune = unit.name if unit.level == "commune" else None
    return OrgRef(
        kind=kind,
        unit_level=unit.level,
        province=province,
        district=district,
        commune=commune,
        name=name,
        unit_kind=unit_kind or unit.kind,
    )


# The national motto where a body's place would follow (`CỘNG HÒA XÃ HỘI`, cut over lines or not).
_MOTTO_NEXT = re.compile(r"cong\s+hoa\s+xa\s+hoi|doc\s+lap\s*[-–—]")


def match_unit(
    text: str, folded: str, pos: int, kind: str, default_level: str | None, default_word: str | None
) -> tuple[int, OrgRef]:
    """After `UBND`, `Huyện ủy` ...: an optional unit word and an optional place name."""
    p = skip_spaces(folded, pos)
    start = p
    level, word = default_level, default_word
    for folded_word, word_level, written in _UNIT_WORDS:
        if (
            folded.startswith(folded_word, p)
            and not folded[p + len(folded_word) : p + len(folded_word) + 1].isalnum()
        ):
            level = word_level or level
            word = written
            p = skip_spaces(folded, p + len(folded_word))
            break
    else:
        if default_word is None and kind != "dang_uy":
            word = None
    if word is None and kind == "dang_uy":
        return pos, OrgRef(kind=kind, unit_level="commune")
    if word is None and _MOTTO_NEXT.match(folded, p):
        # `HỘI ĐỒNG NHÂN DÂN` ⏎ `CỘNG HÒA XÃ HỘI …`: the motto's column, not a commune named Cộng Hòa
        return pos, OrgRef(kind=kind, unit_level=level, unit_kind=word)
    end, unit, _ = place_name(text, folded, p, level if word != "thành phố" else "city", word=word)
    if unit is None and p != start and default_level is not None:
        # `Huyện ủy Quan Sơn`, `Quan Hóa`: what looked like a unit word begins the name
        end, unit, _ = place_name(text, folded, start, default_level, word=default_word)
        if unit is not None:
            level, word = default_level, default_word
    if unit is None:
        # a unit word with no recognisable name: "UBND huyện" (the reader's own district)
        consumed = p if word is not None else pos
        return consumed, OrgRef(kind=kind, unit_level=level, unit_kind=word)
    if word == "thành phố":
        level = unit.level
    return end, _placed(kind, level, unit, word)


def place_after(text: str, folded: str, pos: int) -> tuple[int, OrgRef]:
    """The place phrase at `pos` (`tỉnh Kon Tum`, `huyện Núi Thành`) as an unnamed body's OrgRef."""
    return match_unit(text, folded, pos, "other", None, None)


def skip_spaces(folded: str, pos: int) -> int:
    while pos < len(folded) and folded[pos] in " \t\n":
        pos += 1
    return pos


# Since 1 July 2025 communes belong to the 34 new provinces and there are no districts.
REFORM_DATE = "2025-07-01"


def on_2025_map(org: OrgRef) -> OrgRef:
    """A commune body placed on the pre-2025 map, moved to the commune and province that hold it since
    the July 2025 reform (no district). Other bodies are returned as they are.

    >>> on_2025_map(OrgRef(kind="ubnd", unit_level="commune", province="Hà Giang", district="Đồng Văn",
    ...                    commune="Phố Bảng", unit_kind="thị trấn")).province
    'Tuyên Quang'
    """
    if org.unit_level != "commune" or not (org.commune and org.district and org.province):
        return org
    units = gazetteer.find_communes(org.commune, district=org.district, province=org.province)
    moved = gazetteer.on_2025_map(units[0]) if len(units) == 1 else None
    if moved is None:
        return org
    word, commune, province = moved
    return OrgRef(kind=org.kind, unit_level="commune", province=province, district=None, commune=commune,
                  name=org.name, unit_kind=word)


def after_reform(date: str | None) -> bool:
    """True for a date (YYYY, YYYY-MM or YYYY-MM-DD) on or after 1 July 2025; a bare 2025 is not enough.

    >>> after_reform("2025-07-01"), after_reform("2025-06"), after_reform("2026"), after_reform("2025")
    (True, False, True, False)
    """
    if not date:
        return False
    if len(date) == 4:
        return date > REFORM_DATE[:4]
    return date >= REFORM_DATE[: len(date)]
