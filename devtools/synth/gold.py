"""The answer key of a synthetic corpus, in the format of `shared/eval/seeds.gold.json`.

Everything in it comes from the plan, never from the rendered text: which documents exist,
their metadata, and every citation each text makes with its grade (`required` IMPLEMENTS for
the parents a title or opening clause names, `allowed` for documents named inside a quoted
subject or carried on with an implementing verb, `no` for laws and decrees cited as background).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from devtools.synth.central import CENTRAL
from devtools.synth.cite import subject_refs
from devtools.synth.generate import fold_symbol
from ingest import gazetteer

Doc = dict[str, Any]
GRADE_RANK = {"required": 3, "allowed": 2, "no": 1}


def mentions(doc: Doc, docs: dict[str, Doc]) -> dict[str, str]:
    """Every document the text of `doc` cites, with the grade of the relation."""
    grades: dict[str, str] = {}

    def put(target: str, grade: str) -> None:
        if GRADE_RANK[grade] > GRADE_RANK.get(grades.get(target, ""), 0):
            grades[target] = grade

    for parent in doc["parents"]:
        put(parent, "required")
        if doc.get("quote") and parent in docs:
            for ref in subject_refs(docs[parent]):
                put(ref, "allowed")
    for ref in doc["continuing"]:
        put(ref, "allowed")
    for ref in doc["background"]:
        put(ref, "no")
        for implied in CENTRAL[ref].get("implies", []):
            put(implied, "no")
    return grades


def central_entry(doc_id: str) -> dict[str, Any]:
    row = CENTRAL[doc_id]
    entry: dict[str, Any] = dict(
        doc_type=row["doc_type"], number=row["number"], symbol=[row["symbol"]], year=int(row["date"][:4])
    )
    if row["doc_type"] != "luat":
        entry["date"] = row["date"]
    entry["issuer"] = [row["issuer"], *row.get("issuer_alts", [])]
    if row.get("named"):
        entry["named"] = row["named"]
    return entry


def local_entry(doc: Doc, extra_symbols: list[str]) -> dict[str, Any]:
    entry: dict[str, Any] = dict(doc_type=doc["doc_type"], number=doc["number"])
    if doc["number"]:
        entry["symbol"] = [doc["symbol"], *sorted(set(extra_symbols) - {doc["symbol"]})]
    entry["year"] = int(doc["date"][:4])
    if doc.get("placeholder"):
        pass
    elif doc.get("day_blank"):
        entry["date_month"] = doc["date"][:7]
    else:
        entry["date"] = doc["date"]
    entry["issuer"] = [doc["issuer"], *doc.get("issuer_alts", [])]
    province = gazetteer.unit(doc["pcode"])
    entry["province"] = province.name if province else None
    district = gazetteer.unit(doc["dcode"]) if doc.get("dcode") else None
    if district:
        entry["district"] = district.name
    commune = gazetteer.unit(doc["ccode"]) if doc.get("ccode") and doc["level"] == "commune" else None
    if commune:
        entry["commune"] = commune.name
    entry["source"] = doc["file"].rsplit("/", 1)[-1]  # as the keys of real corpora: the file, so its own
    return entry  # number, symbol and year are scored


def build_key(plan: list[Doc], n_docs: int, seed: int) -> dict[str, Any]:
    """The answer key of a planned corpus."""
    docs = {d["id"]: d for d in plan}
    typos: dict[str, list[str]] = defaultdict(list)
    for d in plan:
        if d.get("typo"):
            typos[d["id"]].append(d["typo"])
        for target, typo in d.get("cite_typos", {}).items():
            typos[target].append(typo)
    relations = []
    cited_central: set[str] = set()
    for d in plan:
        for target, grade in sorted(mentions(d, docs).items()):
            relations.append([d["id"], target, grade])
            if target in CENTRAL:
                cited_central.add(target)
    documents = {cid: central_entry(cid) for cid in sorted(cited_central)}
    for d in plan:
        documents[d["id"]] = local_entry(d, typos.get(d["id"], []))
    return {
        "about": f"Answer key of a synthetic national corpus: `cpgraph synth --docs {n_docs} --seed {seed}`. "
        "Read shared/design/CONTRACT.md for the fields and shared/eval/score.py for the scoring.",
        "version": 1,
        "documents": documents,
        "relations": relations,
        "optional_relations": [],
        "optional_documents": {},
    }


def ambiguities(key: dict[str, Any]) -> list[tuple[str, str]]:
    """Pairs of key documents that score.py could not tell apart (same number, year, a shared
    symbol spelling, and the same province or no province); empty for a good key."""
    index: dict[tuple[int | str, int, str], list[tuple[str, str | None]]] = defaultdict(list)
    sources: dict[str, list[str]] = defaultdict(list)
    for gid, gold in key["documents"].items():
        if gold.get("source"):
            sources[gold["source"]].append(gid)
        if not gold.get("number"):
            continue
        number = int(gold["number"]) if str(gold["number"]).isdigit() else str(gold["number"])
        for symbol in {fold_symbol(s) for s in gold.get("symbol", [])}:
            index[(number, gold["year"], symbol)].append((gid, gold.get("province")))
    out = set()
    for entries in index.values():
        for i, (a, pa) in enumerate(entries):
            for b, pb in entries[i + 1 :]:
                if pa is None or pb is None or pa == pb:
                    out.add((min(a, b), max(a, b)))
    for ids in sources.values():
        out.update((ids[0], other) for other in ids[1:])
    return sorted(out)
