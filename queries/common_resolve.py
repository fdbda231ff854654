"""`resolve(text)`: accent-, case- and typo-tolerant lookup of documents, shared by both backends.

The index holds, for every document, the forms people type:
- its số hiệu as a token sequence (`28 ct tw`, `56 2017 nd cp` and `56 nd cp`): an exact match
  of such a sequence inside the query ranks first;
- with its number: the type name (`chi thi`), its abbreviation (`ct`), the symbol words (`ct tw`),
  type + symbol (`chi thi ct tw`), each optionally followed by the issuer and place words;
- its title (`luat tre em`), compared fuzzily (rapidfuzz) for typo tolerance.

Numbers in the query are strict (no typo tolerance): every number must be the document's number,
its year, or a number of its title. Scores are in [0, 1]; a query is `ambiguous` when more than one
candidate scores within `AMBIGUITY_MARGIN` of the best. Among equal matches, a document cited by
more documents ranks first (a bonus of at most `PROMINENCE_MAX`, far below the margin), then by id.

The forms themselves are built by `queries.resolve_forms` (`index_forms`); this module is the index
over them and its search.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping

import numpy as np
from rapidfuzz import fuzz

from queries.resolve_forms import DocForms, numbers_of, tokens, words_of
from queries.resolve_scan import (  # other matches score at most FUZZY_WEIGHT (0.9); see there
    FUZZY_WEIGHT,
    PLACE_WEIGHT,
    TITLE_SUBSET_WEIGHT,
    build_table,
    has_numbers,
    numbered_of,
    numbered_scores,
    title_scores,
)
from queries.resolve_titles import TitleMatcher

EXACT_BASE = 0.8  # an exact số hiệu match scores in [0.8, 1.0]: the rest of the query decides
WORD_MATCH = 0.7  # a query word counts as present when this similar to a word of the document
MIN_SCORE = 0.6
AMBIGUITY_MARGIN = 0.05
TITLE_CANDIDATES = 200  # distinct titles kept from the fuzzy title search
GROUP_CAP = 200  # documents scored per shared form (title, `ke hoach`, `ct tw`) when the query is vague


def _contains(seq: list[str], key: tuple[str, ...]) -> tuple[int, int] | None:
    """(start, end) of `key` as a contiguous run inside `seq`, or None."""
    n = len(key)
    for i in range(len(seq) - n + 1):
        if tuple(seq[i:i + n]) == key:
            return i, i + n
    return None


def _ratio(a: str, b: str) -> float:
    return fuzz.ratio(a, b) / 100.0


def _presence(words: list[str], vocabulary: list[str]) -> float:
    """Share of `words` found (fuzzily) among `vocabulary`; 1.0 when there are no words."""
    if not words:
        return 1.0
    total = 0.0
    for word in words:
        best = max((_ratio(word, v) for v in vocabulary), default=0.0)
        total += best if best >= WORD_MATCH else 0.0
    return total / len(words)


def _subset(a: str, b: str) -> float:
    return fuzz.token_set_ratio(a, b) / 100.0


class ResolveIndex:
    """Search index over every document's forms; build once, query many times."""

    def __init__(self, forms: Iterable[DocForms]) -> None:
        self.forms: dict[str, DocForms] = {}
        self.by_number: dict[str, set[str]] = defaultdict(set)
        self.by_year: dict[str, set[str]] = defaultdict(set)
        self.by_place_token: dict[str, set[str]] = defaultdict(set)
        word_groups: dict[str, list[str]] = defaultdict(list)
        title_groups: dict[str, list[str]] = defaultdict(list)
        # groups list their documents most cited first, then by id: the order of equal scores
        for f in sorted(forms, key=lambda f: (-f.prior, f.doc_id)):
            self.forms[f.doc_id] = f
            if f.number:
                self.by_number[f.number].add(f.doc_id)
            if f.year:
                self.by_year[f.year].add(f.doc_id)
            for token in set(f.place.split()):
                self.by_place_token[token].add(f.doc_id)
            if f.title:
                title_groups[f.title].append(f.doc_id)
            for words, _display in f.numbered:
                word_groups[words].append(f.doc_id)
        self.word_groups = dict(word_groups)
        self.title_groups = dict(title_groups)
        self.title_list = sorted(title_groups)
        ordered = list(self.forms.values())
        # the title numbers of each title's first document (the one `_candidate_ids` consults)
        self.title_numbers = [tuple(sorted(self.forms[title_groups[t][0]].title_numbers))
                              for t in self.title_list]
        # số hiệu keys, by their first token: "28 ct tw" -> documents (`search` looks up the query's runs)
        self.keyed: dict[str, dict[str, list[str]]] = defaultdict(dict)
        for f in ordered:
            for key, _display in f.keys:
                self.keyed[key[0]].setdefault(" ".join(key), []).append(f.doc_id)
        self.table = build_table(ordered, self.title_list)

    # -------------------------------------------------------------- scoring one document

    def title_matcher(self) -> TitleMatcher:
        """The length and token tables of `title_list`, built on first use (or before workers fork)."""
        matcher: TitleMatcher | None = self.__dict__.get("_title_matcher")
        if matcher is None:
            matcher = self.__dict__["_title_matcher"] = TitleMatcher(self.title_list)
        return matcher

    def score(self, forms: DocForms, toks: list[str]) -> tuple[float, str] | None:
        """(score, matched form) of a document for the query tokens, None when it cannot match."""
        return self._score(forms, toks, numbers_of(toks), words_of(toks), _ratio, _subset)

    def _score(self, forms: DocForms, toks: list[str], q_nums: list[str], q_words: str,
               ratio: Callable[[str, str], float], subset: Callable[[str, str], float],
               ) -> tuple[float, str] | None:
        """`score`, the query's numbers and words given, `ratio(q_words, x)` and `subset(q_words, x)`
        possibly memoised (documents share titles, forms and places: one search scores each once)."""
        available = {forms.number, forms.year, *forms.title_numbers}
        if any(n not in available for n in q_nums):
            return None
        best = self._exact(forms, toks)
        # Below, every score is FUZZY_WEIGHT * s with s <= 1: past a better exact match they change nothing
        # (skipped), and a weighted `subset` (<= its weight) cannot beat a `ratio` already above its weight.
        if forms.number and (forms.number in q_nums or not q_nums) and best[0] <= FUZZY_WEIGHT:
            for words, display in forms.numbered:
                s = 1.0 if not q_words else ratio(q_words, words)
                if s < PLACE_WEIGHT:
                    s = max(s, PLACE_WEIGHT * subset(q_words, f"{words} {forms.place}"))
                best = max(best, (FUZZY_WEIGHT * s, display))
        if forms.title and q_words and best[0] <= FUZZY_WEIGHT:
            s = ratio(q_words, forms.title)
            if s < TITLE_SUBSET_WEIGHT:
                s = max(s, TITLE_SUBSET_WEIGHT * subset(q_words, forms.title))
            best = max(best, (FUZZY_WEIGHT * s, forms.title_display))
        if best[0] < MIN_SCORE:
            return None
        return min(best[0] + forms.prior, 1.0), best[1]

    @staticmethod
    def _exact(forms: DocForms, toks: list[str]) -> tuple[float, str]:
        """(score, display) of the document's best số hiệu key found in the query, (0.0, "") without."""
        best: tuple[float, str] = (0.0, "")
        for key, display in forms.keys:
            span = _contains(toks, key)
            if span is None:
                continue
            rest = words_of(toks[:span[0]] + toks[span[1]:]).split()
            rest_score = _presence(rest, f"{forms.type_words} {forms.place}".split())
            best = max(best, (EXACT_BASE + (1 - EXACT_BASE) * rest_score, display))
        return best

    # -------------------------------------------------------------- the search

    def _candidate_ids(self, toks: list[str]) -> set[str]:
        """Documents worth scoring: by number; by title and (without numbers) by word form."""
        nums = numbers_of(toks)
        ids: set[str] = set()
        for num in nums:
            ids.update(self.by_number.get(num, ()))
        q_words = words_of(toks)
        if not q_words:
            return ids
        dated: set[str] | None = None  # documents whose number or year is among the query's numbers
        if nums:
            dated = set().union(*(self.by_number.get(n, set()) | self.by_year.get(n, set()) for n in nums))
        matcher = self.title_matcher()
        for search in (matcher.ratio, matcher.token_set):  # process.extract over title_list, pruned
            for title, _score, _i in search(q_words, TITLE_CANDIDATES, MIN_SCORE * 100):
                group = self.title_groups[title]
                title_numbers = self.title_numbers[_i]
                keep = dated if dated is not None and not set(nums).issubset(title_numbers) else None
                ids.update(self._expand(group, q_words, title, keep))
        if not nums:
            for words, group in self.word_groups.items():
                if _ratio(q_words, words) >= MIN_SCORE / FUZZY_WEIGHT:
                    ids.update(self._expand(group, q_words, words, None))
        return ids

    def _expand(self, group: list[str], q_words: str, form: str, keep: set[str] | None) -> list[str]:
        """The members of a group of documents sharing a form that are worth scoring.

        Within `keep` when given. A large group (more than `GROUP_CAP`) is narrowed by the query
        words the form lacks, taken as place words (`ke hoach ha trung`); its first `GROUP_CAP`
        members are kept (most cited, then by id: the order equal scores would rank them in).
        """
        if keep is not None:
            group = [d for d in group if d in keep]
        if len(group) <= GROUP_CAP:
            return group
        extra = set(q_words.split()) - set(form.split())
        places = [self.by_place_token.get(t) for t in sorted(extra)]
        if extra and all(places):
            near = set.intersection(*(p for p in places if p is not None))
            group = [d for d in group if d in near]
        return group[:GROUP_CAP]

    def search(self, text: str, limit: int = 10) -> tuple[list[tuple[str, float, str]], bool]:
        """Ranked (id, score, matched form), best first, ties by id; and whether it is ambiguous.

        Every candidate's score as `_score` gives it, computed for all at once (`queries.resolve_scan`);
        the matched form of the `limit` shown from `_score` itself."""
        toks = tokens(text)
        if not toks:
            return [], False
        q_nums, q_words = numbers_of(toks), words_of(toks)
        table = self.table
        found = self._candidate_ids(toks)
        pos = np.fromiter((table.pos[d] for d in found), dtype=np.int64, count=len(found))
        if q_nums:  # every number of the query: the document's number, year or a title number
            pos = pos[has_numbers(table, pos, set(q_nums))]
        if not len(pos):
            return [], False
        cand = [table.ids[p] for p in pos.tolist()]
        row = {d: i for i, d in enumerate(cand)}
        best = np.zeros(len(pos), dtype=np.float64)
        for doc_id, score in self._exact_scores(toks, row).items():
            best[row[doc_id]] = score
        eligible = numbered_of(table, pos, set(q_nums))
        # past an exact match above FUZZY_WEIGHT the fuzzy scores (<= FUZZY_WEIGHT) change nothing
        eligible = eligible[best[eligible] <= FUZZY_WEIGHT]
        if len(eligible):
            best[eligible] = np.maximum(best[eligible], numbered_scores(table, pos[eligible], q_words))
        if q_words:
            titled = np.nonzero((table.title[pos] >= 0) & (best < FUZZY_WEIGHT))[0]
            if len(titled):
                whole = self.title_matcher().token_set_bounds(q_words)[0] >= 100
                best[titled] = np.maximum(best[titled],
                                          title_scores(table, pos[titled], q_words, self.title_list, whole))
        final = np.minimum(best + table.prior[pos], 1.0)
        kept = np.nonzero(best >= MIN_SCORE)[0]
        ranked = sorted((-round(float(final[i]), 4), table.ids[pos[i]]) for i in kept)
        ambiguous = len(ranked) > 1 and -ranked[1][0] >= -ranked[0][0] - AMBIGUITY_MARGIN
        shown = []
        for neg, doc_id in ranked[:max(limit, 0)]:
            hit = self.score(self.forms[doc_id], toks)  # the matched form (ties: the largest display)
            shown.append((doc_id, -neg, hit[1] if hit is not None else ""))
        return shown, ambiguous

    def _exact_scores(self, toks: list[str], cand: Mapping[str, int]) -> dict[str, float]:
        """The best exact-key score of each candidate holding a số hiệu key found among the query's runs.

        A key counts at its first place in the query (where `_contains` finds it); when the query has no
        other words, its score is the same for every document (no forms decoded)."""
        whole = EXACT_BASE + (1 - EXACT_BASE) * 1.0  # `_presence` of no words is 1.0
        scores: dict[str, float] = {}
        partial: set[str] = set()
        seen: set[str] = set()
        for i in range(len(toks) - 1):
            runs = self.keyed.get(toks[i])
            if not runs:
                continue
            for j in range(i + 2, len(toks) + 1):
                key = " ".join(toks[i:j])
                docs = runs.get(key) if key not in seen else None
                seen.add(key)
                if not docs:
                    continue
                if words_of(toks[:i] + toks[j:]):
                    partial.update(d for d in docs if d in cand)
                else:
                    scores.update((d, whole) for d in docs if d in cand)
        for d in partial:  # other words in the query: scored against the document's own words
            scores[d] = max(scores.get(d, 0.0), self._exact(self.forms[d], toks)[0])
        return scores
