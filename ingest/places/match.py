"""Issuing bodies named in a text: `Bộ Chính trị`, `UBND huyện Núi Thành`, `Huyện Ủy Giao Thủy`,
`Sở GD&ĐT tỉnh Hải Dương`, `Ban Thường vụ Huyện ủy`, `Bộ trưởng Bộ Y tế` ...

`match_org(text, folded, pos)` reads one organization phrase starting at `pos` and returns
its end and an `OrgRef`; places are checked against the gazetteer. Matching runs on the
folded text; place names are taken from the original characters.

>>> text = "của UBND huyện Núi Thành về việc"
>>> from ingest.normalize import fold_keep_length
>>> end, org = match_org(text, fold_keep_length(text), 4)
>>> org.kind, org.unit_level, org.district, org.province, text[end:]
('ubnd', 'district', 'Núi Thành', 'Quảng Nam', ' về việc')
"""

from __future__ import annotations

import dataclasses
import difflib
import re
from functools import lru_cache

from ingest import gazetteer
from ingest.gazetteer_names import has_diacritics, tone_key
from ingest.model import OrgRef

# Central bodies by their folded phrase, longest first.
_CENTRAL = [
    ("ban chap hanh trung uong dang", "bch_tw"),
    ("ban chap hanh trung uong", "bch_tw"),
    ("uy ban thuong vu quoc hoi", "ubtvqh"),
    ("thu tuong chinh phu", "thu_tuong"),
    ("van phong chinh phu", "vpcp"),
    ("dai hoi dong lien hop quoc", "un"),
    ("bo chinh tri", "bo_chinh_tri"),
    ("ban bi thu", "ban_bi_thu"),
    ("lien hop quoc", "un"),
    ("quoc hoi", "quoc_hoi"),
    ("chinh phu", "chinh_phu"),
    ("thu tuong", "thu_tuong"),
]

# Ministries and central agencies: folded word sequences -> canonical name.
_MINISTRIES: dict[str, str] = {
    "giao duc va dao tao": "Bộ Giáo dục và Đào tạo",
    "gd dt": "Bộ Giáo dục và Đào tạo",
    "gddt": "Bộ Giáo dục và Đào tạo",
    "lao dong thuong binh va xa hoi": "Bộ Lao động - Thương binh và Xã hội",
    "ldtbxh": "Bộ Lao động - Thương binh và Xã hội",
    "ld tb xh": "Bộ Lao động - Thương binh và Xã hội",
    "y te": "Bộ Y tế",
    "tai chinh": "Bộ Tài chính",
    "cong an": "Bộ Công an",
    "quoc phong": "Bộ Quốc phòng",
    "tu phap": "Bộ Tư pháp",
    "noi vu": "Bộ Nội vụ",
    "thong tin va truyen thong": "Bộ Thông tin và Truyền thông",
    "van hoa the thao va du lich": "Bộ Văn hóa, Thể thao và Du lịch",
    "ke hoach va dau tu": "Bộ Kế hoạch và Đầu tư",
    "cong thuong": "Bộ Công Thương",
    "nong nghiep va phat trien nong thon": "Bộ Nông nghiệp và Phát triển nông thôn",
    "nong nghiep va moi truong": "Bộ Nông nghiệp và Môi trường",
    "tai nguyen va moi truong": "Bộ Tài nguyên và Môi trường",
    "giao thong van tai": "Bộ Giao thông vận tải",
    "xay dung": "Bộ Xây dựng",
    "khoa hoc va cong nghe": "Bộ Khoa học và Công nghệ",
    "ngoai giao": "Bộ Ngoại giao",
}

