"""`cpgraph synth`: write a synthetic national corpus and its answer key.

The generator is a development tool (`devtools/synth` of a checkout), not part of the installed
package: the command works from a checkout or an editable install, and says so elsewhere.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from types import ModuleType

# The checkout this package runs from, when it runs from one (an editable install or `python -m`).
_CHECKOUT = Path(__file__).resolve().parents[1]
NOT_INSTALLED = ("the corpus generator is not installed: it is a development tool of the source checkout "
                 "(devtools/synth); run `cpgraph synth` from a checkout (`make venv`, an editable install)")


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
        "classes on (e.g. `motto_split=0.8`), or `default,class=rate,...` on top of the defaults "
        "(e.g. `default,cased_header=0.03`; cased_header and doc_table are off by default); classes: "
        + ", ".join(_classes()),
    )
    p.add_argument("--quiet", action="store_true", help="no progress line")
    p.set_defaults(handler=run)


def generator() -> ModuleType | None:
    """`devtools.synth` of the checkout, or None when this package was installed without one."""
    if (_CHECKOUT / "devtools" / "synth" / "__init__.py").is_file() and str(_CHECKOUT) not in sys.path:
        sys.path.insert(0, str(_CHECKOUT))
    try:
        # optional: the generator ships with the checkout, not with the wheel
        import devtools.synth
    except ImportError:
        return None
    return devtools.synth


def _classes() -> tuple[str, ...]:
    synth = generator()
    return synth.realnoise.CLASSES if synth is not None else ("(the generator is not installed)",)


def run(args: argparse.Namespace) -> int:
    synth = generator()
    if synth is None:
        print(f"cpgraph synth: {NOT_INSTALLED}", file=sys.stderr)
        return 2

    def progress(done: int, total: int, size: int) -> None:
        if not args.quiet:
            print(
                f"\rsynth: {done}/{total} documents, {size / 1e6:.1f} MB", end="", file=sys.stderr, flush=True
            )

    try:
        summary = synth.synthesize(
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
