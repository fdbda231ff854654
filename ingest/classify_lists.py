"""Lists of citations and the line they hang from: an opening `Căn cứ A; B; C` or `Thực hiện A; B; C`
read item by item, and bulleted or numbered items under `Thực hiện các văn bản sau:` or a heading of
bases (`I. CĂN CỨ XÂY DỰNG KẾ HOẠCH`). `Căn cứ` carries out directives and plans and cites laws;
`Thực hiện` carries out every item (CONTRACT.md, Relations). Used by `ingest.classify`.
"""

from __future__ import annotations

import re

from ingest.model import Mention

# Types a `Căn cứ` clause carries out (directives and plans), as opposed to legal bases.
DIRECTIVE_TYPES = frozenset(
    {
        "chi_thi",
        "ke_hoach",
        "cong_van",
        "thong_bao",
        "ket_luan",
        "chuong_trinh",
        "de_an",
        "huong_dan",
        "cong_dien",
    }
)


# A bulleted or numbered list item that is only the citation: `- Kế hoạch số …`, `2. Chỉ thị số …`.
_ITEM_MARK = re.compile(r"[ \t]*(?:[-+*•·–]|\d{1,2}[.)]|[a-zđ][.)])?[ \t]*$")


# A line that begins a list item.
_ITEM_LINE = re.compile(r"[ \t]*(?:[-+*•·–]|\d{1,2}[.)]|[a-zđ][.)])[ \t]")


# The line a list hangs from (folded): an opening `Thực hiện …:` / `Căn cứ …:`, or a section heading of
# bases (`I. CĂN CỨ XÂY DỰNG KẾ HOẠCH`, `1. Cơ sở pháp lý`).
_LIST_HEAD = re.compile(
    r"[ \t*_\-]*(?P<cue>can cu(?: vao)?|thuc hien|trien khai(?: thuc hien)?)\b[^\n]{0,160}:[ \t*_]*$"
    r"|[ \t*_#]*(?:(?:[ivx]+|\d{1,2})[.)/][ \t]*)?(?P<section>can cu|co so)\b[^\n:;\d]{0,60}:?[ \t*_]*$"
)  # (the heading's number may stand on the line above: a header's reading may cut `I.` ⏎ `CĂN CỨ …`)


def list_head(folded: str, m: Mention, kind: str) -> tuple[str, int, int] | None:
    """The relation an item of a list gets from the line the list hangs from, and where its cue is:
    `Thực hiện các văn bản sau:` ⏎ `- Kế hoạch số …` carries out every item; under `Căn cứ …:` or a
    heading `I. CĂN CỨ XÂY DỰNG KẾ HOẠCH` each item is read as a `Căn cứ` clause (directives and plans
    carried out, laws cited). Only an item that is the citation itself, after its bullet or number;
    the lines between must all be items of the same list."""
    line_start = folded.rfind("\n", 0, m.start) + 1
    if not _ITEM_MARK.fullmatch(folded, line_start, m.start):
        return None
    end = line_start - 1
    for _ in range(20):
        if end <= 0:
            return None
        start = folded.rfind("\n", 0, end) + 1
        line = folded[start:end]
        if line.strip():
            head = _LIST_HEAD.fullmatch(line)
            if head is not None:
                basis = head["section"] is not None or head["cue"].startswith("can cu")
                relation = "IMPLEMENTS" if not basis or kind in DIRECTIVE_TYPES else "CITES"
                cue = "section" if head["section"] is not None else "cue"
                return relation, start + head.start(cue), start + head.end(cue)
            if not _ITEM_LINE.match(line):
                return None
        end = start - 1
    return None


# An opening basis clause whose every item is read by its own kind: `Căn cứ` carries out directives
# and plans and cites laws; `Thực hiện` carries out every item.
_LIST_OPENING = re.compile(r"[\s*_\-]*(?P<cue>can cu(?: vao)?|thuc hien|trien khai thuc hien)\b")


def list_opening(folded: str, m: Mention, kind: str) -> str | None:
    line_start = folded.rfind("\n", 0, m.sentence_start) + 1
    opening = _LIST_OPENING.match(folded, min(line_start, m.sentence_start), m.start)
    if opening is None:
        opening = _LIST_OPENING.match(folded, m.sentence_start, m.start)
    if opening is None:
        return None
    if opening["cue"].startswith("can cu"):
        return "IMPLEMENTS" if kind in DIRECTIVE_TYPES else "CITES"
    return "IMPLEMENTS"
