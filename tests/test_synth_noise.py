"""The real-document noise classes of the synthetic corpus: each one is there, shaped as real copies
are, deterministic, and none changes the answer key."""

from __future__ import annotations

import json
import re
import unicodedata
import zipfile
from pathlib import Path

import pytest

from devtools.synth import synthesize
from devtools.synth.generate import build_plan
from devtools.synth.gold import build_key
from devtools.synth.realnoise import CLASSES, RATES, parse_spec
from devtools.synth.render import render, render_file
from ingest.read.doc import doc_text
from ingest.read.docx import docx_text
from ingest.read.text import repair_mojibake

N, SEED = 240, 5
# Every class often enough that a 240-document corpus holds each several times.
HIGH = (
    "flat_header=0.12,pipes=0.12,docx_table=0.12,portal_md=0.12,motto_glued=0.12,crlf_literal=0.1,"
    "motto_split=0.3,number_noise=0.3,date_noise=0.3,no_place=0.5,school_parent=1,no_diacritics=0.1,"
    "mojibake=0.2,cased_header=0.15,non_documents=10,doc_table=0.12"
)

MOTTO = "Độc lập - Tự do - Hạnh phúc"
# What each class leaves in the text of a document that has it (the text as `render` gives it).
SIGNS: dict[str, re.Pattern[str]] = {
    # the body, the motto, the number and the date on one line
    "flat_header": re.compile(r"^\S.*CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM.*Số.*ngày", re.M),
    # a markdown table row or a lone cell boundary before the title
    "pipes": re.compile(r"^(\| .* \||\|)$", re.M),
    # read back from the Word table: the motto on its own paragraph (checked with the file below)
    "docx_table": re.compile(r"^CỘNG", re.M),
    "doc_table": re.compile(r"^CỘNG", re.M),  # the same, from a Word 97-2003 table
    "portal_md": re.compile(r"Số hiệu.*Loại văn bản|\*\*Số hiệu:\*\*", re.S),
    # the motto's second line glued after the body's name
    "motto_glued": re.compile(
        r"^\S.*\s(Độc lập - Tự do - Hạnh phúc|ĐẢNG CỘNG SẢN VIỆT NAM|CỘNG HÒA XÃ)", re.M
    ),
    "crlf_literal": re.compile(r"\\r\\n"),
    "motto_split": re.compile(
        r"(^|\s)CỘNG(\s+HÒA XÃ)?(\n|\\r\\n|<br>| )(HÒA XÃ )?HỘI CHỦ NGHĨA|^CỘNG$", re.M
    ),
    # `Số:` alone on its line, spaces around the separators, or the number glued to the symbol
    "number_noise": re.compile(r"Số:(\n|\\r\\n|<br>)\d|Số ?: \d+ [-/]|\d+ [-/] ?[A-Z]|Số: \d+[A-ZĐ]"),
    "date_noise": re.compile(
        r"ngày  |  tháng|\dtháng|\dnăm|(ngày|tháng|\d)(\n|\\r\\n|<br>| )(tháng|năm|ngày)"
    ),
    # the committee alone at the top, its unit first named in the signature block
    "no_place": re.compile(
        r"\A\n?(UBND|ỦY BAN NHÂN DÂN)\n(?:(?!UBND [A-Z]).)*"
        r"(ỦY BAN NHÂN DÂN|UBND) [A-ZĐÀ-Ỹ]+[^\n]*\n([^\n]+\n)?\n\n[^\n]+\n\Z",
        re.S,
    ),
    "school_parent": re.compile(
        r"^(PHÒNG GIÁO DỤC VÀ ĐÀO TẠO|PHÒNG GDĐT|UBND) (HUYỆN|QUẬN|THỊ XÃ|THÀNH PHỐ)", re.M
    ),
    "no_diacritics": re.compile(r"Doc lap - Tu do - Hanh phuc|DANG CONG SAN VIET NAM"),
    # the motto as a portal stores it (capitalised words), possibly cut after `Cộng`
    "cased_header": re.compile(r"Cộng(?: Hòa| Sản|$|\\r\\n|<br>)", re.M),
}
# Classes a layout can hide from the simple line-shaped signs above.
LAYOUT_SENSITIVE = {"motto_split", "number_noise", "date_noise", "no_place", "school_parent"}


