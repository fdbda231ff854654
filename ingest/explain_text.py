"""The words of an explanation (`ingest.explain`): English for the command line and JSON, Vietnamese
with full diacritics for the document page. One place, so both say the same thing."""

from __future__ import annotations

# What each classification rule (`ingest.classify_why.Cue.rule`) means: (English, Vietnamese), with
# `{cue}` (the deciding words), `{kind}` (the target's type), `{other}` and `{relation}` filled in.
RULES: dict[str, tuple[str, str]] = {
    "cue": ("“{cue}” right before it → {relation}", "“{cue}” đứng ngay trước → {relation}"),
    "basis_directive": (
        "“{cue}” a {kind} (a directive or plan is carried out) → {relation}",
        "“{cue}” một {kind} (chỉ thị, kế hoạch… thì được triển khai) → {relation}",
    ),
    "basis_legal": (
        "“{cue}” a {kind} (a legal basis, not carried out) → {relation}",
        "“{cue}” một {kind} (căn cứ pháp lý, không phải triển khai) → {relation}",
    ),
    "title": (
        "the document's own title carries it out (“{cue}”) → {relation}",
        "trích yếu của chính văn bản nêu việc thực hiện (“{cue}”) → {relation}",
    ),
    "list": (
        "an item of the list after “{other}”: the same verb governs it → {relation}",
        "một mục của danh sách sau “{other}”, cùng một động từ → {relation}",
    ),
    "list_head": (
        "an item of the list under “{cue}” → {relation}",
        "một mục của danh sách dưới “{cue}” → {relation}",
    ),
    "peer": (
        "after “;” closing the previous subject: an item beside “{other}” → {relation}",
        "sau dấu “;” kết thúc trích yếu trước đó: ngang hàng với “{other}” → {relation}",
    ),
    "subject": (
        "named in the subject of “{other}” (“{cue}”): that one implements it; "
        "from this document → {relation}",
        "nêu trong trích yếu của “{other}” (“{cue}”): văn bản đó thực hiện nó; từ văn bản này → {relation}",
    ),
    "subject_background": (
        "named in the subject of “{other}”, not as carried out (“{cue}”) → {relation}",
        "nêu trong trích yếu của “{other}”, không phải để thực hiện (“{cue}”) → {relation}",
    ),
    "relative": (
        "“{other} … {cue}”: the other document implements it; from this document → {relation}",
        "“{other} … {cue}”: văn bản kia thực hiện nó; từ văn bản này → {relation}",
    ),
    "change_between": (
        "“{cue}” is a change made by “{other}”, not by this document → {relation}",
        "“{cue}” là việc sửa đổi của “{other}”, không phải của văn bản này → {relation}",
    ),
    "named_change": (
        "part of the name of an amending document (“{cue}”) → {relation}",
        "thuộc tên của một văn bản sửa đổi (“{cue}”) → {relation}",
    ),
    "direction": (
        "carries out a direction given in it (“{cue}”) → {relation}",
        "thực hiện chỉ đạo nêu tại văn bản đó (“{cue}”) → {relation}",
    ),
    "issued_asked": (
        "issued, then the text asks to carry it out (“{cue}”) → {relation}",
        "được ban hành, rồi văn bản yêu cầu thực hiện (“{cue}”) → {relation}",
    ),
    "held": (
        "carrying it out is put on hold (“{cue}”) → {relation}",
        "việc thực hiện bị tạm dừng (“{cue}”) → {relation}",
    ),
    "no_cue": ("no implementing cue → {relation}", "không có từ chỉ việc thực hiện → {relation}"),
    "unexplained": (
        "decided by a rule of ingest/classify.py this explanation does not retrace → {relation}",
        "do một quy tắc của ingest/classify.py mà phần giải thích chưa mô tả → {relation}",
    ),
}

NOT_KEPT: dict[str, tuple[str, str]] = {
    "unresolved": (
        "not resolved: the text does not say which document it is (a short form with no full citation "
        "earlier, or an unknown name) — no relation",
        "không xác định được là văn bản nào (dạng rút gọn chưa được trích dẫn đầy đủ trước đó, hoặc tên "
        "không rõ) — không tạo quan hệ",
    ),
    "own_number": (
        "the document's own số hiệu quoted in its text — not a citation",
        "số hiệu của chính văn bản được nhắc lại — không phải trích dẫn",
    ),
}

