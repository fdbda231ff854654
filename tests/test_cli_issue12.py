"""The command line of issue 12: data dir problems, global options anywhere, joined free text, file paths,
help on every option, CSV/XLSX, GraphML/GEXF."""
from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest

from graphsvc.cli import build_parser, main
from graphsvc.cli_ingest import rate_line
from graphsvc.downloads import IMPLEMENTER_HEADERS, read_xlsx
from ingest.export import dumps_export
from ingest.store import GRAPH_FILE

try:
    from tests.test_queries_networkx import small_export
except ImportError:  # pragma: no cover
    from test_queries_networkx import small_export  # type: ignore[no-redef]


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("graph12")
    export = small_export()
    for node in export["nodes"]:
        if node["id"] == "seed-003":
            node["source"] = "thanh-hoa/ha-trung/kh-tt.txt"
    (path / GRAPH_FILE).write_text(dumps_export(export), encoding="utf-8")
    return path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.mark.parametrize("make", ["missing", "empty", "file"])
def test_data_dir_problems_are_errors_with_the_fix(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                                  make: str) -> None:
    target = tmp_path / "data"
    if make == "empty":
        target.mkdir()
    elif make == "file":
        target.write_text("not a folder")
    for argv in (["query", "stats"], ["export", "--format", "json"], ["export", "--format", "graphml"]):
        code, out, err = run(capsys, *argv, "--data-dir", str(target))
        assert code == 2 and out == ""
        assert str(target) in err and ("cpgraph ingest PATH --data-dir" in err or "--data-dir" in err)


def test_serve_refuses_a_nonexistent_data_dir(tmp_path: Path) -> None:
    env = {**os.environ, "CPGRAPH_API_KEY": ""}
    done = subprocess.run([sys.executable, "-m", "graphsvc.cli", "serve", "--data-dir",
        str(tmp_path / "nope"),
                           "--port", "1"], capture_output=True, text=True, timeout=60, env=env)
    assert done.returncode == 2 and "does not exist" in done.stderr and "cpgraph ingest" in done.stderr


@pytest.mark.parametrize("argv", [
    ["--json", "--data-dir", "{d}", "query", "lineage", "CT", "28"],
    ["query", "--json", "lineage", "CT", "28", "--data-dir={d}"],
    ["query", "lineage", "CT", "28", "--data-dir", "{d}", "--json"],
])
def test_global_options_anywhere_and_free_text_joined(capsys: pytest.CaptureFixture[str], data_dir: Path,
                                                      argv: list[str]) -> None:
    code, out, _err = run(capsys, *(a.replace("{d}", str(data_dir)) for a in argv))
    assert code == 0
    assert json.loads(out)["document"]["id"] == "ct-tw-28-2023"


def test_a_file_path_names_the_document_ingested_from_it(capsys: pytest.CaptureFixture[str], data_dir: Path,
                                                        tmp_path: Path) -> None:
    file = tmp_path / "corpus" / "thanh-hoa" / "ha-trung" / "kh-tt.txt"
    file.parent.mkdir(parents=True)
    file.write_text("Kế hoạch", encoding="utf-8")
    code, out, _err = run(capsys, "query", "lineage", str(file), "--json", "--data-dir", str(data_dir))
    assert code == 0 and json.loads(out)["document"]["id"] == "seed-003"


def _actions(parser: argparse.ArgumentParser, path: str = "cpgraph") -> list[tuple[str, argparse.Action]]:
    found = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                found += _actions(sub, f"{path} {name}")
        elif not isinstance(action, argparse._HelpAction):
            found.append((path, action))
    return found


def test_every_option_has_help() -> None:
    missing = [f"{path} {'/'.join(a.option_strings) or a.dest}" for path, a in _actions(build_parser())
               if not a.help]
    assert missing == []


def test_csv_and_xlsx_from_the_command_line(capsys: pytest.CaptureFixture[str], data_dir: Path,
                                            tmp_path: Path) -> None:
    out_csv, out_xlsx = tmp_path / "i.csv", tmp_path / "i.xlsx"
    code, out, _ = run(capsys, "query", "implementers", "ct-tw-28-2023", "--json", "--csv", str(out_csv),
                       "--xlsx", str(out_xlsx), "--data-dir", str(data_dir))
    assert code == 0
    ids = [i["document"]["id"] for i in json.loads(out)["items"]]
    rows = list(csv.reader(out_csv.read_text(encoding="utf-8-sig").splitlines()))
    assert rows[0] == IMPLEMENTER_HEADERS and [r[-1] for r in rows[1:]] == ids
    headers, xrows = read_xlsx(out_xlsx.read_bytes())
    assert headers == IMPLEMENTER_HEADERS and [r[-1] for r in xrows] == ids
    cov = tmp_path / "c.csv"
    code, out, _ = run(capsys, "query", "coverage", "chi thi 28", "--level", "district", "--status",
        "uncovered",
                       "--csv", str(cov), "--json", "--data-dir", str(data_dir))
    units = json.loads(out)["units"]
    assert code == 0 and len(cov.read_text(encoding="utf-8-sig").splitlines()) == len(units) + 1
    assert all(not u["covered"] for u in units)


def test_coverage_breakdown_and_unknown_province(capsys: pytest.CaptureFixture[str], data_dir: Path) -> None:
    code, out, _ = run(capsys, "query", "coverage", "CT", "28", "--level", "district", "--overdue-days", "90",
                       "--data-dir", str(data_dir))
    assert code == 0 and "Theo tỉnh/thành phố" in out and "trễ hạn" in out
    code, _, err = run(capsys, "query", "coverage", "CT 28", "--province", "Atlantis", "--data-dir",
        str(data_dir))
    assert code == 2 and "Atlantis" in err and "Quảng Nam" in err


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_graph_exports_open_with_labels_and_types(capsys: pytest.CaptureFixture[str], data_dir: Path,
                                                  tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"g.{fmt}"
    assert run(capsys, "export", "--format", fmt, "-o", str(out), "--data-dir", str(data_dir))[0] == 0
    graph = nx.read_graphml(out) if fmt == "graphml" else nx.read_gexf(out)
    node = graph.nodes["kh-ubnd-121-2024@ha-trung"]
    assert node["label"] == "Kế hoạch 121/KH-UBND"
    assert node["type"] == "ke_hoach" and node["level"] == "district"
    edge = graph.edges["seed-003", "kh-ubnd-121-2024@ha-trung"]
    assert edge["relation"] == "IMPLEMENTS" and edge["label"] == "Thực hiện"
    again = tmp_path / f"again.{fmt}"
    run(capsys, "export", "--format", fmt, "-o", str(again), "--data-dir", str(data_dir))
    assert again.read_bytes() == out.read_bytes()  # deterministic


def test_ingest_rate_reads_well_on_small_corpora() -> None:
    assert rate_line(3, 30 * 1024, 0.5) == "3  (30 KB in 0.5 s: 6.0 files/s, 60 KB/s)"
