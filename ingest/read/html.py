"""Text of an HTML page: selectolax (lexbor) parse, scripts and styles dropped, blocks as lines.

The bytes are decoded like a text file (`ingest.read.text.decode_bytes`: old portals serve TCVN3/VNI pages
too). Entities are decoded by the parser. Source whitespace inside a block collapses to one space, as a
browser shows it; block elements, `<br>` and table cells end a line.

Before parsing, `check_html` refuses a page nested deeper than MAX_DEPTH elements (200,000 nested
`<div>` take the parser minutes) or longer than MAX_HTML_CHARS: no real document comes close.
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
MAX_DEPTH = 1000
MAX_HTML_CHARS = 32_000_000
# An element's start or end tag: `<div ...>`, `</div>`, `<br/>` (what the depth guard counts).
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9:-]*)[^>]*?(/?)>")
# Elements without an end tag, which never nest.
_VOID = frozenset({
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track",
    "wbr",
    # end tags that may be left out: never counted as nesting
    "p", "li", "td", "th", "tr", "dt", "dd", "option",
})


class HtmlError(ValueError):
    """The page is refused before parsing; the message is the one-line reason."""


def html_depth(html: str, stop_at: int = MAX_DEPTH) -> int:
    """Nesting depth of the elements of a page, counted on its tags (at most `stop_at` + 1)."""
    depth = deepest = 0
    for m in _TAG.finditer(html):
        name = m.group(2).lower()
        if name in _VOID or m.group(3):
            continue
        if m.group(1):
            depth = max(depth - 1, 0)
            continue
        depth += 1
        if depth > deepest:
            deepest = depth
            if deepest > stop_at:
                break
    return deepest


def check_html(html: str) -> None:
    """Raise HtmlError for a page too long or too deeply nested to parse in bounded time."""
    if len(html) > MAX_HTML_CHARS:
        raise HtmlError(f"HTML page longer than the limit of {MAX_HTML_CHARS:,} characters")
    if html_depth(html) > MAX_DEPTH:
        raise HtmlError(f"HTML nested deeper than {MAX_DEPTH} elements (refused before parsing)")


# A private-use character marks line ends while whitespace is collapsed, then becomes "\n".
_MARK = "\ue000"
_SPACES = re.compile(r"[ \t\r\n\f\v]+")
_AROUND_MARK = re.compile(rf" *{_MARK}[ {_MARK}]*")


def html_text(html: str) -> str:
    """Visible text of an HTML document, one line per block (HtmlError when `check_html` refuses it)."""
    check_html(html)
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
