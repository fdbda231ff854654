"""From per-document extractions to the graph of CONTRACT.md: identity across the corpus,
merged attributes, organizations, and one edge per ordered pair with all its evidence.

A pure function of the extractions (sorted by source), so the same corpus gives the same graph. The
stages of `build_graph`: what the corpus knows (`_known`), the documents and citations of each text
(`_gather`), then the graph: documents, organizations, citations, and the ISSUED_BY / PART_OF edges.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from operator import itemgetter
from typing import NamedTuple, TypedDict, cast

import networkx as nx

from ingest import symbols
from ingest.gc_pause import gc_paused
from ingest.model import OrgRef
from ingest.places import (
    PlacedBodies,
    fully_placed,
    moved,
    org_from_items,
    org_from_record,
    org_id,
    org_level,
    org_name,
    parent_of,
    slug,
)
from ingest.records import EdgeRecord, Extraction, OrgRecord, RefRecord

# Strength of citation edges: one edge per pair keeps the strongest (IMPLEMENTS over CITES).
STRENGTH = {"IMPLEMENTS": 3, "REPEALS": 2, "AMENDS": 1, "CITES": 0}
# Evidence kept per edge and citing document: a report repeating one citation 48,000 times says no more
# than its first mentions, and must not make the graph (or every later build) grow with it.
MAX_EVIDENCE_PER_DOCUMENT = 1000
# Flags that steer the merge but say nothing about the data.
_INTERNAL_FLAGS = frozenset({"type_guessed"})

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


def _identity(ref: RefRecord) -> RefIdentity:
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


def _base_key(ref: RefRecord) -> DocKey | None:
    """Identity without the year: what a yearless mention can be matched on."""
    return _view(ref)[0]


def _view(ref: RefRecord) -> tuple[DocKey | None, OrgRef | None]:
    """The base key of a ref and its issuer (made once per distinct ref, `_view_of`)."""
    return _view_of(_identity(ref))


@lru_cache(maxsize=262144)
def _view_of(identity: RefIdentity) -> tuple[DocKey | None, OrgRef | None]:
    issuer = identity[6]
    return _base_key_of(*identity), org_from_items(issuer) if issuer else None


def _base_key_of(
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


def _local_number(ref: RefRecord) -> tuple[str, str] | None:
    """(symbol, number) of a local số hiệu, for the placement across the corpus."""
    base = _base_key(ref)
    return (base.name, base.number) if base is not None and base.scheme == LOCAL else None


@dataclass(slots=True)
class _Known:
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


def _known(docs: Iterable[Extraction]) -> _Known:
    known = _Known()
    for e in docs:
        known.add(e["doc"])
        for ref in e["refs"]:
            known.add(ref)
    return known


def _full_key(ref: RefRecord, known: _Known) -> DocKey | None:
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


def _doc_id(key: DocKey, ref: RefRecord, source: str | None = None) -> str:
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


class _Node:
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


Extractions = Callable[[], Iterable[Extraction]]
Pair = tuple[str, str]  # (citing id, cited id)
# The evidence of one mention: the citing document (`in`, a keyword: the functional form), the span
# and the sentence.
Evidence = TypedDict("Evidence", {"in": str, "start": int, "end": int, "text": str})


@dataclass(slots=True)
class _Edge:
    type: str
    evidence: list[Evidence] = field(default_factory=list)


def build_graph(extractions: Iterable[Extraction] | Extractions) -> nx.DiGraph:
    """The citation graph of a corpus from its extractions.

    `extractions` is a list, or a function giving a fresh iterator over them in a deterministic order
    (the pipeline streams them from the cache, so the corpus never has to fit in memory at once:
    two or three passes read it).
    """
    stream = _stream(extractions)
    with gc_paused():
        known = _known(stream())
        nodes, edges = _gather(moved(stream(), known.bodies, _local_number), known)
        G = nx.DiGraph()
        orgs = _add_documents(G, nodes)
        _add_organizations(G, orgs)
        _add_citations(G, edges)
        _add_structure(G)
    return G


def _stream(extractions: Iterable[Extraction] | Extractions) -> Extractions:
    if callable(extractions):
        return extractions
    docs = sorted(extractions, key=lambda e: e["source"])
    return lambda: docs


def _gather(docs: Iterable[Extraction], known: _Known) -> tuple[dict[str, _Node], dict[Pair, _Edge]]:
    """Each text's own document and the documents it cites folded into nodes; its relations into edges."""
    nodes: dict[str, _Node] = defaultdict(_Node)
    edges: dict[Pair, _Edge] = {}
    seen: dict[Pair, set[tuple[str, int, int, str]]] = defaultdict(set)
    # The id of each distinct cited ref (its identity and year): fixed for this build, as `known` is.
    cited: dict[tuple[RefIdentity, int | None], str | None] = {}
    for e in docs:
        own_id = _add_own(nodes, e, known)
        ids: list[str | None] = []
        for ref in e["refs"]:
            identity = (_identity(ref), ref["year"])
            if identity in cited:
                rid = cited[identity]
            else:
                rkey = _full_key(ref, known)
                rid = cited[identity] = _doc_id(rkey, ref) if rkey is not None else None
            if rid is not None:
                nodes[rid].add(ref)
            ids.append(rid)
        _collect_edges(edges, seen, e["edges"], own_id, ids)
    return nodes, edges


