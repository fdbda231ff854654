"""`cpgraph query resolve|document|implementers|lineage|descendants|coverage|stats`.

QUERY is a document id or any text `resolve` understands (`chi thi 28`, `121/KH-UBND`): the best
candidate is taken, and when the text is ambiguous the others are listed on stderr.
Readable tables by default (Vietnamese headers); `--json` prints the answer model as JSON.
Exit status: 0 answered, 1 nothing found, 2 usage error.
"""
from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from pydantic import BaseModel
from rich.console import Console
from rich.markup import escape

from graphsvc.cli_common import DataDirProblem, add_data_dir, check_data_dir, data_dir_of
from graphsvc.cli_query_print import _print
from graphsvc.downloads import coverage_table, implementers_table, to_csv, to_xlsx
from queries.common_coverage import NoSuchLevel, UnknownProvince
from queries.interface import MAX_DEPTH, DocumentNotFound
from queries.models import CoverageResult, CoverageStatus, ImplementersResult
from queries.networkx_backend import NetworkxQueries

LEVELS = ("province", "district", "commune")
WIDE = 200  # console width when the output is not a terminal (pipes, tests): no wrapped cells
MATCHED_WIDTH = 60  # a matched title longer than this is cut in the resolve table


class NotFound(Exception):
    """Nothing matched QUERY (message ready for the user)."""


