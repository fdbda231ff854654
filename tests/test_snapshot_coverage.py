"""The snapshot's precomputed coverage JSON (`placed_coverage_json`) is the plain answer serialised.

Its units without a document come from a table shared by every directive (`blank_map`): these tests ask
several directives in turn, on both maps, so that a unit covered for one and not for the next, or a shared
unit changed by one answer, would show as different bytes.
"""
from __future__ import annotations

from typing import Any

import pytest

from ingest import gazetteer
from ingest.export import SCHEMA, graph_from_export
from queries import snapshot
from queries.common_coverage import NoSuchLevel
from queries.snapshot_coverage import blank_map, placed_coverage, placed_coverage_json

LEVELS = ("province", "district", "commune")


def _snapshot(export: dict[str, Any]) -> snapshot.Snapshot:
    old = snapshot.CLOSURE_MIN
    snapshot.CLOSURE_MIN = 1
    try:
        snap, _evidence = snapshot.build_snapshot(graph_from_export(export), "test")
    finally:
        snapshot.CLOSURE_MIN = old
    return snap


# Three directives (the last one dated after the 2025 reform: the 2025 map), and plans of real units of
# every level (`ingest.gazetteer`), each implementing the directives of its `pick`: units covered for one
# directive and not for another, old communes that went into one 2025 commune, a plan dated after the
# reform named on the new map.
DIRECTIVES = [("ct-tw-20-2012", "2012-11-05"), ("ct-ttg-23-2020", "2020-05-26"),
              ("ct-tw-9-2025", "2025-09-01")]


def coverage_export() -> dict[str, Any]:
    nodes: list[dict[str, Any]] = [{"id": "bo-chinh-tri", "kind": "organization", "name": "Bộ Chính trị",
                                    "level": "central", "province": None, "district": None, "commune": None,
                                    "parent": None}]
    edges: list[dict[str, Any]] = []
    for did, date in DIRECTIVES:
        nodes.append({"id": did, "kind": "document", "doc_type": "chi_thi", "number": did.split("-")[2],
                      "symbol": "CT/TW", "year": int(date[:4]), "date": date, "issuer": "bo-chinh-tri",
                      "ingested": False, "flags": []})
    units = ([u for u in gazetteer.provinces()][::9] + list(gazetteer.districts())[::23]
             + list(gazetteer.communes())[::97])
    for i, u in enumerate(units):
        place = {"province": u.province, "district": u.district if u.level != "province" else None,
                 "commune": u.name if u.level == "commune" else None}
        org = f"org-{i}"
        nodes.append({"id": org, "kind": "organization", "name": f"Ủy ban {u.name}", "level": u.level,
                      "parent": None, **place})
        for copy in range(1 + (i % 4 == 0)):  # some units have two plans: the earliest dated one is first
            did = f"kh-{i}-{copy}@org-{i}"
            # dated after the reform, by month only, or not at all: a unit's first date and lag vary
            month = 1 + i % 9
            date = ("2025-10-0" + str(month) if i % 17 == 0 else f"2021-0{month}" if i % 5 == copy
                    else None if i % 11 == copy else f"202{copy}-0{month}-15")
            nodes.append({"id": did, "kind": "document", "doc_type": "ke_hoach", "number": str(i),
                          "symbol": "KH", "year": int(date[:4]) if date else None, "date": date,
                          "issuer": org, "province": None, "district": None, "commune": None,
                          "ingested": True, "flags": []})
            edges.append({"source": did, "target": org, "type": "ISSUED_BY", "evidence": []})
            for k, (target, _date) in enumerate(DIRECTIVES):
                if (i + k + copy) % 3:  # each plan implements two of the three directives
                    edges.append({"source": did, "target": target, "type": "IMPLEMENTS", "evidence": []})
    return {"schema": SCHEMA, "nodes": nodes, "edges": edges}


@pytest.fixture(scope="module")
def snap() -> snapshot.Snapshot:
    return _snapshot(coverage_export())


def _members(snap: snapshot.Snapshot, doc_id: str) -> list[str]:
    return sorted(x for _dep, _date, x in snap.closures[doc_id].ordered)


def test_directives_in_turn_get_the_plain_answer_bytes(snap: snapshot.Snapshot) -> None:
    targets = [d for d, _date in DIRECTIVES]
    covered: dict[tuple[str, str], set[str]] = {}
    maps = set()
    multi = False
    # twice round: the second pass reads tables the first one used (a unit changed by an answer shows)
    for doc_id in targets + targets[::-1]:
        target, members = snap.summaries[doc_id], _members(snap, doc_id)
        for level in LEVELS:
            try:
                plain = placed_coverage(target, members, snap.summaries, snap.placements, level)
            except NoSuchLevel:
                continue
            maps.add(plain.map)
            fast = placed_coverage_json(target, members, snap.summaries, snap.placements, level)
            assert fast == plain.model_dump_json(by_alias=True).encode(), (doc_id, level)
            covered[(doc_id, level)] = {u.code for u in plain.units if u.covered}
            multi = multi or any(len(u.documents) > 1 for u in plain.units)
    assert maps == {"2019", "2025"}
    assert multi, "some unit has several documents"
    by_level = [codes for (_d, level), codes in covered.items() if level == "commune"]
    assert any(a - b for a in by_level for b in by_level), "some unit is covered for one directive only"
    assert any(b'"via":["' in placed_coverage_json(snap.summaries[d], _members(snap, d), snap.summaries,
                                                   snap.placements, "commune") for d in targets)


def test_answers_leave_the_shared_table_as_made(snap: snapshot.Snapshot) -> None:
    doc_id = DIRECTIVES[0][0]
    target, members = snap.summaries[doc_id], _members(snap, doc_id)
    blank_map.cache_clear()
    before = blank_map("commune", "2019")
    kept = (before.json, [dict(s) for s in before.statics], dict(before.positions), before.provinces)
    fast = placed_coverage_json(target, members, snap.summaries, snap.placements, "commune")
    assert b'"covered":true' in fast
    blank_map.cache_clear()
    after = blank_map("commune", "2019")
    assert after is not before
    assert (after.json, [dict(s) for s in after.statics], after.positions, after.provinces) == kept
    assert all(b'"covered":false' in part and b'"documents":[]' in part for part in after.json)
