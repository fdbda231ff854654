"""`search(q, filters)`: whole words and số hiệu, shared by both backends (over `DocSummary`s).

Unlike `resolve` (fuzzy, ranked, for picking one document), search lists every document where the
query occurs as whole words, in order (`Tư Nghĩa` matches `huyện Tư Nghĩa`, never `chủ nghĩa`), or
whose số hiệu is the query (`145/KH-UBND`, `28-CT/TW`, `56/2017/NĐ-CP`). A query with diacritics
must agree on them; one without matches accent-insensitively.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from ingest.normalize import fold
from queries.labels import so_hieu
from queries.models import DocSummary, SearchHit, SearchResult

# A word of the query or of a field: letters and digits (Vietnamese letters included).
WORD = re.compile(r"\w+")
# A query that looks like a số hiệu: digits then a separator (`145/KH-UBND`, `28-CT/TW`).
SO_HIEU_SHAPE = re.compile(r"\d+\s*[-/]\s*\w")

FIELDS = (("label", "số hiệu"), ("title", "trích yếu"), ("issuer_name", "cơ quan ban hành"),
          ("place", "địa bàn"))


def _lower(text: str) -> str:
    return unicodedata.normalize("NFC", text).casefold()


def _compact(text: str) -> str:
    """Folded letters and digits only: `145/KH-UBND` -> `145khubnd`."""
    return "".join(WORD.findall(fold(text))).replace("_", "")


def has_diacritics(text: str) -> bool:
    return fold(text) != text.casefold()


@dataclass(frozen=True)
class _Entry:
    doc: DocSummary
    so_hieu: frozenset[str]  # compact forms of the số hiệu (with and without the year)
    lower: tuple[str, ...]  # fields, lower case with diacritics, in FIELDS order
    folded: tuple[str, ...]


def _entry(doc: DocSummary) -> _Entry:
    forms = set()
    full = so_hieu(doc.number, doc.symbol, doc.year, doc.doc_type)
    if full:
        forms.add(_compact(full))
    if doc.number and doc.symbol:
        forms.add(_compact(f"{doc.number}/{doc.symbol}"))
    place = " ".join(x for x in (doc.commune, doc.district, doc.province) if x)
    fields = (doc.label, doc.title or "", doc.issuer_name or "", place)
    return _Entry(doc, frozenset(forms), tuple(_lower(f) for f in fields), tuple(fold(f) for f in fields))


def _phrase(words: list[str]) -> re.Pattern[str]:
    """The words in order, separated by non-word characters, never inside a longer word."""
    return re.compile(r"(?<!\w)" + r"\W+".join(re.escape(w) for w in words) + r"(?!\w)")


class SearchIndex:
    """Every document's searchable fields, built once per graph."""

    def __init__(self, docs: Iterable[DocSummary]) -> None:
        self.entries = [_entry(d) for d in sorted(docs, key=lambda d: d.id)]

    def search(self, q: str = "", doc_type: str | None = None, level: str | None = None,
               province: str | None = None, year: int | None = None, offset: int = 0,
               limit: int = 20) -> SearchResult:
        text = " ".join(q.split())
        exact = has_diacritics(text)
        words = WORD.findall(_lower(text) if exact else fold(text))
        pattern = _phrase(words) if words else None
        numbered = _compact(text) if SO_HIEU_SHAPE.search(text) else None
        wanted_province = fold(province).strip() if province else None
        hits: list[tuple[int, str, str, SearchHit]] = []
        for e in self.entries:
            d = e.doc
            if doc_type and d.doc_type != doc_type:
                continue
            if level and (d.level or "unknown") != level:
                continue
            if wanted_province and fold(d.province or "").strip() != wanted_province:
                continue
            if year and d.year != year:
                continue
            rank, matched = self._match(e, pattern, numbered, exact)
            if rank is None:
                continue
            hits.append((rank, d.date or "", d.id, SearchHit(document=d, matched=matched)))
        # Best rank first; within a rank newest first (unknown dates last), then id.
        hits.sort(key=lambda h: h[2])
        hits.sort(key=lambda h: h[1], reverse=True)
        hits.sort(key=lambda h: h[0])
        page = [h[3] for h in hits[offset:offset + limit]]
        return SearchResult(query=q, total=len(hits), offset=offset, limit=limit, items=page)

    @staticmethod
    def _match(e: _Entry, pattern: re.Pattern[str] | None, numbered: str | None,
               exact: bool) -> tuple[int | None, str]:
        if numbered and numbered in e.so_hieu:
            return 0, "số hiệu"
        if pattern is None:
            return (None, "") if numbered else (5, "")
        fields = e.lower if exact else e.folded
        for i, value in enumerate(fields):
            if pattern.search(value):
                return i + 1, FIELDS[i][1]
        return None, ""


__all__ = ["SearchIndex"]
