"""Reading one file or walking folders: the read step's driver (`ingest.read` exports its public names).

`walk` lists the files to read (recursive, sorted, symbolic-link loops safe); `read_document` turns one
file into a `ReadResult`: its normalised text (`ingest.normalize.normalize_text`, the text evidence
offsets refer to) or a one-line error saying why it could not be read. One bad file never stops a run.

Formats: .txt/.md (encoding detection in `text`, legacy Vietnamese encodings in
`legacy_encodings`), .docx (`docx`), .doc (`doc`; a Word file is read by what its bytes are, whatever
its name says), .pdf (`pdf`), .html/.htm (`html`).
"""

from __future__ import annotations

import errno
import hashlib
import logging
import os
import re
import stat
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from ingest.normalize import LOOKALIKES
from ingest.read.doc import OLE2_MAGIC, DocError, doc_text
from ingest.read.docx import DocxError, docx_text
from ingest.read.glyphs import repair_glyphs
from ingest.read.html import HtmlError, html_text
from ingest.read.pdf import PdfError, pdf_text
from ingest.read.text import BinaryFile, decode_bytes, repair_mojibake

log = logging.getLogger(__name__)

SUPPORTED = {".txt", ".md", ".docx", ".doc", ".pdf", ".html", ".htm", ".csv"}
FORMATS = {
    ".txt": "txt",
    ".md": "md",
    ".docx": "docx",
    ".doc": "doc",
    ".pdf": "pdf",
    ".html": "html",
    ".htm": "html",
    ".csv": "csv",
}  # csv: tables of subject lines, one document per row (ingest.extract_table)
MAX_BYTES = 64 * 2**20
# Text one file may give (characters): a longer text is refused with this reason, before extraction
# would spend minutes and gigabytes on it (the largest real document seen gives under 2 million).
MAX_TEXT_CHARS = 8_000_000
_HASH_CHUNK = 2**20

# Control characters dropped from every text (tab and line feed kept); form feed, vertical tab and the
# Unicode line/paragraph separators end a line.
# What `clean_text` changes besides NFC: line breaks other than `\n`, control characters, and
# the look-alike letters of `normalize.LOOKALIKES`. One character class, so one scan finds them
# all (they are rare; three passes cost a tenth of the whole extraction).
_LINE_BREAK_CHARS = "\r\x0b\x0c\u2028\u2029"
_CONTROL_CHARS = "\x00-\x08\x0e-\x1f\x7f\ufffe\uffff"
_CHANGED_CHARS = re.compile(
    "[" + _LINE_BREAK_CHARS + _CONTROL_CHARS + "".join(re.escape(chr(c)) for c in LOOKALIKES) + "]"
)


@dataclass(frozen=True)
class ReadResult:
    """One file read: its normalised text, or the reason it could not be read."""

    path: Path  # absolute path read (symbolic links not resolved)
    relpath: str  # relative to the ingest root, '/'-separated, NFC (the document's `source`)
    text: str | None  # normalised text, None when unreadable
    format: str  # "txt" | "md" | "docx" | "doc" | "pdf" | "html" ("" for an unsupported extension)
    encoding: str | None  # source encoding of text files ("utf-8", "utf-16", "cp1258", "tcvn3", "vni", ...)
    sha256: str  # of the raw bytes ("" when they could not be read)
    size: int  # bytes
    warnings: tuple[str, ...]  # what was repaired or left out: "converted from TCVN3 (ABC)", ...
    error: str | None  # one-line reason when text is None
    mtime_ns: int = 0  # modification time when it was read (0 when unknown): the manifest's, no second stat

    @property
    def ok(self) -> bool:
        return self.error is None