QUERY_HELP = ("document id, số hiệu, name or the path of an ingested file; several words are joined "
              "('CT 28', 'chi thi 28', '60/KH-UBND', examples/corpus/x.txt)")


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `cpgraph query …` to the `cpgraph` parser."""
    query = commands.add_parser("query", help="ask the graph: implementers, lineage, coverage, …")
    sub = query.add_subparsers(dest="query_command", required=True, metavar="QUERY_COMMAND")

    p = _leaf(sub, "resolve", "find documents by number, symbol, type or title", _resolve)
    p.add_argument("text", metavar="TEXT", nargs="+", help="free text; several words are joined")
    p.add_argument("--limit", type=int, default=10, help="candidates to list (default 10)")

    p = _leaf(sub, "search", "documents where the words (whole words) or the số hiệu occur", _search)
    p.add_argument("text", metavar="TEXT", nargs="*", help="words or số hiệu; may be empty with filters")
    p.add_argument("--type", dest="doc_type", help="only this doc_type (ke_hoach, chi_thi, …)")
    p.add_argument("--level", choices=(*LEVELS, "central", "unit"),
                   help="only documents issued at this level")
    p.add_argument("--province", help="only documents of this province")
    p.add_argument("--year", type=int, help="only documents of this year")
    p.add_argument("--offset", type=int, default=0, help="first result to show (paging)")
    p.add_argument("--limit", type=int, default=20, help="results to show (default 20)")

    p = _leaf(sub, "document", "one document: metadata, relations and their evidence", _document)
    p.add_argument("query", metavar="QUERY", nargs="+", help=QUERY_HELP)

    p = _leaf(sub, "implementers", "documents implementing QUERY, with their chains", _implementers)
    p.add_argument("query", metavar="QUERY", nargs="+", help=QUERY_HELP)
    p.add_argument("--direct", action="store_true", help="only documents implementing it directly")
    p.add_argument("--max-depth", type=int, default=6, help=f"levels down (at most {MAX_DEPTH})")
    p.add_argument("--level", choices=LEVELS, help="only documents issued at this level")
    p.add_argument("--province", help="only documents of this province")
    p.add_argument("--limit", type=int, default=500, help="documents to list at most (default 500)")
    _add_downloads(p)

    p = _leaf(sub, "lineage", "every IMPLEMENTS chain from QUERY up to the root documents", _lineage)
    p.add_argument("query", metavar="QUERY", nargs="+", help=QUERY_HELP)
    p.add_argument("--max-depth", type=int, default=8, help=f"levels up (at most {MAX_DEPTH})")

    p = _leaf(sub, "descendants", "the documents implementing QUERY, as a tree", _descendants)
    p.add_argument("query", metavar="QUERY", nargs="+", help=QUERY_HELP)
    p.add_argument("--max-depth", type=int, default=4, help=f"levels down (at most {MAX_DEPTH})")

    p = _leaf(sub, "coverage", "which provinces/districts/communes implement QUERY, and which do not",
              _coverage)
    p.add_argument("query", metavar="QUERY", nargs="+", help=QUERY_HELP)
    p.add_argument("--level", choices=LEVELS, default="province", help="unit level (default province)")
    p.add_argument("--province", help="only the units of this province")
    p.add_argument("--map", dest="map_year", choices=("2019", "2025"), default=None,
                   help="2019 (63 provinces, districts) or 2025 (34, no districts); "
                        "default: the map in force on the directive's date")
    p.add_argument("--status", choices=("all", "covered", "uncovered", "overdue"), default=None,
                   help="units to list (default: covered; 'overdue' needs --overdue-days)")
    p.add_argument("--uncovered", action="store_true", help="same as --status uncovered")
    p.add_argument("--overdue-days", type=int, default=None, metavar="N",
                   help="late: no plan within N days of the directive, or the first after N days")
    _add_downloads(p)

    p = _leaf(sub, "stats", "counts, most cited, missing documents, flagged conflicts", _stats)
    p.add_argument("--top", type=int, default=20, help="most cited documents to list (default 20)")
    p.add_argument("--offset", type=int, default=0, help="first row of the missing/flagged lists (paging)")
    p.add_argument("--limit", type=int, default=50, help="rows of the missing/flagged lists (default 50)")


def _add_downloads(p: argparse.ArgumentParser) -> None:
    p.add_argument("--csv", type=Path, default=None, metavar="FILE",
                   help="also write the rows as CSV (UTF-8)")
    p.add_argument("--xlsx", type=Path, default=None, metavar="FILE",
                   help="also write the rows as an XLSX workbook")


Handler = Callable[[argparse.Namespace, NetworkxQueries, Console], BaseModel]


def _leaf(sub: argparse._SubParsersAction, name: str, help_text: str,  # type: ignore[type-arg,unused-ignore]
          handler: Handler) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = sub.add_parser(name, help=help_text, description=help_text)
    add_data_dir(parser)
    parser.add_argument("--json", action="store_true", help="print the answer as JSON")
    parser.set_defaults(handler=lambda args: _run(args, handler))
    return parser


def _run(args: argparse.Namespace, handler: Handler) -> int:
    out = Console(width=None if sys.stdout.isatty() else WIDE, highlight=False)
    err = Console(stderr=True, width=None if sys.stderr.isatty() else WIDE, highlight=False)
    data_dir = data_dir_of(args)
    try:
        check_data_dir(data_dir)
        q = NetworkxQueries.from_data_dir(data_dir)
    except DataDirProblem as e:
        print(f"cpgraph: {e}", file=sys.stderr)
        return 2
    except (OSError, ValueError) as e:
        print(f"cpgraph: the graph in {data_dir} cannot be read ({e}). Ingest again: "
              f"cpgraph ingest PATH --data-dir {data_dir}", file=sys.stderr)
        return 2
    args.err = err
    for name in ("query", "text"):
        if isinstance(getattr(args, name, None), list):
            setattr(args, name, " ".join(getattr(args, name)))
    try:
        result = handler(args, q, out)
    except UnknownProvince as e:
        err.print(f"[bold red]Không có tỉnh/thành phố[/] {escape(e.province)}; "
                  f"các tên hợp lệ: {escape(', '.join(e.valid))}")
        return 2
    except NoSuchLevel as e:
        err.print(f"[bold red]{escape(str(e))}[/]")
        return 2
    except NotFound as e:
        err.print(f"[bold red]Không tìm thấy:[/] {escape(str(e))}")
        return 1
    except DocumentNotFound as e:
        maybe = ", ".join(e.suggestions) or "—"
        err.print(f"[bold red]Không có văn bản[/] {escape(e.doc_id)}; có thể là: {escape(maybe)}")
        return 1
    _write_downloads(result, args, err)
    if args.json:
        sys.stdout.write(result.model_dump_json(indent=2, by_alias=True) + "\n")
    else:
        _print(result, out, args)
    return 0


def _write_downloads(result: BaseModel, args: argparse.Namespace, err: Console) -> None:
    """`--csv FILE` / `--xlsx FILE`: the rows of a coverage or implementers answer."""
    if isinstance(result, CoverageResult):
        table = coverage_table(result)
    elif isinstance(result, ImplementersResult):
        table = implementers_table(result)
    else:
        return
    for path, write in ((getattr(args, "csv", None), to_csv), (getattr(args, "xlsx", None), to_xlsx)):
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(write(table))
            err.print(f"đã ghi {len(table[1])} dòng vào {escape(str(path))}")


def from_file(q: NetworkxQueries, text: str) -> str | None:
    """The document ingested from the file at path `text` (its source path is a suffix of the path)."""
    path = Path(text)
    if not path.is_file():
        return None
    parts = path.resolve().parts
    best: tuple[int, str] | None = None
    for doc_id in q.doc_ids:
        source = q.graph.nodes[doc_id].get("source")
        if not source:
            continue
        tail = Path(source).parts
        if len(tail) <= len(parts) and parts[-len(tail):] == tail and (best is None or len(tail) > best[0]):
            best = (len(tail), doc_id)
    return best[1] if best else None


def pick(q: NetworkxQueries, text: str, err: Console) -> str:
    """The document id QUERY stands for: the id itself, the document of an ingested file, else the best
    `resolve` candidate."""
    if text in q.summaries:
        return text
    ingested = from_file(q, text)
    if ingested is not None:
        return ingested
    found = q.resolve(text, limit=6)
    if not found.candidates:
        raise DocumentNotFound(text, q.suggestions(text))
    best = found.candidates[0].document
    if found.ambiguous:
        others = "; ".join(f"{c.document.label} ({c.document.id})" for c in found.candidates[1:])
        err.print(f"[yellow]Nhiều văn bản khớp với {escape(repr(text))}:[/] "
                  f"đã chọn {escape(best.label)} ({best.id}); khác: {escape(others)}")
    return best.id


# ---------------------------------------------------------------- handlers


def _resolve(args: argparse.Namespace, q: NetworkxQueries, out: Console) -> BaseModel:
    result = q.resolve(args.text, limit=args.limit)
    if not result.candidates:
        raise NotFound(repr(args.text))
    return result


def _search(args: argparse.Namespace, q: NetworkxQueries, out: Console) -> BaseModel:
    return q.search(args.text, doc_type=args.doc_type, level=args.level, province=args.province,
                    year=args.year, offset=args.offset, limit=args.limit)


def _document(args: argparse.Namespace, q: NetworkxQueries, out: Console) -> BaseModel:
    return q.document(pick(q, args.query, args.err))


def _implementers(args: argparse.Namespace, q: NetworkxQueries, out: Console) -> BaseModel:
    return q.implementers(pick(q, args.query, args.err), transitive=not args.direct, max_depth=args.max_depth,
                          level=args.level, province=args.province, limit=args.limit)


def _lineage(args: argparse.Namespace, q: NetworkxQueries, out: Console) -> BaseModel:
    return q.lineage(pick(q, args.query, args.err), max_depth=args.max_depth)


def _descendants(args: argparse.Namespace, q: NetworkxQueries, out: Console) -> BaseModel:
    return q.descendants(pick(q, args.query, args.err), max_depth=args.max_depth)


def _coverage(args: argparse.Namespace, q: NetworkxQueries, out: Console) -> BaseModel:
    status: CoverageStatus = args.status or ("uncovered" if args.uncovered else "all")
    args.status = status
    return q.coverage(pick(q, args.query, args.err), level=args.level, province=args.province,
                      map_year=args.map_year, status=status, overdue_days=args.overdue_days)


def _stats(args: argparse.Namespace, q: NetworkxQueries, out: Console) -> BaseModel:
    return q.stats(top=args.top, offset=args.offset, limit=args.limit)
