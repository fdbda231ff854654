"""The Neo4j Browser style (GRASS), made from the one palette (`queries.palette`) the web graph uses.

Node fill by document type family, border colour and width and diameter by the issuing level, captions
from the loader's `caption` property (số hiệu + a short issuer: `145/KH-UBND · UBND Quảng Ngãi`);
relationship captions are the palette's short Vietnamese names (`Thực hiện`, `Trích dẫn`), literal text.
`queries/neo4j_files/style.grass` is this output (a test keeps them equal) for the Docker deployment.
"""
from __future__ import annotations

from queries.cypher import LEVEL_LABELS, TYPE_LABELS
from queries.palette import DOC_TYPES, EDGES, FAMILIES, LEVELS, ORGANIZATION_FILL

UNIT_FILL = "#FFFFFF"
UNIT_BORDER = "#5B2C83"


def diameter(size: int) -> int:
    """Browser diameter of a level's node: room for a two-line caption, shrinking downwards."""
    return 40 + 2 * size


def render_style() -> str:
    lines = [  # no comments: the Browser's GRASS parser does not take them
        "node { diameter: 60px; color: #DDDDDD; border-color: #767676; border-width: 2px; "
        'text-color-internal: #000000; font-size: 9px; caption: "{caption}"; }',
        "relationship { color: #6B6B6B; shaft-width: 1px; font-size: 8px; padding: 3px; "
        'text-color-external: #000000; text-color-internal: #FFFFFF; caption: ""; }',
        'node.Document { caption: "{caption}"; }',
    ]
    for doc_type, label in TYPE_LABELS.items():
        family = FAMILIES[DOC_TYPES.get(doc_type, DOC_TYPES["other"]).family]
        lines.append(f"node.{label} {{ color: {family.fill}; text-color-internal: {family.text}; }}")
    lines.append(f"node.Organization {{ color: {ORGANIZATION_FILL}; border-color: #767676; "
                 f'text-color-internal: #000000; diameter: 50px; caption: "{{caption}}"; }}')
    for level, label in LEVEL_LABELS.items():
        style = LEVELS[level]
        lines.append(f"node.{label} {{ border-color: {style.ring}; border-width: {style.ring_width}px; "
                     f"diameter: {diameter(style.size)}px; }}")
    lines.append(f"node.Unit {{ color: {UNIT_FILL}; border-color: {UNIT_BORDER}; border-width: 2px; "
                 f'text-color-internal: #000000; diameter: 55px; caption: "{{name}}"; }}')
    for edge_type, edge in EDGES.items():
        lines.append(f"relationship.{edge_type} {{ color: {edge.colour}; shaft-width: {edge.width}px; "
                     f'caption: "{edge.name}"; }}')
    return "\n".join(lines) + "\n"


__all__ = ["render_style"]