@pytest.fixture(scope="module")
def noisy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("noisy")
    synthesize(N, SEED, out, workers=2, noise=HIGH)
    return out


@pytest.fixture(scope="module")
def plan() -> list[dict]:
    return build_plan(N, SEED, parse_spec(HIGH))


def _unescaped(text: str, br: bool = True) -> str:
    """The text with the older noises that hide letters undone (decomposed marks, `Ð` for `Đ`),
    literal `\\r\\n` escapes and `<br>` as line breaks."""
    text = unicodedata.normalize("NFC", text).replace("\u00d0", "Đ")
    text = text.replace("\\r\\n", "\n")
    return text.replace("<br>", "\n") if br else text


def _has_body_line(text: str) -> bool:
    first = text.lstrip("\n").split("\n", 1)[0]
    return not first.startswith(("CỘNG", "Số", "ĐẢNG CỘNG SẢN", "#"))


def test_every_class_is_drawn(plan: list[dict]) -> None:
    drawn = {name: sum(name in d["real"] for d in plan) for name in CLASSES if name != "non_documents"}
    assert all(count >= 3 for count in drawn.values()), drawn


def _word_file(d: dict) -> bool:
    return bool({"docx_table", "doc_table"} & set(d["real"]))


@pytest.mark.parametrize("name", sorted(SIGNS))
def test_each_class_leaves_its_mark(name: str, plan: list[dict]) -> None:
    docs = {d["id"]: d for d in plan}
    having = [d for d in plan if name in d["real"]]
    if name in LAYOUT_SENSITIVE:  # the plain layout shows them line by line
        having = [
            d for d in having if not {"flat_header", "pipes", "portal_md", "motto_glued"} & set(d["real"])
        ]
    if name != "no_diacritics":
        having = [d for d in having if "no_diacritics" not in d["real"]]
    if name != "cased_header":  # the other signs are written in capitals
        having = [d for d in having if "cased_header" not in d["real"] or _word_file(d)]
    else:  # a Word file keeps its capitals
        having = [d for d in having if not _word_file(d)]
    if name in ("no_place", "date_noise", "number_noise", "motto_split"):
        having = [d for d in having if d["number"] and "crlf_literal" not in d["real"]]
    assert having, name
    for d in having:
        text = render(d, docs, SEED)
        text = text if name == "crlf_literal" else _unescaped(text, br=name != "pipes")
        if name in ("no_place", "school_parent") and not _has_body_line(text):
            continue  # the 3% of copies that lost the issuing body's lines altogether
        assert SIGNS[name].search(text), (name, d["id"], text[:600])


def test_mojibake_lines_are_legacy_font_text_the_reader_repairs(plan: list[dict]) -> None:
    docs = {d["id"]: d for d in plan}
    having = [d for d in plan if "mojibake" in d["real"] and not {"no_diacritics"} & set(d["real"])]
    assert having
    repaired = 0
    for d in having:
        _text, warnings = repair_mojibake(render(d, docs, SEED))
        repaired += bool(warnings)
    assert repaired >= len(having) // 2, (repaired, len(having))


def test_docx_header_is_a_word_table_the_reader_reads(noisy: Path, plan: list[dict]) -> None:
    docs = {d["id"]: d for d in plan}
    words = [d for d in plan if "docx_table" in d["real"]]
    assert words and all(d["file"].endswith(".docx") for d in words)
    for d in words:
        data = (noisy / "corpus" / d["file"]).read_bytes()
        xml = zipfile.ZipFile(noisy / "corpus" / d["file"]).read("word/document.xml").decode("utf-8")
        assert "<w:body><w:tbl>" in xml  # the header is the table the body starts with
        assert docx_text(data) + "\n" == render(d, docs, SEED)


