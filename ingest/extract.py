"""One text in, plain data out: parse -> find -> resolve -> classify, for one document.

The result is an `ingest.records.Extraction`, JSON-friendly (dicts and lists) so the store can cache
it per file content hash, and worker processes can send it back cheaply. Nothing here knows about the
graph or a store.
"""

from __future__ import annotations

import re
from typing import cast

from ingest import symbols
from ingest.classify import classify_mentions
from ingest.find import find_mentions
from ingest.header import HEADER_SPAN, reline_header, restore_header_case
from ingest.model import DocMeta, Mention
from ingest.normalize import fold_keep_length
from ingest.parse import parse_document
from ingest.portal import strip_portal
from ingest.records import EdgeRecord, Extraction, OrgRecord, RefRecord
from ingest.resolve import DocRef, own_ref, resolve_mentions

SELF = -1  # index of the citing document itself in an extraction's edges


def extract_document(text: str, source: str, meta: DocMeta | None = None) -> Extraction:
    """Everything one document says: its own ref, the refs it cites, and the relations.

    `edges` use indexes into `refs` (`SELF` for the document itself); each carries the
    mention span (`start`, `end`) and the sentence as evidence text.
    """
    text, folded = prepared_and_folded(text)
    meta = meta if meta is not None else parse_document(text, folded)
    mentions = find_mentions(text, folded)
    refs = resolve_mentions(mentions, meta)
    own = own_ref(meta)
    pairs = zip(mentions, refs, strict=True)
    kept = [(m, r) for m, r in pairs if r is not None and not _is_self(own, r, m, meta)]
    unresolved = sum(1 for r in refs if r is None)
    kept_mentions = [m for m, _ in kept]
    classified = classify_mentions(
        text, kept_mentions, folded, [r.doc_type for _, r in kept], meta.title_span
    )
    out_refs: list[RefRecord] = []
    edges: list[EdgeRecord] = []
    for (m, ref), c in zip(kept, classified, strict=True):
        out_refs.append(ref_to_dict(ref))
        index = len(out_refs) - 1
        evidence = _evidence(text, m)
        edges.append(_edge(SELF, index, c.self_type, evidence))
        if c.owner is not None and c.owner_type:
            edges.append(_edge(c.owner, index, c.owner_type, evidence))
    return {
        "source": source,
        "doc": ref_to_dict(own),
        "refs": out_refs,
        "edges": edges,
        "mentions": len(mentions),
        "unresolved": unresolved,
    }


def prepare_text(text: str) -> str:
    """The text the steps read: a portal's own text blanked, the header's parts on their own lines.

    Same length as `text`, so offsets into it (evidence spans) are offsets into the normalised text.
    """
    return prepared_and_folded(text)[0]


_HEAD = 20000  # the header lies in the head: folded once for the portal, case and header steps


def prepared_and_folded(text: str) -> tuple[str, str]:
    """`prepare_text(text)` and its `fold_keep_length`.

    Folding goes character by character, and relining changes the first HEADER_SPAN characters only, so
    the head's folding is reused past them (two folds of every text were 4% of extraction in a profile).
    """
    head = fold_keep_length(text[:_HEAD])
    stripped = strip_portal(text, head)
    if "**" in stripped:  # markdown bold (`**ỦY BAN NHÂN DÂN**`, `**Số: 12/KH-UBND**`): blanked, not read
        stripped = stripped.replace("**", "  ")
    stripped = restore_header_case(stripped)
    if stripped is not text:
        head = fold_keep_length(stripped[:_HEAD])
    relined = reline_header(stripped, head)
    span = min(HEADER_SPAN, len(relined))
    folded = fold_keep_length(relined[:span]) + head[span:]
    if len(stripped) > _HEAD:
        folded += fold_keep_length(stripped[_HEAD:])
    return relined, folded


def is_document(extraction: Extraction) -> bool:
    """An administrative document says at least one of: its type heading, its số hiệu, its issuer,
    its date. A README, a licence or a list of links says none of them.

    >>> is_document(extract_document("# Notes\\nA list of links to laws.", "README.md"))
    False
    >>> is_document(extract_document("KẾ HOẠCH\\nPhòng, chống đuối nước", "kh.txt"))
    True
    """
    doc = extraction["doc"]
    return bool(
        doc.get("doc_type") not in (None, "other")
        or doc.get("number")
        or doc.get("issuer")
        or doc.get("date")
        or doc.get("year")
    )


def _is_self(own: DocRef, ref: DocRef, m: Mention, meta: DocMeta) -> bool:
    """A document quoting its own số hiệu (`Số 566 -CV/HU` in the header, `Kế hoạch số 195-KH/HU` in 195)."""
    if own.number is None or ref.number is None:
        return False
    if symbols.symbol_key(own.symbol) != symbols.symbol_key(ref.symbol):
        return False
    if own.number.lstrip("0") != ref.number.lstrip("0"):
        return False
    return ref.year is None or own.year is None or ref.year == own.year


def _evidence(text: str, m: Mention) -> tuple[int, int, str]:
    """The mention's span and its sentence on one line."""
    sentence = re.sub(r"\s+", " ", text[m.sentence_start : m.sentence_end]).strip()
    return m.start, m.end, sentence


def _edge(source: int, target: int, kind: str, evidence: tuple[int, int, str]) -> EdgeRecord:
    start, end, sentence = evidence
    return {"from": source, "to": target, "type": kind, "start": start, "end": end, "text": sentence}


def ref_to_dict(ref: DocRef) -> RefRecord:
    """Plain dict of a DocRef (faster than dataclasses.asdict, which deep-copies): the fields of
    RefRecord and OrgRecord are those of DocRef and OrgRef."""
    data = dict(ref.__dict__)
    data["flags"] = list(ref.flags)
    if ref.issuer is not None:
        data["issuer"] = cast(OrgRecord, dict(ref.issuer.__dict__))
    return cast(RefRecord, data)
