"""Property tests of the citation finder (hypothesis): it never raises, its spans lie inside the text and
cover what it found, and normalising twice changes nothing."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.extract import extract_document
from ingest.find import find_mentions
from ingest.normalize import fold_keep_length, normalize_text

# Vietnamese-looking text: letters with diacritics, digits, the separators of số hiệu, line breaks,
# and whole fragments of citations, so that the finder's regexes are exercised, not just skipped.
FRAGMENTS = st.sampled_from([
    "Chỉ thị số 28-CT/TW", "28- ct/tw", "Kế hoạch số 60/KH-UBND", "ngày 05/11/2012", "của Bộ Chính trị",
    "của UBND huyện Núi Thành", "Luật Trẻ em", "Bộ luật Lao động", "Nghị định số 56/2017/NĐ-CP", "Ð", "số ",
    "Thực hiện ", "thực hiện ", "; ", ", ", ".\n\n", "\n", "tháng 10/2021", "1/500", "0257.3890.000",
    "Công ước về quyền trẻ em", "Chỉ thị 16 của Thủ tướng", "Căn cứ ", "về việc ",
    "Kế hoạch số 150/KH-\nUBND", "e\u0301", "\u0301", "/", "-", " ", "Số: /KH-UBND", "#SoKyHieuVanBan",
    "tạm dừng thực hiện ",
])
TEXT = st.lists(st.one_of(FRAGMENTS, st.text(max_size=12)), max_size=40).map("".join)


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_finder_never_raises_and_spans_are_inside(raw: str) -> None:
    text = normalize_text(raw)
    for m in find_mentions(text):
        assert 0 <= m.start < m.end <= len(text)
        assert m.sentence_start <= m.start and m.end <= m.sentence_end <= len(text)
        assert m.start <= m.tail_end <= len(text)
        found = text[m.start:m.end]
        if m.kind == "numbered" and m.number:
            # the span's text is what was found: its number is written in it
            assert m.number.lower() in found.lower()


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_normalising_twice_changes_nothing(raw: str) -> None:
    once = normalize_text(raw)
    assert normalize_text(once) == once
    assert len(fold_keep_length(once)) == len(once)


@settings(max_examples=150, deadline=None)
@given(TEXT)
def test_extraction_never_raises_and_evidence_is_in_the_text(raw: str) -> None:
    text = normalize_text(raw)
    result = extract_document(text, "t.txt")
    for edge in result["edges"]:
        assert 0 <= edge["start"] < edge["end"] <= len(text)
        assert 0 <= edge["to"] < len(result["refs"])
