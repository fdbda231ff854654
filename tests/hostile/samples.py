"""Builders of sample files for the reader tests: PDFs written by hand, .docx written with zipfile.

Everything is made from text given by the caller; nothing is copied from a real corpus.
"""
from __future__ import annotations

import io
import zipfile
import zlib
from xml.sax.saxutils import escape

# --- PDF --------------------------------------------------------------------------------------------


def _pdf(objects: list[bytes]) -> bytes:
    """A PDF file from its numbered objects (1-based, object 1 is the catalog), with a correct xref."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _stream(data: bytes, extra: bytes = b"") -> bytes:
    packed = zlib.compress(data)
    head = b"<< /Length %d /Filter /FlateDecode %s >>\nstream\n" % (len(packed), extra)
    return head + packed + b"\nendstream"


def text_pdf(pages: list[list[str]]) -> bytes:
    """A PDF whose pages show the given lines in Helvetica; non-ASCII letters are encoded through a
    /Differences table naming each glyph `uniXXXX`, so the text layer maps back to Unicode."""
    extra = sorted({c for page in pages for line in page for c in line if ord(c) > 126})
    if len(extra) > 127:
        raise ValueError("too many distinct non-ASCII characters for one simple font")
    code = {c: 128 + i for i, c in enumerate(extra)}
    differences = b" ".join(b"/uni%04X" % ord(c) for c in extra)
    n_pages = len(pages)
    # 1 catalog, 2 pages, 3 font, then per page: page object, content stream.
    kids = b" ".join(b"%d 0 R" % (4 + 2 * i) for i in range(n_pages))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, n_pages),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding << /Type /Encoding "
        b"/BaseEncoding /WinAnsiEncoding /Differences [128 %s] >> >>" % differences,
    ]
    for i, page in enumerate(pages):
        ops = [b"BT /F1 12 Tf 14 TL 50 780 Td"]
        for line in page:
            raw = bytes(code.get(c, ord(c)) for c in line)
            raw = raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
            ops.append(b"(" + raw + b") Tj T*")
        ops.append(b"ET")
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
                       b"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % (5 + 2 * i))
        objects.append(_stream(b"\n".join(ops)))
    return _pdf(objects)


def stamped_pdf(lines: list[str], stamps: list[tuple[str, float, float]]) -> bytes:
    """A one-page PDF with `lines` in its text layer and signature widgets drawing each stamp's text
    (text, x, y) in their appearance streams, as an e-office signs the number and date of a document."""
    page = text_pdf([lines])
    objects = _objects_of(page)
    annots = []
    for text, x, y in stamps:
        appearance = len(objects) + 1
        objects.append(_stream(b"BT /F1 13 Tf 2 5 Td (%s) Tj ET" % text.encode("ascii"),
                               b"/Type /XObject /Subtype /Form /BBox [0 0 60 20] "
                               b"/Resources << /Font << /F1 3 0 R >> >>"))
        objects.append(b"<< /Type /Annot /Subtype /Widget /FT /Sig /T (Signature%d) /Rect [%d %d %d %d] "
                       b"/AP << /N %d 0 R >> >>" % (len(annots) + 1, x, y, x + 60, y + 20, appearance))
        annots.append(b"%d 0 R" % len(objects))
    objects[3] = objects[3].replace(b" /Contents", b" /Annots [%s] /Contents" % b" ".join(annots))
    return _pdf(objects)


def _objects_of(pdf: bytes) -> list[bytes]:
    """The numbered objects of a PDF written by `_pdf`, to extend it."""
    body = pdf.split(b"\nxref\n")[0]
    parts = body.split(b" 0 obj\n")[1:]
    return [part.rsplit(b"\nendobj\n", 1)[0] for part in parts]


def shared_stream_pdf(pages: int = 1000, lines: int = 900) -> bytes:
    """A PDF whose `pages` pages all point at one content stream drawing `lines` lines of ASCII text
    (1,000 pages: 233 KB on disk, 45 MB of text if every page were extracted)."""
    ops = [b"BT /F1 8 Tf 10 TL 20 830 Td"]
    ops += [b"(Ke hoach so %d/KH-UBND thuc hien Chi thi 28-CT/TW ve tre em) Tj T*" % i for i in range(lines)]
    ops.append(b"ET")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(b"%d 0 R" % (5 + i) for i in range(pages)),
                                                       pages),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        _stream(b"\n".join(ops)),
    ]
    objects += [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
                b"/Resources << /Font << /F1 3 0 R >> >> /Contents 4 0 R >>"] * pages
    return _pdf(objects)


def image_pdf(pixels: bytes, width: int, height: int) -> bytes:
    """A one-page PDF holding only a grey image (a scan): no text layer at all."""
    page_w, page_h = 595, int(595 * height / width)
    content = b"q %d 0 0 %d 0 0 cm /Im0 Do Q" % (page_w, page_h)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] /Resources << /XObject << /Im0 5 0 R >> >> "
        b"/Contents 4 0 R >>" % (page_w, page_h),
        _stream(content),
        _stream(pixels, b"/Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray "
                b"/BitsPerComponent 8" % (width, height)),
    ]
    return _pdf(objects)


def encrypt_pdf(data: bytes, user_password: str, algorithm: str = "AES-128") -> bytes:
    """The same PDF encrypted by pypdf (an empty user password gives the "no copying" kind)."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for page in PdfReader(io.BytesIO(data)).pages:
        writer.add_page(page)
    writer.encrypt(user_password=user_password, owner_password="owner-secret", algorithm=algorithm)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def read_pgm(data: bytes) -> tuple[bytes, int, int]:
    """Pixels, width and height of a binary PGM (P5, 8 bits) as written by `pdftoppm -gray`."""
    fields: list[bytes] = []
    pos = 0
    while len(fields) < 4:
        while data[pos:pos + 1].isspace():
            pos += 1
        if data[pos:pos + 1] == b"#":
            pos = data.index(b"\n", pos) + 1
            continue
        end = pos
        while not data[end:end + 1].isspace():
            end += 1
        fields.append(data[pos:end])
        pos = end
    width, height = int(fields[1]), int(fields[2])
    pixels = data[pos + 1: pos + 1 + width * height]
    return pixels, width, height


