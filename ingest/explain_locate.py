"""Where each field of a document's own record stands in its text (for `ingest.explain`).

`parse_document` keeps the title's span only; the other fields are found again here, after the
fact, with the parser's own regexes: the span whose reading gives the value that was read. The
header is searched first, then the last page (signature, consolidated numbers), then the rest.
Nothing here changes what was read.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from ingest import symbols
from ingest.dates import DATE_LINE, YEAR_WORD, iso_date
from ingest.find import NUMBERED, written_symbol
from ingest.model import DocMeta, OrgRef
from ingest.normalize import fold_keep_length, line_spans
from ingest.own_number import ANNOUNCED, OWN_NUMBER, PLACEHOLDER
from ingest.parse import HEADING_TYPES
from ingest.places import PLACE_DATE, SIGNATURES, match_org, org_name

# A bare numeric date (`20/07/2022`), as bare records and `ngày 20/07/2022` write it.
NUMERIC_DATE = re.compile(r"(?<![\d/.-])(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*((?:19|20)\d{2})(?!\d)")
# The last page: signature blocks and the number of a consolidated text.
_TAIL = 3000

Span = tuple[int, int]
_LEVELS = ("province", "district", "commune")


@dataclass(frozen=True)
class Located:
    name: str
    value: str | None
    how: str
    span: Span | None


def locate_fields(text: str, folded: str, header_end: int, meta: DocMeta) -> list[Located]:
    """Each field of `meta` with where it was read (span None: not found in the text)."""
    number = _number_match(text, folded, header_end, meta)
    number_span = (number.start(), number.end()) if number else _blank_number(folded, header_end, meta)
    date_span = _date_span(folded, header_end, meta.date, number.end() if number else None)
    issuer = meta.issuer
    out = [
        _doc_type(folded, header_end, meta, number_span),
        Located(
            "number",
            meta.number,
            _number_how(folded, number) if meta.number else "no number",
            number_span if meta.number else None,
        ),
        Located(
            "symbol",
            meta.symbol,
            "after the number" if meta.number else "the `Số:` line, number left blank",
            number_span if meta.symbol else None,
        ),
        Located(
            "date",
            meta.date,
            "the place-and-date line"
            if date_span and _on_place_line(folded, date_span)
            else "a date in the header or after the number",
            date_span if meta.date else None,
        ),
        _year(folded, meta, number, date_span),
        Located("title", meta.title, _title_how(folded, meta), meta.title_span if meta.title else None),
        _issuer(text, folded, header_end, issuer),
    ]
    for level in _LEVELS:
        name = getattr(issuer, level) if issuer is not None else None
        span = _place_span(folded, header_end, name) if name else None
        out.append(Located(level, name, _place_how(name, span, header_end), span))
    return [
        f if f.value is not None or f.name in _LEVELS else Located(f.name, None, "not read", None)
        for f in out
    ]


def _number_how(folded: str, number: re.Match[str] | None) -> str:
    if number is not None:
        line_start = folded.rfind("\n", 0, number.start()) + 1
        announced = ANNOUNCED.search(folded, line_start, number.start())
        if announced is not None and announced.end() == number.start():
            return "announced by the page above the document (`… đã ban hành <loại> số …`)"
    return "the `Số:` line (or the record's first line)"


def _title_how(folded: str, meta: DocMeta) -> str:
    if meta.title_span is None:
        return "not read"
    line = folded[meta.title_span[0] : meta.title_span[1]].lstrip(" \t*_#|")
    if line.startswith(("v/v", "ve viec")):
        return "the subject line (`V/v …`)"
    return "the lines under the type heading" if meta.title_span[0] < 6000 else "the record's subject"


def _place_how(name: str | None, span: Span | None, header_end: int) -> str:
    if name is None:
        return "none at this level"
    if span is None:
        return "not named in the text: from the gazetteer (the unit above a named one)"
    return "named in the header" if span[0] < header_end else "not in the header: first named in the body"


def _zones(folded: str, header_end: int) -> list[Span]:
    """Search order: the header, the last page, the whole text."""
    return [(0, header_end), (max(0, len(folded) - _TAIL), len(folded)), (0, len(folded))]


def _first(matches: Iterable[Span], folded: str, header_end: int) -> Span | None:
    spans = list(matches)
    for lo, hi in _zones(folded, header_end):
        inside = [s for s in spans if lo <= s[0] < hi]
        if inside:
            return inside[0]
    return None


def _number_match(text: str, folded: str, header_end: int, meta: DocMeta) -> re.Match[str] | None:
    """The số hiệu whose reading is the document's number and symbol."""
    if meta.number is None:
        return None
    found = {}
    for m in NUMBERED.finditer(folded):
        if text[m.start("num") : m.end("num")].upper() != meta.number:
            continue
        raw = written_symbol(text, m)
        if symbols.canonical_symbol(raw) == meta.symbol:
            found[(m.start(), m.end())] = m
    span = _first(found, folded, header_end)
    return found[span] if span else None


def _blank_number(folded: str, header_end: int, meta: DocMeta) -> Span | None:
    """`Số: /KH-UBND` or a template placeholder: the line that was read as unnumbered."""
    for lo, hi in _zones(folded, header_end)[:2]:
        for m in OWN_NUMBER.finditer(folded, lo, hi):
            return m.start("rest"), m.end()
        holder = PLACEHOLDER.search(folded, lo, hi)
        if holder:
            return holder.start(), holder.end()
    return None


