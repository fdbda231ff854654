"""HTML pages: search, document, coverage, graph, stats, and the offline OpenAPI docs.

Jinja2 with autoescape on renders every string from a document as text. Page code is in static
files (the Content-Security-Policy allows scripts from the app only); the graph's data travel in a
JSON block, vis-network is served from the pyvis package.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated, Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import FileResponse, HTMLResponse, Response

from graphsvc.routers.deps import Queries, run_query
from graphsvc.routers.documents import MAX_NEIGHBOURHOOD_DEPTH
from graphsvc.routers.explainpage import FIELD_VI, STATUS_VI, why_section
from graphsvc.routers.pagedata import (
    CHART_LABEL_WIDTH,
    CHART_ROW,
    CHART_WIDTH,
    highlight,
    lag_rows,
    map_dots,
    map_size,
    share_rows,
)
from graphsvc.security import require_read_access
from graphsvc.view import DOC_TYPE_STYLE, EDGE_STYLE, LEVEL_STYLE, json_for_script, legend, network_data
from graphsvc.view import template_env as view_template_env
from queries.models import DocSummary, Relation, UnitLevel

router = APIRouter(include_in_schema=False, dependencies=[Depends(require_read_access)])

LEVEL_CHOICES: list[tuple[str, str]] = [("province", "Tỉnh"), ("district", "Huyện"), ("commune", "Xã")]
GRAPH_NODE_LIMIT = 300

DocId = Annotated[str, Path(min_length=1, max_length=300)]


def doc_href(doc_id: str) -> str:
    return "/documents/" + quote(doc_id, safe="")


def graph_href(doc_id: str, depth: int | None = None) -> str:
    base = "/graph/" + quote(doc_id, safe="")
    return base + (f"?depth={depth}" if depth else "")


def coverage_href(doc_id: str, level: str | None) -> str:
    base = "/coverage/" + quote(doc_id, safe="")
    return base + ("?" + urlencode({"level": level}) if level else "")


_ENV = view_template_env()
_ENV.globals.update(doc_href=doc_href, graph_href=graph_href, coverage_href=coverage_href)


def render(request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    """A page from `templates/` (autoescaped), with the globals every page uses."""
    context.setdefault("guide", _guide_exists(request))
    body = _ENV.get_template(template).render(**context)
    return HTMLResponse(body, status_code=status_code)


def _guide_exists(request: Request) -> bool:
    return any(getattr(route, "name", None) == "guide" for route in request.app.routes)


def render_not_found(request: Request, doc_id: str, suggestions: list[str]) -> HTMLResponse:
    """The 404 page, with "did you mean" links."""
    return render(request, "error.html", 404, status=404, message="Không tìm thấy văn bản",
                  doc_id=doc_id, suggestions=suggestions)


def render_error(request: Request, status: int, message: str) -> HTMLResponse:
    return render(request, "error.html", status, status=status, message=message, doc_id=None, suggestions=[])


# ---------------------------------------------------------------- search and stats


@router.get("/", response_class=HTMLResponse)
async def search_page(
    request: Request, queries: Queries, q: Annotated[str, Query(max_length=200)] = ""
) -> HTMLResponse:
    result = await run_query(request, queries.resolve, q.strip(), limit=20) if q.strip() else None
    return render(request, "search.html", q=q, result=result)


@router.get("/stats", response_class=HTMLResponse)
async def stats_page(request: Request, queries: Queries) -> HTMLResponse:
    s = await run_query(request, queries.stats, top=30)
    return render(request, "stats.html", s=s)


# ---------------------------------------------------------------- document


@dataclass
class EvidenceView:
    in_: str
    start: int
    end: int
    pieces: list[tuple[str, bool]]
    elsewhere: bool


@dataclass
class RelationRow:
    type: str
    type_name: str
    other: DocSummary
    evidence: list[EvidenceView] = field(default_factory=list)


def relation_rows(relations: list[Relation], me: DocSummary) -> list[RelationRow]:
    """Relations with evidence split for highlighting the cited document in its sentence."""
    rows = []
    for rel in relations:
        cited = rel.other if rel.direction == "out" else me
        citing = me.id if rel.direction == "out" else rel.other.id
        rows.append(RelationRow(
            rel.type, EDGE_STYLE.get(rel.type, ("", rel.type))[1], rel.other,
            [EvidenceView(ev.in_, ev.start, ev.end, highlight(ev.text, cited), ev.in_ != citing)
             for ev in rel.evidence],
        ))
    return rows


def place_of(doc: DocSummary) -> str:
    return ", ".join(p for p in (doc.commune, doc.district, doc.province) if p)


def so_hieu_of(doc: DocSummary) -> str | None:
    """The số hiệu as printed on the label when there is a number (the label ends with it)."""
    if not doc.number:
        return None
    return doc.label.split(" ")[-1] if doc.label else doc.number


@router.get("/documents/{doc_id}", response_class=HTMLResponse)
async def document_page(
    request: Request, queries: Queries, doc_id: DocId
) -> HTMLResponse:
    detail = await run_query(request, queries.document, doc_id)
    doc = detail.document
    sections = [
        {"heading": "Văn bản này thực hiện / trích dẫn", "rows": relation_rows(detail.outgoing, doc)},
        {"heading": "Được thực hiện / trích dẫn bởi", "rows": relation_rows(detail.incoming, doc)},
    ]
    why = await why_section(request, detail)
    return render(
        request, "document.html", doc=doc, detail=detail, sections=sections, so_hieu=so_hieu_of(doc),
        why=why, field_vi=FIELD_VI, status_vi=STATUS_VI, edge_style=EDGE_STYLE,
        type_name=DOC_TYPE_STYLE.get(doc.doc_type, DOC_TYPE_STYLE["other"])[1],
        level_name=LEVEL_STYLE.get(doc.level or "", ("", doc.level or ""))[1], place=place_of(doc),
    )


# ---------------------------------------------------------------- coverage


@router.get("/coverage/{doc_id}", response_class=HTMLResponse)
async def coverage_page(
    request: Request, queries: Queries, doc_id: DocId, level: UnitLevel = "province",
    province: Annotated[str | None, Query(max_length=100)] = None
) -> HTMLResponse:
    result = await run_query(request, queries.coverage, doc_id, level=level, province=province or None)
    dots = map_dots(result.units)
    shares, lags = share_rows(result), lag_rows(result)
    map_w, map_h = map_size()
    return render(
        request, "coverage.html", result=result, levels=LEVEL_CHOICES, dots=dots,
        missing_coordinates=sum(1 for u in result.units if u.lat is None or u.lon is None),
        map_w=map_w, map_h=map_h, shares=shares, lags=lags, chart_w=CHART_WIDTH, label_w=CHART_LABEL_WIDTH,
        share_h=max(len(shares), 1) * CHART_ROW + 6, lag_h=max(len(lags), 1) * CHART_ROW + 6,
    )


# ---------------------------------------------------------------- graph


@router.get("/graph/{doc_id}", response_class=HTMLResponse)
async def graph_page(
    request: Request, queries: Queries, doc_id: DocId,
    depth: Annotated[int, Query(ge=1, le=MAX_NEIGHBOURHOOD_DEPTH)] = 2
) -> HTMLResponse:
    nbh = await run_query(request, queries.neighbourhood, doc_id, depth=depth, limit=GRAPH_NODE_LIMIT)
    focus = next((n for n in nbh.nodes if n.id == nbh.focus), None)
    return render(
        request, "graph.html", nbh=nbh, doc_label=focus.label if focus else doc_id,
        data=json_for_script(network_data(nbh, link_base="")), legend=legend(),
        depths=list(range(1, MAX_NEIGHBOURHOOD_DEPTH + 1)),
    )


# ---------------------------------------------------------------- docs and icons


@router.get("/docs", response_class=HTMLResponse)
async def docs_page(request: Request) -> HTMLResponse:
    """Swagger UI over /openapi.json, its files served by the app (works offline, CSP-clean)."""
    return render(request, "docs.html")


@router.get("/favicon.ico")
async def favicon() -> Response:
    from graphsvc.app import STATIC_DIR

    return FileResponse(STATIC_DIR / "favicon.svg", media_type="image/svg+xml")
