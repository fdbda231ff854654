"""The document page: metadata, its lineage up to every root directive, its implementers as a tree grouped
by level then province, and relation tables one can scan (who, where, which level, when; the evidence
folded to one line with a count)."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse

from graphsvc.routers.deps import Queries, run_query
from graphsvc.routers.documents import paged_document
from graphsvc.routers.explainpage import FIELD_VI, STATUS_VI, why_section
from graphsvc.routers.pagecommon import FLAG_NAMES, DocId, doc_href, render
from graphsvc.routers.pagedata import highlight
from graphsvc.security import require_read_access
from queries.common_chains import implementers_tree
from queries.interface import DocumentNotFound
from queries.models import DocSummary, ImplementersResult, LineageResult, Relation
from queries.palette import EDGES, STRENGTH

router = APIRouter(include_in_schema=False, dependencies=[Depends(require_read_access)])

EXCERPT_CHARS = 160
IMPLEMENTERS_LIMIT = 500
# Relations per list on one document page (a directive is carried out by thousands of plans).
RELATIONS_PAGE = 100
# Provinces with at most this many implementers start unfolded in the tree.
OPEN_GROUP_SIZE = 5
# A run of whitespace (line breaks inside an evidence sentence are shown as spaces).
WHITESPACE = re.compile(r"\s+")


def excerpt(text: str, limit: int = EXCERPT_CHARS) -> str:
    """`text` on one line, cut at the last word boundary before `limit` characters (`…` added).

    >>> excerpt("Thực hiện Chỉ thị số 28-CT/TW của Ban Bí thư", 25)
    'Thực hiện Chỉ thị số…'
    """
    line = WHITESPACE.sub(" ", text).strip()
    if len(line) <= limit:
        return line
    cut = line[:limit]
    space = cut.rfind(" ")
    return (cut[:space] if space > limit // 2 else cut).rstrip(" ,;:") + "…"


@dataclass
class EvidenceView:
    pieces: list[tuple[str, bool]]
    in_label: str | None  # the document whose text says it, when neither end of the edge


@dataclass
class RelationRow:
    type: str
    type_name: str
    other: DocSummary
    place: str
    excerpt: str
    evidence: list[EvidenceView] = field(default_factory=list)


def place_of(doc: DocSummary) -> str:
    return ", ".join(p for p in (doc.commune, doc.district, doc.province) if p)


def relation_rows(relations: list[Relation], me: DocSummary, labels: dict[str, str]) -> list[RelationRow]:
    """Rows by relation strength then date; evidence deduplicated by sentence."""
    ordered = sorted(relations, key=lambda r: (STRENGTH.get(r.type, 9), r.other.date or "9999", r.other.id))
    rows = []
    for rel in ordered:
        cited = rel.other if rel.direction == "out" else me
        ends = {me.id, rel.other.id}
        seen: set[str] = set()
        views = []
        for ev in rel.evidence:
            key = WHITESPACE.sub(" ", ev.text).strip()
            if key in seen:
                continue
            seen.add(key)
            views.append(EvidenceView(highlight(key, cited),
                                      None if ev.in_ in ends else labels.get(ev.in_, "một văn bản khác")))
        first = rel.evidence[0].text if rel.evidence else ""
        rows.append(RelationRow(rel.type, EDGES[rel.type].name if rel.type in EDGES else rel.type, rel.other,
                                place_of(rel.other), excerpt(first), views))
    return rows


async def _third_party_labels(request: Request, queries: Any, relations: list[Relation],
                              me: str) -> dict[str, str]:
    """Labels of documents whose text states a relation between two others (few; looked up one by one)."""
    ends = {me} | {r.other.id for r in relations}
    wanted = sorted({ev.in_ for rel in relations for ev in rel.evidence} - ends)
    labels = {}
    for doc_id in wanted[:20]:
        try:  # the label only: no relation of it is needed
            labels[doc_id] = (await run_query(request, paged_document, queries, doc_id, 0, 0)).document.label
        except DocumentNotFound:
            continue
    return labels


@dataclass
class Crumbs:
    """The lineage: one breadcrumb (root first) per root document."""

    paths: list[list[DocSummary]]
    truncated: bool


MAX_CRUMBS = 12


def _is_subsequence(short: list[str], long: list[str]) -> bool:
    it = iter(long)
    return all(x in it for x in short)


def lineage_crumbs(lineage: LineageResult) -> Crumbs:
    """Every chain up to a root, root first, except shortcuts: a chain skipping steps that another chain
    to the same root spells out (a district plan citing both its province's plan and the directive shows
    directive › province plan › district plan once)."""
    chains = [c for c in lineage.chains if len(c) > 1]
    kept = [c for c in chains
            if not any(o is not c and len(o) > len(c) and o[-1] == c[-1] and _is_subsequence(c, o)
                       for o in chains)]
    kept.sort(key=lambda c: (c[-1], -len(c), c))
    paths = [[lineage.nodes[d] for d in reversed(c) if d in lineage.nodes] for c in kept[:MAX_CRUMBS]]
    return Crumbs(paths, lineage.truncated or len(kept) > MAX_CRUMBS)


def implementer_tree(result: ImplementersResult) -> Any:
    return implementers_tree(result)


@dataclass
class Pager:
    """Where one page of a relation list stands: rows first..last (1-based), links to its neighbours."""

    first: int
    last: int
    prev_href: str | None
    next_href: str | None


def pager(doc_id: str, section: str, offset: int, shown: int, total: int) -> Pager | None:
    """Links to the previous and next page of a relation list (None when one page holds it all)."""
    if total <= RELATIONS_PAGE and offset == 0:
        return None
    base = doc_href(doc_id)

    def href(start: int) -> str:
        return f"{base}?offset={start}#{section}-heading" if start else f"{base}#{section}-heading"

    return Pager(first=offset + 1 if shown else offset, last=offset + shown,
                 prev_href=href(max(offset - RELATIONS_PAGE, 0)) if offset > 0 else None,
                 next_href=href(offset + RELATIONS_PAGE) if offset + shown < total else None)


@router.get("/documents/{doc_id}", response_class=HTMLResponse)
async def document_page(
    request: Request, queries: Queries, doc_id: DocId,
    offset: Annotated[int, Query(ge=0, le=10**7)] = 0,
) -> HTMLResponse:
    detail = await run_query(request, paged_document, queries, doc_id, offset, RELATIONS_PAGE)
    doc = detail.document
    lineage = await run_query(request, queries.lineage, doc.id)
    # relations come strongest first, so an implementer, if any, leads the first page
    first = detail if offset == 0 else await run_query(request, paged_document, queries, doc.id, 0, 1)
    has_implementers = any(r.type == "IMPLEMENTS" for r in first.incoming)
    tree = None
    if has_implementers:
        found = await run_query(request, queries.implementers, doc.id, limit=IMPLEMENTERS_LIMIT)
        tree = implementer_tree(found)
    labels = await _third_party_labels(request, queries, detail.outgoing + detail.incoming, doc.id)
    sections = [
        {"id": "outgoing", "heading": "Văn bản này thực hiện / trích dẫn",
         "rows": relation_rows(detail.outgoing, doc, labels), "total": detail.outgoing_total,
         "pager": pager(doc.id, "outgoing", offset, len(detail.outgoing), detail.outgoing_total or 0)},
        {"id": "incoming", "heading": "Được thực hiện / trích dẫn bởi",
         "rows": relation_rows(detail.incoming, doc, labels), "total": detail.incoming_total,
         "pager": pager(doc.id, "incoming", offset, len(detail.incoming), detail.incoming_total or 0)},
    ]
    so_hieu = doc.label.split(" ")[-1] if doc.number and doc.label else doc.number
    why = await why_section(request, detail)
    return render(
        request, "document.html", doc=doc, detail=detail, sections=sections, so_hieu=so_hieu,
        place=place_of(doc), crumbs=lineage_crumbs(lineage), tree=tree, open_size=OPEN_GROUP_SIZE,
        flag_names=FLAG_NAMES, issuer_parent_name=getattr(detail, "issuer_parent_name", None),
        why=why, field_vi=FIELD_VI, status_vi=STATUS_VI,
        edge_style={k: (k, e.name) for k, e in EDGES.items()},
    )
