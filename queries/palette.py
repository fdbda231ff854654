"""One palette for every picture of the graph: the web graph (graphsvc/view.py), the coverage map and the
Neo4j Browser style. Import from here; never write a colour of a document type, level or edge elsewhere.

Colours are the Okabe–Ito set (distinguishable with the common colour-vision deficiencies), and colour is
never the only cue: document *families* get the fill, the issuing level gets a ring whose width and the
node's size shrink from central to commune, edges differ by dash pattern and width, and on the coverage map
covered units are filled circles while uncovered ones are hollow squares.

Each colour that carries text states the text colour reaching WCAG AA contrast on it (`text`).

>>> DOC_TYPES["chi_thi"].fill != DOC_TYPES["ke_hoach"].fill
True
>>> [LEVELS[lv].ring_width for lv in ("central", "province", "district", "commune")]
[6, 5, 4, 3]
"""
from __future__ import annotations

from dataclasses import dataclass

# Okabe & Ito (2008), "Color Universal Design".
BLACK = "#000000"
ORANGE = "#E69F00"
SKY_BLUE = "#56B4E9"
BLUISH_GREEN = "#009E73"
YELLOW = "#F0E442"
BLUE = "#0072B2"
VERMILLION = "#D55E00"
REDDISH_PURPLE = "#CC79A7"
GREY = "#999999"


@dataclass(frozen=True)
class Family:
    """A group of document types sharing a fill colour (the legend shows families, not 20 types)."""

    key: str
    name: str
    fill: str
    text: str  # caption colour on that fill (AA contrast)


FAMILIES: dict[str, Family] = {f.key: f for f in (
    Family("party", "Văn bản của Đảng (Chỉ thị, Nghị quyết, Kết luận…)", VERMILLION, BLACK),
    Family("law", "Luật, Công ước, văn bản hợp nhất", BLUE, "#FFFFFF"),
    Family("government", "Nghị định, Quyết định, Thông tư", SKY_BLUE, BLACK),
    Family("plan", "Kế hoạch, Chương trình, Đề án", BLUISH_GREEN, BLACK),
    Family("letter", "Công văn, Hướng dẫn, Công điện", ORANGE, BLACK),
    Family("report", "Báo cáo, Tờ trình", REDDISH_PURPLE, BLACK),
    Family("other", "Văn bản khác", GREY, BLACK),
)}


@dataclass(frozen=True)
class TypeStyle:
    doc_type: str
    name: str  # Vietnamese name
    family: str

    @property
    def fill(self) -> str:
        return FAMILIES[self.family].fill

    @property
    def text(self) -> str:
        return FAMILIES[self.family].text


# Every doc_type of CONTRACT.md, its Vietnamese name and its family.
DOC_TYPES: dict[str, TypeStyle] = {t.doc_type: t for t in (
    TypeStyle("chi_thi", "Chỉ thị", "party"),
    TypeStyle("nghi_quyet", "Nghị quyết", "party"),
    TypeStyle("ket_luan", "Kết luận", "party"),
    TypeStyle("thong_bao", "Thông báo", "party"),
    TypeStyle("quy_dinh", "Quy định", "party"),
    TypeStyle("thong_tri", "Thông tri", "party"),
    TypeStyle("luat", "Luật", "law"),
    TypeStyle("phap_lenh", "Pháp lệnh", "law"),
    TypeStyle("hien_phap", "Hiến pháp", "law"),
    TypeStyle("cong_uoc", "Công ước", "law"),
    TypeStyle("van_ban_hop_nhat", "Văn bản hợp nhất", "law"),
    TypeStyle("nghi_dinh", "Nghị định", "government"),
    TypeStyle("quyet_dinh", "Quyết định", "government"),
    TypeStyle("thong_tu", "Thông tư", "government"),
    TypeStyle("ke_hoach", "Kế hoạch", "plan"),
    TypeStyle("chuong_trinh", "Chương trình", "plan"),
    TypeStyle("de_an", "Đề án", "plan"),
    TypeStyle("cong_van", "Công văn", "letter"),
    TypeStyle("huong_dan", "Hướng dẫn", "letter"),
    TypeStyle("cong_dien", "Công điện", "letter"),
    TypeStyle("bao_cao", "Báo cáo", "report"),
    TypeStyle("to_trinh", "Tờ trình", "report"),
    TypeStyle("other", "Văn bản khác", "other"),
)}


