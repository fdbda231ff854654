"""A minimal .docx (WordprocessingML in a ZIP) with the header as a two-column table, written with the
standard library so the bytes are the same on every run (fixed entry times, fixed order).

>>> import io, zipfile
>>> data = docx_bytes([[["UBND"], ["CỘNG HÒA"]]], ["KẾ HOẠCH"])
>>> sorted(zipfile.ZipFile(io.BytesIO(data)).namelist())
['[Content_Types].xml', '_rels/.rels', 'word/document.xml']
"""

from __future__ import annotations

import io
import zipfile
from xml.sax.saxutils import escape

_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    "</Types>"
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="word/document.xml"/></Relationships>'
)
_FIXED_TIME = (2020, 1, 1, 0, 0, 0)


def _paragraph(text: str, bold: bool = False) -> str:
    props = "<w:rPr><w:b/></w:rPr>" if bold else ""
    if not text:
        return "<w:p/>"
    return f'<w:p><w:r>{props}<w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p>'


def _table(rows: list[list[list[str]]]) -> str:
    out = ['<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/></w:tblPr>']
    for row in rows:
        out.append("<w:tr>")
        for cell in row:
            paragraphs = "".join(_paragraph(p, bold=p.isupper()) for p in cell) or "<w:p/>"
            out.append(f'<w:tc><w:tcPr><w:tcW w:w="4680" w:type="dxa"/></w:tcPr>{paragraphs}</w:tc>')
        out.append("</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)


def document_xml(header_rows: list[list[list[str]]], paragraphs: list[str]) -> str:
    body = _table(header_rows) + "".join(_paragraph(p) for p in paragraphs)
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<w:document xmlns:w="{_NS}"><w:body>{body}<w:sectPr/></w:body></w:document>'
    )


def docx_bytes(header_rows: list[list[list[str]]], paragraphs: list[str]) -> bytes:
    """The .docx file: the header table, then one paragraph per line of the text."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in (
            ("[Content_Types].xml", _CONTENT_TYPES),
            ("_rels/.rels", _RELS),
            ("word/document.xml", document_xml(header_rows, paragraphs)),
        ):
            info = zipfile.ZipInfo(name, date_time=_FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data.encode("utf-8"))
    return buffer.getvalue()
