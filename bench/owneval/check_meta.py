"""Dev script (not shipped): the own metadata the ingest reads on /work/owneval/head, field by field.

    .venv/bin/python bench/owneval/check_meta.py [--texts DIR] [--key bench/owneval/head.meta.json]

Ingests the texts into a fresh data dir, exports, and compares each document's own number, symbol,
year, date, type, issuer and place with the key (the format of ../shared/eval/*.gold.json, read the
way ../shared/eval/score.py reads it), printing agreement per field and every miss.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCORE = ROOT.parent / "shared" / "eval" / "score.py"


def _scorer():  # the official folding rules, not a copy of them
    spec = importlib.util.spec_from_file_location("score", SCORE)
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _export(texts: Path, work: Path) -> dict:
    data, out = work / "data", work / "export.json"
    for args in (["ingest", str(texts), "--data-dir", str(data)],
                 ["export", "--format", "json", "--data-dir", str(data), "-o", str(out)]):
        cmd = [sys.executable, "-m", "graphsvc.cli", *args]
        subprocess.run(cmd, cwd=ROOT, check=True, capture_output=True)
    return json.loads(out.read_text(encoding="utf-8"))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--texts", type=Path, default=Path("/work/owneval/head"))
    ap.add_argument("--key", type=Path, default=ROOT / "bench" / "owneval" / "head.meta.json")
    args = ap.parse_args()
    sc = _scorer()
    key = json.loads(args.key.read_text(encoding="utf-8"))["documents"]
    with tempfile.TemporaryDirectory(prefix="owneval-") as tmp:
        export = sc.Export(_export(args.texts, Path(tmp)))
    hits: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    misses = []
    for gid, gold in key.items():
        found = sc.candidates(gold, export)
        if not found:
            misses.append(f"{gid}: not found")
            continue
        doc = found[0]
        checks = [("number", sc.same_number(doc.get("number"), gold.get("number")))]
        if gold.get("symbol"):
            symbols = {sc.fold_symbol(s) for s in gold["symbol"]}
            checks.append(("symbol", sc.fold_symbol(doc.get("symbol")) in symbols))
        checks.append(("year", doc.get("year") == gold.get("year")))
        checks.append(("doc_type", doc.get("doc_type") in sc.as_list(gold["doc_type"])))
        date = str(doc.get("date") or "")
        want = gold.get("date")
        checks.append(("date", date == want if want else date.startswith(gold.get("date_month", ""))))
        name = sc.fold_org(export.issuer_name(doc))
        checks.append(("issuer", any(name == sc.fold_org(alt) for alt in sc.as_list(gold.get("issuer")))))
        for field in ("province", "district", "commune"):
            if gold.get(field):
                checks.append((field, export.place(doc, field) == sc.fold(gold[field])))
        for field, ok in checks:
            hits[field][0] += ok
            hits[field][1] += 1
            if not ok:
                got = export.issuer_name(doc) if field == "issuer" else doc.get(field)
                misses.append(f"{gid}.{field}: got {got!r}")
    for field, (hit, total) in hits.items():
        print(f"{field:9s} {hit}/{total} = {hit / total:.3f}")
    print("\n".join(misses) or "no misses")
    return 0


if __name__ == "__main__":
    sys.exit(main())
