"""Files that are not administrative documents at all (a README, a licence, a list of links): CONTRACT.md
says they are no node, and the ingest reports them as skipped with the reason.

A file is a non-document only when its opening has none of the signs of a document: no national or
Party motto, no `Số` line, no line opening with a type word or `V/v`, no capitals line opening with an
issuing body (`UBND …`, `TRƯỜNG …`), no `ngày … tháng … năm …` date. Any one sign keeps it (a damaged
header is still a document).

>>> not_a_document("# Kho văn bản\\n\\nThư mục gồm các tệp văn bản, xếp theo mã tỉnh.\\n")
'not a document: no motto, số hiệu, type heading, issuer or date in its opening'
>>> not_a_document("UBND XA AN BINH\\nSo: 12/KH-UBND\\nKE HOACH\\n") is None
True
"""

from __future__ import annotations

import re

from ingest.normalize import fold

HEAD_CHARS = 4000  # the opening looked at: a header, a portal's table and banner fit in it

# Signs of a document, on folded text (lower case, no diacritics). Line starts may carry the marks
# of markdown and tables (`|`, `*`, `#`, `>`).
_LINE = r"(?m)^[\s|*#>_]*"
_MOTTO = re.compile(r"cong\s*hoa\s+xa\s+hoi|dang\s+cong\s+san\s+viet\s+nam|doc\s+lap\s*-\s*tu\s+do")
_NUMBER_LINE = re.compile(_LINE + r"so\s*(hieu)?\s*[:.]?\s*(\*\*)?\s*[\d/-]")
_TYPE_LINE = re.compile(
    _LINE + r"(ke\s*hoach|quyet\s*dinh|cong\s*van|chi\s*thi|nghi\s*quyet|nghi\s*dinh|thong\s*(bao|tu|tri)"
    r"|bao\s*cao|huong\s*dan|chuong\s*trinh|to\s*trinh|ket\s*luan|de\s*an|cong\s*dien|quy\s*(dinh|che)"
    r"|phap\s*lenh|hien\s*phap|bo\s*luat|luat|v/v)\b"
)
_ISSUER_LINE = re.compile(
    _LINE + r"(ubnd|uy\s*ban|hoi\s*dong|truong|phong|so|bo|ban|tinh\s*uy|thanh\s*uy|huyen\s*uy|quan\s*uy"
    r"|thi\s*uy|dang\s*(uy|bo)|quoc\s*hoi|chinh\s*phu|thu\s*tuong|van\s*phong|cong\s*an|doan|hoi)\b"
)
_DATE = re.compile(r"ngay\s*\d{1,2}\s*thang\s*\d{1,2}\s*nam\s*\d{4}")
SIGNS = (_MOTTO, _NUMBER_LINE, _TYPE_LINE, _DATE)
REASON = "not a document: no motto, số hiệu, type heading, issuer or date in its opening"


def not_a_document(text: str) -> str | None:
    """The reason a text is not an administrative document, or None when it may be one."""
    head = text[:HEAD_CHARS]
    folded = fold(head)
    if any(sign.search(folded) for sign in SIGNS):
        return None
    capitals = "\n".join(line for line in head.split("\n") if line.isupper())  # `Bộ sưu tập` is no `BỘ`
    return None if _ISSUER_LINE.search(fold(capitals)) else REASON
