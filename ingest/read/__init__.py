"""Read step of the ingest: files and folders in, normalised text per file out, never an exception.

`walk` lists the files to read; `read_document` turns one file into a `ReadResult` (`document`). The
formats have a module each (`text` with the legacy Vietnamese encodings of `legacy_encodings` and the
syllable score of `score`, `docx`, `pdf`, `html`); `glyphs` repairs broken glyphs inside Unicode text.
"""

from ingest.read.document import (
    MAX_TEXT_CHARS,
    SUPPORTED,
    ReadResult,
    clean_text,
    read_document,
    relative_source,
    sha256_of,
    walk,
)

__all__ = [
    "MAX_TEXT_CHARS",
    "SUPPORTED",
    "ReadResult",
    "clean_text",
    "read_document",
    "relative_source",
    "sha256_of",
    "walk",
]
