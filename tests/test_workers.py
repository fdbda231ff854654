"""Worker processes: a file past its CPU-time or memory limit is stopped and reported, a worker that dies is
reported, the other files go on, and no worker outlives a `kill -9` of the ingest."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Any

from ingest.workers import Limits, run_tasks


def job(task: tuple[str, int]) -> dict[str, Any]:
    kind, n = task
    if kind == "spin":
        while True:
            n += 1
    if kind == "eat":
        hog = [bytearray(2**20) for _ in range(n)]  # n MB, touched
        return {"task": task, "held": len(hog)}
    if kind == "die":
        os._exit(3)
    return {"task": task, "square": n * n}


def failed(task: tuple[str, int], reason: str) -> dict[str, Any]:
    return {"task": task, "error": reason}


def test_a_task_past_its_limits_is_stopped_and_the_others_go_on() -> None:
    tasks = [("ok", 1), ("spin", 0), ("ok", 2), ("die", 0), ("ok", 3)]
    results = list(run_tasks(tasks, job, failed, workers=2, limits=Limits(seconds=0.5, rss_mb=2000)))
    assert [r["task"] for r in results] == tasks  # in task order
    assert [r.get("square") for r in results if r["task"][0] == "ok"] == [1, 4, 9]
    assert "per-file limit of 0.5 s" in results[1]["error"]
    assert "worker process died (exit status 3)" in results[3]["error"]
    eating = [("eat", 1500), ("ok", 4)]
    results = list(run_tasks(eating, job, failed, workers=1, limits=Limits(seconds=600, rss_mb=600)))
    assert "memory limit of 600 MB" in results[0]["error"] and results[1]["square"] == 16


def test_the_task_waiting_behind_a_stopped_one_runs_on_a_fresh_worker() -> None:
    """One worker holds two tasks at once: when the first is stopped or its worker dies, the second is
    neither lost nor blamed."""
    tasks = [("spin", 0), ("ok", 5), ("die", 0), ("ok", 6), ("ok", 7)]
    results = list(run_tasks(tasks, job, failed, workers=1, limits=Limits(seconds=0.5, rss_mb=2000)))
    assert [r["task"] for r in results] == tasks
    assert "per-file limit" in results[0]["error"] and "died" in results[2]["error"]
    assert [r.get("square") for r in results] == [None, 25, None, 36, 49]


_SCRIPT = """
import sys
sys.path.insert(0, {tests!r})
from ingest.workers import Limits, run_tasks
from test_workers import failed, job
if __name__ == "__main__":
    for result in run_tasks([("spin", 0)] * 2, job, failed, workers=2, limits=Limits(seconds=600)):
        pass
"""


def _carrying(marker: str) -> list[int]:
    found = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/environ", "rb") as f:
                if f"WORKER_TEST={marker}".encode() in f.read().split(b"\0"):
                    found.append(int(pid))
        except OSError:
            continue
    return found


def test_workers_die_with_the_ingest_whatever_kills_it(tmp_path: Path) -> None:
    script = tmp_path / "run.py"
    script.write_text(_SCRIPT.format(tests=str(Path(__file__).parent)), encoding="utf-8")
    marker = uuid.uuid4().hex
    env = {**os.environ, "WORKER_TEST": marker, "PYTHONPATH": str(Path(__file__).parent.parent)}
    proc = subprocess.Popen([sys.executable, str(script)], env=env)
    deadline = time.monotonic() + 60
    while len(_carrying(marker)) < 4 and time.monotonic() < deadline:  # ingest, forkserver, two workers
        time.sleep(0.2)
    assert len(_carrying(marker)) >= 4
    os.kill(proc.pid, signal.SIGKILL)  # the main process only, not its group
    proc.wait()
    deadline = time.monotonic() + 10
    while _carrying(marker) and time.monotonic() < deadline:
        time.sleep(0.2)
    left = _carrying(marker)
    for pid in left:
        os.kill(pid, signal.SIGKILL)
    assert left == []


def test_an_ingest_run_from_a_folder_holding_another_ingest_package_uses_its_own(tmp_path: Path) -> None:
    """The forkserver starts as `python -c`, with the current directory first on its path: run from a
    folder that holds another `ingest/` (a second checkout), the workers used to import that one and
    wrote every cache entry under another extractor version ("cache entry … became unreadable")."""
    import shutil

    import ingest

    other = tmp_path / "other-checkout"
    source = Path(ingest.__file__).parent
    shutil.copytree(source, other / "ingest", ignore=shutil.ignore_patterns("__pycache__"))
    find = other / "ingest" / "find.py"
    find.write_text(find.read_text(encoding="utf-8") + "\n# another version\n", encoding="utf-8")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "plan.txt").write_text(
        "UBND XÃ AN BÌNH\nSố: 3/KH-UBND\nAn Bình, ngày 2 tháng 3 năm 2021\nKẾ HOẠCH\n"
        "Thực hiện Chỉ thị số 28-CT/TW ngày 25/12/2018 của Ban Bí thư về trẻ em.\n",
        encoding="utf-8",
    )
    # like the console script: the script's folder, not the current directory, on the path
    script = tmp_path / "cpgraph_cli.py"
    script.write_text(
        "import sys\nfrom graphsvc.cli import main\nif __name__ == '__main__':\n    sys.exit(main())\n",
        encoding="utf-8",
    )
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONSAFEPATH", "PYTHONPATH")}
    env["PYTHONPATH"] = str(Path(ingest.__file__).parents[1])
    done = subprocess.run(
        [sys.executable, str(script), "ingest", str(corpus), "--data-dir", str(tmp_path / "data"), "--quiet"],
        cwd=other, env=env, capture_output=True, text=True, timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
