"""How `cpgraph neo4j stop/status` find the server `start` launched, whatever its data dir: the records
under $CPGRAPH_STATE_DIR, checked against the live process (a stand-in process here, no Neo4j needed)."""
from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from queries.neo4j_install import NEO4J_VERSION, Neo4jServerError, asset_bytes, layout_for
from queries.neo4j_server import Settings, find_layout, status_of, stop_layout
from queries.neo4j_state import Started, record, started_servers


@pytest.fixture(autouse=True)
def state_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "state"
    monkeypatch.setenv("CPGRAPH_STATE_DIR", str(path))
    return path


@pytest.fixture
def fake_servers(tmp_path: Path) -> Iterator[list[subprocess.Popen[bytes]]]:
    """Processes whose command line looks like the server's; killed at the end if still alive."""
    procs: list[subprocess.Popen[bytes]] = []
    yield procs
    for proc in procs:
        proc.kill()
        proc.wait()


def _launch(procs: list[subprocess.Popen[bytes]], data_dir: Path, bolt_port: int) -> Started:
    home = layout_for(data_dir).home
    home.mkdir(parents=True)
    proc = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)",
                             "org.neo4j.server.CommunityEntryPoint", f"--home-dir={home}"])
    procs.append(proc)
    (home / "neo4j.pid").write_text(f"{proc.pid}\n", encoding="utf-8")
    server = Started(pid=proc.pid, home=str(home), bolt_port=bolt_port, http_port=bolt_port + 1)
    record(server)
    return server


def test_stop_finds_the_server_whatever_its_data_dir(tmp_path: Path, fake_servers: list) -> None:
    server = _launch(fake_servers, tmp_path / "elsewhere", 17688)
    layout = find_layout(None, tmp_path / "default", 17687)  # nothing runs in the default data dir
    assert layout.home == Path(server.home)
    info = status_of(layout, Settings(uri="bolt://127.0.0.1:9"))  # nothing listens on port 9
    assert info["pid"] == server.pid and info["reachable"] is False
    assert stop_layout(layout, timeout=10)
    assert fake_servers[0].wait(timeout=10) is not None
    assert started_servers() == []
    assert find_layout(None, tmp_path / "default", 17687).home == layout_for(tmp_path / "default").home


def test_several_servers_the_port_decides_else_an_error(tmp_path: Path, fake_servers: list) -> None:
    first = _launch(fake_servers, tmp_path / "one", 17688)
    second = _launch(fake_servers, tmp_path / "two", 17690)
    assert find_layout(None, tmp_path / "default", 17690).home == Path(second.home)
    with pytest.raises(Neo4jServerError, match="several servers") as error:
        find_layout(None, tmp_path / "default", 7687)
    assert first.home in str(error.value) and second.home in str(error.value)
    assert find_layout(tmp_path / "one", tmp_path / "default", 17690).home == Path(first.home)  # as given


def test_stale_and_foreign_records_are_dropped(tmp_path: Path, state_dir: Path) -> None:
    record(Started(pid=999_999_999, home=str(tmp_path / "gone"), bolt_port=17691, http_port=17692))
    record(Started(pid=1, home=str(tmp_path / "init"), bolt_port=17693, http_port=17694))  # not Neo4j
    (state_dir / "neo4j-17695.json").write_text("{broken", encoding="utf-8")
    assert started_servers() == []
    assert sorted(p.name for p in state_dir.iterdir()) == []


def test_the_assembly_files_are_package_data() -> None:
    assert f"<neo4j.version>{NEO4J_VERSION}</neo4j.version>" in asset_bytes("pom.xml").decode("utf-8")
    assert b"${bolt_port}" in asset_bytes("neo4j.conf")
    assert asset_bytes("style.grass")