# Departments of a province (Sở) or district (Phòng): folded words -> canonical department name.
_DEPARTMENTS: dict[str, str] = {
    "giao duc va dao tao": "Giáo dục và Đào tạo",
    "giao duc dao tao": "Giáo dục và Đào tạo",
    "gd dt": "Giáo dục và Đào tạo",
    "gddt": "Giáo dục và Đào tạo",
    "lao dong thuong binh va xa hoi": "Lao động - Thương binh và Xã hội",
    "lao dong thuong binh xa hoi": "Lao động - Thương binh và Xã hội",
    "ld tb xh": "Lao động - Thương binh và Xã hội",
    "ldtb xh": "Lao động - Thương binh và Xã hội",
    "ldtbxh": "Lao động - Thương binh và Xã hội",
    "y te": "Y tế",
    "tu phap": "Tư pháp",
    "noi vu": "Nội vụ",
    "tai chinh": "Tài chính",
    "van hoa the thao va du lich": "Văn hóa, Thể thao và Du lịch",
    "van hoa va thong tin": "Văn hóa và Thông tin",
    "van hoa thong tin": "Văn hóa và Thông tin",
    "van hoa the thao": "Văn hóa và Thể thao",
    "thong tin va truyen thong": "Thông tin và Truyền thông",
    "tai chinh ke hoach": "Tài chính - Kế hoạch",
    "ke hoach va dau tu": "Kế hoạch và Đầu tư",
    "cong an": "Công an",
}

# Party committees: folded phrase -> (kind, unit level, unit word implied).
_PARTY = [
    ("thanh uy", "tinh_uy", "province", "thành phố"),
    ("tinh uy", "tinh_uy", "province", "tỉnh"),
    ("huyen uy", "huyen_uy", "district", "huyện"),
    ("quan uy", "huyen_uy", "district", "quận"),
    ("thi xa uy", "huyen_uy", "district", "thị xã"),
    ("thi uy", "huyen_uy", "district", "thị xã"),
    ("dang uy", "dang_uy", "commune", None),
]

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

_PEOPLES_COMMITTEE = re.compile(r"(?:uy ban nhan dan|ubnd|hoi dong nhan dan|hdnd)\b")
# Leaders and officials before their body: `Ban Thường vụ Huyện ủy`, `Chủ tịch UBND tỉnh`, `Giám đốc Sở`.
_LEADER = re.compile(
    r"(?:ban thuong vu|thuong truc|ban chap hanh|(?:pho )?chu tich|(?:pho )?giam doc"
    r"|(?:pho )?truong phong)\s+"
)
_MINISTER = re.compile(r"bo truong\s+")
_WORDS = re.compile(r"[a-z0-9]+")
# A school by its grade, spelt out or abbreviated as headers write it (`TRƯỜNG MN`, `TRƯỜNG MNTT`
# for a town's kindergarten, `PT DTNT` for an ethnic boarding school); longer forms first.
_SCHOOL = re.compile(
    r"(?P<team>lien doi\s+)?truong\s+(?P<grade>mam non|mau giao|tieu hoc va thcs|tieu hoc|thcs va thpt"
    r"|thcs|thpt|trung hoc co so|trung hoc pho thong|ptdtbt|pt dtbt|ptdtnt|pt dtnt|ptcs|th va thcs"
    r"|mntt|mn|mg|th)\b"
)
_NAME_WORD = re.compile(r"[^\W\d_][\w]*|\d+", re.UNICODE)


