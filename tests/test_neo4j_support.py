"""Shared pieces of the Neo4j tests: the server fixture, a graph generator, corpus graphs.

The server is the real one started by `cpgraph neo4j start` (settings from NEO4J_URI, NEO4J_USER,
NEO4J_PASSWORD, NEO4J_DATABASE). When none answers, the fixture starts one under a temporary data
dir and stops it at the end. Under `CI=true` a server that cannot be reached or started fails the
tests; elsewhere they are skipped. The tests replace the contents of that database.
"""
from __future__ import annotations

import os
import random
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ingest.export import SCHEMA, export_from_graph
from ingest.store import load_graph
from queries import neo4j_loader
from queries.neo4j_install import Neo4jServerError, layout_for
from queries.neo4j_server import Settings, connect_ok, open_driver, ports_of, start, stop
from queries.neo4j_state import started_servers

IN_CI = os.environ.get("CI") == "true"
REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEEDS = SHARED / "corpus" / "seeds"
EXAMPLES = REPO / "examples" / "corpus"


def unavailable(reason: str) -> None:
    """Fail under CI, skip elsewhere."""
    if IN_CI:
        pytest.fail(reason)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def neo4j_settings(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Settings]:
    """Settings of a reachable server: the running one, else one started here (and stopped after)."""
    settings = Settings.from_env()
    started: Path | None = None
    if connect_ok(settings) is not None:
        data_dir = tmp_path_factory.mktemp("neo4j-data")
        try:
            start(data_dir, settings, timeout=240)
            started = data_dir
        except Neo4jServerError as exc:
            unavailable(f"Neo4j not reachable at {settings.uri} and could not be started: {exc}")
    yield settings
    if started is not None:
        stop(started)


@pytest.fixture(scope="session")
def neo4j_driver(neo4j_settings: Settings) -> Iterator[Any]:
    with open_driver(neo4j_settings) as driver:
        driver.verify_connectivity()
        yield driver


def local_layout(settings: Settings) -> Any:
    """The layout of the server `cpgraph neo4j start` runs on the settings' Bolt port (the bulk path
    stops, imports into and restarts it); fails under CI, skips elsewhere, when there is none."""
    port = ports_of(settings.uri)[0]
    for server in started_servers():
        if server.bolt_port == port:
            return layout_for(Path(server.home).parent)
    unavailable(f"no server started by `cpgraph neo4j start` on Bolt {port}: the bulk path needs one")
    return None


def load_fresh(driver: Any, export: dict[str, Any], database: str) -> neo4j_loader.LoadReport:
    """Empty the database, then load `export`."""
    neo4j_loader.clear(driver, database)
    return neo4j_loader.write_to_neo4j(driver, export, database)


def corpus_export(tmp_path: Path, *corpora: Path) -> dict[str, Any]:
    """The export of `cpgraph ingest CORPUS…` (fails under CI, skips elsewhere, when unavailable)."""
    for corpus in corpora:
        if not corpus.exists():
            unavailable(f"corpus missing: {corpus}")
    data_dir = tmp_path / "data"
    done = subprocess.run(
        [sys.executable, "-m", "graphsvc.cli", "ingest", *map(str, corpora), "--data-dir", str(data_dir)],
        capture_output=True, text=True, check=False, cwd=REPO,
    )
    if done.returncode != 0:
        unavailable(f"`cpgraph ingest` failed ({done.returncode}): {done.stderr[-1500:]}")
    return export_from_graph(load_graph(data_dir))


# ------------------------------------------------------------------------------ generated graphs

PROVINCES = ("Hải Dương", "Thanh Hóa", "Quảng Nam", "Phú Yên", "Nam Định", "Bắc Giang", "Hà Tĩnh", "Lào Cai")


