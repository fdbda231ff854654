"""The fuzzy title search of `resolve`, answered exactly without scoring every title.

`process.extract(q, titles, scorer=fuzz.ratio | fuzz.token_set_ratio, limit=K, score_cutoff=C)` scores
all titles (33,000 distinct titles of ~170 characters at 100,000 documents: 0.3 s per query for
`token_set_ratio`). Both scores have bounds computable from lengths alone, for every title at once
(numpy over per-title token counts and an inverted index of title tokens):

- `ratio(q, t) <= 100 * (1 - |len q - len t| / (len q + len t))`: only titles of a length near the
  query's can reach C;
- `token_set_ratio` (rapidfuzz's definition) is 100 when one token set contains the other (and they
  share a token; when K titles do, they are the answer, by index), else the largest of two ratios that
  depend only on the lengths of the shared and unshared tokens (exact: a lower bound) and a third
  bounded by their length difference (an upper bound).

A title whose upper bound is under C, or under the K-th largest lower bound, cannot be among the K
best; the others are scored by rapidfuzz itself, in their original order, so scores, ties (by index)
and the cut at K are the ones the full scan gives (tested against it).
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

import numpy as np
from rapidfuzz import fuzz, process

# Room for float rounding between these bounds and rapidfuzz's own arithmetic: a title is kept
# when its bound is within this of the threshold (keeping more never changes the answer).
EPSILON = 1e-6

Hit = tuple[str, float, int]  # title, score, index in the title list


class TitleMatcher:
    """Length and token tables of a list of titles (words separated by single spaces)."""

    def __init__(self, titles: list[str]) -> None:
        self.titles = titles
        n = len(titles)
        lengths = np.fromiter((len(t) for t in titles), dtype=np.int64, count=n)
        self.by_length = np.argsort(lengths, kind="stable")
        self.sorted_lengths = lengths[self.by_length]
        self.chars = np.zeros(n, dtype=np.int64)  # characters of the title's distinct tokens
        self.count = np.zeros(n, dtype=np.int64)  # number of its distinct tokens
        postings: dict[str, list[int]] = defaultdict(list)
        for i, title in enumerate(titles):
            unique = set(title.split())
            self.chars[i] = sum(map(len, unique))
            self.count[i] = len(unique)
            for token in unique:
                postings[token].append(i)
        self.postings = {t: np.asarray(ix, dtype=np.int64) for t, ix in postings.items()}

    def _scored(self, query: str, keep: np.ndarray, scorer: Callable[..., float], limit: int | None,
                cutoff: float) -> list[Hit]:
        """rapidfuzz's extract over the kept titles (in list order), indexes mapped back."""
        choices = [self.titles[i] for i in keep]
        hits = process.extract(query, choices, scorer=scorer, limit=limit, score_cutoff=cutoff)
        return [(title, score, int(keep[j])) for title, score, j in hits]

    def ratio(self, query: str, limit: int | None, cutoff: float) -> list[Hit]:
        """`process.extract(query, titles, scorer=fuzz.ratio, limit, score_cutoff)`."""
        if not query or cutoff <= 0:
            return self._scored(query, np.arange(len(self.titles)), fuzz.ratio, limit, cutoff)
        slack = 1 - cutoff / 100
        low = len(query) * (1 - slack) / (1 + slack) - 1
        high = len(query) * (1 + slack) / (1 - slack) + 1 if slack < 1 else float("inf")
        start, end = np.searchsorted(self.sorted_lengths, [low, high], side="left")
        keep = np.sort(self.by_length[start:end])
        return self._scored(query, keep, fuzz.ratio, limit, cutoff)

    def token_set_bounds(self, query: str) -> tuple[np.ndarray, np.ndarray]:
        """Lower and upper bounds of `fuzz.token_set_ratio(query, title)` for every title (the last query's
        kept: a search asks twice, for its candidates and to score their titles)."""
        last: tuple[str, np.ndarray, np.ndarray] | None = self.__dict__.get("_last_bounds")
        if last is not None and last[0] == query:
            return last[1], last[2]
        lower, upper = self._token_set_bounds(query)
        self.__dict__["_last_bounds"] = (query, lower, upper)  # one tuple: threads see a whole one
        return lower, upper

    def _token_set_bounds(self, query: str) -> tuple[np.ndarray, np.ndarray]:
        tokens = set(query.split())
        q_chars, q_count = sum(map(len, tokens)), len(tokens)
        s_chars = np.zeros(len(self.titles), dtype=np.int64)  # shared tokens: characters, number
        s_count = np.zeros(len(self.titles), dtype=np.int64)
        for token in tokens:
            hit = self.postings.get(token)
            if hit is not None:
                s_chars[hit] += len(token)
                s_count[hit] += 1
        shared = s_count > 0
        sep = shared.astype(np.int64)
        sect = np.where(shared, s_chars + s_count - 1, 0)  # length of the joined shared tokens
        ab_count, ba_count = q_count - s_count, self.count - s_count
        ab = np.where(ab_count > 0, q_chars - s_chars + ab_count - 1, 0)  # query-only tokens, joined
        ba = np.where(ba_count > 0, self.chars - s_chars + ba_count - 1, 0)  # title-only tokens, joined
        sect_ab, sect_ba = sect + sep + ab, sect + sep + ba
        with np.errstate(divide="ignore", invalid="ignore"):
            ab_ratio = 100 - 100 * (sep + ab) / (sect + sect_ab)
            ba_ratio = 100 - 100 * (sep + ba) / (sect + sect_ba)
            total = sect_ab + sect_ba
            rest_max = np.where(total > 0, 100 - 100 * np.abs(ab - ba) / np.maximum(total, 1), 100.0)
        whole = shared & ((ab_count == 0) | (ba_count == 0))
        lower = np.where(whole, 100.0, np.where(shared, np.maximum(ab_ratio, ba_ratio), 0.0))
        upper = np.where(whole, 100.0, np.maximum(rest_max, lower))
        empty = self.count == 0
        return np.where(empty, 0.0, lower), np.where(empty, 0.0, upper)

    def token_set(self, query: str, limit: int | None, cutoff: float) -> list[Hit]:
        """`process.extract(query, titles, scorer=fuzz.token_set_ratio, limit, score_cutoff)`."""
        if not query.split() or not self.titles:
            return self._scored(query, np.arange(len(self.titles)), fuzz.token_set_ratio, limit, cutoff)
        lower, upper = self.token_set_bounds(query)
        whole = np.nonzero(lower >= 100)[0]  # one token set inside the other: exactly 100, none above
        if limit is not None and 0 < limit <= len(whole) and cutoff <= 100:
            return [(self.titles[i], 100.0, int(i)) for i in whole[:limit]]  # ties go by index
        threshold = cutoff
        if limit is not None and 0 < limit <= len(lower):
            kth = float(np.partition(lower, len(lower) - limit)[len(lower) - limit])
            threshold = max(threshold, kth)  # the K best all score at least the K-th lower bound
        keep = np.nonzero(upper >= threshold - EPSILON)[0]
        return self._scored(query, keep, fuzz.token_set_ratio, limit, cutoff)


__all__ = ["TitleMatcher"]
