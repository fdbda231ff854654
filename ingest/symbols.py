"""Số hiệu: the shapes of Vietnamese document numbers, their canonical form and what they tell.

A số hiệu is `number[/year]/symbol` for State documents (`56/2017/NĐ-CP`, `60/KH-UBND`,
`1025/UBND-LĐTBXH`) and `number-type/body` for Party documents (`20-CT/TW`, `42-KH/HU`).
The symbol says the document type (`KH` -> Kế hoạch) and the issuing body (`TTg`, `HU`,
`UBND`, `BGDĐT`); whether the body is central decides whether the year or the issuer is
part of the document's identity (CONTRACT.md).

All matching runs on the *folded* text (lower case, no diacritics, same length as the
normalised text, see `ingest.normalize.fold_keep_length`), so `28- ct/tw`, `Chi thị` and
`28-CT/TW` are one shape; canonical forms are rebuilt from the original characters.

>>> canonical_symbol("nd-cp")
'NĐ-CP'
>>> canonical_symbol("KH/HU")
'KH/HU'
>>> doc_type_of_symbol("qd-ttg"), is_central("qd-ttg"), is_central("kh-ubnd")
('quyet_dinh', True, False)
"""

from __future__ import annotations

import re
from functools import cache

from ingest.normalize import fold

# --- document types ---------------------------------------------------------

# Type token of a symbol (folded) -> doc_type of CONTRACT.md.
TYPE_TOKENS: dict[str, str] = {
    "ct": "chi_thi",
    "kh": "ke_hoach",
    "qd": "quyet_dinh",
    "nd": "nghi_dinh",
    "nq": "nghi_quyet",
    "tt": "thong_tu",
    "ttlt": "thong_tu",
    "cv": "cong_van",
    "tb": "thong_bao",
    "kl": "ket_luan",
    "bc": "bao_cao",
    "hd": "huong_dan",
    "ctr": "chuong_trinh",
    "ctrhd": "chuong_trinh",
    "cthd": "chuong_trinh",
    "da": "de_an",
    "cd": "cong_dien",
    "vbhn": "van_ban_hop_nhat",
    "qc": "other",
    "qcph": "other",  # Quy chế phối hợp (`01/QCPH-LĐTBXH-GDĐT-CA`), joint rules of several bodies
    "pa": "other",  # Phương án (`02600/PA-UBND`): a response plan, no type of its own in CONTRACT.md
    "ttr": "to_trinh",
    "pl": "phap_lenh",
    "khhd": "ke_hoach",  # Kế hoạch hành động (`459-KHHĐ/TU`)
    "khlt": "ke_hoach",  # Kế hoạch liên tịch
    "khph": "ke_hoach",  # Kế hoạch phối hợp (`05/KHPH-CAT-SGDĐT`)
    "ctrph": "chuong_trinh",  # Chương trình phối hợp (`01/CTrPH-LĐTBXH-GDĐT`), a joint programme
    "nqlt": "nghi_quyet",  # Nghị quyết liên tịch (`102/2025/NQLT-UBTVQH15-CP`)
    "l": "luat",
}

# Party documents share type tokens with State ones: `QĐ/TW` is a Party rule (Quy định), `TT/TU` a
# Party notice (Thông tri), where `QĐ-TTg` is a decision and `TT-BGDĐT` a circular (CONTRACT.md).
PARTY_TYPE_TOKENS = {"qd": "quy_dinh", "tt": "thong_tri"}
PARTY_BODIES = frozenset({"tw", "tu", "hu", "du", "qu", "thu", "bcs", "btv"})

