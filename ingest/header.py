"""Give a messy header its lines back, without changing the text's length.

Real headers arrive flattened onto one line, split across table cells (`|`), with the national
motto cut in two (`CỘNG` ⏎ `HÒA XÃ HỘI…`) or glued to the issuer's name (`TRƯỜNG THCS X Độc lập…`),
the number and the place-and-date on one line, a date broken over lines. The parser reads a header
line by line, so `reline_header` turns the separators between those parts into line breaks (and
line breaks inside one part into spaces). Only whitespace and table pipes are replaced, one
character by one, so every offset into the text stays valid (evidence spans point into it).

>>> reline_header("UBND HUYỆN X CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\\n"
...               "TRƯỜNG THCS Y Độc lập - Tự do - Hạnh phúc\\n"
...               "Số: 10/KH-THCS Y Khê, ngày 26 tháng 5 năm 2020\\nKẾ HOẠCH").splitlines()
['UBND HUYỆN X', 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'TRƯỜNG THCS Y', 'Độc lập - Tự do - Hạnh phúc', \
'Số: 10/KH-THCS', 'Y Khê, ngày 26 tháng 5 năm 2020', 'KẾ HOẠCH']
>>> text = "ỦY BAN NHÂN DÂN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |\\nSố: 3/KH-UBND | A, ngày 1 tháng 2"
>>> [line.strip() for line in reline_header(text).splitlines() if line.strip()]
['ỦY BAN NHÂN DÂN', 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Số: 3/KH-UBND', 'A, ngày 1 tháng 2']
"""

from __future__ import annotations

import re

from ingest.normalize import fold_keep_length

# How far into a text the header may reach (portal crawls put a metadata table before it).
HEADER_SPAN = 4000

# --- patterns over the folded text (lower case, no diacritics, same length) ---------------------

