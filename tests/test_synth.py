"""The synthetic national corpus: deterministic, sized, noisy, and its key right and unambiguous."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from devtools.synth import synthesize
from devtools.synth.central import CENTRAL
from devtools.synth.generate import build_plan
from devtools.synth.gold import ambiguities
from devtools.synth.render import render

N, SEED = 200, 11
SCORE = Path(__file__).resolve().parents[1].parent / "shared" / "eval" / "score.py"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("synth")
    synthesize(N, SEED, out, workers=2)
    return out


@pytest.fixture(scope="module")
def key(corpus: Path) -> dict:
    return json.loads((corpus / "gold.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def plan() -> list[dict]:
    return build_plan(N, SEED)


def _files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _compact(text: str) -> str:
    """Folded text without spaces or punctuation, for finding a số hiệu whatever its noise."""
    text = unicodedata.normalize("NFD", text.replace("Đ", "D").replace("đ", "d").replace("\u00d0", "D"))
    return re.sub(r"[^a-z0-9]", "", "".join(c for c in text if not unicodedata.combining(c)).lower())


def test_same_seed_same_bytes_whatever_the_workers(corpus: Path, tmp_path: Path) -> None:
    synthesize(N, SEED, tmp_path, workers=1)
    first, second = _files(corpus), _files(tmp_path)
    first.pop("synth.json"), second.pop("synth.json")  # holds timings
    assert first.keys() == second.keys()
    assert first == second


def test_other_seed_other_corpus(corpus: Path, tmp_path: Path) -> None:
    synthesize(N, SEED + 1, tmp_path, workers=2)
    assert (tmp_path / "gold.json").read_bytes() != (corpus / "gold.json").read_bytes()


def _documents(corpus: Path) -> list[Path]:
    """The document files of a corpus (not the README and lists of links it also holds)."""
    skip = set(json.loads((corpus / "synth.json").read_text(encoding="utf-8"))["non_documents"])
    root = corpus / "corpus"
    return sorted(p for p in root.rglob("*") if p.is_file() and str(p.relative_to(root)) not in skip)


def _text(corpus: Path, doc: dict, docs: dict[str, dict]) -> str:
    """The text of a document with the noises that hide characters undone: literal `\\r\\n` escapes,
    a .docx read back (its text is what `render` returns)."""
    if doc["file"].endswith(".docx"):
        return render(doc, docs, SEED)
    return (
        (corpus / "corpus" / doc["file"])
        .read_text(encoding="utf-8")
        .replace("\\r\\n", "\n")
        .replace("<br>", "\n")
    )


def test_one_file_per_planned_document_with_unique_names(corpus: Path, plan: list[dict]) -> None:
    files = _documents(corpus)
    assert len(files) == N == len(plan)
    assert len({p.name for p in files}) == N  # score.py matches `source` by file name
    assert {d["file"] for d in plan} == {str(p.relative_to(corpus / "corpus")) for p in files}


@pytest.mark.parametrize("low, high", [(5 * 1024, 30 * 1024)])
def test_sizes_in_range(corpus: Path, low: int, high: int) -> None:
    sizes = [p.stat().st_size for p in _documents(corpus) if p.suffix != ".docx"]  # a .docx is compressed
    assert low <= min(sizes) and max(sizes) <= high
    assert 9_000 < sum(sizes) / len(sizes) < 22_000


def test_key_lists_every_document_and_only_cited_central_ones(key: dict, plan: list[dict]) -> None:
    ids = {d["id"] for d in plan}
    central = set(key["documents"]) - ids
    assert ids <= set(key["documents"])
    assert central <= set(CENTRAL)
    targets = {t for _, t, _ in key["relations"]}
    assert central == targets & set(CENTRAL)
    assert {s for s, _, _ in key["relations"]} <= ids
    assert {g for _, _, g in key["relations"]} <= {"required", "allowed", "no"}


def test_no_two_key_documents_look_alike(key: dict) -> None:
    assert ambiguities(key) == []


def test_documents_carry_their_file(key: dict, plan: list[dict]) -> None:
    """As in the keys of real corpora: every written document is matched by its file, so its own
    number, symbol and year are scored."""
    assert any(not d["number"] for d in plan), "a 200-document corpus has a few unnumbered documents"
    for d in plan:
        assert key["documents"][d["id"]]["source"] == Path(d["file"]).name


def test_every_relation_of_the_key_is_in_the_citing_text(corpus: Path, key: dict, plan: list[dict]) -> None:
    by_id = {d["id"]: d for d in plan}
    texts = {d["id"]: _compact(_text(corpus, d, by_id)) for d in plan}
    for source, target, _grade in key["relations"]:
        if "mojibake" in by_id[source]["real"]:
            continue  # a legacy-font line hides its citations until the reader repairs it
        text = texts[source]
        gold = key["documents"][target]
        if target in CENTRAL:
            forms = [CENTRAL[target]["sohieu"], CENTRAL[target].get("named", CENTRAL[target]["sohieu"])]
        else:
            sep = "-" if by_id[target].get("party") else "/"
            forms = [f"{gold['number']}{sep}{s}" for s in gold["symbol"]]
        assert any(_compact(f) in text for f in forms), (source, target)


def test_own_number_and_date_in_the_header(corpus: Path, key: dict, plan: list[dict]) -> None:
    by_id = {d["id"]: d for d in plan}
    for d in plan:
        head = _text(corpus, d, by_id)[:2500]
        gold = key["documents"][d["id"]]
        if gold["number"]:
            forms = {"so" + _compact(f"{gold['number']}{s}") for s in gold["symbol"]}
            assert any(f in _compact(head) for f in forms), d["id"]
        if gold.get("date"):
            y, m, day = gold["date"].split("-")
            forms = {f"ngay{a}thang{b}nam{y}" for a in (day, str(int(day))) for b in (m, str(int(m)))}
            assert any(f in _compact(head) for f in forms), d["id"]
        elif gold.get("date_month"):
            y, m = gold["date_month"].split("-")
            assert any(f"ngaythang{b}nam{y}" in _compact(head) for b in (m, str(int(m)))), d["id"]


def test_the_noise_of_real_texts_is_there(corpus: Path) -> None:
    texts = [p.read_text(encoding="utf-8") for p in _documents(corpus) if p.suffix != ".docx"]
    kinds = {
        "decomposed": sum(t != unicodedata.normalize("NFC", t) for t in texts),
        "eth": sum("\u00d0" in t for t in texts),
        "blank number": sum(bool(re.search(r"Số:?\s{3,}[-/]|#SoKyHieuVanBan", t)) for t in texts),
        "spaced or lower-case số hiệu": sum(
            bool(re.search(r"\d+ [-/]\w|\d+[-/] \w|\d+/kh-ubnd", t)) for t in texts
        ),
    }
    assert all(count > 0 for count in kinds.values()), kinds


def _perfect_export(key: dict, plan: list[dict]) -> dict:
    """What a flawless ingest would export for this corpus."""
    files = {d["id"]: d["file"] for d in plan}
    nodes, orgs = [], {}
    for gid, gold in key["documents"].items():
        issuer = gold["issuer"][0]
        org_id = "org:" + issuer
        orgs[org_id] = {
            "id": org_id,
            "kind": "organization",
            "name": issuer,
            "level": "x",
            "province": gold.get("province"),
            "district": gold.get("district"),
            "commune": gold.get("commune"),
            "parent": None,
        }
        nodes.append(
            {
                "id": gid,
                "kind": "document",
                "doc_type": gold["doc_type"],
                "number": gold["number"],
                "symbol": (gold.get("symbol") or [None])[0],
                "year": gold["year"],
                "date": gold.get("date") or gold.get("date_month"),
                "title": gold.get("named"),
                "issuer": org_id,
                "province": gold.get("province"),
                "district": gold.get("district"),
                "commune": gold.get("commune"),
                "ingested": gid in files,
                "source": files.get(gid),
                "flags": [],
            }
        )
    edges = [
        {"source": s, "target": t, "type": "CITES" if g == "no" else "IMPLEMENTS", "evidence": []}
        for s, t, g in key["relations"]
    ]
    return {"schema": "cpgraph/1", "nodes": nodes + list(orgs.values()), "edges": edges}


@pytest.mark.shared
def test_score_py_gives_a_perfect_export_full_marks(
    corpus: Path, key: dict, plan: list[dict], tmp_path: Path
) -> None:
    if not SCORE.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{SCORE} is missing")
        pytest.skip("../shared is not here")
    export = tmp_path / "export.json"
    export.write_text(json.dumps(_perfect_export(key, plan), ensure_ascii=False), encoding="utf-8")
    done = subprocess.run(
        [
            sys.executable,
            str(SCORE),
            "--gold",
            str(corpus / "gold.json"),
            str(export),
            "--min",
            "1.0",
            "--quiet",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "worst metric 1.000" in done.stdout
