"""Score every corpus that has an answer key, one row each: the table of BENCHMARKS.md.

    .venv/bin/python bench/eval_real.py                 # seeds, examples, real-cp web and github
    .venv/bin/python bench/eval_real.py --synth 10000   # and a generated corpus of that size

Each corpus is ingested into a fresh data dir, exported, and scored with `../shared/eval/score.py`
(the gazette full texts have no key of this kind: `bench/eval_gazette.py` scores them). Not a test:
nothing asserts; the figures are for BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SCORE = SHARED / "eval" / "score.py"
METRICS = (
    "document recall", "document uniqueness", "relation recall", "relation precision",
    "implements recall", "implements precision", "metadata accuracy",
)
CORPORA = [
    ("seeds", SHARED / "corpus" / "seeds", SHARED / "eval" / "seeds.gold.json"),
    ("examples/corpus", ROOT / "examples" / "corpus", ROOT / "examples" / "corpus.gold.json"),
    ("real-cp/web", SHARED / "corpus" / "real-cp" / "web", SHARED / "eval" / "real-cp-web.gold.json"),
    ("real-cp/github", SHARED / "corpus" / "real-cp" / "github",
     SHARED / "eval" / "real-cp-github.gold.json"),
]


def cpgraph(*args: str) -> None:
    done = subprocess.run([sys.executable, "-m", "graphsvc.cli", *args], cwd=ROOT, capture_output=True,
                          text=True)
    if done.returncode != 0:
        raise SystemExit(f"cpgraph {' '.join(args)}: exit {done.returncode}\n{done.stderr[-2000:]}")


def score(name: str, corpus: Path, gold: Path, work: Path, scorer: Path) -> dict[str, float]:
    data, export = work / f"{name.replace('/', '_')}-data", work / f"{name.replace('/', '_')}.json"
    cpgraph("ingest", str(corpus), "--data-dir", str(data))
    cpgraph("export", "--format", "json", "--data-dir", str(data), "-o", str(export))
    out = subprocess.run(
        [sys.executable, str(scorer), "--gold", str(gold), str(export), "--quiet"],
        capture_output=True, text=True, check=False,
    ).stdout
    figures = {}
    for line in out.splitlines():
        for metric in METRICS:
            if line.startswith(metric):
                figures[metric] = float(line.split()[-1])
    return figures


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--synth", type=int, default=0, help="also a generated corpus of this many documents")
    ap.add_argument("--seed", type=int, default=1, help="seed of the generated corpus")
    args = ap.parse_args()
    corpora = list(CORPORA)
    with tempfile.TemporaryDirectory(prefix="cpgraph-eval-") as tmp:
        work = Path(tmp)
        if args.synth:
            out = work / "synth"
            cpgraph("synth", "--docs", str(args.synth), "--seed", str(args.seed), "-o", str(out))
            corpora.append((f"generated {args.synth:,}", out / "corpus", out / "gold.json"))
        print("| corpus | " + " | ".join(METRICS) + " |")
        print("|---|" + "---:|" * len(METRICS))
        for name, corpus, gold in corpora:
            scorer = ROOT / "bench" / "score_fast.py" if name.startswith("generated") else SCORE
            figures = score(name, corpus, gold, work, scorer)
            print(f"| {name} | " + " | ".join(f"{figures.get(m, float('nan')):.3f}" for m in METRICS) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
