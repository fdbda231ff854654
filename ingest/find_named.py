"""Citations without a số hiệu: named laws, codes and ordinances (`Luật Trẻ em năm 2016`, `Bộ luật Lao
động`), the Convention on the Rights of the Child, and short forms (`Chỉ thị 28`, `Chỉ thị số 16 của Thủ
tướng`); and the merging of a law's name into the numbered citation it stands beside.
"""

from __future__ import annotations

import bisect
import re

from ingest import laws, symbols
from ingest.dates import DATE_AFTER, iso_date
from ingest.find_tail import read_tail, type_before
from ingest.model import Mention

# A short form: type word and bare number, no symbol (`Chỉ thị 28`, `Chỉ thị số 16 của Thủ tướng`).
SHORT = re.compile(
    r"""\b(?P<tw>chi\ thi|ke\ hoach|quyet\ dinh|nghi\ quyet|nghi\ dinh|thong\ tu|cong\ van|ket\ luan
        |thong\ bao|huong\ dan|cong\ dien)
    \s+(?:so\s*)?(?P<num>\d{1,4})\b(?!\s?[-/.,]\s?\w)""",
    re.VERBOSE,
)

# A named law, code or ordinance: `Luật Trẻ em`, `Bộ luật Lao động`, `Pháp lệnh Ưu đãi người có
# công …`, not `pháp luật`, `dự thảo Luật`.
NAMED_LAW = re.compile(r"(?:luat|phap\s+lenh)\s+(?=[a-z])")
_NOT_A_LAW_BEFORE = re.compile(r"(?:phap|du thao|du an|cac|moi)\s+$")
# What may follow a law's name to say which version: its year (`Bộ luật Dân sự năm 2015`,
# `Luật Đất đai 2013`, `(năm 2014)`) ...
_LAW_YEAR = re.compile(r"\s*\(?\s*(?:nam\s*)?(?P<year>(?:19|20)\d{2})(?!\d)\s*\)?(?![/.-]\d)")
# ... or when it was passed (`được Quốc hội khóa XIII thông qua ngày 28 tháng 11 năm 2013`,
# `thông qua tháng 4 năm 2016`), within the same clause.
_LAW_PASSED = re.compile(
    r"""(?:(?!\.\s)[^;\n]){0,90}?thong\s+qua\s*(?:ngay\s*(?P<day>\d{1,2})\s*(?:[/.-]|\s*thang\b)\s*|thang\s*)
        (?P<month>\d{1,2})\s*(?:[/.-]|\s*,?\s*nam\b)\s*(?P<year>(?:19|20)\d{2})(?!\d)""",
    re.VERBOSE,
)
# A plan to carry out or disseminate a law (`Kế hoạch triển khai thi hành Luật …`, `tuyên truyền,
# phổ biến Luật …`): the words just before its name.
_CARRY_OUT_BEFORE = re.compile(
    r"(?:trien\s+khai|thi\s+hanh|pho\s+bien|tuyen\s+truyen|quan\s+triet|gioi\s+thieu)\b[^;.\n]{0,40}$"
)

# The Convention on the Rights of the Child, however it is written (`Liên Hợp Quốc`, `Liên hiệp quốc`).
TREATY = re.compile(
    r"cong\s+uoc\s+(?:(?:cua|quoc\s+te|lien\s+(?:hop|hiep)\s+quoc|lhq|un)\s+){0,3}(?:ve\s+)?"
    r"quyen\s+(?:cua\s+)?tre\s+em"
)


# --- named laws and treaties -------------------------------------------------


# Where the laws an amending title names begin: `Luật sửa đổi, bổ sung một số điều của| Luật A và …`.
_AMENDED_START = re.compile(r"\bcua\s+(?=(?:bo\s+)?luat\b|phap\s+lenh\b|cac\s+luat\b|\d+\s+luat\b)")


def named_mentions(text: str, folded: str) -> list[Mention]:
    out = []
    inner_end, inner_as_of = -1, None  # the laws an amending title names, and when it passed
    for m in NAMED_LAW.finditer(folded):
        if m.start() and folded[m.start() - 1].isalpha():
            continue
        if _NOT_A_LAW_BEFORE.search(folded, max(0, m.start() - 20), m.start()):
            continue
        code = folded[max(0, m.start() - 3) : m.start()] == "bo "
        start = m.start() - 3 if code else m.start()
        hit = laws.match_name(folded, m.end(), code=code, ordinance=folded.startswith("phap", m.start()))
        if hit is None and folded.startswith("luat", m.start()):
            hit = _unknown_law_name(text, folded, m.end())
        if hit is None:
            continue
        end, name = hit
        mention = Mention(start=start, end=end, doc_type=laws.doc_type(name), name=name, kind="named")
        if start < inner_end:  # the version it amended, whatever date follows the whole title
            mention.as_of = inner_as_of
            mention.tail_end = end
            out.append(mention)
            continue
        _read_version(folded, mention)
        read_tail(text, folded, mention)
        if laws.is_amending(name):
            inner = _AMENDED_START.search(folded, start, end)
            if inner is not None:  # the amending law is cited, and so are the laws it names
                inner_end, inner_as_of = mention.end, laws.passed_on(name, mention.date, mention.year)
                mention.end = inner.end()
        out.append(mention)
    for m in TREATY.finditer(folded):
        mention = Mention(
            start=m.start(),
            end=m.end(),
            doc_type="cong_uoc",
            kind="named",
            name="Công ước của Liên Hợp Quốc về quyền trẻ em",
        )
        mention.tail_end = m.end()
        out.append(mention)
    return out


