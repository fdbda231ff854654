"""The pruned title search of `resolve` gives exactly what rapidfuzz's full scan gives (scores, ties, cut)."""
from __future__ import annotations

import random

import pytest
from rapidfuzz import fuzz, process

from queries.resolve_titles import TitleMatcher

WORDS = ["ke", "hoach", "thuc", "hien", "chi", "thi", "ve", "tang", "cuong", "bao", "cham", "soc", "giao",
         "duc", "tre", "em", "phong", "chong", "xam", "hai", "nam", "huyen", "xa", "tinh", "uy", "ban",
         "nhan", "dan", "cong", "tac", "thang", "hanh", "dong", "luat"]


def _titles(rnd: random.Random, n: int) -> list[str]:
    titles = {" ".join(rnd.choice(WORDS) for _ in range(rnd.randint(1, 14))) for _ in range(n)}
    return sorted(titles)


def _queries(rnd: random.Random, titles: list[str], n: int) -> list[str]:
    out = ["tre em", "luat tre em", "chi thi", "zzz", "ke hoch thuc hien", "a"]
    for _ in range(n):
        words = rnd.choice(titles).split()
        k = rnd.randint(1, min(6, len(words)))
        start = rnd.randint(0, len(words) - k)
        picked = words[start:start + k]
        if rnd.random() < 0.5:  # a typo
            i = rnd.randrange(len(picked))
            picked[i] = picked[i][:-1] + "x"
        out.append(" ".join(picked))
    return out


@pytest.mark.parametrize("limit", [1, 5, 40, None])
def test_pruned_search_equals_full_scan(limit: int | None) -> None:
    rnd = random.Random(7)
    titles = _titles(rnd, 400)
    matcher = TitleMatcher(titles)
    for query in _queries(rnd, titles, 60):
        for scorer, pruned in ((fuzz.ratio, matcher.ratio), (fuzz.token_set_ratio, matcher.token_set)):
            full = process.extract(query, titles, scorer=scorer, limit=limit, score_cutoff=60)
            assert pruned(query, limit, 60) == full, (scorer.__name__, query)


def test_many_whole_matches_are_taken_by_index() -> None:
    titles = sorted(f"tre em {w}" for w in WORDS) + ["tre"]
    matcher = TitleMatcher(titles)
    full = process.extract("tre em", titles, scorer=fuzz.token_set_ratio, limit=3, score_cutoff=60)
    assert matcher.token_set("tre em", 3, 60) == full
    assert [score for _t, score, _i in full] == [100.0, 100.0, 100.0]
