"""`cpgraph eval`: the metrics of shared/eval/score.py on an invented key and export, the command line,
and (with ../shared) the very same output as score.py on the seeds and the example corpus."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import EXAMPLES, ROOT, SEEDS

from graphsvc.cli import main
from ingest.evaluate import fold_org, same_number, score

KEY: dict[str, Any] = {
    "documents": {
        "ct-5": {"doc_type": "chi_thi", "number": "5", "symbol": ["CT/TW"], "year": 2020,
                 "issuer": "Ban Bí thư"},
        "kh-a": {"source": "a.txt", "number": "12", "symbol": ["KH-UBND"], "year": 2021,
                 "doc_type": "ke_hoach", "date": "2021-03-04", "issuer": "UBND tỉnh Nam Hà",
                 "province": "Nam Hà"},
        "luat": {"doc_type": "luat", "number": "102", "symbol": ["2016/QH13"], "year": 2016},
        "qd-7": {"doc_type": "quyet_dinh", "number": "7", "year": 2019},
    },
    "relations": [["kh-a", "ct-5", "required"], ["kh-a", "luat", "no"], ["kh-a", "qd-7", "allowed"]],
    "optional_relations": [],
}


def _doc(node_id: str, **fields: Any) -> dict[str, Any]:
    return {"id": node_id, "kind": "document", **fields}


EXPORT: dict[str, Any] = {
    "nodes": [
        _doc("d:ct", doc_type="chi_thi", number="05", symbol="CT-TW", year=2020, issuer="o:bch"),
        _doc("d:kh", source="corpus/a.txt", doc_type="ke_hoach", number="12", symbol="KH-UBND", year=2021,
             date="2021-03-04", issuer="o:ubnd"),
        _doc("d:luat", doc_type="luat", number="102", symbol="2016/QH13", year=2016),
        _doc("d:other", doc_type="cong_van", number="9", symbol="UBND-VX", year=2021),
        _doc("d:de-an", doc_type="de_an", number=None, title="Đề án phòng ngừa"),
        {"id": "o:ubnd", "kind": "organization", "name": "Ủy ban nhân dân tỉnh Nam Hà", "province": "Nam Hà"},
        {"id": "o:bch", "kind": "organization", "name": "Ban Chấp hành Trung ương"},
    ],
    "edges": [
        {"source": "d:kh", "target": "d:ct", "type": "IMPLEMENTS"},
        {"source": "d:kh", "target": "d:luat", "type": "CITES"},
        {"source": "d:kh", "target": "d:other", "type": "CITES"},
        {"source": "d:kh", "target": "d:de-an", "type": "CITES"},
        {"source": "d:kh", "target": "o:ubnd", "type": "ISSUED_BY"},
    ],
}


def test_metrics_of_an_invented_key() -> None:
    report = score(KEY, EXPORT)
    assert dict(report.metrics) == pytest.approx({
        "document recall": 3 / 4,  # qd-7 is not exported
        "document uniqueness": 1.0,
        "relation recall": 2 / 3,  # kh-a -> qd-7 cannot be found
        "relation precision": 2 / 3,  # kh -> other is extra; the unnumbered đề án is not judged
        "implements recall": 1.0,
        "implements precision": 1.0,
        "metadata accuracy": 9 / 10,  # ct-5's issuer is wrong
    })
    assert report.misses["documents"] == ["qd-7"]
    assert report.misses["metadata"] == ["ct-5.issuer"]
    assert report.misses["extra relations"] == ["d:kh -> d:other ['CITES']"]
    assert report.unscored == 1
    assert report.worst == 2 / 3


def test_two_exported_documents_for_one_key_entry_cost_uniqueness() -> None:
    twin = _doc("d:ct-twin", doc_type="chi_thi", number="5", symbol="CT/TW", year=2020)
    report = score(KEY, {**EXPORT, "nodes": [*EXPORT["nodes"], twin]})
    assert dict(report.metrics)["document uniqueness"] == pytest.approx(2 / 3)
    assert report.misses["duplicates"] == ["ct-5 -> ['d:ct', 'd:ct-twin']"]


def test_matching_rules() -> None:
    assert same_number("05", "5") and same_number(None, None) and not same_number("5", None)
    assert same_number("12a", " 12A") and not same_number("12", "13")
    assert fold_org("Ủy ban nhân dân thành phố Hà Nội") == fold_org("UBND Hà Nội")
    assert fold_org("Sở GD&ĐT tỉnh Nam Hà") == fold_org("Sở Giáo dục và Đào tạo Nam Hà")


def test_cli_prints_the_metrics_and_fails_under_min(tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    key, export = tmp_path / "key.json", tmp_path / "export.json"
    key.write_text(json.dumps(KEY), encoding="utf-8")
    export.write_text(json.dumps(EXPORT), encoding="utf-8")
    assert main(["eval", "--gold", str(key), str(export)]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == "document recall         0.750"
    assert "\ndocuments missed or wrong (1):\n  qd-7\n" in out
    assert out.endswith("summary: relation F1 0.667, worst metric 0.667\n")
    assert main(["eval", "--gold", str(key), str(export), "--min", "0.7", "--quiet"]) == 1
    assert "missed" not in capsys.readouterr().out


def test_cli_says_what_is_wrong_with_a_bad_key(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    key = tmp_path / "key.json"
    key.write_text('{"documents": {}}', encoding="utf-8")  # no "relations"
    assert main(["eval", "--gold", str(key), str(tmp_path / "none.json")]) == 2
    assert "cannot read the export" in capsys.readouterr().err
    export = tmp_path / "export.json"
    export.write_text(json.dumps(EXPORT), encoding="utf-8")
    assert main(["eval", "--gold", str(key), str(export)]) == 2
    assert "expected shape" in capsys.readouterr().err


def test_without_export_the_data_dir_is_scored(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "data"
    assert main(["ingest", str(EXAMPLES), "--data-dir", str(data), "--quiet"]) == 0
    capsys.readouterr()
    gold = ROOT / "examples" / "corpus.gold.json"
    assert main(["eval", "--gold", str(gold), "--data-dir", str(data), "--min", "1.0", "--quiet"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 9 and all(line.endswith(" 1.000") for line in lines[:7])


def damaged(data: dict[str, Any]) -> dict[str, Any]:
    """The export with misses of every kind: a document gone, edges gone or turned, wrong fields."""
    docs = [n for n in data["nodes"] if n.get("kind") == "document" and n.get("source")]
    gone = docs[0]["id"]
    nodes = [dict(n) for n in data["nodes"] if n["id"] != gone]
    for i, node in enumerate(n for n in nodes if n.get("kind") == "document"):
        if i % 3 == 1:
            node["date"] = "1999-01-01"
        if i % 4 == 2:
            node["number"] = "9" + str(node.get("number") or "")
    edges = [dict(e) for i, e in enumerate(data["edges"])
             if i % 3 != 2 and gone not in (e["source"], e["target"])]
    for i, edge in enumerate(edges):
        if i % 2 and edge["type"] == "CITES":
            edge["type"] = "IMPLEMENTS"
    return {**data, "nodes": nodes, "edges": edges}


@pytest.mark.shared
@pytest.mark.parametrize("corpus, gold", [
    (SEEDS, ROOT.parent / "shared" / "eval" / "seeds.gold.json"),
    (EXAMPLES, ROOT / "examples" / "corpus.gold.json"),
])
def test_same_output_as_score_py(shared_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                 corpus: Path, gold: Path) -> None:
    """Whole output equal to score.py's, on the real export and on a damaged copy (every kind of miss)."""
    export = tmp_path / "export.json"
    assert main(["ingest", str(corpus), "--data-dir", str(tmp_path / "data"), "--quiet"]) == 0
    assert main(["export", "--format", "json", "--data-dir", str(tmp_path / "data"), "-o", str(export)]) == 0
    broken = tmp_path / "damaged.json"
    broken.write_text(json.dumps(damaged(json.loads(export.read_text(encoding="utf-8")))), encoding="utf-8")
    for path in (export, broken):
        capsys.readouterr()
        theirs = subprocess.run([sys.executable, str(shared_dir / "eval" / "score.py"), "--gold", str(gold),
                                 str(path)], capture_output=True, text=True, check=True).stdout
        assert main(["eval", "--gold", str(gold), str(path)]) == 0
        assert capsys.readouterr().out == theirs
    assert "metadata missed or wrong" in theirs and "extra implements" in theirs  # the damage was scored
