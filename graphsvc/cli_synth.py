"""`cpgraph synth`: write a synthetic national corpus and its answer key."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ingest.synth import synthesize
from ingest.synth.realnoise import CLASSES


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add this module's commands to the `cpgraph` parser."""
    p = commands.add_parser(
        "synth",
        help="write a synthetic national corpus (DIR/corpus) and its answer key (DIR/gold.json)",
        description="Realistic national corpus on the real pre-2025 units: directives, province, district "
        "and commune plans, school plans, with the noise of real texts. Same N and seed, same bytes.",
    )
    p.add_argument("--docs", type=int, required=True, metavar="N", help="number of documents")
    p.add_argument("--seed", type=int, default=1, metavar="S", help="random seed (default 1)")
    p.add_argument("-o", "--out", type=Path, required=True, metavar="DIR", help="output folder")
    p.add_argument("--workers", type=int, default=None, help="processes writing texts (default: all cores)")
    p.add_argument(
        "--noise",
        default=None,
        metavar="SPEC",
        help="rates of the real-noise classes: `default`, `none`, or `class=rate,...` with only those "
        "classes on (e.g. `motto_split=0.8`); classes: " + ", ".join(CLASSES),
    )
    p.add_argument("--quiet", action="store_true", help="no progress line")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    def progress(done: int, total: int, size: int) -> None:
        if not args.quiet:
            print(
                f"\rsynth: {done}/{total} documents, {size / 1e6:.1f} MB", end="", file=sys.stderr, flush=True
            )

    try:
        summary = synthesize(
            args.docs, args.seed, args.out, workers=args.workers, progress=progress, noise=args.noise
        )
    except (ValueError, FileExistsError) as exc:
        print(f"cpgraph synth: {exc}", file=sys.stderr)
        return 2
    if not args.quiet:
        print(file=sys.stderr)
    print(
        f"wrote {summary['docs']} documents ({summary['bytes'] / 1e6:.1f} MB) to {args.out / 'corpus'} "
        f"and the key to {args.out / 'gold.json'} in {summary['seconds']:.1f} s"
    )
    return 0
