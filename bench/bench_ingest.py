"""Measurements for `bench/run.py`: a command's wall time and peak memory (whole process tree),
the regex floor of ingest, score.py's metrics, load with wrk (the service itself: bench_service.py).

Not a test: nothing here asserts; the numbers go to BENCHMARKS.md. Standard library only
(memory is read from /proc, Linux).
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path
from typing import Any

from bench_api import WRK_LUA, load_wrk  # noqa: F401 - the one wrk driver, used through this module

REPO = Path(__file__).resolve().parents[1]
CPGRAPH = [sys.executable, "-m", "graphsvc.cli"]

# The floor of ingest: one pass of ONE compiled regex for số hiệu over the same texts.
# Party `28-CT/TW`, state `56/2017/NĐ-CP`, `60/KH-UBND`, `1025/UBND-LĐTBXH`, spaces around separators.
SOHIEU = re.compile(
    r"\b\d{1,4}\s?[-/]\s?(?:(?:19|20)\d{2}/)?[A-ZĐÐa-zđ][A-ZĐÐa-zđ0-9]{0,9}(?:[-/][A-ZĐÐa-zđ0-9]{1,10}){0,2}"
)


def tree_pids(root: int) -> list[int]:
    """A process and all its descendants, from /proc."""
    parents: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as f:
                fields = f.read().rsplit(b")", 1)[1].split()
            parents.setdefault(int(fields[1]), []).append(int(entry))
        except (OSError, IndexError, ValueError):
            continue
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(parents.get(pid, []))
    return found


def _rss_of_tree(root: int) -> int:
    """Resident memory (bytes) of a process and all its descendants, from /proc."""
    total = 0
    for pid in tree_pids(root):
        try:
            with open(f"/proc/{pid}/statm", "rb") as f:
                total += int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, IndexError, ValueError):
            continue
    return total


def run_measured(
    cmd: list[str], env: dict[str, str] | None = None, timeout: float = 6 * 3600
) -> dict[str, Any]:
    """Run a command; wall seconds, CPU seconds of the tree, peak RSS of the whole tree (sampled)."""
    start = time.perf_counter()
    before = os.times()
    proc = subprocess.Popen(
        cmd,
        cwd=REPO,
        env={**os.environ, **(env or {})},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    peak = 0
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not stop.is_set():
            peak = max(peak, _rss_of_tree(proc.pid))
            stop.wait(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        out, err = proc.communicate(timeout=timeout)
    finally:
        stop.set()
        sampler.join()
    after = os.times()
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({proc.returncode}): {err[-2000:]}")
    return {
        "wall": time.perf_counter() - start,
        "peak_rss": peak,
        "stdout": out,
        "stderr": err,
        "cpu": (after.children_user - before.children_user)
        + (after.children_system - before.children_system),
    }


def corpus_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file() and p.suffix == ".txt")


def regex_floor(root: Path) -> dict[str, float]:
    """Read every file as ingest does (bytes, UTF-8) and run the one regex over it; MB/s and docs/s."""
    files = corpus_files(root)
    start = time.perf_counter()
    size = found = 0
    for path in files:
        data = path.read_bytes()
        size += len(data)
        found += sum(1 for _ in SOHIEU.finditer(data.decode("utf-8", errors="replace")))
    seconds = time.perf_counter() - start
    return {
        "seconds": seconds,
        "mb": size / 1e6,
        "mb_s": size / 1e6 / seconds,
        "docs_s": len(files) / seconds,
        "matches": found,
    }


def score(gold: Path, export: Path) -> dict[str, float]:
    """score.py's headline metrics (../shared/eval/score.py, run through bench/score_fast.py, which gives
    the same figures with an indexed document match: the script itself is quadratic, hours at 100k)."""
    script = REPO / "bench" / "score_fast.py"
    done = subprocess.run(
        [sys.executable, str(script), "--gold", str(gold), str(export), "--quiet"],
        capture_output=True,
        text=True,
        check=False,
    )
    metrics = {}
    for line in done.stdout.splitlines():
        m = re.match(r"^([a-z ]+?)\s+(\d\.\d{3})$", line.strip())
        if m:
            metrics[m.group(1)] = float(m.group(2))
    if not metrics:  # the scorer failed (missing ../shared/eval/score.py, out of memory, ...)
        tail = done.stderr.strip()[-300:]
        raise RuntimeError(f"score_fast.py gave no metrics (exit {done.returncode}): {tail}")
    return metrics


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str, timeout: float = 10) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, b""


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))]


def machine() -> dict[str, str]:
    """What the figures were measured on."""
    model = next(
        (
            ln.split(":", 1)[1].strip()
            for ln in Path("/proc/cpuinfo").read_text().splitlines()
            if ln.startswith("model name")
        ),
        "unknown",
    )
    mem_kb = int(
        next(
            ln.split()[1]
            for ln in Path("/proc/meminfo").read_text().splitlines()
            if ln.startswith("MemTotal")
        )
    )
    return {
        "cpu": model,
        "cores": str(os.cpu_count()),
        "memory": f"{mem_kb / 2**20:.1f} GiB",
        "python": sys.version.split()[0],
        "load": " ".join(f"{x:.1f}" for x in os.getloadavg()),
    }
