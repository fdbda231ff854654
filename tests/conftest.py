"""Shared fixtures: where ../shared is, and the rule that a missing dependency fails under CI=true."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "corpus" / "seeds"
EXAMPLES = ROOT / "examples" / "corpus"


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


def need(condition: bool, reason: str) -> None:
    """Skip when a dependency is missing, but fail under CI=true: CI never skips."""
    if condition:
        return
    if in_ci():
        pytest.fail(f"required under CI=true: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    need(SEEDS.is_dir(), f"../shared is missing ({SHARED})")
    return SHARED
