"""IMPLEMENTS or CITES: what each mention says about the citing document, and relations a text
states between two other documents.

- `IMPLEMENTS`: an implementing verb governs the citation (`Thực hiện Kế hoạch số …`, `tổ chức
  thực hiện tốt Chỉ thị …`, `Trên cơ sở Công văn số …`, a title `Triển khai thực hiện Chỉ thị …`,
  `Căn cứ` naming a directive or plan, `Ngày … UBND huyện … ban hành Kế hoạch số …, Phòng GDĐT
  yêu cầu … thực hiện`); list items sharing the verb (`…, Chỉ thị B và Kế hoạch C`) share it.
- Between two others: `Kế hoạch số 42-KH/HU … của Huyện ủy … thực hiện Chỉ thị 20-CT/TW`,
  `Kế hoạch số 121/KH-UBND … về triển khai thực hiện Chỉ thị số 28-CT/TW và Kế hoạch số 195-KH/HU`.
- `AMENDS` / `REPEALS`: `sửa đổi, bổ sung … của`, `bãi bỏ`, `thu hồi`; `tạm dừng thực hiện` is CITES.
- Everything else is `CITES`.

>>> from ingest.find import find_mentions
>>> text = "Thực hiện Kế hoạch số 42-KH/HU ngày 12/7/2013 của Huyện ủy Núi Thành thực hiện Chỉ thị 20-CT/TW."
>>> ms = find_mentions(text)
>>> [(c.self_type, c.owner) for c in classify_mentions(text, ms)]
[('IMPLEMENTS', None), ('CITES', 0)]
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.classify_lists import DIRECTIVE_TYPES, list_head, list_opening
from ingest.model import Mention
from ingest.normalize import fold_keep_length

# Implementing verbs (folded), as they govern a citation right after them; `triển khi` is a typo
# of `triển khai` that portals publish as it was typed.
IMPLEMENT_CUE = re.compile(
    r"""(?:thuc\ hien|trien\ khai|trien\ khi|quan\ triet|cu\ the\ hoa|tren\ co\ so|can\ cu(?:\ vao)?
        |huong\ dan\ thuc\ hien|chi\ dao\ thuc\ hien|tiep\ tuc\ thuc\ hien)\b""",
    re.VERBOSE,
)
# Words that may stand between the verb and the citation without breaking the link; `số` alone, or after
# a type word cut short (`Thực hiện Công số 1332/LĐTBXH-TE`, the word `văn` dropped).
FILLER = re.compile(
    r"""^(?:\s|[:,]|tot|co\ hieu\ qua|hieu\ qua|nghiem\ tuc|day\ du|kip\ thoi|dong\ bo|quyet\ liet|sau\ rong
        |cac\ noi\ dung|noi\ dung|nhiem\ vu|tinh\ than|y\ kien\ chi\ dao|chi\ dao|ket\ luan|cua|cac|va
        |tot\ cac|mot\ so|giai\ phap|muc\ tieu|yeu\ cau|ke\ hoach\ thuc\ hien|chuong\ trinh\ hanh\ dong
        |cong\ so|so)*$""",
    re.VERBOSE,
)
# Cues that make a citation background, or a change to it, not an implementation. A change may name the
# provision it changes (`sửa đổi điểm b khoản 13 Điều 1 của Nghị định …`).
CITE_CUE = re.compile(
    r"""(?P<cites>tam\ dung\ thuc\ hien|tam\ dung|dinh\ chi|theo\ quy\ dinh|quy\ dinh\ tai|quy\ dinh\ cua
        |theo|tai|nhu|tuyen\ truyen|pho\ bien|gioi\ thieu|het\ hieu\ luc|thay\ the)
      | (?P<amends>sua\ doi,?\ bo\ sung(?:\ mot\ so\ dieu)?(?:\ cua)?|dinh\ chinh
                  |sua\ doi(?:,?\ bo\ sung)?
                   (?:,?\ (?:diem|khoan|dieu|muc|chuong|phu\ luc)\ [a-z0-9]{1,4}){1,4}\ cua)
      | (?P<repeals>bai\ bo|thu\ hoi|huy\ bo)""",
    re.VERBOSE,
)
# Lead text that only separates list items: `, `, `; `, ` và `, `; số `.
SEPARATOR_ONLY = re.compile(r"^[\s,;:/–\-()]*(?:(?:va|hoac|cung nhu|va cac|cac)[\s,;:()]*)?$")
# "ban hành Kế hoạch …, Phòng GDĐT yêu cầu … thực hiện": the letter carries out the cited plan.
_ISSUED = re.compile(r"ban\s+hanh\s*$")
ASKS_TO_IMPLEMENT = re.compile(r"(?:yeu cau|de nghi|chi dao|huong dan)[^.]{0,120}?(?:thuc hien|trien khai)")


@dataclass
class Classified:
    """For one mention: its relation to the citing document, and the other document that
    governs it when the text states a relation between two others (`owner` -> this, `owner_type`)."""

    self_type: str
    owner: int | None = None
    owner_type: str | None = None


def classify_mentions(
    text: str,
    mentions: list[Mention],
    folded: str | None = None,
    target_types: list[str] | None = None,
    title_span: tuple[int, int] | None = None,
) -> list[Classified]:
    """One `Classified` per mention, in order. `target_types` are the resolved doc_types;
    `title_span` is where the document's own title (subject line) is."""
    folded = folded if folded is not None else fold_keep_length(text)
    wrapped = is_hard_wrapped(text)
    out: list[Classified] = []
    for i, m in enumerate(mentions):
        prev = mentions[i - 1] if i and _same_sentence(folded, mentions[i - 1], m) else None
        kind = target_types[i] if target_types else m.doc_type
        alias = _alias_of(folded, mentions, i)
        if alias is not None:
            # `… năm 2030 (Nghị quyết số 163/2024/QH15), Nghị quyết số 50/NQ-CP …`: the short name a text
            # gives a document it has just cited says what that citation said
            out.append(Classified(out[alias].self_type, None, None))
            continue
        c = classify_one(folded, m, prev, out[i - 1] if prev is not None else None, i - 1, kind, out, wrapped)
        if (
            title_span
            and title_span[0] <= m.start < title_span[1]
            and c.self_type == "CITES"
            and c.owner is None
        ):
            c = _in_title(folded, title_span, m, c, kind)
        out.append(c)
    own_words: str | None = None
    for i, m in enumerate(mentions):
        bare = out[i].self_type == "CITES" and out[i].owner is None
        approved = approving_words(folded, m) if bare else None
        if approved is None:
            continue
        if own_words is None:
            own_words = _own_words(folded, mentions)
        if approved.search(own_words):
            out[i] = Classified("IMPLEMENTS", None, None)
    return out


