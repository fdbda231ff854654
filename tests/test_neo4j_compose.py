"""docker-compose.yml is valid for the Compose CLI (which needs no engine for `config`) and wires
Neo4j, the loader and the API as deployment expects."""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from test_neo4j_support import REPO, unavailable

COMPOSE_FILE = REPO / "docker-compose.yml"


def compose_command() -> list[str] | None:
    """`docker compose` (v2 plugin) when it works, else the standalone `docker-compose`."""
    if shutil.which("docker"):
        probe = subprocess.run(["docker", "compose", "version"], capture_output=True, text=True, check=False)
        if probe.returncode == 0:
            return ["docker", "compose"]
    if shutil.which("docker-compose"):
        return ["docker-compose"]
    return None


@pytest.fixture(scope="module")
def config(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    command = compose_command()
    if command is None:
        unavailable("no Compose CLI (`docker compose` or `docker-compose`) on PATH")
        raise AssertionError("unreachable")
    out = tmp_path_factory.mktemp("compose") / "config.json"
    done = subprocess.run(
        [*command, "-f", str(COMPOSE_FILE), "config"], capture_output=True, text=True, check=False,
        env={"PATH": "/usr/bin:/bin:/usr/local/bin", "NEO4J_PASSWORD": "s3cret-from-env",
             "HOME": str(out.parent)},
    )
    assert done.returncode == 0, done.stderr
    import yaml

    data: dict[str, Any] = yaml.safe_load(done.stdout)
    out.write_text(json.dumps(data), encoding="utf-8")
    return data


def test_neo4j_service(config: dict[str, Any]) -> None:
    neo4j = config["services"]["neo4j"]
    assert neo4j["image"] == "neo4j:5.26-community"
    assert neo4j["environment"]["NEO4J_AUTH"] == "neo4j/s3cret-from-env"
    assert "cypher-shell" in " ".join(neo4j["healthcheck"]["test"])
    assert any(":/data" in str(v) for v in neo4j["volumes"]) or any(
        isinstance(v, dict) and v.get("target") == "/data" for v in neo4j["volumes"])


@pytest.mark.parametrize("service, argv", [
    ("loader", ["cpgraph", "neo4j", "load"]),
    ("api", ["cpgraph", "serve", "--backend", "neo4j"]),
])
def test_app_services_wait_for_a_healthy_neo4j(config: dict[str, Any], service: str, argv: list[str]) -> None:
    svc = config["services"][service]
    assert svc["command"][:len(argv)] == argv
    assert svc["depends_on"]["neo4j"]["condition"] == "service_healthy"
    assert svc["environment"]["NEO4J_PASSWORD"] == "s3cret-from-env"
    assert svc["environment"]["NEO4J_URI"] == "bolt://neo4j:7687"
    assert Path(svc["build"]["context"]).resolve() == REPO


def test_dockerfile_installs_the_project() -> None:
    text = (REPO / "Dockerfile").read_text(encoding="utf-8")
    assert "pip install" in text and "cpgraph" in text


def test_api_waits_for_the_loader_and_the_browser_allows_only_reachable_hosts(config: dict[str, Any]) -> None:
    assert config["services"]["api"]["depends_on"]["loader"]["condition"] == "service_completed_successfully"
    allowed = config["services"]["neo4j"]["environment"]["NEO4J_browser_remote__content__hostname__whitelist"]
    assert "api" not in allowed.split(",") and "127.0.0.1" in allowed.split(",")
