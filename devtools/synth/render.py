"""Text of one planned document: header, title, opening clause, body, signature.

Everything random is drawn from a generator seeded by (seed, document id), so a document's text
does not depend on which process writes it or in which order.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from random import Random
from typing import Any

from devtools.synth import docx, header, layout, noise, prose, realnoise, rounds
from devtools.synth.central import CENTRAL
from devtools.synth.cite import cite, date_words, subject_refs, topic
from devtools.synth.doc import CELL_END, doc_bytes
from devtools.synth.units import Province, national
from ingest import gazetteer

Doc = dict[str, Any]

ROMAN = ("I", "II", "III", "IV", "V", "VI")


@cache
def _provinces() -> dict[str, Province]:
    return {p.unit.code: p for p in national()}


def _unit(code: str | None) -> Any:
    return gazetteer.unit(code) if code else None


class _Writer:
    """Accumulates lines and their UTF-8 size."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.size = 0

    def add(self, *lines: str) -> None:
        for line in lines:
            self.lines.append(line)
            self.size += len(line.encode("utf-8")) + 1


def render(doc: Doc, docs: dict[str, Doc], seed: int) -> str:
    """The full text of a planned document, noise included (for a `.docx`, the text its reader gives:
    the header table's cells one paragraph per line, then the paragraphs)."""
    parts = _compose(doc, docs, seed)
    if "docx_table" in parts.real:
        return "\n".join(line for row in parts.cells for cell in row for line in cell) + "\n" + parts.body
    if "doc_table" in parts.real:  # a .doc's row-end mark reads as one more line break per row
        rows = ["\n".join(line for cell in row for line in cell) + "\n\n" for row in parts.cells]
        return "".join(rows) + parts.body
    return parts.text


def render_file(doc: Doc, docs: dict[str, Doc], seed: int) -> bytes:
    """The bytes of the planned document's file (`.txt`, `.md` or `.docx`)."""
    parts = _compose(doc, docs, seed)
    if "docx_table" in parts.real:
        return docx.docx_bytes(parts.cells, parts.body.rstrip("\n").split("\n"))
    if "doc_table" in parts.real:
        # a row ends with its own mark (no paragraph mark after it), each body line with a paragraph mark
        rows = "".join("".join("\r".join(cell) + CELL_END for cell in row) + CELL_END for row in parts.cells)
        return doc_bytes([], pieces=[(rows + parts.body.rstrip("\n").replace("\n", "\r") + "\r", False)])
    return parts.text.encode("utf-8")


@dataclass
class _Parts:
    real: list[str]  # the real-noise classes of the document
    text: str = ""  # the whole text (not a .docx)
    cells: list[list[list[str]]] = field(default_factory=list)  # .docx: the header table
    body: str = ""  # .docx: the text after the header


def _compose(doc: Doc, docs: dict[str, Doc], seed: int) -> _Parts:
    rng = Random(f"{seed}:text:{doc['id']}")
    nrng = Random(f"{seed}:real:{doc['id']}")  # real-noise variants: never shifts the clean draws
    real = list(doc.get("real", []))
    kinds = [
        k for k in noise.draw_document_noise(Random(f"{seed}:noise:{doc['id']}")) if k != "no_diacritics"
    ]
    if "no_diacritics" in real:
        kinds.insert(0, "no_diacritics")
    target = doc["size"]
    if "nfd" in kinds:  # decomposed text is larger: aim lower, never under 5 KB before decomposing
        target = max(int(target / 1.4), 5400)
    if "no_diacritics" in kinds:  # unmarked text is about a fifth smaller
        target = max(int(target * 1.3), 6700)
    ctx = _context(doc, rng)
    head, tail = _Writer(), _Writer()
    h = header.build(doc, rng, nrng, ctx["place"], rng.random() < 0.03, real)
    head.add("", *layout.plain(h), "")  # the budget counts the clean layout
    _title_and_opening(doc, docs, rng, head, ctx)
    specials = _special_items(doc, docs, rng)
    _tail(doc, rng, nrng, tail, ctx)
    middle = _Writer()
    if doc["doc_type"] == "ke_hoach":
        _plan_body(doc, docs, rng, head, middle, ctx, specials, target - tail.size)
    else:
        _letter_body(doc, rng, head.size, middle, ctx, specials, target - tail.size)
    n_head = 2 + len(layout.plain(h))
    after = head.lines[n_head:] + middle.lines + tail.lines
    if "mojibake" in real and "nfd" not in kinds and "no_diacritics" not in kinds:
        after = realnoise.mojibake_lines(after, nrng)
    if "docx_table" in real or "doc_table" in real:
        cells = [
            [[noise.apply_document_noise(p, kinds) for p in cell] for cell in row]
            for row in layout.docx_cells(h, nrng)
        ]
        return _Parts(real, cells=cells, body=noise.apply_document_noise("\n".join(after) + "\n", kinds))
    lines = ["", *_header_lines(h, real, nrng), ""]
    if "cased_header" in real:  # a portal's page: the header and heading stored in normal case
        lines = [realnoise.portal_case(line) for line in lines]
        after = [realnoise.portal_case(after[0]), *after[1:]] if after[:1] == ["KẾ HOẠCH"] else after
    if "portal_md" in real:
        signer = tail.lines[-1]
        lines = [*layout.portal_table(doc, signer, nrng), *lines, *layout.portal_notice(nrng)]
    text = noise.apply_document_noise("\n".join(lines + after) + "\n", kinds)
    if "crlf_literal" in real:
        text = realnoise.literal_crlf(text, nrng)
    return _Parts(real, text=text)