def type_style(doc_type: str | None) -> TypeStyle:
    return DOC_TYPES.get(doc_type or "other", DOC_TYPES["other"])


@dataclass(frozen=True)
class LevelStyle:
    """The issuing body's level: ring colour, ring width and node size (both shrink downwards)."""

    level: str
    name: str
    ring: str
    ring_width: int
    size: int
    rank: int  # row of the hierarchical layout (central on top)


LEVELS: dict[str, LevelStyle] = {lv.level: lv for lv in (
    LevelStyle("central", "Trung ương", BLACK, 6, 24, 0),
    LevelStyle("province", "Tỉnh", "#5B2C83", 5, 19, 1),
    LevelStyle("district", "Huyện", "#8A4B08", 4, 15, 2),
    LevelStyle("commune", "Xã", "#4D4D4D", 3, 12, 3),
    LevelStyle("unit", "Trường, đơn vị", "#4D4D4D", 2, 10, 4),
)}
UNKNOWN_LEVEL = LevelStyle("unknown", "Không rõ", "#767676", 2, 12, 2)


def level_style(level: str | None) -> LevelStyle:
    return LEVELS.get(level or "", UNKNOWN_LEVEL)


@dataclass(frozen=True)
class EdgeStyle:
    type: str
    name: str  # short Vietnamese caption
    colour: str
    width: int
    dashes: tuple[int, ...]  # empty: solid


EDGES: dict[str, EdgeStyle] = {e.type: e for e in (
    EdgeStyle("IMPLEMENTS", "Thực hiện", "#1F3B73", 3, ()),
    EdgeStyle("CITES", "Trích dẫn", "#6B6B6B", 1, (6, 4)),
    EdgeStyle("AMENDS", "Sửa đổi", VERMILLION, 2, (10, 3, 2, 3)),
    EdgeStyle("REPEALS", "Bãi bỏ", BLACK, 2, (2, 3)),
    EdgeStyle("ISSUED_BY", "Ban hành bởi", "#BBBBBB", 1, ()),
    EdgeStyle("PART_OF", "Trực thuộc", "#BBBBBB", 1, ()),
    EdgeStyle("LOCATED_IN", "Thuộc địa bàn", "#BBBBBB", 1, ()),
    EdgeStyle("SUCCEEDED_BY", "Sáp nhập vào", "#BBBBBB", 1, ()),
)}

# Relation strength, strongest first (relation tables sort by it, then by date).
STRENGTH: dict[str, int] = {"IMPLEMENTS": 0, "AMENDS": 1, "REPEALS": 2, "CITES": 3}

ORGANIZATION_FILL = "#EEEEEE"
FOCUS_HIGHLIGHT = YELLOW


@dataclass(frozen=True)
class CoverageStyle:
    """A coverage status on the map and in badges: colour plus a shape, so colour is not the only cue."""

    key: str
    name: str
    colour: str
    shape: str  # "circle" (filled) or "square" (hollow)
    text: str


COVERAGE: dict[str, CoverageStyle] = {c.key: c for c in (
    CoverageStyle("covered", "Đã có kế hoạch", BLUE, "circle", "#FFFFFF"),
    CoverageStyle("uncovered", "Chưa có kế hoạch", VERMILLION, "square", BLACK),
    CoverageStyle("late", "Trễ hạn", ORANGE, "triangle", BLACK),
)}
