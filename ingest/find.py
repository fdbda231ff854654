"""Find every citation in a normalised text: numbered (`Chỉ thị số 20-CT/TW ngày 05/11/2012 của Bộ
Chính trị`), short (`Chỉ thị 28`, `Chỉ thị 16 của Thủ tướng`) and named (`Luật Trẻ em`, `Công ước về
quyền trẻ em`), each with the date, issuer and subject that follow it and the sentence around it.

A small pipeline of pure functions, like eyecite: fold the text once (same length, so spans
carry over), run a few named regexes, read each hit's tail, drop what is not a citation.

>>> ms = find_mentions("Thực hiện Chỉ thị số 28- CT/TW ngày 25/12/2023 của Bộ Chính trị về trẻ em.")
>>> [(m.doc_type, m.number, m.symbol, m.date, m.issuer.kind) for m in ms]
[('chi_thi', '28', 'CT/TW', '2023-12-25', 'bo_chinh_tri')]
>>> find_mentions("ngày 27/7/1947, tháng 10/2021, tỷ lệ 1/500, ĐT 0257.3890.000, bệnh viện dã chiến số 1")
[]
"""

from __future__ import annotations

import bisect
import re

from ingest import laws, symbols
from ingest.dates import DATE_AFTER, iso_date
from ingest.model import Mention, OrgRef
from ingest.normalize import fold_keep_length
from ingest.places import match_org, place_after

# --- the shapes -------------------------------------------------------------

# A số hiệu, Party (`20-CT/TW`, `19 -ctr/tu`) or State (`56/2017/NĐ-CP`, `60/KH-UBND`,
# `1025/UBND-LĐTBXH`, `121/2020/QH14`), on folded text. Spaces around separators are noise
# of real texts. The lookbehind keeps dates (`17/7/2018`) and other numbers out; it sits after
# the first digit so the pattern starts with `\d` and the scan skips to digits (twice as fast).
# Government resolutions of 2025 on are numbered `66.16/2026/NQ-CP`: a dotted number before a year;
# some earlier ones `19-2018/NQ-CP`: a hyphen before the year. Joint documents list up to eight
# bodies after the type (`01/QCPH-LĐTBXH-GDĐT-CA-NNPTNT-TLĐ-LMHTX-LĐTMCN`). A number glued to `số` (`Kế hoạch
# số1891/KH-PGDĐT`) is one too: the only word allowed right before the first digit.
NUMBERED = re.compile(
    r"""(?P<num>\d(?:(?<![\w/.,-]\d)|(?<=\bso\d))\d{0,4}(?:\.\d{1,2}(?=\s?/\s?(?:19|20)\d{2}\s?/))?[a-z]?)
    (?:
        \s?-\s?(?P<ptype>[a-z]{1,5})\s?/\s?(?P<pbody>[a-z&]{1,10}(?:-[a-z&]{1,8})?)
      |
        \s?(?:/|-(?=\s?(?:19|20)\d{2}\s?/))\s?(?:(?P<year>(?:19|20)\d{2})\s?/\s?)?
        (?P<ssym>[a-z&]{1,12}\d{0,2}(?:(?:-|/(?=[a-z]))\s?[a-z&][a-z0-9&]{0,15}){0,8})
    )
    (?![\w/])""",
    re.VERBOSE,
)

_TYPE_WORD_ALTS = symbols.TYPE_WORD_ALTERNATION

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

# Tokens of certificate and licence numbers, never documents (`Giấy chứng nhận số 12/GCN`).
_NOT_DOCUMENT_TOKENS = frozenset({"gcn", "gp", "gpkd", "cchn", "dkkd", "gcndkkd", "ccv", "gpxd", "gphd"})

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
    r"|,\s*(?=(?:" + _TYPE_WORD_ALTS + r")\b)|\s(?:va|cua)\s(?=" + r"(?:" + _TYPE_WORD_ALTS + r")\b)"
)

# Sentence and list-item boundaries of real texts (single line breaks inside sentences are not);
# each alternative starts with a literal character (no class: `[.!?]` is spelled out) so `re` scans for
# those five characters only, twice as fast. A boundary is `m.end()`.
BOUNDARY = re.compile(
    r"""\n[ \t]*\n
      | \n(?=[ \t]*(?:[-–+•*]|\d+(?:\.\d+)*[.)]|[a-zđ]\)|[IVX]+\.)\s)
      | \n(?=[ \t*_]*(?:Thực\ hiện|Căn\ cứ|Trên\ cơ\ sở|Kính\ gửi|Nơi\ nhận|Điều\ \d|Chương\ [IVX]
                       |Theo\ đề\ nghị
                       |THỰC\ HIỆN|CĂN\ CỨ|I\.\s))
      | \.[ \t\n]+ | ![ \t\n]+ | \?[ \t\n]+
      | :[ \t]*\n""",
    re.VERBOSE,
)


