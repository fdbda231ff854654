"""Worker processes of the ingest, each file bounded in time and memory, none outliving the ingest.

`run_tasks` keeps QUEUE_DEPTH tasks in each worker process's pipe (the next starts as soon as one ends) and
watches the running one: a task running past `Limits.seconds`, or a worker whose resident memory passes
`Limits.rss_mb`, gets its process killed (SIGKILL: a C parser stuck in a loop cannot be stopped any other
way), the file is reported with the reason, a fresh worker takes its place and the task waiting behind it
goes on there. Results come back in task order.

Workers never outlive the ingest, whatever kills it: each asks the kernel for SIGKILL when its parent
dies (Linux `PR_SET_PDEATHSIG`), and exits when the pipe to the ingest closes. The parent of a
forkserver worker is the forkserver, which asks the same of the ingest (`ingest.forkserver_guard`).
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import os
import signal
import sys
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from multiprocessing import forkserver
from multiprocessing.connection import Connection, wait
from typing import Any, TypeVar

PR_SET_PDEATHSIG = 1
_POLL_SECONDS = 0.1
_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096
_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100

# Tasks in a worker's pipe at once: the next ones are there when a task ends, so a worker never waits for
# the ingest to take its result and send more (~7% of a worker's time with one task at a time), even
# while the ingest naps.
QUEUE_DEPTH = 4
# After taking results, the ingest naps this long before looking again, and then takes every result
# waiting: one wake-up per few files instead of one per file, each of which took a core from a worker.
_GATHER_SECONDS = 0.004

Task = TypeVar("Task")
Result = TypeVar("Result")
_READY = "ready"


@dataclass(frozen=True)
class Limits:
    """What one file may cost: CPU seconds of its worker (wall-clock: WALL_FACTOR times that, for a
    worker waiting on something), and resident memory of its worker (MB)."""

    seconds: float = 120.0
    rss_mb: int = 1024


# CPU time is what a file costs on a machine shared with other work; wall-clock time only backs it up.
WALL_FACTOR = 4


def die_with_parent() -> None:
    """Ask the kernel to SIGKILL this process when its parent dies (Linux; a no-op elsewhere)."""
    if not sys.platform.startswith("linux"):
        return
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() == 1:  # the parent died before the request was made
        os._exit(1)


def _worker_main(conn: Connection, fn: Callable[[Any], Any]) -> None:
    """Loop of a worker process: a task in, its result out, until the pipe closes."""
    die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the ingest's to handle
    # Each message carries the worker's CPU seconds when it was sent: the clock of the task that runs
    # next, so the ingest never reads /proc to start one (a task's clock starts when the worker can take
    # it, not while it starts).
    conn.send((_READY, time.process_time()))
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        result = fn(task)
        conn.send((time.process_time(), result))


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process (0 when unknown)."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            fields = f.read().rsplit(b")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / _TICKS
    except (OSError, ValueError, IndexError):
        return 0.0


def rss_mb(pid: int) -> float:
    """Resident memory of a process in MB (0 when unknown)."""
    try:
        with open(f"/proc/{pid}/statm", "rb") as f:
            return int(f.read().split()[1]) * _PAGE / 2**20
    except (OSError, ValueError, IndexError):
        return 0.0


class _Worker:
    def __init__(self, ctx: Any, fn: Callable[[Any], Any]) -> None:
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=_worker_main, args=(child, fn), daemon=True)
        self.process.start()
        child.close()
        self.queue: deque[int] = deque()  # indices of the tasks sent to it, the first one running
        self.ready = False
        self.started = 0.0  # when the running task began (wall clock, and the worker's CPU seconds)
        self.cpu_start = 0.0
        self.cpu_last = 0.0  # the worker's CPU seconds in its last message
        self.memory_checked = 0.0  # when its resident memory was last read

    def give(self, index: int, task: object) -> None:
        if not self.queue:
            self._clock(self.cpu_last)
        self.queue.append(index)
        self.conn.send(task)

    def finished(self, cpu: float) -> int:
        """The running task's result came with the worker's CPU seconds `cpu`: the next one in its pipe
        runs from now."""
        self.cpu_last = cpu
        index = self.queue.popleft()
        if self.queue:
            self._clock(cpu)
        return index

    def _clock(self, cpu: float) -> None:
        self.started = time.monotonic()
        # the worker's own clock (time.process_time), the same user + system seconds /proc gives
        self.cpu_start = cpu

    def over_time(self, limits: Limits) -> bool:
        wall = time.monotonic() - self.started
        if wall > limits.seconds * WALL_FACTOR:
            return True
        return wall > limits.seconds and cpu_seconds(self.process.pid) - self.cpu_start > limits.seconds

    def over_memory(self, limits: Limits) -> bool:
        """Resident memory past the limit, read at most every _POLL_SECONDS (a /proc read per result
        was a tenth of the ingest process's time)."""
        now = time.monotonic()
        if now - self.memory_checked < _POLL_SECONDS:
            return False
        self.memory_checked = now
        return rss_mb(self.process.pid) > limits.rss_mb

    def kill(self) -> None:
        with contextlib.suppress(OSError, ValueError):
            self.process.kill()
        self.process.join(5)
        self.conn.close()

    def stop(self) -> None:
        with contextlib.suppress(OSError, ValueError):
            self.conn.send(None)
        self.process.join(2)
        if self.process.is_alive():
            self.kill()
        self.conn.close()


def start_forkserver() -> None:
    """Start the forkserver now, from this thread: a service calls it from its main thread, because the
    forkserver dies with the thread that started it (PR_SET_PDEATHSIG), and a pool thread may end."""
    _context()
    forkserver.ensure_running()


def _context() -> Any:
    # forkserver: safe from a threaded parent (the service ingests uploads in a thread)
    # The forkserver starts as `python -c …`, so the current directory comes first on its sys.path and
    # Python 3.11 does not apply the parent's path before the preload: run from a folder that holds
    # another `ingest/` (a second checkout, a user's folder of that name), the workers imported that
    # one and every cache entry was written under another extractor version. No current directory on
    # the path of the processes this one starts (PYTHONSAFEPATH, Python 3.11+).
    os.environ["PYTHONSAFEPATH"] = "1"
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(["ingest.forkserver_guard", "ingest.warm"])
    return ctx


def run_tasks(
    tasks: Sequence[Task],
    fn: Callable[[Task], Result],
    failed: Callable[[Task, str], Result],
    *,
    workers: int,
    limits: Limits,
) -> Iterator[Result]:
    """`fn(task)` for every task in worker processes, yielded in task order.

    A task whose worker was stopped (time, memory) or died yields `failed(task, reason)`.
    """
    if not tasks:
        return
    ctx = _context()
    pool: list[_Worker] = []
    done: dict[int, Result] = {}
    pending = deque(range(len(tasks)))
    next_out = 0
    took = False  # the last round took results
    try:
        pool = [_Worker(ctx, fn) for _ in range(max(1, min(workers, len(tasks))))]
        while next_out < len(tasks):
            for worker in pool:
                while worker.ready and len(worker.queue) < QUEUE_DEPTH and pending:
                    index = pending.popleft()
                    worker.give(index, tasks[index])
            if took:
                time.sleep(_GATHER_SECONDS)
            took = False
            waiting = [w.conn for w in pool if not w.ready or w.queue]
            ready = wait(waiting, timeout=_POLL_SECONDS)
            for i, worker in enumerate(pool):
                if not worker.ready:
                    if worker.conn in ready:
                        _start(worker)
                    continue
                if not worker.queue:
                    continue
                index = worker.queue[0]
                reason = None
                if worker.conn in ready:
                    try:
                        while True:  # every result waiting in its pipe
                            cpu, done[index] = worker.conn.recv()
                            worker.finished(cpu)
                            took = True
                            if not worker.queue or not worker.conn.poll():
                                break
                            index = worker.queue[0]
                        continue
                    except (EOFError, OSError):
                        worker.process.join(1)
                        code = worker.process.exitcode
                        reason = f"worker process died ({_exit_reason(code)}) while reading this file"
                elif worker.over_time(limits):
                    reason = f"stopped: took longer than the per-file limit of {limits.seconds:g} s"
                elif worker.over_memory(limits):
                    reason = f"stopped: needed more than the per-file memory limit of {limits.rss_mb} MB"
                if reason is not None:
                    worker.kill()
                    done[index] = failed(tasks[index], reason)
                    pending.extendleft(reversed(list(worker.queue)[1:]))  # waiting behind it: to another
                    pool[i] = _Worker(ctx, fn)
            while next_out in done:
                yield done.pop(next_out)
                next_out += 1
    finally:
        for worker in pool:
            worker.stop()


def _start(worker: _Worker) -> None:
    """The worker's first message: it is ready (a worker that cannot even start stops the run)."""
    try:
        message, cpu = worker.conn.recv()
    except (EOFError, OSError) as exc:
        worker.process.join(1)
        why = _exit_reason(worker.process.exitcode)
        raise RuntimeError(f"an ingest worker process could not start ({why})") from exc
    worker.ready = message == _READY
    worker.cpu_last = cpu


def _exit_reason(code: int | None) -> str:
    if code is None:
        return "no exit status"
    if code < 0:
        try:
            return f"killed by {signal.Signals(-code).name}"
        except ValueError:
            return f"killed by signal {-code}"
    return f"exit status {code}"
