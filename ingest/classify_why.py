"""Why `ingest.classify` gave a citation its relation, for `cpgraph explain`: the rule that decided and
the words that made it. Read-only: it retraces the decisions of `classify_mentions` and never makes one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.classify import (
    ASKS_TO_IMPLEMENT,
    BASIS,
    CITE_CUE,
    DIRECTION_IN,
    FILLER,
    HELD,
    IMPLEMENT_CUE,
    NAMED_CHANGE,
    SEPARATOR_ONLY,
    TITLE_IMPLEMENT,
    Classified,
    approving_words,
    classify_one,
    last_cue,
    own_item,
    word_at,
)
from ingest.classify_lists import DIRECTIVE_TYPES, list_head, list_opening
from ingest.model import Mention


@dataclass(frozen=True)
class Cue:
    """Why `classify_mentions` gave a mention its relation: which rule decided, and the words.

    `rule` is one of: `cue` (a verb or word right before it), `basis_directive` (`Căn cứ` a directive
    or plan), `basis_legal` (`Căn cứ` a legal basis), `title` (the document's own title carries it
    out), `list` (an item of the previous citation's list), `list_head` (an item of a list hanging from
    an opening `Thực hiện …:` line or a heading of bases), `peer` (after a `;` closing the previous
    citation's subject: `other` is the citation it stands beside), `subject` / `relative` (the text
    says another cited document implements it), `subject_background` (named in another citation's
    subject, not carried out by it),
    `change_between` (a change made by another cited document), `named_change` (the name of
    an amending law), `direction` (`thực hiện chỉ đạo … tại`), `issued_asked` (`ban hành … yêu cầu
    … thực hiện`), `held` (carrying out put on hold), `no_cue`. `start`/`end` locate the words in
    the text (None when no words decided); `other` is the index of the other citation involved.
    """

    rule: str
    start: int | None = None
    end: int | None = None
    other: int | None = None


def classification_cue(
    folded: str,
    mentions: list[Mention],
    classified: list[Classified],
    i: int,
    target_types: list[str] | None = None,
    title_span: tuple[int, int] | None = None,
) -> Cue:
    """The rule and words behind `classified[i]` (the output of `classify_mentions` on the same
    arguments). Read-only: it retraces `classify_one` and `_in_title` without changing a decision."""
    m = mentions[i]
    kind = target_types[i] if target_types else m.doc_type
    prev = mentions[i - 1] if i and mentions[i - 1].sentence_start == m.sentence_start else None
    prev_c = classified[i - 1] if prev is not None else None
    base = classify_one(folded, m, prev, prev_c, i - 1, kind, classified[:i])
    if base.self_type == "CITES" and classified[i].self_type == "IMPLEMENTS" and approving_words(folded, m):
        # `Căn cứ` the decision approving the programme this text carries out
        basis = BASIS.search(folded[m.sentence_start : m.start])
        if basis is not None:
            at = m.sentence_start + basis.end() - len("can cu")
            return Cue("basis_directive", at, at + len("can cu"))
    if title_span and base != classified[i]:
        before_at = title_span[0]
        return _cue_in(folded[before_at : m.start], before_at, kind, "IMPLEMENTS", "title")
    if prev is not None and prev_c is not None:
        if prev.title is not None and prev.tail_end == m.start:
            subject = folded[prev.end : m.start]
            if base.owner == i - 1:
                cue = _cue_in(subject, prev.end, kind, "IMPLEMENTS", "subject")
            else:
                decided = last_cue(subject, kind) or "CITES"
                cue = _cue_in(subject, prev.end, kind, decided, "subject_background")
            return Cue(cue.rule, cue.start, cue.end, i - 1)
        lead = folded[prev.tail_end : m.start]
        head = list_head(folded, m, kind) if "\n" in lead else None
        if head is not None:
            return Cue("list_head", head[1], head[2])
        if SEPARATOR_ONLY.match(lead):
            if ";" in lead and prev_c.owner is not None:
                return Cue("peer", prev.tail_end, m.start, prev_c.owner)
            return Cue("list", prev.tail_end, m.start, i - 1)
        if base.owner == i - 1:
            cue = _cue_in(lead, prev.tail_end, kind, "IMPLEMENTS", "relative")
            return Cue(cue.rule, cue.start, cue.end, i - 1)
        change = last_cue(own_item(lead), kind)
        if base.self_type == "CITES" and change in ("AMENDS", "REPEALS"):
            cue = _cue_in(lead, prev.tail_end, kind, change or "", "change_between")
            return Cue(cue.rule, cue.start, cue.end, i - 1)
        return _self_cue(folded, lead, prev.tail_end, m, kind, base.self_type)
    lead = folded[m.sentence_start : m.start]
    item = lead.rsplit(";", 1)[1] if ";" in lead else None
    head = list_head(folded, m, kind)
    opening = item is not None and SEPARATOR_ONLY.match(item) and list_opening(folded, m, kind)
    if head is not None and not opening:
        return Cue("list_head", head[1], head[2])
    return _self_cue(folded, lead, m.sentence_start, m, kind, base.self_type)


def _self_cue(folded: str, lead: str, at: int, m: Mention, kind: str, self_type: str) -> Cue:
    """Which branch of `_self_type` decided, with the words."""
    cue = last_cue(lead, kind)
    if cue in ("AMENDS", "REPEALS") and self_type == "CITES":
        named = NAMED_CHANGE.search(lead)
        return Cue("named_change", at + named.start(), at + named.end()) if named else Cue("named_change")
    if cue == "CITES" and self_type == "IMPLEMENTS":
        direction = DIRECTION_IN.search(lead)
        if direction is None:
            return Cue("direction")
        return Cue("direction", at + direction.start(), at + direction.end())
    if cue is not None:
        return _cue_in(lead, at, kind, cue, "cue")
    if self_type == "IMPLEMENTS":
        asked = ASKS_TO_IMPLEMENT.search(folded, m.end, m.sentence_end + 200)
        return Cue("issued_asked", asked.start(), asked.end()) if asked else Cue("issued_asked")
    basis = [b for b in IMPLEMENT_CUE.finditer(lead) if b.group().startswith("can cu")]
    if basis and kind not in DIRECTIVE_TYPES:
        return Cue("basis_legal", at + basis[-1].start(), at + basis[-1].end())
    return Cue("no_cue")


def _cue_in(lead: str, at: int, kind: str, decided: str, rule: str) -> Cue:
    """The last cue of the decided relation in `lead` (which starts at `at` in the text)."""
    if decided == "IMPLEMENTS":
        verbs = [
            v
            for v in IMPLEMENT_CUE.finditer(lead)
            if FILLER.match(lead[v.end() :])
            and (not v.group().startswith("can cu") or kind in DIRECTIVE_TYPES)
        ]
        if not verbs:  # a title's implementing word farther back, or `theo` a directive
            verbs = list(TITLE_IMPLEMENT.finditer(lead)) or list(re.finditer(r"\btheo\s*$", lead))
        if verbs:
            v = verbs[-1]
            named = "basis_directive" if rule == "cue" and v.group().startswith("can cu") else rule
            return Cue(named, at + v.start(), at + v.end())
        return Cue(rule)
    if decided == "CITES":
        spans = [
            (c.start(), c.end(), rule)
            for c in CITE_CUE.finditer(lead)
            if c["cites"] and word_at(lead, c.start(), c.end())
        ]
        for v in IMPLEMENT_CUE.finditer(lead):
            held = HELD.search(lead, 0, v.end())
            if held is not None and FILLER.match(lead[v.end() :]):
                spans.append((held.start(), held.end(), "held" if rule == "cue" else rule))
        if spans:
            start, end, named = max(spans, key=lambda s: s[1])
            return Cue(named, at + start, at + end)
        return Cue(rule)
    group = "amends" if decided == "AMENDS" else "repeals"
    changes = [c for c in CITE_CUE.finditer(lead) if c[group] and word_at(lead, c.start(), c.end())]
    if changes:
        return Cue(rule, at + changes[-1].start(), at + changes[-1].end())
    return Cue(rule)
