"""The header block of a planned document (issuing body, national motto, số hiệu, place and date) and
its signature block, as fields; `layout` writes the fields out in one of the shapes real files have.

`rng` is the document's text generator (its draws are those of the clean text); `nrng` draws the
real-noise variants only, so a corpus without real noise is the clean corpus byte for byte.
"""

from __future__ import annotations

from dataclasses import dataclass
from random import Random
from typing import Any

from devtools.synth import noise, prose, realnoise
from devtools.synth.cite import sohieu
from devtools.synth.units import party_body
from ingest import gazetteer

Doc = dict[str, Any]

SURNAMES = (
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Huỳnh",
    "Phan",
    "Vũ",
    "Võ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
    "Dương",
    "Lý",
    "Đinh",
    "Trương",
)
MIDDLES = ("Văn", "Thị", "Hữu", "Đức", "Minh", "Thanh", "Quốc", "Ngọc", "Xuân", "Công", "Thị Thu", "Đình")
GIVEN = (
    "An",
    "Bình",
    "Cường",
    "Dũng",
    "Hải",
    "Hà",
    "Hùng",
    "Lan",
    "Long",
    "Mai",
    "Nam",
    "Phong",
    "Quang",
    "Sơn",
    "Tâm",
    "Thắng",
    "Thảo",
    "Trung",
    "Tuấn",
    "Vinh",
    "Yến",
    "Hạnh",
    "Hoa",
    "Khánh",
    "Lộc",
    "Nga",
)

MOTTO_STATE = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")
MOTTO_PARTY = ("ĐẢNG CỘNG SẢN VIỆT NAM",)


@dataclass
class Header:
    """The fields of a header; `number` and `date` may hold line breaks (noise)."""

    org: list[str]  # issuing body, one line per line of the left column
    motto: list[str]
    number: str
    date: str
    number_first: bool  # the Số line before the motto (single-column copies)


def _unit(code: str | None) -> Any:
    return gazetteer.unit(code) if code else None


def _local_unit(doc: Doc) -> Any:
    """The unit a people's committee document is issued at: commune, district or province."""
    return _unit(doc.get("ccode")) or _unit(doc.get("dcode")) or _unit(doc["pcode"])


def org_lines(doc: Doc, rng: Random, nrng: Random, kinds: list[str]) -> list[str]:
    """The issuing body's lines (left column): parent body first where real headers put it."""
    p = _unit(doc["pcode"])
    d, c = _unit(doc.get("dcode")), _unit(doc.get("ccode"))
    role = doc["role"]
    if role == "tu":
        return [party_body(p)[0].upper(), "*"]
    if role == "hu":
        return [f"ĐẢNG BỘ {p.kind} {p.name}".upper(), party_body(d)[0].upper(), "*"]
    if role == "du":
        return [f"ĐẢNG BỘ {d.kind} {d.name}".upper(), party_body(c)[0].upper(), "*"]
    if role in realnoise.UBND_ROLES:
        u = c or d or p
        two = rng.random() < 0.6
        if "no_place" in kinds:  # the committee without its unit: only the signature names it
            return ["ỦY BAN NHÂN DÂN" if two else "UBND"]
        return (
            ["ỦY BAN NHÂN DÂN", f"{u.kind} {u.name}".upper()] if two else [f"UBND {u.kind} {u.name}".upper()]
        )
    if role in ("so_ld", "so_gd"):
        return [f"UBND {p.kind} {p.name}".upper(), doc["issuer"].split(f" {p.kind} ")[0].upper()]
    if role == "phong_gd":
        return [f"UBND {d.kind} {d.name}".upper(), "PHÒNG GIÁO DỤC VÀ ĐÀO TẠO"]
    school = doc["issuer"] if rng.random() < 0.5 else doc["issuer_alts"][0]
    parent = f"PHÒNG GD&ĐT {d.kind} {d.name}".upper()
    if "school_parent" in kinds:  # other ways schools write their parent line(s)
        variant = nrng.randrange(3)
        if variant == 0:
            return [f"PHÒNG GIÁO DỤC VÀ ĐÀO TẠO {d.kind} {d.name}".upper(), school.upper()]
        if variant == 1:
            return [f"UBND {d.kind} {d.name}".upper(), "PHÒNG GIÁO DỤC VÀ ĐÀO TẠO", school.upper()]
        return [f"PHÒNG GDĐT {d.kind.upper()} {d.name.upper()}", school.upper(), "-----***-----"]
    return [parent, school.upper()]


