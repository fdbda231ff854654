"""Imported by the ingest's forkserver before it forks workers: builds the gazetteer tables and the law
table once, so every worker starts with them instead of building its own."""

from __future__ import annotations

from ingest import central_docs, extract, gazetteer, laws, read  # noqa: F401  (imported for their module state)

gazetteer.provinces()
gazetteer.find_communes("Hà Trung", district="Hà Trung", province="Thanh Hóa")
laws.match_name("tre em", 0)  # the registry, its aliases and their prefixes
central_docs.known("CT/TW", "20", None)