def _read_version(folded: str, mention: Mention) -> None:
    """What the text says about which version of a named law: a year after the name (taken into
    the mention), a passing date in the same clause, or a plan to carry it out before it."""
    year = _LAW_YEAR.match(folded, mention.end)
    if year is not None:
        mention.year = int(year["year"])
        mention.end = year.end()
    passed = _LAW_PASSED.match(folded, mention.end)
    if passed is not None and not NAMED_LAW.search(folded, mention.end, passed.start("month")):
        mention.date = iso_date(passed["day"], passed["month"], passed["year"])
    lo = max(0, mention.start - 80)
    mention.carry_out = _CARRY_OUT_BEFORE.search(folded, lo, mention.start) is not None


_UNKNOWN_NAME_END = re.compile(
    r"\s(?:ngay|so|nam|da|duoc|va|quy dinh|ve|thi|co|cua|tai|theo|hien hanh|nay|hoac|de|la|voi)\b"
    r"|[;.()\"“”:\n]|,(?!\s*chong)"
)


def _unknown_law_name(text: str, folded: str, pos: int) -> tuple[int, str] | None:
    """A law not in the table, kept only when capitalised as a name and followed by a date or number."""
    if not text[pos : pos + 1].isupper():
        return None
    end_match = _UNKNOWN_NAME_END.search(folded, pos, pos + 90)
    end = end_match.start() if end_match else pos
    words = text[pos:end].split()
    if not 1 <= len(words) <= 9:
        return None
    if not (DATE_AFTER.match(folded, end) or re.match(r"\s*(?:so\s*)?\d", folded[end : end + 8])):
        return None
    name = ("Luật " if not folded[pos - 7 : pos].startswith("bo") else "Bộ luật ") + " ".join(words)
    return end, name


# Between a law's name and its number: `số`, `(Luật số`, `,`, a date (`ngày 05/4/2016 số …`).
_ONLY_NUMBER_WORDS = re.compile(
    r"[\s,(]*(?:(?:ban hành |thông qua )?ngày[\s\d/.-]+(?:tháng[\s\d]+năm\s*\d{4})?[\s,]*)?"
    r"(?:\(?\s*Luật\s+)?(?:số|Số)?[\s:]*",
)


def merge_names_into_numbers(found: list[Mention], text: str = "") -> list[Mention]:
    """`Luật Bảo hiểm y tế số 25/2008/QH12`: one numbered mention titled with the name."""
    named = [m for m in found if m.kind == "named" and m.doc_type in ("luat", "phap_lenh")]
    numbered = sorted((m for m in found if m.kind == "numbered"), key=lambda m: m.start)
    starts = [m.start for m in numbered]
    dropped = set()
    for n in named:
        if n.name and laws.is_amending(n.name):
            continue  # `… của Luật Đất đai số 31/2024/QH15`: the number is the amended law's
        i = bisect.bisect_left(starts, n.start)
        if (
            i < len(numbered)
            # `Luật Ban hành văn bản quy phạm pháp luật số 64/…`: the number's type word ends the name
            and n.start < numbered[i].start
            and numbered[i].start - n.end <= 80
            and (
                numbered[i].start - n.end <= 12
                or _ONLY_NUMBER_WORDS.fullmatch(text[n.end : numbered[i].start])
            )
            and numbered[i].kind == "numbered"
            and numbered[i].doc_type in ("luat", "cong_van", "phap_lenh", "nghi_quyet")
            and re.fullmatch(r"(?:PL-)?(?:UBTV)?QH\d{1,2}", numbered[i].symbol or "")
            and (n.doc_type == "phap_lenh" or numbered[i].doc_type != "nghi_quyet")
        ):
            target = numbered[i]
            target.title = target.title or n.name
            target.name = n.name
            target.start = n.start
            if target.doc_type not in ("luat",) and target.symbol and target.symbol.startswith("QH"):
                target.doc_type = "luat"
            if n.doc_type == "phap_lenh":
                target.doc_type = "phap_lenh"
            dropped.add(id(n))
    return [m for m in found if id(m) not in dropped]


# --- short forms --------------------------------------------------------------

# A bare number, the anchor of a short form (the type word before it is checked by `type_before`);
# a digit-first pattern scans far faster than an alternation of type words.
_BARE_NUMBER = re.compile(r"\d(?<![\w/.,-]\d)\d{0,3}\b(?!\s?[-/.,]\s?\w)")
_SHORT_TYPES = frozenset(
    {
        "chi_thi",
        "ke_hoach",
        "quyet_dinh",
        "nghi_quyet",
        "nghi_dinh",
        "thong_tu",
        "cong_van",
        "ket_luan",
        "thong_bao",
        "huong_dan",
        "cong_dien",
    }
)


def _short_candidates(folded: str) -> list[re.Match[str]]:
    out = []
    for m in _BARE_NUMBER.finditer(folded):
        before = type_before(folded, m.start())
        if before is None or before[1] not in _SHORT_TYPES:
            continue
        hit = SHORT.match(folded, before[0], m.end())
        if hit is not None and hit.end() == m.end():
            out.append(hit)
    return out


def short_mentions(text: str, folded: str, found: list[Mention]) -> list[Mention]:
    taken = sorted((m.start, m.end) for m in found)
    out = []
    for m in _short_candidates(folded):
        number = m["num"]
        if len(number) == 4 and number[:2] in ("19", "20"):
            continue  # "Kế hoạch 2021": a year, not a number
        i = bisect.bisect_right(taken, (m.start(), 10**12)) - 1
        if i >= 0 and taken[i][1] > m.start():
            continue
        mention = Mention(
            start=m.start(),
            end=m.end(),
            doc_type=symbols.TYPE_WORDS[m["tw"].replace("\\", "")],
            number=number,
            kind="short",
        )
        read_tail(text, folded, mention)
        out.append(mention)
    return out
