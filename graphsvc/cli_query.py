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

from pydantic import BaseModel
from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text
from rich.tree import Tree

from graphsvc.cli_common import add_data_dir, data_dir_of
from queries.interface import MAX_DEPTH, DocumentNotFound
from queries.models import (
    CoverageResult,
    CoverageUnit,
    DescendantsResult,
    DocSummary,
    DocumentDetail,
    ImplementersResult,
    LineageResult,
    ResolveResult,
    StatsResult,
    TreeNode,
)
from queries.networkx_backend import NetworkxQueries

LEVELS = ("province", "district", "commune")
WIDE = 200  # console width when the output is not a terminal (pipes, tests): no wrapped cells
MATCHED_WIDTH = 60  # a matched title longer than this is cut in the resolve table


class NotFound(Exception):
    """Nothing matched QUERY (message ready for the user)."""


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `cpgraph query …` to the `cpgraph` parser."""
    query = commands.add_parser("query", help="ask the graph: implementers, lineage, coverage, …")
    sub = query.add_subparsers(dest="query_command", required=True, metavar="QUERY_COMMAND")

    p = _leaf(sub, "resolve", "find documents by number, symbol, type or title", _resolve)
    p.add_argument("text", metavar="TEXT")
    p.add_argument("--limit", type=int, default=10)

    p = _leaf(sub, "document", "one document: metadata, relations and their evidence", _document)
    p.add_argument("query", metavar="QUERY")

    p = _leaf(sub, "implementers", "documents implementing QUERY, with their chains", _implementers)
    p.add_argument("query", metavar="QUERY")
    p.add_argument("--direct", action="store_true", help="only documents implementing it directly")
    p.add_argument("--max-depth", type=int, default=6, help=f"levels down (at most {MAX_DEPTH})")
    p.add_argument("--level", choices=LEVELS, help="only documents issued at this level")
    p.add_argument("--province", help="only documents of this province")
    p.add_argument("--limit", type=int, default=500)

    p = _leaf(sub, "lineage", "every IMPLEMENTS chain from QUERY up to the root documents", _lineage)
    p.add_argument("query", metavar="QUERY")
    p.add_argument("--max-depth", type=int, default=8)

    p = _leaf(sub, "descendants", "the documents implementing QUERY, as a tree", _descendants)
    p.add_argument("query", metavar="QUERY")
    p.add_argument("--max-depth", type=int, default=4)

    p = _leaf(sub, "coverage", "which provinces/districts/communes implement QUERY", _coverage)
    p.add_argument("query", metavar="QUERY")
    p.add_argument("--level", choices=LEVELS, default="province")
    p.add_argument("--province", help="only the units of this province")
    p.add_argument("--uncovered", action="store_true", help="list the units without any document")

    p = _leaf(sub, "stats", "counts, most cited, missing documents, flagged conflicts", _stats)
    p.add_argument("--top", type=int, default=20)


Handler = Callable[[argparse.Namespace, NetworkxQueries, Console], BaseModel]


def _leaf(sub: argparse._SubParsersAction, name: str, help_text: str,  # type: ignore[type-arg,unused-ignore]
          handler: Handler) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = sub.add_parser(name, help=help_text)
    add_data_dir(parser)
    parser.add_argument("--json", action="store_true", help="print the answer as JSON")
    parser.set_defaults(handler=lambda args: _run(args, handler))
    return parser


def _run(args: argparse.Namespace, handler: Handler) -> int:
    out = Console(width=None if sys.stdout.isatty() else WIDE, highlight=False)
    err = Console(stderr=True, width=None if sys.stderr.isatty() else WIDE, highlight=False)
    q = NetworkxQueries.from_data_dir(data_dir_of(args))
    args.err = err
    try:
        result = handler(args, q, out)
    except NotFound as e:
        err.print(f"[bold red]Không tìm thấy:[/] {escape(str(e))}")
        return 1
    except DocumentNotFound as e:
        maybe = ", ".join(e.suggestions) or "—"
        err.print(f"[bold red]Không có văn bản[/] {escape(e.doc_id)}; có thể là: {escape(maybe)}")
        return 1
    if args.json:
        sys.stdout.write(result.model_dump_json(indent=2, by_alias=True) + "\n")
    else:
        _print(result, out, args)
    return 0


def pick(q: NetworkxQueries, text: str, err: Console) -> str:
    """The document id QUERY stands for: the id itself, else the best `resolve` candidate."""
    if text in q.summaries:
        return text
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
    result = q.coverage(pick(q, args.query, args.err), level=args.level, province=args.province)
    if args.uncovered:
        result.units = [u for u in result.units if not u.covered]
    return result


def _stats(args: argparse.Namespace, q: NetworkxQueries, out: Console) -> BaseModel:
    return q.stats(top=args.top)


# ---------------------------------------------------------------- readable output


def _print(result: BaseModel, out: Console, args: argparse.Namespace) -> None:
    if isinstance(result, CoverageResult):
        print_coverage(result, out, uncovered_only=args.uncovered)
        return
    printers: dict[type, Callable[..., None]] = {
        ResolveResult: print_resolve, DocumentDetail: print_document, ImplementersResult: print_implementers,
        LineageResult: print_lineage, DescendantsResult: print_descendants, StatsResult: print_stats,
    }
    printers[type(result)](result, out)


def _row(table: Table, *cells: str) -> None:
    """A table row of plain text (document text is never read as rich markup)."""
    table.add_row(*(Text(c) for c in cells))


def _doc_line(doc: DocSummary) -> str:
    """`Kế hoạch 121/KH-UBND · UBND huyện Hà Trung · 2024-05-09`."""
    parts = [doc.label]
    if doc.issuer_name and doc.issuer_name not in doc.label:
        parts.append(doc.issuer_name)
    if doc.date and doc.date[:7] not in doc.label:
        parts.append(doc.date)
    return " · ".join(parts)


def print_resolve(result: ResolveResult, out: Console) -> None:
    table = Table(title=Text(f"Kết quả cho {result.query!r}"), title_justify="left")
    for header in ("#", "Điểm", "Văn bản", "Khớp với", "Cơ quan ban hành", "Ngày", "Id"):
        table.add_column(header)
    for i, c in enumerate(result.candidates, 1):
        d = c.document
        matched = c.matched if len(c.matched) <= MATCHED_WIDTH else c.matched[:MATCHED_WIDTH - 1] + "…"
        _row(table, str(i), f"{c.score:.3f}", d.label, matched, d.issuer_name or "", d.date or "", d.id)
    out.print(table)
    if result.ambiguous:
        out.print("[yellow]Chưa rõ ràng:[/] nhiều văn bản khớp gần như nhau.")


def print_document(result: DocumentDetail, out: Console) -> None:
    d = result.document
    out.print(f"[bold]{escape(d.label)}[/] ({escape(d.id)})")
    fields = [("Trích yếu", d.title), ("Ngày", d.date), ("Cơ quan ban hành", d.issuer_name), ("Cấp", d.level),
              ("Địa bàn", ", ".join(x for x in (d.commune, d.district, d.province) if x)),
              ("Tệp nguồn", result.source), ("Cảnh báo", ", ".join(d.flags)),
              ("Đã đọc văn bản", "có" if d.ingested else "không (chỉ được dẫn chiếu)")]
    for name, value in fields:
        if value:
            out.print(Text(f"  {name}: {value}"))
    sides = (("Văn bản này dẫn chiếu", result.outgoing), ("Được dẫn chiếu bởi", result.incoming))
    for title, relations in sides:
        table = Table(title=title, title_justify="left")
        for header in ("Quan hệ", "Văn bản", "Id", "Câu làm chứng"):
            table.add_column(header)
        for r in relations:
            evidence = " | ".join(e.text for e in r.evidence)
            _row(table, r.type, _doc_line(r.other), r.other.id, evidence)
        out.print(table)


def print_implementers(result: ImplementersResult, out: Console) -> None:
    how = "trực tiếp" if not result.transitive else f"đến {result.max_depth} cấp"
    table = Table(title=Text(f"Văn bản thực hiện {result.target.label} ({how})"), title_justify="left")
    for header in ("Cấp sâu", "Văn bản", "Cơ quan ban hành", "Ngày", "Chuỗi thực hiện"):
        table.add_column(header)
    labels = {i.document.id: i.document.label for i in result.items}
    labels[result.target.id] = result.target.label
    for i in result.items:
        chain = " → ".join(labels.get(x, x) for x in i.chain)
        d = i.document
        _row(table, str(i.depth), d.label, d.issuer_name or "", d.date or "", chain)
    out.print(table)
    out.print(f"{len(result.items)} văn bản" + (" (đã cắt bớt)" if result.truncated else ""))


def print_lineage(result: LineageResult, out: Console) -> None:
    out.print(f"[bold]Các chuỗi từ {escape(result.document.label)} lên văn bản gốc[/]")
    for chain in result.chains:
        out.print(Text("  " + " → ".join(result.nodes[x].label for x in chain)))
    roots = ", ".join(result.nodes[r].label for r in result.roots)
    out.print(Text(f"Văn bản gốc: {roots}" + (" (đã cắt bớt)" if result.truncated else "")))


def print_descendants(result: DescendantsResult, out: Console) -> None:
    tree = Tree(Text(_doc_line(result.root.document), style="bold"))

    def add(branch: Tree, node: TreeNode) -> None:
        for child in node.children:
            add(branch.add(Text(_doc_line(child.document))), child)

    add(tree, result.root)
    out.print(tree)
    out.print(f"{result.count} văn bản" + (" (đã cắt bớt)" if result.truncated else ""))


LEVEL_NAMES = {"province": "tỉnh", "district": "huyện", "commune": "xã"}


def print_coverage(result: CoverageResult, out: Console, uncovered_only: bool = False) -> None:
    """Covered units (default) or the units without any document (`--uncovered`)."""
    level = LEVEL_NAMES[result.level]
    scope = f" thuộc {result.province}" if result.province else ""
    out.print(f"[bold]Độ phủ của {escape(result.target.label)}[/] (ngày {result.target.date or '?'}), "
              f"cấp {level}{escape(scope)}: {result.covered}/{result.total} đơn vị có văn bản thực hiện")
    communes = result.level == "commune"
    place = ("Tỉnh", "Huyện", "Đơn vị") if communes else ("Tỉnh", "Đơn vị")

    def where(u: CoverageUnit) -> tuple[str, ...]:
        return (u.province, u.district or "", u.name) if communes else (u.province, u.name)

    if uncovered_only:
        units = [u for u in result.units if not u.covered]
        table = Table(title=f"Đơn vị chưa có văn bản ({len(units)})", title_justify="left")
        for header in ("Mã", *place, "Đơn vị từ 7/2025"):
            table.add_column(header)
        for u in units:
            _row(table, u.code, *where(u), u.successor_2025 or "")
        out.print(table)
        return
    table = Table(title="Đơn vị có văn bản thực hiện", title_justify="left")
    for header in (*place, "Văn bản", "Ngày đầu tiên", "Sau (ngày)", "Đơn vị từ 7/2025"):
        table.add_column(header)
    for u in result.units:
        if u.covered:
            docs = "; ".join(d.label for d in u.documents)
            lag = "" if u.lag_days is None else str(u.lag_days)
            _row(table, *where(u), docs, u.first_date or "", lag, u.successor_2025 or "")
    out.print(table)
    if result.unmatched:
        out.print(Text("Văn bản không khớp đơn vị nào trong danh mục: "
                       + "; ".join(_doc_line(d) for d in result.unmatched)))
    out.print("Các đơn vị chưa có văn bản: thêm --uncovered.")


def print_stats(result: StatsResult, out: Console) -> None:
    edges = ", ".join(f"{k} {v}" for k, v in result.edges.items())
    out.print(f"[bold]{result.documents} văn bản, {result.organizations} cơ quan[/]; "
              f"quan hệ: {escape(edges) or '0'}")
    counts = (("Theo loại", result.by_type), ("Theo cấp", result.by_level), ("Theo năm", result.by_year))
    for title, items in counts:
        table = Table(title=title, title_justify="left")
        table.add_column("Giá trị")
        table.add_column("Số văn bản", justify="right")
        for item in items:
            _row(table, item.key, str(item.count))
        out.print(table)
    for title, cited in (("Được dẫn chiếu nhiều nhất", result.most_cited),
                         ("Được dẫn chiếu nhưng chưa có trong kho (cần thu thập)", result.missing)):
        table = Table(title=title, title_justify="left")
        for header in ("Văn bản", "Id", "Số văn bản dẫn chiếu"):
            table.add_column(header)
        for c in cited:
            _row(table, _doc_line(c.document), c.document.id, str(c.count))
        out.print(table)
    if result.conflicts:
        table = Table(title="Văn bản có cảnh báo", title_justify="left")
        for header in ("Văn bản", "Id", "Cảnh báo"):
            table.add_column(header)
        for d in result.conflicts:
            _row(table, _doc_line(d), d.id, ", ".join(d.flags))
        out.print(table)