# Type words as written before a number (folded, longest first) -> doc_type.
TYPE_WORDS: dict[str, str] = {
    "van ban hop nhat": "van_ban_hop_nhat",
    "thong tu lien tich": "thong_tu",
    "chuong trinh hanh dong": "chuong_trinh",
    "chuong trinh phoi hop": "chuong_trinh",
    "ke hoach phoi hop": "ke_hoach",
    "ke hoach hanh dong": "ke_hoach",
    "ke hoach lien tich": "ke_hoach",
    "nghi quyet lien tich": "nghi_quyet",
    "chi thi": "chi_thi",
    "ke hoach": "ke_hoach",
    "quyet dinh": "quyet_dinh",
    "nghi dinh": "nghi_dinh",
    "nghi quyet": "nghi_quyet",
    "thong tu": "thong_tu",
    "cong van": "cong_van",
    "van ban": "cong_van",
    "van ban chi dao": "cong_van",  # `Thực hiện văn bản chỉ đạo số 1543/UBND-VX …`
    "van ban huong dan": "cong_van",
    "thong bao ket luan": "thong_bao",
    "thong bao": "thong_bao",
    "ket luan": "ket_luan",
    "chuong trinh": "chuong_trinh",
    "de an": "de_an",
    "huong dan": "huong_dan",
    "bao cao": "bao_cao",
    "cong dien": "cong_dien",
    "bo luat": "luat",
    "luat": "luat",
    "phap lenh": "phap_lenh",
    "hien phap": "hien_phap",
    "to trinh": "to_trinh",
    "thong tri": "thong_tri",
    "quy dinh": "quy_dinh",
    "cong uoc": "cong_uoc",
    "quy che phoi hop": "other",
    "phuong an": "other",
}

# The type words as one regex alternation, longest first (`ke hoach lien tich` before `ke hoach`).
TYPE_WORD_ALTERNATION = "|".join(sorted((re.escape(w) for w in TYPE_WORDS), key=len, reverse=True))

# Display words per doc_type (labels, unnumbered titles).
TYPE_LABELS: dict[str, str] = {
    "chi_thi": "Chỉ thị",
    "nghi_quyet": "Nghị quyết",
    "luat": "Luật",
    "nghi_dinh": "Nghị định",
    "quyet_dinh": "Quyết định",
    "thong_tu": "Thông tư",
    "ke_hoach": "Kế hoạch",
    "cong_van": "Công văn",
    "thong_bao": "Thông báo",
    "ket_luan": "Kết luận",
    "chuong_trinh": "Chương trình",
    "de_an": "Đề án",
    "huong_dan": "Hướng dẫn",
    "bao_cao": "Báo cáo",
    "cong_dien": "Công điện",
    "van_ban_hop_nhat": "Văn bản hợp nhất",
    "quy_dinh": "Quy định",
    "thong_tri": "Thông tri",
    "to_trinh": "Tờ trình",
    "phap_lenh": "Pháp lệnh",
    "hien_phap": "Hiến pháp",
    "cong_uoc": "Công ước",
    "other": "Văn bản",
}

# --- issuing bodies in symbols ----------------------------------------------

