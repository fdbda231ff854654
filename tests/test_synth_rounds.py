"""The newer yearly rounds of the synthetic corpus (violence and abuse, drowning, summer, Tết Trung
thu): enough documents for a 300k benchmark, older corpora unchanged byte for byte, and the answer
key right for the new rounds' plans."""

from __future__ import annotations

import hashlib
import json
import unicodedata
from random import Random

import pytest

from devtools.synth import rounds
from devtools.synth.central import CENTRAL
from devtools.synth.generate import ANNUAL_YEARS, BASE_ROUNDS, build_plan, plan_order, plan_pairs, triggers
from devtools.synth.gold import ambiguities, build_key
from devtools.synth.realnoise import parse_spec
from devtools.synth.render import render, render_file
from devtools.synth.units import national

PROVINCES = 63
OLD_CAPACITY = 159_623  # capacity(1) before the newer rounds: every corpus up to it keeps its bytes


def _sha1(value: object) -> str:
    return hashlib.sha1(json.dumps(value, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


# (docs, seed) -> sha1 of the plan, of the answer key and of the first 60 files, computed on main
# before the newer rounds were added.
FROZEN = [
    (
        500,
        1,
        "e3f403c7b1a3846d6b6c8b4d771c320ab25d0e97",
        "fbce0927bed18f298ef9ae0b1fe4a773a047d119",
        "04dc0f5f80c0bf333754d46938022b18f0ee45f6",
    ),
    (
        300,
        7,
        "ee528c6b946977ccd82f6b4bb776f0ac9956c199",
        "679a191824c7b658def4ef1925da725ffa95ad6f",
        "c3dd2865ac3f3f4e5f1777b4f3a7d68eac040a0e",
    ),
]


@pytest.mark.parametrize(("n", "seed", "plan_sha", "key_sha", "files_sha"), FROZEN)
def test_older_corpora_keep_their_bytes(
    n: int, seed: int, plan_sha: str, key_sha: str, files_sha: str
) -> None:
    plan = build_plan(n, seed)
    assert _sha1(plan) == plan_sha
    assert _sha1(build_key(plan, n, seed)) == key_sha
    docs = {d["id"]: d for d in plan}
    h = hashlib.sha1()
    for d in plan[:60]:
        h.update(render_file(d, docs, seed))
    assert h.hexdigest() == files_sha


@pytest.mark.parametrize("seed", [1, 7])
def test_older_pairs_keep_their_order_and_the_newer_come_after(seed: int) -> None:
    """The order the plan took before the newer rounds, rebuilt as it was, is the head of today's."""
    old = [t for t in triggers() if t.year is None or t.round in BASE_ROUNDS]
    rng = Random(f"{seed}:order")
    directives = [(t, p) for t in old if t.year is None for p in national()]
    base = [(t, p) for t in old if t.year is not None for p in national()]
    rng.shuffle(directives)
    rng.shuffle(base)
    order = plan_order(seed)
    head = [(t.key, p.unit.code) for t, p in order[: len(directives) + len(base)]]
    assert head == [(t.key, p.unit.code) for t, p in directives + base]
    assert all(t.round in rounds.BY_KEY for t, _ in order[len(head) :])


@pytest.mark.parametrize(
    ("kind", "triggers_count"),
    [
        ("directive", 8),
        ("care", 12),
        ("month", 12),
        ("abuse", 12),
        ("drowning", 12),
        ("summer", 12),
        ("autumn", 12),
    ],
)
def test_triggers_per_kind(kind: str, triggers_count: int) -> None:
    assert sum(1 for t in triggers() if (t.round or "directive") == kind) == triggers_count


def test_pairs_of_the_national_plan() -> None:
    assert len(national()) == PROVINCES
    assert len(plan_order(1)) == PROVINCES * (8 + 12 * 6)
    assert len({(t.key, p.unit.code) for t, p in plan_order(1)}) == PROVINCES * 80


@pytest.mark.parametrize("kind", [r.key for r in rounds.NEW_ROUNDS])
def test_each_newer_round_adds_enough_documents_for_350k(kind: str) -> None:
    """Cheap stand-in for capacity(1) (388,521, slow to count): one year of each newer round plans
    more than (350,000 - 159,623) / 48 documents, as each year of the older rounds does."""
    year = 2019
    pairs = [(t, p) for t, p in plan_order(1) if t.key == f"{kind}-{year}"]
    assert len(pairs) == PROVINCES
    with pytest.raises(ValueError, match="holds") as caught:
        plan_pairs(pairs, 10**6, 1)
    held = int(str(caught.value).split("holds ")[1].split(" ")[0])
    assert held >= (350_000 - OLD_CAPACITY) / (4 * len(ANNUAL_YEARS))


# (round, year, the central document its plans carry out)
ROOTS = [
    ("abuse", 2014, "qd-ttg-1555-2012"),
    ("abuse", 2019, "ct-ttg-18-2017"),
    ("abuse", 2022, "nq-qh14-121-2020"),
    ("drowning", 2016, "qd-ttg-2361-2015"),
    ("drowning", 2024, "qd-ttg-23-2021"),
    ("summer", 2013, "qd-ttg-1555-2012"),
    ("summer", 2021, "qd-ttg-23-2021"),
    ("autumn", 2018, "qd-ttg-2361-2015"),
    ("autumn", 2023, "qd-ttg-23-2021"),
]


@pytest.fixture(scope="module", params=ROOTS, ids=lambda row: f"{row[0]}-{row[1]}")
def round_corpus(request: pytest.FixtureRequest) -> tuple[str, int, str, list[dict], dict]:
    kind, year, root = request.param
    pairs = [(t, p) for t, p in plan_order(3) if t.key == f"{kind}-{year}"]
    plan = plan_pairs(pairs, 400, 3, parse_spec("none"))
    return kind, year, root, plan, build_key(plan, 400, 3)


def test_newer_round_plans_implement_the_document_in_force(round_corpus: tuple) -> None:
    kind, year, root, plan, key = round_corpus
    relations = {(a, b): grade for a, b, grade in key["relations"]}
    tops = [d for d in plan if d["role"] == "ubnd_t"]
    assert tops
    for d in tops:
        assert d["parents"] == [root]
        assert relations[(d["id"], root)] == "required"
        assert d["round"] == kind and d["year_round"] == year
        assert d["date"] > CENTRAL[root]["date"]
    for d in plan:
        for parent in d["parents"]:
            assert relations[(d["id"], parent)] == "required"
    assert root in key["documents"]
    assert ambiguities(key) == []


def test_newer_round_titles_in_the_texts(round_corpus: tuple) -> None:
    kind, year, root, plan, _ = round_corpus
    r = rounds.BY_KEY[kind]
    docs = {d["id"]: d for d in plan}
    seen = set()
    for d in plan:
        role = d["role"]
        text = unicodedata.normalize("NFC", render(d, docs, 3))  # some texts are decomposed
        if role == "ubnd_t":
            title = r.ubnd_t.format(y=year)
            assert "KẾ HOẠCH\n" + title[:1].upper() + title[1:] in text
            assert str(CENTRAL[root]["sohieu"]).split("/")[0] in text
        elif role in ("so_ld", "cv_h"):
            assert f"V/v {getattr(r, role).format(y=year)}" in text
        elif role == "ubnd_x":  # its title cites the district's letter, then names the round
            assert r.topic.format(y=year) in text
        else:
            continue
        seen.add(role)
    assert {"ubnd_t", "cv_h", "ubnd_x"} <= seen


@pytest.mark.parametrize("r", rounds.NEW_ROUNDS, ids=lambda r: r.key)
def test_newer_round_phrases(r: rounds.Round) -> None:
    """Every phrase names the year and is written with its diacritics."""
    for phrase in (r.ubnd_t, r.so_ld, r.cv_h, r.school, r.topic):
        assert phrase.endswith("năm {y}")
        assert "trẻ em" in phrase or "học sinh" in phrase
    assert r.topic.startswith("về ")
