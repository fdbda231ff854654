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
import importlib.util
import json
from pathlib import Path
from typing import Any
from urllib.parse import quote

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from queries.interface import DocumentNotFound, GraphQueries
from queries.models import GraphNode, Neighbourhood
from queries.palette import (
    EDGES,
    FAMILIES,
    FOCUS_HIGHLIGHT,
    LEVELS,
    ORGANIZATION_FILL,
    level_style,
    type_style,
)

PACKAGE_DIR = Path(__file__).resolve().parent
TEMPLATES_DIR = PACKAGE_DIR / "templates"
STATIC_DIR = PACKAGE_DIR / "static"
# Found without importing pyvis (it brings IPython: 0.4 s of every service start); imported when drawing.
_PYVIS = importlib.util.find_spec("pyvis")
VIS_DIR = Path(str(_PYVIS.origin if _PYVIS else "pyvis/__init__.py")).resolve().parent / "lib" / "vis-9.1.2"

# Colours, ring widths, sizes and names come from the one palette (shared with the Neo4j style).
LAYOUTS = ("force", "levels")

VIS_OPTIONS: dict[str, Any] = {
    "layout": {"randomSeed": 7, "improvedLayout": True},
    "physics": {"stabilization": {"iterations": 300},
                "barnesHut": {"springLength": 150, "avoidOverlap": 0.4, "gravitationalConstant": -3500,
                              "centralGravity": 0.5}},
    "interaction": {"hover": True, "tooltipDelay": 120, "keyboard": {"enabled": True, "bindToWindow": False}},
    "edges": {"smooth": False},
    "nodes": {"font": {"size": 14, "color": "#1d2433", "strokeWidth": 3, "strokeColor": "#ffffff"}},
}
# The layout by level: central on top, then province, district, commune, schools.
LEVELS_LAYOUT: dict[str, Any] = {
    "hierarchical": {"enabled": True, "direction": "UD", "sortMethod": "directed", "shakeTowards": "roots",
                     "levelSeparation": 130, "nodeSpacing": 190, "treeSpacing": 220},
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
        lines.append(card_kind(node))
    return "\n".join(lines)


def card_kind(node: GraphNode) -> str:
    """`Kế hoạch · cấp Tỉnh`, with a note when the document's own text was not read."""
    kind = f"{type_style(node.doc_type).name} · cấp {level_style(node.level).name}"
    return kind + ("" if node.ingested else " · chưa có văn bản gốc")


def node_style(node: GraphNode, focus: str) -> dict[str, Any]:
    """vis-network attributes: fill by type family, ring colour and width and size by level, dashed ring
    when the document was only referenced; the focus node larger with a yellow halo."""
    if node.kind != "document":
        return {"shape": "box", "color": {"background": ORGANIZATION_FILL, "border": "#888888"}, "level": 5}
    fill = type_style(node.doc_type).fill
    lv = level_style(node.level)
    is_focus = node.id == focus
    style: dict[str, Any] = {
        "shape": "dot",
        "size": lv.size + (12 if is_focus else 0),
        "borderWidth": lv.ring_width,
        "borderWidthSelected": lv.ring_width + 2,
        "level": lv.rank,
        "color": {"background": fill, "border": lv.ring,
                  "highlight": {"background": fill, "border": FOCUS_HIGHLIGHT},
                  "hover": {"background": fill, "border": lv.ring}},
    }
    if is_focus:
        style["font"] = {"size": 17, "bold": True, "vadjust": 0}
        style["shadow"] = {"enabled": True, "color": FOCUS_HIGHLIGHT, "size": 16, "x": 0, "y": 0}
    if not node.ingested:
        style["shapeProperties"] = {"borderDashes": [4, 3]}
    return style


def network_data(nbh: Neighbourhood, link_base: str | None = "", layout: str = "force") -> dict[str, Any]:
    """Nodes, edges and options for vis-network, built with pyvis (titles escaped, order kept)."""
    from pyvis.network import Network  # heavy (IPython): only when a graph is drawn

    net = Network(directed=True)
    for node in nbh.nodes:
        net.add_node(
            node.id, label=node.label, title=html.escape(tooltip_text(node), quote=True),
            url=document_url(node.id, link_base) if node.kind == "document" else None,
            doc_type=node.doc_type, issuer_level=node.level,
            card={"label": node.label, "title": node.title or "", "kind": card_kind(node)},
            **node_style(node, nbh.focus),
        )
    drawn = {node.id for node in nbh.nodes}
    for edge in nbh.edges:
        if edge.source not in drawn or edge.target not in drawn:
            continue  # a bound cut the other end off
        style = EDGES.get(edge.type, EDGES["CITES"])
        net.add_edge(
            edge.source, edge.target, title=html.escape(style.name), arrows="to", color=style.colour,
            dashes=list(style.dashes) if style.dashes else False, width=style.width, etype=edge.type,
        )
    options = dict(VIS_OPTIONS)
    if layout == "levels":
        options = {**options, "layout": LEVELS_LAYOUT, "physics": {"enabled": False}}
    return {
        "focus": nbh.focus, "depth": nbh.depth, "truncated": nbh.truncated, "layout": layout,
        "nodes": net.nodes, "edges": net.edges, "options": options,
        "edge_types": sorted({e.type for e in nbh.edges}),
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
    """The legend of the graph page and file: fill by type family, ring by level, edge patterns."""
    return {
        "families": [(f.fill, f.name) for f in FAMILIES.values()],
        "levels": [(lv.ring, lv.ring_width, lv.size, lv.name) for lv in LEVELS.values()],
        "edges": [(EDGES[t].colour, EDGES[t].width, " ".join(map(str, EDGES[t].dashes)), EDGES[t].name, t)
                  for t in ("IMPLEMENTS", "CITES", "AMENDS", "REPEALS")],
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
