"""A document node of the graph build (`ingest.build`): the attributes of one document merged from
every text that names it — its own text first, else the most common of what its citations say."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypedDict

from ingest.model import OrgRef
from ingest.places import org_from_record
from ingest.records import OrgRecord, RefRecord

# Flags that steer the merge but say nothing about the data.
_INTERNAL_FLAGS = frozenset({"type_guessed"})


class DocNode:
    """Attributes of one document gathered from every text that names it, folded in as they come
    (nothing per mention is kept, so memory grows with documents, not with citations)."""

    __slots__ = ("own", "source", "flags", "dates", "numbers", "symbols", "typo_symbols", "types",
                 "guessed_types", "title", "year", "issuer")

    def __init__(self) -> None:
        self.own: RefRecord | None = None
        self.source: str | None = None
        self.flags: set[str] = set()
        self.dates: dict[str, int] = {}
        self.numbers: dict[str, int] = {}
        self.symbols: dict[str, int] = {}
        self.typo_symbols: dict[str, int] = {}
        self.types: dict[str, int] = {}
        self.guessed_types: dict[str, int] = {}
        self.title: str | None = None
        self.year: int | None = None
        self.issuer: OrgRecord | None = None

    def add(self, ref: RefRecord) -> None:
        # counts in plain dicts, not Counters (six per node, and a Counter costs five times more to
        # make), updated inline: a 100k build folds in a million refs
        flags = ref["flags"] or ()
        if flags:
            self.flags.update(f for f in flags if f not in _INTERNAL_FLAGS)
        date = ref["date"]
        if date:
            self.dates[date] = self.dates.get(date, 0) + 1
        number = ref["number"]
        if number:
            self.numbers[number] = self.numbers.get(number, 0) + 1
        symbol = ref["symbol"]
        if symbol:
            counts = self.typo_symbols if "symbol_typo" in flags else self.symbols
            counts[symbol] = counts.get(symbol, 0) + 1
        counts = self.guessed_types if "type_guessed" in flags else self.types
        counts[ref["doc_type"]] = counts.get(ref["doc_type"], 0) + 1
        title = ref["title"]
        # the same title again cannot rank higher (most citations repeat the title kept)
        kept = self.title
        if title and title != kept and (kept is None or _title_rank(title) > _title_rank(kept)):
            self.title = title
        self.year = self.year or ref["year"]
        self.issuer = self.issuer or ref["issuer"]

    def attrs(self) -> DocAttrs:
        own = self.own
        flags = set(self.flags)
        if own is not None:
            flags |= {f for f in own["flags"] if f not in _INTERNAL_FLAGS}
        elif len(self.dates) > 1:
            flags.add("conflicting_dates")
        symbols_seen = self.symbols or self.typo_symbols
        types = self.types or self.guessed_types
        if own is None:  # named only by citations: the most common of what they say
            return {
                "doc_type": _most(types, lambda kv: (-kv[1], kv[0])),
                "number": _most(self.numbers, lambda kv: (-kv[1], -len(kv[0]), kv[0])),
                "symbol": _most(symbols_seen, lambda kv: (-kv[1], kv[0])),
                "year": self.year,
                "date": _most(self.dates, lambda kv: (-kv[1], kv[0])),
                "title": self.title,
                "flags": sorted(flags),
            }
        return {  # its own text first
            "doc_type": own["doc_type"],
            "number": own["number"] or _most(self.numbers, lambda kv: (-kv[1], -len(kv[0]), kv[0])),
            "symbol": own["symbol"] or _most(symbols_seen, lambda kv: (-kv[1], kv[0])),
            "year": own["year"] or self.year,
            "date": own["date"] or _most(self.dates, lambda kv: (-kv[1], kv[0])),
            "title": own["title"] or self.title,
            "flags": sorted(flags),
        }

    def issuer_org(self) -> OrgRef | None:
        own = self.own["issuer"] if self.own is not None else None
        return org_from_record(own or self.issuer)


class DocAttrs(TypedDict):
    """A document node's merged attributes (CONTRACT.md), before its issuer and place."""

    doc_type: str | None
    number: str | None
    symbol: str | None
    year: int | None
    date: str | None
    title: str | None
    flags: list[str]


def _title_rank(title: str) -> tuple[bool, int, str]:
    """The subject most worth showing: not overlong, near 120 characters, then alphabetical."""
    return (len(title) <= 300, -abs(len(title) - 120), title)


def _most(counts: dict[str, int], key: Callable[[tuple[str, int]], tuple[int | str, ...]]) -> str | None:
    return min(counts.items(), key=key)[0] if counts else None
