"""HTML pages: search, stats, graph, and the offline OpenAPI docs; the document and coverage pages are in
`pages_document` and `pages_coverage`, included here.

Jinja2 with autoescape on renders every string from a document as text. Page code is in static
files (the Content-Security-Policy allows scripts from the app only); the graph's data travel in a
JSON block, vis-network is served from the pyvis package.
"""
from __future__ import annotations

from collections import Counter
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import FileResponse, HTMLResponse, Response

from graphsvc.routers import pages_coverage, pages_document
from graphsvc.routers.deps import Queries, run_query
from graphsvc.routers.documents import MAX_NEIGHBOURHOOD_DEPTH
from graphsvc.routers.pagecommon import DocId, api_href, render
from graphsvc.routers.pagedata_coverage import page_numbers, page_of, province_names, viet_key
from graphsvc.security import require_read_access
from graphsvc.view import LAYOUTS, STATIC_DIR, json_for_script, legend, network_data
from queries.palette import DOC_TYPES, EDGES, LEVELS

router = APIRouter(include_in_schema=False, dependencies=[Depends(require_read_access)])
router.include_router(pages_coverage.router)
router.include_router(pages_document.router)

GRAPH_NODE_LIMIT = 300
SEARCH_PAGE = 20
STATS_PAGE = 50


def render_not_found(request: Request, doc_id: str, suggestions: list[str]) -> HTMLResponse:
    """The 404 page, with "did you mean" links."""
    return render(request, "error.html", 404, status=404, message="Không tìm thấy văn bản",
                  doc_id=doc_id, suggestions=suggestions)


def render_error(request: Request, status: int, message: str) -> HTMLResponse:
    return render(request, "error.html", status, status=status, message=message, doc_id=None, suggestions=[])


# ---------------------------------------------------------------- search


TYPE_CHOICES = sorted(((t.doc_type, t.name) for t in DOC_TYPES.values()), key=lambda kv: viet_key(kv[1]))
LEVEL_CHOICES = [(lv.level, lv.name) for lv in LEVELS.values()]


@router.get("/", response_class=HTMLResponse)
async def search_page(
    request: Request, queries: Queries, q: Annotated[str, Query(max_length=200)] = "",
    type: Annotated[str | None, Query(max_length=40)] = None,  # noqa: A002  (the API's parameter name)
    level: Annotated[str | None, Query(max_length=20)] = None,
    province: Annotated[str | None, Query(max_length=100)] = None,
    year: Annotated[str | None, Query(max_length=4)] = None,
    page: Annotated[int, Query(ge=1, le=500)] = 1,
) -> HTMLResponse:
    filters = {"type": type or None, "level": level if level in LEVELS else None,
               "province": (province or "").strip() or None,
               "year": int(year) if year and year.isdigit() and 1900 <= int(year) <= 2100 else None}
    text = q.strip()
    result = None
    if text or any(filters.values()):
        result = await run_query(request, queries.search, text, doc_type=filters["type"],
                                 level=filters["level"],
                                 province=filters["province"], year=filters["year"],
                                 offset=(page - 1) * SEARCH_PAGE, limit=SEARCH_PAGE)
    paging = page_of(result.total if result else 0, page, SEARCH_PAGE)

    def href(**changes: Any) -> str:
        return api_href("/", **{"q": text, **filters, "page": page, **changes})

    return render(request, "search.html", q=q, result=result, filters=filters, types=TYPE_CHOICES,
                  levels=LEVEL_CHOICES, provinces=province_names("2019"), paging=paging,
                  page_numbers=page_numbers(paging), href=href)


# ---------------------------------------------------------------- stats


@router.get("/stats", response_class=HTMLResponse)
async def stats_page(
    request: Request, queries: Queries, page: Annotated[int, Query(ge=1, le=10_000)] = 1
) -> HTMLResponse:
    s = await run_query(request, queries.stats, top=30, offset=(page - 1) * STATS_PAGE, limit=STATS_PAGE)
    longest = max(getattr(s, "missing_total", 0), getattr(s, "conflicts_total", 0))
    paging = page_of(longest, page, STATS_PAGE)
    return render(request, "stats.html", s=s, paging=paging, page_numbers=page_numbers(paging),
                  href=lambda **c: api_href("/stats", **{"page": page, **c}),
                  offset=(paging.number - 1) * STATS_PAGE,
                  edge_names={k: v.name for k, v in EDGES.items()})


# ---------------------------------------------------------------- graph


@router.get("/graph/{doc_id}", response_class=HTMLResponse)
async def graph_page(
    request: Request, queries: Queries, doc_id: DocId,
    depth: Annotated[int, Query(ge=1, le=MAX_NEIGHBOURHOOD_DEPTH)] = 2,
    layout: Annotated[str, Query(pattern="^(force|levels)$")] = "force",
) -> HTMLResponse:
    nbh = await run_query(request, queries.neighbourhood, doc_id, depth=depth, limit=GRAPH_NODE_LIMIT)
    focus = next((n for n in nbh.nodes if n.id == nbh.focus), None)
    return render(
        request, "graph.html", nbh=nbh, doc_label=focus.label if focus else doc_id,
        data=json_for_script(network_data(
            nbh, link_base="", layout=layout if layout in LAYOUTS else "force")),
        legend=legend(), layout=layout, depths=list(range(1, MAX_NEIGHBOURHOOD_DEPTH + 1)),
        edge_counts=Counter(e.type for e in nbh.edges),
        nodes_sorted=sorted(nbh.nodes, key=lambda n: (n.id != nbh.focus, viet_key(n.label))),
    )


# ---------------------------------------------------------------- docs and icons


@router.get("/docs", response_class=HTMLResponse)
async def docs_page(request: Request) -> HTMLResponse:
    """Swagger UI over /openapi.json, its files served by the app (works offline, CSP-clean)."""
    return render(request, "docs.html")


@router.get("/favicon.ico")
async def favicon() -> Response:
    return FileResponse(STATIC_DIR / "favicon.svg", media_type="image/svg+xml")
