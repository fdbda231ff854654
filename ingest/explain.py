"""Why the ingest read what it read: `cpgraph explain FILE` and the document page's "Vì sao?".

Runs the real steps of `ingest.extract` (parse -> find -> resolve -> classify) on one text, keeps
their output as it is, and adds where each header field came from (the line, the span) and the
words behind each citation's relation. The steps keep no positions for most fields, so they are
located here afterwards by the same regexes the parser uses (`ingest.explain_locate`); a field the
explanation cannot locate says so rather than guessing a line.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ingest import read
from ingest.build import build_graph
from ingest.classify import Classified, classify_mentions
from ingest.classify_why import Cue, classification_cue
from ingest.explain_locate import Located, locate_fields
from ingest.explain_text import NOT_KEPT, flag_reason, how_vi, rule_reason
from ingest.extract import _is_self, extract_document, prepare_text
from ingest.extract_table import is_subject_table
from ingest.find import find_mentions
from ingest.model import DocMeta, Mention
from ingest.normalize import fold_keep_length
from ingest.parse import header_zone_end, parse_document
from ingest.places import org_name
from ingest.records import Extraction
from ingest.resolve import DocRef, own_ref, resolve_mentions

SELF = -1
_CONTEXT = 120  # characters shown on each side of a span in a long line


# The relation from the citing document each rule gives (`cue`, `list` and `peer` give any).
EXPECTED = {
    "basis_directive": "IMPLEMENTS",
    "title": "IMPLEMENTS",
    "direction": "IMPLEMENTS",
    "issued_asked": "IMPLEMENTS",
    "basis_legal": "CITES",
    "no_cue": "CITES",
    "held": "CITES",
    "named_change": "CITES",
    "change_between": "CITES",
    "subject": "CITES",
    "subject_background": "CITES",
    "relative": "CITES",
}


@dataclass(frozen=True)
class SourceLine:
    """Where something was read: 1-based line numbers, the lines as read, the span within them."""

    line: int
    last_line: int
    text: str  # the lines (joined by `\n`)
    mark_start: int  # the read span, as offsets into `text`
    mark_end: int
    start: int  # the same span as offsets into the whole text (as evidence offsets are)
    end: int

    def pieces(self) -> list[tuple[str, bool]]:
        """The lines split around the span, for highlighting: (text, marked)."""
        out = [
            (self.text[: self.mark_start], False),
            (self.text[self.mark_start : self.mark_end], True),
            (self.text[self.mark_end :], False),
        ]
        return [(t, marked) for t, marked in out if t]


def marked_pieces(source: SourceLine, cue: SourceLine | None) -> list[tuple[str, str]]:
    """The shown lines split into (text, mark): mark "cite" for the citation, "cue" for the words that
    decided its relation when they stand in the same window, "" for the rest."""
    marks = [(source.mark_start, source.mark_end, "cite")]
    if cue is not None:
        offset = source.start - source.mark_start  # text offset of the window's first character
        lo, hi = cue.start - offset, cue.end - offset
        if lo >= 0 and hi <= len(source.text) and (hi <= source.mark_start or lo >= source.mark_end):
            marks.append((lo, hi, "cue"))
    out, pos = [], 0
    for lo, hi, kind in sorted(marks):
        out += [(source.text[pos:lo], ""), (source.text[lo:hi], kind)]
        pos = hi
    out.append((source.text[pos:], ""))
    return [(t, kind) for t, kind in out if t]


@dataclass(frozen=True)
class FieldWhy:
    name: str  # doc_type, number, symbol, date, year, title, issuer, province, district, commune
    value: str | None
    how: str  # how it was read, in English
    how_vi: str  # the same in Vietnamese (the document page)
    source: SourceLine | None


@dataclass(frozen=True)
class FlagWhy:
    flag: str
    why: str
    why_vi: str


@dataclass(frozen=True)
class CitationWhy:
    index: int  # in the order the find step found them
    words: str  # the citation as written
    source: SourceLine
    status: str  # "resolved" | "unresolved" | "own_number" (the document's own số hiệu, not a citation)
    relation: str | None  # IMPLEMENTS | CITES | AMENDS | REPEALS from this document
    target: str | None  # the node id it resolves to
    target_type: str | None
    target_label: str | None  # `ke_hoach 60/KH-UBND (2023) · UBND huyện Núi Thành`
    rule: str | None  # `ingest.classify_why.Cue.rule`
    cue: str | None  # the words that decided (as written), None when none did
    cue_source: SourceLine | None
    why: str
    why_vi: str
    between: tuple[str, str, str] | None = None  # (from id, relation, to id) stated between two others
    flags: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Explanation:
    source: str
    format: str
    encoding: str | None
    read_warnings: list[str]
    doc_id: str | None
    fields: list[FieldWhy]
    flags: list[FlagWhy]
    citations: list[CitationWhy]

    def to_json(self) -> dict[str, Any]:
        def line(s: SourceLine | None) -> dict[str, Any] | None:
            if s is None:
                return None
            return {
                "line": s.line,
                "last_line": s.last_line,
                "text": s.text,
                "mark": [s.mark_start, s.mark_end],
                "start": s.start,
                "end": s.end,
            }

        return {
            "source": self.source,
            "format": self.format,
            "encoding": self.encoding,
            "read_warnings": self.read_warnings,
            "id": self.doc_id,
            "fields": [
                {"name": f.name, "value": f.value, "how": f.how, "how_vi": f.how_vi, "source": line(f.source)}
                for f in self.fields
            ],
            "flags": [{"flag": f.flag, "why": f.why, "why_vi": f.why_vi} for f in self.flags],
            "citations": [
                {
                    "index": c.index,
                    "words": c.words,
                    "source": line(c.source),
                    "status": c.status,
                    "relation": c.relation,
                    "target": c.target,
                    "target_type": c.target_type,
                    "target_label": c.target_label,
                    "rule": c.rule,
                    "cue": c.cue,
                    "cue_source": line(c.cue_source),
                    "why": c.why,
                    "why_vi": c.why_vi,
                    "between": list(c.between) if c.between else None,
                    "flags": c.flags,
                }
                for c in self.citations
            ],
        }


class ExplainError(Exception):
    """The file could not be read or is not one document (message ready for the user)."""


def explain_file(
    path: Path, root: Path | None = None, targets: dict[tuple[int, int], str] | None = None
) -> Explanation:
    """Read `path` as the ingest does and explain it. `targets` (mention span -> node id, from a stored
    graph) replace the ids this one file resolves to on its own."""
    path = Path(path)
    result = read.read_document(path, root if root is not None else path.parent)
    if result.text is None:
        raise ExplainError(f"{path}: {result.error or 'no text'}")
    if path.suffix.lower() == ".csv" and is_subject_table(result.text):  # as the pipeline decides
        raise ExplainError(f"{path}: a table of subject lines (one document per row) is not explained")
    return explain_text(
        result.text,
        result.relpath,
        fmt=result.format,
        encoding=result.encoding,
        warnings=list(result.warnings),
        targets=targets,
    )


def explain_text(
    text: str,
    source: str,
    *,
    fmt: str = "txt",
    encoding: str | None = None,
    warnings: list[str] | None = None,
    targets: dict[tuple[int, int], str] | None = None,
) -> Explanation:
    """Explain one normalised text (as `read` gives it): the pipeline's own results, with reasons."""
    extraction = extract_document(text, source)  # the real result: relations come from here only
    as_read = text
    text = prepare_text(text)  # what the steps read (portal blanked, header relined; same length)
    folded = fold_keep_length(text)
    meta = parse_document(text, folded)
    mentions = find_mentions(text, folded)
    refs = resolve_mentions(mentions, meta)
    own = own_ref(meta)
    kept = [i for i, r in enumerate(refs) if r is not None and not _is_self(own, r, mentions[i], meta)]
    kept_mentions = [mentions[i] for i in kept]
    kept_types = [r.doc_type for i in kept if (r := refs[i]) is not None]
    classified = classify_mentions(text, kept_mentions, folded, kept_types, meta.title_span)
    graph = build_graph([extraction])
    own_id = next((n for n, d in graph.nodes(data=True) if d.get("ingested")), None)
    # lines counted and shown as the file has them: relining a flattened header adds line breaks the
    # analyst's copy does not have (same length, so every span is a span of the text as read)
    lines = _LineIndex(as_read)
    located = locate_fields(text, folded, header_zone_end(folded), meta)
    ids = _edge_ids(graph, own_id)
    citations = []
    for i, m in enumerate(mentions):
        if i in kept:
            k = kept.index(i)
            cue = classification_cue(folded, kept_mentions, classified, k, kept_types, meta.title_span)
            citations.append(
                _citation(
                    text,
                    lines,
                    i,
                    m,
                    refs[i],
                    extraction,
                    k,
                    classified,
                    cue,
                    ids.get((m.start, m.end), []),
                    own_id,
                    kept_mentions,
                    (targets or {}).get((m.start, m.end)),
                )
            )
        else:
            citations.append(_not_kept(text, lines, i, m, refs[i]))
    return Explanation(
        source=source,
        format=fmt,
        encoding=encoding,
        read_warnings=list(warnings or []),
        doc_id=own_id,
        fields=[_field(lines, f) for f in located],
        flags=_flags(meta, extraction["doc"].get("flags", [])),
        citations=citations,
    )


