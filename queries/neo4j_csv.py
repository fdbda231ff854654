"""The CSV files of a bulk import (pure): node tables typed by their header, relationship lines.

CSV conventions: every string quoted (an empty string stays an empty string; an empty field is a
missing property), quotes doubled (RFC 4180), array elements separated by U+001F (a control
character the ingest never keeps in text; a value holding one makes the bulk path refuse, and the
loader falls back to `UNWIND`; so does an empty string inside an array). Values with line breaks
switch on `--multiline-fields`.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

from queries.neo4j_rows import evidence_order

ARRAY_DELIMITER = "\x1f"
EVIDENCE_HEADER = ("evidence_in:string[]", "evidence_start:long[]", "evidence_end:long[]",
                   "evidence_text:string[]")


class BulkRefused(ValueError):
    """The export holds a value the CSV format cannot carry as is (the caller loads by UNWIND)."""


def _type_of(value: Any) -> str:
    """The import header type of a property value."""
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "long"
    if isinstance(value, float):
        return "double"
    if isinstance(value, list):
        inner = {_type_of(v) for v in value} or {"string"}
        return (inner.pop() if len(inner) == 1 else "string") + "[]"
    return "string"


def quoted(value: str) -> str:
    """A string field: quoted, quotes doubled (a value holding the array delimiter is refused)."""
    if ARRAY_DELIMITER in value:
        raise BulkRefused(f"a value holds U+001F, the array delimiter: {value[:60]!r}")
    return '"' + value.replace('"', '""') + '"'


def _array(items: Iterable[str]) -> str:
    """One quoted field of array elements (each checked for the delimiter)."""
    parts = []
    for item in items:
        if ARRAY_DELIMITER in item:
            raise BulkRefused(f"a value holds U+001F, the array delimiter: {item[:60]!r}")
        if not item:  # the importer's reading of an empty element is not the UNWIND path's ""
            raise BulkRefused("an array holds an empty string")
        parts.append(item)
    return '"' + ARRAY_DELIMITER.join(parts).replace('"', '""') + '"'


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    return quoted(str(value))


def cell(value: Any) -> str:
    """One CSV field: quoted strings, bare numbers and booleans, arrays joined by U+001F; None empty."""
    if value is None:
        return ""
    if isinstance(value, list):
        return _array(v if isinstance(v, str) else _scalar(v) for v in value)
    return _scalar(value)


class Table:
    """Rows of one CSV file: a header fixed by the first rows' property types."""

    def __init__(self, id_column: str, keys: Iterable[tuple[str, str]], extra: tuple[str, ...] = ()) -> None:
        self.keys = sorted(keys)
        self.header = ",".join((id_column, *extra, *(f"{k}:{t}" for k, t in self.keys)))
        self.lines: list[str] = []


# How a column of each header type is written (a None value is an empty field); other types: `cell`.
_FORMATS: dict[str, Any] = {
    "string": lambda v: quoted(v),
    "long": repr,
    "double": repr,
    "boolean": lambda v: "true" if v else "false",
}


def node_tables(rows: Iterable[tuple[str, dict[str, Any]]], group: str,
                labels_of: Any, id_property: bool = True) -> dict[tuple[Any, ...], Table]:
    """Node rows -> tables, one per (labels, property types): a header types each column once.

    `id_property=False`: the ID column only links relationships (`:ID(Unit)`), no `id` property is
    stored: a unit is known by its `uid`, as the `UNWIND` load writes it.
    """
    by_shape: dict[tuple[Any, ...], list[tuple[str, dict[str, Any]]]] = defaultdict(list)
    for node_id, props in rows:
        shape = (labels_of(node_id, props), tuple(sorted((k, _type_of(v)) for k, v in props.items()
                                                       if k != "id" and v is not None)))
        by_shape[shape].append((node_id, props))
    tables: dict[tuple[Any, ...], Table] = {}
    for shape, members in sorted(by_shape.items()):
        labels, keys = shape
        id_column = f"id:ID({group})" if id_property else f":ID({group})"
        table = tables[shape] = Table(id_column, keys, (":LABEL",))
        # One formatter per column, chosen from its header type (each value of the table has it).
        formats = [(k, _FORMATS.get(t, cell)) for k, t in table.keys]
        label_cell = _array(labels)
        lines = table.lines
        for node_id, props in members:
            get = props.get
            lines.append(",".join([quoted(node_id), label_cell,
                                   *["" if (v := get(k)) is None else f(v) for k, f in formats]]))
    return tables


def relationship_lines(edges: Iterable[Mapping[str, Any]]) -> tuple[list[str], list[str]]:
    """(lines without evidence, lines with evidence) of `:START_ID,:END_ID,:TYPE[,evidence…]` rows."""
    bare: list[str] = []
    rich: list[str] = []
    seen: dict[str, str] = {}  # an id is quoted once (each is the end of several relationships)

    def q(node_id: str) -> str:
        found = seen.get(node_id)
        if found is None:
            found = seen[node_id] = quoted(node_id)
        return found

    for edge in edges:
        head = f"{q(edge['source'])},{q(edge['target'])},{edge['type']}"
        evidence = edge.get("evidence")
        if not evidence:
            bare.append(head)
            continue
        if len(evidence) == 1:  # most relationships: one sentence, no lists to build
            e = evidence[0]
            text = e.get("text")
            rich.append(f"{head},{_array((e['in'],))},{int(e['start'])},{int(e['end'])},"
                        f"{_array(('' if text is None else str(text),))}")
            continue
        evidence = sorted(evidence, key=evidence_order)
        ins = _array(e["in"] for e in evidence)
        starts = ARRAY_DELIMITER.join(str(int(e["start"])) for e in evidence)
        ends = ARRAY_DELIMITER.join(str(int(e["end"])) for e in evidence)
        texts = _array("" if e.get("text") is None else str(e["text"]) for e in evidence)
        rich.append(f"{head},{ins},{starts},{ends},{texts}")
    return bare, rich


__all__ = ["ARRAY_DELIMITER", "EVIDENCE_HEADER", "BulkRefused", "Table", "cell", "node_tables",
           "quoted", "relationship_lines"]
