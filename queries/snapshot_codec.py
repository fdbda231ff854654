"""The snapshot's bytes: plain containers written with `marshal`, objects rebuilt without validation.

`pickle` of the same `Snapshot` took 4 s of CPU to load at 100,000 documents (a pydantic `__setstate__`
per summary, a dataclass per resolve form); `marshal` reads dicts, lists, tuples and sets of strings at
memory speed, and the objects are rebuilt from their field values the way `trusted_unit` builds coverage
units (every value was validated when the snapshot was made). `marshal`'s format is tied to the Python
version, so the meta file records it and another version rebuilds the snapshot.
"""
from __future__ import annotations

import dataclasses
import marshal
import sys
from collections import Counter, defaultdict
from collections.abc import Iterator, Mapping
from typing import Any

import numpy as np
from pydantic import BaseModel

from queries.common_resolve import ResolveIndex
from queries.models import DocSummary
from queries.resolve_forms import DocForms
from queries.resolve_scan import ResolveTable
from queries.resolve_titles import TitleMatcher
from queries.snapshot_model import Closure, Placement, Snapshot, Stats

# Part of the meta file: a snapshot written by another Python is rebuilt, never read.
FORMAT = f"marshal{marshal.version}-py{sys.version_info[0]}.{sys.version_info[1]}"
SUMMARY_FIELDS = tuple(DocSummary.model_fields)
SUMMARY_FIELD_SET = frozenset(SUMMARY_FIELDS)
FORM_FIELDS = tuple(f.name for f in dataclasses.fields(DocForms))
INDEX_SETS = ("by_number", "by_year", "by_place_token")
TABLE_ARRAYS = frozenset(f.name for f in dataclasses.fields(ResolveTable) if f.type == "np.ndarray")
MATCHER_ARRAYS = ("by_length", "sorted_lengths", "chars", "count")


# BaseModel's slots, set through their descriptors: the fastest way to fill 100,000 summaries at load.
_SET_FIELDS = BaseModel.__dict__["__pydantic_fields_set__"].__set__
_SET_EXTRA = BaseModel.__dict__["__pydantic_extra__"].__set__
_SET_PRIVATE = BaseModel.__dict__["__pydantic_private__"].__set__


def trusted_summary(values: tuple[Any, ...] | dict[str, Any]) -> DocSummary:
    """A DocSummary from its field values (a dict in SUMMARY_FIELDS order, as the snapshot stores them:
    marshal builds it, no `zip` per document; or a tuple in that order), already validated."""
    doc = DocSummary.__new__(DocSummary)
    fields = values if isinstance(values, dict) else dict(zip(SUMMARY_FIELDS, values, strict=True))
    object.__setattr__(doc, "__dict__", fields)
    _SET_FIELDS(doc, SUMMARY_FIELD_SET)
    _SET_EXTRA(doc, None)
    _SET_PRIVATE(doc, None)
    return doc


class Packed(Mapping[str, Any]):
    """Values kept as one marshal blob per key, decoded when asked for. A document's relation rows or
    resolve forms are read per request (one page, a few hundred candidates): packed, the load decodes
    one bytes object per document instead of ~10 objects per relation (0.7 million relations at 100k),
    and the heap the workers share is smaller."""

    def __init__(self, blobs: dict[str, bytes]) -> None:
        self.blobs = blobs

    def __getitem__(self, key: str) -> Any:
        return marshal.loads(self.blobs[key])

    def __contains__(self, key: object) -> bool:
        return key in self.blobs

    def __iter__(self) -> Iterator[str]:
        return iter(self.blobs)

    def __len__(self) -> int:
        return len(self.blobs)


class LazyForms(Packed):
    """`ResolveIndex.forms` over packed rows: a `DocForms` is made when a search scores its document
    (a few hundred per query), not 100,000 of them at load."""

    def __getitem__(self, doc_id: str) -> DocForms:
        f = DocForms.__new__(DocForms)
        f.__dict__.update(zip(FORM_FIELDS, marshal.loads(self.blobs[doc_id]), strict=True))
        return f


class PackedArrays(Packed):
    """int64 arrays kept as bytes, viewed (not copied) when asked for: the title matcher's postings."""

    def __getitem__(self, key: str) -> np.ndarray:
        return np.frombuffer(self.blobs[key], dtype=np.int64)


ARRAY_TYPES = {"float64": np.float64, "bool": np.bool_, "int32": np.int32, "int64": np.int64}


def _array_plain(a: np.ndarray) -> tuple[str, bytes]:
    return str(a.dtype), a.tobytes()


def _array_from(plain: tuple[str, bytes]) -> np.ndarray:
    return np.frombuffer(plain[1], dtype=ARRAY_TYPES[plain[0]])


def _table_plain(t: ResolveTable) -> dict[str, Any]:
    return {f.name: _array_plain(v) if isinstance(v := getattr(t, f.name), np.ndarray) else v
            for f in dataclasses.fields(ResolveTable)}


def _table_from(plain: dict[str, Any]) -> ResolveTable:
    values: dict[str, Any] = {k: _array_from(v) if k in TABLE_ARRAYS else v for k, v in plain.items()}
    return ResolveTable(**values)