def number_line(doc: Doc, rng: Random, nrng: Random, kinds: list[str]) -> str:
    if doc.get("placeholder"):
        return "#SoKyHieuVanBan"
    if doc["number"] is None:
        sep = "-" if doc.get("party") else "/"
        return f"Số:      {sep}{doc['symbol']}"
    text = sohieu(doc, doc.get("typo"))
    if rng.random() < 0.03:
        text = noise.spaced_sohieu(text, rng)
    line = f"Số {text}" if doc.get("party") and rng.random() < 0.5 else f"Số: {text}"
    if "number_noise" in kinds:
        return realnoise.noisy_number(text, nrng)
    return line


def date_line(doc: Doc, rng: Random, nrng: Random, place: str, kinds: list[str]) -> str:
    if doc.get("placeholder"):
        return "#DiaDiemNgayBanHanh"
    y, m, d = doc["date"].split("-")
    day = "    " if doc.get("day_blank") else (d if rng.random() < 0.6 else str(int(d)))
    month = m if rng.random() < 0.2 else str(int(m))
    if "no_place" in kinds and nrng.random() < 0.5:
        return f"ngày {day} tháng {month} năm {y}"
    line = f"{place}, ngày {day} tháng {month} năm {y}"
    if "date_noise" in kinds and not doc.get("day_blank"):
        return realnoise.noisy_date(line, nrng)
    return line


def build(doc: Doc, rng: Random, nrng: Random, place: str, missing: bool, kinds: list[str]) -> Header:
    """The header fields; draws from `rng` in the order of the clean text."""
    date = date_line(doc, rng, nrng, place, kinds)
    org = [] if missing else org_lines(doc, rng, nrng, kinds)
    motto = list(MOTTO_PARTY if doc.get("party") else MOTTO_STATE)
    if "motto_split" in kinds:
        motto = realnoise.motto_split_line(motto[0], nrng) + motto[1:]
    number = number_line(doc, rng, nrng, kinds)
    return Header(org, motto, number, date, number_first=rng.random() >= 0.5)


def signature(doc: Doc, rng: Random, nrng: Random, kinds: list[str]) -> list[str]:
    """The signature block: capacity, title, two blank lines for the signature, the name. A people's
    committee whose header has no place names its unit here."""
    role = doc["role"]
    deputy = rng.random() < 0.5
    if role in ("tu", "hu", "du"):
        block = ["T/M BAN THƯỜNG VỤ" if role != "du" else "T/M ĐẢNG ỦY", "PHÓ BÍ THƯ" if deputy else "BÍ THƯ"]
    elif role in realnoise.UBND_ROLES:
        block = ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"] if deputy else ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]
        if "no_place" in kinds:
            u = _local_unit(doc)
            unit = f"{u.kind} {u.name}".upper()
            block = (
                [f"KT. CHỦ TỊCH UBND {unit}", "PHÓ CHỦ TỊCH"]
                if deputy
                else nrng.choice(([f"TM. ỦY BAN NHÂN DÂN {unit}", "CHỦ TỊCH"], [f"CHỦ TỊCH UBND {unit}"]))
            )
    elif role in ("so_ld", "so_gd"):
        block = ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"] if deputy else ["GIÁM ĐỐC"]
    elif role == "phong_gd":
        block = ["KT. TRƯỞNG PHÒNG", "PHÓ TRƯỞNG PHÒNG"] if deputy else ["TRƯỞNG PHÒNG"]
    else:
        block = ["KT. HIỆU TRƯỞNG", "PHÓ HIỆU TRƯỞNG"] if deputy else ["HIỆU TRƯỞNG"]
    name = f"{prose.pick(rng, SURNAMES)} {prose.pick(rng, MIDDLES)} {prose.pick(rng, GIVEN)}"
    return [*block, "", "", name]