def _header_lines(h: header.Header, real: list[str], nrng: Random) -> list[str]:
    """The header as the file writes it: the document's layout class, else one field per line."""
    if "flat_header" in real:
        return layout.flat(h)
    if "pipes" in real or ("portal_md" in real and nrng.random() < 0.5):
        return layout.pipes(h, nrng)
    if "motto_glued" in real:
        return layout.glued(h, nrng)
    return layout.plain(h)


def _context(doc: Doc, rng: Random) -> dict[str, str]:
    p = _provinces()[doc["pcode"]]
    d, c = _unit(doc.get("dcode")), _unit(doc.get("ccode"))
    local = c or d or p.unit
    area = f"trên địa bàn {local.kind} {local.name}"
    upper = {"province": "tỉnh", "district": "huyện", "commune": "xã"}.get(doc["level"], "nhà trường")
    return dict(
        area=area,
        upper=upper,
        kind=str(local.kind),
        year=doc["date"][:4],
        month=doc["date"][5:7],
        phone=prose.phone(rng),
        place=_place(doc, p, d, c),
    )


def _place(doc: Doc, p: Province, d: Any, c: Any) -> str:
    if doc["level"] == "province":
        return p.capital
    return str((c or d).name)


# ------------------------------------------------------------------ title and opening


def subject_text(doc: Doc, citing: Doc, docs: dict[str, Doc], rng: Random) -> str:
    """The subject line (trích yếu) of `doc`, its citations written as `citing` would write them."""
    role, year = doc["role"], int(doc["date"][:4])
    refs = subject_refs(doc)
    newer = rounds.subject(doc.get("round") or "", role, doc.get("year_round") or year) if not refs else None
    if newer:
        return newer
    if not refs and doc.get("round") == "month" and role in ("ubnd_t", "so_ld", "cv_h"):
        return {
            "ubnd_t": "tổ chức Tháng hành động vì trẻ em năm {y}",
            "so_ld": "hướng dẫn tổ chức Tháng hành động vì trẻ em năm {y}",
            "cv_h": "tổ chức các hoạt động Tháng hành động vì trẻ em năm {y}",
        }[role].format(y=doc["year_round"])
    if not refs:
        if role == "ubnd_t":
            return f"thực hiện công tác bảo vệ, chăm sóc và giáo dục trẻ em năm {doc['year_round']}"
        if role == "so_ld":
            return f"hướng dẫn nhiệm vụ trọng tâm công tác trẻ em năm {doc['year_round']}"
        if role == "cv_h":
            return f"triển khai công tác bảo vệ, chăm sóc trẻ em năm {doc.get('year_round') or year}"
        start = year if doc["date"][5:7] >= "08" else year - 1
        return (
            "thực hiện công tác phòng, chống bạo lực, xâm hại trẻ em trong nhà trường "
            f"năm học {start} - {start + 1}"
        )
    parts = []
    tail = topic(doc)
    for ref in refs:
        text = cite(ref, citing, docs, rng)
        if ref in CENTRAL and not str(CENTRAL[ref]["theme"]).startswith("về"):
            text += " " + str(CENTRAL[ref]["theme"])
            if ref == refs[-1]:
                tail = ""
        elif ref in CENTRAL:
            tail = str(CENTRAL[ref]["theme"])
        parts.append(text)
    verb = "triển khai thực hiện" if doc["doc_type"] == "cong_van" or rng.random() < 0.5 else "thực hiện"
    return f"{verb} {' và '.join(parts)}{' ' + tail if tail else ''}"