# `Căn cứ Quyết định số 498/QĐ-TTg … phê duyệt Đề án “Giảm thiểu …”` in a plan whose title or closing
# sentence says it carries out that Đề án (`Kế hoạch thực hiện Đề án “Giảm thiểu …”`): the plan carries
# out the decision that approved it (CONTRACT.md, Relations). The approved programme's kind and first
# three words must be those the plan names.
_APPROVES = re.compile(
    r"^[\s,]*(?:ve\s+(?:viec\s+)?)?(?:phe\s+duyet|ban\s+hanh)\s+(?P<kind>chuong\s+trinh|de\s+an|ke\s+hoach)\W+"
    r"(?P<words>(?:[a-z0-9]+\W+){2}[a-z0-9]+)"
)
BASIS = re.compile(r"(?:^|\n)[\s*_\-]*can\s+cu\b")


def approving_words(folded: str, m: Mention) -> re.Pattern[str] | None:
    """For a decision cited in a `Căn cứ` clause as approving a programme: the words that would say the
    citing text carries that programme out."""
    if m.doc_type not in ("quyet_dinh", "nghi_quyet") or m.title is None:
        return None
    approves = _APPROVES.match(fold_keep_length(m.title))
    if approves is None or not BASIS.search(folded[m.sentence_start : m.start]):
        return None
    kind = r"\s+".join(approves["kind"].split())
    name = r"\W+".join(re.findall(r"[a-z0-9]+", approves["words"]))
    verb = r"(?:thuc\s+hien|trien\s+khai)\W+(?:[a-z0-9]+\W+){0,12}?"
    return re.compile(verb + kind + r"(?:\W+" + name + "|" + _BACK_REFERENCE + ")")


