"""The JSON shapes the ingest steps write to disk and read back: one document's extraction (cached per
file content hash, `ingest.store`) and the manifest entry of one file.

They are TypedDicts, not dataclasses, because they are the cached JSON itself: a worker returns what
the cache holds, and the build reads the cache in the same form without converting each record (a
100k-document corpus has millions of refs). Inside a step, data travels as dataclasses
(`ingest.model`, `ingest.resolve.DocRef`).
"""

from __future__ import annotations

from typing import TypedDict


class OrgRecord(TypedDict):
    """An `ingest.model.OrgRef` as a plain dict (same fields, same order)."""

    kind: str
    unit_level: str | None
    province: str | None
    district: str | None
    commune: str | None
    name: str | None
    unit_kind: str | None


class RefRecord(TypedDict):
    """An `ingest.resolve.DocRef` as a plain dict: what one text says about one document."""

    doc_type: str
    number: str | None
    symbol: str | None
    year: int | None
    date: str | None
    title: str | None
    issuer: OrgRecord | None
    central: bool
    name: str | None
    fixed_id: str | None
    flags: list[str]


# A relation a text states: `from`/`to` index the extraction's refs (`SELF`, -1, is the citing document
# itself); the span of the mention and its sentence are the evidence. (`from` is a keyword: the
# functional form.)
EdgeRecord = TypedDict(
    "EdgeRecord", {"from": int, "to": int, "type": str, "start": int, "end": int, "text": str}
)


class Extraction(TypedDict):
    """Everything one document says (`ingest.extract.extract_document`)."""

    source: str  # the file's path relative to its root (`file.csv#row-N` for a row of a table)
    doc: RefRecord  # the document itself
    refs: list[RefRecord]  # the documents it cites
    edges: list[EdgeRecord]
    mentions: int  # citations found in the text
    unresolved: int  # of which could not be resolved to a document


class ManifestEntry(TypedDict):
    """One ingested file in `manifest.json`: what it was when read, and what it gave."""

    relpath: str
    size: int
    mtime_ns: int
    sha256: str
    documents: int
    unresolved: int


# The manifest: absolute path of each ingested file -> its entry.
Manifest = dict[str, ManifestEntry]
