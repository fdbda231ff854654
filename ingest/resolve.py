"""Resolve each mention of a text to a document reference (`DocRef`), following CONTRACT.md's
identity rules as far as one text can tell; `ingest.build` finishes across the corpus.

- central symbols: the year is part of the identity (`23/QĐ-TTg` of 2021);
- local symbols: the issuing body is (`60/KH-UBND` of UBND huyện Núi Thành); an issuer left
  implicit (`Kế hoạch số 195-KH/HU`, `của UBND huyện`) is placed from the citing body;
- a later short mention (`Chỉ thị 28`, `Kế hoạch số 195-KH/HU` without date) is the document
  fully cited earlier in the same text;
- laws cited by name resolve to the version in force on the citing document's date;
- an issuer contradicting the symbol (`195-KH/HU … của UBND Thị trấn`) loses, and is flagged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from ingest import central_docs, laws, symbols
from ingest.model import DocMeta, Mention, OrgRef
from ingest.places import after_reform, central_org, on_2025_map, org_name, with_context

_CENTRAL_KINDS = {
    "bo_chinh_tri",
    "ban_bi_thu",
    "bch_tw",
    "quoc_hoi",
    "ubtvqh",
    "chinh_phu",
    "thu_tuong",
    "vpcp",
    "bo",
    "un",
}
# Short forms with a central issuer and no symbol: `Chỉ thị 16 của Thủ tướng` -> CT-TTg.
_SHORT_SYMBOLS = {
    ("chi_thi", "thu_tuong"): "CT-TTg",
    ("quyet_dinh", "thu_tuong"): "QĐ-TTg",
    ("chi_thi", "bo_chinh_tri"): "CT/TW",
    ("nghi_quyet", "bo_chinh_tri"): "NQ/TW",
    ("ket_luan", "bo_chinh_tri"): "KL/TW",
    ("chi_thi", "ban_bi_thu"): "CT/TW",
    ("nghi_dinh", "chinh_phu"): "NĐ-CP",
    ("nghi_quyet", "chinh_phu"): "NQ-CP",
}


@dataclass
class DocRef:
    """What a text says about one document; `build` turns equal refs into one node."""

    doc_type: str
    number: str | None = None
    symbol: str | None = None
    year: int | None = None
    date: str | None = None
    title: str | None = None
    issuer: OrgRef | None = None
    central: bool = False
    name: str | None = None  # named law family or treaty title
    fixed_id: str | None = None  # treaties and other documents with a known id
    flags: list[str] = field(default_factory=list)


def own_ref(meta: DocMeta) -> DocRef:
    central = bool(meta.symbol and meta.number and symbols.is_central(meta.symbol))
    return DocRef(
        doc_type=meta.doc_type,
        number=meta.number,
        symbol=meta.symbol,
        year=meta.year,
        date=meta.date,
        title=meta.title,
        issuer=meta.issuer,
        central=central,
        flags=list(meta.flags),
    )


def resolve_mentions(mentions: list[Mention], meta: DocMeta) -> list[DocRef | None]:
    """One DocRef per mention (None when it cannot be told which document is meant)."""
    out: list[DocRef | None] = []
    earlier: list[DocRef] = []
    citing_date = meta.date or (str(meta.year) if meta.year else None)
    # an undated text was written after everything it cites: a law it names was passed by then
    cited = max((m.date or str(m.year) for m in mentions if m.date or m.year), default=None)
    for m in mentions:
        if m.kind == "named" and citing_date is None and cited and not m.as_of:
            m.as_of = cited
        ref = _resolve_one(m, meta, earlier, citing_date)
        out.append(ref)
        if ref is not None and m.kind == "numbered":
            earlier.append(ref)
    _fill_years(out, int(citing_date[:4]) if citing_date else None)
    return out


def _fill_years(refs: list[DocRef | None], citing_year: int | None) -> None:
    """A central citation without a year (`Chỉ thị số 34-CT/TW`) takes it from a full citation of the
    same number elsewhere in the text, else from the table of known central documents."""
    dated: dict[tuple[str, str, str], DocRef] = {}
    for ref in refs:
        if ref is not None and ref.central and ref.year and ref.number and ref.symbol:
            dated.setdefault((ref.doc_type, symbols.symbol_key(ref.symbol), ref.number.lstrip("0")), ref)
    for ref in refs:
        if ref is None or not ref.central or ref.year or not ref.number or not ref.symbol:
            continue
        full = dated.get((ref.doc_type, symbols.symbol_key(ref.symbol), ref.number.lstrip("0")))
        if full is not None:
            ref.year, ref.date = full.year, ref.date or full.date
            ref.title = ref.title or full.title
            continue
        known = central_docs.known(ref.symbol, ref.number, citing_year)
        if known is not None and known["doc_type"] == ref.doc_type:
            ref.year, ref.date = known["year"], ref.date or known["date"]
            ref.title = ref.title or known["title"]


def _resolve_one(m: Mention, meta: DocMeta, earlier: list[DocRef], citing_date: str | None) -> DocRef | None:
    if m.kind == "own" and meta.number is None:
        return None  # the header's own number the header could not read: no citation of itself
    if m.kind == "named":
        return _named(m, citing_date)
    if m.kind == "short":
        return _short(m, earlier, int(citing_date[:4]) if citing_date else None)
    assert m.symbol is not None
    central = symbols.is_central(m.symbol)
    ref = DocRef(
        doc_type=m.doc_type,
        number=m.number,
        symbol=m.symbol,
        year=m.year,
        date=m.date,
        title=m.title,
        central=central,
        name=m.name,
    )
    if symbols.has_typo(m.symbol):
        ref.flags.append("symbol_typo")
    if m.type_guessed:
        ref.flags.append("type_guessed")
    _check_date(ref)
    if central:
        ref.issuer = _central_issuer(m)
    else:
        ref.issuer = _local_issuer(m, meta.issuer, ref)
        if ref.issuer is not None and after_reform(ref.date or citing_date):
            ref.issuer = on_2025_map(ref.issuer)  # a commune body writing since July 2025
    _fill_from_earlier(ref, earlier, explicit_issuer=m.issuer_explicit)
    return ref


def _check_date(ref: DocRef) -> None:
    """The year in the number wins over a contradicting date (`80/2017/NĐ-CP ngày 17/7/2018`)."""
    if ref.year and ref.date and int(ref.date[:4]) != ref.year:
        ref.flags.append("date_conflicts_number")
        ref.date = None
    if ref.year is None and ref.date:
        ref.year = int(ref.date[:4])


def _central_issuer(m: Mention) -> OrgRef:
    assert m.symbol is not None
    if m.issuer is not None and m.issuer.kind in _CENTRAL_KINDS:
        told = symbols.central_issuer(m.symbol)
        # `CT/TW` of Ban Bí thư, `TB-VPCP` announcing the Prime Minister: the text's word is kept
        if (
            told is None
            or m.issuer.kind in ("ban_bi_thu", "bch_tw", "thu_tuong", "bo", "vpcp")
            or told == _central_name(m.issuer)
        ):
            return m.issuer
    name = symbols.central_issuer(m.symbol) or "Cơ quan trung ương"
    return _central_org(name)


def _central_name(org: OrgRef) -> str:
    return org_name(org)


def _central_org(name: str) -> OrgRef:
    return central_org(name)


def _symbol_body_kind(symbol: str) -> str | None:
    body = symbols.body_token(symbol)
    local = symbols.LOCAL_BODIES.get(body)
    if local:
        return {"thanh_uy": "tinh_uy", "quan_uy": "huyen_uy", "thi_xa_uy": "huyen_uy"}.get(local, local)
    if re.fullmatch(r"s[a-z&]{1,10}", body):
        return "so"
    if re.fullmatch(r"p[a-z&]{1,10}", body):
        return "phong"
    return None


_PARTY_LEVEL = {"tinh_uy": "province", "huyen_uy": "district", "dang_uy": "commune"}
_SO_NAMES = {
    "sgddt": "Giáo dục và Đào tạo",
    "sldtbxh": "Lao động - Thương binh và Xã hội",
    "sldttboxh": "Lao động - Thương binh và Xã hội",
    "syt": "Y tế",
    "stp": "Tư pháp",
    "snv": "Nội vụ",
    "stc": "Tài chính",
    "svhttdl": "Văn hóa, Thể thao và Du lịch",
    "stttt": "Thông tin và Truyền thông",
    "pgddt": "Giáo dục và Đào tạo",
    "pldtbxh": "Lao động - Thương binh và Xã hội",
}


def _local_issuer(m: Mention, citing: OrgRef | None, ref: DocRef) -> OrgRef | None:
    """The body of a local symbol: named next to it, else told by the symbol and the citing body."""
    assert m.symbol is not None
    told = _symbol_body_kind(m.symbol)
    explicit = m.issuer
    if explicit is not None:
        explicit = with_context(explicit, citing)
        if not _compatible(told, explicit):
            ref.flags.append("issuer_conflict")  # the number wins: a HU plan is the Huyện ủy's
            return _implied(told, citing, explicit, symbol=m.symbol)
        return explicit
    return _implied(told, citing, None, symbol=m.symbol)


def _compatible(told: str | None, explicit: OrgRef) -> bool:
    """Does the body a phrase names fit the body the symbol names? (`TU` is a Tỉnh ủy, Thành ủy or Thị ủy.)"""
    if told is None:
        return True
    if told == "tinh_uy":
        return explicit.kind in ("tinh_uy", "huyen_uy")
    if told in ("huyen_uy", "dang_uy"):
        return explicit.kind == told
    if told == "ubnd":
        return explicit.kind not in _PARTY_LEVEL and explicit.kind not in ("so", "phong")
    if told in ("so", "phong"):
        return explicit.kind == told
    return True


def _implied(
    kind: str | None, citing: OrgRef | None, place: OrgRef | None, symbol: str | None = None
) -> OrgRef | None:
    """The body a symbol implies, placed from `place` (a conflicting phrase) or the citing body."""
    base = place or citing
    if kind is None:
        return citing
    if kind in _PARTY_LEVEL:
        level = _PARTY_LEVEL[kind]
        org = OrgRef(kind=kind, unit_level=level)
        return with_context(org, base)
    if kind == "ubnd":
        return _ubnd_of(base)
    if kind in ("so", "phong"):
        token = symbols.body_token(symbol or "")
        level = "province" if kind == "so" else "district"
        org = OrgRef(kind=kind, unit_level=level, name=_SO_NAMES.get(token, token.upper()[1:] or None))
        return with_context(org, base)
    return citing


def _ubnd_of(base: OrgRef | None) -> OrgRef | None:
    """The people's committee a body is or belongs to: Phòng -> UBND huyện, Sở -> UBND tỉnh, ..."""
    if base is None:
        return OrgRef(kind="ubnd")
    if base.kind == "ubnd":
        return base
    if base.kind in ("so", "tinh_uy"):
        return OrgRef(kind="ubnd", unit_level="province", province=base.province)
    if base.kind in ("phong", "huyen_uy", "truong"):
        return OrgRef(
            kind="ubnd",
            unit_level="district",
            province=base.province,
            district=base.district,
            unit_kind=base.unit_kind if base.kind != "truong" else None,
        )
    if base.kind == "dang_uy":
        return OrgRef(
            kind="ubnd",
            unit_level="commune",
            province=base.province,
            district=base.district,
            commune=base.commune,
            unit_kind=base.unit_kind,
        )
    return OrgRef(
        kind="ubnd",
        unit_level=base.unit_level,
        province=base.province,
        district=base.district,
        commune=base.commune,
        unit_kind=base.unit_kind,
    )