def test_doc_header_is_a_word97_table_the_reader_reads(noisy: Path, plan: list[dict]) -> None:
    docs = {d["id"]: d for d in plan}
    words = [d for d in plan if "doc_table" in d["real"]]
    assert words and all(d["file"].endswith(".doc") for d in words)
    for d in words:
        data = (noisy / "corpus" / d["file"]).read_bytes()
        assert data.startswith(bytes.fromhex("d0cf11e0a1b11ae1"))  # an OLE2 compound file
        assert doc_text(data) == render(d, docs, SEED)


def test_portal_crawls_are_markdown_files_with_the_metadata_table_before_the_header(plan: list[dict]) -> None:
    docs = {d["id"]: d for d in plan}
    crawls = [d for d in plan if "portal_md" in d["real"]]
    assert crawls and all(d["file"].endswith(".md") and d["number"] for d in crawls)
    for d in crawls:
        if "no_diacritics" in d["real"]:
            continue
        text = _unescaped(render(d, docs, SEED))
        motto_word = "Việt Nam" if "cased_header" in d["real"] else "VIỆT NAM"
        table, motto, notice = text.find("Ngày ban hành"), text.find(motto_word, 1), text.find("> ")
        assert -1 < table < motto < notice, d["id"]


def test_non_documents_are_written_and_are_not_in_the_key(noisy: Path) -> None:
    summary = json.loads((noisy / "synth.json").read_text(encoding="utf-8"))
    key = json.loads((noisy / "gold.json").read_text(encoding="utf-8"))
    written = summary["non_documents"]
    assert "README.md" in written and any("lien-ket" in p for p in written)
    sources = {g.get("source") for g in key["documents"].values()}
    for path in written:
        assert (noisy / "corpus" / path).is_file()
        assert Path(path).name not in sources
    assert len(key["documents"]) - len(sources - {None}) >= 0
    assert sum(1 for g in key["documents"].values() if g.get("source")) == N


def _without_suffix(key: dict) -> dict:
    for gold in key["documents"].values():
        if gold.get("source"):
            gold["source"] = gold["source"].rsplit(".", 1)[0]
    return key


def test_noise_never_changes_the_key() -> None:
    """The key of the noisiest corpus is the key of the clean one (file suffixes aside: a Word copy
    is a .docx, a portal crawl a .md)."""
    clean = build_key(build_plan(N, SEED, parse_spec("none")), N, SEED)
    noisy = build_key(build_plan(N, SEED, parse_spec(HIGH)), N, SEED)
    default = build_key(build_plan(N, SEED), N, SEED)
    assert _without_suffix(noisy) == _without_suffix(clean) == _without_suffix(default)


def test_same_seed_same_noisy_bytes(plan: list[dict]) -> None:
    docs = {d["id"]: d for d in plan}
    again = {d["id"]: d for d in build_plan(N, SEED, parse_spec(HIGH))}
    for d in plan[:: max(1, N // 40)]:
        assert render_file(d, docs, SEED) == render_file(again[d["id"]], again, SEED)


@pytest.mark.parametrize(
    "spec, expected",
    [
        ("default", RATES),
        (None, RATES),
        ("none", {name: 0.0 for name in RATES}),
        ("pipes=0.5", {**{name: 0.0 for name in RATES}, "pipes": 0.5}),
        ("motto_split", {**{name: 0.0 for name in RATES}, "motto_split": 1.0}),
        ("default,cased_header=0.03", {**RATES, "cased_header": 0.03}),
    ],
)
def test_noise_spec(spec: str | None, expected: dict[str, float]) -> None:
    assert parse_spec(spec) == expected


@pytest.mark.parametrize("spec", ["colours=0.5", "pipes=2", "pipes=x"])
def test_bad_noise_spec_is_refused_clearly(spec: str) -> None:
    with pytest.raises(ValueError, match="noise|rate"):
        parse_spec(spec)