# The national motto, first line (`CỘNG HÒA XÃ HỘI…`, `CỘNG` ⏎ `HÒA`) and second line (`Độc lập…`).
MOTTO_ONE = re.compile(
    r"cong[ \t\n]+hoa[ \t\n]+xa(?:[ \t\n]+hoi)?(?:[ \t\n]+chu[ \t\n]+nghia)?(?:[ \t\n]+viet[ \t\n]+nam)?"
    # the Party's, the Pioneers' and the Youth Union's header lines stand where the State's motto stands
    r"|dang[ \t\n]+cong[ \t\n]+san[ \t\n]+viet[ \t\n]+nam"
    r"|doi[ \t\n]+(?:tntp|thieu[ \t\n]+nien[ \t\n]+tien[ \t\n]+phong)[ \t\n]+ho[ \t\n]+chi[ \t\n]+minh"
    r"|doan[ \t\n]+(?:tncs|thanh[ \t\n]+nien[ \t\n]+cong[ \t\n]+san)[ \t\n]+ho[ \t\n]+chi[ \t\n]+minh"
)
MOTTO_TWO = re.compile(r"doc[ \t]+lap[ \t]*[-–—][ \t]*tu[ \t]+do[ \t]*[-–—]?[ \t]*(?:hanh(?:[ \t\n]+phuc)?)?")
# `Số: 25/KH-UBND`, `Số : 296 /KH-MNHP`, `Số: /KH- MN` glued after an issuer's line.
# A Party number often has no colon (`Số 45-KH/HU`); `TRƯỜNG TIỂU HỌC SỐ 2` (no symbol after) is a name.
NUMBER_LABEL = re.compile(
    r"(?<=[^\s|])[ \t]+(?=(?:luat[ \t]+|nghi quyet[ \t]+)?so(?:[ \t]*:|[ \t]+\d+[ \t]*[-/][ \t]*[a-z]))"
)
# The first lines of the body, once the header is flattened onto one line (capitalised there).
BODY_OPENING = re.compile(r"(?<=[^\s|])[ \t]+(?=(?:can cu|thuc hien|kinh gui|tren co so)\b)")
BODY_LINE = re.compile(r"(?:^|(?<=\n))[ \t*_-]*(?:can cu|thuc hien|kinh gui|tren co so)\b")
# A date cut after `ngày`, `tháng` or their numbers: `ngày 30` ⏎ `tháng 8 năm 2021` (not after the
# year: `năm 2024` ⏎ `533/KH-UBND` is the next field).
DATE_BREAK = re.compile(r"(?:(?:ngay|thang)[ \t]*\d{0,2}|nam)[ \t]*(\n(?:[ \t]*\n)?)[ \t]*(?=\d|thang|nam)")
# `Số:` ⏎ `48/2025/QĐ-UBND`, `Vĩnh Long,` ⏎ `ngày 20 …`: a header field cut from its value.
FIELD_BREAK = re.compile(r"(?:\bso[ \t]*:|,)[ \t*_]*(\n(?:[ \t*_]*\n)*)[ \t*_]*(?=\d|/|ngay\b)")
# Names of bodies cut inside (`ỦY BAN NHÂN` ⏎ `DÂN`, `ỦY BAN MẶT TRẬN` ⏎ `TỔ QUỐC`).
PHRASE_BREAK = re.compile(
    r"uy[ \t\n*]+ban[ \t\n*]+nhan[ \t\n*]+dan|hoi[ \t\n*]+dong[ \t\n*]+nhan[ \t\n*]+dan"
    r"|mat[ \t\n*]+tran[ \t\n*]+to[ \t\n*]+quoc|ban[ \t\n*]+thuong[ \t\n*]+truc"
    r"|(?:uy[ \t\n*]+ban[ \t\n*]+)?thuong[ \t\n*]+vu[ \t\n*]+quoc[ \t\n*]+hoi|ban[ \t\n*]+thuong[ \t\n*]+vu"
)
# A place cut before its date: `*Thành phố Hồ` ⏎ `Chí Minh, ngày 19 …` (the first line, folded).
PLACE_HEAD = re.compile(
    r"(?m)^[ \t*_]*[^\W\d_]+(?:[ \t]+[^\W\d_]+){0,3}[ \t]*\n(?=[^\n,]{1,25},[ \t]*ngay\b)"
)
# An issuer's name cut after a unit word or a hyphen: `ỦY BAN NHÂN DÂN THÀNH` ⏎ `PHỐ` ⏎ `THANH HÓA`,
# `BỘ LAO ĐỘNG -` ⏎ `THƯƠNG BINH VÀ XÃ HỘI`, `LIÊN ĐỘI TRƯỜNG … THCS` ⏎ `& THPT`.
NAME_BREAK = re.compile(
    r"(?:\b(?:thanh|thanh pho|pho|tinh|huyen|quan|thi xa|thi tran|xa|phuong)|[-–&])"
    r"[ \t]*(\n(?:[ \t]*\n)?)[ \t]*"
    r"(?=\S)|(\n(?:[ \t]*\n)?)[ \t]*(?=&)"
)
# The type heading glued before its title on a flattened line: `… năm 2015. KẾ HOẠCH Phòng tránh …`.
HEADINGS = (
    "ke hoach",
    "quyet dinh",
    "chi thi",
    "nghi quyet",
    "thong tu",
    "nghi dinh",
    "cong van",
    "thong bao",
    "huong dan",
    "bao cao",
    "chuong trinh",
    "to trinh",
    "cong dien",
    "ket luan",
    "quy dinh",
    "thong tri",
    "de an",
    "luat",
    "phap lenh",
)
GLUED_HEADING = re.compile(r"(?<=\S)[ \t]+(" + "|".join(HEADINGS) + r")(?=[ \t]+\S)")
# The body's units of a two-column header flattened onto one line: `UBND HUYỆN X TRƯỜNG MN Y`.
# `Số: 3341/BGDĐT-CTHSSV  V/v tăng cường …`: a letter's subject after its number on a flattened line (folded).
SUBJECT_LABEL = re.compile(r"(?<=[^\s|])[ \t]+(?=v/v\b|v\.v\b|ve viec\b)")
# `V/v: Thực hiện QĐ số 19/…`: a letter's subject that begins like a body line is still the subject.
SUBJECT_END = re.compile(r"(?:v/v|v\.v|ve viec)[ \t]*:?$")
SECOND_BODY = re.compile(r"(?<=[^\s|])[ \t]+(?=(?:truong|phong|so|lien doi)[ \t]+[a-z])")
# ... but only after a placed body (`UBND HUYỆN X`), not inside one name (`LIÊN ĐỘI TRƯỜNG …`).
PLACED_BODY = re.compile(r"\b(?:ubnd|uy ban|huyen|tinh|thanh pho|tp|quan|thi xa)\b")
INSIDE_NAME = re.compile(r"(?:lien doi|chi doi|doi|chi bo|cong doan|hoi dong)\s*$")


