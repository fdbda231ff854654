"""Score the real corpora again after giving their texts one class of real-world noise each.

    .venv/bin/python bench/eval_perturbed.py                       # every noise class, web and github
    .venv/bin/python bench/eval_perturbed.py --noise flat_header --corpus real-cp/web --misses

The held-out documents that measure the product carry the same kinds of noise as the development sets,
but on other files: a header flattened onto one line, a text whose diacritics an OCR lost, a number
glued to its symbol. Applying each class to every development file shows how the ingest does on the
class, not on the few files that happen to carry it. Each file is read with the ingest's own reader
(so .pdf, .docx and .htm files take part as their text), given the noise, written as a text file (or, for
the `word97_*` classes, as a Word 97-2003 `.doc`), and the answer key is renamed to match. Not a test:
nothing asserts; the figures go to BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import unicodedata
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.eval_real import CORPORA, METRICS, SCORE, cpgraph  # noqa: E402
from devtools.synth.doc import doc_bytes  # noqa: E402
from devtools.synth.realnoise import portal_case  # noqa: E402
from ingest.read import read_document  # noqa: E402
from ingest.read.legacy_encodings import decode_cp1252, encode_tcvn3, encode_vni  # noqa: E402

# The first line of a document's title block: where the header (bodies, motto, number, place and date) ends.
TITLE_LINE = re.compile(
    r"^\s*#*\s*(KẾ HOẠCH|QUYẾT ĐỊNH|CHỈ THỊ|NGHỊ QUYẾT|THÔNG BÁO|HƯỚNG DẪN|BÁO CÁO|TỜ TRÌNH|THÔNG TƯ|"
    r"NGHỊ ĐỊNH|LUẬT|CHƯƠNG TRÌNH|CÔNG VĂN|QUY ĐỊNH|KẾT LUẬN)\b"
    r"|^\s*(Kính gửi|Căn cứ|Thực hiện)\b"  # a letter's addressees, or the body, when no title came first
)
HEADER_MAX_LINES = 10
# `ngày 5 tháng 9 năm 2023` with the spaces around the month and year words gone, as in crawled PDFs.
DATE_SPACES = re.compile(r"(\d)\s+(tháng|năm)\s*(\d)")
# `Số: 25/KH-UBND`: the number and its symbol.
NUMBER_LINE = re.compile(r"(Số\s*:?\s*)(\d+)\s*/\s*([^\s,;]+)")


def _header_end(lines: list[str]) -> int:
    """Index of the title line, or the line after the first HEADER_MAX_LINES non-empty lines; 0 for a
    text that starts with its title (no header to disturb)."""
    seen = 0
    for i, line in enumerate(lines):
        if TITLE_LINE.match(line):
            return i
        seen += bool(line.strip())
        if seen >= HEADER_MAX_LINES:
            return i + 1
    return len(lines)


def _in_header(text: str, change: Callable[[list[str]], str]) -> str:
    lines = text.split("\n")
    end = _header_end(lines)
    if end == 0:
        return text
    return change(lines[:end]) + "\n" + "\n".join(lines[end:])


def no_diacritics(text: str) -> str:
    """OCR or typing without marks: `Kế hoạch` -> `Ke hoach`, `đ` -> `d`."""
    text = text.replace("Đ", "D").replace("đ", "d")
    stripped = "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")
    return unicodedata.normalize("NFC", stripped)


def flat_header(text: str) -> str:
    """The header's lines run together on one line, separated by wide spaces (a crawled page)."""
    return _in_header(text, lambda lines: "  ".join(line.strip() for line in lines if line.strip()))


def piped_header(text: str) -> str:
    """The two-column header as a markdown table: each pair of lines one row (a converted .docx)."""
    def rows(lines: list[str]) -> str:
        kept = [line.strip() for line in lines if line.strip()]
        pairs = [kept[i : i + 2] for i in range(0, len(kept), 2)]
        return "\n".join("| " + " | ".join(pair) + " |" for pair in pairs)

    return _in_header(text, rows)


