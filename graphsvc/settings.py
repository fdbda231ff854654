"""Service settings, read from the environment (prefix `CPGRAPH_`) when the app is created.

Neo4j connection values also accept the conventional `NEO4J_URI`, `NEO4J_USER`,
`NEO4J_PASSWORD` and `NEO4J_DATABASE` names. Nothing is read at import time:
`create_app()` builds a `Settings()` unless one is given.
"""
from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field
from pydantic_settings import BaseSettings, SettingsConfigDict

Backend = Literal["networkx", "neo4j"]

# File types an upload may carry (the ingest reads these, DESIGN.md "Data flow").
DEFAULT_ALLOWED_SUFFIXES = (".txt", ".md", ".docx", ".doc", ".pdf", ".html", ".htm")


class Settings(BaseSettings):
    """Everything the service needs to start; see README for the environment variables."""

    model_config = SettingsConfigDict(env_prefix="CPGRAPH_", extra="ignore", populate_by_name=True)

    data_dir: Path = Field(default=Path("data"), description="where graph.json and uploads/ are kept")
    backend: Backend = "networkx"
    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65535)

    neo4j_uri: str = Field(
        default="bolt://127.0.0.1:7687", validation_alias=AliasChoices("CPGRAPH_NEO4J_URI", "NEO4J_URI"),
    )
    neo4j_user: str = Field(
        default="neo4j", validation_alias=AliasChoices("CPGRAPH_NEO4J_USER", "NEO4J_USER"),
    )
    neo4j_password: str = Field(  # the local dev server's default (`cpgraph neo4j start`)
        default="cpgraph-dev-pw", validation_alias=AliasChoices("CPGRAPH_NEO4J_PASSWORD", "NEO4J_PASSWORD"),
    )
    neo4j_database: str = Field(
        default="neo4j", validation_alias=AliasChoices("CPGRAPH_NEO4J_DATABASE", "NEO4J_DATABASE"),
    )

    api_key: str | None = Field(default=None, description="writing endpoints need it; unset = off")
    public_read: bool = Field(default=True, description="false: reading endpoints need the API key too")

    max_upload_bytes: int = Field(default=10 * 1024 * 1024, ge=1, description="per uploaded file")
    max_upload_files: int = Field(default=20, ge=1, description="files per upload request")
    allowed_suffixes: tuple[str, ...] = DEFAULT_ALLOWED_SUFFIXES
    max_body_bytes: int = Field(default=64 * 1024, ge=1024, description="request body bound outside uploads")
    query_timeout_s: float = Field(default=10.0, gt=0, description="a query taking longer answers 503")
    allowed_hosts: tuple[str, ...] | None = Field(
        default=None,
        description="Host header values answered (DNS rebinding guard); `*` any; default: the local names, "
        "plus any when bound to all interfaces (0.0.0.0, ::)",
    )

    def host_allow_list(self) -> list[str]:
        """The Host header values the service answers."""
        if self.allowed_hosts:
            return list(self.allowed_hosts)
        if self.host in ("0.0.0.0", "::", ""):  # published on every interface: names are the deployer's
            return ["*"]
        return sorted({"localhost", "127.0.0.1", "::1", "testserver", self.host})

    def upload_body_limit(self) -> int:
        """Largest body an upload request may send: every file at its limit plus multipart overhead."""
        return self.max_upload_bytes * self.max_upload_files + 64 * 1024
