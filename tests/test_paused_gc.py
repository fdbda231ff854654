"""The graph steps run without the cyclic collector, and give it back as they found it."""
from __future__ import annotations

import gc
from pathlib import Path

import pytest

from ingest import pipeline


def test_collector_is_back_on_after_a_commit() -> None:
    assert gc.isenabled()
    seen: list[bool] = []
    with pipeline.paused_gc():
        seen.append(gc.isenabled())
    assert seen == [False] and gc.isenabled()


def test_collector_stays_off_when_the_caller_had_turned_it_off() -> None:
    gc.disable()
    try:
        with pipeline.paused_gc():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_collector_is_back_on_when_the_graph_step_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_args: object) -> None:
        raise RuntimeError("build failed")

    monkeypatch.setattr(pipeline, "_commit_graph", broken)
    with pytest.raises(RuntimeError, match="build failed"):
        pipeline.commit_graph({}, tmp_path, pipeline.IngestSummary(), 0.0)
    assert gc.isenabled()
