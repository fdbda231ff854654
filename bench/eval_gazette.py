"""Check the documents' own metadata on the gazette full texts of ../shared/corpus/real-dev against the
metadata the crawler recorded (number, symbol, year, type), and list every miss.

    python bench/eval_gazette.py [--gazette ../shared/corpus/real-dev/gazette] [--data-dir /tmp/gz]
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ingest.normalize import fold  # noqa: E402
from ingest.pipeline import ingest  # noqa: E402
from ingest.store import load_graph  # noqa: E402

LOAI = {
    "luật": "luat", "nghị định": "nghi_dinh", "nghị quyết": "nghi_quyet", "quyết định": "quyet_dinh",
    "thông tư": "thong_tu", "văn bản hợp nhất": "van_ban_hop_nhat", "thông báo": "thong_bao",
    "chỉ thị": "chi_thi", "công văn": "cong_van", "thông tư liên tịch": "thong_tu", "kế hoạch": "ke_hoach",
}
SLUG_TYPES = {
    "luat": "luat", "nghi-dinh": "nghi_dinh", "nghi-quyet": "nghi_quyet", "quyet-dinh": "quyet_dinh",
    "thong-tu": "thong_tu", "van-ban-hop-nhat": "van_ban_hop_nhat", "thong-bao": "thong_bao",
    "chi-thi": "chi_thi", "thong-tu-lien-tich": "thong_tu", "cong-van": "cong_van", "ke-hoach": "ke_hoach",
}
SLUG = re.compile(
    r"^(?P<type>[a-z-]+?)-so-(?P<num>\d+[a-z]?)-"
    r"(?:(?P<year>(?:19|20)\d{2})-)?(?P<sym>.+)-(?P<id>\d+)$"
)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--gazette", type=Path, default=ROOT.parent / "shared/corpus/real-dev/gazette")
    ap.add_argument("--data-dir", type=Path, default=None)
    args = ap.parse_args()
    data_dir = args.data_dir or Path(tempfile.mkdtemp(prefix="cpgraph-gazette-"))
    summary = ingest([args.gazette], data_dir)
    G = load_graph(data_dir)
    by_source = {d["source"]: d for _, d in G.nodes(data=True) if d.get("ingested")}
    meta = json.loads((args.gazette / "metadata.json").read_text(encoding="utf-8"))
    fields = {"number": 0, "symbol": 0, "year": 0, "type": 0}
    misses = []
    for item in meta:
        doc = by_source.get(item["file"])
        # the crawler's `so_hieu` is a URL slug, or sometimes the số hiệu as written
        # (`Thông tư số 08/2026/TT-BNV`): the file is named by the slug either way
        m = SLUG.match(item["so_hieu"]) or SLUG.match(Path(item["file"]).stem)
        if m is None:
            misses.append(f"{item['file']}: no số hiệu in the crawler's metadata {item['so_hieu']!r}")
            continue
        want = {"number": m["num"].lstrip("0"), "symbol": m["sym"].replace("-", ""),
                "year": (item["nam"] if item["nam"] and str(item["nam"]) != m["num"] else None)
                or (int(m["year"]) if m["year"] else None),
                "type": SLUG_TYPES.get(m["type"], LOAI.get(item["loai"].lower(), "?"))}
        got = {"number": (doc or {}).get("number") or "", "symbol": fold((doc or {}).get("symbol") or ""),
               "year": (doc or {}).get("year"), "type": (doc or {}).get("doc_type")}
        got["number"] = got["number"].lstrip("0")
        got["symbol"] = re.sub(r"[^a-z0-9]", "", got["symbol"])
        for f in fields:
            if want[f] is None or got[f] == want[f]:
                fields[f] += 1
            else:
                misses.append(f"{item['file']}: {f} want {want[f]!r} got {got[f]!r}")
    n = len(meta)
    all_ok = n - len({m.split(':')[0] for m in misses})
    for f, hit in fields.items():
        print(f"{f:8s} {hit}/{n} = {hit / n:.3f}")
    print(f"all four {all_ok}/{n} = {all_ok / n:.3f}")
    print(f"ingest: {summary.files_read} files, {summary.bytes_read / 2**20:.1f} MB, "
          f"{summary.mb_per_s:.1f} MB/s, {summary.documents} documents, {summary.citations} citations, "
          f"{len(summary.failures)} failures")
    for line in misses:
        print("  " + line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
