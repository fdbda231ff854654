"""The `cpgraph` command line: one dispatcher, each command group in its own module."""
from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from graphsvc import cli_eval, cli_explain, cli_ingest, cli_neo4j, cli_query, cli_serve, cli_store, cli_synth
from graphsvc.cli_common import split_global_options


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cpgraph",
        description="Citation knowledge graph of Vietnamese child-protection law.",
        epilog="--json and --data-dir may be given before or after the command.",
    )
    parser.add_argument("--data-dir", type=Path, default=None,
                        help="where the graph is kept (default: $CPGRAPH_DATA_DIR, else ./data)")
    parser.add_argument("--json", action="store_true", help="print answers as JSON (query commands)")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module in (cli_ingest, cli_query, cli_serve, cli_neo4j, cli_synth, cli_store, cli_explain, cli_eval):
        module.register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    rest, options = split_global_options(list(sys.argv[1:] if argv is None else argv))
    args = parser.parse_args(rest)
    if "--data-dir" in options:
        args.data_dir = Path(str(options["--data-dir"]))
    if options.get("--json"):
        args.json = True
    code = args.handler(args)
    return int(code or 0)


if __name__ == "__main__":
    sys.exit(main())