# The approved programme named again by its kind alone (`xây dựng Kế hoạch triển khai thực hiện Chương
# trình như sau`, `… thực hiện Đề án trên địa bàn huyện`, `… Chương trình nói trên`): the kind word is
# followed by the clause's end or words that place or announce, never by another programme's name.
_BACK_REFERENCE = (
    r"(?=[ \t]*(?:[.,;:\n]|$|nhu\s+sau|(?:nay|noi\s+tren|tren)\b|tai\s+(?:dia\s+phuong|don\s+vi)"
    r"|voi\s+(?:cac\s+)?noi\s+dung|cu\s+the|giai\s+doan\s+\d))"
)


def _own_words(folded: str, mentions: list[Mention]) -> str:
    """The text up to shortly after its last citation, citations and their subjects blanked: what the
    citing document says in its own words (its title, the sentence closing its basis clauses)."""
    head = list(folded[: max(m.tail_end for m in mentions) + 600])
    for m in mentions:
        end = min(max(m.end, m.tail_end), len(head))
        head[m.start : end] = " " * (end - m.start)
    return "".join(head)


def _alias_of(folded: str, mentions: list[Mention], i: int) -> int | None:
    """The earlier mention of the same document that a parenthesised repeat names, if any."""
    m = mentions[i]
    if folded[max(0, m.start - 2) : m.start].strip() != "(" or m.number is None:
        return None
    for j in range(i - 1, max(-1, i - 6), -1):
        other = mentions[j]
        if other.number == m.number and other.symbol == m.symbol and m.start - other.end < 600:
            return j
    return None


def _same_sentence(folded: str, prev: Mention, m: Mention) -> bool:
    """Same sentence, or a long one cut into windows with nothing between the two that ends a clause."""
    if prev.sentence_start == m.sentence_start:
        return True
    gap = folded[prev.tail_end : m.start]
    return prev.tail_end <= m.start and len(gap) <= 80 and not re.search(r"[.;]|\n\s*\n", gap)


def is_hard_wrapped(text: str) -> bool:
    """A text wrapped at a fixed width (portal crawls, PDF text layers): most lines are long and end
    inside a sentence, so a line break says nothing about where a clause ends.

    >>> is_hard_wrapped(("Căn cứ Quyết định số 1 của Bộ Tài chính ban hành Kế hoạch tổng thể\\n" * 12))
    True
    >>> is_hard_wrapped("Căn cứ Luật A;\\nCăn cứ Luật B;\\n" * 12)
    False
    """
    long_lines = [line.rstrip() for line in text[:20000].split("\n") if len(line.strip()) >= 55]
    if len(long_lines) < 10:
        return False  # tables and short lines say nothing either way
    open_ended = sum(1 for line in long_lines if line[-1:] not in ".;:!?")
    return open_ended >= 0.6 * len(long_lines)


def _in_title(folded: str, title_span: tuple[int, int], m: Mention, c: Classified, kind: str) -> Classified:
    """A plan whose title names a directive after an implementing word carries it out, even when the
    title says `… năm học 2024-2025 theo Chỉ thị số 28-CT/TW` across a line break."""
    before = folded[title_span[0] : m.start]
    if _NOT_CARRIED_OUT.search(before):
        return c
    cue = last_cue(before, kind)
    carries_out = cue is None and TITLE_IMPLEMENT.search(before) is not None
    if cue == "IMPLEMENTS" or carries_out or (re.search(r"\btheo\s*$", before) and kind in _TITLE_DIRECTIVES):
        return Classified("IMPLEMENTS", None, None)
    return c


