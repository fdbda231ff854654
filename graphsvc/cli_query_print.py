"""Readable output of `cpgraph query …`: rich tables with Vietnamese headers."""
from __future__ import annotations

import argparse
from collections.abc import Callable

from pydantic import BaseModel
from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text
from rich.tree import Tree

from queries.models import (
    CoverageResult,
    CoverageUnit,
    DescendantsResult,
    DocSummary,
    DocumentDetail,
    ImplementersResult,
    LineageResult,
    ResolveResult,
    SearchResult,
    StatsResult,
    TreeNode,
)

MATCHED_WIDTH = 60  # a matched title longer than this is cut in the resolve table

# ---------------------------------------------------------------- readable output


def _print(result: BaseModel, out: Console, args: argparse.Namespace) -> None:
    if isinstance(result, CoverageResult):
        print_coverage(result, out, uncovered_only=args.uncovered)
        return
    printers: dict[type, Callable[..., None]] = {
        ResolveResult: print_resolve, DocumentDetail: print_document, ImplementersResult: print_implementers,
        LineageResult: print_lineage, DescendantsResult: print_descendants, StatsResult: print_stats,
        SearchResult: print_search,
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
    """Covered units (status all), the units without any document (uncovered), or the rows of a status."""
    level = LEVEL_NAMES[result.level]
    scope = f" thuộc {result.province}" if result.province else ""
    out.print(f"[bold]Độ phủ của {escape(result.target.label)}[/] (ngày {result.target.date or '?'}, "
              f"bản đồ {result.map}), cấp {level}{escape(scope)}: {result.covered}/{result.total} đơn vị "
              "có văn bản thực hiện" + (f"; {result.overdue} đơn vị trễ hạn ({result.overdue_days} ngày)"
                                        if result.overdue is not None else ""))
    if result.level != "province" and len(result.provinces) > 1:
        print_breakdown(result, out)
    if result.status in ("covered", "overdue"):
        print_status_rows(result, out)
        return
    uncovered_only = uncovered_only or result.status == "uncovered"
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
    out.print("Các đơn vị chưa có văn bản: thêm --status uncovered"
              + ("; các đơn vị trễ hạn: --status overdue." if result.overdue_days is not None else "."))


def print_breakdown(result: CoverageResult, out: Console) -> None:
    """The per-province table: units, covered, %, first plan, median lag (, late)."""
    late = result.overdue_days is not None
    table = Table(title="Theo tỉnh/thành phố", title_justify="left")
    for header in ("Tỉnh/thành phố", "Đơn vị", "Có kế hoạch", "%", "Kế hoạch đầu tiên", "Trung vị (ngày)",
                   *(("Trễ hạn",) if late else ())):
        table.add_column(header)
    for p in result.provinces:
        median = "" if p.median_lag_days is None else f"{p.median_lag_days:g}"
        _row(table, p.province, str(p.units), str(p.covered), f"{p.percent:.1f}", p.first_date or "", median,
             *((str(p.overdue),) if late else ()))
    out.print(table)


def print_status_rows(result: CoverageResult, out: Console) -> None:
    table = Table(title=f"Đơn vị ({result.shown})", title_justify="left")
    for header in ("Mã", "Tỉnh", "Huyện", "Đơn vị", "Văn bản", "Ngày đầu tiên", "Sau (ngày)", "Trễ hạn"):
        table.add_column(header)
    for u in result.units:
        late = "" if u.overdue is None else ("có" if u.overdue else "không")
        _row(table, u.code, u.province, u.district or "", u.name, "; ".join(d.label for d in u.documents),
             u.first_date or "", "" if u.lag_days is None else str(u.lag_days), late)
    out.print(table)


def print_search(result: SearchResult, out: Console) -> None:
    end = result.offset + len(result.items)
    table = Table(title=Text(f"{result.total} văn bản cho {result.query!r} "
                             f"(hiển thị {result.offset + 1 if result.items else 0}–{end})"),
                  title_justify="left")
    for header in ("Văn bản", "Loại", "Cơ quan ban hành", "Cấp", "Tỉnh", "Ngày", "Khớp ở", "Id"):
        table.add_column(header)
    for hit in result.items:
        d = hit.document
        _row(table, d.label, d.type_name, d.issuer_name or "", d.level_name, d.province or "", d.date or "",
             hit.matched, d.id)
    out.print(table)
    if end < result.total:
        out.print(f"Còn {result.total - end} văn bản: thêm --offset {end}.")


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
            _row(table, item.name or item.key, str(item.count))
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
