"""Score an export against an answer key: `cpgraph eval --gold KEY.json [EXPORT]`.

The answer key has the format of `shared/eval/*.gold.json` (docs/evaluation.md); the metrics and
matching rules are those of `shared/eval/score.py`, so the figures are the same. Key documents are
found through an index (source file name; number and year) instead of a scan of every exported
document, which keeps keys of 10^5 documents fast; the result is that of the scan.
"""
from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

Doc = dict[str, Any]  # an exported node or a key entry: JSON objects at the file boundary

CITATION_TYPES = frozenset({"IMPLEMENTS", "CITES", "BASED_ON", "GUIDES", "AMENDS", "REPEALS", "REPLACES"})
# Unnumbered programmes and schemes the key does not list: relations to them are not judged.
UNNUMBERED_OPTIONAL = frozenset({"chuong_trinh", "de_an"})
# Issuer names compare after these rewrites (in order), so "UBND tỉnh X" equals "Ủy ban nhân dân X".
ORG_WORDS = (
    ("uy ban nhan dan", "ubnd"),
    ("ban thuong vu ", ""),
    ("bo truong ", ""),
    ("so gd dt", "so giao duc va dao tao"),
    ("so gddt", "so giao duc va dao tao"),
    ("phong gd dt", "phong giao duc va dao tao"),
    ("phong gddt", "phong giao duc va dao tao"),
    ("ldtbxh", "lao dong thuong binh va xa hoi"),
    ("thanh pho ", ""),
    ("tinh ", ""),
    ("huyen ", ""),
    ("thi tran ", ""),
    ("xa ", ""),
)
NON_ALNUM = re.compile(r"[^a-z0-9]+")  # what folding turns into one space
SPACES = re.compile(r"\s+")
MAX_LISTED = 60  # misses printed per kind


def fold(text: object) -> str:
    """Lower-case ASCII: no diacritics, đ as d, every run of other characters one space."""
    if not text:
        return ""
    raw = str(text).replace("Đ", "D").replace("đ", "d").replace("Ð", "D")
    bare = "".join(c for c in unicodedata.normalize("NFD", raw) if unicodedata.category(c) != "Mn")
    return NON_ALNUM.sub(" ", bare.lower()).strip()


def fold_symbol(symbol: object) -> str:
    return fold(symbol).replace(" ", "")


def fold_org(name: object) -> str:
    out = " " + fold(name) + " "
    for old, new in ORG_WORDS:
        out = out.replace(" " + old, " " + new)
    return SPACES.sub(" ", out).strip()


def as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def same_number(a: object, b: object) -> bool:
    """Numbers are equal as integers when both are digits, else when their folds are equal."""
    if a is None or b is None:
        return a is None and b is None
    left, right = str(a).strip(), str(b).strip()
    if left.isdigit() and right.isdigit():
        return int(left) == int(right)
    return fold(left) == fold(right)


def number_bucket(value: object) -> object:
    """A coarse key: numbers that `same_number` calls equal always share it."""
    if value is None:
        return None
    folded = fold(str(value).strip())
    return int(folded) if folded.isdigit() else folded


def file_name(doc: Doc) -> str:
    return str(doc.get("source") or "").split("/")[-1]


