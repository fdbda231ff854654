"""`cpgraph eval --gold KEY.json [EXPORT]`: score an export against an answer key (docs/evaluation.md)."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from graphsvc.cli_common import add_data_dir, data_dir_of
from ingest.evaluate import format_report, score
from ingest.store import export_text


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add this module's commands to the `cpgraph` parser."""
    parser = commands.add_parser(
        "eval", help="score an export against an answer key (the metrics of shared/eval/score.py)")
    parser.add_argument("export", nargs="?", type=Path, default=None,
                        help="export JSON file (default: the graph kept in --data-dir)")
    parser.add_argument("--gold", type=Path, required=True, help="answer key (JSON, docs/evaluation.md)")
    parser.add_argument("--min", type=float, default=0.0,
                        help="exit 1 when a headline metric is below this (default 0)")
    parser.add_argument("--quiet", action="store_true", help="only the metric lines and the summary")
    add_data_dir(parser)
    parser.set_defaults(handler=run_eval)


def _read_json(path: Path, what: str) -> dict[str, Any] | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        print(f"cpgraph eval: cannot read the {what} {path}: {exc}", file=sys.stderr)
        return None
    if not isinstance(data, dict):
        print(f"cpgraph eval: the {what} {path} is not a JSON object", file=sys.stderr)
        return None
    return data


def run_eval(args: argparse.Namespace) -> int:
    key = _read_json(args.gold, "answer key")
    if key is None:
        return 2
    if args.export is not None:
        export = _read_json(args.export, "export")
        if export is None:
            return 2
    else:
        export = json.loads(export_text(data_dir_of(args)))
    try:
        report = score(key, export)
    except (KeyError, TypeError, ValueError) as exc:
        print(f"cpgraph eval: the answer key {args.gold} does not have the expected shape "
              f"(docs/evaluation.md): {type(exc).__name__}: {exc}", file=sys.stderr)
        return 2
    sys.stdout.write(format_report(report, quiet=args.quiet))
    return 1 if report.worst < args.min else 0
