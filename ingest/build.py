"""From per-document extractions to the graph of CONTRACT.md: identity across the corpus,
merged attributes, organizations, and one edge per ordered pair with all its evidence.

A pure function of the extractions (sorted by source), so the same corpus gives the same graph.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from typing import Any

import networkx as nx

from ingest import symbols
from ingest.model import OrgRef
from ingest.orgnames import org_id, org_level, org_name, parent_of, slug

# Strength of citation edges: one edge per pair keeps the strongest (IMPLEMENTS over CITES).
STRENGTH = {"IMPLEMENTS": 3, "REPEALS": 2, "AMENDS": 1, "CITES": 0}
# Evidence kept per edge and citing document: a report repeating one citation 48,000 times says no more
# than its first mentions, and must not make the graph (or every later build) grow with it.
MAX_EVIDENCE_PER_DOCUMENT = 1000
Key = tuple[Any, ...]
# Flags that steer the merge but say nothing about the data.
_INTERNAL_FLAGS = frozenset({"type_guessed"})


def _org(data: dict[str, Any] | None) -> OrgRef | None:
    return _org_of(tuple(data.items())) if data else None


@lru_cache(maxsize=262144)
def _org_of(items: tuple[tuple[str, Any], ...]) -> OrgRef:
    """Bodies repeat across a corpus: each distinct one becomes an OrgRef once."""
    return OrgRef(**dict(items))


def _number_key(number: str | None) -> str:
    if number is None:
        return ""
    return str(int(number)) if number.isdigit() else number.upper()


def _base_key(ref: dict[str, Any]) -> Key | None:
    """Identity without the year: what a yearless mention can be matched on."""
    issuer = ref.get("issuer")
    return _base_key_of(
        ref.get("fixed_id"),
        ref.get("number"),
        ref.get("symbol"),
        ref.get("name"),
        ref.get("date"),
        bool(ref.get("central")),
        tuple(issuer.items()) if issuer else None,
    )


@lru_cache(maxsize=262144)
def _base_key_of(
    fixed_id: str | None,
    number: str | None,
    symbol: str | None,
    name: str | None,
    date: str | None,
    central: bool,
    issuer: tuple[tuple[str, Any], ...] | None,
) -> Key | None:
    if fixed_id:
        return ("fixed", fixed_id)
    if number is None or symbol is None:
        if name and date:
            return ("named", slug(name))
        return None
    sym = "-".join(symbols.split_symbol(symbol))  # typos corrected: `KH-UBDN` is `KH-UBND`
    kind = ""  # laws and resolutions of the National Assembly share one number sequence per year
    if central:
        return ("c", sym, _number_key(number), kind)
    body = _org_of(issuer) if issuer else None
    return ("l", sym, _number_key(number), org_id(body) if body else "org:unknown")


class _Known:
    """What the corpus knows of local số hiệu: the years of each, and the placed bodies that issued each."""

    def __init__(self) -> None:
        self.years: dict[Key, set[int]] = defaultdict(set)
        self.bodies: dict[tuple[str, str, int | None], set[str]] = defaultdict(set)
        self.orgs: dict[str, OrgRef] = {}

    def add(self, ref: dict[str, Any]) -> None:
        base = _base_key(ref)
        if base is None or base[0] not in ("c", "l"):
            return
        if ref.get("year"):
            self.years[base].add(ref["year"])
        issuer = _org(ref.get("issuer"))
        if base[0] == "l" and issuer is not None and _fully_placed(issuer):
            oid = org_id(issuer)
            self.orgs[oid] = issuer
            self.bodies[(base[1], base[2], ref.get("year"))].add(oid)

    def placed_body(self, sym: str, number: str, year: int | None, vague: OrgRef) -> str | None:
        """The one placed body of this kind that issued `number/sym` in `year`.

        For a citation `của UBND huyện` that names no place.
        """
        found = [
            oid
            for oid in self.bodies.get((sym, number, year), ())
            if self.orgs[oid].kind == vague.kind
            and org_level(self.orgs[oid]) == org_level(vague)
            and all(
                getattr(vague, field) is None or getattr(self.orgs[oid], field) == getattr(vague, field)
                for field in ("province", "district", "commune")
            )
        ]
        return found[0] if len(found) == 1 else None


def _full_key(ref: dict[str, Any], known: _Known) -> Key | None:
    base = _base_key(ref)
    if base is None:
        return None
    if base[0] == "fixed":
        return base
    if base[0] == "named":
        return (*base, ref["date"])
    year = ref.get("year")
    if year is None:
        years = known.years.get(base, set())
        if len(years) == 1:
            year = next(iter(years))  # the only year this số hiệu is known with in the corpus
    issuer = _org(ref.get("issuer"))
    if base[0] == "l" and issuer is not None and not _fully_placed(issuer):
        body = known.placed_body(base[1], base[2], year, issuer)
        if body is not None:  # "của UBND huyện" in a text whose own district is unclear
            base = (*base[:3], body)
    return (*base, year)


def _fully_placed(org: OrgRef) -> bool:
    """A local body placed down to its own level: province, and district and commune where it has them."""
    level = org_level(org)
    if not org.province:
        return False
    if level in ("district", "commune") and not org.district:
        return False
    return not (level == "commune" and not org.commune)


def _known(docs: Iterable[dict[str, Any]]) -> _Known:
    known = _Known()
    for e in docs:
        known.add(e["doc"])
        for ref in e["refs"]:
            known.add(ref)
    return known


_COMMUNE_BODIES = ("ubnd", "hdnd", "dang_uy")


Move = tuple[str, str]  # (province, district)


def _move_by_citations(e: dict[str, Any], known: _Known) -> Move | None:
    """A body whose text does not say where it is, placed by the plans it cites.

    A commune naming neither district nor province (`UBND xã An Bình … thực hiện Kế hoạch 19/KH-UBND của
    UBND huyện`) goes to the one district that issued that plan and has a commune of that name; a
    district body of a name several provinces have (`UBND huyện Châu Thành … Kế hoạch 25/KH-UBND của UBND
    tỉnh`) to the one province that issued the cited plan and has a district of that name.
    """
    issuer = _org(e["doc"].get("issuer"))
    if issuer is None:
        return None
    if issuer.kind in _COMMUNE_BODIES and issuer.unit_level == "commune":
        if issuer.district or not issuer.commune:
            return None
        places = _citing_places(e, known, _vague_district_body, "district")
        fits = sorted(p for p in places if _has_commune(issuer.commune, p[1], p[0]))
        return fits[0] if len(fits) == 1 else None
    if org_level(issuer) == "district" and issuer.district and not issuer.province:
        district = issuer.district
        places = _citing_places(e, known, _vague_province_body, "province") | {
            p for p in _citing_places(e, known, _unplaced_district(district), "district") if p[1] == district
        }
        fits = sorted({(p[0], district) for p in places if _has_district(district, p[0])})
        return fits[0] if len(fits) == 1 else None
    return None


def _unplaced_district(name: str) -> Callable[[OrgRef], bool]:
    """`của UBND huyện Châu Thành` in a text that does not say which province's Châu Thành."""
    return lambda body: org_level(body) == "district" and body.district == name and not body.province


