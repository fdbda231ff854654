"""From per-document extractions to the graph of CONTRACT.md: identity across the corpus
(`ingest.build_identity`), merged attributes (`ingest.build_nodes`), organizations, and one edge per
ordered pair with all its evidence.

A pure function of the extractions (sorted by source), so the same corpus gives the same graph. The
stages of `build_graph`: what the corpus knows (`known_in`), the documents and citations of each text
(`_gather`), then the graph: documents, organizations, citations, and the ISSUED_BY / PART_OF edges.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from operator import itemgetter
from typing import TypedDict, cast

import networkx as nx

from ingest.build_identity import (
    LOCAL,
    UNIQUE,
    DocKey,
    Known,
    RefIdentity,
    full_key,
    identity,
    known_in,
    local_number,
    node_id,
)
from ingest.build_nodes import DocNode
from ingest.gc_pause import gc_paused
from ingest.model import OrgRef
from ingest.places import fully_placed, moved, org_from_record, org_id, org_level, org_name, parent_of
from ingest.records import EdgeRecord, Extraction, OrgRecord, RefRecord

# Strength of citation edges: one edge per pair keeps the strongest (IMPLEMENTS over CITES).
STRENGTH = {"IMPLEMENTS": 3, "REPEALS": 2, "AMENDS": 1, "CITES": 0}
# Evidence kept per edge and citing document: a report repeating one citation 48,000 times says no more
# than its first mentions, and must not make the graph (or every later build) grow with it.
MAX_EVIDENCE_PER_DOCUMENT = 1000

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
        known = known_in(stream())
        nodes, edges = _gather(moved(stream(), known.bodies, local_number), known)
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


def _gather(docs: Iterable[Extraction], known: Known) -> tuple[dict[str, DocNode], dict[Pair, _Edge]]:
    """Each text's own document and the documents it cites folded into nodes; its relations into edges."""
    nodes: dict[str, DocNode] = defaultdict(DocNode)
    edges: dict[Pair, _Edge] = {}
    seen: dict[Pair, set[tuple[str, int, int, str]]] = defaultdict(set)
    # The id of each distinct cited ref (its identity and year): fixed for this build, as `known` is.
    cited: dict[tuple[RefIdentity, int | None], str | None] = {}
    for e in docs:
        own_id = _add_own(nodes, e, known)
        ids: list[str | None] = []
        for ref in e["refs"]:
            cited_as = (identity(ref), ref["year"])
            if cited_as in cited:
                rid = cited[cited_as]
            else:
                rkey = full_key(ref, known)
                rid = cited[cited_as] = node_id(rkey, ref) if rkey is not None else None
            if rid is not None:
                nodes[rid].add(ref)
            ids.append(rid)
        _collect_edges(edges, seen, e["edges"], own_id, ids)
    return nodes, edges


def _add_own(nodes: dict[str, DocNode], e: Extraction, known: Known) -> str:
    """The node of the text's own document; the same số hiệu ingested twice: both kept, the second flagged."""
    own = e["doc"]
    key = full_key(own, known) if own["number"] else None
    if key is None:
        key = DocKey(UNIQUE, e["source"])
    own = _placed_as_cited(own, key, known)
    own_id = node_id(key, own, e["source"])
    if nodes[own_id].own is not None:
        own_id = node_id(DocKey(UNIQUE, e["source"]), own, e["source"])
        own = {**own, "flags": sorted(set(own["flags"]) | {"duplicate_number"})}
    nodes[own_id].own = own
    nodes[own_id].source = e["source"]
    return own_id


def _placed_as_cited(own: RefRecord, key: DocKey, known: Known) -> RefRecord:
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


def _add_documents(G: nx.DiGraph, nodes: dict[str, DocNode]) -> dict[str, OrgRef]:
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
