"""Blank the legal portal's own text around a crawled document, without changing the text's length.

A page saved from a legal portal carries the site's banner, a metadata table (`Số hiệu: | 48/2025/QĐ-UBND`,
`Loại văn bản: | Quyết định`) before the document's header and the site's notices after its signature
(log-in messages, a privacy notice that says `Thực hiện Nghị định 13/2023/NĐ-CP …`). None of it is the
document's: read as its text, it gives the document a wrong number and false citations. The portal's
text is replaced by spaces (line breaks kept), so offsets into the text stay valid.

>>> page = ("Bản quyền thuộc THƯ VIỆN PHÁP LUẬT\\nSố hiệu: | 5/2025/QĐ-UBND\\nỦY BAN NHÂN DÂN\\n"
...         "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\\nNội dung.\\nTM. ỦY BAN NHÂN DÂN\\n"
...         "Quý Thành viên lưu ý: trang đổi điều khoản theo Nghị định 13/2023/NĐ-CP …\\n"
...         "Đăng nhập THƯ VIỆN PHÁP LUẬT\\nĐổi mật khẩu")
>>> [line for line in strip_portal(page).splitlines() if line.strip()]
['ỦY BAN NHÂN DÂN', 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Nội dung.', 'TM. ỦY BAN NHÂN DÂN']
"""

from __future__ import annotations

import re

from ingest.normalize import fold_keep_length

# Words only a portal's own pages write (folded): its name, log-in and member notices, loading banners.
PORTAL_MARKER = re.compile(
    r"thu vien phap luat|thuvienphapluat|luatvietnam|luat viet nam\.vn|vanbanphapluat|hethongphapluat"
    r"|quy khach|dang nhap|dang xuat|dang tai van ban|ban dich nay thuoc"
    r"|click vao phan|tai khoan cua (?:ban|quy)|mat khau"
)
# Addressing the site's members (original text: `quỹ thành viên` is a fund, `Quý Thành viên` a reader).
MEMBER_NOTICE = re.compile(r"Quý (?:[Tt]hành viên|[Kk]hách)")
PORTAL_NAME = re.compile(
    r"thu vien phap luat|thuvienphapluat|luatvietnam|luat viet nam\.vn|vanbanphapluat|hethongphapluat"
)
# The portal's metadata table before the header: `Số hiệu:`, `Loại văn bản:`, `Nơi ban hành:`.
METADATA_FIELD = re.compile(
    r"(?:so hieu|loai van ban|noi ban hanh|nguoi ky|ngay ban hanh|tinh trang)[ \t*]{0,4}[:|]"
)
# The first line of the document's own header.
MOTTO = re.compile(r"cong\s+hoa\s+xa\s+hoi|dang\s+cong\s+san\s+viet\s+nam|doc\s+lap\s*[-–]\s*tu\s+do")


# A portal's notes inside the text: `[Xử lý vi phạm … được hướng dẫn bởi Điều 38 Nghị định 82/2020/NĐ-CP …]`.
PORTAL_NOTE = re.compile(
    r"\[[^\[\]\n]{0,800}?(?:được hướng dẫn bởi|được sửa đổi(?:,? bổ sung)? bởi|được bổ sung bởi|bị bãi bỏ bởi"
    r"|bị thay thế bởi|hết hiệu lực|được đính chính bởi|được hợp nhất)[^\[\]\n]{0,800}\]",
    re.IGNORECASE,
)
SITE_NAMES = (
    "THƯ VIỆN PHÁP LUẬT",
    "Thư viện pháp luật",
    "Thư viện Pháp luật",
    "Thư Viện Pháp Luật",
    "ThuVienPhapLuat",
    "thuvienphapluat",
    "LuatVietnam",
    "luatvietnam",
    "vanbanphapluat",
    "hethongphapluat",
    "HỆ THỐNG PHÁP LUẬT",
    "Hệ thống pháp luật",
    "Hệ Thống Pháp Luật",
)
# The site's own name as written (original text), to find its notices without folding the whole text.
SITE_NAME_TEXT = re.compile(
    r"thư viện pháp luật|thuvienphapluat|luatvietnam|luật việt nam\.vn|vanbanphapluat|hệ thống pháp luật"
    r"|hethongphapluat",
    re.IGNORECASE,
)