def _same_number(a: str | None, b: str | None) -> bool:
    if a is None or b is None:
        return False
    if a.isdigit() and b.isdigit():
        return int(a) == int(b)
    return a == b


def _fill_from_earlier(ref: DocRef, earlier: list[DocRef], explicit_issuer: bool) -> None:
    """A bare later mention (no date) is the document fully cited earlier in the same text."""
    key = symbols.symbol_key(ref.symbol)
    for prior in reversed(earlier):
        if not _same_number(prior.number, ref.number) or symbols.symbol_key(prior.symbol) != key:
            continue
        if ref.year is not None and prior.year is not None and ref.year != prior.year:
            continue
        if ref.year is None:
            ref.year, ref.date = prior.year, ref.date or prior.date
        if not ref.central and (not explicit_issuer or "issuer_conflict" in ref.flags) and prior.issuer:
            ref.issuer = prior.issuer
        ref.title = ref.title or prior.title
        return


def _short(m: Mention, earlier: list[DocRef], citing_year: int | None = None) -> DocRef | None:
    """`Chỉ thị 28` -> the earlier `Chỉ thị số 28-CT/TW`; `Chỉ thị 16 của Thủ tướng` -> 16/CT-TTg."""
    for prior in reversed(earlier):
        if prior.doc_type == m.doc_type and _same_number(prior.number, m.number):
            return replace(prior, flags=list(prior.flags))
    if m.issuer is not None and (m.doc_type, m.issuer.kind) in _SHORT_SYMBOLS:
        symbol = _SHORT_SYMBOLS[(m.doc_type, m.issuer.kind)]
        ref = DocRef(
            doc_type=m.doc_type,
            number=m.number,
            symbol=symbol,
            date=m.date,
            title=m.title,
            issuer=m.issuer,
            central=True,
        )
        _check_date(ref)
        if ref.year is None and citing_year:
            # numbers of CT-TTg restart yearly: the one the text means is most likely of its own year
            ref.year = citing_year
            ref.flags.append("year_assumed")
        return ref
    return None


