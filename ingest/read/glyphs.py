"""Repair Vietnamese letters that a PDF's fonts or a copy-paste garbled inside otherwise Unicode text.

Two classes, both seen in real school and district files:

- Legacy-font fragments: a paragraph pasted from a `.VnTime` (TCVN3) document into a Unicode one keeps
  its cp1252 reading (`vai trß vµ nhiÖm vô` for `vai trò và nhiệm vụ`). A line with at least two words
  carrying characters no Vietnamese word has (`µ ß Ö ® « ¸ …`) is such a fragment: its words that cp1252
  can encode are decoded as TCVN3 again; Unicode words of the same line cannot be encoded and stay.
- Broken glyph maps: some PDF fonts map `ò` to `ị`, `oà` to `ồ`, `ô` to `ơ`, `oá` to `ố`
  (`phịng`, `an tồn`, `Thơng tư`, `THANH HỐ`). `ịng` and an `ơng` without `ư` are never Vietnamese, so a
  text with several of them has this font; only then are the ambiguous words (`tồn`, `hố`) restored.

>>> repair_glyphs("Căn cứ vai trß vµ nhiÖm vô ®\u00adîc ph©n c«ng của c¸n bé trong nhà trường")
'Căn cứ vai trò và nhiệm vụ được phân công của cán bộ trong nhà trường'
>>> repair_glyphs("Phịng GD an tồn; Thơng tư số 1 của UBND THÀNH PHỐ THANH HỐ")
'Phòng GD an toàn; Thông tư số 1 của UBND THÀNH PHỐ THANH HÓA'
>>> repair_glyphs("Vị trí tồn tại của phương án")  # no broken font: nothing changes
'Vị trí tồn tại của phương án'
"""

from __future__ import annotations

import re

from ingest.read.legacy_encodings import cp1252_bytes, decode_tcvn3

# cp1252 characters that TCVN3 uses for Vietnamese letters but no Unicode Vietnamese word contains.
# Symbols only (plus `Ö ß Þ` for `ệ ò ị`): an OCR engine writes Western letters such as `ü`, `ç`, `ï` for
# Vietnamese ones it misreads, never `µ`, `®` or `«`.
TCVN3_MARKERS = "¡¢£¤¥¦§¨©ª«¬\u00ad®¯°±²³´µ¶·¸¹º»¼½¾¿×÷ÖßÞ"
_MARKED_WORD = re.compile(r"\S*[" + re.escape(TCVN3_MARKERS) + r"]\S*")
_ANY_MARKER = re.compile("[" + re.escape(TCVN3_MARKERS) + "]")
_TOKEN = re.compile(r"[^\s,.;:()\"“”'/]+")

# Never Vietnamese: `ịng` (the rime is `inh`) and `ơng` not after `ư` (the rime is `ông` or `ương`).
_SURE = {"ịng": "òng", "ỊNG": "ÒNG", "ơng": "ông", "ƠNG": "ÔNG"}
_SURE_RE = re.compile(r"ịng|ỊNG|(?<![ưƯ])ơng|(?<![ưƯ])ƠNG")
# Words the broken font makes into other words: restored only in a text known to use that font.
_AMBIGUOUS = {
    "tồn": "toàn",
    "ngồi": "ngoài",
    "hồn": "hoàn",
    "đồn": "đoàn",
    "hố": "hóa",
    "hĩa": "hóa",
    "khĩa": "khóa",
    "thố": "thoá",
    "xố": "xóa",
}
_AMBIGUOUS_RE = re.compile(
    r"(?<![^\W\d_])("
    + "|".join(sorted({k for w in _AMBIGUOUS for k in (w, w.capitalize(), w.upper())}, key=len, reverse=True))
    + r")(?![^\W\d_])"
)


def repair_glyphs(text: str) -> str:
    """Both repairs; a text without either kind of damage is returned unchanged (and fast)."""
    if _ANY_MARKER.search(text):
        text = _repair_fragments(text)
    if _broken_glyphs(text) >= 2:
        text = _repair_broken_font(text)
    return text


def _broken_glyphs(text: str) -> int:
    """How many `ịng` and `ơng`-without-`ư` the text has (str.count: far faster than a regex scan)."""
    count = text.count("ịng") + text.count("ỊNG")
    return count + text.count("ơng") - text.count("ương") + text.count("ƠNG") - text.count("ƯƠNG")


def _repair_fragments(text: str) -> str:
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if len(_MARKED_WORD.findall(line)) >= 2:
            lines[i] = _repair_line(line)
    return "\n".join(lines)


def _repair_line(line: str) -> str:
    """Decode the fragment's words: marked ones, and unmarked ones (`vô`) that sit between marked ones.

    A word such as `nhà` is both good Unicode and a TCVN3 reading (`nhỔ`): it is decoded only when its
    non-ASCII neighbours are fragment words, never next to a word only Unicode can write (`trường`).
    """
    tokens = list(_TOKEN.finditer(line))
    kinds = [_kind(m.group()) for m in tokens]
    if kinds.count("marked") <= kinds.count("unicode"):
        return line  # mostly Unicode Vietnamese (an OCR line with stray `ü`): no TCVN3 paragraph here
    out, last = [], 0
    for i, m in enumerate(tokens):
        word = m.group()
        decode = kinds[i] == "marked"
        if kinds[i] == "plain":
            left = next((k for k in reversed(kinds[:i]) if k != "ascii"), None)
            right = next((k for k in kinds[i + 1 :] if k != "ascii"), None)
            decode = "marked" in (left, right) and "unicode" not in (left, right)
        data = cp1252_bytes(word) if decode else None
        out.append(line[last : m.start()])
        out.append(decode_tcvn3(data) if data is not None else word)
        last = m.end()
    out.append(line[last:])
    return "".join(out)


def _kind(word: str) -> str:
    if word.isascii():
        return "ascii"
    if cp1252_bytes(word) is None:
        return "unicode"
    return "marked" if _ANY_MARKER.search(word) else "plain"


def _repair_broken_font(text: str) -> str:
    text = _SURE_RE.sub(lambda m: _SURE[m.group()], text)
    return _AMBIGUOUS_RE.sub(_restore_word, text)


def _restore_word(m: re.Match[str]) -> str:
    word = m.group()
    fixed = _AMBIGUOUS[word.lower()]
    if word.isupper():
        return fixed.upper()
    return fixed.capitalize() if word[0].isupper() else fixed
