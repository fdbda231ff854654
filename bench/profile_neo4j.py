"""`PROFILE` every read statement of queries/cypher.py on the loaded database: db hits and rows.

    .venv/bin/python bench/profile_neo4j.py [--directive ID] [--plan ID] [--leaf ID]

Run it against the database `bench/bench_neo4j.py` (or `cpgraph neo4j load`) left behind; with
PYTHONPATH pointing at another checkout it profiles that checkout's statements (before/after).
Statements a checkout does not have are skipped. Prints a markdown table.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from queries import cypher  # noqa: E402
from queries.neo4j_server import Settings, open_driver  # noqa: E402


def db_hits(plan: Any) -> int:
    """Total db hits of a profiled plan tree."""
    if plan is None:
        return 0
    own = plan.get("dbHits", 0) if isinstance(plan, dict) else getattr(plan, "db_hits", 0)
    children = plan.get("children", []) if isinstance(plan, dict) else getattr(plan, "children", [])
    return int(own) + sum(db_hits(c) for c in children)


def operators(plan: Any) -> list[str]:
    found = [plan.get("operatorType", "?").split("@")[0]]
    for child in plan.get("children", []):
        found += operators(child)
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--directive", default="ct-tw-28-2023")
    parser.add_argument("--plan", default="kh-7-ct-tw-28-2023")
    parser.add_argument("--leaf", default=None)
    args = parser.parse_args()
    settings = Settings.from_env()
    with open_driver(settings) as driver:
        def run(query: str, **params: Any) -> list[Any]:
            records, _s, _k = driver.execute_query(query, parameters_=params, database_=settings.database)
            return list(records)

        leaf = args.leaf or run("MATCH (d:Document)-[:IMPLEMENTS]->(:Document {id: $id}) RETURN d.id AS id "
                                "ORDER BY id LIMIT 1", id=args.plan)[0]["id"]
        around = [r["id"] for r in run("MATCH (:Document {id: $id})-[]-(x:Document) "
                                       "RETURN DISTINCT x.id AS id ORDER BY id LIMIT 300", id=args.plan)]
        page = [[r["s"], args.directive, r["t"]] for r in run(
            "MATCH (x:Document)-[r]->(:Document {id: $id}) RETURN x.id AS s, type(r) AS t "
            "ORDER BY s LIMIT 50",
            id=args.directive)]
        statements: list[tuple[str, dict[str, Any]]] = [
            ("LOAD_CHECK", {}), ("LOAD_STAMP", {}), ("COUNTS", {}), ("EDGE_COUNTS_BY_TYPE", {}),
            ("DOCUMENTS_BY_ID", {"ids": [args.directive, args.plan, leaf]}), ("ALL_DOCUMENTS", {}),
            ("DOCUMENT_DETAIL", {"id": args.directive}), ("DOCUMENT_RELATIONS", {"id": args.directive}),
            ("EVIDENCE_OF", {"rows": page}),
            ("IMPLEMENTERS_OF", {"ids": [args.directive]}), ("IMPLEMENTERS_OF", {"ids": [args.plan]}),
            ("IMPLEMENTED_BY", {"ids": [leaf]}), ("NEIGHBOURS", {"ids": [args.plan]}),
            ("EDGES_AMONG", {"ids": around}), ("STATS_COUNTS", {}), ("STATS_EDGES", {}),
            ("STATS_BY_TYPE", {}), ("STATS_BY_LEVEL", {}), ("STATS_BY_YEAR", {}),
            ("MOST_CITED", {"missing_only": False, "limit": 20}), ("CONFLICTS", {"limit": 50000}),
        ]
        try:
            from queries import neo4j_closure

            extra = [(neo4j_closure.HEAD, {"id": args.directive, "n": 500}, "closure HEAD"),
                     (neo4j_closure.WHOLE, {"id": args.directive}, "closure WHOLE")]
            if hasattr(neo4j_closure, "COVERAGE"):
                extra += [(neo4j_closure.COVERAGE, {"id": args.directive, "key": f"coverage_{level}"},
                           f"closure COVERAGE {level}") for level in ("district", "commune")]
        except ImportError:
            extra = []
        print("| statement | parameters | db hits | rows | ms | index or count store | plan |\n"
              "|---|---|---:|---:|---:|---|---|")
        rows = [(getattr(cypher, name), params, name) for name, params in statements if hasattr(cypher, name)]
        for query, params, name in rows + extra:
            shown = {k: (f"{len(v)} items" if isinstance(v, list) else v) for k, v in params.items()}
            with driver.session(database=settings.database) as session:
                t0 = time.perf_counter()
                result = session.run("PROFILE " + query, **params)
                count = len(list(result))
                summary = result.consume()
                ms = (time.perf_counter() - t0) * 1000
            plan = summary.profile or {}
            found = list(dict.fromkeys(operators(plan)))
            ops = " ← ".join(found)
            indexed = ", ".join(o for o in found if "Index" in o or "CountStore" in o) or "**none**"
            print(f"| {name} | {shown} | {db_hits(plan):,} | {count} | {ms:.0f} | {indexed} | {ops[:90]} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