def strip_portal(text: str, folded: str | None = None) -> str:
    """The text with the portal's banner, metadata table, notes and closing notices blanked.

    Only the head (where the header is) and the stretch around the site's own name are folded:
    most texts are no crawl, and folding a whole long text twice would cost the ingest its speed.
    """
    if "<br" in text:  # a line break inside a markdown table cell (`UBND HUYỆN X<br>TRƯỜNG Y`)
        text = text.replace("<br>", "\n   ").replace("<br/>", "\n    ").replace("<br />", "\n     ")
    if "[" in text:
        notes = [(m.start(), m.end()) for m in PORTAL_NOTE.finditer(text)]
        if notes:
            text = _blank_spans(text, notes)
    head_end = min(len(text), 20000)
    head = folded[:head_end] if folded is not None else fold_keep_length(text[:head_end])
    motto = MOTTO.search(head)
    if motto is None:
        return text
    start = 0
    if PORTAL_MARKER.search(head, 0, motto.start()) or METADATA_FIELD.search(head, 0, motto.start()):
        start = _header_start(text, head, motto.start())
    end = _notices_start(text, motto.end())
    if start == 0 and end == len(text):
        return text
    return _blank(text[:start]) + text[start:end] + _blank(text[end:])


def _notices_start(text: str, after: int) -> int:
    """Where the site's closing notices begin: a cluster of portal words that names the site."""
    if not any(name in text for name in SITE_NAMES):  # str search: no regex over every long text
        return len(text)
    named = SITE_NAME_TEXT.search(text, after)
    if named is None:
        return len(text)
    lo = max(after, named.start() - 3000)
    folded = fold_keep_length(text[lo:])
    marks = sorted(
        [(lo + m.start(), bool(PORTAL_NAME.fullmatch(m.group()))) for m in PORTAL_MARKER.finditer(folded)]
        + [(m.start(), False) for m in MEMBER_NOTICE.finditer(text, lo)]
    )
    for i, (pos, _) in enumerate(marks):
        # the site's notices come in a cluster that names the site; `đăng nhập` in a text is no notice
        cluster = [is_name for p, is_name in marks[i:] if p < pos + 3000]
        if len(cluster) >= 3 and any(cluster):
            return text.rfind("\n", 0, pos) + 1
    return len(text)


def _header_start(text: str, folded: str, motto_start: int) -> int:
    """Start of the issuer's lines above the motto: walk up over upper-case and decoration lines."""
    line_start = folded.rfind("\n", 0, motto_start) + 1
    start = line_start
    while start > 0:
        prev_start = folded.rfind("\n", 0, start - 1) + 1
        line = text[prev_start : start - 1].strip(" \t*_#|-–—=")
        if line and not line.isupper() and not _NUMBER_LINE.match(line):
            break  # above the issuer's lines and its `Số:` line: the portal's own text
        start = prev_start
    # keep the first issuer line, not the decoration above it
    while start < line_start and not text[start : text.find("\n", start)].strip(" \t*_#|-–—="):
        start = text.find("\n", start) + 1
    return start


# `Số: 12/KH-UBND`, and the Party's `Số 5-KH/HU` without its colon
_NUMBER_LINE = re.compile(r"(?:Số|SỐ|So)\s*(?::|[.]?\s*\d)")


def _blank_spans(text: str, spans: list[tuple[int, int]]) -> str:
    out, last = [], 0
    for start, end in spans:
        out += [text[last:start], _blank(text[start:end])]
        last = end
    out.append(text[last:])
    return "".join(out)


def _blank(part: str) -> str:
    return re.sub(r"[^\n]", " ", part)