def _citing_places(
    e: dict[str, Any], known: _Known, vague: Callable[[OrgRef], bool], level: str
) -> set[Move]:
    """(province, district) of the placed bodies that issued the plans a text cites from vague bodies."""
    places: set[Move] = set()
    for ref in e["refs"]:
        body = _org(ref.get("issuer"))
        base = _base_key(ref)
        if body is None or base is None or base[0] != "l" or not vague(body):
            continue
        for oid in known.bodies.get((base[1], base[2], ref.get("year")), ()):
            org = known.orgs[oid]
            if org.kind == body.kind and org_level(org) == level and org.province:
                places.add((org.province, org.district or ""))
    return places


def _vague_province_body(body: OrgRef) -> bool:
    """`của UBND tỉnh`, `Tỉnh ủy` without a name: the province of the citing body, unnamed."""
    return org_level(body) == "province" and not (body.province or body.district or body.commune)


@lru_cache(maxsize=65536)
def _has_district(name: str, province: str) -> bool:
    from ingest import gazetteer

    return bool(gazetteer.find_districts(name, province=province))


def _vague_district_body(body: OrgRef) -> bool:
    """`UBND huyện`, `UBND thành phố` named by a commune's text: its own district (or city), unnamed."""
    if body.district or body.commune:
        return False
    if body.unit_level == "district":
        return True
    # `của UBND thành phố` read as a province-level city, with no city named
    return body.unit_kind == "thành phố" and body.unit_level == "province" and not _central_city(body)


def _central_city(body: OrgRef) -> bool:
    from ingest import gazetteer

    unit = gazetteer.find_province(body.province) if body.province else None
    return unit is not None and unit.kind == "thành phố"


@lru_cache(maxsize=65536)
def _has_commune(name: str, district: str, province: str) -> bool:
    from ingest import gazetteer

    return bool(gazetteer.find_communes(name, district=district, province=province))


