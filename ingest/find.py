"""Find every citation in a normalised text: numbered (`Chỉ thị số 20-CT/TW ngày 05/11/2012 của Bộ
Chính trị`), short (`Chỉ thị 28`, `Chỉ thị 16 của Thủ tướng`) and named (`Luật Trẻ em`, `Công ước về
quyền trẻ em`), each with the date, issuer and subject that follow it and the sentence around it.

A small pipeline of pure functions, like eyecite: fold the text once (same length, so spans
carry over), run a few named regexes, read each hit's tail, drop what is not a citation. Numbered
citations are found here; named laws, treaties and short forms in `ingest.find_named`; the words
around a citation (type word, date, issuer, subject) are read by `ingest.find_tail`.

>>> ms = find_mentions("Thực hiện Chỉ thị số 28- CT/TW ngày 25/12/2023 của Bộ Chính trị về trẻ em.")
>>> [(m.doc_type, m.number, m.symbol, m.date, m.issuer.kind) for m in ms]
[('chi_thi', '28', 'CT/TW', '2023-12-25', 'bo_chinh_tri')]
>>> find_mentions("ngày 27/7/1947, tháng 10/2021, tỷ lệ 1/500, ĐT 0257.3890.000, bệnh viện dã chiến số 1")
[]
"""

from __future__ import annotations

import bisect
import re

from ingest import symbols
from ingest.find_named import merge_names_into_numbers, named_mentions, short_mentions
from ingest.find_tail import read_tail, stated_before, subject_before, type_before
from ingest.model import Mention
from ingest.normalize import fold_keep_length

# --- the shapes -------------------------------------------------------------

# A số hiệu, Party (`20-CT/TW`, `19 -ctr/tu`) or State (`56/2017/NĐ-CP`, `60/KH-UBND`,
# `1025/UBND-LĐTBXH`, `121/2020/QH14`), on folded text. Spaces around separators are noise
# of real texts. The lookbehind keeps dates (`17/7/2018`) and other numbers out; it sits after
# the first digit so the pattern starts with `\d` and the scan skips to digits (twice as fast).
# Government resolutions of 2025 on are numbered `66.16/2026/NQ-CP`: a dotted number before a year;
# some earlier ones `19-2018/NQ-CP`: a hyphen before the year. Joint documents list up to eight
# bodies after the type (`01/QCPH-LĐTBXH-GDĐT-CA-NNPTNT-TLĐ-LMHTX-LĐTMCN`). A number glued to `số` (`Kế hoạch
# số1891/KH-PGDĐT`) is one too: the only word allowed right before the first digit. A year that lost its
# last digit to a PDF's text layer (`22/201 /QĐ-UBND ngày 13 tháng 9 năm 2019`) is skipped: the date tells
# the year; a space for the slash after the year before a State type token (`75/2006 NĐ-CP`) is read too.
# Some provinces add their department after a dot (`1234/QĐ-UBND.VX`, `15/SLĐTBXH.BVCSTE`): the
# `dot` group, kept when written in capitals (`written_symbol`), so the date and issuer after it are read too.
NUMBERED = re.compile(
    r"""(?P<num>\d(?:(?<![\w/.,-]\d)|(?<=\bso\d))\d{0,4}(?:\.\d{1,2}(?=\s?/\s?(?:19|20)\d{2}\s?/))?[a-z]?)
    (?:
        \s?-\s?(?P<ptype>[a-z]{1,5})\s?/\s?(?P<pbody>[a-z&]{1,10}(?:-[a-z&]{1,8})?)
      |
        \s?(?:/|-(?=\s?(?:19|20)\d{2}\s?/))\s?
        (?:(?:(?P<year>(?:19|20)\d{2})|(?:19|20)\d(?=\s/))          # the year, or one cut to three digits
           (?:\s?/\s?|\s(?=(?:nd|qd|tt|ttlt|nq|ct)-[a-z])))?
        (?P<ssym>[a-z&]{1,12}\d{0,2}(?:(?:-|/(?=[a-z]))\s?[a-z&][a-z0-9&]{0,15}){0,8})
        (?P<dot>\.[a-z]{2,7}(?![\w/.]))?
    )
    (?![\w/])""",
    re.VERBOSE,
)

# Tokens of certificate and licence numbers, never documents (`Giấy chứng nhận số 12/GCN`).
_NOT_DOCUMENT_TOKENS = frozenset({"gcn", "gp", "gpkd", "cchn", "dkkd", "gcndkkd", "ccv", "gpxd", "gphd"})

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
    found = _numbered(text, folded) + named_mentions(text, folded)
    found = merge_names_into_numbers(found, text)
    found += short_mentions(text, folded, found)
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
                prev.title = subject_before(text, folded, prev, nxt.start)
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


def written_symbol(text: str, m: re.Match[str]) -> str:
    """The symbol of a `NUMBERED` match as written in `text`: Party `TYPE/BODY` or the State symbol."""
    if m["ptype"]:
        return text[m.start("ptype") : m.end("ptype")] + "/" + text[m.start("pbody") : m.end("pbody")]
    symbol = text[m.start("ssym") : m.end("ssym")]
    if m["dot"] and _upper_abbreviation(text[m.start("dot") + 1 : m.end("dot")]):
        symbol += text[m.start("dot") : m.end("dot")]
    return symbol


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


# The document's own số hiệu, which it never cites (CONTRACT.md: a document never cites itself, even
# when its header was not read; such a mention is kind `own`): the header's `Số:` line
# (`Số:  225 - KH/…`, a portal panel's `Số hiệu: 267/QĐ-TTg`) ...
_OWN_NUMBER_LINE = re.compile(r"(?:^|\n)[ \t|*_>-]*so(?:\s+hieu|\s+ky\s+hieu)?[ \t]*:[ \t]*\n?[ \t]*$")
# ... and an old-style title naming it (`CHỈ THỊ CỦA THỦ TƯỚNG CHÍNH PHỦ SỐ 16/2001/CT-TTG NGÀY …`).
_OWN_TITLE = re.compile(
    r"^[\W_]*(?:" + symbols.TYPE_WORD_ALTERNATION + r")\s+cua\s+(?:[a-z]+\s+){1,12}?so\s*$"
)
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
    before = type_before(folded, m.start(), abbreviated=True)
    type_word = before[1] if before else None
    if m["ptype"]:
        raw_symbol = written_symbol(text, m)
        tokens = [m["ptype"], *re.split(r"[-/]", m["pbody"])]
        if m["ptype"] not in symbols.TYPE_TOKENS:
            return None
    else:
        raw_symbol = written_symbol(text, m)
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
    stated = stated_before(text, folded, start)
    mention = Mention(
        start=start,
        end=m.end() if m["ptype"] else end,
        doc_type=doc_type,
        number=text[m.start("num") : m.end("num")].upper(),
        symbol=symbol,
        year=int(m["year"]) if m["year"] else None,
        type_guessed=guessed,
    )
    read_tail(text, folded, mention)
    if stated is not None:
        mention.date = mention.date or stated[0]
        if mention.issuer is None and stated[1] is not None:
            mention.issuer, mention.issuer_explicit = stated[1], True
    return mention
