"""The scores of `resolve`'s candidates, computed for all of them at once (numpy and rapidfuzz's C loops).

`ResolveIndex._score` scores one document in Python: at 100,000 documents a query like `ke hoach 121`
has ~700 candidates (every document numbered 121), ~2,000 `token_set_ratio` calls over the place-joined
forms, 20-50 ms. Only the numeric score decides the order, the cut and the ambiguity flag; the matched
form (the display, whose tie-break is the largest string) is needed for the `limit` winners only, and is
taken from `_score` itself for them. So this module computes the same numeric score for every candidate
with the same float operations, column by column over a `ResolveTable`:

- exact số hiệu keys: looked up by the query's own token runs (`keyed`), scored by `_score`'s code;
- numbered forms: `ratio` per distinct form words, `token_set_ratio` per distinct (words, place) pair in
  one `process.cdist` call, skipped where it provably cannot change the document's maximum (the query's
  words all among the form's words: exactly 100; or another form of the document already at the place
  weight, which a place match cannot exceed);
- titles: per distinct title, the same way.

Equality with the per-document scoring is property-tested (tests/test_resolve_scan.py).
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from rapidfuzz import fuzz, process

if TYPE_CHECKING:
    from queries.resolve_forms import DocForms

FUZZY_WEIGHT = 0.9  # other matches than an exact số hiệu score at most 0.9
PLACE_WEIGHT = 0.98  # query words matched with the issuer/place words added
TITLE_SUBSET_WEIGHT = 0.85  # query words all inside a longer title

# Room for float rounding between a length bound and rapidfuzz's own arithmetic.
BOUND_SLACK = 1e-9


@dataclass
class ResolveTable:
    """Columns of every document's forms, in the index's order (most cited first, then by id)."""

    ids: list[str]
    prior: np.ndarray  # float64: prominence bonus
    has_number: np.ndarray  # bool: `forms.number` is set
    place: np.ndarray  # int32: index into `places`
    title: np.ndarray  # int32: index into the title list, -1 without title
    entry_start: np.ndarray  # int64[n + 1]: the numbered forms of document i are entries start[i]:start[i+1]
    entry_words: np.ndarray  # int32: index into `words`
    number: np.ndarray  # int32: `forms.number` as an index into `numbers`, -1 without
    year: np.ndarray  # int32: `forms.year` the same way
    title_number_start: np.ndarray  # int64[n + 1]: the title numbers of document i are start[i]:start[i+1]
    title_numbers: np.ndarray  # int32: indexes into `numbers`
    places: list[str]
    words: list[str]
    numbers: list[str]

    def __post_init__(self) -> None:
        self.pos = {d: i for i, d in enumerate(self.ids)}
        self.number_at = {n: i for i, n in enumerate(self.numbers)}


def build_table(forms: Sequence[DocForms], title_list: list[str]) -> ResolveTable:
    """The columns of `forms` (in index order); `title_list`: the index's sorted distinct titles."""
    title_at = {t: i for i, t in enumerate(title_list)}
    places: dict[str, int] = {}
    words_list = sorted({w for f in forms for w, _d in f.numbered})
    words_at = {w: i for i, w in enumerate(words_list)}
    starts, entry_words = [0], list[int]()
    for f in forms:
        entry_words.extend(words_at[w] for w, _d in f.numbered)
        starts.append(len(entry_words))
    place = [places.setdefault(f.place, len(places)) for f in forms]
    numbers: dict[str, int] = {}
    title_starts, title_numbers = [0], list[int]()
    for f in forms:
        title_numbers.extend(numbers.setdefault(n, len(numbers)) for n in sorted(f.title_numbers))
        title_starts.append(len(title_numbers))
    number = [numbers.setdefault(f.number, len(numbers)) if f.number else -1 for f in forms]
    year = [numbers.setdefault(f.year, len(numbers)) if f.year else -1 for f in forms]
    return ResolveTable(
        ids=[f.doc_id for f in forms],
        prior=np.array([f.prior for f in forms], dtype=np.float64),
        has_number=np.array([bool(f.number) for f in forms], dtype=bool),
        place=np.array(place, dtype=np.int32),
        title=np.array([title_at[f.title] if f.title else -1 for f in forms], dtype=np.int32),
        entry_start=np.array(starts, dtype=np.int64),
        entry_words=np.array(entry_words, dtype=np.int32),
        number=np.array(number, dtype=np.int32), year=np.array(year, dtype=np.int32),
        title_number_start=np.array(title_starts, dtype=np.int64),
        title_numbers=np.array(title_numbers, dtype=np.int32),
        places=list(places), words=words_list, numbers=list(numbers),
    )


