"""The `cpgraph` command line: one dispatcher, each command group in its own module."""
from __future__ import annotations

import argparse
import contextlib
import logging
import os
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


# Commands that end holding a graph of millions of objects: the process exits without freeing them one
# by one (7 s at 100,000 documents, a third of it the collector walking the graph), once its output is out.
EXIT_AT_ONCE = frozenset({"ingest", "remove"})


def main(argv: Sequence[str] | None = None) -> int:
    return _run(argv)[1]


def _run(argv: Sequence[str] | None) -> tuple[argparse.Namespace, int]:
    parser = build_parser()
    rest, options = split_global_options(list(sys.argv[1:] if argv is None else argv))
    args = parser.parse_args(rest)
    if "--data-dir" in options:
        args.data_dir = Path(str(options["--data-dir"]))
    if options.get("--json"):
        args.json = True
    code = args.handler(args)
    return args, int(code or 0)


def run() -> None:
    """The `cpgraph` program (`main` is the same for callers in a Python process, which go on)."""
    args, code = _run(None)
    if args.command in EXIT_AT_ONCE:
        logging.shutdown()
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(OSError, ValueError):  # a closed pipe (`| head`): nothing more to say
                stream.flush()
        os._exit(code)
    sys.exit(code)


if __name__ == "__main__":
    run()
