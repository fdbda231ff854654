"""Text of a PDF: the text layer page by page (pypdf), OCR of image-only pages on request.

- Encrypted files are opened with the empty password (the usual "no printing/copying" protection);
  otherwise the error is "encrypted PDF".
- No text on any page: "scanned PDF without text layer (use --ocr)"; with `ocr=True` the pages are
  rendered by `pdftoppm` and read by `tesseract -l vie` (Debian: poppler-utils, tesseract-ocr,
  tesseract-ocr-vie), with the warning "OCR used".
- Pages are joined with a line break; running headers (`CÔNG BÁO/Số …`) and page numbers stay in the
  text for the parser to handle.
- Bounded work: at most MAX_PAGES pages, and the text stops being extracted as soon as it passes the
  per-file character limit (a 233 KB file whose 1,000 pages share one content stream would otherwise
  expand to 45 MB of text and gigabytes of memory); both are refused with the reason.
"""

from __future__ import annotations

import io
import logging
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from pypdf import PdfReader
from pypdf.errors import DependencyError, FileNotDecryptedError

from ingest.read.pdf_stamps import fill_from_stamps, page_stamps

OCR_TIMEOUT_SECONDS = 300  # per page
OCR_DPI = 300
_MAX_PDF_WARNINGS = 3
MAX_PAGES = 3000
# Decompressed page content a file may ask the text extractor to parse, counted per page (a stream that
# many pages share counts for each): real documents have about 75 KB a page.
MAX_CONTENT_BYTES = 48 * 2**20
_DEFAULT_MAX_CHARS = 8_000_000


class PdfError(ValueError):
    """The PDF cannot be read; the message is the one-line reason shown to the user."""


@contextmanager
def _pypdf_messages() -> Iterator[list[str]]:
    """Collect what pypdf logs while repairing a damaged file, instead of printing it."""
    messages: list[str] = []

    class _Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            messages.append(record.getMessage())

    logger = logging.getLogger("pypdf")
    handler = _Collect(logging.WARNING)
    saved = logger.propagate
    logger.addHandler(handler)
    logger.propagate = False
    try:
        yield messages
    finally:
        logger.removeHandler(handler)
        logger.propagate = saved


def pdf_text(data: bytes, *, ocr: bool = False, max_chars: int = _DEFAULT_MAX_CHARS) -> tuple[str, list[str]]:
    """Text and warnings of a PDF given as bytes; raise PdfError with a clear reason when unreadable."""
    if b"%PDF-" not in data[:1024]:
        raise PdfError("corrupt PDF: no %PDF header (not a PDF file?)")
    warnings: list[str] = []
    with _pypdf_messages() as messages:
        pages = _page_texts(data, warnings, max_chars)
    for message in dict.fromkeys(messages):
        if len(warnings) >= _MAX_PDF_WARNINGS + 2:
            break
        warnings.append(f"pdf repaired: {message.strip()}")
    empty = [number for number, text in enumerate(pages, 1) if not text.strip()]
    if len(empty) == len(pages):
        if not ocr:
            raise PdfError("scanned PDF without text layer (use --ocr)")
        pages = [ocr_page(data, number) for number in range(1, len(pages) + 1)]
        warnings.append("OCR used")
    elif empty and ocr:
        for number in empty:
            pages[number - 1] = ocr_page(data, number)
        warnings.append(f"OCR used for {_page_list(empty)}")
    elif empty:
        warnings.append(f"pdf {_page_list(empty)} without text layer")
    return "\n".join(pages), warnings


def _page_texts(data: bytes, warnings: list[str], max_chars: int) -> list[str]:
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            _decrypt(reader, warnings)
        count = len(reader.pages)
        if count > MAX_PAGES:
            raise PdfError(f"PDF with {count:,} pages, more than the limit of {MAX_PAGES:,}")
        pages = list(reader.pages)
        content = _content_bytes(pages)
        if content > MAX_CONTENT_BYTES:
            raise PdfError(
                f"PDF page content over the limit of {MAX_CONTENT_BYTES / 2**20:.0f} MB once decompressed "
                "(pages sharing one stream count for each)"
            )
    except PdfError:
        raise
    except FileNotDecryptedError as exc:
        raise PdfError("encrypted PDF (password required)") from exc
    except Exception as exc:  # noqa: BLE001 - pypdf raises many kinds on damaged files
        raise PdfError(f"corrupt PDF: {type(exc).__name__}: {_short(exc)}") from exc
    if not pages:
        raise PdfError("corrupt PDF: no pages")
    texts = []
    total = 0
    for number, page in enumerate(pages, 1):
        try:
            texts.append(page.extract_text() or "")
        except Exception as exc:  # noqa: BLE001 - one bad page must not lose the others
            warnings.append(f"pdf page {number}: text extraction failed ({type(exc).__name__})")
            texts.append("")
        if number == 1 and texts[0]:
            texts[0] = _with_stamps(page, texts[0], warnings)
        total += len(texts[-1])
        if total > max_chars:
            raise PdfError(
                f"text longer than the per-file limit of {max_chars:,} characters (passed on page {number} "
                f"of {len(pages):,}; --max-text-chars raises it)"
            )
    return texts


