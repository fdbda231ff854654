"""The analyst's Neo4j Browser guide, rendered from `queries.cypher.GUIDE_QUERIES`.

The Browser (`:play URL` / `:guide URL`) fetches an HTML page and shows each `<slide>` as a
page of the guide; a `<pre class="runnable">` block is put in the editor when clicked.
The Cypher of the guide lives in `queries.cypher` like every other statement, so tests run
exactly what the analyst clicks.
"""
from __future__ import annotations

from html import escape

from queries.cypher import GUIDE_QUERIES, GuideQuery

GUIDE_TITLE = "Đồ thị văn bản pháp luật bảo vệ trẻ em"

INTRO = """<slide class="row-fluid">
  <div class="col-sm-12">
    <h3>{title}</h3>
    <p class="lead">Đồ thị trích dẫn giữa các văn bản: chỉ thị, luật, nghị định, quyết định, kế hoạch,
    công văn của các cấp trung ương, tỉnh, huyện, xã.</p>
    <ul>
      <li><b>Nút</b> <code>:Document</code> mang nhãn loại văn bản (<code>:ChiThi</code>,
      <code>:KeHoach</code>, <code>:Luat</code>…) và nhãn cấp ban hành (<code>:Central</code>,
      <code>:Province</code>,
      <code>:District</code>, <code>:Commune</code>, <code>:School</code>); <code>:Organization</code> là
      cơ quan ban hành.</li>
      <li><b>Địa bàn</b> <code>:Unit</code>: tỉnh, huyện, xã của bản đồ trước 7/2025
      (<code>map: 2019</code>) và sau 7/2025 (<code>map: 2025</code>, 34 tỉnh, không còn cấp huyện);
      <code>(:Document)-[:LOCATED_IN]-&gt;(:Unit)</code>, <code>(:Unit)-[:PART_OF]-&gt;(:Unit)</code>,
      <code>(:Unit)-[:SUCCEEDED_BY]-&gt;(:Unit)</code> (đơn vị cũ nhập vào đơn vị mới).</li>
      <li><b>Quan hệ</b> <code>IMPLEMENTS</code> (thực hiện), <code>CITES</code> (trích dẫn),
      <code>AMENDS</code>, <code>REPEALS</code>, <code>ISSUED_BY</code>, <code>PART_OF</code>.
      Căn cứ của mỗi quan hệ nằm ở thuộc tính <code>evidence_text</code>.</li>
      <li>Màu nền theo loại văn bản, viền và kích thước theo cấp (cùng bảng màu với trang web).
      Kiểu hiển thị đã được nạp sẵn; nạp lại: <pre class="runnable">:style {style_url}</pre></li>
    </ul>
    <p>Có {count} truy vấn mẫu ở các trang sau: bấm vào khung mã để đưa vào trình soạn thảo, rồi chạy.</p>
  </div>
</slide>"""

SLIDE = """<slide class="row-fluid">
  <div class="col-sm-12">
    <h3>{number}. {title}</h3>
    <p class="lead">{text}</p>
    <figure>
      <pre class="runnable" data-slug="{slug}">{cypher}</pre>
    </figure>
  </div>
</slide>"""


def render_slide(number: int, query: GuideQuery) -> str:
    return SLIDE.format(number=number, title=escape(query.title), text=escape(query.text),
                        slug=escape(query.slug), cypher=escape(query.cypher))


def render_guide(style_url: str = "/browser/cpgraph/style.grass") -> str:
    """The whole guide page (deterministic)."""
    slides = [INTRO.format(title=escape(GUIDE_TITLE), style_url=escape(style_url), count=len(GUIDE_QUERIES))]
    slides += [render_slide(i, q) for i, q in enumerate(GUIDE_QUERIES, start=1)]
    body = "\n".join(slides)
    return (
        "<!DOCTYPE html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\">\n"
        f"<title>{escape(GUIDE_TITLE)}</title>\n</head>\n<body>\n"
        f"<article class=\"guide\">\n<carousel class=\"deck container-fluid\">\n{body}\n"
        "</carousel>\n</article>\n</body>\n</html>\n"
    )