def literal_breaks(text: str) -> str:
    """The header's line breaks as the literal characters `\\r\\n` (a JSON dump written out raw)."""
    return _in_header(text, lambda lines: "\\r\\n".join(lines))


def glued_numbers(text: str) -> str:
    """`Số:25/KH-UBND` and `ngày 5tháng 9năm 2023`: the spaces a PDF extraction loses."""
    def glue(lines: list[str]) -> str:
        joined = "\n".join(lines)
        joined = NUMBER_LINE.sub(lambda m: f"Số:{m.group(2)}/{m.group(3)}", joined)
        return DATE_SPACES.sub(lambda m: f"{m.group(1)}{m.group(2)} {m.group(3)}", joined)

    return _in_header(text, glue)


def spaced_numbers(text: str) -> str:
    """`Số : 25 / KH - UBND`: spaces typed around every mark of the number."""
    def space(lines: list[str]) -> str:
        joined = "\n".join(lines)
        return NUMBER_LINE.sub(lambda m: f"Số : {m.group(2)} / {m.group(3).replace('-', ' - ')}", joined)

    return _in_header(text, space)


def lower_case(text: str) -> str:
    """The whole text in lower case, as some portals store it."""
    return text.lower()


def cased_header(text: str) -> str:
    """The header and the title line in the case a portal stores under its upper-case style:
    `Ủy Ban Nhân Dân Huyện Mỹ Tú`, `Cộng Hòa Xã Hội Chủ Nghĩa Việt Nam`, `Kế Hoạch` (a crawled page)."""
    lines = text.split("\n")
    end = _header_end(lines)
    last = min(end, len(lines) - 1)
    return "\n".join(portal_case(line) if i <= last else line for i, line in enumerate(lines))


def markdown_emphasis(text: str) -> str:
    """The header's lines in bold and the heading as a markdown heading (`**ỦY BAN …**`, `## KẾ HOẠCH`),
    as a page converted to markdown writes them."""
    lines = text.split("\n")
    end = _header_end(lines)

    def emphasised(i: int, line: str) -> str:
        if not line.strip() or i > end:
            return line
        if i == end and TITLE_LINE.match(line) and line.strip().isupper():
            return "## " + line.strip()
        return line if i == end else f"**{line.strip()}**"

    return "\n".join(emphasised(i, line) for i, line in enumerate(lines))


def nbsp(text: str) -> str:
    """Every space a non-breaking one (U+00A0), as an HTML page's `&nbsp;` becomes in a crawl."""
    return text.replace(" ", "\u00a0")


def _lenient(encode: Callable[[str], bytes], text: str) -> bytes:
    """`encode` line by line; a character the encoding lacks (`≥`, `…`) becomes `?`, as old editors did."""
    out = bytearray()
    for line in text.splitlines(keepends=True):
        try:
            out += encode(line)
        except UnicodeEncodeError:
            for c in line:
                try:
                    out += encode(c)
                except UnicodeEncodeError:
                    out += b"?"
    return bytes(out)


def tcvn3_file(text: str) -> bytes:
    """The whole file saved in TCVN3 (ABC), the legacy 8-bit encoding of older offices."""
    return _lenient(encode_tcvn3, text)


def vni_file(text: str) -> bytes:
    """The whole file saved in the VNI encoding."""
    return _lenient(encode_vni, text)


def word97_file(text: str) -> bytes:
    """The text saved as a Word 97-2003 `.doc` (one paragraph per line, stored as UTF-16)."""
    return doc_bytes(text.split("\n"))


def word97_tcvn3(text: str) -> bytes:
    """A `.doc` typed in a TCVN3 font (`.VnTime`): Word stores the 8-bit bytes as Windows-1252 text."""
    typed = decode_cp1252(tcvn3_file(text.replace("\n", "\r")))
    return doc_bytes([], pieces=[(typed + "\r", True)])


