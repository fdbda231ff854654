"""`cpgraph explain FILE`: what the ingest read from a file's header, and why each citation is what it is.

Runs the real pipeline on the file (`ingest.explain`); `--json` prints the explanation as JSON. With
`--data-dir` and a file already ingested there, citation targets are the ids of the stored graph
(resolved across the corpus) instead of those this one file gives on its own.
Exit status: 0 explained, 1 the file could not be read, 2 usage error.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from rich.console import Console
from rich.markup import escape

from graphsvc.cli_common import add_data_dir
from ingest import store

WIDE = 200  # console width when the output is not a terminal: no wrapped lines


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `cpgraph explain` to the `cpgraph` parser."""
    p = commands.add_parser(
        "explain", help="why the ingest read a file as it did: header fields, citations, cues"
    )
    p.add_argument(
        "file", type=Path, metavar="FILE", help="the document file to explain (any format ingest reads)"
    )
    p.add_argument("--json", action="store_true", help="the explanation as JSON")
    add_data_dir(p)
    p.set_defaults(handler=run_explain)


def run_explain(args: argparse.Namespace) -> int:
    # heavy: the explainer loads the whole extraction pipeline; `cpgraph --help` stays fast
    from ingest.explain import ExplainError, explain_file

    path: Path = args.file
    if not path.is_file():
        print(f"cpgraph: {path}: no such file", file=sys.stderr)
        return 1
    targets = _stored_targets(path, args.data_dir)
    try:
        explanation = explain_file(path, targets=targets)
    except ExplainError as exc:
        print(f"cpgraph: {exc}", file=sys.stderr)
        return 1
    if args.json:
        sys.stdout.write(json.dumps(explanation.to_json(), ensure_ascii=False, indent=2) + "\n")
        return 0
    console = Console(width=None if sys.stdout.isatty() else WIDE, highlight=False, soft_wrap=True)
    for line in render_lines(explanation):
        console.print(line)
    return 0


def _stored_targets(path: Path, data_dir: Path | None) -> dict[tuple[int, int], str] | None:
    """Ids from the stored graph when `--data-dir` was given and the file was ingested there."""
    if data_dir is None:
        return None
    # heavy: the explainer loads the whole extraction pipeline; `cpgraph --help` stays fast
    from ingest.explain_source import stored_doc_id, stored_targets

    G = store.load_graph(data_dir)
    doc_id = stored_doc_id(G, store.load_manifest(data_dir), path)
    if doc_id is None:
        print(f"cpgraph: {path} is not ingested in {data_dir}: ids are this file's own", file=sys.stderr)
        return None
    return stored_targets(G, doc_id)


def _marked(pieces: list[tuple[str, str]] | list[tuple[str, bool]]) -> list[str]:
    """The lines with the read span between « » and the deciding words between ‹ › (coloured on a
    terminal), one markup string per line."""
    lines = [""]
    for text, mark in pieces:
        kind = "cite" if mark is True else mark or ""
        left, right, style = {"cite": ("«", "»", "bold yellow"), "cue": ("‹", "›", "bold cyan")}.get(
            kind, ("", "", "")
        )
        parts = text.split("\n")
        for k, part in enumerate(parts):
            if k:
                lines.append("")
            body = f"[{style}]{escape(part)}[/]" if style and part else escape(part)
            lines[-1] += (left if k == 0 else "") + body + (right if k == len(parts) - 1 else "")
    return lines


def _where(source: object) -> str:
    line, last = getattr(source, "line", 0), getattr(source, "last_line", 0)
    return f"line {line}" if line == last else f"lines {line}–{last}"


def render_lines(e: object) -> list[str]:
    """The explanation as rich-markup lines (every text from the document escaped)."""
    # heavy: the explainer loads the whole extraction pipeline; `cpgraph --help` stays fast
    from ingest.explain import Explanation, marked_pieces

    assert isinstance(e, Explanation)
    out = [
        f"[bold]{escape(e.source)}[/]  ({e.format}{', ' + escape(e.encoding) if e.encoding else ''})",
        f"id  {escape(e.doc_id or '—')}",
    ]
    out += [f"  read: {escape(w)}" for w in e.read_warnings]
    out.append("")
    out.append("[bold]Header — what was read[/]")
    for f in e.fields:
        where = _where(f.source) if f.source else "—"
        out.append(f"  {f.name:<9} {escape(f.value or '—')}   [dim]{where}: {escape(f.how)}[/]")
        if f.source is not None:
            for text_line in _marked(f.source.pieces()):
                out.append(f"            │ {text_line}")
    out.append("")
    out.append(f"[bold]Flags[/] ({len(e.flags)})")
    out += [f"  {escape(f.flag)}: {escape(f.why)}" for f in e.flags] or ["  none"]
    out.append("")
    out.append(f"[bold]Citations[/] ({len(e.citations)})")
    for c in e.citations:
        head = f"  #{c.index} {escape(c.words)}  [dim]{_where(c.source)}[/]"
        if c.status == "resolved":
            head += f"  → [bold]{c.relation}[/] {escape(c.target or '—')}"
        else:
            head += f"  [dim]({c.status})[/]"
        out.append(head)
        if c.target_label:
            out.append(
                f"      read as: {escape(c.target_label)}"
                + (f"  flags: {', '.join(c.flags)}" if c.flags else "")
            )
        out.append(f"      why: {escape(c.why)}")
        if c.between:
            out.append(
                f"      stated between others: {escape(c.between[0])} {c.between[1]} {escape(c.between[2])}"
            )
        pieces = marked_pieces(c.source, c.cue_source)
        for text_line in _marked(pieces):
            out.append(f"      │ {text_line}")
        if c.cue_source is not None and not any(kind == "cue" for _, kind in pieces):
            for text_line in _marked(c.cue_source.pieces()):
                out.append(f"      cue, {_where(c.cue_source)}: {text_line}")
    return out
