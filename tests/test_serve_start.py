"""`cpgraph serve --workers N` checks the store in a forked child while the snapshot loads: the verdict is
the one `graph_file` gives (a damaged graph is refused before binding), and the load skips the hash."""
from __future__ import annotations

from pathlib import Path

import pytest

from graphsvc.cli_serve import check_store_aside
from ingest.pipeline import ingest
from ingest.store import graph_file
from queries.snapshot_backend import SnapshotQueries


@pytest.fixture()
def data(tmp_path: Path) -> Path:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "kh.txt").write_text(
        "UBND HUYỆN ĐÔNG KHÊ\nSố: 61/KH-UBND\nĐông Khê, ngày 2 tháng 4 năm 2023\nKẾ HOẠCH\n"
        "Tổ chức thực hiện Chỉ thị số 28-CT/TW ngày 25/12/2023 về việc chăm lo cho trẻ nhỏ\n",
        encoding="utf-8")
    ingest([corpus], tmp_path / "data", workers=0)
    return tmp_path / "data"


def test_a_whole_store_passes(data: Path) -> None:
    assert check_store_aside(data)() is None
    unchecked = SnapshotQueries.from_data_dir(data, check_store=False)
    assert unchecked.resolve("61/KH-UBND").candidates[0].document.number == "61"


def test_a_damaged_graph_is_reported_with_the_stores_message(data: Path) -> None:
    path = graph_file(data)
    assert path is not None
    with open(path, "ab") as f:
        f.write(b" ")
    message = check_store_aside(data)()
    assert message is not None and "damaged" in message and "cpgraph doctor --repair" in message


def test_an_empty_folder_passes(tmp_path: Path) -> None:
    assert check_store_aside(tmp_path)() is None
