"""A hostile *ingest* corpus: a clean corpus, plus files that must each be reported with a one-line reason,
plus copies of the clean files that must change nothing (identity by content).

    python tests/hostile/make_ingest_corpus.py CLEAN_DIR OUT_DIR

`build(clean, out)` copies the clean corpus to `out/docs`, writes every failing file of `make_corpus`
(empty, binary, corrupt, encrypted, scanned, zip bomb, FIFO, broken links, link loops) under `out/bad`, the
bounded-work cases under `out/bounded` (a PDF whose pages share one content stream, 5,000 nested `<div>`,
a one-line text over the test's character limit, a file over the test's time limit), names that are not
UTF-8 or hold a newline, and byte-identical copies of clean files under other names and through a
symbolic link (`out/zz-copies`, `out/zz-link`; `zz` so that the clean names still name the documents).
It returns what each failing file's reason must contain, by relative path.
"""
from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_corpus import SENTENCES  # noqa: E402
from make_corpus import build as build_reader_corpus
from samples import shared_stream_pdf  # noqa: E402

# Limits the test ingests with (the defaults are far larger; these keep the test quick).
MAX_CHARS = 2_000_000
FILE_SECONDS = 1.0
# A citation repeated until extracting it takes far longer than FILE_SECONDS of CPU.
SLOW_LINE = "Thực hiện Chỉ thị số 28-CT/TW ngày 25/12/2023 của Ban Bí thư về trẻ em; "
SLOW_REPEATS = 25_000


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def _reader_failures(out: Path) -> dict[str, str]:
    """Every file of the reader corpus that must fail, moved under `out/bad` (symbolic links re-made)."""
    expected: dict[str, str] = {}
    with tempfile.TemporaryDirectory(prefix="cpgraph-hostile-") as scratch:
        made = build_reader_corpus(Path(scratch), big=False)
        for expect in made:
            if expect.error is None or not expect.relpath.startswith("bad/"):
                continue
            source = Path(scratch) / expect.relpath
            target = out / expect.relpath
            target.parent.mkdir(parents=True, exist_ok=True)
            if source.is_symlink():
                os.symlink(os.readlink(source), target)
            elif expect.error == "not a regular file":
                os.mkfifo(target)
            else:
                shutil.copy2(source, target)
            expected[expect.relpath] = expect.error
    (out / "bad/unreadable.txt").unlink(missing_ok=True)  # root reads it anyway: not a failure here
    expected.pop("bad/unreadable.txt", None)
    return expected


def _bounded(out: Path) -> dict[str, str]:
    _write(out / "bounded/shared_stream.pdf", shared_stream_pdf())
    _write(out / "bounded/nested.html", ("<div>" * 5_000 + SENTENCES[1] + "</div>" * 5_000).encode())
    _write(out / "bounded/one_line.txt", (SENTENCES[1] + " ").encode() * (2 * MAX_CHARS // len(SENTENCES[1])))
    slow = SENTENCES[0] + "\nSố: 61/KH-UBND\n" + SLOW_LINE * SLOW_REPEATS + "\n"
    _write(out / "bounded/slow.txt", slow.encode())
    return {
        "bounded/shared_stream.pdf": "once decompressed",
        "bounded/nested.html": "nested deeper than",
        "bounded/one_line.txt": "text longer than the per-file limit",
        "bounded/slow.txt": "took longer than the per-file limit",
    }


def _names(out: Path) -> dict[str, str]:
    """Failing files whose names could break a report: a newline, bytes that are not UTF-8."""
    _write(out / "names/forged\nfailed  0 files.txt", b"")
    with open(os.fsencode(out / "names") + b"/h\xe0nh-ch\xednh.txt", "wb") as stream:
        stream.write(b"")
    return {"names/forged\nfailed  0 files.txt": "empty file", "names/h\ufffdnh-ch\ufffdnh.txt": "empty file"}


def _copies(clean: Path, out: Path) -> list[str]:
    """Byte-identical copies of clean files under other names; returns their relative paths."""
    files = sorted(p for p in clean.rglob("*") if p.is_file())[:3]
    names = ["zz-copies/bản sao.txt", "zz-copies/new\nline.txt"]
    made = []
    for source, name in zip(files, names, strict=False):
        _write(out / name, source.read_bytes())
        made.append(name)
    with open(os.fsencode(out / "zz-copies") + b"/latin1-\xe9.txt", "wb") as stream:
        stream.write(files[2].read_bytes())
    made.append("zz-copies/latin1-\ufffd.txt")
    os.symlink("docs", out / "zz-link")
    return made


def build(clean: Path, out: Path) -> tuple[dict[str, str], list[str]]:
    """Write the hostile corpus; returns (failing relpath -> part of its reason, relpaths of the copies)."""
    shutil.copytree(clean, out / "docs", symlinks=True)
    expected = _reader_failures(out)
    expected.update(_bounded(out))
    expected.update(_names(out))
    copies = _copies(clean, out)
    return expected, copies


if __name__ == "__main__":
    made, copies = build(Path(sys.argv[1]), Path(sys.argv[2]))
    print(f"{len(made)} failing files and {len(copies)} copies written to {sys.argv[2]}")
