"""`cpgraph remove PATH…` and `cpgraph doctor [--repair]`: keep the data dir true to the files and whole."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from graphsvc.cli_common import add_data_dir, data_dir_of
from graphsvc.cli_ingest import print_summary
from ingest import doctor
from ingest.report import printable
from ingest.store import StoreLocked


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add this module's commands to the `cpgraph` parser."""
    remove = commands.add_parser("remove", help="drop what files (or every file under folders) said")
    remove.add_argument("paths", nargs="*", type=Path, metavar="PATH",
                        help="files or folders as they were ingested (they may be gone)")
    remove.add_argument("--missing", action="store_true", help="drop every file that is no longer there")
    add_data_dir(remove)
    remove.set_defaults(handler=run_remove)

    doctor = commands.add_parser("doctor", help="check the data dir; --repair fixes what can be re-derived")
    doctor.add_argument("--repair", action="store_true",
                        help="re-extract damaged cache entries, drop temporary files, commit a whole graph")
    add_data_dir(doctor)
    doctor.set_defaults(handler=run_doctor)


def run_remove(args: argparse.Namespace) -> int:
    from ingest.pipeline import remove  # heavy: the extraction pipeline; `cpgraph --help` stays fast

    if not args.paths and not args.missing:
        print("cpgraph remove: give files or folders, or --missing", file=sys.stderr)
        return 2
    try:
        summary = remove(args.paths, data_dir_of(args), missing_only=args.missing)
    except StoreLocked as exc:
        print(f"cpgraph: {exc}", file=sys.stderr)
        return 3
    print_summary(summary)
    if not summary.removed:
        print("cpgraph remove: no ingested file matched", file=sys.stderr)
        return 1
    return 0


def run_doctor(args: argparse.Namespace) -> int:
    data_dir = data_dir_of(args)
    try:
        found, done = doctor.repair(data_dir) if args.repair else (doctor.check(data_dir), [])
    except StoreLocked as exc:
        print(f"cpgraph: {exc}", file=sys.stderr)
        return 3
    print(f"{found.files} files in the manifest", file=sys.stderr)
    for problem in found.problems:
        print(f"  problem: {printable(problem)}", file=sys.stderr)
    for key in found.bad_cache[:20]:
        print(f"  damaged cache entry: {printable(key)}", file=sys.stderr)
    for note in found.notes:
        print(f"  note: {printable(note)}", file=sys.stderr)
    for line in done:
        print(f"  repaired: {printable(line)}", file=sys.stderr)
    if found.ok:
        print("data dir is whole", file=sys.stderr)
        return 0
    if args.repair:
        after = doctor.check(data_dir)
        print("data dir is whole after repair" if after.ok else "data dir still damaged", file=sys.stderr)
        return 0 if after.ok else 1
    print(f"run `cpgraph doctor --repair --data-dir {printable(str(data_dir))}`", file=sys.stderr)
    return 1
