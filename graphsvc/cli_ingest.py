"""`cpgraph ingest` and `cpgraph export` (CONTRACT.md)."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from graphsvc.cli_common import DataDirProblem, add_data_dir, check_data_dir, data_dir_of


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add this module's commands to the `cpgraph` parser."""
    ingest = commands.add_parser("ingest", help="read files or folders into the graph kept in the data dir")
    ingest.add_argument("paths", nargs="+", type=Path, metavar="PATH",
                        help="files or folders (walked recursively)")
    add_data_dir(ingest)
    ingest.add_argument("--workers", type=int, default=None, help="processes to use (default: every core)")
    ingest.add_argument("--ocr", action="store_true",
                        help="OCR scanned PDFs with tesseract (Debian tesseract-ocr, tesseract-ocr-vie)")
    ingest.add_argument("--quiet", action="store_true", help="no progress bar")
    ingest.set_defaults(handler=run_ingest)

    export = commands.add_parser("export", help="write the graph in the export format of CONTRACT.md")
    export.add_argument("--format", choices=["json", "graphml", "gexf"], default="json",
                        help="json (CONTRACT.md), or graphml / gexf with labels and types for Gephi, yEd")
    add_data_dir(export)
    export.add_argument("-o", "--output", type=Path, default=None, help="file to write (default: stdout)")
    export.set_defaults(handler=run_export)


def run_ingest(args: argparse.Namespace) -> int:
    from ingest.pipeline import ingest
    from ingest.store import StoreLocked

    data_dir = data_dir_of(args)
    missing = [str(p) for p in args.paths if not p.exists() and not p.is_symlink()]
    for path in missing:
        print(f"cpgraph: {path}: no such file or folder", file=sys.stderr)
    paths = [p for p in args.paths if str(p) not in missing]
    if not paths:
        return 2
    try:
        progress = not args.quiet and sys.stderr.isatty()
        summary = ingest(paths, data_dir, progress=progress, workers=args.workers, ocr=args.ocr)
    except StoreLocked as exc:
        print(f"cpgraph: {exc}", file=sys.stderr)
        return 3
    out = sys.stderr
    print(f"files seen        {summary.files_seen}", file=out)
    print(f"files read        {rate_line(summary.files_read, summary.bytes_read, summary.seconds)}", file=out)
    print(f"files unchanged   {summary.files_unchanged}", file=out)
    print(f"documents         {summary.documents}  ({summary.ingested_documents} ingested, "
          f"{summary.documents - summary.ingested_documents} only referenced)", file=out)
    print(f"citations         {summary.citations}", file=out)
    print(f"unresolved        {summary.unresolved} mentions", file=out)
    print(f"failed            {len(summary.failures)} files", file=out)
    for source, error in summary.failures:
        print(f"  {source}: {error}", file=out)
    for problem in summary.problems:
        print(f"  note: {problem}", file=out)
    for source, warning in summary.warnings[:50]:
        print(f"  warning: {source}: {warning}", file=out)
    print(f"graph             {summary.graph_path}  ({summary.seconds:.1f} s)", file=out)
    return 1 if missing else 0


def run_export(args: argparse.Namespace) -> int:
    from ingest.store import export_text, load_graph

    data_dir = data_dir_of(args)
    try:
        check_data_dir(data_dir)
    except DataDirProblem as exc:
        print(f"cpgraph: {exc}", file=sys.stderr)
        return 2
    if args.format == "json":
        data = export_text(data_dir).encode("utf-8")
    else:
        from queries.graph_export import export_bytes

        data = export_bytes(load_graph(data_dir), args.format)
    if args.output is None:
        sys.stdout.buffer.write(data)
    else:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_bytes(data)
    return 0


def rate_line(files: int, size: int, seconds: float) -> str:
    """`12 files (84 KB) in 0.4 s: 30 files/s, 210 KB/s` — units that read well for small and big corpora.

    >>> rate_line(12, 86016, 0.4)
    '12  (84 KB in 0.4 s: 30.0 files/s, 210 KB/s)'
    >>> rate_line(1000, 50 * 2**20, 10)
    '1000  (50.0 MB in 10.0 s: 100.0 files/s, 5.0 MB/s)'
    """
    seconds = max(seconds, 1e-3)
    big = size >= 2**20
    amount = f"{size / 2**20:.1f} MB" if big else f"{size / 2**10:.0f} KB"
    speed = f"{size / 2**20 / seconds:.1f} MB/s" if big else f"{size / 2**10 / seconds:.0f} KB/s"
    return f"{files}  ({amount} in {seconds:.1f} s: {files / seconds:.1f} files/s, {speed})"