def find_mentions(text: str, folded: str | None = None) -> list[Mention]:
    """Every citation in `text` (normalised), ordered by position, non-overlapping."""
    folded = folded if folded is not None else fold_keep_length(text)
    bounds = sentence_bounds(text)
    found = _numbered(text, folded) + _named(text, folded)
    found = _merge_names_into_numbers(found, text)
    found += _short(text, folded, found)
    found.sort(key=lambda m: (m.start, -m.end))
    kept: list[Mention] = []
    for m in found:
        if kept and m.start < kept[-1].end:
            continue
        m.sentence_start, m.sentence_end = _sentence_of(bounds, m.start, m.end, len(text))
        kept.append(m)
    _share_dates(kept, folded)
    for prev, nxt in zip(kept, kept[1:], strict=False):
        if prev.tail_end > nxt.start:  # a subject running into the next citation stops there
            prev.tail_end = nxt.start
            if prev.title:
                prev.title = _subject_before(text, folded, prev, nxt.start)
    return kept


# Between two citations that share the date written after the second: `số 008/CĐ-UBND và số 009/CĐ-UBND
# ngày 19/11/2025`, `Công văn số 12/UBND-VX, 13/UBND-VX ngày …`.
_COORDINATED = re.compile(r"\s*(?:,|va|&)\s*(?:so\s*:?\s*)?$")


def _share_dates(mentions: list[Mention], folded: str) -> None:
    """A numbered citation without a date, joined by `và` or `,` to one of the same symbol that has a
    date, was issued that day, by the same body (walked from the end, so a run of three shares the last
    one's date)."""
    for i in range(len(mentions) - 2, -1, -1):
        prev, nxt = mentions[i], mentions[i + 1]
        if prev.kind != "numbered" or prev.date or prev.year or not nxt.date or not prev.symbol:
            continue
        same = nxt.symbol is not None and symbols.symbol_key(nxt.symbol) == symbols.symbol_key(prev.symbol)
        if same and prev.tail_end <= nxt.start and _COORDINATED.match(folded, prev.tail_end, nxt.start):
            prev.date = nxt.date
            if prev.issuer is None and nxt.issuer is not None:  # `… ngày 19/11/2025 của UBND tỉnh …`
                prev.issuer, prev.issuer_explicit = nxt.issuer, nxt.issuer_explicit


def _subject_before(text: str, folded: str, mention: Mention, stop: int) -> str | None:
    about = _ABOUT.search(folded, mention.end, stop)
    if about is None:
        return None
    subject = re.sub(r"\s+", " ", text[about.start() : stop]).strip(' ,“”"*_')
    return subject or None


def sentence_bounds(text: str) -> list[int]:
    """Sorted positions where a sentence or list item starts."""
    return [0] + [m.end() for m in BOUNDARY.finditer(text)]


def _sentence_of(bounds: list[int], start: int, end: int, length: int) -> tuple[int, int]:
    i = bisect.bisect_right(bounds, start) - 1
    j = bisect.bisect_left(bounds, end)
    s = bounds[max(i, 0)]
    e = bounds[j] if j < len(bounds) else length
    # very long "sentences" (tables, run-on lists) are cut to a window around the mention
    return max(s, start - 400), min(e, end + 400)


# --- numbered citations -----------------------------------------------------


def _numbered(text: str, folded: str) -> list[Mention]:
    out = []
    for m in NUMBERED.finditer(folded):
        mention = _numbered_mention(text, folded, m)
        if mention is not None:
            out.append(mention)
    return out


_PERCENT_ENCODED = re.compile(r"%[0-9a-f]{2}")
# Forms and report templates are numbered like documents: `Mẫu số: 01/BK-HTK`, `biểu số 506/…`.
_FORM_BEFORE = re.compile(r"(?<![a-z])(?:mau|bieu|ky hieu bieu)(?:\s+so)?\s*[:.]?\s*$")
# A symbol token spelled as a word (`-Sở`, `-Bộ`): symbols abbreviate bodies (`SLĐTBXH`, `BTC`).
_SPELLED_BODY = re.compile(r"-\s?(?:Sở|SỞ|Bộ|BỘ)(?![\w])")
# The body of a symbol cut from its type token by stray spaces or a PDF line break around the
# hyphen (`21/2021/TT- ⏎BLĐTBXH`, `15/2023/TT -⏎BLĐTBXH`, `38/2026/TT - BTC`), where NUMBERED stops.
_CUT_AT_HYPHEN = re.compile(
    r"[ \t]{0,2}-[ \t]{0,2}\n?[ \t]{0,2}"
    r"(?P<body>[a-z&][a-z0-9]{1,11}(?:[ \t]?&[ \t]?[a-z0-9]{1,6})?(?:-[a-z&][a-z0-9&]{0,11}){0,2})(?![\w/])"
)