# A title that suspends, repeals, amends or corrects what it names does not carry it out.
_NOT_CARRIED_OUT = re.compile(
    r"tam dung|tam hoan|tam ngung|bai bo|thu hoi|huy bo|sua doi|dinh chinh|het hieu luc"
)


# An implementing word anywhere earlier in a title (`Kế hoạch thực hiện công tác … Chỉ thị …`).
TITLE_IMPLEMENT = re.compile(r"thuc hien|trien khai|trien khi|quan triet|cu the hoa")


# What a plan's title can carry out "theo" (after): directives, plans, resolutions, decisions.
_TITLE_DIRECTIVES = DIRECTIVE_TYPES | {"nghi_quyet", "quyet_dinh"}


def classify_one(
    folded: str,
    m: Mention,
    prev: Mention | None,
    prev_c: Classified | None,
    prev_i: int,
    kind: str,
    done: list[Classified],
    wrapped: bool = False,
) -> Classified:
    if prev is not None and prev_c is not None:
        embedded = prev.title is not None and prev.tail_end == m.start
        if embedded:
            # cited inside the previous citation's subject: "… về triển khai thực hiện Chỉ thị …"
            subject = folded[prev.end : m.start]
            if _governs(subject, kind):
                return Classified("CITES", prev_i, "IMPLEMENTS")
            return Classified("CITES", None, None)
        lead = folded[prev.tail_end : m.start]
        head = list_head(folded, m, kind) if "\n" in lead else None
        if head is not None:  # the next item of a list hanging from `Thực hiện …:` or a heading of bases
            return Classified(head[0], None, None)
        item = lead.rsplit(";", 1)[1] if ";" in lead else None
        if item is not None and SEPARATOR_ONLY.match(item):
            opening = list_opening(folded, m, kind)
            if opening is not None:  # `…; ` begins the next item of an opening `Căn cứ` / `Thực hiện` list
                return Classified(opening, None, None)
        another = prev_c.self_type == "IMPLEMENTS" and _ANOTHER_DIRECTION.match(lead)
        if SEPARATOR_ONLY.match(lead) or another:
            opening = list_opening(folded, m, kind) if ";" in lead or "\n" in lead else None
            if opening is not None:
                # each item of `Căn cứ A; B; C` by its own kind: an amending law before it changes nothing
                return Classified(opening, None, None)
            if ";" in lead and prev_c.owner is not None:
                # "…của A về thực hiện B và C; Kế hoạch D": the semicolon closes A's subject, D is A's peer
                top = done[prev_c.owner]
                return Classified(top.self_type, top.owner, top.owner_type)
            return Classified(prev_c.self_type, prev_c.owner, prev_c.owner_type)
        clause = lead[:1] not in (",", ";", ".") and len(lead.strip()) <= 60
        relative = clause and ("\n" not in lead or wrapped)  # a crawl's hard wrap is no new line
        if relative and _governs(lead, kind) and len(lead.strip()) <= (80 if wrapped else 40):
            # a relative clause of the previous citation: "Kế hoạch 42-KH/HU … thực hiện Chỉ thị 20"
            return Classified("CITES", prev_i, "IMPLEMENTS")
        change = last_cue(own_item(lead), kind) if clause else None
        if change in ("AMENDS", "REPEALS") and _PASSIVE_CHANGE.search(lead):
            return Classified("CITES", None, None)  # `A được sửa đổi bởi B`: B changes A, not A B
        if change in ("AMENDS", "REPEALS"):
            # "Nghị định 21/2024 … sửa đổi, bổ sung một số điều của Nghị định 51/2016": 21 amends 51, not
            # us; a PDF line break before `sửa đổi` changes nothing (only a stronger claim needs no break)
            return Classified("CITES", prev_i, change)
        return Classified(_self_type(folded, lead, m, kind), None, None)
    lead = folded[m.sentence_start : m.start]
    item = lead.rsplit(";", 1)[1] if ";" in lead else None
    if item is not None and SEPARATOR_ONLY.match(item):
        opening = list_opening(folded, m, kind)  # a long list cut into windows: the item after `;`
        if opening is not None:
            return Classified(opening, None, None)
    head = list_head(folded, m, kind)
    if head is not None:
        return Classified(head[0], None, None)
    return Classified(_self_type(folded, lead, m, kind), None, None)


