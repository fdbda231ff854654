"""Fault injection: kill -9 at random times and at named points (inside commit, while a cache entry or an
upload is written), damaged cache/graph/manifest, a full disk. After every fault the next plain run must end
with the export of an uninterrupted run, and no process of the killed one may be left.

    python bench/fault_test.py [--kills 50] [--seed 1] [--corpus DIR]

Only the main process is killed (SIGKILL to its pid, not to its process group): its workers and forkserver
must die on their own. Leftovers are found by a marker in their environment. The full disk is a small tmpfs
(needs root; skipped with a note otherwise).
"""
from __future__ import annotations

import argparse
import contextlib
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ingest import store  # noqa: E402

POINTS = ["commit:start", "commit:graph", "commit:manifest", "commit:integrity", "commit:link", "cache:write"]
UPLOAD_POINTS = ["upload:received", "upload:placed", "commit:graph", "commit:link"]
KEY = "fault-test-key"


class Run:
    def __init__(self, work: Path, corpus: Path) -> None:
        self.work, self.corpus = work, corpus
        self.results: list[tuple[str, bool, str]] = []

    def env(self, marker: str, fault: str = "", **extra: str) -> dict[str, str]:
        env = {**os.environ, "PYTHONPATH": str(ROOT), "CPGRAPH_FAULT_RUN": marker, **extra}
        env.pop("CPGRAPH_FAULT", None)
        if fault:
            env["CPGRAPH_FAULT"] = fault
        return env

    def ingest(self, data: Path, marker: str, fault: str = "") -> subprocess.Popen[bytes]:
        command = [sys.executable, "-m", "graphsvc.cli", "ingest", str(self.corpus), "--data-dir", str(data),
                   "--quiet", "--workers", "2"]
        return subprocess.Popen(command, env=self.env(marker, fault), stdout=subprocess.DEVNULL,
                                stderr=subprocess.PIPE)

    def record(self, name: str, ok: bool, detail: str = "") -> None:
        self.results.append((name, ok, detail))
        print(f"{len(self.results):3d} {name:42s} {'ok' if ok else 'FAILED'} {detail}", flush=True)


def leftovers(marker: str, wait: float = 5.0) -> list[int]:
    """Processes still carrying the marker (after up to `wait` seconds); they are reported and killed."""
    deadline = time.monotonic() + wait
    while True:
        found = []
        for pid in filter(str.isdigit, os.listdir("/proc")):
            try:
                with open(f"/proc/{pid}/environ", "rb") as f:
                    if f"CPGRAPH_FAULT_RUN={marker}".encode() in f.read().split(b"\0"):
                        found.append(int(pid))
            except OSError:
                continue
        if not found or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    for pid in found:
        with contextlib.suppress(OSError):
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                command = f.read().replace(b"\0", b" ").decode(errors="replace")[:150]
            print(f"    leftover {pid}: {command}", flush=True)
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)
    return found


def heal_and_compare(run: Run, data: Path, expected: str) -> tuple[bool, str]:
    """A plain ingest after the fault; its export must be the uninterrupted one."""
    marker = uuid.uuid4().hex
    proc = run.ingest(data, marker)
    _, err = proc.communicate()
    if proc.returncode != 0:
        return False, f"healing ingest exit {proc.returncode}: {err.decode()[-300:]}"
    same = store.export_text(data) == expected
    return same, "" if same else "DIFFERENT EXPORT"


def kill_at(run: Run, name: str, data: Path, expected: str, delay: float | None, fault: str = "") -> None:
    marker = uuid.uuid4().hex
    proc = run.ingest(data, marker, fault)
    if delay is not None:
        time.sleep(delay)
        proc.kill()  # SIGKILL to the main process only
    proc.wait()
    left = leftovers(marker)
    ok, detail = heal_and_compare(run, data, expected)
    run.record(name, ok and not left, f"{detail} leftover processes: {len(left)}")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def serve(data: Path, marker: str, fault: str = "") -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    command = [sys.executable, "-m", "graphsvc.cli", "serve", "--data-dir", str(data), "--port", str(port)]
    env = {**os.environ, "PYTHONPATH": str(ROOT), "CPGRAPH_FAULT_RUN": marker, "CPGRAPH_API_KEY": KEY}
    env.pop("CPGRAPH_FAULT", None)
    if fault:
        env["CPGRAPH_FAULT"] = fault
    proc = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    import httpx

    for _ in range(1200):  # a loaded machine takes its time
        try:
            if httpx.get(url + "/api/health", timeout=1).status_code == 200:
                return proc, url
        except httpx.HTTPError:
            time.sleep(0.1)
    raise RuntimeError("server did not start")