def _named(m: Mention, citing_date: str | None) -> DocRef | None:
    if m.doc_type == "cong_uoc":
        treaty = laws.treaties()[0]
        return DocRef(
            doc_type="cong_uoc",
            year=treaty["year"],
            date=treaty["date"],
            title=treaty["title"],
            issuer=OrgRef(kind="un"),
            central=True,
            name=treaty["title"],
            fixed_id=treaty["id"],
        )
    assert m.name is not None
    name, version = m.name, None
    if m.date or m.year:
        version = laws.law_by_date(name, m.date, m.year)
        if version is None:
            amending = laws.amendment_by_date(name, m.date, m.year)
            if amending is not None:  # `Luật Giáo dục ngày 25/11/2009`: the law that amended it then
                name, version = amending
        if version is None and not m.date and laws.versions(name):
            version = laws.law_in_force(name, citing_date)  # a year no version has is not the law's
        if version is None and laws.versions(name):
            return None  # a dated version the registry lacks: not guessed
    elif m.as_of and laws.versions(name):
        version = laws.law_passed_by(name, m.as_of)  # named in an amending law's title
    elif laws.versions(name):
        # a plan to carry out a law passed but not yet in force means the new law
        pending = laws.passed_not_in_force(name, citing_date) if m.carry_out else None
        version = pending or laws.law_in_force(name, citing_date)
    if version is not None:
        doc_type = laws.doc_type(name)
        return DocRef(
            doc_type=doc_type,
            number=version["number"],
            symbol=version["symbol"],
            year=version["year"],
            date=version["date"],
            title=version["title"],
            issuer=OrgRef(kind="ubtvqh" if doc_type == "phap_lenh" else "quoc_hoi"),
            central=True,
            name=name,
        )
    if m.date is None:
        return None
    # a law outside the table, cited by name and date: one node per name and date
    return DocRef(
        doc_type="luat",
        year=int(m.date[:4]),
        date=m.date,
        title=m.name,
        issuer=OrgRef(kind="quoc_hoi"),
        central=True,
        name=m.name,
    )
