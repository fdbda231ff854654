"""`ResolveIndex.search` (every candidate scored at once, `queries.resolve_scan`) answers exactly as the
per-document scoring it replaced, kept here as the reference: random queries over a generated index (also
after the snapshot codec's round trip), and table-driven edge cases."""
from __future__ import annotations

import marshal
import random
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from queries.common_resolve import (
    AMBIGUITY_MARGIN,
    FUZZY_WEIGHT,
    MIN_SCORE,
    TITLE_CANDIDATES,
    ResolveIndex,
    _ratio,
    _subset,
)
from queries.resolve_forms import index_forms, numbers_of, tokens, words_of
from queries.snapshot_codec import _index_from, _index_plain

Hits = tuple[list[tuple[str, float, str]], bool]


# ------------------------------------------------------------------ the reference (the former search)


def _memo(function: Callable[[str, str], float], first: str) -> Callable[[str, str], float]:
    kept: dict[str, float] = {}

    def call(a: str, b: str) -> float:
        if a != first:
            return function(a, b)
        if b not in kept:
            kept[b] = function(a, b)
        return kept[b]

    return call


def _reference_candidates(index: ResolveIndex, toks: list[str]) -> set[str]:
    nums = numbers_of(toks)
    ids: set[str] = set()
    for num in nums:
        ids.update(index.by_number.get(num, ()))
    q_words = words_of(toks)
    if not q_words:
        return ids
    dated: set[str] | None = None
    if nums:
        dated = set().union(*(index.by_number.get(n, set()) | index.by_year.get(n, set()) for n in nums))
    matcher = index.title_matcher()
    for search in (matcher.ratio, matcher.token_set):
        for title, _score, _i in search(q_words, TITLE_CANDIDATES, MIN_SCORE * 100):
            group = index.title_groups[title]
            title_numbers = index.forms[group[0]].title_numbers
            keep = dated if dated is not None and not set(nums) <= title_numbers else None
            ids.update(index._expand(group, q_words, title, keep))
    if not nums:
        for words, group in index.word_groups.items():
            if _ratio(q_words, words) >= MIN_SCORE / FUZZY_WEIGHT:
                ids.update(index._expand(group, q_words, words, None))
    return ids


def reference_search(index: ResolveIndex, text: str, limit: int = 10) -> Hits:
    """The search as it was: `_score` per candidate, memoised fuzzy calls."""
    toks = tokens(text)
    if not toks:
        return [], False
    scored = []
    q_nums, q_words = numbers_of(toks), words_of(toks)
    ratio, subset = _memo(_ratio, q_words), _memo(_subset, q_words)
    for doc_id in _reference_candidates(index, toks):
        hit = index._score(index.forms[doc_id], toks, q_nums, q_words, ratio, subset)
        if hit is not None:
            scored.append((doc_id, round(hit[0], 4), hit[1]))
    scored.sort(key=lambda c: (-c[1], c[0]))
    ambiguous = len(scored) > 1 and scored[1][1] >= scored[0][1] - AMBIGUITY_MARGIN
    return scored[:max(limit, 0)], ambiguous


# ------------------------------------------------------------------ a generated index

TYPES = ["chi_thi", "ke_hoach", "quyet_dinh", "nghi_dinh", "cong_van", "luat", "thong_tu", "other"]
SYMBOLS = ["CT/TW", "KH-UBND", "QĐ-TTg", "NĐ-CP", "KH/HU", "CV-UBND", "TT-BLĐTBXH", None]
TITLE_WORDS = ["bảo vệ", "trẻ em", "chăm sóc", "giáo dục", "phòng chống", "bạo lực", "xâm hại", "thực hiện",
               "kế hoạch", "triển khai", "năm", "giai đoạn", "tăng cường", "công tác", "gia đình", "quyền"]
PLACES = [("Ủy ban nhân dân tỉnh Sơn Lâm", "Sơn Lâm", None), ("Huyện ủy Đông Khê", "Sơn Lâm", "Đông Khê"),
          ("Ủy ban nhân dân huyện Bắc Bình", "Hà Nam Trung", "Bắc Bình"), ("Bộ Công an", None, None),
          ("Ủy ban nhân dân xã Tân Lập", "Hà Nam Trung", "Bắc Bình"), (None, None, None)]


def generated_index(seed: int, size: int) -> tuple[ResolveIndex, list[dict[str, Any]]]:
    """`size` documents with few numbers, symbols and places: many share a form (the hard case)."""
    rng = random.Random(seed)
    docs = []
    for i in range(size):
        name, province, district = rng.choice(PLACES)
        title_words = rng.sample(TITLE_WORDS, rng.randint(0, 6))
        if rng.random() < 0.3:
            title_words.append(str(rng.randint(1, 30)))
        attrs = {"doc_type": rng.choice(TYPES), "number": rng.choice([str(rng.randint(1, 30)), "05", None]),
                 "symbol": rng.choice(SYMBOLS), "year": rng.choice([None, *range(2015, 2025)]),
                 "title": " ".join(title_words) or None, "province": province, "district": district}
        issuer = {"name": name} if name else None
        docs.append({"id": f"doc-{i:04d}", "attrs": attrs, "issuer": issuer, "cited": rng.randint(0, 8)})
    forms = [index_forms(d["id"], d["attrs"], d["issuer"], d["cited"]) for d in docs]
    return ResolveIndex(forms), docs


