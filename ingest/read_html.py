"""Text of an HTML page: selectolax (lexbor) parse, scripts and styles dropped, blocks as lines.

The bytes are decoded like a text file (`read_text.decode_bytes`: old portals serve TCVN3/VNI pages
too). Entities are decoded by the parser. Source whitespace inside a block collapses to one space, as a
browser shows it; block elements, `<br>` and table cells end a line.
"""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser

_DROPPED = ["script", "style", "noscript", "template", "svg", "math", "iframe", "object", "embed"]
_BLOCKS = (
    "address, article, aside, blockquote, br, caption, dd, div, dl, dt, fieldset, figcaption, figure, "
    "footer, form, h1, h2, h3, h4, h5, h6, header, hr, li, main, nav, ol, p, pre, section, table, td, "
    "th, title, tr, ul"
)
# A private-use character marks line ends while whitespace is collapsed, then becomes "\n".
_MARK = "\ue000"
_SPACES = re.compile(r"[ \t\r\n\f\v]+")
_AROUND_MARK = re.compile(rf" *{_MARK}[ {_MARK}]*")


def html_text(html: str) -> str:
    """Visible text of an HTML document, one line per block."""
    tree = LexborHTMLParser(html.replace(_MARK, ""))
    tree.strip_tags(_DROPPED)
    for node in tree.css(_BLOCKS):
        node.insert_after(_MARK)
        if node.tag != "br":
            node.insert_before(_MARK)
    root = tree.root
    if root is None:
        return ""
    text = _SPACES.sub(" ", root.text(deep=True))
    text = _AROUND_MARK.sub("\n", text)
    return text.strip()