def _matcher_plain(m: TitleMatcher) -> dict[str, Any]:
    arrays = {n: _array_plain(getattr(m, n)) for n in MATCHER_ARRAYS}
    return {**arrays, "postings": {t: a.tobytes() for t, a in m.postings.items()}}


def _matcher_from(plain: dict[str, Any], titles: list[str]) -> TitleMatcher:
    m = TitleMatcher.__new__(TitleMatcher)
    m.titles = titles
    for name in MATCHER_ARRAYS:
        setattr(m, name, _array_from(plain[name]))
    m.postings = PackedArrays(plain["postings"])  # type: ignore[assignment]
    return m


def _index_plain(index: ResolveIndex) -> dict[str, Any]:
    forms = {f.doc_id: marshal.dumps(tuple(getattr(f, n) for n in FORM_FIELDS)) for f in index.forms.values()}
    plain: dict[str, Any] = {"forms": forms, "word_groups": index.word_groups,
                             "title_groups": index.title_groups, "title_list": index.title_list,
                             "title_numbers": index.title_numbers, "table": _table_plain(index.table),
                             "matcher": _matcher_plain(index.title_matcher())}
    for name in INDEX_SETS:
        plain[name] = dict(getattr(index, name))
    plain["keyed"] = _pack(index.keyed)  # a search decodes the runs of its numbers only
    return plain


def _index_from(plain: dict[str, Any]) -> ResolveIndex:
    index = ResolveIndex.__new__(ResolveIndex)
    index.forms = LazyForms(plain["forms"])  # type: ignore[assignment]
    for name in INDEX_SETS:
        setattr(index, name, defaultdict(set, plain[name]))
    index.keyed = Packed(plain["keyed"])  # type: ignore[assignment]
    index.word_groups = plain["word_groups"]
    index.title_groups = plain["title_groups"]
    index.title_list = plain["title_list"]
    index.title_numbers = plain["title_numbers"]
    index.table = _table_from(plain["table"])
    index.__dict__["_title_matcher"] = _matcher_from(plain["matcher"], index.title_list)
    return index


def _pack(rows: Mapping[str, Any]) -> dict[str, bytes]:
    if isinstance(rows, Packed):
        return rows.blobs
    return {key: marshal.dumps(value) for key, value in rows.items()}


def _summary_values(doc: DocSummary) -> dict[str, Any]:
    """A summary's field values in SUMMARY_FIELDS order: its own `__dict__` when it is just that (a
    validated model's is), marshalled as it is, not copied."""
    values = doc.__dict__
    return values if tuple(values) == SUMMARY_FIELDS else {n: values[n] for n in SUMMARY_FIELDS}


def encode(snap: Snapshot) -> bytes:
    st = snap.stats
    plain = {
        "key": snap.key, "version": snap.version, "doc_ids": snap.doc_ids,
        "summaries": [_summary_values(snap.summaries[d]) for d in snap.doc_ids],
        "implementers_of": snap.implementers_of, "implemented_by": snap.implemented_by,
        "index": _index_plain(snap.index), "details": _pack(snap.details),
        "outgoing": _pack(snap.outgoing), "incoming": _pack(snap.incoming),
        "stats": (st.organizations, st.edges, dict(st.by_type), dict(st.by_level), dict(st.by_year),
                  st.ranked, st.missing, st.conflicts),
        "closures": {d: tuple(c) for d, c in snap.closures.items()},
        "placements": {d: tuple(p) for d, p in snap.placements.items()},
        "province_key": snap.province_key, "coverage_json": snap.coverage_json,
    }
    return marshal.dumps(plain)


def catalog_parts(plain: dict[str, Any]) -> tuple[dict[str, DocSummary], ResolveIndex, Stats]:
    """The summaries, resolve index and statistics of a decoded snapshot's plain data (also what the Neo4j
    backend's catalog reads of a snapshot: `queries.neo4j_catalog.decode_part`)."""
    organizations, edges, by_type, by_level, by_year, ranked, missing, conflicts = plain["stats"]
    summaries = {d: trusted_summary(v) for d, v in zip(plain["doc_ids"], plain["summaries"], strict=True)}
    stats = Stats(organizations, edges, Counter(by_type), Counter(by_level), Counter(by_year), ranked,
                  missing, conflicts)
    return summaries, _index_from(plain["index"]), stats


def decode(data: bytes) -> Snapshot:
    plain = marshal.loads(data)
    summaries, index, stats = catalog_parts(plain)
    return Snapshot(
        key=plain["key"], version=plain["version"], doc_ids=plain["doc_ids"], summaries=summaries,
        implementers_of=plain["implementers_of"], implemented_by=plain["implemented_by"],
        index=index, details=Packed(plain["details"]),
        outgoing=Packed(plain["outgoing"]), incoming=Packed(plain["incoming"]), stats=stats,
        closures={d: Closure(*c) for d, c in plain["closures"].items()},
        placements={d: Placement(*p) for d, p in plain["placements"].items()},
        province_key=plain["province_key"], coverage_json=plain["coverage_json"],
    )


__all__ = ["FORMAT", "catalog_parts", "decode", "encode", "trusted_summary"]
