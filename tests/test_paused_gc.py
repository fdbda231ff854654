"""The graph steps run without the cyclic collector, and give it back as they found it."""
from __future__ import annotations

import gc
from pathlib import Path

import pytest

from ingest import pipeline
from ingest.gc_pause import gc_paused


def test_collector_is_back_on_after_the_block() -> None:
    assert gc.isenabled()
    seen: list[bool] = []
    with gc_paused():
        seen.append(gc.isenabled())
        with gc_paused():  # nested: still off inside, still off after the inner block
            seen.append(gc.isenabled())
        seen.append(gc.isenabled())
    assert seen == [False, False, False] and gc.isenabled()


def test_collector_stays_off_when_the_caller_had_turned_it_off() -> None:
    gc.disable()
    try:
        with gc_paused():
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


def test_objects_made_inside_are_still_collected_when_they_are_garbage() -> None:
    class Node:
        def __init__(self) -> None:
            self.me = self  # a cycle: only the collector frees it

    with gc_paused():
        Node()
    assert any(isinstance(o, Node) for o in gc.get_objects())
    gc.collect()
    assert not any(isinstance(o, Node) for o in gc.get_objects())