def _moved(docs: Iterable[dict[str, Any]], known: _Known) -> Iterator[dict[str, Any]]:
    """The extractions, with each body that its citations place moved there (its own issuer, and the
    vague bodies it cites, which are its own district's and province's)."""
    for e in docs:
        move = _move_by_citations(e, known)
        if move is None:
            yield e
            continue
        province, district = move
        place = {"province": province, "district": district}
        own = {**e["doc"], "issuer": {**e["doc"]["issuer"], **place}}
        refs = []
        for ref in e["refs"]:
            body = _org(ref.get("issuer"))
            if body is None or ref.get("central") or body.province and not _vague_district_body(body):
                pass
            elif _vague_district_body(body):
                ref = {**ref, "issuer": {**ref["issuer"], **place, "unit_level": "district"}}
            elif org_level(body) != "central" and body.district in (None, district):
                ref = {**ref, "issuer": {**ref["issuer"], "province": province}}  # its own province's
            refs.append(ref)
        yield {**e, "doc": own, "refs": refs}


def _doc_id(key: Key, ref: dict[str, Any], source: str | None = None) -> str:
    if key[0] == "fixed":
        return str(key[1])
    if key[0] == "named":
        return f"luat-{key[1]}-{key[2]}"
    if key[0] == "u":
        issuer = _org(ref.get("issuer"))
        who = org_id(issuer)[4:] if issuer else "unknown"
        when = ref.get("date") or ref.get("year") or "nd"
        digest = hashlib.sha1(str(source).encode("utf-8")).hexdigest()[:8]
        return f"{ref['doc_type'].replace('_', '-')}@{who}-{when}-{digest}"
    kind, sym, number = key[0], key[1], key[2]
    prefix = slug(sym)
    if kind == "c" and key[3]:
        prefix = {"luat": "luat", "nghi_quyet": "nq"}.get(str(key[3]), str(key[3])) + "-" + prefix
    year = key[-1]
    base = f"{prefix}-{slug(number)}" + (f"-{year}" if year else "")
    if kind == "l":
        base += "@" + str(key[3])[4:]
    return base


class _Node:
    """Attributes of one document gathered from every text that names it, folded in as they come
    (nothing per mention is kept, so memory grows with documents, not with citations)."""

    def __init__(self) -> None:
        self.own: dict[str, Any] | None = None
        self.source: str | None = None
        self.flags: set[str] = set()
        self.dates: Counter[str] = Counter()
        self.numbers: Counter[str] = Counter()
        self.symbols: Counter[str] = Counter()
        self.typo_symbols: Counter[str] = Counter()
        self.types: Counter[str] = Counter()
        self.guessed_types: Counter[str] = Counter()
        self.title: str | None = None
        self.year: int | None = None
        self.issuer: dict[str, Any] | None = None

    def add(self, ref: dict[str, Any]) -> None:
        flags = ref.get("flags") or ()
        self.flags.update(f for f in flags if f not in _INTERNAL_FLAGS)
        if ref.get("date"):
            self.dates[ref["date"]] += 1
        if ref.get("number"):
            self.numbers[ref["number"]] += 1
        if ref.get("symbol"):
            (self.typo_symbols if "symbol_typo" in flags else self.symbols)[ref["symbol"]] += 1
        (self.guessed_types if "type_guessed" in flags else self.types)[ref["doc_type"]] += 1
        title = ref.get("title")
        if title and (self.title is None or _title_rank(title) > _title_rank(self.title)):
            self.title = title
        self.year = self.year or ref.get("year")
        self.issuer = self.issuer or ref.get("issuer")

    def attrs(self) -> dict[str, Any]:
        own = self.own or {}
        flags = set(self.flags) | {f for f in own.get("flags", []) if f not in _INTERNAL_FLAGS}
        if len(self.dates) > 1 and not self.own:
            flags.add("conflicting_dates")
        symbols_seen = self.symbols or self.typo_symbols
        types = self.types or self.guessed_types
        return {
            "doc_type": own["doc_type"] if self.own else _most(types, lambda kv: (-kv[1], kv[0])),
            "number": own.get("number") or _most(self.numbers, lambda kv: (-kv[1], -len(kv[0]), kv[0])),
            "symbol": own.get("symbol") or _most(symbols_seen, lambda kv: (-kv[1], kv[0])),
            "year": own.get("year") or self.year,
            "date": own.get("date") or _most(self.dates, lambda kv: (-kv[1], kv[0])),
            "title": own.get("title") or self.title,
            "issuer": own.get("issuer") or self.issuer,
            "flags": sorted(flags),
        }


def _title_rank(title: str) -> tuple[bool, int, str]:
    """The subject most worth showing: not overlong, near 120 characters, then alphabetical."""
    return (len(title) <= 300, -abs(len(title) - 120), title)


def _most(counts: Counter[str], key: Any) -> str | None:
    return min(counts.items(), key=key)[0] if counts else None