# Central bodies (folded symbol tokens): their numbers are unique nationwide once the year is known.
CENTRAL_BODIES: dict[str, str] = {
    "tw": "Bộ Chính trị",
    "ttg": "Thủ tướng Chính phủ",
    "cp": "Chính phủ",
    "vpcp": "Văn phòng Chính phủ",
    "vpqh": "Văn phòng Quốc hội",
    "bgddt": "Bộ Giáo dục và Đào tạo",
    "bldtbxh": "Bộ Lao động - Thương binh và Xã hội",
    "ldtbxh": "Bộ Lao động - Thương binh và Xã hội",
    "byt": "Bộ Y tế",
    "btc": "Bộ Tài chính",
    "bca": "Bộ Công an",
    "bqp": "Bộ Quốc phòng",
    "btp": "Bộ Tư pháp",
    "bnv": "Bộ Nội vụ",
    "btttt": "Bộ Thông tin và Truyền thông",
    "bvhttdl": "Bộ Văn hóa, Thể thao và Du lịch",
    "bkhdt": "Bộ Kế hoạch và Đầu tư",
    "bct": "Bộ Công Thương",
    "bnnptnt": "Bộ Nông nghiệp và Phát triển nông thôn",
    "bnnmt": "Bộ Nông nghiệp và Môi trường",
    "btnmt": "Bộ Tài nguyên và Môi trường",
    "bgtvt": "Bộ Giao thông vận tải",
    "bxd": "Bộ Xây dựng",
    "bkhcn": "Bộ Khoa học và Công nghệ",
    "bng": "Bộ Ngoại giao",
    "nhnn": "Ngân hàng Nhà nước Việt Nam",
    "ttcp": "Thanh tra Chính phủ",
    "ubdt": "Ủy ban Dân tộc",
    "tandtc": "Tòa án nhân dân tối cao",
    "vksndtc": "Viện kiểm sát nhân dân tối cao",
    "ktnn": "Kiểm toán nhà nước",
    "bhxh": "Bảo hiểm xã hội Việt Nam",
    "tldld": "Tổng Liên đoàn Lao động Việt Nam",
    "lpqt": "Bộ Ngoại giao",
    "btgtw": "Ban Tuyên giáo Trung ương",
    "btctw": "Ban Tổ chức Trung ương",
    "vptw": "Văn phòng Trung ương Đảng",
    "ubkttw": "Ủy ban Kiểm tra Trung ương",
    "bdvtw": "Ban Dân vận Trung ương",
    "btgdvtw": "Ban Tuyên giáo và Dân vận Trung ương",
    "hdbcqg": "Hội đồng bầu cử quốc gia",
    "mttw": "Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam",
    "ubtwmttq": "Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam",
    "twd": "Ban Chấp hành Trung ương Đoàn",
    "btndtw": "Ban Bí thư Trung ương Đoàn",
    "twdtn": "Ban Chấp hành Trung ương Đoàn TNCS Hồ Chí Minh",  # `KH/TWĐTN-CTTN`
    "hddtw": "Hội đồng Đội Trung ương",  # `KH/HĐĐTW`
    "bdtgdtw": "Ban Đối ngoại Trung ương",
    "ubtwmttqvn": "Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam",
    "lntptw": "Liên ngành Tư pháp Trung ương",  # joint conclusions and guidance of the justice bodies
}
# The Front's bodies as symbol tokens: their `TT` is a thông tri.
FRONT_BODIES = frozenset({"mttw", "mttq", "ubmttq", "ubtwmttq", "ubtwmttqvn", "mt"})
_NATIONAL_ASSEMBLY = re.compile(r"^(ubtv)?qh\d{1,2}$")

# Local bodies (folded symbol tokens) -> the kind of body (see ingest.places).
LOCAL_BODIES: dict[str, str] = {
    "ubnd": "ubnd",
    "hdnd": "hdnd",
    "tu": "tinh_uy",
    "tuy": "tinh_uy",
    "thu": "thanh_uy",
    "hu": "huyen_uy",
    "qu": "quan_uy",
    "txu": "thi_xa_uy",
    "du": "dang_uy",
    "dtn": "doan_tn",
}

# Display of folded tokens whose letters need Đ or mixed case.
_TOKEN_DISPLAY: dict[str, str] = {
    "nd": "NĐ",
    "qd": "QĐ",
    "ttg": "TTg",
    "bgddt": "BGDĐT",
    "bldtbxh": "BLĐTBXH",
    "ldtbxh": "LĐTBXH",
    "sgddt": "SGDĐT",
    "sldtbxh": "SLĐTBXH",
    "pgddt": "PGDĐT",
    "pldtbxh": "PLĐTBXH",
    "gddt": "GDĐT",
    "du": "ĐU",
    "dtn": "ĐTN",
    "ubdt": "UBDT",
    "da": "ĐA",
    "cd": "CĐ",
    "ctr": "CTr",
    "ctrhd": "CTrHĐ",
    "ctrph": "CTrPH",
    "khph": "KHPH",
    "tldld": "TLĐLĐ",
    "bcsd": "BCSĐ",
    "ldld": "LĐLĐ",
    "ttr": "TTr",
    "vhttdl": "VHTTDL",
    "bvhttdl": "BVHTTDL",
    "bnnptnt": "BNNPTNT",
    "ldtbxh&bvcste": "LĐTBXH&BVCSTE",
}


