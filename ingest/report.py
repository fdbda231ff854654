"""Text from file names and file contents made safe to print on one line of a report.

A file name may hold a newline (which could forge a line of the report), other control characters,
or bytes that are not UTF-8 (kept by Python as lone surrogates, which cannot even be printed).

>>> printable("new\\nline.txt")
'new\\\\nline.txt'
>>> printable("t\\udceaAn.txt")
't\\\\xeaAn.txt'
>>> printable("Kế hoạch\\t60.txt")
'Kế hoạch\\\\t60.txt'
"""

from __future__ import annotations

import re

# C0 and C1 control characters, DEL, the Unicode line/paragraph separators, bidi overrides, and lone
# surrogates (undecodable bytes of a file name).
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(m: re.Match[str]) -> str:
    c = m.group()
    if c in _NAMED:
        return _NAMED[c]
    code = ord(c)
    if 0xDC80 <= code <= 0xDCFF:  # an undecodable byte, as surrogateescape keeps it
        return f"\\x{code - 0xDC00:02x}"
    return f"\\u{code:04x}" if code > 0xFF else f"\\x{code:02x}"


def printable(text: str) -> str:
    """`text` with control characters and undecodable bytes escaped (`\\n`, `\\x1b`, `\\xea`)."""
    return _UNSAFE.sub(_escape, str(text))
