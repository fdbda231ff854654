"""What the words around a citation say: the type word before its number, the date, issuer and subject
after it (`… ngày 12/3/2024 của UBND tỉnh X về …`), or stated before it (`Ngày … UBND huyện … ban hành Kế
hoạch số …`). Used by `ingest.find` for every kind of citation.
"""

from __future__ import annotations

import re

from ingest import symbols
from ingest.dates import DATE_AFTER, iso_date
from ingest.model import Mention, OrgRef
from ingest.places import match_org, place_after

# The Youth Union's and the Pioneers' central bodies, whose names begin like the Party's (`Ban Bí thư
# Trung ương Đoàn` is not the Party's Ban Bí thư): folded phrase -> name, longest first.
_YOUTH_BODIES = (
    ("ban bi thu trung uong doan", "Ban Bí thư Trung ương Đoàn"),
    ("ban thuong vu trung uong doan", "Ban Thường vụ Trung ương Đoàn"),
    ("ban chap hanh trung uong doan", "Ban Chấp hành Trung ương Đoàn TNCS Hồ Chí Minh"),
    ("hoi dong doi trung uong", "Hội đồng Đội Trung ương"),
    ("trung uong doan", "Trung ương Đoàn TNCS Hồ Chí Minh"),
)
# What may follow `Đoàn` in such a name: `TNCS Hồ Chí Minh`, `thanh niên cộng sản Hồ Chí Minh`.
_YOUTH_TAIL = re.compile(r"\s+(?:tncs|thanh nien cong san)(?:\s+ho chi minh)?\b")


def _youth_body(folded: str, pos: int) -> tuple[int, OrgRef] | None:
    """`Ban Bí thư Trung ương Đoàn …` at `pos`: (its end, the body)."""
    for phrase, name in _YOUTH_BODIES:
        end = pos + len(phrase)
        if folded.startswith(phrase, pos) and not folded[end : end + 1].isalpha():
            tail = _YOUTH_TAIL.match(folded, end)
            return (tail.end() if tail else end), OrgRef(kind="bo", name=name)
    return None


# After a citation: `của|do <body>`, then `về|về việc|v/v <subject>`.
_OF = re.compile(r"\s*,?\s*(?:cua|do)\s+")
_ABOUT = re.compile(r"\s*,?\s*(?:ve\s+viec|ve|v/v|quy\s+dinh|phe\s+duyet|huong\s+dan)\s+")
_SUBJECT_END = re.compile(
    r"[;\n]|\.\s|\)|\(|,\s*(?=(?:ubnd|uy ban|phong|so|huyen uy|tinh uy|dang uy|ban thuong vu|truong)\b)"
    r"|,\s*(?=(?:" + symbols.TYPE_WORD_ALTERNATION + r")\b)"
    r"|\s(?:va|cua)\s(?=(?:" + symbols.TYPE_WORD_ALTERNATION + r")\b)"
)


def subject_before(text: str, folded: str, mention: Mention, stop: int) -> str | None:
    about = _ABOUT.search(folded, mention.end, stop)
    if about is None:
        return None
    subject = re.sub(r"\s+", " ", text[about.start() : stop]).strip(' ,“”"*_')
    return subject or None


def type_before(folded: str, pos: int, abbreviated: bool = False) -> tuple[int, str] | None:
    """The type word right before a number (`Kế hoạch số`, `Quyết định số:`): (its start, doc_type).

    `abbreviated`: also a type token before `số` (`KH số 12/KH-UBND`, `CV số 5/PGDĐT`), for a number
    with its symbol (a bare `CT số 5` may be anything).
    """
    window = folded[max(0, pos - 40) : pos]
    stripped = window.rstrip(" \t\n:.")
    numbered = stripped.endswith("so")
    if numbered:
        stripped = stripped[:-2].rstrip(" \t\n:.")
    last = len(stripped)
    while last and stripped[last - 1].isalnum():
        last -= 1
    for word in _TYPE_WORDS_BY_LAST_WORD.get(stripped[last:], ()):
        if stripped.endswith(word) and not stripped[-len(word) - 1 : -len(word)].isalnum():
            return pos - len(window) + len(stripped) - len(word), symbols.TYPE_WORDS[word]
    token = stripped[last:]
    if abbreviated and numbered and token in _ABBREVIATED_TYPES:
        return pos - len(window) + last, symbols.TYPE_TOKENS[token]
    return None