# Department tokens seen in local symbols (`UBND-VX`, `SLĐTBXH-TE`, `SGDĐT-CTTT`).
_DEPARTMENT_TOKENS = {
    "mttq",  # the Front's local committees (`KH-MTTQ-BTT`): not a typo of the central `MTTW`
    "btt",
    "ubbc",
    "vx",
    "nc",
    "kt",
    "tc",
    "kgvx",
    "te",
    "bvcste",
    "cttt",
    "vhxh",
    "tccb",
    "qlcl",
    "gdmn",
    "gdth",
    "gdtrh",
    "vp",
    "ldtbxh",
    "gddt",
    "tp",
    "th",
    "mn",
    "thcs",
    "thpt",
    "xdcb",
    "vhtt",
}
_MINISTRY_STEMS = (
    "gddt",
    "ldtbxh",
    "yt",
    "tc",
    "tp",
    "nv",
    "vhttdl",
    "tttt",
    "khdt",
    "ct",
    "nnptnt",
    "tnmt",
    "gtvt",
    "xd",
    "khcn",
    "ca",
    "qp",
)


@cache
def _known_tokens() -> frozenset[str]:
    """Every symbol token the finder knows, so a typo one edit away can be told from a new token."""
    known = (
        set(TYPE_TOKENS) | set(CENTRAL_BODIES) | set(LOCAL_BODIES) | set(_TOKEN_DISPLAY) | _DEPARTMENT_TOKENS
    )
    known |= {prefix + stem for prefix in ("s", "p", "b") for stem in _MINISTRY_STEMS}
    return frozenset(known)


@cache
def _correction_targets() -> frozenset[str]:
    """Tokens a typo may be corrected into: not the departments only seen after a body (`CTTT`, `GDMN`):
    their set is open (Trung ương Đoàn's `CTTN` is no slip of `CTTT`), one letter apart means another
    department, not a typo."""
    bodies = set(TYPE_TOKENS) | set(CENTRAL_BODIES) | set(LOCAL_BODIES) | set(_TOKEN_DISPLAY)
    return _known_tokens() - (_DEPARTMENT_TOKENS - bodies)


@cache
def correct_token(token: str) -> str:
    """A token one typing error (swap, drop, extra or wrong letter) from one known token is that token:
    `ubdn`, `unbd`, `uobnd` -> `ubnd`. Short or unknown-but-distant tokens are left alone.

    >>> correct_token("ubdn"), correct_token("uobnd"), correct_token("gdddt"), correct_token("xyzw")
    ('ubnd', 'ubnd', 'gddt', 'xyzw')
    """
    known = _known_tokens()
    if token in known or len(token) < 4 or not token.isalpha():
        return token
    letters = "abcdefghijklmnopqrstuvwxyz"
    # the likeliest slips first: two letters swapped, one typed twice or extra, one left out, one wrong
    kinds = [
        {token[:i] + token[i + 1] + token[i] + token[i + 2 :] for i in range(len(token) - 1)},
        {token[:i] + token[i + 1 :] for i in range(len(token))},
        {token[:i] + c + token[i:] for i in range(len(token) + 1) for c in letters},
        {token[:i] + c + token[i + 1 :] for i in range(len(token)) for c in letters},
    ]
    targets = _correction_targets()
    for edits in kinds:
        matches = sorted(edits & targets)
        if len(matches) == 1:
            return matches[0]
        if matches:
            return token  # ambiguous: leave it
    return token


# What separates a symbol's tokens; `.` too: the department after a dot (`QĐ-UBND.VX`) is a token like
# one after a hyphen.
_SEPARATORS = re.compile(r"[-/.\s]+")


@cache
def _split(symbol: str) -> tuple[str, ...]:
    return tuple(correct_token(_without_ampersand(t)) for t in _SEPARATORS.split(fold(symbol)) if t)


def _without_ampersand(token: str) -> str:
    """`BGD&ĐT` is `BGDĐT`, `SLĐ&TBXH` is `SLĐTBXH`: the `&` of a body's abbreviation is no part of it.

    >>> _without_ampersand("bgd&dt"), _without_ampersand("ldtbxh&bvcste")
    ('bgddt', 'ldtbxh&bvcste')
    """
    if "&" not in token:
        return token
    joined = token.replace("&", "")
    return joined if joined in _known_tokens() else token