# A parenthesis closed before the citation: `Bộ luật Hình sự năm 2015 (sửa đổi, bổ sung năm 2017)` says
# which version of the law before it, not a change made to the next item.
_CLOSED_PARENTHESIS = re.compile(r"\([^()]*\)")


def own_item(lead: str) -> str:
    """The words between the previous citation and this one that can still govern this one: not those of
    a list item the `;` closed, nor a closed parenthesis."""
    return _CLOSED_PARENTHESIS.sub(" ", lead.rsplit(";", 1)[-1])


def _self_type(folded: str, lead: str, m: Mention, kind: str | None = None) -> str:
    kind = kind or m.doc_type
    cue = last_cue(lead, kind)
    if cue in ("AMENDS", "REPEALS"):
        cue = last_cue(own_item(lead), kind)  # a change told in a closed item or parenthesis is not ours
    if cue in ("AMENDS", "REPEALS") and NAMED_CHANGE.search(lead):
        return "CITES"  # `Căn cứ …; Luật sửa đổi, bổ sung một số điều của Luật …`: another law's name
    if cue == "CITES" and DIRECTION_IN.search(lead):
        return "IMPLEMENTS"  # `thực hiện chỉ đạo của Tỉnh ủy … tại Thông báo số …`
    if cue == "IMPLEMENTS" and REVIEWED.search(lead):
        return "CITES"  # `sau khi tổng kết việc thực hiện Chỉ thị số 45`: reviewing, not carrying out
    if cue is not None:
        return cue
    if _ISSUED.search(lead) and ASKS_TO_IMPLEMENT.search(folded, m.end, m.sentence_end + 200):
        return "IMPLEMENTS"
    return "CITES"


# Carrying out the direction a document gives: `thực hiện chỉ đạo của Tỉnh ủy về phòng, chống
# COVID-19 tại Thông báo số 224-TB/TU`, `triển khai thực hiện chỉ đạo của Thủ tướng tại Chỉ thị …`,
# `Căn cứ chỉ đạo của Bộ Chính trị tại Thông báo số …`, an opening `Theo chỉ đạo của UBND tỉnh tại
# Công văn số …` (a hard-wrapped line may break it); the same for the guidance a letter gives (`Theo hướng
# dẫn của Sở GDĐT tại Công văn số …`).
DIRECTION_IN = re.compile(
    r"(?:thuc hien|trien khai|can cu(?: vao)?|(?:^|\n)[\s*_\-]*theo)(?:\s+thuc hien)?"
    r"\s+(?:(?:nghiem tuc|nghiem|tot|kip thoi)\s+)?"
    r"(?:(?:cac|y kien|noi dung|su)\s+)?(?:chi dao|huong dan)\b[^.;]{0,160}\btai\s*$"
)
# The next item of such a list: `…, của Ban Bí thư tại văn bản số …`, `… và chỉ đạo của UBND tỉnh tại
# Văn bản số …` (after a document the opening verb carries out).
_ANOTHER_DIRECTION = re.compile(
    r"[\s,;]*(?:(?:va\s+)?(?:(?:cac|y kien|su)\s+)?(?:(?:chi dao|huong dan)\s+)?cua\s[^.;]{0,80}?)?"
    r"\btai\s+(?:van ban|thong bao|ket luan)?\s*(?:so)?\s*$"
)


# The name of another, amending document as an item of a `Căn cứ` list, before the citation:
# `Căn cứ …; Luật sửa đổi, bổ sung một số điều của Luật …`. Not the document's own title (its type
# word stands on the heading line above) nor a subject line (`Quyết định sửa đổi …` at its start).
NAMED_CHANGE = re.compile(
    r"(?:[;\n][ \t]*|can cu[ \t]+)"
    r"(?:bo luat|luat|phap lenh|nghi dinh|nghi quyet|thong tu(?: lien tich)?|quyet dinh)"
    r"[ \t]+(?:sua doi|bai bo|thay the)[^;]{0,200}$"
)


