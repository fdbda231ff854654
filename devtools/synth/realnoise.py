"""The noise classes of real documents nobody cleaned (issue 11), drawn per document at realistic rates.

Each class changes how a fact is written, never the fact: the answer key is built from the plan
and stays right whatever is drawn. Classes are drawn once per document when the corpus is planned
(a class may change the file's format), from a generator seeded by (seed, document), so a corpus is
the same bytes for a seed. `parse_spec` reads `cpgraph synth --noise` to raise or silence classes
(a corpus with only one class at a high rate shows whether the parser handles it).

>>> number_own_line("25/KH-UBND")
'Số:\\n25/KH-UBND'
>>> number_spaced("296/KH-MNHP", Random(2))
'Số : 296 /KH-MNHP'
>>> number_glued("176/KHLT-UBND")
'Số: 176KHLT-UBND'
>>> date_glued("ngày 23 tháng 02 năm 2022")
'ngày 23tháng 02năm 2022'
>>> motto_split_line("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", Random(1))
['CỘNG', 'HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM']
>>> portal_case("ỦY BAN NHÂN DÂN HUYỆN MỸ TÚ")
'Ủy Ban Nhân Dân Huyện Mỹ Tú'
>>> portal_case("UBND XÃ TÂN LẬP")
'UBND Xã Tân Lập'
>>> legacy_mojibake("vai trò và nhiệm vụ", "tcvn3")
'vai trß vµ nhiÖm vô'
"""

from __future__ import annotations

import re
import unicodedata
from random import Random

from ingest.read.legacy_encodings import decode_cp1252, encode_tcvn3, encode_vni

# Header layouts: at most one per document (they are ways of writing the same header block).
LAYOUTS = ("flat_header", "pipes", "docx_table", "portal_md", "motto_glued", "doc_table")

# Per-document probability of each class. Layouts are drawn as one choice among themselves; the
# others independently. `no_place` applies to people's committees, `school_parent` to schools, the
# rest to any document. `non_documents` is the number of non-document files per 1,000 documents.
RATES: dict[str, float] = {
    "flat_header": 0.02,
    "pipes": 0.03,
    "docx_table": 0.03,
    "portal_md": 0.03,
    "motto_glued": 0.04,
    "crlf_literal": 0.01,
    "motto_split": 0.03,
    "number_noise": 0.06,
    "date_noise": 0.06,
    "no_place": 0.08,
    "school_parent": 0.5,
    "no_diacritics": 0.03,
    "mojibake": 0.02,
    # off by default: a class added after corpora were frozen would change their bytes (`--noise
    # default,cased_header=0.03` draws it on top of the default rates)
    "cased_header": 0.0,
    "non_documents": 0.5,
    # off by default too: a Word 97-2003 `.doc` with the header as a table (`doc_table=0.03`); drawn as
    # the last layout, so the layouts of the default corpus are drawn as before
    "doc_table": 0.0,
}
CLASSES = tuple(RATES)
UBND_ROLES = ("ubnd_t", "ubnd_h", "cv_h", "ubnd_x")


def parse_spec(spec: str | None) -> dict[str, float]:
    """Rates from `--noise`: `default` (or nothing), `none`, or `class=rate,...` (the classes not
    named are off; after a leading `default,` they keep their default rates). Raises ValueError with
    the known classes on a bad spec."""
    if spec is None or spec.strip() in ("", "default"):
        return dict(RATES)
    rates = {name: 0.0 for name in RATES}
    if spec.strip() == "none":
        return rates
    parts = [part for part in spec.split(",") if part.strip()]
    if parts and parts[0].strip() == "default":
        rates, parts = dict(RATES), parts[1:]
    for part in parts:
        name, _, value = part.partition("=")
        name = name.strip()
        if name not in RATES:
            raise ValueError(f"unknown noise class {name!r} (known: {', '.join(CLASSES)})")
        try:
            rate = float(value) if value else 1.0
        except ValueError as exc:
            raise ValueError(f"--noise {name}={value}: the rate must be a number") from exc
        if not 0 <= rate <= (1000 if name == "non_documents" else 1):
            raise ValueError(f"--noise {name}={value}: rate out of range")
        rates[name] = rate
    return rates


def draw_classes(rng: Random, role: str, numbered: bool, rates: dict[str, float]) -> list[str]:
    """The real-noise classes of one document, in a fixed order. A portal crawl is only drawn for
    numbered documents (portals list numbered texts)."""
    kinds = []
    u = rng.random()
    for layout in LAYOUTS:
        rate = rates[layout] if (layout != "portal_md" or numbered) else 0.0
        if u < rate:
            kinds.append(layout)
            break
        u -= rate
    for name in ("crlf_literal", "motto_split", "number_noise", "date_noise", "no_diacritics", "mojibake"):
        if rng.random() < rates[name]:
            kinds.append(name)
    if role in UBND_ROLES and rng.random() < rates["no_place"]:
        kinds.append("no_place")
    if role == "school" and rng.random() < rates["school_parent"]:
        kinds.append("school_parent")
    if "docx_table" in kinds or "doc_table" in kinds:  # Word keeps its line breaks: no literal `\r\n`
        kinds = [k for k in kinds if k != "crlf_literal"]
    if rng.random() < rates["cased_header"]:  # drawn last: the draws before it are as they were
        kinds.append("cased_header")
    return kinds


