"""Ordering rules shared by both backends: dates (`YYYY-MM-DD`, `YYYY-MM`), documents in lists, relations
on a document page. Unknown dates sort last.
"""
from __future__ import annotations

import datetime as dt
import re

from queries.models import DocSummary, Relation
from queries.palette import STRENGTH

# `YYYY-MM-DD` or `YYYY-MM` (the day blank in the source).
DATE_SHAPE = re.compile(r"^(?P<y>\d{4})-(?P<m>\d{2})(?:-(?P<d>\d{2}))?$")

FAR_FUTURE = "9999-12-31"


def date_key(date: str | None) -> str:
    """Sortable `YYYY-MM-DD` of a date (`YYYY-MM` counts as the 1st); unknown dates sort last."""
    if not date:
        return FAR_FUTURE
    m = DATE_SHAPE.match(date)
    if not m:
        return FAR_FUTURE
    return f"{m['y']}-{m['m']}-{m['d'] or '01'}"


def parse_date(date: str | None) -> dt.date | None:
    """The calendar date of `YYYY-MM-DD` / `YYYY-MM` (the 1st of the month), else None."""
    m = DATE_SHAPE.match(date or "")
    if not m:
        return None
    try:
        return dt.date(int(m["y"]), int(m["m"]), int(m["d"] or 1))
    except ValueError:
        return None


def lag_days(target_date: str | None, doc_date: str | None) -> int | None:
    """Days from the target's date to the document's (None when either is unknown)."""
    start, end = parse_date(target_date), parse_date(doc_date)
    if start is None or end is None:
        return None
    return (end - start).days


def relation_order_key(relation: Relation) -> tuple[int, str, str, str]:
    """Relations on a document page: strongest first (IMPLEMENTS before CITES), then the other's date, id."""
    return (STRENGTH.get(relation.type, 9), relation.type, date_key(relation.other.date), relation.other.id)


def doc_order_key(doc: DocSummary) -> tuple[str, str]:
    """Documents in lists: by date (unknown last), then id."""
    return (date_key(doc.date), doc.id)


__all__ = ["date_key", "doc_order_key", "lag_days", "parse_date", "relation_order_key"]