def _add_own(nodes: dict[str, _Node], e: Extraction, known: _Known) -> str:
    """The node of the text's own document; the same số hiệu ingested twice: both kept, the second flagged."""
    own = e["doc"]
    key = _full_key(own, known) if own["number"] else None
    if key is None:
        key = DocKey(UNIQUE, e["source"])
    own = _placed_as_cited(own, key, known)
    own_id = _doc_id(key, own, e["source"])
    if nodes[own_id].own is not None:
        own_id = _doc_id(DocKey(UNIQUE, e["source"]), own, e["source"])
        own = {**own, "flags": sorted(set(own["flags"]) | {"duplicate_number"})}
    nodes[own_id].own = own
    nodes[own_id].source = e["source"]
    return own_id


def _placed_as_cited(own: RefRecord, key: DocKey, known: _Known) -> RefRecord:
    """A text whose header leaves its body unplaced (`ĐẢNG ỦY XÃ AN BÌNH`, a name of many communes) but
    whose số hiệu the corpus knows from one placed body: the document is that body's, and so is its issuer
    (its node keeps the place its id already has)."""
    if key.scheme != LOCAL or own["issuer"] is None:
        return own
    placed = known.bodies.orgs.get(key.body)
    issuer = org_from_record(own["issuer"])
    if placed is None or issuer is None or fully_placed(issuer) or placed == issuer:
        return own
    return {**own, "issuer": cast(OrgRecord, dict(placed.__dict__))}


def _add_documents(G: nx.DiGraph, nodes: dict[str, _Node]) -> dict[str, OrgRef]:
    """The document nodes, and the organizations that issued them (returned, by id)."""
    orgs: dict[str, OrgRef] = {}
    # A body is named as its own documents' headers name it (the unit word of their day), then as
    # citations do: the first OrgRef of an id names its node.
    doc_ids = sorted(nodes)
    for doc_id in doc_ids:
        own = nodes[doc_id].own
        own_issuer = org_from_record(own["issuer"]) if own is not None else None
        if own_issuer is not None:
            _add_org(orgs, own_issuer)
    for doc_id in doc_ids:
        node = nodes[doc_id]
        issuer = node.issuer_org()
        issuer_id = _add_org(orgs, issuer) if issuer else None
        local = issuer is not None and org_level(issuer) != "central"
        G.add_node(
            doc_id,
            kind="document",
            **node.attrs(),
            issuer=issuer_id,
            province=issuer.province if local and issuer else None,
            district=issuer.district if local and issuer else None,
            commune=issuer.commune if local and issuer else None,
            ingested=node.own is not None,
            source=node.source,
        )
    return orgs


def _add_organizations(G: nx.DiGraph, orgs: dict[str, OrgRef]) -> None:
    for oid in sorted(orgs):
        org = orgs[oid]
        parent = parent_of(org)
        G.add_node(
            oid,
            kind="organization",
            name=org_name(org),
            level=org_level(org),
            province=org.province,
            district=org.district,
            commune=org.commune,
            parent=org_id(parent) if parent else None,
        )


# Evidence in the order of the citing document, then the span.
_EVIDENCE_ORDER = itemgetter("in", "start", "end")


def _add_citations(G: nx.DiGraph, edges: dict[Pair, _Edge]) -> None:
    for edge in edges.values():
        edge.evidence.sort(key=_EVIDENCE_ORDER)
    # one call for all (networkx's add_edge costs more than what it adds: a keyword dict and a cache reset)
    G.add_edges_from((source, target, {"type": edge.type, "evidence": edge.evidence})
                     for (source, target), edge in edges.items())


def _add_structure(G: nx.DiGraph) -> None:
    """ISSUED_BY from each document to its issuer, PART_OF from each body to the one above it."""
    G.add_edges_from([(doc_id, data["issuer"], {"type": "ISSUED_BY", "evidence": []})
                      for doc_id, data in G.nodes(data=True)
                      if data.get("kind") == "document" and data.get("issuer")])
    G.add_edges_from([(oid, data["parent"], {"type": "PART_OF", "evidence": []})
                      for oid, data in G.nodes(data=True)
                      if data.get("kind") == "organization" and data.get("parent")])


def _add_org(orgs: dict[str, OrgRef], org: OrgRef) -> str:
    oid = org_id(org)
    current: OrgRef | None = org
    while current is not None:
        cid = org_id(current)
        if cid in orgs:
            break
        orgs[cid] = current
        current = parent_of(current)
    return oid


def _collect_edges(
    edges: dict[Pair, _Edge],
    seen: dict[Pair, set[tuple[str, int, int, str]]],
    found: list[EdgeRecord],
    own_id: str,
    ids: list[str | None],
) -> None:
    """One edge per ordered pair, the strongest type, every mention behind it as evidence (de-duplicated
    through `seen` in O(1); at most MAX_EVIDENCE_PER_DOCUMENT from one document per edge)."""
    kept: dict[Pair, int] = {}
    for edge in found:
        start = edge["from"]
        source = own_id if start == -1 else ids[start]
        target = ids[edge["to"]]
        if source is None or target is None or source == target:
            continue
        pair = (source, target)
        kind = edge["type"]
        data = edges.get(pair)
        if data is None:
            data = edges[pair] = _Edge(kind)
        elif STRENGTH[kind] > STRENGTH[data.type]:
            data.type = kind
        count = kept.get(pair, 0)
        if count >= MAX_EVIDENCE_PER_DOCUMENT:
            continue
        key = (own_id, edge["start"], edge["end"], edge["text"])
        mentions = seen[pair]
        if key in mentions:
            continue
        mentions.add(key)
        kept[pair] = count + 1
        data.evidence.append({"in": own_id, "start": key[1], "end": key[2], "text": key[3]})
