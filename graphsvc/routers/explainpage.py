"""The "Vì sao? / Why" section of a document page: `ingest.explain` run on the ingested file.

The file is found through the data dir's manifest (`ingest.explain_source`); citation targets are
the ids of the graph being served (the evidence spans of this document's outgoing edges). A file
that is gone, changed, or slow to explain leaves the rest of the page as it is.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from fastapi import HTTPException, Request

from graphsvc.routers.deps import run_query
from ingest.explain import CitationWhy, ExplainError, Explanation, explain_file, marked_pieces
from ingest.explain_source import stored_source
from queries.models import DocumentDetail

# Field names as the page shows them.
FIELD_VI = {
    "doc_type": "Loại văn bản",
    "number": "Số",
    "symbol": "Ký hiệu",
    "date": "Ngày ban hành",
    "year": "Năm",
    "title": "Trích yếu",
    "issuer": "Cơ quan ban hành",
    "province": "Tỉnh",
    "district": "Huyện",
    "commune": "Xã",
}
STATUS_VI = {"unresolved": "chưa xác định", "own_number": "số hiệu của chính văn bản"}
MAX_CITATIONS = 300  # a page lists at most this many; the command line shows every one


@dataclass
class WhyView:
    """What the page shows: an explanation, or why there is none (Vietnamese)."""

    explanation: Explanation | None = None
    problem: str | None = None
    changed: bool = False
    # each citation, its line split for marking, and whether the deciding words are in that line
    citations: list[tuple[CitationWhy, list[tuple[str, str]], bool]] = field(default_factory=list)
    hidden: int = 0


def why_for(data_dir: Path, detail: DocumentDetail) -> WhyView:
    """Explain the file behind an ingested document (blocking: run in the thread pool)."""
    doc = detail.document
    found = stored_source(data_dir, detail.source)
    if found.path is None:
        return WhyView(problem=found.problem)
    targets = {
        (ev.start, ev.end): rel.other.id
        for rel in detail.outgoing
        for ev in rel.evidence
        if ev.in_ == doc.id
    }
    try:
        explanation = explain_file(found.path, found.root, targets)
    except ExplainError:
        return WhyView(problem="Không đọc được tệp nguồn.")
    shown = explanation.citations[:MAX_CITATIONS]
    return WhyView(
        explanation,
        None,
        found.changed,
        [_row(c) for c in shown],
        len(explanation.citations) - len(shown),
    )


def _row(c: CitationWhy) -> tuple[CitationWhy, list[tuple[str, str]], bool]:
    pieces = marked_pieces(c.source, c.cue_source)
    return c, pieces, any(kind == "cue" for _, kind in pieces)


async def why_section(request: Request, detail: DocumentDetail) -> WhyView | None:
    """The section for an ingested document (None for one only cited)."""
    if not detail.document.ingested:
        return None
    data_dir = Path(request.app.state.settings.data_dir)
    try:
        return await run_query(request, why_for, data_dir, detail)
    except HTTPException:
        return WhyView(problem="Giải thích mất quá nhiều thời gian; hãy dùng `cpgraph explain` trên tệp.")
