"""How one synthetic document cites another: type word, số hiệu, date, issuer, subject.

A citation of a local document names its issuer in the forms real texts use, shortened when
the citing body sits in the same province or district (`của UBND tỉnh`, `của Ban Thường vụ
Huyện ủy`). Per-citation noise (lower case, missing diacritics, a space in the số hiệu, a line
break) never changes which document is meant.
"""

from __future__ import annotations

from random import Random
from typing import Any

from devtools.synth import noise, rounds
from devtools.synth.central import CENTRAL

Doc = dict[str, Any]

LABELS = {"ke_hoach": "Kế hoạch", "cong_van": "Công văn"}

# What a cascade is about, for subjects that do not cite the central document itself.
TOPICS = {
    "qd-ttg-1555-2012": "về thực hiện các mục tiêu vì trẻ em giai đoạn 2012 - 2020",
    "qd-ttg-2361-2015": "về công tác bảo vệ trẻ em giai đoạn 2016 - 2020",
    "qd-ttg-23-2021": "về thực hiện các mục tiêu vì trẻ em giai đoạn 2021 - 2030",
}

# Roles whose subject (trích yếu) cites their parents; the others name only the work to do.
CITING_SUBJECT = {"tu", "ubnd_t", "so_ld", "so_gd", "hu", "ubnd_h", "phong_gd", "du", "ubnd_x"}


def topic(doc: Doc) -> str:
    """`về …` phrase of a document's cascade."""
    newer = rounds.topic(doc.get("round") or "", doc.get("year_round") or 0)
    if newer:
        return newer
    if doc.get("round") == "month":
        return f"về tổ chức Tháng hành động vì trẻ em năm {doc['year_round']}"
    if doc.get("year_round"):
        return f"về công tác bảo vệ, chăm sóc và giáo dục trẻ em năm {doc['year_round']}"
    root = doc["root"]
    return TOPICS.get(root) or str(CENTRAL[root]["theme"])


def subject_refs(doc: Doc) -> list[str]:
    """Ids the subject line of a document cites (its parents, when its role cites them there)."""
    if doc["role"] in CITING_SUBJECT and not (doc.get("year_round") and doc["role"] in ("ubnd_t", "so_ld")):
        return list(doc["parents"])
    return []


def sohieu(doc: Doc, typo: str | None = None) -> str:
    """`42-KH/HU`, `60/KH-UBND`, `56/2017/NĐ-CP`; `Số:      /KH-UBND`-style blank gives the symbol only."""
    if "sohieu" in doc:
        return str(doc["sohieu"])
    symbol = typo or doc["symbol"]
    sep = "-" if doc.get("party") else "/"
    return f"{doc['number'] or ''}{sep}{symbol}"


def date_words(iso: str, rng: Random, day_blank: bool = False) -> str:
    """`05/11/2012`, `5/11/2012` or `05 tháng 11 năm 2012`."""
    y, m, d = iso.split("-")
    style = rng.random()
    if day_blank:
        return f"   tháng {int(m)} năm {y}"
    if style < 0.45:
        return f"{d}/{m}/{y}"
    if style < 0.8:
        return f"{int(d)}/{int(m)}/{y}"
    return f"{d} tháng {int(m)} năm {y}"


def issuer_phrase(cited: Doc, citing: Doc, rng: Random) -> str:
    """The issuer of a cited local document as the citing body would write it."""
    name = str(cited["issuer"])
    role = cited["role"]
    same_province = cited["pcode"] == citing["pcode"]
    same_district = same_province and cited.get("dcode") and cited.get("dcode") == citing.get("dcode")
    r = rng.random()
    if role in ("tu", "hu", "du"):
        word = name.split(" ")[0] + " " + name.split(" ")[1]  # "Tỉnh ủy", "Huyện ủy", "Đảng ủy"
        if role != "du" and r < 0.45:
            return (
                f"Ban Thường vụ {word}"
                if (same_district or role == "tu") and r < 0.25
                else f"Ban Thường vụ {name}"
            )
        return name
    if role in ("ubnd_t", "ubnd_h", "cv_h", "ubnd_x"):
        place = name[len("UBND ") :]
        kind_word = _unit_word(place)
        short_ok = (role == "ubnd_t" and same_province) or (role in ("ubnd_h", "cv_h") and same_district)
        if short_ok and r < 0.3:
            return f"UBND {kind_word}"
        if r < 0.45:
            return f"Ủy ban nhân dân {place}"
        return name
    if role in ("so_ld", "so_gd") and same_province and r < 0.4:
        return name.rsplit(" tỉnh ", 1)[0].rsplit(" thành phố ", 1)[0]
    if role == "phong_gd" and same_district and r < 0.4:
        return "Phòng Giáo dục và Đào tạo" if r < 0.25 else "Phòng GDĐT"
    return name


def _unit_word(place: str) -> str:
    """`huyện Núi Thành` -> `huyện`; `thị xã Sơn Tây` -> `thị xã`; `thành phố Hà Nội` -> `thành phố`."""
    for word in ("thành phố", "thị xã", "thị trấn", "huyện", "quận", "tỉnh", "phường", "xã"):
        if place.startswith(word + " "):
            return word
    return place.split(" ")[0]


def cite(target: str, citing: Doc, docs: dict[str, Doc], rng: Random, full: bool = True) -> str:
    """The citation of `target` inside `citing`: full (date and issuer) or short."""
    if target in CENTRAL:
        text = _cite_central(target, rng, full)
    else:
        doc = docs[target]
        number = sohieu(doc, citing.get("cite_typos", {}).get(target))
        if rng.random() < 0.03:
            number = noise.spaced_sohieu(number, rng)
        text = f"{LABELS[doc['doc_type']]}{' số' if rng.random() < 0.85 else ''} {number}"
        if full:
            text += f" ngày {date_words(doc['date'], rng)} của {issuer_phrase(doc, citing, rng)}"
    return _cite_noise(text, rng)


def _cite_central(target: str, rng: Random, full: bool) -> str:
    row = CENTRAL[target]
    named = row.get("named")
    if named and row.get("by_name") and rng.random() < 0.5:
        return f"{named} năm {row['date'][:4]}" if rng.random() < 0.5 else str(named)
    number = str(row["sohieu"])
    if rng.random() < 0.03:
        number = noise.spaced_sohieu(number, rng)
    head = str(named) if named else str(row["label"])
    text = f"{head}{' số' if rng.random() < 0.85 else ''} {number}"
    if full:
        text += f" ngày {date_words(str(row['date']), rng)}"
        if not named:
            text += f" của {row['issuer']}"
    return text


def _cite_noise(text: str, rng: Random) -> str:
    r = rng.random()
    if r < 0.02:
        return noise.lower_case(text)
    if r < 0.05:
        cut = next((i for i, c in enumerate(text) if c.isdigit()), len(text))
        return noise.strip_diacritics(text[:cut]) + text[cut:]
    if r < 0.09:
        return noise.break_line(text, rng)
    return text