# Why each flag of the document's own record was set: (English, Vietnamese).
FLAGS: dict[str, tuple[str, str]] = {
    "unnumbered": (
        "no số hiệu was read: the `Số:` line is blank, a template placeholder, or missing",
        "không đọc được số hiệu: dòng `Số:` để trống, là mẫu chưa điền, hoặc không có",
    ),
    "unnumbered_symbol": (
        "the `Số:` line has only the symbol ({symbol}), no number",
        "dòng `Số:` chỉ có ký hiệu ({symbol}), không có số",
    ),
    "date_conflicts_number": (
        "the year in the số hiệu differs from the date's year; the number wins",
        "năm trong số hiệu khác năm của ngày ban hành; lấy theo số hiệu",
    ),
    "date_conflicts_number_dated": (
        "the số hiệu says {year}, the date {date}; the number wins",
        "số hiệu ghi năm {year}, ngày ban hành {date}; lấy theo số hiệu",
    ),
    "year_from_title": (
        "no year in the number and no date: the year is the last `năm …` of the title",
        "số hiệu không có năm, không có ngày: năm lấy từ “năm …” cuối cùng của trích yếu",
    ),
    "duplicate_number": (
        "another ingested file has the same số hiệu; this one is kept apart",
        "một tệp khác đã đọc có cùng số hiệu; văn bản này được giữ riêng",
    ),
    "issuer_conflict": (
        "the issuer named contradicts the symbol; the symbol wins",
        "cơ quan ghi trong văn bản trái với ký hiệu; lấy theo ký hiệu",
    ),
}

# How a header field was read (`ingest.explain_locate`), English -> Vietnamese.
HOW_VI = {
    "the type heading": "dòng tên loại văn bản",
    "a subject line (`V/v …`): an official letter": "dòng trích yếu `V/v …`: công văn",
    "no type heading or symbol: the default": "không có tên loại hay ký hiệu: mặc định",
    "a số hiệu with no type heading: an official letter": "có số hiệu nhưng không có tên loại: công văn",
    "the `Số:` line (or the record's first line)": "dòng `Số:` (hoặc dòng đầu của bản ghi)",
    "announced by the page above the document (`… đã ban hành <loại> số …`)": (
        "trang đăng tin giới thiệu văn bản ở phía trên (`… đã ban hành <loại> số …`)"
    ),
    "after the number": "sau số",
    "the `Số:` line, number left blank": "dòng `Số:` để trống số",
    "the place-and-date line": "dòng địa danh, ngày tháng",
    "a date in the header or after the number": "ngày ở phần đầu hoặc ngay sau số hiệu",
    "in the số hiệu": "trong số hiệu",
    "from the title (no number year, no date)": "lấy từ trích yếu (số hiệu không có năm, không có ngày)",
    "from the date": "theo ngày ban hành",
    "read by the parser; its place not found": "đã đọc, nhưng không tìm lại được vị trí",
    "the subject line (`V/v …`)": "dòng trích yếu `V/v …`",
    "the lines under the type heading": "các dòng dưới tên loại văn bản",
    "the record's subject": "trích yếu của bản ghi",
    "the issuing body's line in the header": "dòng tên cơ quan ở phần đầu",
    "the signature block (no issuing body in the header)": "khối chữ ký (phần đầu không ghi cơ quan)",
    "the body naming itself or its place (position approximate)": (
        "văn bản tự nêu cơ quan hoặc địa bàn (vị trí gần đúng)"
    ),
    "the symbol and the body's words; no single line": "theo ký hiệu và nội dung; không ở một dòng riêng",
    "named in the header": "ghi ở phần đầu",
    "not in the header: first named in the body": "không có ở phần đầu: nêu lần đầu trong nội dung",
    "not named in the text: from the gazetteer (the unit above a named one)": (
        "văn bản không ghi: theo danh mục hành chính (đơn vị cấp trên của đơn vị được nêu)"
    ),
    "not read": "không đọc được",
    "none at this level": "không có (cơ quan không ở cấp này)",
    "not found": "không tìm thấy",
}


def how_vi(how: str) -> str:
    if how.startswith("from the symbol "):
        return "theo ký hiệu " + how.removeprefix("from the symbol ")
    return HOW_VI.get(how, how)


def rule_reason(rule: str, relation: str, cue: str | None, kind: str, other: str | None) -> tuple[str, str]:
    """Why a mention got its relation, in English and in Vietnamese."""
    out = []
    for lang, template in enumerate(RULES.get(rule, ("{relation}", "{relation}"))):
        if cue is None and "{cue}" in template:
            template = template.replace(" (“{cue}”)", "").replace("“{cue}”", ("a cue", "một từ")[lang])
        fallback = ("the previous citation", "trích dẫn trước")[lang]
        out.append(template.format(cue=cue or "", relation=relation, kind=kind, other=other or fallback))
    return out[0], out[1]


def flag_reason(flag: str, year: int | None, date: str | None, symbol: str | None) -> tuple[str, str]:
    """Why a flag was set, in English and in Vietnamese."""
    key = flag
    if flag == "unnumbered" and symbol:
        key = "unnumbered_symbol"
    if flag == "date_conflicts_number" and date:
        key = "date_conflicts_number_dated"
    en, vi = FLAGS.get(key, ("set by the ingest", "do bước đọc đánh dấu"))
    return en.format(year=year, date=date, symbol=symbol), vi.format(year=year, date=date, symbol=symbol)
