"""`cpgraph serve` (the FastAPI service under uvicorn) and `cpgraph view` (an offline graph file)."""
from __future__ import annotations

import argparse
import contextlib
import ctypes
import gc
import os
import signal
import socket
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from graphsvc.cli_common import DataDirProblem, add_data_dir, check_data_dir, data_dir_of
from ingest.store import StoreDamaged, graph_file
from queries.interface import DocumentNotFound

if TYPE_CHECKING:
    from graphsvc.settings import Settings

MAX_VIEW_DEPTH = 4


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add this module's commands to the `cpgraph` parser."""
    serve = commands.add_parser("serve", help="serve the REST API and web pages")
    add_data_dir(serve)
    serve.add_argument("--backend", choices=("networkx", "neo4j"), default=None,
                       help="query backend (default: $CPGRAPH_BACKEND, else networkx)")
    serve.add_argument("--host", default=None, help="address to bind (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=None, help="port (default 8000)")
    serve.add_argument("--workers", type=int, default=1,
                       help="server processes (default 1); with networkx they share one loaded snapshot")
    serve.set_defaults(handler=run_serve)

    view = commands.add_parser("view", help="write an offline HTML graph around a document")
    view.add_argument("query", help="document id, số hiệu or name ('chi thi 28', '60/KH-UBND')")
    view.add_argument("--depth", type=int, default=2, help=f"citation steps around it (1-{MAX_VIEW_DEPTH})")
    view.add_argument("-o", "--output", type=Path, default=Path("graph.html"), help="file to write")
    view.add_argument("--link-base", default=None,
                      help="URL of a running service, so that a click opens the document page there")
    add_data_dir(view)
    view.set_defaults(handler=run_view)


def _settings(args: argparse.Namespace) -> Settings:
    """Settings from the environment, with the command line's values on top."""
    from graphsvc.settings import Settings  # heavy: pydantic-settings, dotenv, asyncio; only to serve or view

    overrides: dict[str, object] = {"data_dir": data_dir_of(args)}
    for name in ("backend", "host", "port"):
        value = getattr(args, name, None)
        if value is not None:
            overrides[name] = value
    return Settings(**overrides)  # type: ignore[arg-type]


def run_serve(args: argparse.Namespace) -> int:
    import uvicorn  # heavy: the server stack is loaded only to serve

    from graphsvc.app import create_app  # heavy: FastAPI and every router; `cpgraph --help` stays fast

    settings = _settings(args)
    if settings.backend == "networkx":
        try:
            check_data_dir(settings.data_dir)
        except DataDirProblem as exc:
            # An existing empty folder is a valid start when uploads are enabled (an API key is set).
            if not (settings.api_key and settings.data_dir.is_dir()):
                print(f"cpgraph serve: {exc}", file=sys.stderr)
                return 2
            print(f"cpgraph serve: warning: {exc}; documents may be uploaded to /api/admin", file=sys.stderr)
        else:
            if args.workers > 1:  # the store is checked while the snapshot loads (`serve_forked`)
                return serve_forked(settings, args.workers)
            # checked before binding: a damaged store is a clear message, not a traceback or an empty graph
            try:
                graph_file(settings.data_dir)
            except StoreDamaged as exc:
                print(f"cpgraph: {exc}", file=sys.stderr)
                return 4
    if args.workers > 1:
        return serve_forked(settings, args.workers)
    app = create_app(settings)
    uvicorn.run(app, host=settings.host, port=settings.port, log_level="info", proxy_headers=False)
    return 0


def serve_forked(settings: Settings, workers: int) -> int:
    """`workers` server processes sharing one loaded snapshot: loaded here, frozen, then forked. With the
    Neo4j backend, the snapshot's catalog part (`queries.neo4j_catalog.preload`) is loaded here and each
    worker opens its own driver after the fork (a driver's sockets and threads are not forked).

    The snapshot's pages are shared copy-on-write by the workers (`gc.freeze` keeps the collector from
    touching them), so N workers cost about one copy, not N. The socket is bound after the load: until
    then a client is refused, never answered from an empty graph. SIGTERM/SIGINT stop every worker.
    """
    import uvicorn  # heavy: the server stack is loaded only to serve

    from graphsvc.app import create_app  # heavy: FastAPI and every router
    from queries.snapshot_backend import SnapshotQueries  # heavy: numpy, networkx, rapidfuzz

    bound_malloc()
    queries = None
    if settings.backend == "networkx":
        verdict = check_store_aside(settings.data_dir)
        queries = SnapshotQueries.from_data_dir(settings.data_dir, check_store=False)
        problem = verdict()
        if problem is not None:  # before binding: a clear message, never an answer from a damaged store
            print(f"cpgraph: {problem}", file=sys.stderr)
            return 4
    else:
        from queries.neo4j_catalog import preload  # heavy: networkx and the snapshot code

        preload(settings.data_dir)
        gc.freeze()  # as `SnapshotQueries.from_data_dir`: no later collection walks it, pages stay shared
    sock = socket.socket(socket.AF_INET6 if ":" in settings.host else socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((settings.host, settings.port))
    sock.listen(2048)
    sock.set_inheritable(True)
    children = []
    for _ in range(workers):
        pid = os.fork()
        if pid == 0:  # a worker: serve until told to stop, then leave without the parent's cleanup
            code = 0
            try:
                app = create_app(settings, queries)
                config = uvicorn.Config(app, log_level="warning", proxy_headers=False, timeout_keep_alive=30)
                uvicorn.Server(config).run(sockets=[sock])
            except BaseException:  # noqa: BLE001 - reported, then the worker exits non-zero
                traceback.print_exc()
                code = 1
            os._exit(code)
        children.append(pid)
    sock.close()

    def stop(signum: int, _frame: object) -> None:
        for child in children:
            with contextlib.suppress(ProcessLookupError):
                os.kill(child, signal.SIGTERM)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    status = 0
    while children:
        try:
            pid, code = os.wait()
        except ChildProcessError:
            break
        if pid in children:
            children.remove(pid)
            status = status or os.waitstatus_to_exitcode(code)
            stop(signal.SIGTERM, None)  # one worker gone: stop the others (a supervisor restarts the service)
    return 0 if status in (0, -signal.SIGTERM) else 1


def check_store_aside(data_dir: Path) -> Callable[[], str | None]:
    """`graph_file(data_dir)`'s check of the store in a forked child, while this process loads the snapshot
    (the check hashes the whole graph file, 0.5 GB at 100,000 documents; the load holds the GIL, so a
    thread would wait). Returns the wait for its verdict: None when whole, else StoreDamaged's message."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: check, say why not, leave without the parent's cleanup
        os.close(read)
        code = 0
        try:
            graph_file(data_dir)
        except StoreDamaged as exc:
            os.write(write, str(exc).encode())
            code = 1
        except BaseException as exc:  # noqa: BLE001 - any failure is a verdict, reported
            os.write(write, f"the store cannot be checked: {exc!r}".encode())
            code = 1
        os._exit(code)
    os.close(write)

    def wait() -> str | None:
        with os.fdopen(read, "rb") as f:
            message = f.read().decode(errors="replace")
        _pid, status = os.waitpid(pid, 0)
        return None if os.waitstatus_to_exitcode(status) == 0 and not message else message or "check failed"

    return wait


# glibc's mallopt parameters: a fixed mmap threshold (no dynamic raise), and few arenas.
M_MMAP_THRESHOLD, M_ARENA_MAX = -3, -8
MMAP_THRESHOLD = 4 * 2**20


def bound_malloc() -> None:
    """Keep the workers' memory from creeping (issue 13): answers of several MB (a commune coverage
    table) are allocated and freed per request; glibc raises its mmap threshold after the first free, so
    later ones come from the heap and stay there, in each of its per-thread arenas (the thread pool has
    dozens of threads). A fixed 4 MB threshold returns the largest to the system on free; two arenas
    bound fragmentation. No effect off glibc."""
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL("libc.so.6")
        libc.mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD)
        libc.mallopt(M_ARENA_MAX, 2)


def run_view(args: argparse.Namespace) -> int:
    from graphsvc.app import open_backend  # heavy: FastAPI and every router; `cpgraph --help` stays fast
    from graphsvc.view import write_view  # heavy: pyvis brings IPython, jinja2, jsonpickle

    if not 1 <= args.depth <= MAX_VIEW_DEPTH:
        print(f"cpgraph view: --depth must be between 1 and {MAX_VIEW_DEPTH}", file=sys.stderr)
        return 2
    settings = _settings(args)
    if settings.backend == "networkx":
        try:
            check_data_dir(settings.data_dir)
        except DataDirProblem as exc:
            print(f"cpgraph view: {exc}", file=sys.stderr)
            return 2
    queries, close = open_backend(settings)
    try:
        nbh = write_view(queries, args.query, args.depth, args.output, link_base=args.link_base)
    except DocumentNotFound as exc:
        hint = f" (did you mean: {', '.join(exc.suggestions)})" if exc.suggestions else ""
        print(f"cpgraph view: no document matches {exc.doc_id!r}{hint}", file=sys.stderr)
        return 1
    finally:
        if close is not None:
            close()
    print(f"{args.output}: {len(nbh.nodes)} nodes, {len(nbh.edges)} edges around {nbh.focus}")
    return 0
