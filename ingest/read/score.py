"""How Vietnamese a text looks: the score that chooses among candidate decodings of a file.

Every candidate decoding of the same bytes keeps ASCII bytes and whitespace in place, so the candidates
split into the same whitespace tokens; only tokens with non-ASCII characters differ. Each such token
scores +1 per well-formed Vietnamese syllable (onset + rhyme + at most one tone, spelling rules such as
`k` before e/ê/i/y and checked endings -c/-ch/-p/-t taking only sắc or nặng), +1 more for a common word,
and -1 for anything else (a letter Vietnamese does not use, a stray symbol like `§`, `·`, `®`).

>>> vietnamese_score("Cộng hòa xã hội chủ nghĩa") > vietnamese_score("Céng hßa x· héi chñ nghÜa")
True
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_TONE_MARKS = {"\u0300": "grave", "\u0301": "acute", "\u0303": "tilde", "\u0309": "hook", "\u0323": "dot"}
_MODIFIERS = {"\u0302", "\u0306", "\u031b"}  # circumflex, breve, horn: part of the letter, not a tone

# Onsets, nuclei that take a final consonant, final consonants and open rhymes, on the toneless
# lower-case form (ă â ê ô ơ ư đ kept).
_ONSETS = (
    "ngh",
    "ng",
    "nh",
    "ch",
    "gh",
    "gi",
    "kh",
    "ph",
    "qu",
    "th",
    "tr",
    "b",
    "c",
    "d",
    "đ",
    "g",
    "h",
    "k",
    "l",
    "m",
    "n",
    "p",
    "r",
    "s",
    "t",
    "v",
    "x",
    "",
)


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_CLOSED_NUCLEI = _words("a ă â e ê i o ô ơ u ư iê yê uyê uô ươ oa oă oe uâ uê uy oo ôô")
_CODAS = ("ch", "ng", "nh", "c", "m", "n", "p", "t")
_OPEN_RHYMES = _words(
    """a e ê i o ô ơ u ư y ai ao au ay âu ây eo êu ia iu oi ôi ơi ua ui ưa ưi ưu iêu yêu oa oe uê uy
    oai oay oao oeo uây uôi ươi ươu uya uyu uơ"""
)
_FRONT = re.compile(r"[eêiy]")
_CHECKED = {"c", "ch", "p", "t"}

# Words frequent in administrative text; a candidate that produces them is almost surely right.
COMMON_WORDS = _words(
    """của và các có được cho với trong này theo về những một người không đã năm ngày tháng số
    thực hiện quyết định chỉ thị kế hoạch nghị quyết ủy ban nhân dân tỉnh huyện xã trẻ em việc
    công tác đồng chí đảng cộng hòa hội chủ nghĩa việt độc lập tự hạnh phúc bảo vệ chăm sóc giáo dục
    triển khai tổ chức cơ quan đơn vị địa phương trên sở căn cứ luật điều khoản phòng trường học"""
)

_LETTER_RUN = re.compile(r"[^\W\d_]+")
# Punctuation that Vietnamese text really uses beyond ASCII: quotes, dashes, ellipsis, bullets.
_OK_SYMBOLS = frozenset("“”‘’–—…•«»°№\u00a0")


def _split_tone(word: str) -> tuple[str, str | None, int] | None:
    """Lower-case toneless form and tone of one word, or None when it has two tones or odd marks."""
    tone: str | None = None
    tones = 0
    out = []
    for c in unicodedata.normalize("NFD", word.lower()):
        if c in _TONE_MARKS:
            tone = _TONE_MARKS[c]
            tones += 1
        elif unicodedata.combining(c) and c not in _MODIFIERS:
            return None
        else:
            out.append(c)
    return unicodedata.normalize("NFC", "".join(out)), tone, tones


def _rhyme_ok(rhyme: str) -> str | None:
    """The final consonant of a valid rhyme ('' when open), or None when the rhyme is not Vietnamese."""
    if rhyme in _OPEN_RHYMES:
        return ""
    for coda in _CODAS:
        if rhyme.endswith(coda) and rhyme[: -len(coda)] in _CLOSED_NUCLEI:
            return coda
    return None


def _onset_ok(onset: str, rhyme: str) -> bool:
    """Spelling rules: c/k, g/gh and ng/ngh are chosen by the vowel that follows."""
    front = bool(_FRONT.match(rhyme))
    if onset in ("c", "ng"):
        return not front
    if onset == "g":
        return not front or rhyme.startswith("i")
    if onset in ("k", "gh", "ngh"):
        return front
    return True


def is_syllable(word: str) -> bool:
    """True when `word` (letters only) is spelt like a Vietnamese syllable."""
    split = _split_tone(word)
    if split is None:
        return False
    bare, tone, tones = split
    if tones > 1 or not bare:
        return False
    for onset in _ONSETS:
        if not bare.startswith(onset):
            continue
        rhyme = bare[len(onset) :]
        coda = _rhyme_ok(rhyme) if rhyme else None
        if coda is None or not _onset_ok(onset, rhyme):
            continue
        if coda in _CHECKED and tone not in ("acute", "dot"):
            continue
        return True
    return False


# A text repeats its few thousand syllables: each distinct token is scored once per process.
@lru_cache(maxsize=65536)
def _token_score(token: str) -> int:
    letters = token.strip("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~0123456789")
    score = 0
    for c in letters:
        if not c.isascii() and not c.isalpha() and not unicodedata.combining(c) and c not in _OK_SYMBOLS:
            return -1
    for word in _LETTER_RUN.findall(letters):
        if word.isascii():
            continue
        if is_syllable(word):
            score += 2 if word.lower() in COMMON_WORDS else 1
        else:
            score -= 1
    return score


def vietnamese_score(text: str, limit: int = 200_000) -> int:
    """Sum of token scores over the first `limit` characters (tokens with non-ASCII characters only)."""
    sample = unicodedata.normalize("NFC", text[:limit])
    return sum(_token_score(tok) for tok in sample.split() if not tok.isascii())