class _LineIndex:
    """Offsets of line starts, to turn a span into line numbers and the lines as read."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def at(self, start: int, end: int, cover: tuple[int, int] | None = None) -> SourceLine:
        """The line(s) of `start:end`, cut to a window around it (and around `cover` too when that
        stands on the same lines: the words that decided a citation's relation)."""
        first = bisect.bisect_right(self.starts, start) - 1
        last = bisect.bisect_right(self.starts, max(start, end - 1)) - 1
        line_start = self.starts[first]
        stop = self.text.find("\n", self.starts[last])
        stop = len(self.text) if stop < 0 else stop
        low, high = start, max(start, end)
        if cover is not None and line_start <= cover[0] and cover[1] <= stop:
            low, high = min(low, cover[0]), max(high, cover[1])
        # a flattened header or a long paragraph: a window around the span, cut at spaces
        lo = max(line_start, low - _CONTEXT)
        hi = min(stop, high + _CONTEXT)
        if lo > line_start:
            lo = self.text.find(" ", lo, low) + 1 or lo
        if hi < stop:
            space = self.text.rfind(" ", high, hi)
            hi = space if space > 0 else hi
        head, tail = ("…" if lo > line_start else ""), ("…" if hi < stop else "")
        shown = head + self.text[lo:hi] + tail
        return SourceLine(
            first + 1, last + 1, shown, start - lo + len(head), min(end, hi) - lo + len(head), start, end
        )


def _field(lines: _LineIndex, f: Located) -> FieldWhy:
    return FieldWhy(f.name, f.value, f.how, how_vi(f.how), lines.at(*f.span) if f.span else None)


def _edge_ids(graph: Any, own_id: str | None) -> dict[tuple[int, int], list[tuple[str, str]]]:
    """Mention span -> [(from id, to id)] of the graph edges it is evidence of (this document first)."""
    out: dict[tuple[int, int], list[tuple[str, str]]] = {}
    for source, target, data in sorted(graph.edges(data=True), key=lambda e: (e[0] != own_id, e[0], e[1])):
        for ev in data.get("evidence", []):
            out.setdefault((ev["start"], ev["end"]), []).append((source, target))
    return out


def _label(ref: DocRef) -> str:
    """`ke_hoach số 60 KH-UBND 2023-03-20 · UBND huyện Núi Thành`: what the text said of the target."""
    parts = [
        ref.doc_type,
        f"số {ref.number}" if ref.number else None,
        ref.symbol,
        ref.name,
        ref.date or (str(ref.year) if ref.year else None),
    ]
    label = " ".join(p for p in parts if p)
    return label + (f" · {org_name(ref.issuer)}" if ref.issuer is not None else "")


def _citation(
    text: str,
    lines: _LineIndex,
    i: int,
    m: Mention,
    ref: DocRef | None,
    extraction: Extraction,
    k: int,
    classified: list[Classified],
    cue: Cue,
    ids: list[tuple[str, str]],
    own_id: str | None,
    kept_mentions: list[Mention],
    stored: str | None,
) -> CitationWhy:
    assert ref is not None
    mine = [e for e in extraction["edges"] if (e["start"], e["end"]) == (m.start, m.end)]
    relation = next((e["type"] for e in mine if e["from"] == SELF), None)
    target = stored or next((t for s, t in ids if s == own_id), None)
    between = None
    c = classified[k]
    if c.owner is not None and c.owner_type:
        owner = kept_mentions[c.owner]
        other = next((s for s, _ in ids if s != own_id), None)
        between = (other or text[owner.start : owner.end], c.owner_type, target or text[m.start : m.end])
    if EXPECTED.get(cue.rule, relation) != relation:
        # classify.py decided by a rule `classification_cue` does not retrace (yet): say so, no guess
        cue = Cue("unexplained")
    words = text[cue.start : cue.end] if cue.start is not None and cue.end is not None else None
    previous = kept_mentions[cue.other] if cue.other is not None else None
    other_words = text[previous.start : previous.end] if previous is not None else None
    why, why_vi = rule_reason(cue.rule, relation or "CITES", words, ref.doc_type, other_words)
    return CitationWhy(
        index=i,
        words=text[m.start : m.end],
        source=lines.at(
            m.start, m.end, (cue.start, cue.end) if cue.start is not None and cue.end is not None else None
        ),
        status="resolved",
        relation=relation,
        target=target,
        target_type=ref.doc_type,
        target_label=_label(ref),
        rule=cue.rule,
        cue=words,
        cue_source=lines.at(cue.start, cue.end) if cue.start is not None and cue.end is not None else None,
        why=why,
        why_vi=why_vi,
        between=between,
        flags=list(ref.flags),
    )


def _not_kept(text: str, lines: _LineIndex, i: int, m: Mention, ref: DocRef | None) -> CitationWhy:
    status = "unresolved" if ref is None else "own_number"
    why, why_vi = NOT_KEPT[status]
    return CitationWhy(
        index=i,
        words=text[m.start : m.end],
        source=lines.at(m.start, m.end),
        status=status,
        relation=None,
        target=None,
        target_type=ref.doc_type if ref else m.doc_type,
        target_label=_label(ref) if ref else None,
        rule=None,
        cue=None,
        cue_source=None,
        why=why,
        why_vi=why_vi,
        flags=list(ref.flags) if ref else [],
    )


def _flags(meta: DocMeta, stored: list[str]) -> list[FlagWhy]:
    return [
        FlagWhy(flag, *flag_reason(flag, meta.year, meta.date, meta.symbol))
        for flag in sorted(set(meta.flags) | set(stored))
    ]
