"""The `cpgraph` command line: one dispatcher, each command group in its own module."""
from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from graphsvc import cli_ingest, cli_neo4j, cli_query, cli_serve, cli_store, cli_synth


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cpgraph",
        description="Citation knowledge graph of Vietnamese child-protection law.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module in (cli_ingest, cli_query, cli_serve, cli_neo4j, cli_synth, cli_store):
        module.register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    code = args.handler(args)
    return int(code or 0)


if __name__ == "__main__":
    sys.exit(main())
