"""Writing endpoints: API key, upload limits (size, count, type), sanitised names, reload, real ingest."""
from __future__ import annotations

import importlib.util
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from test_api_support import DIRECTIVE, HOSTILE_PLAN, REPO, literal_export, make_client, need

from graphsvc.security import sanitize_filename

KEY = "test-key-0123456789"
AUTH = {"X-API-Key": KEY}
EXAMPLES = REPO / "examples" / "corpus"


@pytest.fixture()
def client(tmp_path: Path) -> Iterator[TestClient]:
    with make_client(tmp_path, api_key=KEY, max_upload_bytes=2000, max_upload_files=3) as c:
        yield c


def upload(client: TestClient, names: list[str], body: bytes = b"Ke hoach so 1/KH-UBND", **params: str):
    files = [("files", (name, body, "text/plain")) for name in names]
    query = {"ingest": "false", **params}
    return client.post("/api/admin/documents", files=files, headers=AUTH, params=query)


@pytest.mark.parametrize(("headers", "status"), [({}, 401), ({"X-API-Key": "nope"}, 401), (AUTH, 200)])
def test_api_key_required(client: TestClient, headers: dict[str, str], status: int) -> None:
    files = [("files", ("a.txt", b"x", "text/plain"))]
    response = client.post("/api/admin/documents?ingest=false", files=files, headers=headers)
    assert response.status_code == status


def test_writing_is_off_without_a_configured_key(tmp_path: Path) -> None:
    with make_client(tmp_path) as c:
        for path in ("/api/admin/reload", "/api/admin/reingest"):
            assert c.post(path, headers={"X-API-Key": ""}).status_code == 403
            assert c.post(path, headers=AUTH).status_code == 403


@pytest.mark.parametrize(("names", "size", "status"), [
    (["a.txt"], 2000, 200),
    (["a.txt"], 2001, 413),                         # one file over the size limit
    (["a.txt", "b.md", "c.html", "d.txt"], 10, 413),  # over the count limit
    (["evil.exe"], 10, 415),
    (["noext"], 10, 415),
    (["a.txt.sh"], 10, 415),
])
def test_upload_limits(client: TestClient, tmp_path: Path, names: list[str], size: int, status: int) -> None:
    response = upload(client, names, b"x" * size)
    assert response.status_code == status, response.text
    assert _visible(tmp_path) == (["a.txt"] if status == 200 else []), "a refused upload leaves no file"
    assert not list(tmp_path.rglob("*.part")), "nor a part of one"


def _visible(tmp_path: Path) -> list[str]:
    folder = tmp_path / "data" / "uploads"
    return sorted(p.name for p in folder.glob("*") if not p.name.startswith(".")) if folder.exists() else []


def test_streamed_body_over_the_bound_is_413(client: TestClient) -> None:
    # bound for uploads = 3 files x 2000 bytes + 64 KiB; a chunked body (no Content-Length) past it
    head = b'--xyz\r\nContent-Disposition: form-data; name="files"; filename="a.txt"\r\n\r\n'
    chunks = iter([head] + [b"-" * 32_768] * 4)
    response = client.post("/api/admin/documents", content=chunks, headers={
        **AUTH, "content-type": "multipart/form-data; boundary=xyz"})
    assert response.status_code == 413


@pytest.mark.parametrize(("given", "stored"), [
    ("../../evil.txt", "evil.txt"),
    ("..\\..\\windows\\evil.txt", "evil.txt"),
    ("/etc/cron.d/x.txt", "x.txt"),
    ("....//....//y.md", "y.md"),
    ("Kế hoạch 60 (bản cuối).txt", "Kế_hoạch_60_bản_cuối.txt"),
    ("a\u202eb.txt", "ab.txt"),
])
def test_traversal_names_are_sanitised(client: TestClient, tmp_path: Path, given: str, stored: str) -> None:
    response = upload(client, [given])
    assert response.status_code == 200, response.text
    assert response.json()["saved"] == [stored]
    uploads = tmp_path / "data" / "uploads"
    assert (uploads / stored).read_bytes() == b"Ke hoach so 1/KH-UBND"
    everything = [p for p in tmp_path.rglob("*") if p.is_file() and p.name != "ingest.lock"]
    assert all(p.parent == uploads for p in everything), everything


def test_same_bytes_under_the_same_name_are_one_file(client: TestClient, tmp_path: Path) -> None:
    assert upload(client, ["../a.txt", "a.txt"]).json()["saved"] == ["a.txt", "a.txt"]
    assert _visible(tmp_path) == ["a.txt"]


def test_uploads_never_overwrite_each_other(client: TestClient, tmp_path: Path) -> None:
    """`Ke hoach.txt` and `Ke_hoach.txt` sanitise to one name: the second is stored beside the first."""
    first = upload(client, ["Ke hoach.txt"], b"Ke hoach so 1/KH-UBND").json()["saved"]
    second = upload(client, ["Ke_hoach.txt"], b"Ke hoach so 2/KH-UBND").json()["saved"]
    assert first == ["Ke_hoach.txt"] and second[0].startswith("Ke_hoach-") and second[0].endswith(".txt")
    uploads = tmp_path / "data" / "uploads"
    assert (uploads / first[0]).read_bytes() == b"Ke hoach so 1/KH-UBND"
    assert (uploads / second[0]).read_bytes() == b"Ke hoach so 2/KH-UBND"
    names = json.loads((uploads / ".names.json").read_text(encoding="utf-8"))
    assert names[second[0]]["original"] == "Ke_hoach.txt" and names[first[0]]["original"] == "Ke hoach.txt"


