"""The index reads a text's words and numbers with two regexes (`resolve_forms._split`): the same as
`words_of(tokens(text))` and `numbers_of(tokens(text))`, token by token, on any text."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from queries.resolve_forms import _split, numbers_of, tokens, words_of

# Pieces that meet the rules' edges: `số`/`so` before a number or not, leading zeros, letters and digits
# in one token, separators, letters folding to ASCII, digits of other scripts.
PIECES = ["so", "Số", "SỐ", "sô", " ", "-", "/", ".", "\n", "0", "00", "028", "7", "a", "ct", "Đ", "ạ", "x9",
          "9x", "so1", "1so", "²", "٣", "tw"]


def reference(text: str) -> tuple[str, tuple[str, ...]]:
    toks = tokens(text)
    return words_of(toks), tuple(numbers_of(toks))


@pytest.mark.parametrize("text", [
    "Chỉ thị số 028-CT/TW", "so so 5", "so 5a", "số 0", "00 so", "x 0 so", "so-00/so 1", "",
    "Số: 12/2020/NĐ-CP",
])
def test_split_is_words_and_numbers_of_tokens(text: str) -> None:
    assert _split(text) == reference(text)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=14).map("".join))
def test_split_agrees_on_any_text(text: str) -> None:
    assert _split(text) == reference(text)
