"""`cpgraph synth` runs the generator of the checkout (devtools/), and says so when there is none."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

from graphsvc import cli_synth
from graphsvc.cli import main


def test_the_generator_is_found_in_the_checkout() -> None:
    synth = cli_synth.generator()
    assert synth is not None and synth.__name__ == "devtools.synth"
    assert "motto_split" in cli_synth._classes()


def test_without_the_generator_the_command_says_so(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    """An installed wheel has no devtools/: a clear message and exit code 2, nothing written."""
    monkeypatch.setattr(cli_synth, "_CHECKOUT", tmp_path)
    for name in [m for m in sys.modules if m == "devtools" or m.startswith("devtools.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "devtools", None)  # not importable
    assert cli_synth.generator() is None
    out = tmp_path / "out"
    assert main(["synth", "--docs", "2", "-o", str(out)]) == 2
    assert "not installed" in capsys.readouterr().err
    assert not out.exists()