def synthetic_export(documents: int = 400, seed: int = 7) -> dict[str, Any]:
    """A deterministic graph shaped like the corpus: central directives and laws, province plans
    implementing them, district plans implementing province plans (sometimes the directive too),
    commune letters, CITES to laws, ISSUED_BY to organizations, a few cycles, flags and missing
    (not ingested) documents, dates with and without a day."""
    rng = random.Random(seed)
    nodes: list[dict[str, Any]] = []
    edges: dict[tuple[str, str], dict[str, Any]] = {}

    def org(oid: str, name: str, level: str, province: str | None = None, district: str | None = None) -> str:
        nodes.append({"id": oid, "kind": "organization", "name": name, "level": level, "province": province,
                      "district": district, "commune": None, "parent": None})
        return oid

    def doc(did: str, doc_type: str, number: str, symbol: str, year: int, issuer: str, title: str,
            province: str | None = None, district: str | None = None, ingested: bool = True,
            full_date: bool = False) -> str:
        month, day = rng.randint(1, 12), rng.choice([None, rng.randint(1, 28)])
        day = day or (rng.randint(1, 28) if full_date else None)
        date = f"{year}-{month:02d}" + (f"-{day:02d}" if day else "")
        flags = ["date_conflicts_number"] if rng.random() < 0.03 else []
        nodes.append({"id": did, "kind": "document", "doc_type": doc_type, "number": number, "symbol": symbol,
                      "year": year, "date": date, "title": title, "issuer": issuer, "province": province,
                      "district": district, "commune": None, "ingested": ingested,
                      "source": f"{did}.txt" if ingested else None, "flags": flags})
        edges[(did, issuer)] = {"source": did, "target": issuer, "type": "ISSUED_BY", "evidence": []}
        return did

    def link(source: str, target: str, kind: str) -> None:
        if source == target or (source, target) in edges:
            return
        start = rng.randint(0, 5000)
        edges[(source, target)] = {"source": source, "target": target, "type": kind, "evidence": [
            {"in": source, "start": start, "end": start + 40, "text": f"Thực hiện văn bản {target}."}]}

    bct = org("bo-chinh-tri", "Bộ Chính trị", "central")
    qh = org("quoc-hoi", "Quốc hội", "central")
    directives = [doc(f"ct-tw-{n}-{y}", "chi_thi", str(n), "CT/TW", y, bct, f"Chỉ thị số {n} về trẻ em",
                      ingested=i % 2 == 0, full_date=True)
                  for i, (n, y) in enumerate([(20, 2012), (28, 2023), (5, 2016)])]
    laws = [doc(f"luat-{n}-{y}", "luat", str(n), f"QH{13 + i}", y, qh, f"Luật số {n}", ingested=False)
            for i, (n, y) in enumerate([(102, 2016), (45, 2019), (13, 2022)])]
    province_plans: list[str] = []
    district_plans: list[str] = []
    for p_index, province in enumerate(PROVINCES):
        ubnd = org(f"ubnd-tinh-{p_index}", f"UBND tỉnh {province}", "province", province)
        for k in range(2):
            directive = directives[(p_index + k) % len(directives)]
            plan = doc(f"kh-ubnd-{p_index}{k}-2024@p{p_index}", "ke_hoach", f"{p_index}{k}", "KH-UBND", 2024,
                       ubnd, f"Kế hoạch thực hiện {directive}", province=province)
            link(plan, directive, "IMPLEMENTS")
            province_plans.append(plan)
    districts: set[str] = set()
    remaining = max(documents - len(nodes), 0)
    for i in range(remaining):
        p_index = rng.randrange(len(PROVINCES))
        province = PROVINCES[p_index]
        district = f"Huyện {i % 40}"
        huyen = f"ubnd-huyen-{p_index}-{i % 40}"
        if huyen not in districts and rng.random() < 0.2:
            districts.add(org(huyen, f"UBND huyện {i % 40} {province}", "district", province, district))
        issuer = huyen if huyen in districts else f"ubnd-tinh-{p_index}"
        doc_type = rng.choice(["ke_hoach", "ke_hoach", "cong_van", "quyet_dinh"])
        did = doc(f"d{i:05d}@{p_index}", doc_type, str(i), "KH-UBND" if doc_type == "ke_hoach" else "UBND-VX",
                  rng.choice([2013, 2019, 2024]), issuer, f"Văn bản {i}", province=province,
                  district=district,
                  ingested=rng.random() > 0.1)
        parents = province_plans + district_plans[-50:] + directives
        for target in rng.sample(parents, k=min(len(parents), rng.choice([1, 1, 2, 3]))):
            link(did, target, "IMPLEMENTS")
        for target in rng.sample(laws, k=rng.randint(0, 2)):
            link(did, target, rng.choice(["CITES", "CITES", "AMENDS"]))
        if district_plans and rng.random() < 0.02:  # an occasional cycle
            link(district_plans[-1], did, "IMPLEMENTS")
        district_plans.append(did)
    return {"schema": SCHEMA, "nodes": sorted(nodes, key=lambda n: n["id"]),
            "edges": sorted(edges.values(), key=lambda e: (e["source"], e["target"]))}
