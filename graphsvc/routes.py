"""The service's routers, composed in one place: which ones, in which order, and the HTML error pages.

`graphsvc.app` builds the application from this list; routers never import the app, so imports point
one way (app -> routes -> routers -> deps, queries).
"""
from __future__ import annotations

from fastapi import APIRouter

from graphsvc.routers import admin, documents, health, pages, search, stats
from graphsvc.routers.pages import render_error, render_not_found

# In inclusion order: the API routers first, the HTML pages (with their catch-all paths) last.
ROUTERS: tuple[APIRouter, ...] = (
    health.router, search.router, documents.router, stats.router, admin.router, pages.router,
)

__all__ = ["ROUTERS", "render_error", "render_not_found"]
