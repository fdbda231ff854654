"""Fuzz the readers with hypothesis (benchmark suite, not CI).

    .venv/bin/python bench/fuzz_readers.py [--examples N]

Properties checked, each on N generated inputs:
- any bytes, any extension: `read_document` returns, never with "internal error" (an exception that
  escaped a reader's own error handling);
- any bytes: `decode_bytes` returns text or raises BinaryFile, nothing else;
- a well-formed .docx / .doc / text PDF with random bytes flipped or cut off: DocxError / DocError / PdfError
  or text;
- any string: `html_text` returns;
- sequences of common Vietnamese words (three or more with diacritics) encoded in cp1258, VNI or
  TCVN3 come back as the same text with the right encoding detected.
Prints one line per property with the number of examples and the time taken; exits 1 on a failure.
"""
from __future__ import annotations

import argparse
import contextlib
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "hostile"))

from samples import docx_bytes, text_pdf  # noqa: E402

from devtools.synth.doc import doc_bytes  # noqa: E402
from ingest.read import read_document  # noqa: E402
from ingest.read.doc import DocError, doc_text  # noqa: E402
from ingest.read.docx import DocxError, docx_text  # noqa: E402
from ingest.read.html import html_text  # noqa: E402
from ingest.read.legacy_encodings import encode_cp1258, encode_tcvn3, encode_vni  # noqa: E402
from ingest.read.pdf import PdfError, pdf_text  # noqa: E402
from ingest.read.score import COMMON_WORDS  # noqa: E402
from ingest.read.text import BinaryFile, decode_bytes  # noqa: E402

SEED_TEXT = ["Kế hoạch thực hiện Chỉ thị số 28-CT/TW", "Căn cứ Luật Trẻ em năm 2016;", "Điều 1. Phạm vi"]
GOOD_DOCX = docx_bytes(SEED_TEXT, [["UBND", "CỘNG HÒA"]])
GOOD_DOC = doc_bytes(SEED_TEXT)
GOOD_PDF = text_pdf([SEED_TEXT, SEED_TEXT[:1]])
WORDS = sorted(COMMON_WORDS)


def _mutate(data: bytes, cuts: list[tuple[int, int]], truncate: int | None) -> bytes:
    out = bytearray(data)
    for position, value in cuts:
        out[position % len(out)] = value
    return bytes(out[:truncate] if truncate is not None else out)


_mutations = st.tuples(st.lists(st.tuples(st.integers(0, 2**20), st.integers(0, 255)), max_size=8),
                       st.none() | st.integers(0, 4000))


def prop_read_document(tmp: Path) -> Callable[[], None]:
    @given(st.binary(max_size=4096), st.sampled_from([".txt", ".md", ".docx", ".pdf", ".html"]))
    def check(data: bytes, suffix: str) -> None:
        path = tmp / f"fuzz{suffix}"
        path.write_bytes(data)
        result = read_document(path, tmp)
        assert result.error is None or "internal error" not in result.error, result.error
        assert (result.text is None) == (result.error is not None)
    return check


@given(st.binary(max_size=4096))
def prop_decode_bytes(data: bytes) -> None:
    try:
        decoded = decode_bytes(data)
    except BinaryFile:
        return
    assert isinstance(decoded.text, str)


@given(_mutations)
def prop_docx(mutation: tuple[list[tuple[int, int]], int | None]) -> None:
    with contextlib.suppress(DocxError):
        docx_text(_mutate(GOOD_DOCX, *mutation))


@given(_mutations)
def prop_doc(mutation: tuple[list[tuple[int, int]], int | None]) -> None:
    with contextlib.suppress(DocError):
        doc_text(_mutate(GOOD_DOC, *mutation))


@given(_mutations)
def prop_pdf(mutation: tuple[list[tuple[int, int]], int | None]) -> None:
    with contextlib.suppress(PdfError):
        pdf_text(_mutate(GOOD_PDF, *mutation))


@given(st.text(max_size=2000))
def prop_html(text: str) -> None:
    assert isinstance(html_text(text), str)


@given(st.lists(st.sampled_from(WORDS), min_size=6, max_size=40),
       st.sampled_from([("cp1258", encode_cp1258), ("vni", encode_vni), ("tcvn3", encode_tcvn3)]))
def prop_legacy_detection(words: list[str], codec: tuple[str, Callable[[str], bytes]]) -> None:
    name, encode = codec
    assume(sum(1 for w in words if not w.isascii()) >= 3)  # plain ASCII is UTF-8, rightly
    text = " ".join(words)
    decoded = decode_bytes(encode(text))
    assert (decoded.encoding, decoded.text) == (name, text)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=300)
    args = parser.parse_args()
    failed = False
    with tempfile.TemporaryDirectory(prefix="cpgraph-fuzz-") as tmp:
        props = {"read_document": prop_read_document(Path(tmp)), "decode_bytes": prop_decode_bytes,
                 "docx": prop_docx, "doc": prop_doc, "pdf": prop_pdf, "html": prop_html,
                 "legacy_detection": prop_legacy_detection}
        for name, prop in props.items():
            configured = settings(max_examples=args.examples, deadline=None, database=None,
                                  suppress_health_check=list(HealthCheck))(prop)
            start = time.perf_counter()
            try:
                configured()
                status = "ok"
            except Exception:  # noqa: BLE001 - report and go on with the other properties
                failed = True
                status = "FAILED\n" + traceback.format_exc(limit=3)
            print(f"{name:18s} {args.examples:6d} examples {time.perf_counter() - start:7.1f} s  {status}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