# Type tokens written for the type word before `số` in notes and school plans (`Thực hiện KH số …`).
# Not `HĐ` (hợp đồng, a contract, as often as hướng dẫn) nor `QC`, `PA`, `L`.
_ABBREVIATED_TYPES = frozenset(
    {"kh", "cv", "qd", "nq", "ct", "kl", "tb", "nd", "tt", "ctr", "bc", "khlt", "khph", "ttr", "cd"}
)


def _by_last_word(words: list[str]) -> dict[str, tuple[str, ...]]:
    """Type words by their last word, longest first (`luat` -> `bo luat`, `luat`): a number is
    preceded by thousands of words, and only these few can end a type word."""
    out: dict[str, list[str]] = {}
    for word in sorted(words, key=len, reverse=True):
        out.setdefault(word.split()[-1], []).append(word)
    return {last: tuple(group) for last, group in out.items()}


_TYPE_WORDS_BY_LAST_WORD = _by_last_word(list(symbols.TYPE_WORDS))


# "Ngày 20/03/2023 UBND huyện Núi Thành ban hành Kế hoạch số 60/KH-UBND": date and issuer come first.
_ISSUED_BEFORE = re.compile(r"(?:da\s+)?ban\s+hanh\s*$")
_DATE_BEFORE = re.compile(
    r"ngay\s*(?P<day>\d{1,2})\s*[/.-]\s*(?P<month>\d{1,2})\s*[/.-]\s*(?P<year>(?:19|20)\d{2})"
    r"|ngay\s*(?P<day2>\d{1,2})?\s*thang\s*(?P<month2>\d{1,2})\s*nam\s*(?P<year2>(?:19|20)\d{2})"
)
_ORG_START = re.compile(
    r"(?<![a-z])(?:ubnd|uy ban|hdnd|so|phong|ban thuong vu|huyen uy|tinh uy|thanh uy|dang uy|"
    r"bo|thu tuong|chinh phu|quoc hoi|ban bi thu)\b"
)


# `Thực hiện chỉ đạo của UBND tỉnh tại Công văn số 77/UBND-VX`, `theo hướng dẫn của Sở GDĐT tại …`: the
# body whose direction the citation carries is its issuer (the text names it; the symbol's `UBND` does
# not say which level).
_DIRECTED_BY = re.compile(
    r"(?<![a-z])(?:chi\s+dao|huong\s+dan|de\s+nghi|yeu\s+cau|ket\s+luan|y\s+kien)\s+cua\s+(?=[a-z])"
)
_AT_BEFORE = re.compile(r"\s(?:tai|theo)\s*$")


def _directed_by(text: str, folded: str, start: int) -> OrgRef | None:
    """The body of `chỉ đạo của <body> tại` right before a citation starting at `start`."""
    at = _AT_BEFORE.search(folded, max(0, start - 12), start)
    if at is None:
        return None
    directions = list(_DIRECTED_BY.finditer(folded, max(0, start - 160), at.start()))
    if not directions:
        return None
    directed = directions[-1]  # the nearest to the citation
    found = match_org(text, folded, directed.end())
    if found is None or folded[found[0] : at.start()].strip():
        return None
    return found[1]


def stated_before(text: str, folded: str, start: int) -> tuple[str | None, OrgRef | None] | None:
    lo = max(0, start - 160)
    issued = _ISSUED_BEFORE.search(folded, lo, start)
    if issued is None:
        directing = _directed_by(text, folded, start)
        return None if directing is None else (None, directing)
    lead = folded[lo : issued.start()]
    date = None
    for d in _DATE_BEFORE.finditer(lead):
        date = iso_date(d["day"] or d["day2"], d["month"] or d["month2"], d["year"] or d["year2"])
    org: OrgRef | None = None
    for o in _ORG_START.finditer(lead):
        found = match_org(text, folded, lo + o.start())
        if found is not None and not folded[found[0] : issued.start()].strip():
            org = found[1]
    if date is None and org is None:
        return None
    return date, org


# Only spaces up to the line's end: a body on the next line is another line's (a header's), not the
# citation's issuer (`… Nghị định 119/2014/NĐ-CP  ⏎ BỘ LAO ĐỘNG …` under a page title).
_TO_LINE_END = re.compile(r"[ \t]*\n")