class Export:
    """The nodes, citation edges and documents of an export, indexed for matching."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.nodes: dict[str, Doc] = {n["id"]: n for n in data.get("nodes", [])}
        self.edges: list[Doc] = data.get("edges", [])
        self.docs = [n for n in self.nodes.values() if n.get("kind") == "document"]
        self.by_source: dict[str, list[Doc]] = defaultdict(list)
        self.by_number: dict[tuple[object, object], list[Doc]] = defaultdict(list)
        for doc in self.docs:  # lists keep export order: the first candidate is the match
            self.by_source[file_name(doc)].append(doc)
            self.by_number[(number_bucket(doc.get("number")), doc.get("year"))].append(doc)

    def place(self, doc: Doc, level: str) -> str:
        """The folded province/district/commune of a document, else of its issuer."""
        value = doc.get(level)
        if not value and doc.get("issuer") in self.nodes:
            value = self.nodes[doc["issuer"]].get(level)
        return fold(value)

    def issuer_name(self, doc: Doc) -> str:
        org = self.nodes.get(doc.get("issuer") or "")
        return str(org.get("name", "")) if org else ""


def candidates(gold: Doc, export: Export) -> list[Doc]:
    """Exported documents a key entry names: by source file, by title words, or by số hiệu and place."""
    if gold.get("source"):
        return list(export.by_source.get(gold["source"], []))
    if gold.get("match_title"):
        types = as_list(gold["doc_type"])
        words = gold["match_title"]  # already folded in the key
        return [d for d in export.docs if d.get("doc_type") in types and words in fold(d.get("title"))]
    symbols = {fold_symbol(s) for s in as_list(gold.get("symbol"))}
    pool = export.by_number.get((number_bucket(gold.get("number")), gold.get("year")), [])
    return [
        d for d in pool
        if same_number(d.get("number"), gold.get("number")) and d.get("year") == gold.get("year")
        and (not symbols or fold_symbol(d.get("symbol")) in symbols)
        and (not gold.get("province") or export.place(d, "province") == fold(gold["province"]))
    ]


def ratio(hit: int, total: int) -> float:
    return hit / total if total else 1.0


@dataclass
class Report:
    """The seven headline metrics (in print order), the misses behind them, unjudged relations."""

    metrics: list[tuple[str, float]]
    misses: dict[str, list[str]] = field(default_factory=dict)
    unscored: int = 0

    @property
    def worst(self) -> float:
        return min(value for _, value in self.metrics)

    @property
    def relation_f1(self) -> float:
        recall, precision = self.metrics[2][1], self.metrics[3][1]
        return 2 * recall * precision / ((recall + precision) or 1)


def metadata_checks(gold: Doc, doc: Doc, export: Export) -> list[tuple[str, bool]]:
    """(field, right?) for every field the key gives for a matched document."""
    checks = []
    if gold.get("source") and gold.get("number"):  # matched by file: its own số hiệu is checked too
        checks.append(("number", same_number(doc.get("number"), gold["number"])))
        if gold.get("symbol"):
            symbols = {fold_symbol(s) for s in as_list(gold["symbol"])}
            checks.append(("symbol", fold_symbol(doc.get("symbol")) in symbols))
        if gold.get("year"):
            checks.append(("year", doc.get("year") == gold["year"]))
    if gold.get("doc_type"):
        checks.append(("doc_type", doc.get("doc_type") in as_list(gold["doc_type"])))
    if gold.get("date"):
        checks.append(("date", doc.get("date") == gold["date"]))
    elif gold.get("date_month"):
        checks.append(("date", str(doc.get("date") or "").startswith(gold["date_month"])))
    if gold.get("issuer"):
        name = fold_org(export.issuer_name(doc))
        checks.append(("issuer", any(name == fold_org(alt) for alt in as_list(gold["issuer"]))))
    for level in ("province", "district", "commune"):
        if gold.get(level):
            checks.append((level, export.place(doc, level) == fold(gold[level])))
    return checks


def score(key: dict[str, Any], data: dict[str, Any]) -> Report:
    """Score the export `data` against the answer key `key` (both as read from JSON)."""
    export = Export(data)
    misses: dict[str, list[str]] = defaultdict(list)
    match: dict[str, str] = {}
    duplicates = 0
    for gid, gold in key["documents"].items():
        found = candidates(gold, export)
        if not found:
            misses["documents"].append(gid)
            continue
        if len(found) > 1:
            duplicates += 1
            misses["duplicates"].append(f"{gid} -> {[d['id'] for d in found]}")
        match[gid] = found[0]["id"]
    back: dict[str, set[str]] = defaultdict(set)  # exported id -> key ids it stands for
    for gid, oid in match.items():
        back[oid].add(gid)
    for gid, gold in key.get("optional_documents", {}).items():  # found or not: never penalised
        for doc in candidates(gold, export):
            back[doc["id"]].add(gid)

    meta_hit = meta_total = 0
    for gid, oid in match.items():
        for name, ok in metadata_checks(key["documents"][gid], export.nodes[oid], export):
            meta_total += 1
            meta_hit += ok
            if not ok:
                misses["metadata"].append(f"{gid}.{name}")

    out_rel: dict[tuple[str, str], set[str]] = defaultdict(set)
    for edge in export.edges:
        if edge.get("type") in CITATION_TYPES:
            out_rel[(edge["source"], edge["target"])].add(edge["type"])
    gold_rel = {(s, t): grade for s, t, grade in key["relations"]}
    optional = {(s, t) for s, t in key.get("optional_relations", [])}

    rel_hit = impl_required = impl_required_hit = 0
    for (s, t), grade in gold_rel.items():
        types = out_rel.get((match[s], match[t]), set()) if s in match and t in match else set()
        if types:
            rel_hit += 1
        else:
            misses["relations"].append(f"{s} -> {t}")
        if grade == "required":
            impl_required += 1
            if "IMPLEMENTS" in types:
                impl_required_hit += 1
            else:
                misses["implements"].append(f"{s} -> {t} (got {sorted(types) or 'nothing'})")

    rel_out = rel_good = impl_out = impl_good = unscored = 0
    for (source, target), types in out_rel.items():
        pairs = [(s, t) for s in back.get(source, ()) for t in back.get(target, ())]
        node = export.nodes.get(target, {})
        if not pairs and not node.get("number") and node.get("doc_type") in UNNUMBERED_OPTIONAL:
            unscored += 1
            continue
        rel_out += 1
        good = any(p in gold_rel or p in optional for p in pairs)
        rel_good += good
        if not good:
            misses["extra relations"].append(f"{source} -> {target} {sorted(types)}")
        if "IMPLEMENTS" in types:
            impl_out += 1
            ok = any(gold_rel.get(p) in ("required", "allowed") or p in optional for p in pairs)
            impl_good += ok
            if not ok:
                misses["extra implements"].append(f"{source} -> {target}")

    metrics = [
        ("document recall", ratio(len(match), len(key["documents"]))),
        ("document uniqueness", ratio(len(match) - duplicates, len(match))),
        ("relation recall", ratio(rel_hit, len(gold_rel))),
        ("relation precision", ratio(rel_good, rel_out)),
        ("implements recall", ratio(impl_required_hit, impl_required)),
        ("implements precision", ratio(impl_good, impl_out)),
        ("metadata accuracy", ratio(meta_hit, meta_total)),
    ]
    return Report(metrics, dict(misses), unscored)


def format_report(report: Report, quiet: bool = False) -> str:
    """The text `score.py` prints: one line per metric, the misses (unless quiet), a summary line."""
    lines = [f"{name:22s} {value:6.3f}" for name, value in report.metrics]
    if not quiet:
        for what, items in report.misses.items():
            lines += ["", f"{what} missed or wrong ({len(items)}):"]
            lines += [f"  {item}" for item in items[:MAX_LISTED]]
    if report.unscored:
        lines += ["", f"{report.unscored} relations to unnumbered programmes not in the key were not judged"]
    lines += ["", f"summary: relation F1 {report.relation_f1:.3f}, worst metric {report.worst:.3f}"]
    return "\n".join(lines) + "\n"
