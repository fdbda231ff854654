"""`../shared/eval/score.py` with its document matching indexed, for answer keys of 10^5 documents.

score.py compares every key document with every exported document (quadratic: hours at 100k). This
runs the very same script — same metrics, same output — with only its `candidates` function
replaced by an equivalent one that looks documents up by (number, year) and by source file name.

    python bench/score_fast.py --gold KEY export.json [--quiet]
"""
from __future__ import annotations

import importlib.util
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

SCORE = Path(__file__).resolve().parents[2] / "shared" / "eval" / "score.py"


def _load_score() -> Any:
    spec = importlib.util.spec_from_file_location("score", SCORE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _indexed(score: Any) -> Any:
    original = score.candidates
    indexes: dict[int, tuple[dict[Any, list[dict]], dict[str, list[dict]]]] = {}

    def number_key(value: Any) -> Any:
        value = str(value).strip()
        return ("n", int(value)) if value.isdigit() else ("s", score.fold(value))

    def index_of(export: Any) -> tuple[dict[Any, list[dict]], dict[str, list[dict]]]:
        if id(export) not in indexes:
            by_number: dict[Any, list[dict]] = defaultdict(list)
            by_source: dict[str, list[dict]] = defaultdict(list)
            for d in export.docs:  # export order is kept inside each bucket, as score.py's scan keeps it
                if d.get("number") is not None:
                    by_number[(number_key(d["number"]), d.get("year"))].append(d)
                by_source[(d.get("source") or "").split("/")[-1]].append(d)
            indexes[id(export)] = (by_number, by_source)
        return indexes[id(export)]

    def candidates(gold: dict, export: Any) -> list[dict]:
        if gold.get("match_title") or gold.get("number") is None and not gold.get("source"):
            return original(gold, export)  # rare: title matches and unnumbered keys keep the scan
        by_number, by_source = index_of(export)
        if gold.get("source"):
            return list(by_source.get(gold["source"], []))
        pool = by_number.get((number_key(gold["number"]), gold.get("year")), [])
        symbols = {score.fold_symbol(s) for s in score.as_list(gold.get("symbol"))}
        found = []
        for d in pool:
            if symbols and score.fold_symbol(d.get("symbol")) not in symbols:
                continue
            if gold.get("province") and export.place(d, "province") != score.fold(gold["province"]):
                continue
            found.append(d)
        return found

    score.candidates = candidates
    return score


def main() -> int:
    score = _indexed(_load_score())
    sys.argv = [str(SCORE), *sys.argv[1:]]
    return int(score.main())


if __name__ == "__main__":
    sys.exit(main())
