"""The forms a document is known by, for `resolve` (`queries.common_resolve`): its số hiệu as token
sequences, the words typed with its number, its title, its issuer and place words, and how prominent it is.

Text is folded (accents and case dropped) and tokenised once per distinct string: titles, symbols,
type names and issuers repeat across the 10^5 documents of an index.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from ingest.normalize import fold
from queries.labels import so_hieu
from queries.names import type_name

# Words and numbers of folded text: `chi thi so 28-ct/tw` -> chi, thi, so, 28, ct, tw.
TOKEN = re.compile(r"[a-z0-9]+")
DIGITS = re.compile(r"^\d+$")

# Abbreviations typed for each doc_type (folded): `CT 28`, `KH 121`, `QĐ 23`, `NĐ 56` …
ABBREVIATIONS: dict[str, tuple[str, ...]] = {
    "chi_thi": ("ct",),
    "ke_hoach": ("kh",),
    "quyet_dinh": ("qd",),
    "nghi_dinh": ("nd",),
    "nghi_quyet": ("nq",),
    "thong_tu": ("tt",),
    "cong_van": ("cv",),
    "thong_bao": ("tb",),
    "ket_luan": ("kl",),
    "chuong_trinh": ("ctr",),
    "de_an": ("da",),
    "huong_dan": ("hd",),
    "bao_cao": ("bc",),
    "cong_dien": ("cd",),
    "van_ban_hop_nhat": ("vbhn",),
    "luat": ("luat",),
}

PROMINENCE_STEP = 0.002  # per citing document ...
PROMINENCE_MAX = 0.01  # ... up to this: `chi thi 28` prefers the directive that plans implement


def tokens(text: str) -> list[str]:
    """Folded tokens of a query or form, numbers without leading zeros, `số` before a number dropped.

    >>> tokens("Chỉ thị số 028-CT/TW")
    ['chi', 'thi', '28', 'ct', 'tw']
    """
    return list(_tokens(text))


# Titles, symbols, type names and issuers repeat across documents (`Kế hoạch`, `KH-UBND`): the index
# tokenises each text once. Cached as a tuple (shared), handed out as a new list.
@lru_cache(maxsize=65536)
def _tokens(text: str) -> tuple[str, ...]:
    raw = TOKEN.findall(fold(text))
    out = []
    last = len(raw) - 1
    # TOKEN's tokens are ASCII letters and digits: `isdigit` is DIGITS.match on them
    for i, tok in enumerate(raw):
        if tok.isdigit():
            out.append(tok.lstrip("0") or "0")
        elif tok != "so" or i == last or not raw[i + 1].isdigit():
            out.append(tok)
    return tuple(out)


def _split(text: str) -> tuple[str, tuple[str, ...]]:
    """(`words_of`, `numbers_of`) of `tokens(text)`, in two passes over the tokens (a title is ~30 of
    them, and the index splits 10^5 titles). TOKEN's tokens are ASCII: `isdigit` is DIGITS.match on them."""
    raw = TOKEN.findall(fold(text))
    words = [t for t in raw if not t.isdigit()]
    if "so" in words:  # `so` before a number is dropped: the rule of `tokens`
        words = [t for i, t in enumerate(raw) if not t.isdigit()
                 and (t != "so" or i + 1 == len(raw) or not raw[i + 1].isdigit())]
    return " ".join(words), tuple(t.lstrip("0") or "0" for t in raw if t.isdigit())


# Type names and issuers' places repeat across documents (titles seldom do): split once each.
_split_repeated = lru_cache(maxsize=65536)(_split)


def norm_number(num: str) -> str:
    """A number compared without leading zeros (`06` is `6`)."""
    return num.lstrip("0") or "0"


def words_of(toks: Iterable[str]) -> str:
    return " ".join(t for t in toks if not DIGITS.match(t))


def numbers_of(toks: Iterable[str]) -> list[str]:
    return [t for t in toks if DIGITS.match(t)]


@dataclass
class DocForms:
    """The searchable forms of one document."""

    doc_id: str
    number: str | None
    year: str | None
    keys: list[tuple[tuple[str, ...], str]] = field(default_factory=list)  # số hiệu tokens, display
    numbered: list[tuple[str, str]] = field(default_factory=list)  # words typed with the number, display
    title: str = ""  # folded title words
    title_display: str = ""
    title_numbers: set[str] = field(default_factory=set)
    type_words: str = ""
    place: str = ""  # folded issuer and place words
    prior: float = 0.0  # prominence bonus (number of citing documents)


def index_forms(
    doc_id: str, attrs: Mapping[str, Any], issuer: Mapping[str, Any] | None, cited: int = 0,
) -> DocForms:
    """Every form of a document that `resolve` compares against; `cited`: how many documents cite it."""
    doc_type = attrs.get("doc_type") or "other"
    number = attrs.get("number")
    symbol = attrs.get("symbol")
    year = attrs.get("year")
    forms = DocForms(doc_id=doc_id, number=norm_number(number) if number and DIGITS.match(number) else number,
                     year=str(year) if year else None)
    name = type_name(doc_type)
    forms.type_words = _split_repeated(name)[0]
    sym_tokens = _tokens(symbol) if symbol else ()
    display = so_hieu(number, symbol, year, doc_type)
    if number and forms.number:
        if sym_tokens and display:
            forms.keys.append(((forms.number, *sym_tokens), display))
            if year:
                forms.keys.append(((forms.number, str(year), *sym_tokens), display))
        sym_words = words_of(sym_tokens)
        candidates = [(forms.type_words, f"{name} {number}")]
        candidates += [(abbr, f"{abbr.upper()} {number}") for abbr in ABBREVIATIONS.get(doc_type, ())]
        if sym_words and display:
            candidates += [(sym_words, display), (f"{forms.type_words} {sym_words}", f"{name} {display}")]
        forms.numbered = [(w, d) for w, d in candidates if w]
    title = attrs.get("title") or ""
    if title:
        forms.title, title_numbers = _split(title)
        forms.title_display = str(title)
        forms.title_numbers = set(title_numbers)
    issuer = issuer or {}
    units = (attrs.get(f) or issuer.get(f) for f in ("province", "district", "commune"))
    place_parts = [issuer.get("name"), *units]
    forms.place = _split_repeated(" ".join(p for p in place_parts if p))[0]
    forms.prior = min(PROMINENCE_STEP * cited, PROMINENCE_MAX)
    return forms
