"""Every docstring example in the packages runs and holds (they document the pipeline's steps)."""
from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import devtools
import graphsvc
import ingest
import queries


def _modules() -> list[str]:
    names = []
    for package in (ingest, queries, graphsvc, devtools):
        for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
            names.append(info.name)
    return sorted(names)


@pytest.mark.parametrize("name", _modules())
def test_docstring_examples(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0, f"{result.failed} docstring example(s) of {name} failed"


def test_the_pipeline_steps_have_examples() -> None:
    attempted = {name: doctest.testmod(importlib.import_module(name)).attempted
                 for name in ("ingest.find", "ingest.normalize", "ingest.read.document")}
    assert all(attempted.values()), attempted