def test_upload_while_a_cli_ingest_holds_the_data_dir_is_409_and_writes_nothing(
    client: TestClient, tmp_path: Path
) -> None:
    from ingest.store import locked

    with locked(tmp_path / "data"):
        response = upload(client, ["a.txt"])
    assert response.status_code == 409, response.text
    assert _visible(tmp_path) == []


def test_the_key_is_checked_before_the_body_is_read(client: TestClient) -> None:
    """A chunked body past the upload bound: read, it would be 413; unread, the answer is 401."""
    head = b'--xyz\r\nContent-Disposition: form-data; name="files"; filename="a.txt"\r\n\r\n'
    chunks = iter([head] + [b"-" * 32_768] * 4)
    response = client.post("/api/admin/documents", content=chunks, headers={
        "X-API-Key": "wrong", "content-type": "multipart/form-data; boundary=xyz"})
    assert response.status_code == 401


def test_a_long_vietnamese_name_is_stored_within_the_byte_limit(client: TestClient, tmp_path: Path) -> None:
    name = "Kế hoạch triển khai thực hiện " * 9 + ".txt"  # ~380 bytes in UTF-8
    response = upload(client, [name])
    assert response.status_code == 200, response.text
    stored = response.json()["saved"][0]
    assert stored.endswith(".txt") and len(stored.encode("utf-8")) <= 200
    assert _visible(tmp_path) == [stored]


def test_an_unknown_host_header_is_refused(client: TestClient) -> None:
    """DNS rebinding: a page of another site reaching 127.0.0.1 sends its own name as Host."""
    assert client.get("/api/stats", headers={"Host": "attacker.example"}).status_code == 400
    assert client.get("/api/stats", headers={"Host": "127.0.0.1:8000"}).status_code == 200


@pytest.mark.parametrize(("name", "expected"), [
    ("", "upload"), ("..", "upload"), ("...txt", "txt"), ("x" * 300 + ".txt", "x" * 116 + ".txt"),
    ("C:\\Users\\me\\kh.docx", "kh.docx"), ("%2e%2e%2fpasswd", "2e_2e_2fpasswd"),
    ("a\x00b\n.txt", "ab.txt"), ("x .txt", "x.txt"),
    ("ệ" * 100 + ".docx", "ệ" * 65 + ".docx"),  # 3 bytes a letter: cut to 200 bytes, suffix kept
])
def test_sanitize_filename(name: str, expected: str) -> None:
    assert sanitize_filename(name) == expected


def test_reload_picks_up_a_new_graph(client: TestClient, tmp_path: Path) -> None:
    assert client.get(f"/api/documents/{DIRECTIVE}").status_code == 200
    empty = {"schema": "cpgraph/1", "nodes": [], "edges": []}
    (tmp_path / "data").mkdir(exist_ok=True)
    (tmp_path / "data" / "graph.json").write_text(json.dumps(empty), encoding="utf-8")
    assert client.post("/api/admin/reload").status_code == 401
    assert client.post("/api/admin/reload", headers=AUTH).json()["reloaded"] is True
    assert client.get(f"/api/documents/{DIRECTIVE}").status_code == 404
    (tmp_path / "data" / "graph.json").write_text(json.dumps(literal_export()), encoding="utf-8")
    client.post("/api/admin/reload", headers=AUTH)
    assert client.get(f"/api/documents/{DIRECTIVE}").status_code == 200


def test_reingest_needs_uploads(client: TestClient) -> None:
    assert client.post("/api/admin/reingest", headers=AUTH).status_code == 422


def test_a_word97_doc_upload_is_ingested(tmp_path: Path) -> None:
    from devtools.synth.doc import doc_bytes

    lines = ["UBND HUYỆN NÚI THÀNH", "Số: 77/KH-UBND", "Núi Thành, ngày 3 tháng 4 năm 2024", "KẾ HOẠCH",
             "Phòng, chống đuối nước trẻ em",
             "Thực hiện Chỉ thị số 28-CT/TW ngày 25/12/2023 của Bộ Chính trị."]
    with make_client(tmp_path, api_key=KEY) as c:
        files = [("files", ("kh-77.doc", doc_bytes(lines), "application/msword"))]
        response = c.post("/api/admin/documents", files=files, headers=AUTH)
        assert response.status_code == 200, response.text
        assert response.json()["saved"] == ["kh-77.doc"] and response.json()["documents"] > 0
        found = c.get("/api/resolve", params={"q": "77/KH-UBND"})
        assert found.status_code == 200 and "kh-ubnd-77-2024" in found.text


def test_upload_and_ingest_with_the_real_pipeline(tmp_path: Path) -> None:
    need(importlib.util.find_spec("ingest.pipeline") is not None, "ingest.pipeline is not written yet")
    corpus = sorted(p for p in EXAMPLES.rglob("*.txt"))[:3]
    need(bool(corpus), f"no example corpus under {EXAMPLES}")
    with make_client(tmp_path, api_key=KEY) as c:
        files = [("files", (p.name, p.read_bytes(), "text/plain")) for p in corpus]
        response = c.post("/api/admin/documents", files=files, headers=AUTH)
        assert response.status_code == 200, response.text
        report = response.json()
        assert report["saved"] == [sanitize_filename(p.name) for p in corpus] and report["reloaded"] is True
        assert report["files_read"] >= len(corpus) and report["documents"] > 0
        stats = c.get("/api/stats").json()
        assert stats["documents"] > 0
        assert c.get(f"/api/documents/{HOSTILE_PLAN}").status_code == 404  # the literal graph is gone
        again = c.post("/api/admin/reingest", headers=AUTH)
        assert again.status_code == 200 and c.get("/api/stats").json()["documents"] == stats["documents"]