def _self_name(doc: Doc, rng: Random, full: bool) -> str:
    name = str(doc["issuer"])
    if doc["role"] in ("tu", "hu") and not full:
        return "Ban Thường vụ " + " ".join(name.split(" ")[:2])
    if doc["role"] in ("ubnd_t", "ubnd_h", "cv_h", "ubnd_x") and not full and rng.random() < 0.5:
        return "Ủy ban nhân dân " + name[len("UBND ") :]
    return name


def cite_with_theme(ref: str, doc: Doc, docs: dict[str, Doc], rng: Random) -> str:
    """A full citation of a central document, followed by its subject when it has one
    (always when the subject names a law, so that mention is in the text the key describes)."""
    text = cite(ref, doc, docs, rng)
    row = CENTRAL[ref]
    if row.get("theme") and (row.get("implies") or rng.random() < 0.6):
        text += f" {row['theme']}"
    return text


def _parent_clause(parent: str, doc: Doc, docs: dict[str, Doc], rng: Random) -> str:
    text = cite(parent, doc, docs, rng)
    if parent in CENTRAL:
        return f"{text} {CENTRAL[parent].get('theme', '')}".rstrip()
    if doc.get("quote"):
        text += f" về {subject_text(docs[parent], doc, docs, rng)}"
    return text


def _title_and_opening(
    doc: Doc, docs: dict[str, Doc], rng: Random, out: _Writer, ctx: dict[str, str]
) -> None:
    subject = subject_text(doc, doc, docs, rng)
    full = rng.random() < 0.6
    me = _self_name(doc, rng, full)
    if "no_place" in doc.get("real", []):  # the text says only which kind of committee it is
        me = "Ủy ban nhân dân " + ctx["kind"]
    if doc["doc_type"] == "cong_van":
        out.add(f"V/v {subject}", "", "Kính gửi:", *_recipients(doc), "")
        parents = doc["parents"]
        if doc["role"] == "phong_gd" and parents[0] not in CENTRAL and rng.random() < 0.4:
            gov = docs[parents[0]]
            about = f" về việc {subject_text(gov, doc, docs, rng)}" if doc.get("quote") else ""
            opening = (
                f"Ngày {date_words(gov['date'], rng)} {gov['issuer']} ban hành "
                f"{cite(gov['id'], doc, docs, rng, full=False)}{about}"
            )
            rest = [_parent_clause(p, doc, docs, rng) for p in parents[1:]]
            if rest:
                opening += "; đồng thời thực hiện " + "; ".join(rest)
        else:
            word = prose.pick(rng, ("Thực hiện", "Trên cơ sở", "Căn cứ"))
            opening = f"{word} " + "; ".join(_parent_clause(p, doc, docs, rng) for p in parents)
        out.add(f"{opening}, {me} yêu cầu {_addressees(doc)} triển khai thực hiện một số nội dung sau:", "")
        return
    out.add("KẾ HOẠCH", subject[:1].upper() + subject[1:], "")
    background = doc["background"]
    if doc["role"] in ("ubnd_t", "ubnd_h", "ubnd_x") and background and rng.random() < 0.6:
        for ref in background:
            out.add(f"Căn cứ {cite_with_theme(ref, doc, docs, rng)};")
    clauses = "; ".join(_parent_clause(p, doc, docs, rng) for p in doc["parents"])
    verb = prose.pick(
        rng,
        (
            "ban hành Kế hoạch thực hiện như sau",
            "xây dựng Kế hoạch triển khai thực hiện như sau",
            "xây dựng Kế hoạch thực hiện với những nội dung sau",
        ),
    )
    out.add(f"Thực hiện {clauses}, {me} {verb}:", "")


def _recipients(doc: Doc) -> list[str]:
    role = doc["role"]
    if role == "so_ld":
        return [
            "- Phòng Lao động - Thương binh và Xã hội các huyện, thị xã, thành phố;",
            "- Các cơ sở trợ giúp xã hội trực thuộc Sở.",
        ]
    if role == "so_gd":
        return [
            "- Trưởng phòng Giáo dục và Đào tạo các huyện, thị xã, thành phố;",
            "- Hiệu trưởng các trường trung học phổ thông trực thuộc.",
        ]
    if role == "cv_h":
        return ["- Thủ trưởng các cơ quan, đơn vị thuộc huyện;", "- Chủ tịch UBND các xã, thị trấn."]
    return ["- Hiệu trưởng các trường Mầm non, Tiểu học, Trung học cơ sở."]


def _addressees(doc: Doc) -> str:
    return {
        "so_ld": "các đơn vị",
        "so_gd": "các đơn vị",
        "cv_h": "Thủ trưởng các cơ quan, đơn vị và Chủ tịch UBND các xã, thị trấn",
    }.get(doc["role"], "thủ trưởng các đơn vị trường học")


# ------------------------------------------------------------------ body