def file_suffix(kinds: list[str]) -> str:
    """`.docx` or `.doc` for a Word table header, `.md` for a portal crawl, else `.txt`."""
    if "docx_table" in kinds:
        return ".docx"
    if "doc_table" in kinds:
        return ".doc"
    return ".md" if "portal_md" in kinds else ".txt"


# ------------------------------------------------------------------ the number line


def number_own_line(text: str) -> str:
    """`Số:` alone, the số hiệu on the next line (a table cell or a PDF column)."""
    return f"Số:\n{text}"


def number_spaced(text: str, rng: Random) -> str:
    """Spaces around the colon and the separators: `Số : 296 /KH-MNHP`, `Số: 04 /KH - MN`, `25 - KH/HU`."""
    i = next((k for k, c in enumerate(text) if c in "-/"), -1)
    if i < 0:
        return f"Số : {text}"
    head, sep, rest = text[:i], text[i], text[i + 1 :]
    kind = rng.randrange(3)
    if kind == 0:
        return f"Số : {head} {sep}{rest}"
    if kind == 1:
        return f"Số: {head} {sep}{rest.replace('-', ' - ', 1)}"
    return f"Số: {head} {sep} {rest}"


def number_glued(text: str) -> str:
    """The number glued to the symbol, its separator dropped: `176KHLT-UBND`."""
    i = next((k for k, c in enumerate(text) if c in "-/"), -1)
    return f"Số: {text}" if i < 0 else f"Số: {text[:i]}{text[i + 1 :]}"


def noisy_number(text: str, rng: Random) -> str:
    """One of the number noises, for `text` the số hiệu as the document writes it."""
    kind = rng.randrange(3)
    if kind == 0:
        return number_own_line(text)
    return number_spaced(text, rng) if kind == 1 else number_glued(text)


# ------------------------------------------------------------------ the date line


def date_glued(text: str) -> str:
    """`23tháng 02năm 2022`: the words glued to the numbers before them."""
    return text.replace(" tháng ", "tháng ").replace(" năm ", "năm ")


def noisy_date(text: str, rng: Random) -> str:
    """The place-and-date line broken over lines, with double spaces, or glued."""
    kind = rng.randrange(3)
    if kind == 0:
        word = rng.choice(("ngày", "tháng", "năm"))
        i = text.find(f" {word} ")
        return text if i < 0 else text[:i] + "\n" + text[i + 1 :]
    if kind == 1:
        return text.replace(" tháng ", "  tháng ").replace("ngày ", "ngày  ", 1)
    return date_glued(text)


# ------------------------------------------------------------------ the motto


def motto_split_line(motto: str, rng: Random) -> list[str]:
    """The motto wrapped after its first one or three words (a narrow column)."""
    words = motto.split(" ")
    cut = 1 if rng.random() < 0.6 else 3
    return [" ".join(words[:cut]), " ".join(words[cut:])]


# ------------------------------------------------------------------ the case a portal stores

# A word in capitals with a vowel after its first letter (`HUYỆN`, `ỦY`) is a word a portal stores in
# normal case under an upper-case style; the others are abbreviations (`UBND`, `GD&ĐT`, `THCS`).
_VOWEL_AFTER_FIRST = re.compile(r"[aeiouy]", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_][\w&]*")


def portal_case(line: str) -> str:
    """The line as a portal stores a header it shows in capitals: each word capitalised."""

    def word(m: re.Match[str]) -> str:
        w = m.group(0)
        rest = unicodedata.normalize("NFD", w[1:])
        return w.capitalize() if w.isupper() and _VOWEL_AFTER_FIRST.search(rest) else w

    return _WORD.sub(word, line)


# ------------------------------------------------------------------ legacy fonts and escapes


def legacy_mojibake(line: str, encoding: str) -> str:
    """A Unicode line as a legacy font shows it when its bytes are read as Windows-1252
    (TCVN3 `vai trß vµ nhiÖm vô`, VNI `Coäng hoøa`)."""
    raw = encode_tcvn3(line) if encoding == "tcvn3" else encode_vni(line)
    return decode_cp1252(raw)


def mojibake_lines(lines: list[str], rng: Random) -> list[str]:
    """A few prose lines (two to five, one legacy font) pasted from an old file."""
    encoding = rng.choice(("tcvn3", "vni"))
    prose = [i for i, line in enumerate(lines) if len(line) > 40 and not line.isascii()]
    if not prose:
        return lines
    out = list(lines)
    for i in sorted(rng.sample(prose, k=min(len(prose), rng.randint(2, 5)))):
        out[i] = legacy_mojibake(out[i], encoding)
    return out


def literal_crlf(text: str, rng: Random) -> str:
    """Line breaks written as the four characters `\\r\\n` (a crawl's JSON string saved as is):
    the whole text on one line, or each break doubled by its escape."""
    if rng.random() < 0.5:
        return text.rstrip("\n").replace("\n", "\\r\\n") + "\n"
    return text.replace("\n", "\\r\\n\n")
