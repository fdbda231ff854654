"""The identity of a document across the corpus, for the graph build (`ingest.build`): the key that
makes equal refs one node, and the node's id.

A ref is keyed by its scheme of identity (a fixed id, a named law, a central or a local số hiệu, or
nothing shared); what one text cannot tell is filled in from the whole corpus (`Known`): the only year a
số hiệu is known with, the placed body that issued a local one.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple, cast

from ingest import symbols
from ingest.model import OrgRef
from ingest.places import PlacedBodies, fully_placed, org_from_items, org_from_record, org_id, slug
from ingest.records import Extraction, RefRecord

# The schemes of identity: a document is known by
FIXED = "fixed"  # an id of its own (treaties): `name`
NAMED = "named"  # a named law's family and date (no số hiệu): `name` (slug), `date`
CENTRAL = "c"  # a central số hiệu: `name` (symbol), `number`, `year` (one sequence for all issuers)
LOCAL = "l"  # a local số hiệu: `name` (symbol), `number`, `body` (issuer's org id), `year`
UNIQUE = "u"  # nothing shared (no số hiệu): `name` is the source file, a document of its own


class DocKey(NamedTuple):
    """The identity of a document across the corpus: equal keys are one node. Without its year (and
    date), a key is the base that a yearless mention is matched on."""

    scheme: str  # FIXED, NAMED, CENTRAL, LOCAL or UNIQUE
    name: str  # the fixed id, the law's slug, the symbol, or the source
    number: str = ""
    body: str = ""
    year: int | None = None
    date: str | None = None


def _number_key(number: str) -> str:
    return str(int(number)) if number.isdigit() else number.upper()


# What a ref's base key and issuer depend on, as one hashable value: refs repeat across a corpus (the
# same law cited by thousands of texts), so each distinct one is keyed, placed and named once.
OrgItems = tuple[tuple[str, str | None], ...]
RefIdentity = tuple[str | None, str | None, str | None, str | None, str | None, bool, OrgItems | None]


def identity(ref: RefRecord) -> RefIdentity:
    issuer = ref["issuer"]
    return (
        ref["fixed_id"],
        ref["number"],
        ref["symbol"],
        ref["name"],
        ref["date"],
        bool(ref["central"]),
        cast(OrgItems, tuple(issuer.items())) if issuer else None,
    )


def base_key(ref: RefRecord) -> DocKey | None:
    """Identity without the year: what a yearless mention can be matched on."""
    return _view(ref)[0]


def _view(ref: RefRecord) -> tuple[DocKey | None, OrgRef | None]:
    """The base key of a ref and its issuer (made once per distinct ref, `_view_of`)."""
    return _view_of(identity(ref))


@lru_cache(maxsize=262144)
def _view_of(ref_identity: RefIdentity) -> tuple[DocKey | None, OrgRef | None]:
    issuer = ref_identity[6]
    return base_key_of(*ref_identity), org_from_items(issuer) if issuer else None


def base_key_of(
    fixed_id: str | None,
    number: str | None,
    symbol: str | None,
    name: str | None,
    date: str | None,
    central: bool,
    issuer: tuple[tuple[str, str | None], ...] | None,
) -> DocKey | None:
    if fixed_id:
        return DocKey(FIXED, fixed_id)
    if number is None or symbol is None:
        if name and date:
            return DocKey(NAMED, slug(name))
        return None
    sym = "-".join(symbols.split_symbol(symbol))  # typos corrected: `KH-UBDN` is `KH-UBND`
    if central:  # laws and resolutions of the National Assembly share one number sequence per year
        return DocKey(CENTRAL, sym, _number_key(number))
    body = org_from_items(issuer) if issuer else None
    return DocKey(LOCAL, sym, _number_key(number), org_id(body) if body else "org:unknown")


def local_number(ref: RefRecord) -> tuple[str, str] | None:
    """(symbol, number) of a local số hiệu, for the placement across the corpus."""
    base = base_key(ref)
    return (base.name, base.number) if base is not None and base.scheme == LOCAL else None


@dataclass(slots=True)
class Known:
    """What the corpus knows of số hiệu: the years of each, and the placed bodies that issued each."""

    years: dict[DocKey, set[int]] = field(default_factory=lambda: defaultdict(set))
    bodies: PlacedBodies = field(default_factory=PlacedBodies)

    def add(self, ref: RefRecord) -> None:
        base, issuer = _view(ref)
        if base is None or base.scheme not in (CENTRAL, LOCAL):
            return
        if ref["year"]:
            self.years[base].add(ref["year"])
        if base.scheme == LOCAL:
            self.bodies.add((base.name, base.number, ref["year"]), issuer)


def known_in(docs: Iterable[Extraction]) -> Known:
    """What the corpus knows, from every text's own document and its citations."""
    known = Known()
    for e in docs:
        known.add(e["doc"])
        for ref in e["refs"]:
            known.add(ref)
    return known


def full_key(ref: RefRecord, known: Known) -> DocKey | None:
    """The key of a ref, the year and the issuer's place completed from what the corpus knows."""
    base, issuer = _view(ref)
    if base is None or base.scheme == FIXED:
        return base
    if base.scheme == NAMED:
        return base._replace(date=ref["date"])
    year = ref["year"]
    if year is None:
        years = known.years.get(base, set())
        if len(years) == 1:
            year = next(iter(years))  # the only year this số hiệu is known with in the corpus
    if base.scheme == LOCAL and issuer is not None and not fully_placed(issuer):
        body = known.bodies.placed_body((base.name, base.number, year), issuer)
        if body is not None:  # "của UBND huyện" in a text whose own district is unclear
            base = base._replace(body=body)
    return base._replace(year=year)


def node_id(key: DocKey, ref: RefRecord, source: str | None = None) -> str:
    """The node id of a key (`kh-ubnd-7-2020@ubnd-huyen-nui-thanh.quang-nam`)."""
    if key.scheme == FIXED:
        return key.name
    if key.scheme == NAMED:
        return f"luat-{key.name}-{key.date}"
    if key.scheme == UNIQUE:
        issuer = org_from_record(ref["issuer"])
        who = org_id(issuer)[4:] if issuer else "unknown"
        when = ref["date"] or ref["year"] or "nd"
        digest = hashlib.sha1(str(source).encode("utf-8")).hexdigest()[:8]
        return f"{ref['doc_type'].replace('_', '-')}@{who}-{when}-{digest}"
    base = f"{slug(key.name)}-{slug(key.number)}" + (f"-{key.year}" if key.year else "")
    if key.scheme == LOCAL:
        base += "@" + key.body[4:]
    return base