NOISE: dict[str, Callable[[str], str | bytes]] = {
    "as_read": lambda text: text,
    "no_diacritics": no_diacritics,
    "flat_header": flat_header,
    "piped_header": piped_header,
    "literal_breaks": literal_breaks,
    "glued_numbers": glued_numbers,
    "spaced_numbers": spaced_numbers,
    "lower_case": lower_case,
    "cased_header": cased_header,
    "markdown_emphasis": markdown_emphasis,
    "nbsp": nbsp,
    "tcvn3_file": tcvn3_file,
    "vni_file": vni_file,
    "word97_file": word97_file,
    "word97_tcvn3": word97_tcvn3,
}
# The classes written as another kind of file than text.
SUFFIX = {"word97_file": ".doc", "word97_tcvn3": ".doc"}


def noisy_corpus(
    corpus: Path, gold: Path, noise: Callable[[str], str | bytes], out: Path, suffix: str | None = None
) -> Path:
    """Every file of `corpus` as text with the noise (or as a `suffix` file), in `out/corpus`; returns the
    renamed key."""
    texts = out / "corpus"
    texts.mkdir(parents=True)
    renamed: dict[str, str] = {}
    for path in sorted(p for p in corpus.iterdir() if p.is_file()):
        read = read_document(path, corpus)
        if not read.text:
            continue
        if suffix is not None:
            name = path.name + suffix
        else:
            name = path.name if path.suffix.lower() in (".txt", ".md") else path.name + ".txt"
        renamed[path.name] = name
        noisy = noise(read.text)
        (texts / name).write_bytes(noisy if isinstance(noisy, bytes) else noisy.encode("utf-8"))
    key = json.loads(gold.read_text(encoding="utf-8"))
    for doc in key["documents"].values():
        if doc.get("source") in renamed:
            doc["source"] = renamed[doc["source"]]
    renamed_key = out / "gold.json"
    renamed_key.write_text(json.dumps(key, ensure_ascii=False), encoding="utf-8")
    return renamed_key


def score(corpus: Path, gold: Path, work: Path) -> tuple[dict[str, float], set[str]]:
    """score.py's figures, and its misses (each `  item` line under its heading)."""
    data, export = work / "data", work / "export.json"
    cpgraph("ingest", str(corpus), "--data-dir", str(data))
    cpgraph("export", "--format", "json", "--data-dir", str(data), "-o", str(export))
    out = subprocess.run(
        [sys.executable, str(SCORE), "--gold", str(gold), str(export)],
        capture_output=True, text=True, check=False,
    ).stdout
    figures = {m: float(line.split()[-1]) for line in out.splitlines() for m in METRICS if line.startswith(m)}
    misses, heading = set(), ""
    for line in out.splitlines():
        if line.endswith(":") or "missed or wrong" in line:
            heading = line.split(" (")[0]
        elif line.startswith("  "):
            misses.add(f"{heading}: {line.strip()}")
    return figures, misses


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--noise", action="append", choices=sorted(NOISE), help="only these classes")
    ap.add_argument("--corpus", action="append", help="only these corpora (real-cp/web, real-cp/github)")
    ap.add_argument("--misses", action="store_true", help="print the misses a noise class adds")
    args = ap.parse_args()
    corpora = [c for c in CORPORA if c[0].startswith("real-cp") and (not args.corpus or c[0] in args.corpus)]
    print("| corpus | noise | " + " | ".join(METRICS) + " | worst |")
    print("|---|---|" + "---:|" * (len(METRICS) + 1))
    for name, corpus, gold in corpora:
        baseline: set[str] = set()
        for noise in ["as_read"] + [n for n in args.noise or list(NOISE) if n != "as_read"]:
            with tempfile.TemporaryDirectory(prefix="cpgraph-noise-") as tmp:
                work = Path(tmp)
                key = noisy_corpus(corpus, gold, NOISE[noise], work, SUFFIX.get(noise))
                figures, misses = score(work / "corpus", key, work)
            baseline = misses if noise == "as_read" else baseline
            row = " | ".join(f"{figures.get(m, float('nan')):.3f}" for m in METRICS)
            print(f"| {name} | {noise} | {row} | {min(figures.values(), default=0):.3f} |", flush=True)
            if args.misses:
                for miss in sorted(misses - baseline):
                    print(f"    new with {noise}: {miss}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