def _words_after(
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
    words = [w for w in _words_after(folded, pos, _NAME_WINDOW) if w[0] not in ("-", "&")][:4]
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
    p = _skip_spaces(folded, pos)
    start = p
    level, word = default_level, default_word
    for folded_word, word_level, written in _UNIT_WORDS:
        if (
            folded.startswith(folded_word, p)
            and not folded[p + len(folded_word) : p + len(folded_word) + 1].isalnum()
        ):
            level = word_level or level
            word = written
            p = _skip_spaces(folded, p + len(folded_word))
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


def _skip_spaces(folded: str, pos: int) -> int:
    while pos < len(folded) and folded[pos] in " \t\n":
        pos += 1
    return pos


def _department(folded: str, pos: int, table: dict[str, str]) -> tuple[int, str | None]:
    """`Giáo dục và Đào tạo`, `GD&ĐT`, `LĐ-TB&XH`, `Văn hóa, Thể thao và Du lịch` (the comma is in the
    official name) ... starting at pos: (end, canonical name)."""
    words = _words_after(folded, pos, 70, joiners=("-", "&", ","))
    tokens = [w for w in words if w[0] not in ("-", "&", ",")]
    best: tuple[int, str | None] = (pos, None)
    for n in range(1, min(8, len(tokens)) + 1):
        key = " ".join(w[0] for w in tokens[:n])
        if key in table:
            best = (tokens[n - 1][2], table[key])
    return best


_WINDOW = 120  # no organization phrase reads further than this
# The first word of every organization phrase `_match_org` knows (folded), to skip hopeless windows.
_ORG_HEAD = re.compile(
    r"\s*(?:ubnd|uy\s|hdnd|hoi\s|bo\s|so\s|phong\s|huyen|tinh|thanh|thi\s|quan|dang|ban\s|quoc|chinh|thu\s"
    r"|truong|lien|van\s|dai\s|thuong|mat\s|cong\s|trung\s)"
)


_MOTTO = re.compile(r"\bcong\s+hoa\s+xa\b|\bdoc\s+lap\s*[-–]")


def match_org(text: str, folded: str, pos: int) -> tuple[int, OrgRef] | None:
    """The organization phrase at `pos` (folded text), or None.

    Phrases repeat across a corpus (`của UBND huyện Núi Thành về`), so each window is read once.
    """
    window_text, window_folded = text[pos : pos + _WINDOW], folded[pos : pos + _WINDOW]
    motto = _MOTTO.search(window_folded)
    if motto is not None:  # a flattened header: the motto's column is no part of the name
        window_text, window_folded = window_text[: motto.start()], window_folded[: motto.start()]
    found = _match_window(window_text, window_folded)
    if found is not None or ("\n" not in window_folded and "  " not in window_folded):
        return None if found is None else (pos + found[0], found[1])
    if not _ORG_HEAD.match(window_folded):
        return None  # nothing here begins an organization's name: no need to rejoin lines
    # a phrase broken over lines (`của Ủy ban\nnhân dân thành phố`): match on single spaces, map back
    keep = [
        i for i, c in enumerate(window_folded) if not (c.isspace() and i and window_folded[i - 1].isspace())
    ]
    squashed_text = "".join(" " if window_text[i].isspace() else window_text[i] for i in keep)
    squashed_folded = "".join(" " if window_folded[i].isspace() else window_folded[i] for i in keep)
    found = _match_window(squashed_text, squashed_folded)
    if found is None:
        return None
    end = keep[found[0] - 1] + 1 if found[0] else 0
    return pos + end, found[1]


@lru_cache(maxsize=131072)
def _match_window(text: str, folded: str) -> tuple[int, OrgRef] | None:
    return _match_org(text, folded, 0)


def _match_org(text: str, folded: str, pos: int) -> tuple[int, OrgRef] | None:
    """The organization phrase at `pos` (folded text), or None.

    Returns (end, OrgRef). Places missing from the phrase (`UBND huyện`, `Huyện ủy`) are left
    None for the resolver to take from the citing document's own place.
    """
    pos = _skip_spaces(folded, pos)
    leader = _LEADER.match(folded, pos)
    p = leader.end() if leader else pos
    for phrase, kind in _CENTRAL:
        if folded.startswith(phrase, p) and not folded[p + len(phrase) : p + len(phrase) + 1].isalpha():
            return p + len(phrase), OrgRef(kind=kind, unit_level=None)
    minister = _MINISTER.match(folded, p)
    if minister or folded.startswith("bo ", p):
        q = minister.end() if minister else p
        if folded.startswith("bo ", q):
            end, name = _department(folded, q + 3, _MINISTRIES)
            if name:
                return end, OrgRef(kind="bo", name=name)
        if minister is None:
            return None
    for phrase, kind, level, word in _PARTY:
        if folded.startswith(phrase, p):
            return match_unit(text, folded, p + len(phrase), kind, level, word)
    committee = _PEOPLES_COMMITTEE.match(folded, p)
    if committee:
        kind = "hdnd" if "hoi dong" in committee.group() or committee.group() == "hdnd" else "ubnd"
        return match_unit(text, folded, committee.end(), kind, None, None)
    if folded.startswith(("so ", "phong "), p):
        is_so = folded.startswith("so ", p)
        q = p + (3 if is_so else 6)
        end, dept = _department(folded, q, _DEPARTMENTS)
        if dept is None:
            return None
        level = "province" if is_so else "district"
        after, place = match_unit(
            text, folded, end, "so" if is_so else "phong", level, "tỉnh" if is_so else "huyện"
        )
        if place.province or place.district:
            return after, OrgRef(
                kind=place.kind,
                unit_level=level,
                province=place.province,
                district=place.district,
                name=dept,
                unit_kind=place.unit_kind,
            )
        return end, OrgRef(kind="so" if is_so else "phong", unit_level=level, name=dept)
    mass = _mass_org(text, folded, p)
    if mass is not None:
        return mass
    school = _SCHOOL.match(folded, p)
    if school:
        end = school.end()
        name_end = _capitalised_run(text, end)
        name = re.sub(r"\s+", " ", text[end:name_end]).strip()
        if name.isupper():
            name = " ".join(_title_word(w) for w in name.split())  # "NGHĨA ĐIỀN" in a header
        full = ("Trường " + _school_grade(school["grade"]) + name).strip()
        if school["team"]:
            full = "Liên đội " + full  # the Pioneers' team of a school issues its own plans
        return name_end, OrgRef(kind="truong", unit_level="unit", name=full)
    return None


# Bodies of the Front, mass organisations and other local bodies that issue plans under a place:
# folded phrase -> name. `ỦY BAN MTTQ VIỆT NAM` ⏎ `XÃ LƯƠNG MINH`, `Tỉnh đoàn Lâm Đồng`, `Công an tỉnh`.
_MASS_ORGS = [
    ("uy ban mat tran to quoc viet nam", "Ủy ban MTTQ Việt Nam"),
    ("uy ban mat tran to quoc", "Ủy ban MTTQ Việt Nam"),
    ("uy ban mttq viet nam", "Ủy ban MTTQ Việt Nam"),
    ("uy ban mttq", "Ủy ban MTTQ Việt Nam"),
    ("ubmttq viet nam", "Ủy ban MTTQ Việt Nam"),
    ("ubmttq", "Ủy ban MTTQ Việt Nam"),
    ("mat tran to quoc viet nam", "Ủy ban MTTQ Việt Nam"),
    ("uy ban bau cu", "Ủy ban bầu cử"),
    ("lien doan lao dong", "Liên đoàn Lao động"),
    ("hoi lien hiep phu nu", "Hội Liên hiệp Phụ nữ"),
    ("hoi lhpn", "Hội Liên hiệp Phụ nữ"),
    ("hoi nong dan", "Hội Nông dân"),
    ("hoi cuu chien binh", "Hội Cựu chiến binh"),
    ("doan tncs ho chi minh", "Đoàn TNCS Hồ Chí Minh"),
    ("ban chap hanh doan", "Ban Chấp hành Đoàn"),  # `BCH ĐOÀN TỈNH LÂM ĐỒNG`: the provincial Youth Union
    ("bch doan", "Ban Chấp hành Đoàn"),
    ("tinh doan", "Tỉnh đoàn"),
    ("thanh doan", "Thành đoàn"),
    ("huyen doan", "Huyện đoàn"),
    ("cong an", "Công an"),
    ("bo chi huy quan su", "Bộ Chỉ huy Quân sự"),
    ("ban chi huy quan su", "Ban Chỉ huy Quân sự"),
    ("trung tam y te", "Trung tâm Y tế"),
]
_MASS_DEFAULT_LEVEL = {"Tỉnh đoàn": "province", "Thành đoàn": "province", "Huyện đoàn": "district"}


def _mass_org(text: str, folded: str, p: int) -> tuple[int, OrgRef] | None:
    """`Ủy ban MTTQ Việt Nam xã Lương Minh`, `Tỉnh đoàn Lâm Đồng`: the body, then its place."""
    for phrase, name in _MASS_ORGS:
        if not folded.startswith(phrase, p) or folded[p + len(phrase) : p + len(phrase) + 1].isalnum():
            continue
        if not _written_as(text[p : p + len(phrase)], name):
            continue  # `HUYỆN ĐOAN HÙNG` is a district, not the `Huyện đoàn` (Youth Union) of `Hùng`
        level = _MASS_DEFAULT_LEVEL.get(name)
        word = {"province": "tỉnh", "district": "huyện"}.get(level or "")
        end, place = match_unit(text, folded, p + len(phrase), "mass", level, word)
        if not (place.province or place.district or place.commune) and name == "Công an" and level is None:
            return None  # `công an` alone is a common noun (`lực lượng công an`)
        return end, OrgRef(
            kind="mass",
            unit_level=place.unit_level or level,
            province=place.province,
            district=place.district,
            commune=place.commune,
            name=name,
            unit_kind=place.unit_kind,
        )
    return None


def _written_as(written: str, name: str) -> bool:
    """The words as written carry the marks of the body's name (when written with marks at all)."""
    if not has_diacritics(written) or len(written) != len(name):
        return True
    return tone_key(written) == tone_key(name)


# The number's label after a body's name on a flattened header: `Số:` (`Trường Tiểu học số 1` is a name).
_NUMBER_LABEL = re.compile(r"S[ốỐ][ \t]*:")


def _capitalised_run(text: str, pos: int, max_words: int = 7) -> int:
    """End of the run of capitalised words (or numbers) after pos, on the same line: a school's name."""
    end = pos
    for _ in range(max_words):
        m = re.match(r"[ \t]*([^\W_][\w]*|&)", text[end : end + 40])
        if not m or not (m.group(1)[0].isupper() or m.group(1)[0].isdigit() or m.group(1) == "&"):
            break
        if _NUMBER_LABEL.match(text, end + m.end() - len(m.group(1))):
            break  # `Trường THCS Nguyễn Trãi Số: 12/KH`: a capitalised header ends at its number's label
        end += m.end()
    return end


def _title_word(word: str) -> str:
    """`NGHĨA` -> `Nghĩa`; abbreviations of grades (`THCS`, `DTNT`) and Roman numerals (`Trường Mầm
    non II`, `Trường THCS số I`) stay upper case."""
    if word in _ABBREVIATIONS or _ROMAN.fullmatch(word.upper()):
        return word.upper() if _ROMAN.fullmatch(word.upper()) else word
    return word.capitalize()


# `I` to `V` only: `VI`, `X` are also syllables of names (`Vi`, …)
_ROMAN = re.compile(r"I{1,3}|IV|V")


_ABBREVIATIONS = {"THCS", "THPT", "PT", "DTNT", "PTDTNT", "DTBT", "PTDTBT", "TH", "MN", "MG", "&"}


_GRADES = {
    "mam non": "Mầm non ",
    "mau giao": "Mẫu giáo ",
    "tieu hoc": "Tiểu học ",
    "thcs": "THCS ",
    "thpt": "THPT ",
    "trung hoc co so": "THCS ",
    "trung hoc pho thong": "THPT ",
    "ptdtbt": "PTDTBT ",
    "pt dtbt": "PTDTBT ",
    "ptdtnt": "PT DTNT ",
    "pt dtnt": "PT DTNT ",
    "ptcs": "PTCS ",
    "mn": "Mầm non ",
    "mg": "Mẫu giáo ",
    "mntt": "Mầm non Thị trấn ",
    "th": "Tiểu học ",
    "tieu hoc va thcs": "Tiểu học và THCS ",
    "th va thcs": "Tiểu học và THCS ",
    "thcs va thpt": "THCS và THPT ",
}


def _school_grade(grade: str) -> str:
    return _GRADES.get(grade, grade.title() + " ")


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
