"""How a header is laid out in the file: the clean single column, or the shapes of real copies (all
on one line, a markdown table, two columns glued line by line, a Word table), and the wrapping of a
legal portal's markdown crawl (its metadata table before the header, its notice after).

All text here is invented for the generator; the shapes follow what copies of real documents do.
"""

from __future__ import annotations

from datetime import date, timedelta
from random import Random
from typing import Any

from devtools.synth.header import Header
from devtools.synth.units import slug

Doc = dict[str, Any]

RULES = ("--------", "-----------", "_______", "---o0o---")
TYPE_WORDS = {"ke_hoach": "Kế hoạch", "cong_van": "Công văn"}


def _split(text: str) -> list[str]:
    return text.split("\n")


def plain(h: Header) -> list[str]:
    """One field per line, as the clean corpus writes it (the size budget is counted on this)."""
    number = _split(h.number)
    if h.number_first:
        return [*h.org, *number, *h.motto, "", *_split(h.date)]
    return [*h.org, *h.motto, *number, "", *_split(h.date)]


def flat(h: Header) -> list[str]:
    """Every field on one line (a copy that lost its line breaks)."""
    fields = [*h.org, *h.motto, h.number, h.date]
    return [" ".join(f.replace("\n", " ") for f in fields if f)]


def glued(h: Header, rng: Random) -> list[str]:
    """The two columns of the header read across, row by row: the motto glued to the body's name
    (`ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI …` / `HUYỆN X Độc lập - Tự do - Hạnh phúc`)."""
    left = [*h.org, *_split(h.number)]
    right = [*h.motto, *_split(h.date)]
    if rng.random() < 0.5:  # number and date on their own row, as the columns' second cells
        left, right = [*h.org], [*h.motto]
        tail = [f"{a} {b}" for a, b in _zip(_split(h.number), _split(h.date))]
    else:
        tail = []
    sep = rng.choice((" ", " ", "   ", "\t"))
    return [f"{a}{sep}{b}".strip() for a, b in _zip(left, right)] + tail


def _zip(left: list[str], right: list[str]) -> list[tuple[str, str]]:
    n = max(len(left), len(right))
    return [(left[i] if i < len(left) else "", right[i] if i < len(right) else "") for i in range(n)]


def pipes(h: Header, rng: Random) -> list[str]:
    """The header as a markdown table: a GitHub table (cells joined by spaces or `<br>`) or a crawl
    where every cell boundary is a lone `|` line and the names are bold."""
    if rng.random() < 0.5:
        join = rng.choice((" ", "<br>"))
        org = join.join(h.org) or " "
        motto = join.join(h.motto)
        return [
            f"| {org} | {motto} |",
            "|---|---|",
            f"| {h.number.replace(chr(10), join)} | {h.date.replace(chr(10), ' ')} |",
        ]
    rule = rng.choice(RULES)
    out = ["|", *(f"**{x}**" if x != "*" else x for x in h.org), rule, "|"]
    out += [f"**{h.motto[0]}**" if len(h.motto) == 1 else f"**{' '.join(h.motto[:-1])}**"]
    out += [h.motto[-1]] if len(h.motto) > 1 else []
    out += [rule, "|", "|", *_split(h.number), "|", f"*{h.date}*", "|"]
    return out


def docx_cells(h: Header, rng: Random) -> list[list[list[str]]]:
    """The header as a two-column Word table: rows of cells, each cell a list of paragraphs."""
    rule = [rng.choice(RULES)] if rng.random() < 0.6 else []
    return [
        [[*h.org, *rule] or [""], [*h.motto, *rule]],
        [_split(h.number), _split(h.date)],
    ]


# ------------------------------------------------------------------ legal portal crawl


def portal_table(doc: Doc, signer: str, rng: Random) -> list[str]:
    """The portal's metadata of the document, vertical or as one row under the field names."""
    y, m, d = doc["date"].split("-")
    issued = f"{d}/{m}/{y}"
    updated = date.fromisoformat(doc["date"]) + timedelta(days=rng.randint(2, 400))
    sep = "-" if doc.get("party") else "/"
    fields = [
        ("Số hiệu", f"{doc['number']}{sep}{doc['symbol']}"),
        ("Loại văn bản", TYPE_WORDS.get(doc["doc_type"], "Văn bản khác")),
        ("Nơi ban hành", doc["issuer"]),
        ("Người ký", signer),
        ("Ngày ban hành", issued),
        ("Ngày hiệu lực", rng.choice((issued, "Đã biết"))),
        ("Tình trạng", rng.choice(("Đã biết", "Còn hiệu lực", "Chưa xác định"))),
        ("Cập nhật", updated.strftime("%d/%m/%Y")),
    ]
    title = f"# {fields[1][1]} {fields[0][1]} năm {y} của {doc['issuer']}"
    if rng.random() < 0.5:
        rows = [f"| **{k}:** | {v} |" for k, v in fields]
        return [title, "", "| | |", "|---|---|", *rows, ""]
    return [
        title,
        "",
        "| " + " | ".join(k for k, _ in fields) + " |",
        "|" + "---|" * len(fields),
        "| " + " | ".join(v for _, v in fields) + " |",
        "",
    ]


def portal_notice(rng: Random) -> list[str]:
    """The portal's banner after the header: sign-in notice, download links."""
    notices = (
        "> **Thông báo:** Bạn cần đăng nhập tài khoản thành viên để xem đầy đủ văn bản gốc và lược đồ.",
        "> **Lưu ý:** Nội dung dưới đây được số hóa từ bản giấy, có thể còn sai sót so với bản chính thức.",
    )
    links = "[Tải văn bản gốc](#tai-ve) · [Bản in](#in) · [Văn bản liên quan](#lien-quan)"
    return ["", rng.choice(notices), "> " + links, "", "* * *", ""]


# ------------------------------------------------------------------ non-documents


def readme(n_docs: int) -> str:
    """A README at the root of the folder: not a document, to be skipped."""
    return (
        "# Kho văn bản thử nghiệm\n\n"
        f"Thư mục gồm {n_docs} tệp văn bản về bảo vệ, chăm sóc trẻ em, xếp theo mã tỉnh.\n\n"
        "## Cách dùng\n\n"
        "- Mỗi thư mục con mang mã đơn vị hành chính cấp tỉnh.\n"
        "- Tệp `.md` là bản chép từ cổng văn bản, tệp `.docx` là bản Word.\n"
        "- Danh sách liên kết nằm trong các tệp `lien-ket-*.txt`.\n\n"
        "Mọi góp ý xin gửi về nhóm biên soạn.\n"
    )


def links_list(docs: list[Doc], rng: Random) -> str:
    """A list of links to some documents of a province (a crawl's source list): not a document."""
    lines = ["DANH SÁCH LIÊN KẾT", "", "Nguồn tổng hợp từ các cổng thông tin điện tử địa phương.", ""]
    for i, d in enumerate(docs, 1):
        if not d["number"]:
            continue
        sep = "-" if d.get("party") else "/"
        word = TYPE_WORDS.get(d["doc_type"], "Văn bản")
        name = slug(f"{d['number']}-{d['symbol']}")
        lines.append(
            f"{i}. {word} số {d['number']}{sep}{d['symbol']} - "
            f"https://vanban.example.gov.vn/{d['pcode']}/{name}-{d['date'][:4]}.html"
        )
    lines += ["", f"Cập nhật lần cuối: {rng.randint(1, 28)}/{rng.randint(1, 12)}/2025"]
    return "\n".join(lines) + "\n"