def _spread(starts: np.ndarray, ends: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(row, index) of every index in the ranges starts[row]:ends[row], row by row."""
    counts = ends - starts
    owner = np.repeat(np.arange(len(starts)), counts)
    offset = np.repeat(starts - (np.cumsum(counts) - counts), counts)  # range start - its place in the run
    index = np.arange(int(counts.sum())) + offset
    return owner, index


def has_numbers(table: ResolveTable, docs: np.ndarray, nums: set[str]) -> np.ndarray:
    """Which documents have every number of `nums` as their number, year or a number of their title."""
    ok = np.ones(len(docs), dtype=bool)
    owner, index = _spread(table.title_number_start[docs], table.title_number_start[docs + 1])
    for num in nums:
        k = table.number_at.get(num)
        if k is None:
            return np.zeros(len(docs), dtype=bool)
        in_title = np.zeros(len(docs), dtype=bool)
        in_title[owner[table.title_numbers[index] == k]] = True
        ok &= (table.number[docs] == k) | (table.year[docs] == k) | in_title
    return ok


def numbered_of(table: ResolveTable, docs: np.ndarray, nums: set[str]) -> np.ndarray:
    """Rows of `docs` whose numbered forms count: numbered, and the number among `nums` when given."""
    if not nums:
        return np.nonzero(table.has_number[docs])[0]
    wanted = [table.number_at[n] for n in nums if n in table.number_at]
    return np.nonzero(np.isin(table.number[docs], wanted))[0]


def _contains_all(q_set: set[str], text: str) -> bool:
    """Every query word among `text`'s words: `token_set_ratio` is then exactly 100 (rapidfuzz: one token
    set inside the other, sharing a token)."""
    return bool(q_set) and q_set <= set(text.split())


def _ratios(q_words: str, texts: Iterable[str]) -> np.ndarray:
    """`fuzz.ratio(q_words, t) / 100` for each text (as `_ratio`)."""
    items = list(texts)
    if not items:
        return np.zeros(0, dtype=np.float64)
    return process.cdist([q_words], items, scorer=fuzz.ratio, dtype=np.float64)[0] / 100.0


def _subsets(q_words: str, texts: list[str]) -> np.ndarray:
    """`fuzz.token_set_ratio(q_words, t) / 100` for each text (as `_subset`)."""
    if not texts:
        return np.zeros(0, dtype=np.float64)
    return process.cdist([q_words], texts, scorer=fuzz.token_set_ratio, dtype=np.float64)[0] / 100.0


def numbered_scores(table: ResolveTable, docs: np.ndarray, q_words: str) -> np.ndarray:
    """For each document position in `docs` (all eligible: numbered, number among the query's), the best
    `FUZZY_WEIGHT * s` over its numbered forms, 0.0 without forms."""
    best = np.zeros(len(docs), dtype=np.float64)
    owner, entry = _spread(table.entry_start[docs], table.entry_start[docs + 1])  # entry -> row in `docs`
    if not len(entry):
        return best
    if not q_words:
        np.maximum.at(best, owner, FUZZY_WEIGHT * 1.0)
        return best
    w = table.entry_words[entry]
    used, inverse = np.unique(w, return_inverse=True)
    q_set = set(q_words.split())
    r_used = _ratios(q_words, (table.words[i] for i in used))
    whole_used = np.array([_contains_all(q_set, table.words[i]) for i in used], dtype=bool)
    r = r_used[inverse]
    # known: the ratio, or PLACE_WEIGHT exactly when the form's words hold every query word
    known = np.where(whole_used[inverse], np.maximum(r, PLACE_WEIGHT * 1.0), r)
    doc_known = np.zeros(len(docs), dtype=np.float64)
    np.maximum.at(doc_known, owner, known)
    # a place match scores at most PLACE_WEIGHT: needed only where the ratio is under it and no other
    # form of the same document already reaches it (the document's maximum cannot change)
    need = (~whole_used[inverse]) & (r < PLACE_WEIGHT) & (doc_known[owner] < PLACE_WEIGHT)
    value = known.copy()
    if need.any():
        need_ix = np.nonzero(need)[0]
        p = table.place[docs[owner[need_ix]]].astype(np.int64)
        pair = w[need_ix].astype(np.int64) * len(table.places) + p
        pairs, pair_inv = np.unique(pair, return_inverse=True)
        words, places = table.words, table.places
        texts = [f"{words[a]} {places[b]}" for a, b in zip(  # python ints: numpy scalars are slow
            (pairs // len(places)).tolist(), (pairs % len(places)).tolist(), strict=True)]
        subset = _subsets(q_words, texts)[pair_inv]
        value[need_ix] = np.maximum(r[need_ix], PLACE_WEIGHT * subset)
    np.maximum.at(best, owner, FUZZY_WEIGHT * value)
    return best


def title_scores(table: ResolveTable, docs: np.ndarray, q_words: str, title_list: list[str],
                 whole_titles: np.ndarray) -> np.ndarray:
    """For each document position in `docs` (all titled), `FUZZY_WEIGHT * s` of its title;
    `whole_titles[t]`: every query word is among title t's words (its `token_set_ratio` is exactly 100)."""
    t = table.title[docs]
    used, inverse = np.unique(t, return_inverse=True)
    texts = [title_list[i] for i in used]
    whole = whole_titles[used]
    # `fuzz.ratio` <= 1 - |len q - len t| / (len q + len t) (the Indel distance is at least the length
    # difference): a whole title's score is TITLE_SUBSET_WEIGHT unless its ratio can pass it
    q_len = len(q_words)
    lengths = np.fromiter(map(len, texts), dtype=np.float64, count=len(texts))
    ratio_max = 1 - np.abs(lengths - q_len) / (lengths + q_len)
    value = np.full(len(used), TITLE_SUBSET_WEIGHT * 1.0)
    rest = np.nonzero(~(whole & (ratio_max < TITLE_SUBSET_WEIGHT - BOUND_SLACK)))[0]
    r = _ratios(q_words, [texts[i] for i in rest])
    subset = np.ones(len(rest), dtype=np.float64)  # whole titles: 1.0
    ask = np.nonzero((r < TITLE_SUBSET_WEIGHT) & ~whole[rest])[0]
    subset[ask] = _subsets(q_words, [texts[rest[i]] for i in ask])
    value[rest] = np.where(r < TITLE_SUBSET_WEIGHT, np.maximum(r, TITLE_SUBSET_WEIGHT * subset), r)
    return (FUZZY_WEIGHT * value)[inverse]


__all__ = ["ResolveTable", "build_table", "has_numbers", "numbered_of", "numbered_scores", "title_scores"]
