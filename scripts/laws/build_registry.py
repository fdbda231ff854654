"""Build `ingest/data/laws.json`, the registry of named laws, from `scripts/laws/laws.tsv`.

A development tool, run by hand after editing the TSV: `python3 scripts/laws/build_registry.py`.
Each TSV row is one law, code, constitution or ordinance (số hiệu, symbol, date passed, date in
force, title, optional family). Rows are grouped into families of successive versions (the
family is the title without `(sửa đổi)`, or the given one: `Luật Bảo vệ, chăm sóc và giáo dục
trẻ em` -> `Luật Trẻ em`); an amending law (`Luật sửa đổi, bổ sung một số điều của Luật …`) is a
family of its own, linked to the laws it amends. The output is deterministic (sorted, fixed
indentation) so that re-running without edits changes nothing.
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
SRC = Path(__file__).with_name("laws.tsv")
OLD_ALIASES = Path(__file__).with_name("aliases.json")
OUT = ROOT / "ingest" / "data" / "laws.json"
CENTRAL_SRC = Path(__file__).with_name("central_documents.tsv")
CENTRAL_OUT = ROOT / "ingest" / "data" / "central_documents.json"
_DOC_TYPES = {
    "CT/TW": "chi_thi",
    "NQ/TW": "nghi_quyet",
    "KL/TW": "ket_luan",
    "QĐ/TW": "quy_dinh",
    "NQ-CP": "nghi_quyet",
    "QĐ-TTg": "quyet_dinh",
    "CT-TTg": "chi_thi",
}

SOURCES = {
    "public-record": (
        "The law's own text as published (Công báo; vbpl.vn, vanban.chinhphu.vn): số hiệu, the closing "
        "formula 'Luật này đã được Quốc hội … thông qua ngày …' and the entry-into-force article. Compiled "
        "by hand for cpgraph: no machine-readable crawl listing every law was found in the searchable "
        "public index, so obscure entries should be checked before they are relied on."
    ),
    "underthesea-vlc": (
        "undertheseanlp/underthesea, extensions/datasets/CP_Vietnamese-VLC/output/processed/: file names "
        "of the corpus carry the title, year and số hiệu of each law (cross-check of number and year)."
    ),
    "ansvar-coverage": (
        "Ansvar-Systems/vietnamese-law-mcp, COVERAGE.md: list of codes and laws with their year "
        "(cross-check of titles and years)."
    ),
    "public-code-check": (
        "Number, date passed and date in force of the entry found quoted the same way in public GitHub "
        "files through a code search of 2026-12-01 (legal RAG projects' metadata tables and citations)."
    ),
    "phapdien-note": (
        "Source notes of Bộ pháp điển (phapdien.moj.gov.vn) quoted in public repositories, e.g. "
        "'Pháp lệnh số 06/2003/PL-UBTVQH11, có hiệu lực thi hành kể từ ngày 01/05/2003' "
        "(cross-check of number and date in force)."
    ),
}

# Laws whose number and year also appear in a public corpus file name (see SOURCES).
CROSS_CHECKED = {
    "underthesea-vlc": {
        "68/2020/QH14",
        "69/2020/QH14",
        "70/2020/QH14",
        "21/1989/LCT/HĐNN8",
        "49/2005/QH11",
        "16/1999/QH10",
        "50/2005/QH11",
        "25/2012/QH13",
        "36/2005/QH11",
        "68/2006/QH11",
        "25/2008/QH12",
        "21/2008/QH12",
        "79/2006/QH11",
        "62/2006/QH11",
        "66/2006/QH11",
        "11/2008/QH12",
        "28/2009/QH12",
        "64/2006/QH11",
        "03/2007/QH12",
        "23/2004/QH11",
    },
    "ansvar-coverage": {
        "91/2015/QH13",
        "92/2015/QH13",
        "95/2015/QH13",
        "100/2015/QH13",
        "101/2015/QH13",
        "45/2019/QH14",
        "28/2004/QH11",
        "36/2005/QH11",
    },
    "phapdien-note": {"06/2003/PL-UBTVQH11", "26/2005/PL-UBTVQH11", "04/2012/UBTVQH13"},
    "public-code-check": {
        "89/2015/QH13",
        "18/2023/QH15",
        "61/2024/QH15",
        "80/2025/QH15",
        "67/2025/QH15",
        "54/2024/QH15",
        "51/2024/QH15",
        "45/2019/QH14",
        "10/2012/QH13",
        "84/2015/QH13",
        "50/2024/QH15",
        "74/2025/QH15",
        "91/2025/QH15",
        "51/2010/QH12",
        "69/2020/QH14",
        "102/2016/QH13",
        "52/2014/QH13",
        "91/2015/QH13",
        "28/2005/PL-UBTVQH11",
        "26/2005/PL-UBTVQH11",
        "04/2012/UBTVQH13",
        "35/2001/PL-UBTVQH10",
        "14/2004/PL-UBTVQH11",
        "28/2004/QH11",
    },
}

# A law replaced by one of another name (the family order covers same-name successors).
REPLACED_BY_OTHER = {
    "Luật Dạy nghề": "Luật Giáo dục nghề nghiệp",
    "Luật Căn cước công dân": "Luật Căn cước",
    "Luật Khiếu nại, tố cáo": "Luật Khiếu nại",
    "Luật Tổ chức Hội đồng nhân dân và Ủy ban nhân dân": "Luật Tổ chức chính quyền địa phương",
    "Luật Quản lý, sử dụng tài sản nhà nước": "Luật Quản lý, sử dụng tài sản công",
    "Luật Ký kết, gia nhập và thực hiện điều ước quốc tế": "Luật Điều ước quốc tế",
    "Luật Quy hoạch đô thị": "Luật Quy hoạch đô thị và nông thôn",
    "Luật Khoáng sản": "Luật Địa chất và khoáng sản",
    "Luật Bảo vệ và phát triển rừng": "Luật Lâm nghiệp",
    "Luật Phòng cháy và chữa cháy": "Luật Phòng cháy, chữa cháy và cứu nạn, cứu hộ",
    "Luật Giao thông đường bộ": "Luật Trật tự, an toàn giao thông đường bộ",
    "Pháp lệnh Xử lý vi phạm hành chính": "Luật Xử lý vi phạm hành chính",
    "Pháp lệnh Thuế thu nhập đối với người có thu nhập cao": "Luật Thuế thu nhập cá nhân",
    "Pháp lệnh Thực hiện dân chủ ở xã, phường, thị trấn": "Luật Thực hiện dân chủ ở cơ sở",
    "Luật Bảo vệ sức khỏe nhân dân": "Luật Khám bệnh, chữa bệnh",
    "Pháp lệnh Cán bộ, công chức": "Luật Cán bộ, công chức",
    "Pháp lệnh Dân số": "Luật Dân số",
    "Pháp lệnh Người cao tuổi": "Luật Người cao tuổi",
    "Pháp lệnh Bảo vệ bí mật nhà nước": "Luật Bảo vệ bí mật nhà nước",
    "Pháp lệnh Thư viện": "Luật Thư viện",
    "Pháp lệnh Phí và lệ phí": "Luật Phí và lệ phí",
    "Pháp lệnh Tín ngưỡng, tôn giáo": "Luật Tín ngưỡng, tôn giáo",
}

_AMENDING = re.compile(r"^(?:Luật|Pháp lệnh) sửa đổi")


def fold(text: str) -> str:
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in text if unicodedata.category(c) != "Mn").lower()


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", fold(text))


@dataclass
class Version:
    number: str
    symbol: str
    year: int
    date: str
    effective: str
    title: str
    sources: list[str]
    replaces: list[str] = field(default_factory=list)
    amends: list[str] = field(default_factory=list)
    amended_by: list[str] = field(default_factory=list)

    @property
    def ref(self) -> str:
        return f"{self.number}/{self.year}/{self.symbol}" if self.symbol not in ("", "HP") else self.title


def parse_row(line: str) -> tuple[Version, str]:
    cols = line.rstrip("\n").split("|")
    if len(cols) != 6:
        raise ValueError(f"expected 6 columns: {line!r}")
    num, symbol, passed, effective, title, family = cols
    number = num.split("/")[0]
    year = int(passed[:4])
    version = Version(number, symbol, year, passed, effective, title, ["public-record"])
    key = f"{number}/{year}/{symbol}"
    version.sources += sorted(src for src, refs in CROSS_CHECKED.items() if key in refs)
    family = family or re.sub(r"\s*\(sửa đổi\)$", "", title)
    return version, family


def doc_type(family: str) -> str:
    if family.startswith("Hiến pháp"):
        return "hien_phap"
    if family.startswith("Pháp lệnh"):
        return "phap_lenh"
    return "luat"


def aliases(name: str, titles: list[str]) -> list[str]:
    """Word sequences after the type word (`luật`, `bộ luật`, `pháp lệnh`) that name the family."""
    out: set[str] = set()
    for text in [name, *titles]:
        ws = words(text)
        for head in (["bo", "luat"], ["luat"], ["phap", "lenh"], ["hien", "phap"]):
            if ws[: len(head)] == head:
                ws = ws[len(head) :]
                break
        if not ws:
            continue
        variants = {tuple(ws)}
        if ws[-2:] == ["viet", "nam"] and len(ws) > 3:
            variants.add(tuple(ws[:-2]))
        for v in list(variants):
            if "va" in v and not _AMENDING.match(text):
                variants.add(tuple(w for w in v if w != "va"))
        out.update(" ".join(v) for v in variants)
    return sorted(out)


def build(lines: list[str], old_aliases: dict[str, list[str]]) -> dict[str, Any]:
    families: dict[str, list[Version]] = {}
    for line in lines:
        if not line.strip() or line.startswith("#"):
            continue
        version, family = parse_row(line)
        families.setdefault(family, []).append(version)
    for name, versions in families.items():
        versions.sort(key=lambda v: (v.date, v.number))
        if _AMENDING.match(name):
            continue  # successive amending laws of the same title do not replace each other
        for older, newer in zip(versions, versions[1:], strict=False):
            newer.replaces.append(older.ref)
    for old, new in REPLACED_BY_OTHER.items():
        if old in families and new in families:
            first_new = next(v for v in families[new] if v.date > families[old][-1].date)
            first_new.replaces.append(families[old][-1].ref)
    _link_amendments(families)
    laws = []
    for name in sorted(families, key=fold):
        versions = families[name]
        alias = set(aliases(name, [v.title for v in versions])) | set(old_aliases.get(name, []))
        laws.append(
            {
                "family": name,
                "doc_type": doc_type(name),
                "aliases": sorted(alias),
                "code": name.startswith("Bộ luật"),
                "amending": bool(_AMENDING.match(name)),
                "versions": [
                    {
                        "number": v.number,
                        "symbol": v.symbol or None,
                        "year": v.year,
                        "date": v.date,
                        "effective": v.effective,
                        "title": v.title,
                        "replaces": v.replaces,
                        "amends": v.amends,
                        "amended_by": v.amended_by,
                        "source": v.sources,
                    }
                    for v in versions
                ],
            }
        )
    return {
        "about": (
            "Registry of the Constitution, codes, laws and ordinances "
            "(Hiến pháp, Bộ luật, Luật, Pháp lệnh), "
            "built by scripts/laws/build_registry.py from scripts/laws/laws.tsv. "
            "A law cited by name resolves "
            "to the version in force on the citing document's date unless the text says which (CONTRACT.md)."
        ),
        "sources": SOURCES,
        "laws": laws,
    }


def _link_amendments(families: dict[str, list[Version]]) -> None:
    """`Luật sửa đổi … của Luật A và Luật B` amends the version of A and B in force when it passed."""
    for name, versions in families.items():
        if not _AMENDING.match(name):
            continue
        tail = name.split(" của ", 1)[1] if " của " in name else ""
        for target_name in sorted(families, key=len, reverse=True):
            if _AMENDING.match(target_name) or target_name not in tail:
                continue
            tail = tail.replace(target_name, "")  # `Luật Giáo dục đại học` is not `Luật Giáo dục` too
            target = families[target_name]
            for amending in versions:
                before = [v for v in target if v.date <= amending.date]
                if before:
                    amending.amends.append(before[-1].ref)
                    before[-1].amended_by.append(amending.ref)


def build_central(lines: list[str]) -> dict[str, Any]:
    """The table of central documents cited without a year (`Chỉ thị số 34-CT/TW`)."""
    docs: list[dict[str, Any]] = []
    for line in lines:
        if not line.strip() or line.startswith("#"):
            continue
        number, symbol, date, issuer, title = line.split("|")
        docs.append(
            {
                "number": number,
                "symbol": symbol,
                "doc_type": _DOC_TYPES[symbol],
                "year": int(date[:4]),
                "date": date if len(date) > 4 else None,
                "title": title or None,
                "issuer": issuer,
                "source": ["public-record"],
            }
        )
    docs.sort(key=lambda d: (d["symbol"], d["year"], int(d["number"])))
    return {
        "about": (
            "Central documents often cited in child-protection texts (Party directives, resolutions and "
            "conclusions; Government resolutions; the Prime Minister's decisions and directives), so that a "
            "citation without a year gets one. Built by scripts/laws/build_registry.py."
        ),
        "sources": {
            "public-record": SOURCES["public-record"].replace("law's own text", "document's own text")
        },
        "documents": docs,
    }


def main() -> int:
    lines = SRC.read_text(encoding="utf-8").splitlines()
    old = json.loads(OLD_ALIASES.read_text(encoding="utf-8")) if OLD_ALIASES.exists() else {}
    data = build(lines, old)
    data["treaties"] = json.loads(OUT.read_text(encoding="utf-8")).get("treaties", []) if OUT.exists() else []
    OUT.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    central = build_central(CENTRAL_SRC.read_text(encoding="utf-8").splitlines())
    CENTRAL_OUT.write_text(json.dumps(central, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{CENTRAL_OUT.relative_to(ROOT)}: {len(central['documents'])} documents")
    count = sum(len(law["versions"]) for law in data["laws"])
    print(f"{OUT.relative_to(ROOT)}: {len(data['laws'])} families, {count} entries")
    return 0


if __name__ == "__main__":
    sys.exit(main())