def _upper_abbreviation(raw: str) -> bool:
    """`VX`, `LĐTBXH-TE`, `GDTrH`: letters of an abbreviation, mostly upper-case (not `ngày`, `Văn`)."""
    letters = re.sub(r"[\s&\-]", "", raw)
    upper = sum(c.isupper() for c in letters)
    return letters.isalnum() and upper >= 2 and 2 * upper >= len(letters)


def _type_before(folded: str, pos: int) -> tuple[int, str] | None:
    """The type word right before a number (`Kế hoạch số`, `Quyết định số:`): (its start, doc_type)."""
    window = folded[max(0, pos - 40) : pos]
    stripped = window.rstrip(" \t\n:.")
    if stripped.endswith("so"):
        stripped = stripped[:-2].rstrip(" \t\n:.")
    last = len(stripped)
    while last and stripped[last - 1].isalnum():
        last -= 1
    for word in _TYPE_WORDS_BY_LAST_WORD.get(stripped[last:], ()):
        if stripped.endswith(word) and not stripped[-len(word) - 1 : -len(word)].isalnum():
            return pos - len(window) + len(stripped) - len(word), symbols.TYPE_WORDS[word]
    return None


def _by_last_word(words: list[str]) -> dict[str, tuple[str, ...]]:
    """Type words by their last word, longest first (`luat` -> `bo luat`, `luat`): a number is
    preceded by thousands of words, and only these few can end a type word."""
    out: dict[str, list[str]] = {}
    for word in sorted(words, key=len, reverse=True):
        out.setdefault(word.split()[-1], []).append(word)
    return {last: tuple(group) for last, group in out.items()}


_TYPE_WORDS_BY_LAST_WORD = _by_last_word(list(symbols.TYPE_WORDS))


# The document's own số hiệu, which it never cites (CONTRACT.md: a document never cites itself, even
# when its header was not read; such a mention is kind `own`): the header's `Số:` line
# (`Số:  225 - KH/…`, a portal panel's `Số hiệu: 267/QĐ-TTg`) ...
_OWN_NUMBER_LINE = re.compile(r"(?:^|\n)[ \t|*_>-]*so(?:\s+hieu|\s+ky\s+hieu)?[ \t]*:[ \t]*\n?[ \t]*$")
# ... and an old-style title naming it (`CHỈ THỊ CỦA THỦ TƯỚNG CHÍNH PHỦ SỐ 16/2001/CT-TTG NGÀY …`).
_OWN_TITLE = re.compile(r"^[\W_]*(?:" + _TYPE_WORD_ALTS + r")\s+cua\s+(?:[a-z]+\s+){1,12}?so\s*$")
_HEAD = 1500  # where a header ends at the latest (after a portal's panel)


def _own_number(text: str, folded: str, start: int) -> bool:
    """The number at `start` is the document's own: on the header's `Số:` line, or in its old-style title."""
    if start > _HEAD:
        return False
    line = _OWN_NUMBER_LINE.search(folded, max(0, start - 40), start)
    if line is not None and text[line.end() - len(line.group().lstrip("\n \t|*_>-")) : line.end()][:1] == "S":
        return True
    return start < 400 and _OWN_TITLE.match(folded, 0, start) is not None


def _numbered_mention(text: str, folded: str, m: re.Match[str]) -> Mention | None:
    mention = _numbered_read(text, folded, m)
    if mention is not None and _own_number(text, folded, m.start()):
        mention.kind = "own"  # resolve drops it when the header did not read the number itself
    return mention