def round_trip(index: ResolveIndex) -> ResolveIndex:
    """The index as the snapshot stores and reads it back (packed sets, columns as bytes)."""
    return _index_from(marshal.loads(marshal.dumps(_index_plain(index))))


def query_from(rng: random.Random, docs: list[dict[str, Any]]) -> str:
    """A query mixing a document's own forms, other words, numbers and typos."""
    doc = rng.choice(docs)["attrs"]
    parts: list[str] = []
    for _ in range(rng.randint(1, 4)):
        kind = rng.randrange(7)
        if kind == 0 and doc["number"]:
            symbol = f"/{doc['symbol']}" if doc["symbol"] and rng.random() < 0.5 else ""
            parts.append(doc["number"] + symbol)
        elif kind == 1:
            parts.append(rng.choice(["chỉ thị", "kế hoạch", "ct", "kh", "qđ", "luật", "công văn", "nd"]))
        elif kind == 2 and doc["title"]:
            parts.append(" ".join(rng.sample(doc["title"].split(), min(3, len(doc["title"].split())))))
        elif kind == 3:
            parts.append(str(rng.choice([rng.randint(1, 31), doc["year"] or 2020])))
        elif kind == 4:
            parts.append(rng.choice(["Sơn Lâm", "Đông Khê", "Bắc Bình", "tân lập", "ubnd", "tw"]))
        elif kind == 5 and doc["symbol"]:
            parts.append(doc["symbol"])
        else:
            parts.append(rng.choice(TITLE_WORDS))
    text = " ".join(parts)
    if rng.random() < 0.2 and len(text) > 3:  # a typo: one character dropped
        cut = rng.randrange(len(text))
        text = text[:cut] + text[cut + 1:]
    return text


@pytest.fixture(scope="module")
def generated() -> tuple[ResolveIndex, ResolveIndex, list[dict[str, Any]]]:
    index, docs = generated_index(7, 700)
    return index, round_trip(index), docs


def test_random_queries_answer_as_the_reference(generated: Any) -> None:
    index, packed, docs = generated
    rng = random.Random(13)
    nonempty = 0
    for _ in range(400):
        text = query_from(rng, docs)
        limit = rng.choice([1, 3, 10, 50])
        expected = reference_search(index, text, limit)
        assert index.search(text, limit) == expected, text
        assert packed.search(text, limit) == expected, text
        nonempty += bool(expected[0])
    assert nonempty > 200  # the queries do find documents: the comparison is not vacuous


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 10**6), size=st.integers(1, 60), text=st.text(
    alphabet="chi thị kế hoạch ctkhqđ/-0123456789 sơnlâmtrẻembảovệ", max_size=30))
def test_any_text_over_small_indexes_answers_as_the_reference(seed: int, size: int, text: str) -> None:
    index, _docs = generated_index(seed, size)
    assert index.search(text, 5) == reference_search(index, text, 5)


EDGE_CASES = [
    "",  # no tokens
    "   ",
    "-/",
    "28",  # a number alone
    "0",
    "05",  # leading zero
    "2020",  # a year alone: every document of that year qualifies by its number filter
    "ct",  # a form's words alone, no number: the word groups
    "chi thi",
    "chi thi 999",  # a number no document has
    "chi thi 5 2020",
    "5/CT-TW",  # exact key
    "5/2020/CT-TW",  # exact key with the year
    "5 ct tw son lam",  # exact key, rest words among the place
    "ke hoach 5 bac binh",  # place words after the form
    "kh 5",
    "bao ve tre em",  # a title
    "bảo vệ trẻ em 5",  # a title with a number
    "bao ve tre emm",  # typo in a title
    "cong tac gia dinh quyen",
    "xyz 5",  # words matching nothing
]


@pytest.mark.parametrize("text", EDGE_CASES)
@pytest.mark.parametrize("limit", [0, 1, 10])
def test_edge_cases_answer_as_the_reference(generated: Any, text: str, limit: int) -> None:
    index, packed, _docs = generated
    expected = reference_search(index, text, limit)
    assert index.search(text, limit) == expected
    assert packed.search(text, limit) == expected


def test_empty_index() -> None:
    index = ResolveIndex([])
    assert index.search("chi thi 28") == ([], False)
    assert round_trip(index).search("chi thi 28") == ([], False)


def test_ties_keep_the_largest_display_and_order_by_id() -> None:
    """Two documents with the same forms score the same: ordered by id; the matched form is `_score`'s."""
    attrs = {"doc_type": "chi_thi", "number": "7", "symbol": "CT/TW", "year": 2020, "title": None}
    index = ResolveIndex([index_forms(d, attrs, None) for d in ("b-doc", "a-doc")])
    hits, ambiguous = index.search("chi thi 7")
    assert [h[0] for h in hits] == ["a-doc", "b-doc"] and ambiguous
    assert hits[0][2] == hits[1][2] == reference_search(index, "chi thi 7")[0][0][2]
