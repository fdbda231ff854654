"""The interactive citation graph: pyvis nodes and edges for a neighbourhood, and offline HTML files.

Both the graph page of the service and `cpgraph view` use `network_data()`. pyvis builds the node
and edge dicts; its own HTML template is not used, because it links Bootstrap from a CDN and sets
tooltips with `innerHTML`. Instead the data go into a JSON block read by `static/graph.js`, with
vis-network taken from the files inside the pyvis package (served by the app, or inlined here).

Every string from a document is HTML-escaped before it reaches pyvis (tooltip titles), and the
JSON block escapes `<`, `>` and `&`, so a title such as `<img src=x onerror=alert(1)>` stays text.
"""
from __future__ import annotations

import html
import json
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pyvis
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup
from pyvis.network import Network

from queries.interface import DocumentNotFound, GraphQueries
from queries.models import GraphNode, Neighbourhood

PACKAGE_DIR = Path(__file__).resolve().parent
TEMPLATES_DIR = PACKAGE_DIR / "templates"
STATIC_DIR = PACKAGE_DIR / "static"
VIS_DIR = Path(pyvis.__file__).resolve().parent / "lib" / "vis-9.1.2"

# Fill colour and Vietnamese name of each doc_type (CONTRACT.md vocabulary).
DOC_TYPE_STYLE: dict[str, tuple[str, str]] = {
    "chi_thi": ("#d62728", "Chỉ thị"),
    "nghi_quyet": ("#9467bd", "Nghị quyết"),
    "luat": ("#8c564b", "Luật"),
    "nghi_dinh": ("#e377c2", "Nghị định"),
    "quyet_dinh": ("#ff7f0e", "Quyết định"),
    "thong_tu": ("#bcbd22", "Thông tư"),
    "ke_hoach": ("#1f77b4", "Kế hoạch"),
    "cong_van": ("#17becf", "Công văn"),
    "thong_bao": ("#7f7f7f", "Thông báo"),
    "ket_luan": ("#aa7744", "Kết luận"),
    "chuong_trinh": ("#2ca02c", "Chương trình"),
    "de_an": ("#98df8a", "Đề án"),
    "huong_dan": ("#aec7e8", "Hướng dẫn"),
    "bao_cao": ("#c5b0d5", "Báo cáo"),
    "cong_dien": ("#ff9896", "Công điện"),
    "van_ban_hop_nhat": ("#c49c94", "Văn bản hợp nhất"),
    "cong_uoc": ("#393b79", "Công ước"),
    "other": ("#cccccc", "Văn bản khác"),
}
ORGANIZATION_COLOUR = "#eeeeee"

# Border colour and Vietnamese name of each level of the issuing body.
LEVEL_STYLE: dict[str, tuple[str, str]] = {
    "central": ("#000000", "Trung ương"),
    "province": ("#b8860b", "Tỉnh"),
    "district": ("#2e8b57", "Huyện"),
    "commune": ("#6a5acd", "Xã"),
    "unit": ("#999999", "Đơn vị"),
}
UNKNOWN_LEVEL_COLOUR = "#555555"

EDGE_STYLE: dict[str, tuple[str, str]] = {
    "IMPLEMENTS": ("#1f3b73", "Thực hiện"),
    "CITES": ("#a0a0a0", "Trích dẫn"),
    "AMENDS": ("#b22222", "Sửa đổi"),
    "REPEALS": ("#000000", "Bãi bỏ"),
    "ISSUED_BY": ("#dddddd", "Ban hành bởi"),
    "PART_OF": ("#dddddd", "Trực thuộc"),
}

VIS_OPTIONS: dict[str, Any] = {
    "layout": {"randomSeed": 7, "improvedLayout": True},
    "physics": {"stabilization": {"iterations": 200}, "barnesHut": {"springLength": 140}},
    "interaction": {"hover": True, "tooltipDelay": 120},
    "edges": {"smooth": False},
}


def document_url(doc_id: str, link_base: str | None) -> str | None:
    """Where a click on a node goes: `{link_base}/documents/{id}`, or nowhere without a base."""
    if link_base is None:
        return None
    return f"{link_base.rstrip('/')}/documents/{quote(doc_id, safe='')}"


def tooltip_text(node: GraphNode) -> str:
    """Plain text of a node's hover box: label, title, and the kind of node."""
    lines = [node.label]
    if node.title and node.title != node.label:
        lines.append(node.title)
    if node.kind == "document":
        type_name = DOC_TYPE_STYLE.get(node.doc_type or "other", DOC_TYPE_STYLE["other"])[1]
        level_name = LEVEL_STYLE[node.level][1] if node.level in LEVEL_STYLE else "?"
        lines.append(f"{type_name} · cấp {level_name}" + ("" if node.ingested else " · chưa có văn bản"))
    return "\n".join(lines)