def sha256_of(path: Path) -> str:
    """SHA-256 of a file, streamed in 1 MB chunks (never the whole file in memory)."""
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        while chunk := stream.read(_HASH_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def relative_source(path: Path, root: Path) -> str:
    """`path` relative to `root`, '/'-separated and NFC; bytes that are not UTF-8 become U+FFFD."""
    rel = os.path.relpath(os.path.abspath(path), os.path.abspath(root))
    rel = rel.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return unicodedata.normalize("NFC", rel.replace(os.sep, "/"))


def read_document(
    path: Path,
    root: Path,
    *,
    ocr: bool = False,
    max_bytes: int = MAX_BYTES,
    max_chars: int = MAX_TEXT_CHARS,
) -> ReadResult:
    """Read one file. Never raises: problems end up in `error` (unreadable) or `warnings` (repaired)."""
    path = Path(os.path.abspath(path))
    relpath = relative_source(path, root)
    fmt = FORMATS.get(path.suffix.lower(), "")
    try:
        return _read(path, relpath, fmt, ocr, max_bytes, max_chars)
    except Exception as exc:  # noqa: BLE001 - the promise is that one file never stops a run
        log.exception("reading %s failed", relpath)
        return _failed(path, relpath, fmt, f"internal error while reading: {type(exc).__name__}: {exc}")


def _failed(
    path: Path,
    relpath: str,
    fmt: str,
    error: str,
    *,
    sha256: str = "",
    size: int = 0,
    encoding: str | None = None,
    warnings: tuple[str, ...] = (),
) -> ReadResult:
    return ReadResult(path, relpath, None, fmt, encoding, sha256, size, warnings, error)


class TextTooLong(ValueError):
    """The text of a file passes the per-file limit."""


def text_too_long(chars: int, max_chars: int) -> TextTooLong:
    return TextTooLong(
        f"text longer than the per-file limit of {max_chars:,} characters ({chars:,} or more; "
        "--max-text-chars raises it)"
    )


def _read(path: Path, relpath: str, fmt: str, ocr: bool, max_bytes: int, max_chars: int) -> ReadResult:
    if not fmt:
        suffix = path.suffix or "no extension"
        return _failed(path, relpath, fmt, f"unsupported file type ({suffix})")
    try:
        info = os.stat(path)
    except OSError as exc:
        return _failed(path, relpath, fmt, _os_error(exc, path))
    if not stat.S_ISREG(info.st_mode):
        what = "a folder" if stat.S_ISDIR(info.st_mode) else "a device, pipe or socket"
        return _failed(path, relpath, fmt, f"not a regular file ({what})")
    if info.st_size > max_bytes:
        return _too_large(path, relpath, fmt, info.st_size, max_bytes)
    try:
        with open(path, "rb") as stream:
            # sized by stat: `read(max_bytes + 1)` would allocate 64 MB for every 15 KB file (10x slower)
            data = stream.read(info.st_size + 1)
            if len(data) > info.st_size:  # the file grew after stat: read on, up to one byte past the limit
                data += stream.read(max(0, max_bytes + 1 - len(data)))
    except OSError as exc:
        return _failed(path, relpath, fmt, _os_error(exc, path), size=info.st_size)
    if len(data) > max_bytes:  # the file grew after stat
        return _too_large(path, relpath, fmt, len(data), max_bytes)
    sha256 = hashlib.sha256(data).hexdigest()
    if not data:
        return _failed(path, relpath, fmt, "empty file", sha256=sha256)
    encoding: str | None = None
    warnings: list[str] = []
    try:
        # more characters than the limit, whatever the encoding
        if fmt in ("txt", "md", "csv") and len(data) > 4 * max_chars:
            raise text_too_long(len(data) // 4, max_chars)
        if fmt in ("txt", "md", "html", "csv"):
            decoded = decode_bytes(data)
            encoding, warnings = decoded.encoding, list(decoded.warnings)
            raw_text = html_text(decoded.text) if fmt == "html" else decoded.text
        elif fmt in ("docx", "doc"):
            raw_text, warnings = _word_text(data, fmt)
        else:
            raw_text, warnings = pdf_text(data, ocr=ocr, max_chars=max_chars)
        if len(raw_text) > max_chars:
            raise text_too_long(len(raw_text), max_chars)
    except (BinaryFile, DocxError, DocError, PdfError, HtmlError, TextTooLong) as exc:
        return _failed(
            path,
            relpath,
            fmt,
            str(exc),
            sha256=sha256,
            size=len(data),
            encoding=encoding,
            warnings=tuple(warnings),
        )
    text = clean_text(raw_text)
    if not text.strip():
        error = "empty file" if fmt in ("txt", "md") else f"no text in this {fmt} file"
        return _failed(
            path,
            relpath,
            fmt,
            error,
            sha256=sha256,
            size=len(data),
            encoding=encoding,
            warnings=tuple(warnings),
        )
    return ReadResult(path, relpath, text, fmt, encoding, sha256, len(data), tuple(warnings), None,
                      info.st_mtime_ns)


def _word_text(data: bytes, fmt: str) -> tuple[str, list[str]]:
    """A Word file by what its bytes are, whatever its name says: a `.doc` that is a `.docx` (or the
    reverse), or a web page saved under a Word name (`Save as Web Page`, then renamed)."""
    warnings: list[str] = []
    if data.startswith(OLE2_MAGIC):
        text = doc_text(data)
        if fmt == "docx":
            warnings.append("a Word 97-2003 .doc named .docx: read as .doc")
        text, repairs = repair_mojibake(text)  # 8-bit pieces typed in a TCVN3 or VNI font
        return text, warnings + list(repairs)
    if data.startswith(b"PK"):
        if fmt == "doc":
            warnings.append("a .docx named .doc: read as .docx")
        return docx_text(data), warnings
    if data.lstrip()[:1] == b"<" and fmt == "doc":
        decoded = decode_bytes(data)
        return html_text(decoded.text), ["a web page named .doc: read as HTML", *decoded.warnings]
    if data.startswith(b"{\\rtf"):
        raise DocError(f"an RTF file named .{fmt}: not supported (save it as .docx)")
    if fmt == "docx":
        return docx_text(data), warnings  # its own clear message for what is no ZIP
    raise DocError("not a Word 97-2003 .doc: no OLE2 compound file")


def clean_text(text: str) -> str:
    r"""Line breaks unified, control characters dropped, then `normalize_text` (NFC, `Ð` -> `Đ`).

    >>> clean_text("Ð\u1ea1i ho\u0323c\r\nK\x07e\u0302\u0301\u2028")
    'Đại học\nKế\n'
    """
    text = repair_glyphs(unicodedata.normalize("NFC", text.replace("\r\n", "\n")))  # before soft hyphens go
    return unicodedata.normalize("NFC", _CHANGED_CHARS.sub(_clean_char, text))


def _clean_char(m: re.Match[str]) -> str:
    c = m.group()
    if c in _LINE_BREAK_CHARS:
        return "\n"
    return LOOKALIKES.get(ord(c)) or ""  # a control character, or a look-alike repaired


def _too_large(path: Path, relpath: str, fmt: str, size: int, max_bytes: int) -> ReadResult:
    try:
        sha256 = sha256_of(path)
    except OSError:
        sha256 = ""
    limit = f"{max_bytes / 2**20:g} MB"
    return _failed(
        path,
        relpath,
        fmt,
        f"file larger than {limit} limit ({size / 2**20:.0f} MB)",
        sha256=sha256,
        size=size,
    )


def _os_error(exc: OSError, path: Path) -> str:
    if exc.errno == errno.ELOOP:
        return "symbolic link loop"
    if isinstance(exc, FileNotFoundError):
        return "broken symbolic link" if os.path.islink(path) else "file not found"
    if isinstance(exc, PermissionError):
        return "permission denied"
    return f"cannot read file: {exc.strerror or exc}"


# --- walking folders --------------------------------------------------------------------------------


def walk(paths: Sequence[Path], problems: list[str] | None = None) -> Iterator[tuple[Path, Path]]:
    """(root, file) pairs for the files to read, each under the root it was found in.

    A file given by name is yielded with its folder as root, whatever its extension (reading it says
    if it is unsupported). Folders are walked recursively in sorted order, following symbolic links to
    files and to folders not visited yet (a loop is reported, not followed); hidden entries (`.name`)
    are skipped, and so are files with unsupported extensions (counted in a problem message). Broken
    links with a supported extension are yielded so that reading reports them. The same file reached
    twice (two links, or given twice) is yielded once. Problems are appended to `problems` (and logged
    at INFO level).
    """
    report = problems if problems is not None else []
    seen_files: set[tuple[int, int]] = set()
    for given in paths:
        path = Path(os.path.abspath(given))
        try:
            info = os.stat(path)
        except OSError as exc:
            if os.path.islink(path):
                yield path.parent, path
            else:
                _problem(report, f"{given}: {_os_error(exc, path)}")
            continue
        if stat.S_ISDIR(info.st_mode):
            yield from _walk_folder(path, report, seen_files)
        elif _first_time(info, seen_files):
            yield path.parent, path


def _problem(report: list[str], message: str) -> None:
    report.append(message)
    log.info("%s", message)


def _first_time(info: os.stat_result, seen: set[tuple[int, int]]) -> bool:
    key = (info.st_dev, info.st_ino)
    if key in seen:
        return False
    seen.add(key)
    return True


def _sorted_entries(folder: Path, root: Path, report: list[str]) -> list[os.DirEntry[str]]:
    try:
        with os.scandir(folder) as entries:
            return sorted(entries, key=lambda entry: entry.name)
    except OSError as exc:
        _problem(report, f"{relative_source(folder, root.parent)}: folder {_os_error(exc, folder)}")
        return []


def _walk_folder(
    root: Path, report: list[str], seen_files: set[tuple[int, int]]
) -> Iterator[tuple[Path, Path]]:
    """Depth-first, sorted by name, with an explicit stack (no recursion limit on deep trees)."""
    root_info = os.stat(root)
    visited = {(root_info.st_dev, root_info.st_ino)}
    stack = [iter(_sorted_entries(root, root, report))]
    skipped: dict[str, int] = {}
    while stack:
        entry = next(stack[-1], None)
        if entry is None:
            stack.pop()
            continue
        if entry.name.startswith("."):
            continue
        path = Path(entry.path)
        try:
            info: os.stat_result | None = os.stat(path)
        except OSError:
            info = None
        if info is not None and stat.S_ISDIR(info.st_mode):
            key = (info.st_dev, info.st_ino)
            if key in visited:
                rel = relative_source(path, root)
                _problem(report, f"{rel}: folder already walked (symbolic link loop or duplicate), skipped")
                continue
            visited.add(key)
            stack.append(iter(_sorted_entries(path, root, report)))
            continue
        suffix = path.suffix.lower()
        if suffix not in SUPPORTED:
            skipped[suffix or "(none)"] = skipped.get(suffix or "(none)", 0) + 1
            continue
        if info is None or _first_time(info, seen_files):
            yield root, path
    if skipped:
        kinds = ", ".join(f"{n} {suffix}" for suffix, n in sorted(skipped.items()))
        _problem(report, f"{root.name or root}: skipped files of unsupported types ({kinds})")