def upload(url: str, files: list[Path]) -> int:
    import httpx

    body = [("files", (p.name, p.read_bytes(), "text/plain")) for p in files]
    try:
        response = httpx.post(url + "/api/admin/documents", files=body, headers={"X-API-Key": KEY},
                              timeout=300)
        return response.status_code
    except httpx.HTTPError:
        return 0


def upload_export(files: list[Path], data: Path) -> str:
    proc, url = serve(data, uuid.uuid4().hex)
    try:
        status = upload(url, files)
        assert status == 200, status
    finally:
        proc.terminate()
        proc.wait()
    return store.export_text(data)


def kill_upload(run: Run, name: str, files: list[Path], data: Path, expected: str, delay: float | None,
                fault: str = "") -> None:
    marker = uuid.uuid4().hex
    proc, url = serve(data, marker, fault)
    thread = threading.Thread(target=upload, args=(url, files), daemon=True)
    thread.start()
    if delay is not None:
        time.sleep(delay)
        proc.kill()
    else:
        thread.join(120)
        if proc.poll() is None:
            proc.kill()
    proc.wait()
    thread.join(30)
    left = leftovers(marker)
    healed = uuid.uuid4().hex
    server, url = serve(data, healed)
    status = upload(url, files)
    server.terminate()
    server.wait()
    ok = status == 200 and store.export_text(data) == expected
    run.record(name, ok and not left, f"re-upload {status}, leftover processes: {len(left)}"
               + ("" if ok else " DIFFERENT EXPORT"))


def corrupt(run: Run, data: Path, expected: str, rng: random.Random) -> None:
    """Damage one part of a whole data dir; `export` must refuse what is damaged; an ingest heals it."""
    def cache_entries() -> list[Path]:
        return sorted((data / "cache").rglob("*.json"))

    def current() -> Path:
        return data / os.readlink(data / "current")

    cases = {
        "empty cache entry": lambda: rng.choice(cache_entries()).write_bytes(b""),
        "truncated cache entry": lambda: _truncate(rng.choice(cache_entries()), rng),
        "flipped byte in a cache entry": lambda: _flip(rng.choice(cache_entries()), rng),
        "truncated graph.json": lambda: _truncate(current() / "graph.json", rng),
        "flipped byte in graph.json": lambda: _flip(current() / "graph.json", rng),
        "truncated manifest.json": lambda: _truncate(current() / "manifest.json", rng),
        "garbage manifest.json": lambda: (current() / "manifest.json").write_bytes(os.urandom(200)),
        "current link removed": lambda: os.unlink(data / "current"),
        "stray gen-old and temporary files": lambda: ((data / "gen-old").mkdir(),
                                                      (data / ".current.tmp999").write_text("x"),
                                                      (current() / "graph.json.tmp999").write_text("{")),
    }
    for name, damage in cases.items():
        damage()
        export = subprocess.run([sys.executable, "-m", "graphsvc.cli", "export", "--data-dir", str(data)],
                                env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True)
        refused = export.returncode != 0 or export.stdout.decode() == expected  # never a wrong export, exit 0
        ok, detail = heal_and_compare(run, data, expected)
        run.record(f"corrupt: {name}", ok and refused,
                   detail + f" (export before healing: exit {export.returncode})")


