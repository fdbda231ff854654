"""Build the .docx documents of the example corpus from their plain-text sources.

Run once from the repository root (the resulting .docx files are committed):

    .venv/bin/python examples/make_docx.py

Source format (`examples/docx_src/*.txt`, UTF-8):

- lines before the first line `---` are the header, laid out as a borderless
  two-column table the way Vietnamese administrative documents are typed
  (left: issuing body and số hiệu; right: national motto or Party name and date);
  blank lines separate table rows, each line is one paragraph inside the row's
  cells, its left and right cell texts separated by `|`;
- after `---`, each line is one paragraph; a line starting with `# ` is bold.

Output goes to `examples/corpus/<province folder>/<same name>.docx`, the folder
chosen from the file-name prefix. Core properties carry a fixed timestamp so
that running the script twice gives byte-identical files.
"""
from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

from docx import Document
from docx.shared import Pt
from docx.table import _Cell

HERE = Path(__file__).resolve().parent
SOURCES = HERE / "docx_src"
CORPUS = HERE / "corpus"
FOLDERS = {"bg": "bac-giang", "ht": "ha-tinh", "qng": "quang-ngai", "dt": "dong-thap", "lc": "lao-cai"}
FIXED_TIME = dt.datetime(2024, 6, 1, 8, 0, 0)


def split_source(text: str) -> tuple[list[tuple[list[str], list[str]]], list[str]]:
    """Return (header rows as (left paragraphs, right paragraphs), body lines)."""
    head, _, body = text.partition("\n---\n")
    rows = []
    for block in head.strip().split("\n\n"):
        left, right = [], []
        for line in block.splitlines():
            cell_l, _, cell_r = line.partition("|")
            if cell_l.strip():
                left.append(cell_l.strip())
            if cell_r.strip():
                right.append(cell_r.strip())
        rows.append((left, right))
    return rows, [line for line in body.splitlines() if line.strip()]


def fill_cell(cell: _Cell, paragraphs: list[str]) -> None:
    """Put one paragraph per item in a table cell (the first reuses the cell's empty paragraph)."""
    cell.paragraphs[0].text = paragraphs[0] if paragraphs else ""
    for text in paragraphs[1:]:
        cell.add_paragraph(text)


def build(source: Path) -> Path:
    """Write the .docx for one source file and return its path."""
    rows, body = split_source(source.read_text(encoding="utf-8"))
    doc = Document()
    doc.styles["Normal"].font.name = "Times New Roman"
    doc.styles["Normal"].font.size = Pt(13)
    table = doc.add_table(rows=len(rows), cols=2)
    for i, (left, right) in enumerate(rows):
        fill_cell(table.cell(i, 0), left)
        fill_cell(table.cell(i, 1), right)
    for line in body:
        para = doc.add_paragraph()
        if line.startswith("# "):
            para.add_run(line[2:]).bold = True
        else:
            para.add_run(line)
    props = doc.core_properties
    props.author = "cpgraph examples"
    props.created = props.modified = FIXED_TIME
    props.last_modified_by = "cpgraph examples"
    props.revision = 1
    folder = CORPUS / FOLDERS[source.stem.split("_", 1)[0]]
    folder.mkdir(parents=True, exist_ok=True)
    out = folder / (source.stem + ".docx")
    doc.save(str(out))
    freeze_zip(out)
    return out


def freeze_zip(path: Path) -> None:
    """Rewrite the .docx archive with fixed entry timestamps, so the bytes are reproducible."""
    with zipfile.ZipFile(path) as src:
        entries = [(info, src.read(info.filename)) for info in src.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info, data in entries:
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(fixed, data)


def main() -> None:
    """Build every source under `examples/docx_src/`."""
    for source in sorted(SOURCES.glob("*.txt")):
        print(build(source).relative_to(HERE.parent))


if __name__ == "__main__":
    main()
