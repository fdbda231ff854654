"""Sanity checks for the example corpus and its answer key; exits 1 on the first kind of problem found.

    .venv/bin/python examples/check_corpus.py

Checks: every text file under `examples/corpus/` decodes as UTF-8; every .docx opens;
`examples/corpus.gold.json` has the shape of `shared/eval/seeds.gold.json`; every relation
names known documents with a known grade, once; every `source` exists in the corpus (and file
names are unique, since the scorer matches on the base name); and the design constraint of the
corpus holds: no district- or commune-level document implements Chỉ thị 20-CT/TW, directly or
down a chain of `required`/`allowed` relations.
"""
from __future__ import annotations

import json
import sys
from collections import defaultdict
from pathlib import Path

from docx import Document

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "corpus"
GOLD = HERE / "corpus.gold.json"
TEXT_SUFFIXES = {".txt", ".md", ".html"}
GRADES = {"required", "allowed", "no"}
CT20 = "ct-tw-20-2012"


def check_files() -> list[str]:
    """Decode every text file, open every .docx, and report duplicate base names."""
    problems = []
    seen: dict[str, Path] = {}
    for path in sorted(p for p in CORPUS.rglob("*") if p.is_file()):
        if path.name in seen:
            problems.append(f"duplicate file name {path.name}")
        seen[path.name] = path
        if path.suffix in TEXT_SUFFIXES:
            try:
                path.read_bytes().decode("utf-8")
            except UnicodeDecodeError as exc:
                problems.append(f"{path}: not UTF-8 ({exc})")
        elif path.suffix == ".docx":
            if not Document(str(path)).paragraphs:
                problems.append(f"{path}: empty .docx")
        else:
            problems.append(f"{path}: unexpected file type")
    return problems


def check_gold(key: dict) -> list[str]:
    """Check the answer key's shape, references and grades."""
    problems = []
    docs = key["documents"]
    names = {p.name for p in CORPUS.rglob("*") if p.is_file()}
    for gid, doc in docs.items():
        for field in ("doc_type", "number", "year"):
            if field not in doc:
                problems.append(f"{gid}: no {field}")
        if doc.get("source") and doc["source"] not in names:
            problems.append(f"{gid}: source {doc['source']} not in the corpus")
    pairs = set()
    for src, tgt, grade in key["relations"]:
        if src not in docs or tgt not in docs:
            problems.append(f"relation {src} -> {tgt}: unknown document")
        if grade not in GRADES:
            problems.append(f"relation {src} -> {tgt}: grade {grade}")
        if (src, tgt) in pairs:
            problems.append(f"relation {src} -> {tgt} listed twice")
        pairs.add((src, tgt))
    known = set(docs) | set(key.get("optional_documents", {}))
    for src, tgt in key.get("optional_relations", []):
        if src not in known or tgt not in known:
            problems.append(f"optional relation {src} -> {tgt}: unknown document")
    return problems


def implementers_of(key: dict, target: str) -> set[str]:
    """Every document that implements `target` directly or down a chain (required or allowed)."""
    implementing = defaultdict(set)
    for src, tgt, grade in key["relations"]:
        if grade in ("required", "allowed"):
            implementing[tgt].add(src)
    found: set[str] = set()
    todo = [target]
    while todo:
        for src in implementing[todo.pop()]:
            if src not in found:
                found.add(src)
                todo.append(src)
    return found


def check_ct20_constraint(key: dict) -> list[str]:
    """No district- or commune-level document of this corpus may implement Chỉ thị 20-CT/TW."""
    docs = key["documents"]
    return [
        f"{gid} ({docs[gid].get('district')}) implements {CT20}"
        for gid in sorted(implementers_of(key, CT20))
        if docs[gid].get("district") or docs[gid].get("commune")
    ]


def main() -> int:
    """Run every check and print a one-line summary."""
    key = json.loads(GOLD.read_text(encoding="utf-8"))
    problems = check_files() + check_gold(key) + check_ct20_constraint(key)
    for problem in problems:
        print(problem)
    files = sum(1 for p in CORPUS.rglob("*") if p.is_file())
    print(f"{files} files, {len(key['documents'])} documents, {len(key['relations'])} relations, "
          f"{len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