def _numbered_read(text: str, folded: str, m: re.Match[str]) -> Mention | None:
    if _PERCENT_ENCODED.match(folded, m.end()):
        return None  # `23/2019/TT-BL%C4%90TBXH` in a link: the symbol is cut at the encoded `Đ`
    if _FORM_BEFORE.search(folded, max(0, m.start() - 24), m.start()):
        return None  # `Mẫu số 01/CTKT-TSMH`, `Biểu số 506/PCTNXH-Sở`: a form, not a document
    if _SPELLED_BODY.search(text, m.start(), m.end()):
        return None  # `805/TTr-Sở`, `808/PC-Bộ`: codes of statistical reports, no issuer writes this
    before = _type_before(folded, m.start())
    type_word = before[1] if before else None
    if m["ptype"]:
        raw_symbol = text[m.start("ptype") : m.end("ptype")] + "/" + text[m.start("pbody") : m.end("pbody")]
        tokens = [m["ptype"], *re.split(r"[-/]", m["pbody"])]
        if m["ptype"] not in symbols.TYPE_TOKENS:
            return None
    else:
        raw_symbol = text[m.start("ssym") : m.end("ssym")]
        tokens = [t.strip() for t in m["ssym"].split("-") if t.strip()]
        end = m.end()
        bare_type = len(tokens) == 1 and tokens[0] in symbols.TYPE_TOKENS
        # a letter's body cut from its department the same way (`1234/UBND -VX`): the department is
        # any upper-case abbreviation (their set is open)
        bare_body = len(tokens) == 1 and not bare_type and symbols.is_known_body(tokens[0])
        cut = _CUT_AT_HYPHEN.match(folded, end) if bare_type or bare_body else None
        cut_body = re.sub(r"[ \t]", "", cut["body"]) if cut is not None else ""
        if cut is not None and (
            symbols.is_known_body(symbols.split_symbol(cut_body.split("-")[0])[0])
            if bare_type
            else _upper_abbreviation(text[cut.start("body") : cut.end("body")])
        ):
            raw_symbol += "-" + re.sub(r"[ \t]", "", text[cut.start("body") : cut.end("body")])
            tokens += cut_body.split("-")
            end = cut.end()
        if not (tokens[0] in symbols.TYPE_TOKENS or type_word or symbols.is_known_body(tokens[0])):
            return None
        if len(tokens) == 1 and not re.fullmatch(r"(?:ubtv)?qh\d{1,2}", tokens[0]) and not type_word:
            return None
    if _NOT_DOCUMENT_TOKENS.intersection(tokens):
        return None
    symbol = symbols.canonical_symbol(raw_symbol)
    doc_type = symbols.doc_type_of_symbol(symbol) or type_word
    guessed = doc_type is None
    if doc_type is None:
        doc_type = (
            "luat"
            if re.fullmatch(r"qh\d{1,2}", tokens[0])
            else ("nghi_quyet" if tokens[0].startswith("ubtvqh") else "cong_van")
        )
    if doc_type in ("nghi_quyet", "luat") and type_word in ("nghi_quyet", "luat"):
        doc_type = type_word  # QH14 is a law or a resolution: the type word tells
    start = before[0] if before else m.start()
    stated = _stated_before(text, folded, start)
    mention = Mention(
        start=start,
        end=m.end() if m["ptype"] else end,
        doc_type=doc_type,
        number=text[m.start("num") : m.end("num")].upper(),
        symbol=symbol,
        year=int(m["year"]) if m["year"] else None,
        type_guessed=guessed,
    )
    _read_tail(text, folded, mention)
    if stated is not None:
        mention.date = mention.date or stated[0]
        if mention.issuer is None and stated[1] is not None:
            mention.issuer, mention.issuer_explicit = stated[1], True
    return mention


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


def _stated_before(text: str, folded: str, start: int) -> tuple[str | None, OrgRef | None] | None:
    lo = max(0, start - 160)
    issued = _ISSUED_BEFORE.search(folded, lo, start)
    if issued is None:
        return None
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


def _read_tail(text: str, folded: str, mention: Mention) -> None:
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
        org = (
            match_org(text, folded, pos) if mention.issuer is None and folded[pos : pos + 1] == " " else None
        )
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


# --- named laws and treaties -------------------------------------------------


# Where the laws an amending title names begin: `Luật sửa đổi, bổ sung một số điều của| Luật A và …`.
_AMENDED_START = re.compile(r"\bcua\s+(?=(?:bo\s+)?luat\b|phap\s+lenh\b|cac\s+luat\b|\d+\s+luat\b)")


def _named(text: str, folded: str) -> list[Mention]:
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
        _read_tail(text, folded, mention)
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


def _merge_names_into_numbers(found: list[Mention], text: str = "") -> list[Mention]:
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

# A bare number, the anchor of a short form (the type word before it is checked by `_type_before`);
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
        before = _type_before(folded, m.start())
        if before is None or before[1] not in _SHORT_TYPES:
            continue
        hit = SHORT.match(folded, before[0], m.end())
        if hit is not None and hit.end() == m.end():
            out.append(hit)
    return out


def _short(text: str, folded: str, found: list[Mention]) -> list[Mention]:
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
        _read_tail(text, folded, mention)
        out.append(mention)
    return out