# A change told in the passive: the citation after it is the amending one.
_PASSIVE_CHANGE = re.compile(r"(?:duoc|bi)\s+(?:sua doi|bo sung|bai bo|thay the|huy bo|dinh chinh)")


# Carrying out put on hold: `tạm hoãn việc triển khai thực hiện Công văn số …`, `dừng thực hiện …`.
HELD = re.compile(
    r"(?<![a-z])(?:tam dung|tam hoan|tam ngung|hoan|dung|ngung|dinh chi)\s+(?:viec\s+|to chuc\s+)*"
    r"(?:trien khai|trien khi|thuc hien|ap dung)(?:\s+thuc hien)?$"
)


# Reviewing how a document was carried out, in a text's body: `tổng kết việc thực hiện Chỉ thị …`, `sơ kết 5
# năm thực hiện Nghị quyết …`, `đánh giá kết quả thực hiện Kế hoạch …`. (A title saying so, `Báo cáo sơ kết
# thực hiện Chỉ thị …`, still names what the document is about: `_in_title`.)
REVIEWED = re.compile(
    r"(?<![a-z])(?:tong ket|so ket|danh gia)(?:\s+\d+\s+nam)?\s+(?:(?:viec|ket qua|tinh hinh|qua trinh)\s+)*"
    r"(?:trien khai\s+)?thuc hien\W*$"
)


# `theo` right after an implementing verb is the verb's own (`thực hiện theo Kế hoạch số …`: a directive,
# plan or decision carried out); after an object it is background (`thực hiện chế độ theo Quyết định …`),
# and so is a passive (`được thực hiện theo Công ước …`).
_VERB_THEO = re.compile(r"\s+theo\b")
_PASSIVE_BEFORE = re.compile(r"(?:duoc|bi)\s+$")


def last_cue(lead: str, kind: str) -> str | None:
    """The cue nearest before the citation decides: implementing verb, background or change."""
    best_end, best = -1, None
    own_theo = -1  # the end of a verb's own `theo` (`Thực hiện theo Kế hoạch số …`)
    for m in IMPLEMENT_CUE.finditer(lead):
        basis_of_directive = not m.group().startswith("can cu") or kind in DIRECTIVE_TYPES
        theo = _VERB_THEO.match(lead, m.end()) if kind in _TITLE_DIRECTIVES else None
        if theo is not None and _PASSIVE_BEFORE.search(lead, 0, m.start()):
            theo = None  # `các quyền được thực hiện theo …`: done according to it, not carrying it out
        rest = theo.end() if theo else m.end()
        governs = FILLER.match(lead[rest:]) and basis_of_directive
        if governs and m.end() >= best_end:
            held = HELD.search(lead, 0, m.end())
            best_end, best = m.end(), "CITES" if held else "IMPLEMENTS"
            own_theo = theo.end() if theo else -1
    for m in CITE_CUE.finditer(lead):
        if not word_at(lead, m.start(), m.end()) or m.end() == own_theo:
            continue
        kind_of = "AMENDS" if m["amends"] else "REPEALS" if m["repeals"] else "CITES"
        if m.end() >= best_end or (
            m.end() > best_end - 12
            and m.start() < best_end
            and kind_of == "CITES"
            and "tam dung" in m.group()
        ):
            best_end, best = m.end(), kind_of
    if best == "CITES" and best_end >= 0:
        return "CITES"
    return best


def word_at(text: str, start: int, end: int) -> bool:
    before = text[start - 1 : start] if start else " "
    after = text[end : end + 1] or " "
    return not before.isalnum() and not after.isalnum()


def _governs(lead: str, kind: str) -> bool:
    return last_cue(lead, kind) == "IMPLEMENTS"