def _with_stamps(page: Any, text: str, warnings: list[str]) -> str:
    """Page one's blank số hiệu and date filled from the e-office's signature stamps, when it has them."""
    stamps = page_stamps(page)
    if not stamps:
        return text
    filled_text, filled = fill_from_stamps(text, stamps, float(page.mediabox.width))
    if filled:
        warnings.append(f"{' and '.join(filled)} read from the signature stamps over the blank header")
    return filled_text


def _content_bytes(pages: list[Any]) -> int:
    """Decompressed size of every page's content, each distinct stream decompressed once."""
    sizes: dict[Any, int] = {}
    total = 0
    for page in pages:
        ref = page.get("/Contents")
        key = getattr(ref, "idnum", None)
        if key is None or key not in sizes:
            try:
                contents = page.get_contents()
                size = len(contents.get_data()) if contents is not None else 0
            except Exception:  # noqa: BLE001 - a damaged stream is the text extractor's to report
                size = 0
            if key is not None:
                sizes[key] = size
        else:
            size = sizes[key]
        total += size
        if total > MAX_CONTENT_BYTES:
            break
    return total


def _decrypt(reader: PdfReader, warnings: list[str]) -> None:
    try:
        opened = reader.decrypt("")
    except DependencyError as exc:
        raise PdfError("encrypted PDF (AES; install the cryptography package)") from exc
    except Exception as exc:  # noqa: BLE001 - damaged or unsupported encryption dictionaries
        raise PdfError(f"encrypted PDF (unsupported or damaged encryption: {_short(exc)})") from exc
    if not opened:
        raise PdfError("encrypted PDF (password required)")
    warnings.append("encrypted PDF opened with the empty password")


def _page_list(numbers: list[int]) -> str:
    """'page 3' or 'pages 2-4, 7'."""
    runs: list[str] = []
    start = prev = numbers[0]
    for n in [*numbers[1:], None]:
        if n is not None and n == prev + 1:
            prev = n
            continue
        runs.append(str(start) if start == prev else f"{start}-{prev}")
        if n is not None:
            start = prev = n
    label = "page" if len(numbers) == 1 else "pages"
    return f"{label} {', '.join(runs)}"


def _short(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return text[:160] if text else type(exc).__name__


def ocr_available() -> bool:
    """True when pdftoppm and tesseract with Vietnamese data are installed."""
    if not (shutil.which("pdftoppm") and shutil.which("tesseract")):
        return False
    listed = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True, timeout=60)
    return "vie" in listed.stdout.split()


def ocr_page(data: bytes, number: int) -> str:
    """OCR of one page: pdftoppm renders it to a grey PNG, tesseract reads it as Vietnamese."""
    if not ocr_available():
        raise PdfError(
            "scanned PDF: OCR needs pdftoppm and tesseract with Vietnamese "
            "(apt-get install poppler-utils tesseract-ocr tesseract-ocr-vie)"
        )
    with tempfile.TemporaryDirectory(prefix="cpgraph-ocr-") as tmp:
        pdf = Path(tmp) / "in.pdf"
        pdf.write_bytes(data)
        prefix = Path(tmp) / "page"
        _run(
            [
                "pdftoppm",
                "-r",
                str(OCR_DPI),
                "-gray",
                "-png",
                "-f",
                str(number),
                "-l",
                str(number),
                str(pdf),
                str(prefix),
            ],
            f"pdftoppm failed on page {number}",
        )
        images = sorted(Path(tmp).glob("page*.png"))
        if not images:
            raise PdfError(f"OCR failed: page {number} could not be rendered")
        command = ["tesseract", str(images[0]), "stdout", "-l", "vie"]
        return _run(command, f"tesseract failed on page {number}")


def _run(command: list[str], failure: str) -> str:
    try:
        done = subprocess.run(command, capture_output=True, timeout=OCR_TIMEOUT_SECONDS, check=False)
    except subprocess.TimeoutExpired as exc:
        raise PdfError(f"OCR failed: {failure} (timeout)") from exc
    if done.returncode != 0:
        raise PdfError(f"OCR failed: {failure}: {_short(Exception(done.stderr.decode('utf-8', 'replace')))}")
    return done.stdout.decode("utf-8", errors="replace")