def reline_header(text: str, folded: str | None = None) -> str:
    """The text with its header's parts on lines of their own; same length as `text`."""
    if not text:
        return text
    head_len = min(len(text), HEADER_SPAN)
    folded = folded[:head_len] if folded is not None else fold_keep_length(text[:head_len])
    zone = _header_zone(text[:head_len], folded[:head_len])
    if zone == 0:
        return text
    chars = list(text[:zone])
    fzone = folded[:zone]
    _pipes_to_breaks(chars, fzone)
    _join_breaks(chars, text, fzone)
    _split_motto(chars, text, fzone)
    _split_number_and_place(chars, text, fzone)
    _split_headings(chars, text, fzone)
    return "".join(chars) + text[zone:]


# A text a crawler stored in lower case has no capital letter in its opening.
_LOWERED_SPAN = 3000
_MIN_LETTERS = 200
# The line that ends a lowered header: the body's first line, or the type heading's subject after it.
_LOWERED_BODY = re.compile(r"(?m)^[ \t*_#|-]*(?:can cu|thuc hien|kinh gui|tren co so|trien khai)\b")
# ... else the type heading alone on its line (`kế hoạch`), which ends the header.
_LOWERED_HEADING = re.compile(r"(?m)^[ \t*_#|]*(?:" + "|".join(HEADINGS) + r")[ \t*_#|]*$")


def restore_header_case(text: str) -> str:
    """A text stored all in lower case (`ủy ban nhân dân huyện mỹ tú`, `số: 296/kh-mnhp`, `kế hoạch`) with
    its header, up to the body's first line, in capitals as documents write headers; same length.

    >>> restore_header_case("ủy ban nhân dân\\nsố: 5/kh-ubnd\\nkế hoạch\\ncăn cứ luật;" + " x" * 200)[:45]
    'ỦY BAN NHÂN DÂN\\nSỐ: 5/KH-UBND\\nKẾ HOẠCH\\ncăn cứ'
    """
    opening = text[:_LOWERED_SPAN]
    if any(c.isupper() for c in opening) or sum(c.isalpha() for c in opening) < _MIN_LETTERS:
        return text
    folded = fold_keep_length(opening)
    body = _LOWERED_BODY.search(folded)
    heading = _LOWERED_HEADING.search(folded)
    end = body.start() if body else (heading.end() if heading else 0)
    upper = text[:end].upper()
    if len(upper) != end:  # a letter whose capital is longer (none in Vietnamese): leave the text
        return text
    return upper + text[end:]


def _header_zone(text: str, folded: str) -> int:
    """End of the header: the first body line (`Căn cứ`, `Thực hiện`) after the motto."""
    motto = MOTTO_ONE.search(folded) or MOTTO_TWO.search(folded)
    if motto is None:
        return 0
    end = min(len(folded), motto.end() + 1500)
    for m in BODY_OPENING.finditer(folded, motto.end(), end):
        if text[m.end()].isupper():  # `… 2015. Thực hiện …` on a flattened line
            end = m.end() + 12
            break
    line = BODY_LINE.search(folded, motto.end(), end)
    return min(end, line.start()) if line else end


def _set(chars: list[str], pos: int, value: str) -> None:
    """Replace one whitespace or pipe character (never a letter: the text must not change)."""
    if chars[pos] in " \t|\n":
        chars[pos] = value


def _pipes_to_breaks(chars: list[str], folded: str) -> None:
    """Table cells of a header (`ỦY BAN NHÂN DÂN | CỘNG HÒA …`) become lines."""
    i = folded.find("|")
    while i >= 0:
        chars[i] = "\n"
        i = folded.find("|", i + 1)