def _truncate(path: Path, rng: random.Random) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: rng.randrange(0, max(len(data) // 2, 1))])


def _flip(path: Path, rng: random.Random) -> None:
    data = bytearray(path.read_bytes())
    i = rng.randrange(len(data))
    data[i] ^= 0x20
    path.write_bytes(bytes(data))


def disk_full(run: Run, work: Path, expected: str) -> None:
    mount = work / "small-disk"
    mount.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=400k", "tmpfs", str(mount)],
                      capture_output=True).returncode != 0:
        print("disk full: skipped (cannot mount a tmpfs here; needs root)")
        return
    try:
        data = mount / "data"
        marker = uuid.uuid4().hex
        proc = run.ingest(data, marker)
        _, err = proc.communicate()
        message = err.decode()
        clear = proc.returncode == 5 and "No space left" in message and "Traceback" not in message
        subprocess.run(["mount", "-o", "remount,size=64m", str(mount)], check=True)
        ok, detail = heal_and_compare(run, data, expected)
        run.record("disk full on the first ingest", clear and ok and not leftovers(marker),
                   f"exit {proc.returncode}, {detail}")
        filler = mount / "filler"
        free = shutil.disk_usage(mount).free
        with open(filler, "wb") as f:
            f.write(b"\0" * max(free - 100_000, 0))
        proc = run.ingest(data, uuid.uuid4().hex)
        _, err = proc.communicate()
        kept = store.export_text(data) == expected
        filler.unlink()
        ok, detail = heal_and_compare(run, data, expected)
        run.record("disk full over a good generation", proc.returncode == 5 and kept and ok,
                   f"exit {proc.returncode}, previous graph kept: {kept}, {detail}")
    finally:
        subprocess.run(["umount", str(mount)], check=False)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--kills", type=int, default=50)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--corpus", type=Path, default=ROOT / "examples" / "corpus")
    ap.add_argument("--parts", default="random,points,uploads,corrupt,disk",
                    help="which faults to inject (comma-separated)")
    args = ap.parse_args()
    parts = set(args.parts.split(","))
    rng = random.Random(args.seed)
    work = Path(tempfile.mkdtemp(prefix="cpgraph-fault-"))
    run = Run(work, args.corpus)
    started = time.perf_counter()
    proc = run.ingest(work / "clean", uuid.uuid4().hex)
    proc.communicate()
    full = time.perf_counter() - started
    expected = store.export_text(work / "clean")
    files = sorted(args.corpus.rglob("*.txt"))[:8]
    expected_upload = upload_export(files, work / "upload-clean")
    n_upload = max(args.kills // 6, 1)
    n_points = min(len(POINTS) * 2, args.kills - n_upload)
    n_random = args.kills - n_upload - n_points
    for i in range(n_random if "random" in parts else 0):
        delay = rng.uniform(0.05, full * 1.1)
        kill_at(run, f"kill -9 at {delay:.2f} s", work / f"r{i}", expected, delay)
        shutil.rmtree(work / f"r{i}", ignore_errors=True)
    for i in range(n_points if "points" in parts else 0):
        point = POINTS[i % len(POINTS)]
        data = work / f"p{i}"
        if i >= len(POINTS):  # the second round kills over an existing good generation
            shutil.copytree(work / "clean", data, symlinks=True)
        kill_at(run, f"kill -9 at {point}" + (" (over a good one)" if i >= len(POINTS) else ""), data,
                expected, None, point)
        shutil.rmtree(data, ignore_errors=True)
    for i in range(n_upload if "uploads" in parts else 0):
        point = UPLOAD_POINTS[(i // 2) % len(UPLOAD_POINTS)] if i % 2 == 0 else ""
        delay = None if point else rng.uniform(0.2, 4.0)
        label = f"kill -9 of serve at {point}" if point else f"kill -9 of serve {delay:.2f} s into an upload"
        kill_upload(run, label, files, work / f"u{i}", expected_upload, delay, point)
        shutil.rmtree(work / f"u{i}", ignore_errors=True)
    if "corrupt" in parts:
        corrupt(run, work / "clean", expected, rng)
    if "disk" in parts:
        disk_full(run, work, expected)
    passed = sum(ok for _, ok, _ in run.results)
    kills = sum(1 for name, _, _ in run.results if name.startswith("kill"))
    print(f"{passed}/{len(run.results)} faults ended in the uninterrupted export with no leftover process "
          f"({kills} kill -9; full ingest {full:.1f} s)")
    shutil.rmtree(work, ignore_errors=True)
    return 0 if passed == len(run.results) else 1


if __name__ == "__main__":
    sys.exit(main())
