"""`cpgraph query …` through `graphsvc.cli.main`, on the literal graph of test_queries_networkx."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from graphsvc.cli import main
from ingest.export import dumps_export
from ingest.store import GRAPH_FILE

try:  # the literal graph is shared with the backend tests (tests/ may or may not become a package)
    from tests.test_queries_networkx import small_export
except ImportError:  # pragma: no cover
    from test_queries_networkx import small_export  # type: ignore[no-redef]


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("graph")
    (path / GRAPH_FILE).write_text(dumps_export(small_export()), encoding="utf-8")
    return path


def run(capsys: pytest.CaptureFixture[str], data_dir: Path, *argv: str) -> tuple[int, str, str]:
    code = main(["query", *argv, "--data-dir", str(data_dir)])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_implementers_json_takes_the_best_candidate(
    capsys: pytest.CaptureFixture[str], data_dir: Path,
) -> None:
    code, out, err = run(capsys, data_dir, "implementers", "chi thi 28", "--json")
    assert code == 0
    answer = json.loads(out)
    assert answer["target"]["id"] == "ct-tw-28-2023"
    assert [i["document"]["id"] for i in answer["items"]] == [
        "kh-ubnd-50-2024@thanh-hoa", "kh-hu-195-2024@ha-trung", "kh-ubnd-121-2024@ha-trung", "seed-003",
    ]
    assert answer["items"][3]["chain"] == ["seed-003", "kh-ubnd-121-2024@ha-trung", "ct-tw-28-2023"]
    assert "đã chọn Chỉ thị 28-CT/TW" in err and "ct-ttg-28-2019" in err  # the ambiguity is shown


@pytest.mark.parametrize(("argv", "expected"), [
    (["implementers", "28-CT/TW", "--direct"], ["Kế hoạch 195-KH/HU", "Kế hoạch 121/KH-UBND"]),
    (["implementers", "ct-tw-28-2023", "--level", "commune"],
     ["Kế hoạch (không số)", "UBND thị trấn Hà Trung", "1 văn bản"]),
    (["lineage", "seed-003"], ["→ Kế hoạch 195-KH/HU → Chỉ thị 28-CT/TW", "Văn bản gốc: Chỉ thị 28-CT/TW"]),
    (["descendants", "Chỉ thị 28-CT/TW"], ["└── Kế hoạch (không số)", "4 văn bản"]),
    (["resolve", "ke hoach 121"],
     ["kh-ubnd-121-2024@ha-trung", "kh-ubnd-121-2024@nui-thanh", "Chưa rõ ràng"]),
    (["document", "195-KH/HU"],
     ["Kế hoạch 195-KH/HU", "Ban Thường vụ Huyện ủy Hà Trung", "Được dẫn chiếu bởi"]),
    (["coverage", "Chỉ thị 20-CT/TW", "--level", "district"],
     ["2/696", "Núi Thành", "Giao Thủy", "249", "Thành phố Đà Nẵng", "--status uncovered"]),
    (["coverage", "ct 20", "--level", "district", "--province", "Nam Định", "--uncovered"],
     ["1/9", "Đơn vị chưa có văn bản (8)", "Hải Hậu"]),
    (["stats", "--top", "2"], ["13 văn bản, 11 cơ quan", "Chỉ thị 20-CT/TW", "seed-003", "unnumbered"]),
])
def test_readable_output(capsys: pytest.CaptureFixture[str], data_dir: Path, argv: list[str],
                         expected: list[str]) -> None:
    code, out, _err = run(capsys, data_dir, *argv)
    assert code == 0
    for text in expected:
        assert text in out


def test_coverage_uncovered_json_lists_only_units_without_documents(
    capsys: pytest.CaptureFixture[str], data_dir: Path,
) -> None:
    code, out, _ = run(capsys, data_dir, "coverage", "ct-tw-20-2012", "--level", "district", "--province",
                       "Quảng Nam", "--uncovered", "--json")
    answer = json.loads(out)
    assert code == 0 and answer["covered"] == 1
    names = [u["name"] for u in answer["units"]]
    assert "Núi Thành" not in names and "Tam Kỳ" in names
    assert all(not u["covered"] for u in answer["units"])


@pytest.mark.parametrize("argv", [
    ["implementers", "ct-tw-28-2024"], ["lineage", "zzz qqq"], ["resolve", "zzz"],
])
def test_not_found(capsys: pytest.CaptureFixture[str], data_dir: Path, argv: list[str]) -> None:
    code, out, err = run(capsys, data_dir, *argv)
    assert code == 1 and out == ""
    assert "Không" in err


def test_not_found_suggests(capsys: pytest.CaptureFixture[str], data_dir: Path) -> None:
    _code, _out, err = run(capsys, data_dir, "document", "ct-tw-28-2024")
    assert "ct-tw-28-2023" in err


def test_stats_json(capsys: pytest.CaptureFixture[str], data_dir: Path) -> None:
    code, out, _ = run(capsys, data_dir, "stats", "--json")
    answer = json.loads(out)
    assert code == 0 and answer["documents"] == 13
    assert answer["missing"][0]["document"]["id"] == "ct-tw-20-2012"


def test_data_dir_from_environment(capsys: pytest.CaptureFixture[str], data_dir: Path,
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CPGRAPH_DATA_DIR", str(data_dir))
    assert main(["query", "resolve", "luat tre em", "--json"]) == 0
    answer = json.loads(capsys.readouterr().out)
    assert answer["candidates"][0]["document"]["id"] == "luat-tre-em-2016"


def test_empty_data_dir(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _out, err = run(capsys, tmp_path, "implementers", "chi thi 28")
    assert code == 2 and "nothing was ingested" in err and f"cpgraph ingest PATH --data-dir {tmp_path}" in err