def _join_breaks(chars: list[str], text: str, folded: str) -> None:
    """Line breaks inside the motto, a date or an issuer's name become spaces."""
    for pattern in (MOTTO_ONE, MOTTO_TWO):
        for m in pattern.finditer(folded):
            for i in range(m.start(), m.end()):
                if folded[i] == "\n":
                    _set(chars, i, " ")
    for m in DATE_BREAK.finditer(folded):
        _spaces(chars, folded, m.start(1), m.end(1))
    for m in FIELD_BREAK.finditer(folded):
        _spaces(chars, folded, m.start(1), m.end(1))
    for m in PHRASE_BREAK.finditer(folded):
        _spaces(chars, folded, m.start(), m.end())
    for m in PLACE_HEAD.finditer(folded):
        line_start = folded.rfind("\n", 0, m.start()) + 1
        head = text[line_start : m.end() - 1].strip(" \t*_")
        if line_start == m.start() and head and not head.isupper() and head[0].isupper():
            _set(chars, m.end() - 1, " ")  # `Thành phố Hồ` ⏎ `Chí Minh, ngày`: one place
    for m in NAME_BREAK.finditer(folded):
        group = 1 if m.group(1) is not None else 2
        pos = m.start(group)
        line_start = folded.rfind("\n", 0, pos) + 1
        next_end = folded.find("\n", m.end(group))
        following = text[m.end(group) : next_end if next_end >= 0 else len(folded)]
        line = "".join(chars[line_start:pos]).strip()
        # only the issuer's capitalised lines cut after a unit word as written (`TỈNH`, not `HÀ TĨNH`),
        # and only onto a name (`Số: 12/…` on the next line is another field)
        words = line.split()
        last = words[-1].upper() if words else ""
        unit_cut = last in _UNIT_WORDS and (
            last not in _UNIT_WORD_HEADS or following.strip(" *_").upper().startswith(_UNIT_WORD_HEADS[last])
        )
        if (
            line
            and _capitalised(line)
            and (group == 2 or unit_cut or last[-1:] in "-–&")
            and ":" not in following
            and not any(c.isdigit() for c in following)
        ):
            _spaces(chars, folded, pos, m.end(group))


_UNIT_WORDS = {"THÀNH", "PHỐ", "TỈNH", "HUYỆN", "QUẬN", "XÃ", "THỊ", "TRẤN", "PHƯỜNG"}
# Words that begin a unit word and also end names (`THUẬN THÀNH`, `AN THỊ`): cut only before the rest.
_UNIT_WORD_HEADS: dict[str, tuple[str, ...]] = {"THÀNH": ("PHỐ",), "THỊ": ("XÃ", "TRẤN")}


def _spaces(chars: list[str], folded: str, lo: int, hi: int) -> None:
    for i in range(lo, hi):
        if folded[i] == "\n":
            _set(chars, i, " ")


def _split_motto(chars: list[str], text: str, folded: str) -> None:
    """The motto's two lines stand alone: break before them and after them."""
    for pattern in (MOTTO_ONE, MOTTO_TWO):
        for m in pattern.finditer(folded):
            _break_before(chars, folded, m.start())
            if pattern is MOTTO_ONE and not m.group().endswith(("nam", "minh")):
                continue  # `CỘNG HÒA XÃ HỘI` ⏎ `CHỦ NGHĨA VIỆT NAM`: the line goes on
            _break_after(chars, folded, m.end())


def _break_before(chars: list[str], folded: str, pos: int) -> None:
    i = pos - 1
    while i >= 0 and folded[i] in " \t":
        i -= 1
    if i >= 0 and folded[i] != "\n" and pos > 0 and folded[pos - 1] in " \t":
        _set(chars, pos - 1, "\n")


def _break_after(chars: list[str], folded: str, pos: int) -> None:
    j = pos
    while j < len(folded) and folded[j] in " \t":
        j += 1
    if j < len(folded) and folded[j] != "\n" and pos < len(folded) and folded[pos] in " \t":
        _set(chars, pos, "\n")