def _special_items(doc: Doc, docs: dict[str, Doc], rng: Random) -> list[str]:
    """Body items that cite: background laws and decrees, directives to keep carrying out."""
    items = []
    for ref in doc["background"]:
        phrase = prose.pick(
            rng,
            (
                "Tổ chức tuyên truyền, phổ biến sâu rộng {c} đến cán bộ, công chức và Nhân dân.",
                "Rà soát, bảo đảm các điều kiện theo quy định tại {c}.",
                "Lồng ghép nội dung {c} vào các buổi sinh hoạt, hội nghị ở cơ sở.",
            ),
        )
        items.append(phrase.format(c=cite_with_theme(ref, doc, docs, rng)))
    for ref in doc["continuing"]:
        items.append(
            f"Tiếp tục triển khai thực hiện có hiệu quả {cite(ref, doc, docs, rng)} {CENTRAL[ref]['theme']}."
        )
    if doc["parents"]:
        items.append(
            f"Bám sát các nhiệm vụ, giải pháp tại {cite(doc['parents'][0], doc, docs, rng, full=False)} "
            f"để cụ thể hóa phù hợp với tình hình thực tế."
        )
    rng.shuffle(items)
    return items


def _plan_body(
    doc: Doc,
    docs: dict[str, Doc],
    rng: Random,
    head: _Writer,
    out: _Writer,
    ctx: dict[str, str],
    specials: list[str],
    budget: int,
) -> None:
    level = doc["level"]
    out.add(
        "I. MỤC ĐÍCH, YÊU CẦU",
        "1. Mục đích",
        *prose.goals(rng, ctx),
        "2. Yêu cầu",
        *prose.requirements(rng, ctx),
        "",
    )
    out.add(f"II. {prose.pick(rng, ('NHIỆM VỤ VÀ GIẢI PHÁP', 'NỘI DUNG THỰC HIỆN', 'NHIỆM VỤ TRỌNG TÂM'))}")
    if rng.random() < 0.4:
        out.add("Bối cảnh: " + prose.situation(rng, ctx))
    index = 1
    while specials or head.size + out.size < budget:
        block = prose.task_block(rng, level, ctx, f"{index}. {prose.task_sentence(rng, level, ctx)}")
        if specials:
            block.insert(1, "- " + specials.pop())
        out.add(*block)
        index += 1
    out.add("", "III. KINH PHÍ THỰC HIỆN", *prose.funding(rng), "")


def _letter_body(
    doc: Doc, rng: Random, head_size: int, out: _Writer, ctx: dict[str, str], specials: list[str], budget: int
) -> None:
    level = "unit" if doc["role"] == "phong_gd" else doc["level"]
    if rng.random() < 0.5:
        out.add(prose.situation(rng, ctx), "")
    index = 1
    while specials or head_size + out.size < budget:
        sentences = [prose.task_sentence(rng, level, ctx) for _ in range(prose.between(rng, 1, 4))]
        if specials:
            sentences.insert(prose.between(rng, 0, len(sentences)), specials.pop())
        out.add(f"{index}. " + " ".join(sentences), "")
        index += 1


def _own_name(doc: Doc, ctx: dict[str, str]) -> str:
    """The issuer as the closing sentence names it (without its unit when the header has no place)."""
    if "no_place" in doc.get("real", []):
        return "Ủy ban nhân dân " + ctx["kind"]
    return str(doc["issuer"])


def _tail(doc: Doc, rng: Random, nrng: Random, out: _Writer, ctx: dict[str, str]) -> None:
    level = doc["level"]
    if doc["doc_type"] == "ke_hoach":
        out.add(f"{ROMAN[3]}. TỔ CHỨC THỰC HIỆN")
        for i in range(1, prose.between(rng, 3, 6)):
            out.add(prose.assignment(rng, level, ctx, i))
        out.add(prose.reporting(rng, ctx, "cơ quan thường trực"), "")
        out.add(
            f"Trên đây là Kế hoạch của {_own_name(doc, ctx)}, đề nghị các cơ quan, đơn vị nghiêm túc "
            "triển khai thực hiện./."
        )
    else:
        out.add(
            prose.reporting(rng, ctx, "cơ quan ban hành văn bản"),
            "",
            "Nhận được văn bản này, đề nghị các đơn vị nghiêm túc triển khai thực hiện./.",
        )
    out.add(
        "",
        "Nơi nhận:",
        "- Như trên;",
        f"- {prose.pick(rng, ('Thường trực', 'Lãnh đạo'))} cấp trên (để báo cáo);",
        "- Lưu: VT.",
        "",
    )
    out.add(*header.signature(doc, rng, nrng, doc.get("real", [])))
