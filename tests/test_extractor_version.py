"""EXTRACTOR_VERSION is a digest of the extraction code and data: an edit makes a new version, so the
extraction cache never serves results of other code."""
from __future__ import annotations

import shutil
from pathlib import Path

from ingest import cache


def _copy_of_ingest(tmp_path: Path) -> Path:
    root = tmp_path / "ingest"
    shutil.copytree(cache.INGEST_DIR, root, ignore=shutil.ignore_patterns("__pycache__"))
    return root


def test_the_version_is_the_digest_of_this_code() -> None:
    assert cache.extractor_version() == cache.EXTRACTOR_VERSION
    assert len(cache.EXTRACTOR_VERSION) == 12
    assert cache.cache_path(Path("d"), "ab" * 32).name == f"{'ab' * 32}.v{cache.EXTRACTOR_VERSION}.json"


def test_editing_extraction_code_or_data_changes_the_version(tmp_path: Path) -> None:
    root = _copy_of_ingest(tmp_path)
    before = cache.extractor_version(root)
    assert before == cache.EXTRACTOR_VERSION  # the copy is the same code
    find = root / "find.py"
    find.write_text(find.read_text(encoding="utf-8") + "\n# an edit\n", encoding="utf-8")
    after_code = cache.extractor_version(root)
    assert after_code != before
    laws = next((root / "data").iterdir())
    laws.write_bytes(laws.read_bytes() + b" ")
    assert cache.extractor_version(root) not in (before, after_code)


def test_tools_that_only_read_results_keep_the_version(tmp_path: Path) -> None:
    root = _copy_of_ingest(tmp_path)
    before = cache.extractor_version(root)
    for name in ("evaluate.py", "explain.py", "build.py", "workers.py", "sources.py", "export.py"):
        path = root / name
        path.write_text(path.read_text(encoding="utf-8") + "\n# an edit\n", encoding="utf-8")
    assert cache.extractor_version(root) == before
    (root / "new_step.py").write_text("X = 1\n", encoding="utf-8")  # a new module counts
    assert cache.extractor_version(root) != before


def test_a_module_of_a_subpackage_named_like_a_build_step_still_counts(tmp_path: Path) -> None:
    root = _copy_of_ingest(tmp_path)
    before = cache.extractor_version(root)
    (root / "places" / "build.py").write_text("X = 1\n", encoding="utf-8")
    assert cache.extractor_version(root) != before
