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

import re
from functools import lru_cache

from ingest.gazetteer_names import has_diacritics, tone_key
from ingest.model import OrgRef
from ingest.places.units import match_unit, skip_spaces, words_after

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

_PEOPLES_COMMITTEE = re.compile(r"(?:uy ban nhan dan|ubnd|hoi dong nhan dan|hdnd)\b")
# Leaders and officials before their body: `Ban Thường vụ Huyện ủy`, `Chủ tịch UBND tỉnh`, `Giám đốc Sở`.
_LEADER = re.compile(
    r"(?:ban thuong vu|thuong truc|ban chap hanh|(?:pho )?chu tich|(?:pho )?giam doc"
    r"|(?:pho )?truong phong)\s+"
)
_MINISTER = re.compile(r"bo truong\s+")
# A school by its grade, spelt out or abbreviated as headers write it (`TRƯỜNG MN`, `TRƯỜNG MNTT`
# for a town's kindergarten, `PT DTNT` for an ethnic boarding school); longer forms first.
_SCHOOL = re.compile(
    r"(?P<team>lien doi\s+)?truong\s+(?P<grade>mam non|mau giao|tieu hoc va thcs|tieu hoc|thcs va thpt"
    r"|thcs|thpt|trung hoc co so|trung hoc pho thong|ptdtbt|pt dtbt|ptdtnt|pt dtnt|ptcs|th va thcs"
    r"|mntt|mn|mg|th)\b"
)
def _department(folded: str, pos: int, table: dict[str, str]) -> tuple[int, str | None]:
    """`Giáo dục và Đào tạo`, `GD&ĐT`, `LĐ-TB&XH`, `Văn hóa, Thể thao và Du lịch` (the comma is in the
    official name) ... starting at pos: (end, canonical name)."""
    words = words_after(folded, pos, 70, joiners=("-", "&", ","))
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
    pos = skip_spaces(folded, pos)
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
