"""What every HTML page shares: the Jinja2 environment (autoescape on), links, and rendering."""
from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote, urlencode

from fastapi import Path, Request
from fastapi.responses import HTMLResponse

from graphsvc.view import template_env as view_template_env
from queries.palette import DOC_TYPES, EDGES, LEVELS, type_style

DocId = Annotated[str, Path(min_length=1, max_length=300)]


def doc_href(doc_id: str) -> str:
    return "/documents/" + quote(doc_id, safe="")


def graph_href(doc_id: str, depth: int | None = None) -> str:
    base = "/graph/" + quote(doc_id, safe="")
    return base + (f"?depth={depth}" if depth else "")


def coverage_href(doc_id: str, level: str | None, **params: Any) -> str:
    """The coverage page with these parameters (None and empty values left out)."""
    query = {"level": level, **params}
    kept = {k: v for k, v in query.items() if v not in (None, "")}
    return "/coverage/" + quote(doc_id, safe="") + ("?" + urlencode(kept) if kept else "")


def api_href(path: str, **params: Any) -> str:
    kept = {k: v for k, v in params.items() if v not in (None, "")}
    return path + ("?" + urlencode(kept) if kept else "")


def type_name(doc_type: str | None) -> str:
    return type_style(doc_type).name


def level_name(level: str | None) -> str:
    return LEVELS[level].name if level in LEVELS else "Không rõ"


def edge_name(edge_type: str) -> str:
    return EDGES[edge_type].name if edge_type in EDGES else edge_type


# Data flags as analysts read them.
FLAG_NAMES = {
    "date_conflicts_number": "Ngày ban hành mâu thuẫn với số hiệu",
    "issuer_conflict": "Cơ quan ban hành mâu thuẫn với ký hiệu",
    "unnumbered": "Không có số",
}


def flag_name(flag: str) -> str:
    return FLAG_NAMES.get(flag, flag)


ENV = view_template_env()
ENV.globals.update(doc_href=doc_href, graph_href=graph_href, coverage_href=coverage_href, api_href=api_href,
                   type_name=type_name, level_name=level_name, flag_name=flag_name, edge_name=edge_name,
                   DOC_TYPES=DOC_TYPES)


def _guide_exists(request: Request) -> bool:
    return any(getattr(route, "name", None) == "guide" for route in request.app.routes)


def render(request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    """A page from `templates/` (autoescaped), with the globals every page uses."""
    context.setdefault("guide", _guide_exists(request))
    body = ENV.get_template(template).render(**context)
    return HTMLResponse(body, status_code=status_code)