def _date_spans(folded: str, date: str) -> Iterator[Span]:
    for m in DATE_LINE.finditer(folded):
        if iso_date(m["day"], m["month"], m["year"]) == date:
            yield m.start(), m.end()
    for m in NUMERIC_DATE.finditer(folded):
        if iso_date(m[1], m[2], m[3]) == date:
            yield m.start(), m.end()


def _date_span(folded: str, header_end: int, date: str | None, after_number: int | None) -> Span | None:
    if not date:
        return None
    spans = sorted(set(_date_spans(folded, date)))
    on_line = [s for s in spans if _on_place_line(folded, s)]
    if on_line:
        return on_line[0]
    if after_number is not None:
        right_after = [s for s in spans if 0 <= s[0] - after_number <= 12]
        if right_after:
            return right_after[0]
    return _first(spans, folded, header_end)


def _on_place_line(folded: str, span: Span) -> bool:
    line_start = folded.rfind("\n", 0, span[0]) + 1
    line = PLACE_DATE.match(folded, line_start)
    return line is not None and line.end() >= span[1]


def _year(folded: str, meta: DocMeta, number: re.Match[str] | None, date_span: Span | None) -> Located:
    if meta.year is None:
        return Located("year", None, "none", None)
    if number is not None and number["year"] and int(number["year"]) == meta.year:
        return Located("year", str(meta.year), "in the số hiệu", (number.start("year"), number.end("year")))
    if "year_from_title" in meta.flags and meta.title_span:
        lo, hi = meta.title_span
        years = [m for m in YEAR_WORD.finditer(folded, lo, hi) if int(m[1]) == meta.year]
        if years:
            return Located(
                "year",
                str(meta.year),
                "from the title (no number year, no date)",
                (years[-1].start(1), years[-1].end(1)),
            )
    if meta.date and int(meta.date[:4]) == meta.year and date_span:
        return Located("year", str(meta.year), "from the date", date_span)
    return Located("year", str(meta.year), "read by the parser; its place not found", None)


def _doc_type(folded: str, header_end: int, meta: DocMeta, number_span: Span | None) -> Located:
    if meta.symbol and symbols.doc_type_of_symbol(meta.symbol) == meta.doc_type:
        return Located("doc_type", meta.doc_type, f"from the symbol {meta.symbol}", number_span)
    for start, end in line_spans(folded, 0, min(len(folded), header_end + 1500)):
        line = folded[start:end].strip(" \t*_#|")
        if HEADING_TYPES.get(line) == meta.doc_type:
            lead = len(folded[start:end]) - len(folded[start:end].lstrip(" \t*_#|"))
            return Located(
                "doc_type", meta.doc_type, "the type heading", (start + lead, start + lead + len(line))
            )
    if meta.doc_type == "cong_van" and meta.title_span:
        return Located(
            "doc_type", meta.doc_type, "a subject line (`V/v …`): an official letter", meta.title_span
        )
    if meta.doc_type == "cong_van" and meta.symbol and number_span:
        return Located(
            "doc_type", meta.doc_type, "a số hiệu with no type heading: an official letter", number_span
        )
    return Located("doc_type", meta.doc_type, "no type heading or symbol: the default", None)


def _issuer(text: str, folded: str, header_end: int, issuer: OrgRef | None) -> Located:
    """The last header line naming a body of the issuer's kind, else its signature block."""
    if issuer is None:
        return Located("issuer", None, "not found", None)
    name = org_name(issuer)
    spans = []
    for start, end in line_spans(folded, 0, header_end):
        pos = start + len(folded[start:end]) - len(folded[start:end].lstrip(" \t*_#|"))
        found = match_org(text, folded, pos) if pos < end else None
        if found is not None and found[1].kind == issuer.kind:
            spans.append((pos, min(found[0], end)))
    if spans:
        return Located(
            "issuer",
            name,
            "the issuing body's line in the header",
            _with_place_line(folded, spans[-1], issuer),
        )
    for start, end in reversed(line_spans(folded, max(0, len(folded) - _TAIL), len(folded))):
        line = folded[start:end].strip(" \t*_")
        if any(pattern.search(line) for pattern, _ in SIGNATURES):
            return Located(
                "issuer", name, "the signature block (no issuing body in the header)", (start, end)
            )
    place = _place_span(
        folded, header_end, issuer.commune or issuer.district or issuer.province or issuer.name
    )
    return Located(
        "issuer",
        name,
        "the body naming itself or its place (position approximate)"
        if place
        else "the symbol and the body's words; no single line",
        place,
    )


def _with_place_line(folded: str, span: Span, issuer: OrgRef) -> Span:
    """`ỦY BAN NHÂN DÂN` / `HUYỆN ĐỒNG XUÂN`: the body's place on the next line belongs to it."""
    place = issuer.commune or issuer.district or issuer.province
    if not place or fold_keep_length(place).lower() in folded[span[0] : span[1]]:
        return span
    line_end = folded.find("\n", span[1])
    following = (
        line_spans(folded, line_end + 1, min(len(folded), line_end + 200))[:2] if line_end >= 0 else []
    )
    for start, end in following:
        if fold_keep_length(place).lower() in folded[start:end]:
            return span[0], len(folded[:end].rstrip(" \t*_#|"))
        if folded[start:end].strip():
            break
    return span


def _place_span(folded: str, header_end: int, name: str | None) -> Span | None:
    if not name:
        return None
    word = re.compile(r"(?<![a-z0-9])" + re.escape(fold_keep_length(name).lower()) + r"(?![a-z0-9])")
    return _first(((m.start(), m.end()) for m in word.finditer(folded)), folded, header_end)
