"""The store under --data-dir: incremental, atomic under kill -9, one ingest at a time."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import EXAMPLES, SEEDS

from ingest import store
from ingest.pipeline import ingest


def _export(data_dir: Path) -> bytes:
    return store.export_text(data_dir).encode("utf-8")


def test_unchanged_files_are_not_read_again(shared_dir: Path, tmp_path: Path) -> None:
    first = ingest([SEEDS], tmp_path)
    second = ingest([SEEDS], tmp_path)
    assert first.files_read == 5 and second.files_read == 0 and second.files_unchanged == 5
    assert first.documents == second.documents


def test_a_changed_file_replaces_what_it_said(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    letter = corpus / "a.txt"
    letter.write_text("UBND HUYỆN TÂY HÒA\nSố: 5/UBND-VX\nV/v trẻ em\n\nThực hiện Kế hoạch số 63/KH-UBND "
                      "ngày 28/3/2020 của UBND huyện Tây Hòa.\n", encoding="utf-8")
    ingest([corpus], tmp_path / "data")
    G = store.load_graph(tmp_path / "data")
    assert any(d.get("number") == "63" for _, d in G.nodes(data=True))
    letter.write_text("UBND HUYỆN TÂY HÒA\nSố: 5/UBND-VX\nV/v trẻ em\n\nThực hiện Kế hoạch số 64/KH-UBND "
                      "ngày 28/3/2019 của UBND huyện Tây Hòa.\n", encoding="utf-8")
    os.utime(letter, ns=(time.time_ns() + 10**9, time.time_ns() + 10**9))
    summary = ingest([corpus], tmp_path / "data")
    G = store.load_graph(tmp_path / "data")
    numbers = {d.get("number") for _, d in G.nodes(data=True) if d.get("kind") == "document"}
    assert summary.files_read == 1 and "64" in numbers and "63" not in numbers


def test_a_deleted_file_leaves_the_graph(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(EXAMPLES / "quang-ngai", corpus)
    ingest([corpus], tmp_path / "data")
    before = store.load_graph(tmp_path / "data").number_of_nodes()
    for path in sorted(corpus.glob("*.txt"))[:3]:
        path.unlink()
    ingest([corpus], tmp_path / "data")
    assert store.load_graph(tmp_path / "data").number_of_nodes() < before


def test_one_bad_file_never_stops_a_run(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(EXAMPLES / "ha-tinh", corpus)
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "broken.docx").write_bytes(b"PK\x03\x04 not a zip")
    (corpus / "binary.txt").write_bytes(bytes(range(256)) * 40)
    summary = ingest([corpus], tmp_path / "data")
    failed = {source for source, _ in summary.failures}
    assert failed == {"empty.txt", "broken.docx", "binary.txt"}
    assert all(message for _, message in summary.failures)
    assert summary.ingested_documents == len(list((EXAMPLES / "ha-tinh").iterdir()))


def test_a_second_ingest_on_the_same_data_dir_is_refused(tmp_path: Path) -> None:
    with store.locked(tmp_path), pytest.raises(store.StoreLocked, match="another ingest is running"):
        ingest([EXAMPLES / "ha-tinh"], tmp_path)


def _kill_during_ingest(corpus: Path, data_dir: Path, delay: float) -> None:
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    proc = subprocess.Popen([sys.executable, "-m", "graphsvc.cli", "ingest", str(corpus), "--data-dir",
                             str(data_dir), "--quiet", "--workers", "2"], env=env, start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(delay)
    os.killpg(proc.pid, signal.SIGKILL)  # the worker processes die with it
    proc.wait()


@pytest.mark.parametrize("delay", [0.3, 0.8, 1.5, 2.5])
def test_kill_9_then_ingest_again_gives_the_uninterrupted_export(shared_dir: Path, tmp_path: Path,
                                                                 delay: float) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(EXAMPLES, corpus / "examples")
    shutil.copytree(SEEDS, corpus / "seeds")
    clean = tmp_path / "clean"
    ingest([corpus], clean)
    killed = tmp_path / "killed"
    _kill_during_ingest(corpus, killed, delay)
    assert store.load_graph(killed) is not None  # whatever generation is current is whole
    ingest([corpus], killed)
    assert _export(killed) == _export(clean)


def test_streamed_export_is_byte_identical_to_the_dumped_one(shared_dir: Path, tmp_path: Path) -> None:
    import io

    import networkx as nx

    from ingest.export import dumps_export, export_from_graph, write_export

    ingest([SEEDS], tmp_path)
    for G in (store.load_graph(tmp_path), nx.DiGraph()):
        out = io.BytesIO()
        write_export(G, out)
        assert out.getvalue().decode("utf-8") == dumps_export(export_from_graph(G))
