"""`cpgraph ingest` and `cpgraph export` (CONTRACT.md)."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from graphsvc.cli_common import DataDirProblem, add_data_dir, check_data_dir, data_dir_of
from ingest.report import printable
from ingest.store import StoreDamaged, StoreLocked, export_text, load_graph
from ingest.workers import Limits
from queries.graph_export import export_bytes

if TYPE_CHECKING:
    from ingest.pipeline import IngestSummary


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
    ingest.add_argument("--prune", action="store_true",
                        help="drop what files no longer there said (else they are only counted as missing)")
    ingest.add_argument("--file-timeout", type=float, default=None, metavar="SECONDS",
                        help="stop and report a file taking longer (default 120, 1800 with --ocr)")
    ingest.add_argument("--file-memory", type=int, default=1024, metavar="MB",
                        help="stop and report a file whose worker needs more memory (default 1024)")
    ingest.add_argument("--max-text-chars", type=int, default=None, metavar="N",
                        help="refuse a file giving more text than this (default 8,000,000 characters)")
    ingest.set_defaults(handler=run_ingest)

    export = commands.add_parser("export", help="write the graph in the export format of CONTRACT.md")
    export.add_argument("--format", choices=["json", "graphml", "gexf"], default="json",
                        help="json (CONTRACT.md), or graphml / gexf with labels and types for Gephi, yEd")
    add_data_dir(export)
    export.add_argument("-o", "--output", type=Path, default=None, help="file to write (default: stdout)")
    export.set_defaults(handler=run_export)


def run_ingest(args: argparse.Namespace) -> int:
    from ingest.pipeline import ingest  # heavy: the extraction pipeline; `cpgraph --help` stays fast
    from ingest.read import MAX_TEXT_CHARS  # heavy: the readers (docx, pdf, html parsers)

    data_dir = data_dir_of(args)
    missing = [str(p) for p in args.paths if not p.exists() and not p.is_symlink()]
    for path in missing:
        print(f"cpgraph: {path}: no such file or folder", file=sys.stderr)
    paths = [p for p in args.paths if str(p) not in missing]
    if not paths:
        return 2
    seconds = args.file_timeout or (1800.0 if args.ocr else 120.0)
    try:
        progress = not args.quiet and sys.stderr.isatty()
        summary = ingest(paths, data_dir, progress=progress, workers=args.workers, ocr=args.ocr,
                         prune=args.prune, limits=Limits(seconds=seconds, rss_mb=args.file_memory),
                         max_chars=args.max_text_chars or MAX_TEXT_CHARS)
    except (StoreLocked, StoreDamaged) as exc:
        print(f"cpgraph: {printable(str(exc))}", file=sys.stderr)
        return 3
    except OSError as exc:  # a full disk or an unwritable data dir: the last good graph stays current
        print(f"cpgraph: cannot write to {printable(str(data_dir))}: {exc.strerror or exc}; the graph kept "
              "there is unchanged, run the same ingest again once it is fixed", file=sys.stderr)
        return 5
    print_summary(summary)
    return 1 if missing else 0


def print_summary(summary: IngestSummary) -> None:
    """The summary of a run on stderr, one line per item (names escaped: one file, one line)."""
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
        print(f"  {printable(source)}: {printable(error)}", file=out)
    if summary.duplicates:
        print(f"duplicates        {summary.duplicates} files with the same content as another "
              "(one document, several sources)", file=out)
    if summary.retired:
        print(f"moved             {summary.retired} files found again under a new path", file=out)
    if summary.removed:
        print(f"removed           {len(summary.removed)} files no longer in the graph", file=out)
        for key in summary.removed[:20]:
            print(f"  removed: {printable(key)}", file=out)
    print(f"sources missing   {len(summary.missing)} files in the graph are no longer there"
          + ("  (--prune drops them)" if summary.missing else ""), file=out)
    for key in summary.missing[:20]:
        print(f"  missing: {printable(key)}", file=out)
    if summary.slowest is not None:
        name, cpu = summary.slowest
        print(f"slowest file      {printable(name)}  ({cpu:.1f} s CPU)", file=out)
    for problem in summary.problems:
        print(f"  note: {printable(problem)}", file=out)
    for source, warning in summary.warnings[:50]:
        print(f"  warning: {printable(source)}: {printable(warning)}", file=out)
    if summary.phases:
        steps = " · ".join(f"{name} {seconds:.1f} s" for name, seconds in summary.phases.items())
        print(f"time              {steps}", file=out)
    print(f"graph             {printable(summary.graph_path)}  ({summary.seconds:.1f} s)", file=out)


def run_export(args: argparse.Namespace) -> int:
    data_dir = data_dir_of(args)
    try:
        check_data_dir(data_dir)
    except DataDirProblem as exc:
        print(f"cpgraph: {exc}", file=sys.stderr)
        return 2
    try:
        if args.format == "json":
            data = export_text(data_dir).encode("utf-8")
        else:
            data = export_bytes(load_graph(data_dir), args.format)
    except StoreDamaged as exc:
        print(f"cpgraph: {exc}", file=sys.stderr)
        return 4
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