# --- DOCX -------------------------------------------------------------------------------------------

_W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    "</Types>"
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="word/document.xml"/></Relationships>'
)


def _paragraph(text: str) -> str:
    runs = []
    for i, piece in enumerate(text.split("\t")):
        if i:
            runs.append("<w:r><w:tab/></w:r>")
        runs.append(f'<w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">{escape(piece)}</w:t></w:r>')
    return '<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs></w:pPr>' + "".join(runs) + "</w:p>"


def document_xml(paragraphs: list[str], table: list[list[str]] | None = None) -> str:
    """word/document.xml with the paragraphs, then a table (rows of cells), then a deleted run."""
    body = [_paragraph(p) for p in paragraphs]
    if table:
        rows = "".join("<w:tr>" + "".join(f"<w:tc>{_paragraph(cell)}</w:tc>" for cell in row) + "</w:tr>"
                       for row in table)
        body.insert(0, f"<w:tbl>{rows}</w:tbl>")
    body.append('<w:p><w:del w:id="1" w:author="x"><w:r><w:delText>bị xoá</w:delText></w:r></w:del></w:p>')
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{_W_NS}">'
            f"<w:body>{''.join(body)}<w:sectPr/></w:body></w:document>")


def docx_bytes(
    paragraphs: list[str], table: list[list[str]] | None = None, *, xml: str | None = None
) -> bytes:
    """A minimal .docx (content types, relationships, document) written with zipfile."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _RELS)
        archive.writestr("word/document.xml", xml if xml is not None else document_xml(paragraphs, table))
    return out.getvalue()


def zip_bomb_docx(inflated_mb: int = 600) -> bytes:
    """A .docx whose document.xml inflates to `inflated_mb` MB of repeated paragraphs (small on disk)."""
    out = io.BytesIO()
    chunk = ("<w:p><w:r><w:t>a</w:t></w:r></w:p>" * 30_000).encode()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        with archive.open("word/document.xml", "w", force_zip64=True) as stream:
            stream.write(f'<w:document xmlns:w="{_W_NS}"><w:body>'.encode())
            written = 0
            while written < inflated_mb * 2**20:
                stream.write(chunk)
                written += len(chunk)
            stream.write(b"</w:body></w:document>")
    return out.getvalue()
