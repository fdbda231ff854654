"""How files arrive never changes the answer: a hostile corpus (tests/hostile/make_ingest_corpus.py) ingests
to the export of its clean part, each bad file reported on one line with its reason; moving, renaming,
linking or copying a corpus leaves its documents as they were; a damaged store is detected and healed."""
from __future__ import annotations

import io
import json
import os
import shutil
import sys
from contextlib import redirect_stderr
from pathlib import Path

import pytest
from conftest import EXAMPLES

from ingest import store
from ingest.pipeline import ingest
from ingest.workers import Limits

sys.path.insert(0, str(Path(__file__).parent / "hostile"))
import make_ingest_corpus as hostile  # noqa: E402

DIRECTIVE = "ct-tw-28-2023"
LIMITS = Limits(seconds=hostile.FILE_SECONDS, rss_mb=1024)


def _ingest(paths: list[Path], data_dir: Path, **options: object):
    return ingest(paths, data_dir, workers=2, limits=LIMITS, max_chars=hostile.MAX_CHARS, **options)  # type: ignore[arg-type]


def _documents(data_dir: Path) -> dict:
    """The export without `sources` (which lists the copies of a file): what the graph says."""
    export = json.loads(store.export_text(data_dir))
    for node in export["nodes"]:
        node.pop("sources", None)
    return export


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict[str, str], list[str]]:
    base = tmp_path_factory.mktemp("hostile")
    clean = base / "clean"
    shutil.copytree(EXAMPLES / "ha-tinh", clean / "docs" / "ha-tinh")
    shutil.copytree(EXAMPLES / "lao-cai", clean / "docs" / "lao-cai")
    out = base / "hostile"
    out.mkdir()
    expected, copies = hostile.build(clean / "docs", out)
    return clean, out, expected, copies


def test_each_bad_file_is_reported_the_rest_ingested_and_the_export_is_the_clean_one(
    corpus: tuple[Path, Path, dict[str, str], list[str]], tmp_path: Path
) -> None:
    clean, out, expected, copies = corpus
    _ingest([clean], tmp_path / "clean")
    summary = _ingest([out], tmp_path / "hostile")
    reasons = dict(summary.failures)
    assert set(reasons) == set(expected)
    for relpath, part in expected.items():
        assert part in reasons[relpath], (relpath, reasons[relpath])
        assert "\n" not in reasons[relpath] and reasons[relpath].strip()
    assert _documents(tmp_path / "hostile") == _documents(tmp_path / "clean")
    assert summary.duplicates == len(copies)
    assert any(p.startswith("zz-link: folder already walked") for p in summary.problems)
    graph = json.loads(store.export_text(tmp_path / "hostile"))
    with_copies = [n for n in graph["nodes"] if "sources" in n]
    assert {c for n in with_copies for c in n["sources"]} >= set(copies)


def test_the_report_escapes_names_one_failure_one_line(
    corpus: tuple[Path, Path, dict[str, str], list[str]], tmp_path: Path
) -> None:
    from graphsvc.cli import main

    _, out, expected, _ = corpus
    err = io.StringIO()
    with redirect_stderr(err):
        main(["ingest", str(out), "--data-dir", str(tmp_path), "--quiet", "--workers", "2",
              "--file-timeout", str(hostile.FILE_SECONDS), "--max-text-chars", str(hostile.MAX_CHARS)])
    lines = err.getvalue().splitlines()
    assert f"failed            {len(expected)} files" in lines
    assert sum(1 for line in lines if line.startswith("  ") and ": " in line and "bad/" in line) >= 10
    assert "  names/forged\\nfailed  0 files.txt: empty file" in lines
    assert not any(line.startswith("failed  0") for line in lines), "a file name forged a report line"


@pytest.mark.parametrize("how", ["move", "rename", "symlink", "copy"])
def test_moving_renaming_linking_or_copying_the_corpus_keeps_the_implementers(
    tmp_path: Path, how: str
) -> None:
    from queries.networkx_backend import NetworkxQueries

    corpus = tmp_path / "a" / "corpus"
    shutil.copytree(EXAMPLES, corpus)
    data = tmp_path / "data"
    ingest([corpus], data, workers=2)
    before = NetworkxQueries.from_data_dir(data).implementers(DIRECTIVE)
    export_before = store.export_text(data)
    if how == "move":
        (tmp_path / "b").mkdir()
        again = corpus.rename(tmp_path / "b" / "corpus")
    elif how == "rename":
        again = corpus.rename(tmp_path / "a" / "ban-sao-moi")
    elif how == "symlink":
        again = tmp_path / "link"
        os.symlink(corpus, again)
    else:
        again = shutil.copytree(corpus, tmp_path / "copy")
    summary = ingest([again], data, workers=2)
    after = NetworkxQueries.from_data_dir(data).implementers(DIRECTIVE)
    ids = [i.document.id for i in before.items]
    assert len(ids) == 30 and [i.document.id for i in after.items] == ids
    assert store.export_text(data) == export_before
    assert summary.missing == []
    assert (summary.retired, summary.duplicates) == ((39, 0) if how in ("move", "rename") else (0, 39))


def test_missing_files_are_counted_then_pruned(tmp_path: Path) -> None:
    main, extra = tmp_path / "main", tmp_path / "extra"
    shutil.copytree(EXAMPLES / "ha-tinh", main)
    shutil.copytree(EXAMPLES / "lao-cai", extra)
    data = tmp_path / "data"
    ingest([main], data, workers=2)
    alone = store.export_text(data)
    ingest([extra], data, workers=2)
    shutil.rmtree(extra)  # an unplugged disk: what it said stays, counted as missing
    kept = ingest([main], data, workers=2)
    assert len(kept.missing) == len(list((EXAMPLES / "lao-cai").iterdir()))
    assert store.export_text(data) != alone
    pruned = ingest([main], data, workers=2, prune=True)
    assert pruned.missing == [] and len(pruned.removed) == len(kept.missing)
    assert store.export_text(data) == alone


def test_a_damaged_store_is_detected_and_healed(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(EXAMPLES / "ha-tinh", corpus)
    data = tmp_path / "data"
    ingest([corpus], data, workers=2)
    expected = store.export_text(data)
    entry = sorted((data / "cache").rglob("*.json"))[0]
    entry.write_bytes(b"")  # an empty cache entry: extracted again, never dropped
    assert ingest([corpus], data, workers=2).files_read == 1
    assert store.export_text(data) == expected
    (data / "gen-old").mkdir()  # a stray folder: ignored
    current = data / os.readlink(data / "current")
    (current / "graph.json").write_bytes((current / "graph.json").read_bytes()[:1000])
    with pytest.raises(store.StoreDamaged, match="doctor --repair"):
        store.export_text(data)
    (current / "manifest.json").write_text('{"files": {', encoding="utf-8")
    summary = ingest([corpus], data, workers=2)
    assert any("damaged" in problem for problem in summary.problems)
    assert store.export_text(data) == expected
    os.unlink(data / "current")
    with pytest.raises(store.StoreDamaged, match="current"):
        store.load_graph(data)
    from ingest import doctor

    found, done = doctor.repair(data)
    assert not found.ok and doctor.check(data).ok and store.export_text(data) == expected