def _split_number_and_place(chars: list[str], text: str, folded: str) -> None:
    """`TRƯỜNG MN X Số : 296 /KH-MNHP`, `Số: 10/KH-THCS Đức Thuận, ngày 26 …`: each on its line."""
    for pattern in (NUMBER_LABEL, SECOND_BODY):
        for m in pattern.finditer(folded):
            line_start = _last_break(chars, folded.rfind("\n", 0, m.start()) + 1, m.start())
            before = text[line_start : m.start()].strip(" \t|")
            if not before or not _capitalised(before):  # after an issuer's name, not in a sentence
                continue
            fbefore = folded[line_start : m.start()]
            if pattern is SECOND_BODY and (not PLACED_BODY.search(fbefore) or INSIDE_NAME.search(fbefore)):
                continue
            if pattern is SECOND_BODY and text[m.end() : m.end() + 2] not in _SECOND_BODY_HEADS:
                continue  # the body's name in capitals (`SỞ GIÁO DỤC`), not `số` or a word of a sentence
            _set(chars, m.start(), "\n")
    for m in SUBJECT_LABEL.finditer(folded):
        line_start = _last_break(chars, folded.rfind("\n", 0, m.start()) + 1, m.start())
        if re.match(r"[ \t*_|]*so[ \t]*:", folded[line_start : m.start()]):
            _set(chars, m.start(), "\n")
    for m in re.finditer(r",[ \t]*ngay\b", folded):
        line_start = folded.rfind("\n", 0, m.start()) + 1
        line_start = max(line_start, _last_break(chars, line_start, m.start()))
        place = _place_start(text, line_start, m.start())
        if place > line_start and folded[place - 1] in " \t":
            _set(chars, place - 1, "\n")


# A section's number before its heading: `I.`, `2)`.
_SECTION_NUMBER = re.compile(r"[ \t*_#]*(?:[ivx]+|\d{1,2})[.)]")
_YEAR = re.compile(r"(?:19|20)\d\d")
# The second body's first letters as a header writes them: in capitals, or capitalised (`Trường MN …`).
_SECOND_BODY_HEADS = ("TR", "PH", "SỞ", "LI", "Tr", "Ph", "Sở", "Li")


def _capitalised(name: str) -> bool:
    """Every word begins with a capital (`UBND HUYỆN X`, `UBND Huyện Mỹ Tú`): a name, not a sentence."""
    return all(not w[:1].islower() for w in name.split())


def _last_break(chars: list[str], lo: int, hi: int) -> int:
    for i in range(hi - 1, lo - 1, -1):
        if chars[i] == "\n":
            return i + 1
    return lo


_PLACE_LOWER = {"trấn", "xã", "phố", "huyện", "tỉnh", "phường", "quận"}


def _place_start(text: str, lo: int, hi: int) -> int:
    """Where the place name before `, ngày` begins: the run of title-case words ending at `hi`."""
    words = list(re.finditer(r"\S+", text[lo:hi]))
    start = hi
    for w in reversed(words):
        word = w.group().strip(".*_#")
        if any(c.isdigit() or c in ":/" for c in word):
            break  # `Số:136/KH-THCS` glued to its label: the number, not a word of the place
        first = word[:1]
        title_case = first.isupper() and (len(word) == 1 or not word[1:].isupper())
        if title_case or word in _PLACE_LOWER:
            start = lo + w.start()
            continue
        break
    return start


def _split_headings(chars: list[str], text: str, folded: str) -> None:
    """`… năm 2015. KẾ HOẠCH Phòng tránh …` and `… Hạnh phúc Thực hiện …`: heading and body on own lines."""
    for m in BODY_OPENING.finditer(folded):
        numbered = _SECTION_NUMBER.fullmatch(folded, folded.rfind("\n", 0, m.start()) + 1, m.start())
        if text[m.end()].isupper() and not SUBJECT_END.search(folded, 0, m.start()) and not numbered:
            _set(chars, m.start(), "\n")  # (`I. CĂN CỨ …` is a section's heading: kept whole)
    for m in GLUED_HEADING.finditer(folded):
        word = text[m.start(1) : m.end(1)]
        before = text[max(0, m.start() - 40) : m.start()].split()
        previous = before[-1] if before else ""
        if not word[:1].isupper() or previous.isupper():
            continue  # a heading glued after a sentence, not a word of an upper-case title
        if not word.isupper() and not (previous[-1:] in ".:|" or _YEAR.fullmatch(previous)):
            continue  # `Kế hoạch` as written: only after the date line's year, not inside a name
        _set(chars, m.start(), "\n")
        after = m.end(1)
        nxt = text[after : after + 12].lstrip(" \t")[:2]
        # a title in sentence case follows the upper-case heading on the same line
        if len(nxt) == 2 and nxt[0].isupper() and nxt[1].islower():
            _set(chars, after, "\n")
