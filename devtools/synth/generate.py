"""The plan of a synthetic national corpus: which local bodies implement which directive, when,
under which number, citing what. Plain data only; `render` turns each planned document into text.

A *trigger* is a central document that starts a cascade (a Party directive, a Prime Minister's
decision, a National Assembly resolution) or a yearly round of plans carrying out the national
programme in force. For each (trigger, province) pair the cascade is planned top down:

    Tỉnh ủy plan (Party triggers) -> UBND tỉnh plan -> Sở letters
      -> Huyện ủy plan, UBND huyện plan (or letter, yearly rounds) -> Phòng GDĐT letter
        -> Đảng ủy xã plan, UBND xã plan ; schools' plans under the Phòng letter

with realistic shares (about 90% of provinces, 60-90% of their districts, 30-70% of communes) and
lags. Pairs are taken in a seeded random order (directives first, then the year's plans and the
Month of action, then the newer rounds of `rounds.py`, each group shuffled on its own) until N
documents are planned; the list is in
pre-order (parents first), so cutting it at N never leaves a citation to a missing local document.

Document numbers are drawn last, per (province, year, folded symbol), so no two documents of one
province share number + year + symbol (the answer key tells documents apart by exactly that).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import date, timedelta
from random import Random
from typing import Any

from devtools.synth import realnoise, rounds
from devtools.synth.central import CENTRAL, TRIGGER_IDS, citable_background, programme_for
from devtools.synth.noise import typo_symbol
from devtools.synth.units import Province, national, party_body, slug, ubnd_name
from ingest.normalize import fold

LIMIT = date(2025, 6, 14)  # districts were abolished on 2025-07-01
ANNUAL_YEARS = range(2013, 2025)
UNNUMBERED_SHARE = 0.04  # of leaf documents: about 3% of all
OWN_TYPO_SHARE = 0.01
CITE_TYPO_SHARE = 0.01

Doc = dict[str, Any]

# Departments: (name, symbol prefix, symbol suffixes one of which a province uses).
SO_LD = ("Lao động - Thương binh và Xã hội", "SLĐTBXH", ("TE", "BTXH", "BVCSTE"))
SO_GD = ("Giáo dục và Đào tạo", "SGDĐT", ("CTTT", "GDTrH", "CTHSSV", "VP"))
SCHOOLS = (("Mầm non", "MN"), ("Tiểu học", "TH"), ("Trung học cơ sở", "THCS"))


@dataclass(frozen=True)
class Trigger:
    key: str
    root: str  # id of the central document carried out
    start: date  # the cascade starts after this day
    party: bool  # Party committees take part (Chỉ thị .../CT-TW)
    year: int | None  # yearly round: the year
    # yearly round: "care" (the year's plan), "month" (Tháng hành động vì trẻ em), or one of
    # `rounds.NEW_ROUNDS` (violence and abuse, drowning, summer, Tết Trung thu)
    round: str = ""


BASE_ROUNDS = ("care", "month")  # the first rounds: their pairs come first in the plan


def triggers() -> list[Trigger]:
    """Every cascade of the decade 2012-2024: central directives, then yearly rounds."""
    out: list[Trigger] = []
    for doc_id in TRIGGER_IDS:
        row = CENTRAL[doc_id]
        out.append(Trigger(doc_id, doc_id, date.fromisoformat(row["date"]), bool(row.get("party")), None))
    for year in ANNUAL_YEARS:
        out.append(Trigger(f"annual-{year}", programme_for(year), date(year, 1, 5), False, year, "care"))
        out.append(Trigger(f"month-{year}", programme_for(year), date(year, 3, 20), False, year, "month"))
        for r in rounds.NEW_ROUNDS:
            root, start = rounds.root_for(r, year), rounds.start(r, year)
            out.append(Trigger(f"{r.key}-{year}", root, start, False, year, r.key))
    return out


def _lag(rng: Random, after: date, low: int, high: int) -> date:
    """A day `low`..`high` days after `after`, never past LIMIT (and never before `after`)."""
    return max(after, min(after + timedelta(days=rng.randint(low, high)), LIMIT))


class _Subtree:
    """Plans the documents of one (trigger, province) pair."""

    def __init__(self, trigger: Trigger, province: Province, seed: int) -> None:
        self.t = trigger
        self.p = province
        self.rng = Random(f"{seed}:plan:{trigger.key}:{province.unit.code}")
        self.docs: list[Doc] = []

    def add(self, role: str, when: date, parents: list[Doc | str], **fields: Any) -> Doc:
        rng = self.rng
        iso = when.isoformat()
        background = rng.sample(
            citable_background(iso), k=min(rng.choice((0, 1, 2, 2, 3)), len(citable_background(iso)))
        )
        older = [c for c in TRIGGER_IDS if CENTRAL[c]["date"] < iso and c != self.t.root]
        continuing = [rng.choice(older)] if older and rng.random() < 0.3 else []
        doc: Doc = dict(
            pid=f"{self.t.key}|{self.p.unit.code}|{len(self.docs)}",
            role=role,
            trigger=self.t.key,
            root=self.t.root,
            year_round=self.t.year,
            round=self.t.round,
            date=iso,
            pcode=self.p.unit.code,
            parents=[p if isinstance(p, str) else p["pid"] for p in parents],
            background=sorted(background),
            continuing=continuing,
            quote=rng.random() < 0.75,
            size=_size_target(rng, fields["doc_type"]),
            **fields,
        )
        self.docs.append(doc)
        return doc

    def plan(self) -> list[Doc]:
        rng, t, p = self.rng, self.t, self.p
        pu = p.unit
        start = max(t.start, date.fromisoformat(CENTRAL[t.root]["date"]))
        active = rng.random() < 0.9
        tu = ubt = so_ld = so_gd = None
        if t.party and active and rng.random() < 0.95:
            tu = self.add(
                "tu",
                _lag(rng, start, 20, 100),
                [t.root],
                doc_type="ke_hoach",
                level="province",
                issuer=party_body(pu)[0],
                symbol="KH/TU",
                party=True,
            )
        if active:
            after = date.fromisoformat(tu["date"]) if tu else start
            ubt = self.add(
                "ubnd_t",
                _lag(rng, after, 10, 60),
                [t.root] + ([tu] if tu else []),
                doc_type="ke_hoach",
                level="province",
                issuer=ubnd_name(pu),
                symbol="KH-UBND",
            )
            when = date.fromisoformat(ubt["date"])
            if t.year or rng.random() < 0.6:
                so_ld = self.add(
                    "so_ld",
                    _lag(rng, when, 5, 30),
                    [ubt],
                    doc_type="cong_van",
                    level="province",
                    issuer=f"Sở {SO_LD[0]} {pu.kind} {pu.name}",
                    symbol=_dept_symbol(SO_LD, pu.code),
                )
            if rng.random() < 0.5:
                so_gd = self.add(
                    "so_gd",
                    _lag(rng, when, 5, 30),
                    [ubt],
                    doc_type="cong_van",
                    level="province",
                    issuer=f"Sở {SO_GD[0]} {pu.kind} {pu.name}",
                    symbol=_dept_symbol(SO_GD, pu.code),
                )
        share_d = rng.uniform(0.6, 0.9) * (1.0 if active else 0.4)
        share_c = rng.uniform(0.3, 0.7)
        for district in p.districts:
            if rng.random() < share_d:
                self.plan_district(district, start, tu, ubt, so_ld, so_gd, share_c)
        return self.docs

    def plan_district(
        self,
        district: Any,
        start: date,
        tu: Doc | None,
        ubt: Doc | None,
        so_ld: Doc | None,
        so_gd: Doc | None,
        share_c: float,
    ) -> None:
        rng, t = self.rng, self.t
        du_ = district.unit
        place = dict(level="district", dcode=du_.code)
        hu = None
        if t.party and rng.random() < 0.9:
            parents: list[Doc | str] = [tu] if tu else [t.root]
            if tu and rng.random() < 0.4:
                parents = [t.root, tu]
            hu = self.add(
                "hu",
                _lag(rng, _date(tu, start), 15, 75),
                parents,
                doc_type="ke_hoach",
                issuer=party_body(du_)[0],
                symbol=f"KH/{party_body(du_)[1]}",
                party=True,
                **place,
            )
        if t.year:
            upper = so_ld or ubt
            gov = self.add(
                "cv_h",
                _lag(rng, _date(upper, start), 5, 45),
                [upper or t.root],
                doc_type="cong_van",
                issuer=ubnd_name(du_),
                symbol="UBND-LĐTBXH",
                **place,
            )
        else:
            ups: list[Doc | str] = [d for d in (ubt, hu) if d] or [t.root]
            if ubt and rng.random() < 0.3:
                ups = [t.root, *ups]
            latest = max(_date(d, start) for d in ups)
            gov = self.add(
                "ubnd_h",
                _lag(rng, latest, 10, 60),
                ups,
                doc_type="ke_hoach",
                issuer=ubnd_name(du_),
                symbol="KH-UBND",
                **place,
            )
        phong = None
        if rng.random() < 0.55:
            below: list[Doc | str] = [gov]
            if so_gd and rng.random() < 0.5:
                below.append(so_gd)
            phong = self.add(
                "phong_gd",
                _lag(rng, max(_date(d, start) for d in below), 5, 30),
                below,
                doc_type="cong_van",
                issuer=f"Phòng {SO_GD[0]} {du_.kind} {du_.name}",
                symbol=_phong_symbol(du_.code),
                **place,
            )
        for commune in district.communes:
            if rng.random() < share_c:
                self.plan_commune(commune, gov, hu)
        if phong and district.communes:
            picks = sorted(
                {
                    (rng.randrange(len(district.communes)), rng.randrange(3))
                    for _ in range(rng.choice((0, 1, 1, 2, 3)))
                }
            )
            for ci, ki in picks:
                commune = district.communes[ci]
                full, abbr = SCHOOLS[ki]
                self.add(
                    "school",
                    _lag(rng, _date(phong, start), 4, 30),
                    [phong],
                    doc_type="ke_hoach",
                    level="unit",
                    dcode=du_.code,
                    ccode=commune.code,
                    issuer=f"Trường {full} {commune.name}",
                    issuer_alts=[f"Trường {abbr} {commune.name}"],
                    symbol=f"KH-{abbr}",
                )

    def plan_commune(self, commune: Any, gov: Doc, hu: Doc | None) -> None:
        rng = self.rng
        place = dict(level="commune", dcode=commune.district_code, ccode=commune.code)
        du = None
        if hu and rng.random() < 0.8:
            parents: list[Doc | str] = [hu] if rng.random() < 0.6 else [self.t.root, hu]
            du = self.add(
                "du",
                _lag(rng, _date(hu, hu), 7, 45),
                parents,
                doc_type="ke_hoach",
                issuer=party_body(commune)[0],
                symbol="KH/ĐU",
                party=True,
                **place,
            )
        if du is None or rng.random() < 0.9:
            ups: list[Doc | str] = [gov]
            if du:
                ups.append(du)
            if self.t.year is None and rng.random() < 0.3:
                ups = [self.t.root, *ups]
            latest = max(_date(d, gov) for d in ups)
            self.add(
                "ubnd_x",
                _lag(rng, latest, 7, 45),
                ups,
                doc_type="ke_hoach",
                issuer=ubnd_name(commune),
                symbol="KH-UBND",
                **place,
            )


def _date(doc: Doc | str | None, default: date | Doc) -> date:
    """Date of a planned document; a central id or None gives `default`."""
    if isinstance(doc, dict):
        return date.fromisoformat(doc["date"])
    if isinstance(default, dict):
        return date.fromisoformat(default["date"])
    return default


def _dept_symbol(dept: tuple[str, str, tuple[str, ...]], province_code: str) -> str:
    """The symbol a Sở of this province writes on its letters: `SLĐTBXH-TE`."""
    suffixes = dept[2]
    return f"{dept[1]}-{suffixes[int(province_code) % len(suffixes)]}"


def _phong_symbol(district_code: str) -> str:
    """`PGDĐT`, or with a section suffix, fixed per district."""
    return ("PGDĐT", "PGDĐT-TH", "GDĐT", "PGDĐT-CM")[int(district_code) % 4]


def _size_target(rng: Random, doc_type: str) -> int:
    """Bytes of UTF-8 text to aim for (5-30 KB in all; letters short, plans long)."""
    if doc_type == "cong_van":
        return int(rng.triangular(5600, 14000, 7000))
    return int(rng.triangular(8000, 28500, 13000))


# ------------------------------------------------------------------ the whole plan


def capacity(seed: int) -> int:
    """Documents the full national plan would hold (for messages)."""
    return sum(len(_Subtree(t, p, seed).plan()) for t in triggers() for p in national())


def plan_order(seed: int) -> list[tuple[Trigger, Province]]:
    """Every (trigger, province) pair in the order the plan takes them: directives, then the first
    yearly rounds, then the newer rounds. Each group has its own seeded shuffle, so adding the newer
    rounds left every corpus that fits in the first two groups byte for byte as it was."""
    rng = Random(f"{seed}:order")
    every = triggers()
    directives = [(t, p) for t in every if t.year is None for p in national()]
    base = [(t, p) for t in every if t.year is not None and t.round in BASE_ROUNDS for p in national()]
    newer = [(t, p) for t in every if t.year is not None and t.round not in BASE_ROUNDS for p in national()]
    rng.shuffle(directives)
    rng.shuffle(base)
    Random(f"{seed}:order:newer-rounds").shuffle(newer)
    return directives + base + newer  # the directives' cascades are complete before yearly rounds


def build_plan(n_docs: int, seed: int, rates: dict[str, float] | None = None) -> list[Doc]:
    """N planned documents, parents before children, with final ids, numbers, real-noise classes
    (`realnoise.RATES` unless `rates` is given) and file names."""
    return plan_pairs(plan_order(seed), n_docs, seed, rates)


def plan_pairs(
    pairs: list[tuple[Trigger, Province]], n_docs: int, seed: int, rates: dict[str, float] | None = None
) -> list[Doc]:
    """`build_plan` over the given pairs, in their order (tests take only some rounds)."""
    if n_docs < 1:
        raise ValueError("--docs must be at least 1")
    docs: list[Doc] = []
    for t, p in pairs:
        docs.extend(_Subtree(t, p, seed).plan())
        if len(docs) >= n_docs:
            break
    if len(docs) < n_docs:
        raise ValueError(f"the national plan holds {len(docs)} documents, fewer than {n_docs}")
    docs = docs[:n_docs]
    _finalize(docs, seed, realnoise.RATES if rates is None else rates)
    return docs


def fold_symbol(symbol: str) -> str:
    """The symbol as the answer key compares it: `KH/ĐU` -> `khdu`."""
    return re.sub(r"[^a-z0-9]+", "", fold(symbol.replace("Đ", "D").replace("đ", "d")))


def _finalize(docs: list[Doc], seed: int, rates: dict[str, float]) -> None:
    has_child = {pid for d in docs for pid in d["parents"]}
    for seq, d in enumerate(docs):
        d["seq"] = seq
        rng = Random(f"{seed}:final:{d['pid']}")
        leaf = d["pid"] not in has_child and d["role"] != "ubnd_t"
        d["number"] = None if leaf and rng.random() < UNNUMBERED_SHARE else ""
        d["placeholder"] = d["number"] is None and rng.random() < 0.3
        d["day_blank"] = d["number"] is None and not d["placeholder"] and rng.random() < 0.5
        d["typo"] = None
        if d["number"] == "" and rng.random() < OWN_TYPO_SHARE:
            d["typo"] = typo_symbol(d["symbol"], rng)
    _assign_numbers(docs, seed)
    by_pid = {d["pid"]: d for d in docs}
    for d in docs:
        unit_code = d.get("ccode") or d.get("dcode") or d["pcode"]
        year = d["date"][:4]
        if d["number"]:
            d["id"] = f"{slug(d['symbol'])}-{d['number']}-{year}@{unit_code}"
        else:
            d["id"] = f"{slug(d['symbol'])}-sn-{year}@{unit_code}-{d['seq']}"
        digest = hashlib.sha1(f"{seed}:{d['id']}".encode()).hexdigest()[:16]
        real_rng = Random(f"{seed}:real-classes:{d['pid']}")
        d["real"] = realnoise.draw_classes(
            real_rng, d["role"], bool(d["number"]) and not d["day_blank"], rates
        )
        d["file"] = f"{d['pcode']}/{d['seq']:06d}_{digest}{realnoise.file_suffix(d['real'])}"
    by_id = {d["id"]: d for d in docs}
    for d in docs:
        d["parents"] = [by_pid[p]["id"] if p in by_pid else p for p in d["parents"]]
        rng = Random(f"{seed}:cite:{d['pid']}")
        d["cite_typos"] = {}
        for parent in d["parents"]:
            if parent in by_id and by_id[parent]["number"] and rng.random() < CITE_TYPO_SHARE:
                typo = typo_symbol(by_id[parent]["symbol"], rng)
                if typo:
                    d["cite_typos"][parent] = typo


def _assign_numbers(docs: list[Doc], seed: int) -> None:
    """Numbers rise through the year per (province, year, symbol); gaps stand for other documents."""
    groups: dict[tuple[str, str, str], list[Doc]] = {}
    for d in docs:
        if d["number"] is not None:
            groups.setdefault((d["pcode"], d["date"][:4], fold_symbol(d["symbol"])), []).append(d)
    for key in sorted(groups):
        rng = Random(f"{seed}:numbers:{'|'.join(key)}")
        number = rng.randint(1, 40)
        for d in sorted(groups[key], key=lambda x: (x["date"], x["seq"])):
            d["number"] = f"0{number}" if number < 10 and rng.random() < 0.3 else str(number)
            number += rng.randint(1, 6)