def split_symbol(symbol: str) -> list[str]:
    """Folded tokens of a symbol: `KH/HU` -> ['kh', 'hu'], `UBND-LĐTBXH` -> ['ubnd', 'ldtbxh']."""
    return list(_split(symbol))


def canonical_symbol(raw: str) -> str:
    """NFC upper-case symbol without spaces, `Đ` restored where the source dropped it."""
    raw = re.sub(r"\s+", "", raw)
    out: list[str] = []
    for part in re.split(r"([-/.])", raw):
        if part in ("-", "/", ".") or not part:
            out.append(part)
            continue
        folded = fold(part)
        if folded in _TOKEN_DISPLAY and (part.upper() == fold(part).upper() or folded == "ttg"):
            out.append(_TOKEN_DISPLAY[folded])  # written without diacritics or in odd case
        else:
            out.append(part.upper() if folded != "ttg" else "TTg")
    return "".join(out)


def symbol_key(symbol: str | None) -> str:
    """Identity form of a symbol: folded, separators dropped (`KH/HU` == `kh-hu`)."""
    return "".join(split_symbol(symbol)) if symbol else ""


def body_token(symbol: str) -> str:
    """The token that names the issuing body: last for Party shapes, first non-type token otherwise."""
    tokens = split_symbol(symbol)
    if not tokens:
        return ""
    if "/" in symbol and len(tokens) == 2:  # Party: TYPE/BODY (a joint State symbol has more tokens)
        return tokens[-1]
    for token in tokens:
        if token not in TYPE_TOKENS:
            return token
    return tokens[-1]


def doc_type_of_symbol(symbol: str) -> str | None:
    """doc_type told by the symbol's type token, or None (`UBND-VX`, `QH14`)."""
    tokens = split_symbol(symbol)
    if tokens and tokens[0] in TYPE_TOKENS and len(tokens) > 1:
        if "/" in symbol and tokens[0] in PARTY_TYPE_TOKENS and tokens[-1] in PARTY_BODIES:
            return PARTY_TYPE_TOKENS[tokens[0]]
        if tokens[0] == "tt" and FRONT_BODIES.intersection(tokens[1:]):
            return "thong_tri"  # `TT-MTTW-BTT`: the Front issues thông tri, never thông tư
        return TYPE_TOKENS[tokens[0]]
    return None


def is_central(symbol: str) -> bool:
    """True when the issuing body is national: numbers unique nationwide (with the year). A body token
    ending in `TW` (Trung ương) is national even when the table has no name for it (`KL-LNTPTW`)."""
    body = body_token(symbol)
    return (
        body in CENTRAL_BODIES
        or bool(_NATIONAL_ASSEMBLY.match(body))
        or (len(body) > 3 and body.endswith("tw") and body not in LOCAL_BODIES)
    )


def central_issuer(symbol: str, doc_type: str | None = None) -> str | None:
    """Name of the central body a symbol names: `CT/TW` -> Bộ Chính trị, `QH14` -> Quốc hội."""
    body = body_token(symbol)
    if body.startswith("ubtvqh"):
        return "Ủy ban Thường vụ Quốc hội"
    if _NATIONAL_ASSEMBLY.match(body):
        return "Quốc hội"
    return CENTRAL_BODIES.get(body)


def is_known_body(token: str) -> bool:
    """A symbol token that names some issuing body (central or local, or a Sở/Phòng shape)."""
    return (
        token in CENTRAL_BODIES
        or token in LOCAL_BODIES
        or bool(_NATIONAL_ASSEMBLY.match(token))
        or token.startswith(("s", "p", "ub", "hd", "bql", "bch", "ct", "tt", "tr", "mn", "th"))
    )


def has_typo(symbol: str) -> bool:
    """True when a token of the symbol was corrected (`KH-UBDN`)."""
    raw = [t for t in _SEPARATORS.split(fold(symbol)) if t]
    return tuple(raw) != _split(symbol)