def node_style(node: GraphNode, focus: str) -> dict[str, Any]:
    """vis-network attributes of a node: fill by doc_type, border by level, dashed when not ingested."""
    if node.kind != "document":
        return {"shape": "box", "color": {"background": ORGANIZATION_COLOUR, "border": "#888888"}}
    fill = DOC_TYPE_STYLE.get(node.doc_type or "other", DOC_TYPE_STYLE["other"])[0]
    border = LEVEL_STYLE.get(node.level or "", (UNKNOWN_LEVEL_COLOUR, ""))[0]
    style: dict[str, Any] = {
        "shape": "dot",
        "size": 26 if node.id == focus else 14,
        "borderWidth": 4 if node.id == focus else 3,
        "color": {"background": fill, "border": border,
                  "highlight": {"background": fill, "border": "#ffcc00"}},
    }
    if not node.ingested:
        style["shapeProperties"] = {"borderDashes": [4, 3]}
    return style


def network_data(nbh: Neighbourhood, link_base: str | None = "") -> dict[str, Any]:
    """Nodes, edges and options for vis-network, built with pyvis (titles escaped, order kept)."""
    net = Network(directed=True)
    for node in nbh.nodes:
        net.add_node(
            node.id, label=node.label, title=html.escape(tooltip_text(node), quote=True),
            url=document_url(node.id, link_base) if node.kind == "document" else None,
            doc_type=node.doc_type, **node_style(node, nbh.focus),
        )
    drawn = {node.id for node in nbh.nodes}
    for edge in nbh.edges:
        if edge.source not in drawn or edge.target not in drawn:
            continue  # a bound cut the other end off
        colour, name = EDGE_STYLE.get(edge.type, ("#a0a0a0", edge.type))
        net.add_edge(
            edge.source, edge.target, title=html.escape(name), arrows="to", color=colour,
            dashes=edge.type == "CITES", width=2 if edge.type == "IMPLEMENTS" else 1,
        )
    return {
        "focus": nbh.focus, "depth": nbh.depth, "truncated": nbh.truncated,
        "nodes": net.nodes, "edges": net.edges, "options": VIS_OPTIONS,
    }


# Characters that could end a <script> block or confuse an HTML parser inside JSON.
_SCRIPT_UNSAFE = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def json_for_script(data: Any) -> Markup:
    """JSON safe to place inside `<script type="application/json">` (no `</script>` possible)."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    for char, escaped in _SCRIPT_UNSAFE.items():
        text = text.replace(char, escaped)
    return Markup(text)


def legend() -> dict[str, Any]:
    """Colours and names for the legend of the graph page and file."""
    return {
        "types": [(colour, name) for colour, name in DOC_TYPE_STYLE.values()],
        "levels": [(colour, name) for colour, name in LEVEL_STYLE.values()],
        "edges": [EDGE_STYLE[t] for t in ("IMPLEMENTS", "CITES", "AMENDS", "REPEALS")],
    }


def template_env() -> Environment:
    """The Jinja2 environment of the pages (autoescape on for every template)."""
    return Environment(
        loader=FileSystemLoader(TEMPLATES_DIR),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True, lstrip_blocks=True,
    )


def standalone_html(nbh: Neighbourhood, heading: str, link_base: str | None = None) -> str:
    """A self-contained offline HTML file: vis-network, its CSS and graph.js inlined, no external URL."""
    env = template_env()
    return env.get_template("graph_standalone.html").render(
        heading=heading, data=json_for_script(network_data(nbh, link_base)), legend=legend(),
        nbh=nbh,
        vis_css=Markup(_inline_safe((VIS_DIR / "vis-network.css").read_text(encoding="utf-8"), "style")),
        vis_js=Markup(_inline_safe((VIS_DIR / "vis-network.min.js").read_text(encoding="utf-8"), "script")),
        graph_js=Markup(_inline_safe((STATIC_DIR / "graph.js").read_text(encoding="utf-8"), "script")),
        page_css=Markup(_inline_safe((STATIC_DIR / "style.css").read_text(encoding="utf-8"), "style")),
    )


def _inline_safe(code: str, tag: str) -> str:
    """Library code placed inline must not close its own element early."""
    closing = f"</{tag}"
    if closing in code.lower():
        code = code.replace(closing, f"<\\/{tag}").replace(closing.upper(), f"<\\/{tag.upper()}")
    return code


def focus_id(queries: GraphQueries, query: str) -> str:
    """The document a `cpgraph view QUERY` means: an exact id, else the best resolve() candidate."""
    try:
        return queries.document(query).document.id
    except DocumentNotFound:
        pass
    candidates = queries.resolve(query, limit=1).candidates
    if not candidates:
        raise DocumentNotFound(query, [])
    return candidates[0].document.id


def write_view(queries: GraphQueries, query: str, depth: int, output: Path,
               link_base: str | None = None, limit: int = 300) -> Neighbourhood:
    """Write the offline graph file of the neighbourhood of `query`; returns what was drawn."""
    nbh = queries.neighbourhood(focus_id(queries, query), depth=depth, limit=limit)
    focus = next((n for n in nbh.nodes if n.id == nbh.focus), None)
    heading = f"Đồ thị quan hệ: {focus.label if focus else nbh.focus}"
    Path(output).write_text(standalone_html(nbh, heading, link_base), encoding="utf-8")
    return nbh
