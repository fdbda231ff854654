"""Yearly rounds of local plans for children, beyond the year's plan ("care") and the Month of
action ("month"): the rounds a province really runs every year, each carrying out a central
document in force (the national programme, or the directive on violence and abuse).

They were added after the first two rounds; `generate.build_plan` appends their (trigger, province)
pairs after the older ones, in their own seeded order, so every corpus that fits in the older plan
keeps its bytes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from devtools.synth.central import programme_for


@dataclass(frozen=True)
class Round:
    key: str  # `Trigger.round`, and the prefix of the trigger key (`summer-2019`)
    month: int  # the cascade starts after this day of the year
    day: int
    ubnd_t: str  # subject lines (trích yếu) of the documents that do not cite their parents there
    so_ld: str
    cv_h: str
    school: str
    topic: str  # `về …` phrase of the cascade, after a citation in the other subjects


# `{y}` is the year of the round. Titles in Vietnamese with full diacritics, as real plans write them.
NEW_ROUNDS: tuple[Round, ...] = (
    Round(
        "abuse",
        2,
        10,
        ubnd_t="phòng, chống bạo lực, xâm hại trẻ em năm {y}",
        so_ld="hướng dẫn triển khai công tác phòng, chống bạo lực, xâm hại trẻ em năm {y}",
        cv_h="tăng cường công tác phòng, chống bạo lực, xâm hại trẻ em năm {y}",
        school="tuyên truyền phòng, chống xâm hại trẻ em cho học sinh năm {y}",
        topic="về phòng, chống bạo lực, xâm hại trẻ em năm {y}",
    ),
    Round(
        "drowning",
        4,
        10,
        ubnd_t="phòng, chống tai nạn, thương tích và đuối nước trẻ em năm {y}",
        so_ld="hướng dẫn công tác phòng, chống tai nạn, thương tích, đuối nước trẻ em năm {y}",
        cv_h="tăng cường các biện pháp phòng, chống đuối nước trẻ em năm {y}",
        school="phòng, chống đuối nước cho học sinh năm {y}",
        topic="về phòng, chống tai nạn, thương tích và đuối nước trẻ em năm {y}",
    ),
    Round(
        "summer",
        5,
        5,
        ubnd_t="tổ chức các hoạt động hè cho trẻ em năm {y}",
        so_ld="hướng dẫn tổ chức các hoạt động hè cho trẻ em năm {y}",
        cv_h="tổ chức các hoạt động vui chơi, giải trí cho trẻ em dịp hè năm {y}",
        school="tổ chức hoạt động hè cho học sinh năm {y}",
        topic="về tổ chức các hoạt động hè cho trẻ em năm {y}",
    ),
    Round(
        "autumn",
        8,
        5,
        ubnd_t="tổ chức Tết Trung thu cho trẻ em năm {y}",
        so_ld="hướng dẫn tổ chức Tết Trung thu cho trẻ em năm {y}",
        cv_h="tổ chức vui Tết Trung thu cho trẻ em năm {y}",
        school="tổ chức vui Tết Trung thu cho học sinh năm {y}",
        topic="về tổ chức Tết Trung thu cho trẻ em năm {y}",
    ),
)
BY_KEY = {r.key: r for r in NEW_ROUNDS}


def start(r: Round, year: int) -> date:
    return date(year, r.month, r.day)


def root_for(r: Round, year: int) -> str:
    """The central document a round carries out: the national programme in force, except the round
    against violence and abuse, which carries out the Prime Minister's directive on it (from 2018) and
    the National Assembly's resolution (from 2021)."""
    if r.key == "abuse" and year >= 2021:
        return "nq-qh14-121-2020"
    if r.key == "abuse" and year >= 2018:
        return "ct-ttg-18-2017"
    return programme_for(year)


def subject(doc_round: str, role: str, year: int) -> str | None:
    """The subject line of a new round's document that cites nothing there, else None."""
    r = BY_KEY.get(doc_round)
    if r is None or role not in ("ubnd_t", "so_ld", "cv_h", "school"):
        return None
    return str(getattr(r, role)).format(y=year)


def topic(doc_round: str, year: int) -> str | None:
    """The `về …` phrase of a new round's cascade, else None."""
    r = BY_KEY.get(doc_round)
    return r.topic.format(y=year) if r else None
