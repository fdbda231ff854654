"""Options shared by several commands."""
from __future__ import annotations

import argparse
import os
from pathlib import Path


def default_data_dir() -> Path:
    """`--data-dir` default: $CPGRAPH_DATA_DIR, else ./data (CONTRACT.md)."""
    return Path(os.environ.get("CPGRAPH_DATA_DIR") or "data")


def add_data_dir(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--data-dir", type=Path, default=None,
        help="where the graph is kept (default: $CPGRAPH_DATA_DIR, else ./data)",
    )


def data_dir_of(args: argparse.Namespace) -> Path:
    return args.data_dir if args.data_dir is not None else default_data_dir()
