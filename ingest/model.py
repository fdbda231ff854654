"""Plain data passed between the ingest steps (no behaviour, JSON-friendly)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class OrgRef:
    """An issuing body as a text names it, placed in the gazetteer where possible.

    `kind` is one of: bo_chinh_tri, ban_bi_thu, bch_tw, quoc_hoi, ubtvqh, chinh_phu, thu_tuong,
    vpcp, bo (a ministry or central agency: `name` holds it), tinh_uy, huyen_uy, dang_uy, ubnd,
    hdnd, so, phong, truong, un (United Nations), other.
    `unit_level` says which administrative level the body sits at (province/district/commune)
    for local bodies; `name` is the department or school name for so/phong/truong/bo/other.
    """

    kind: str
    unit_level: str | None = None
    province: str | None = None
    district: str | None = None
    commune: str | None = None
    name: str | None = None
    unit_kind: str | None = None  # "huyện", "thị xã", "thành phố", "quận", "xã", "phường", "thị trấn"


@dataclass
class Mention:
    """A citation found in a text: its span and what the words say (before resolution)."""

    start: int
    end: int
    doc_type: str
    number: str | None = None
    symbol: str | None = None
    year: int | None = None
    date: str | None = None
    issuer: OrgRef | None = None
    issuer_explicit: bool = False  # the text named the issuer next to the citation
    title: str | None = None
    name: str | None = None  # named laws and treaties: "Luật Trẻ em"
    carry_out: bool = False  # a named law the text sets out to carry out or disseminate
    as_of: str | None = None  # a law named in an amending law's title: the version passed by then
    tail_end: int = 0  # end of the date / issuer / subject that follow the citation
    kind: str = "numbered"  # numbered | short | named
    type_guessed: bool = False  # no type word and no type token: the doc_type is a default
    sentence_start: int = 0
    sentence_end: int = 0


@dataclass
class DocMeta:
    """The document's own metadata, read from its header, body and signature."""

    doc_type: str = "other"
    number: str | None = None
    symbol: str | None = None
    year: int | None = None
    date: str | None = None
    title: str | None = None
    title_span: tuple[int, int] | None = None
    body_start: int = 0
    issuer: OrgRef | None = None
    flags: list[str] = field(default_factory=list)