Extractions = Callable[[], Iterable[dict[str, Any]]]


def build_graph(extractions: Iterable[dict[str, Any]] | Extractions) -> nx.DiGraph:
    """The citation graph of a corpus from its extractions.

    `extractions` is a list, or a function giving a fresh iterator over them in a deterministic order
    (the pipeline streams them from the cache, so the corpus never has to fit in memory at once:
    two or three passes read it).
    """
    if callable(extractions):
        stream = extractions
    else:
        docs = sorted(extractions, key=lambda e: e["source"])
        stream = lambda: docs  # noqa: E731
    known = _known(stream())
    nodes: dict[str, _Node] = defaultdict(_Node)
    edges: dict[tuple[str, str], dict[str, Any]] = {}
    seen: dict[tuple[str, str], set[tuple[Any, ...]]] = defaultdict(set)
    for e in _moved(stream(), known):
        own = e["doc"]
        key = _full_key(own, known) if own.get("number") else None
        if key is None:
            key = ("u", e["source"])
        own_id = _doc_id(key, own, e["source"])
        if nodes[own_id].own is not None:  # the same số hiệu ingested twice: keep both, flag the second
            own_id = _doc_id(("u", e["source"]), own, e["source"])
            own = {**own, "flags": sorted(set(own.get("flags", [])) | {"duplicate_number"})}
        nodes[own_id].own = own
        nodes[own_id].source = e["source"]
        ids: list[str | None] = []
        for ref in e["refs"]:
            rkey = _full_key(ref, known)
            rid = _doc_id(rkey, ref) if rkey is not None else None
            if rid is not None:
                nodes[rid].add(ref)
            ids.append(rid)
        _collect_edges(edges, seen, e["edges"], own_id, ids)
    del seen
    G = nx.DiGraph()
    orgs: dict[str, OrgRef] = {}
    # A body is named as its own documents' headers name it (the unit word of their day), then as
    # citations do: the first OrgRef of an id names its node.
    for doc_id in sorted(nodes):
        own_issuer = _org((nodes[doc_id].own or {}).get("issuer"))
        if own_issuer is not None:
            _add_org(orgs, own_issuer)
    for doc_id in sorted(nodes):
        node = nodes[doc_id]
        attrs = node.attrs()
        issuer = _org(attrs.pop("issuer"))
        issuer_id = _add_org(orgs, issuer) if issuer else None
        local = issuer is not None and org_level(issuer) != "central"
        G.add_node(
            doc_id,
            kind="document",
            **attrs,
            issuer=issuer_id,
            province=issuer.province if local and issuer else None,
            district=issuer.district if local and issuer else None,
            commune=issuer.commune if local and issuer else None,
            ingested=node.own is not None,
            source=node.source,
        )
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
    for (source, target), data in edges.items():
        data["evidence"].sort(key=lambda ev: (ev["in"], ev["start"], ev["end"]))
        G.add_edge(source, target, **data)
    for doc_id, data in list(G.nodes(data=True)):
        if data.get("kind") == "document" and data.get("issuer"):
            G.add_edge(doc_id, data["issuer"], type="ISSUED_BY", evidence=[])
    for oid, data in list(G.nodes(data=True)):
        if data.get("kind") == "organization" and data.get("parent"):
            G.add_edge(oid, data["parent"], type="PART_OF", evidence=[])
    return G


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
    edges: dict[tuple[str, str], dict[str, Any]],
    seen: dict[tuple[str, str], set[tuple[Any, ...]]],
    found: list[dict[str, Any]],
    own_id: str,
    ids: list[str | None],
) -> None:
    """One edge per ordered pair, the strongest type, every mention behind it as evidence (de-duplicated
    through `seen` in O(1); at most MAX_EVIDENCE_PER_DOCUMENT from one document per edge)."""
    kept: Counter[tuple[str, str]] = Counter()
    for edge in found:
        source = own_id if edge["from"] == -1 else ids[edge["from"]]
        target = ids[edge["to"]]
        if source is None or target is None or source == target:
            continue
        pair = (source, target)
        data = edges.get(pair)
        if data is None:
            data = edges[pair] = {"type": edge["type"], "evidence": []}
        elif STRENGTH[edge["type"]] > STRENGTH[data["type"]]:
            data["type"] = edge["type"]
        key = (own_id, edge["start"], edge["end"], edge["text"])
        if key in seen[pair] or kept[pair] >= MAX_EVIDENCE_PER_DOCUMENT:
            continue
        seen[pair].add(key)
        kept[pair] += 1
        data["evidence"].append(
            {"in": own_id, "start": edge["start"], "end": edge["end"], "text": edge["text"]}
        )
