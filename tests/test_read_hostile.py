"""The hostile corpus (tests/hostile/make_corpus.py) read end to end: walk + read_document.

Every file yielded gets either the expected clear error or the expected text; nothing raises, nothing
hangs (a FIFO, link loops), hidden and unsupported files are not yielded, and good files read right.
"""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from ingest.normalize import normalize_text
from ingest.read import read_document, walk

_HOSTILE = Path(__file__).parent / "hostile"


def _load(name: str):
    sys.path.insert(0, str(_HOSTILE))
    spec = importlib.util.spec_from_file_location(name, _HOSTILE / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


make_corpus = _load("make_corpus")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("hostile")
    expects = make_corpus.build(root, big=True)
    problems: list[str] = []
    results = {}
    for found_root, path in walk([root], problems):
        result = read_document(path, found_root)
        results[result.relpath] = result
    yield root, {e.relpath: e for e in expects}, results, problems
    (root / "bad/unreadable.txt").chmod(0o644)
    (root / "bad/huge_200MB.txt").unlink()  # pytest keeps recent temporary folders: do not keep 200 MB


def test_walk_yields_exactly_the_expected_files(corpus) -> None:
    _, expects, results, _ = corpus
    assert sorted(results) == sorted(expects)


def test_hidden_and_unsupported_files_are_not_read_but_reported(corpus) -> None:
    _, _, results, problems = corpus
    assert not any(".hidden" in rel or ".~lock" in rel or rel.endswith((".xlsx", ".jpg")) for rel in results)
    assert any("unsupported types (1 .jpg, 1 .xlsx)" in p for p in problems)


def test_symlink_loops_are_reported_not_followed(corpus) -> None:
    _, _, results, problems = corpus
    loops = [p for p in problems if "symbolic link loop" in p]
    assert {p.split(":")[0] for p in loops} == {"loops/inner/back_to_loops", "loops/self"}
    assert "loops/link_to_file.txt" not in results  # same file as loops/inner/van_ban.txt


def _mismatch(expect, result) -> str | None:
    """Why `result` does not meet `expect` (None when it does)."""
    if expect.error is not None:
        if result.text is not None or result.error is None or expect.error not in result.error:
            return f"wanted error {expect.error!r}, got {result.error!r}"
        return "error message spans lines" if "\n" in result.error else None
    if result.error is not None or result.text is None:
        return f"wanted text, got error {result.error!r}"
    wanted = normalize_text(expect.text)
    if (result.text != wanted) if expect.exact else (wanted not in result.text):
        return f"text differs: {result.text[:200]!r}"
    if expect.warning and not any(expect.warning in w for w in result.warnings):
        return f"wanted warning {expect.warning!r}, got {result.warnings}"
    if expect.encoding and result.encoding != expect.encoding:
        return f"wanted encoding {expect.encoding}, got {result.encoding}"
    return None


def test_every_file_gets_its_error_or_its_text(corpus) -> None:
    _, expects, results, _ = corpus
    failures = {rel: _mismatch(e, results[rel]) for rel, e in expects.items() if rel in results}
    assert {rel: why for rel, why in failures.items() if why} == {}
    assert len(failures) >= 50


def test_results_carry_hash_size_and_absolute_path(corpus) -> None:
    root, _, results, _ = corpus
    good = results["good/ke_hoach.txt"]
    assert good.path.is_absolute() and good.path == root / "good/ke_hoach.txt"
    assert good.size == len(make_corpus.TEXT.encode("utf-8"))
    assert len(good.sha256) == 64
    huge = results["bad/huge_200MB.txt"]
    assert huge.size == (root / "bad/huge_200MB.txt").stat().st_size > 190 * 2**20
    assert len(huge.sha256) == 64  # streamed, never read whole
    empty_sha = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    assert results["bad/empty.txt"].sha256 == empty_sha


def test_names_are_nfc_and_slash_separated(corpus) -> None:
    _, _, results, _ = corpus
    nfd_name = "odd/Kế hoạch số 60 (bản NFD).txt"
    assert nfd_name in results
    assert results["odd/new\nline.txt"].text == normalize_text(make_corpus.TEXT)


def test_reading_twice_gives_identical_results(corpus) -> None:
    root, _, results, _ = corpus
    again = {r.relpath: r for r in (read_document(p, rt) for rt, p in walk([root]))}
    assert again == results