def read_tail(text: str, folded: str, mention: Mention) -> None:
    """Date, issuer and subject after a citation, in either order; sets tail_end."""
    pos = mention.end
    for _ in range(2):
        date = DATE_AFTER.match(folded, pos)
        if date and mention.date is None:
            mention.date = iso_date(date["day"], date["month"], date["year"])
            pos = date.end()
            continue
        of = _OF.match(folded, pos)
        if of and mention.issuer is None:
            org = (
                _youth_body(folded, of.end())
                or match_org(text, folded, of.end())
                or _placed_body(text, folded, of.end())
            )
            if org is not None and _AT_NEXT.match(folded, org[0]):
                break  # `…, của Ban Bí thư tại văn bản số 213-KL/TW`: the body of the next citation
            if org is not None:
                pos, mention.issuer = org
                mention.issuer_explicit = True
                continue
        same_line = folded[pos : pos + 1] == " " and not _TO_LINE_END.match(folded, pos)
        org = match_org(text, folded, pos) if mention.issuer is None and same_line else None
        if org is not None:
            pos, mention.issuer = org
            mention.issuer_explicit = True
            continue
        break
    if mention.issuer is None:
        before = _issuer_before(text, folded, mention.start)
        if before is not None:
            mention.issuer, mention.issuer_explicit = before, True
    about = _ABOUT.match(folded, pos)
    if about:
        end = _SUBJECT_END.search(folded, about.end(), about.end() + 300)
        stop = end.start() if end else min(len(text), about.end() + 300)
        subject = text[about.start() : stop].strip(' ,“”"\n*_')
        if subject:
            mention.title = re.sub(r"\s+", " ", subject)
        pos = stop
    mention.tail_end = pos


# `của Bộ Chính trị tại Thông báo số 99-TB/TW`: the body named first, then where it said so (folded).
_AT_NEXT = re.compile(r"\s+tai\s+(?=[a-z])")
_OF_WORD = re.compile(r"(?<![a-z0-9])cua\s+")
_AT_BEFORE = re.compile(r"\s+tai\s+(?:[a-z]+\s+){0,3}(?:so\s*)?$")


def _issuer_before(text: str, folded: str, start: int) -> OrgRef | None:
    """The body of `của <body> tại <the citation>` written just before the citation."""
    words = list(_OF_WORD.finditer(folded, max(0, start - 160), start))
    if not words:
        return None
    last = words[-1]
    org = match_org(text, folded, last.end())
    if org is None or not _AT_BEFORE.match(folded[org[0] : start]):
        return None
    return org[1]


# A body the finder has no name for, placed by the text: `của Ban Điều hành Quỹ … tỉnh Đắk Nông`.
_BODY_PLACE = re.compile(r"\b(?:tinh|thanh pho|huyen|quan|thi xa)\s+(?=[a-z])")
_BODY_END = re.compile(r"[;.\n(]|\bve\b|\bngay\b|\bde nghi\b|\bquy dinh\b|\bphe duyet\b|\bban hanh\b")


def _body_end(text: str, folded: str, pos: int) -> int:
    """Where an unknown body's name ends: punctuation, a line break, or the words after a name. A line
    break before a lower-case word is a PDF's hard wrap inside the name (`Quỹ … cho Phụ ⏎ nữ làm kinh tế
    tỉnh …`), not its end."""
    hi = min(len(folded), pos + 120)
    for stop in _BODY_END.finditer(folded, pos, hi):
        if stop.group() == "\n" and text[stop.end() :].lstrip(" \t")[:1].islower():
            continue
        return stop.start()
    return hi


def _placed_body(text: str, folded: str, pos: int) -> tuple[int, OrgRef] | None:
    """`của <Capitalised name> tỉnh X`: an unknown body of a known place (its place is its identity)."""
    if not text[pos : pos + 1].isupper():
        return None
    hi = _body_end(text, folded, pos)
    place = _BODY_PLACE.search(folded, pos, hi)
    if place is None:
        return None
    end, unit = place_after(text, folded, place.start())
    if not (unit.province or unit.district):
        return None
    name = re.sub(r"\s+", " ", text[pos : place.start()]).strip(" ,")
    if not name or len(name) < 6:
        return None
    return end, OrgRef(kind="other", unit_level="province" if not unit.district else "district",
                       province=unit.province, district=unit.district, name=name)
