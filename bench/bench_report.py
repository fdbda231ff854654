"""BENCHMARKS.md from the results of `bench/run.py`: the tables, the targets of issue 13 (met, or missed by
which factor), how each cost grows with the corpus, and a 1,000,000-document deployment projected from the
measurements (power law fitted in log-log space).

A measurement that failed shows its error in its cell; a row nobody measured shows "—".
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

SCORES = ("document recall", "document uniqueness", "relation recall", "relation precision",
          "implements recall", "implements precision", "metadata accuracy")
BACKENDS = (("networkx", "networkx"), ("neo4j", "Neo4j"))
API_ROWS = (  # (key, label, target at 100k)
    ("implementers", "API implementers of a directive (whole tree) p50 / p99 ms", "p99 ≤ 50 (Neo4j ≤ 100)"),
    ("coverage_district", "API coverage (directive, district) p50 / p99 ms", "p99 ≤ 50 (Neo4j ≤ 100)"),
    ("coverage_commune", "API coverage (directive, commune) p50 / p99 ms", "p99 ≤ 50"),
    ("resolve", "API resolve p50 / p99 ms", "p99 ≤ 20"),
    ("document_big", "API document, most cited (relations in) p50 / p99 ms", "p99 ≤ 50"),
    ("document", "API document, 200 ingested p50 / p99 ms", ""),
    ("lineage", "API lineage p50 / p99 ms", ""),
    ("stats", "API stats p50 / p99 ms", "p99 ≤ 100"),
)
GB = 2**30
MB = 2**20


class Missing(Exception):
    """A value not there: `text` is what its cell shows (an error, or a dash)."""

    def __init__(self, text: str = "—") -> None:
        super().__init__(text)
        self.text = text


def dig(r: Any, *path: str) -> Any:
    """r[path...]; a step holding {"error": ...} (or "skipped") raises Missing with it."""
    for key in path:
        if isinstance(r, dict) and "error" in r and key not in r:
            raise Missing("⚠ " + str(r["error"]).replace("|", "/").replace("\n", " ")[:90])
        if r == "skipped":
            raise Missing("not run")
        if not isinstance(r, dict) or key not in r or r[key] is None:
            raise Missing()
        r = r[key]
    if isinstance(r, dict) and "error" in r:
        raise Missing("⚠ " + str(r["error"]).replace("|", "/").replace("\n", " ")[:90])
    if r == "skipped":
        raise Missing("not run")
    return r


def fmt(value: float, digits: int = 1) -> str:
    return f"{value:,.{digits}f}"


def cell(get: Callable[[], str]) -> str:
    try:
        return get()
    except Missing as exc:
        return exc.text
    except (KeyError, TypeError, ZeroDivisionError, ValueError):
        return "—"


def _memory(part: dict[str, Any]) -> str:
    mem = dig(part, "memory")
    return f"{fmt(mem['pss'] / MB, 0)} ({fmt(mem['rss'] / MB, 0)})"


def ingest_table(results: list[dict[str, Any]]) -> list[str]:
    lines = ["| measure | target (100k) | " + " | ".join(f"{r['docs']:,} docs" for r in results) + " |",
             "|---|---|" + "---:|" * len(results)]

    def row(name: str, target: str, get: Callable[[dict[str, Any]], str]) -> None:
        lines.append(f"| {name} | {target} | " + " | ".join(cell(lambda r=r: get(r)) for r in results) + " |")

    row("corpus MB", "", lambda r: fmt(dig(r, "synth", "mb")))
    row("generate s (wall)", "",
        lambda r: "cached" if dig(r, "synth").get("cached") else fmt(dig(r, "synth", "wall")))
    row("ingest s (wall)", "", lambda r: fmt(dig(r, "ingest", "wall")))
    row("ingest MB/s", "≥ 5", lambda r: fmt(dig(r, "ingest", "mb_s"), 2))
    row("ingest docs/s", "", lambda r: fmt(dig(r, "ingest", "docs_s")))
    row("regex floor MB/s", "", lambda r: fmt(dig(r, "floor", "mb_s")))
    row("floor ÷ ingest", "≤ 8×", lambda r: fmt(dig(r, "floor", "mb_s") / dig(r, "ingest", "mb_s")) + "×")
    row("ingest peak RSS MB (process tree)", "≤ 4096", lambda r: fmt(dig(r, "ingest", "peak_rss") / MB, 0))
    for metric in SCORES:
        row(f"score: {metric}", "≥ 0.98", lambda r, k=metric: fmt(dig(r, "score", k), 3))
    row("serving snapshot: build s (measured apart)", "", lambda r: _snapshot_build(r))
    row("serving snapshot: MB", "", lambda r: fmt(_snapshot_mb(r)))
    row("data dir MB (graph, cache, snapshot)", "", lambda r: fmt(dig(r, "disk", "data_dir") / MB, 0))
    row("export JSON MB", "", lambda r: fmt(dig(r, "disk", "export") / MB, 0))
    return lines


def _snapshot_mb(r: dict[str, Any]) -> float:
    if not dig(r, "snapshot", "present"):
        raise Missing("none written")
    return float(dig(r, "snapshot", "bytes")) / MB


def _snapshot_build(r: dict[str, Any]) -> str:
    snap = dig(r, "snapshot")
    if not snap.get("present"):
        return "none written"
    if snap.get("build_s") is None:
        raise Missing("⚠ " + str(snap.get("build_error", "not measured")).replace("\n", " ")[-90:])
    return f"{fmt(snap['build_s'], 2)} (+ {fmt(snap['load_graph_s'], 1)} to load the graph)"


def _api_cell(q: dict[str, Any]) -> str:
    """p50 / p99, and the errors when some calls did not answer 200."""
    text = f"{fmt(q['p50'])} / {fmt(q['p99'])}"
    return text + (f" ({q['errors']} not 200)" if q.get("errors") else "")


def _unwind_cell(p: dict[str, Any]) -> str:
    if "unwind" not in dig(p, "load"):
        return "not measured apart"
    return fmt(dig(p, "load", "unwind", "rel_s"), 0)


def service_table(results: list[dict[str, Any]]) -> list[str]:
    heads = [f"{r['docs']:,} {label}" for r in results for _k, label in BACKENDS]
    lines = ["| measure | target (100k) | " + " | ".join(heads) + " |",
             "|---|---|" + "---:|" * len(heads)]

    def row(name: str, target: str, get: Callable[[dict[str, Any]], str], only: str | None = None) -> None:
        cells = []
        for r in results:
            for key, _label in BACKENDS:
                if only and key != only:
                    cells.append("")
                    continue
                cells.append(cell(lambda r=r, key=key: get(dig(r, key))))
        lines.append(f"| {name} | {target} | " + " | ".join(cells) + " |")

    row("`cpgraph serve --workers 2` ready s", "≤ 5", lambda p: fmt(dig(p, "ready"), 2))
    row("service memory MB, all processes: PSS (RSS sum)", "≤ 1,536", _memory)
    row("… after wrk: PSS (RSS sum)", "", lambda p: f"{fmt(dig(p, 'memory_after_wrk', 'pss') / MB, 0)} "
        f"({fmt(dig(p, 'memory_after_wrk', 'rss') / MB, 0)})")
    for key, label, target in API_ROWS:
        row(label, target, lambda p, k=key: _api_cell(dig(p, "api", k)))
    row("… relations into the most cited document", "tens of thousands",
        lambda p: fmt(max(dig(p, "subjects", "incoming").values()), 0))
    row("wrk 64 conn, mixed read API: requests/s", "≥ 3,000", lambda p: fmt(dig(p, "wrk", "rps"), 0))
    row("wrk: p99 ms", "≤ 200", lambda p: fmt(dig(p, "wrk", "p99")))
    row("wrk: errors (socket + non-2xx)", "0", lambda p: str(dig(p, "wrk", "errors")))
    row("wrk, accepting gzip (as browsers): requests/s / p99 ms / errors", "", lambda p: (
        f"{fmt(dig(p, 'wrk_gzip', 'rps'), 0)} / {fmt(dig(p, 'wrk_gzip', 'p99'))} / "
        f"{dig(p, 'wrk_gzip', 'errors')}"))
    row("Neo4j fresh load relationships/s", "≥ 200,000", lambda p: fmt(dig(p, "load", "rel_s"), 0), "neo4j")
    row("Neo4j load: path used", "bulk", lambda p: str(dig(p, "load", "path")).replace("|", "/"), "neo4j")
    row("Neo4j fresh load, UNWIND path, relationships/s", "", _unwind_cell, "neo4j")
    row("Neo4j load: s (wall) / relationships", "", lambda p: f"{fmt(dig(p, 'load', 'wall'))} / "
        f"{dig(p, 'load', 'relationships'):,}", "neo4j")
    row("Neo4j data dir MB after the load", "", lambda p: fmt(dig(p, "load", "store_bytes") / MB, 0), "neo4j")
    row("Neo4j server RSS MB: after the load / after the API", "", lambda p: (
        f"{fmt(dig(p, 'load', 'server_rss') / MB, 0)} / {fmt(dig(p, 'server_rss') / MB, 0)}"), "neo4j")
    return lines


# ------------------------------------------------------------------ targets

Check = tuple[str, Callable[[dict[str, Any]], float], float, bool]  # name, value, target, higher is better


def _checks() -> list[Check]:
    def api(backend: str, key: str) -> Callable[[dict[str, Any]], float]:
        return lambda r: float(dig(r, backend, "api", key, "p99"))

    checks: list[Check] = [
        ("ingest ≥ 5 MB/s", lambda r: dig(r, "ingest", "mb_s"), 5.0, True),
        ("ingest within 8× of the regex floor", lambda r: dig(r, "floor", "mb_s") / dig(r, "ingest", "mb_s"),
         8.0, False),
        ("ingest peak RSS ≤ 4 GB", lambda r: dig(r, "ingest", "peak_rss") / GB, 4.0, False),
        ("`cpgraph serve` ready ≤ 5 s", lambda r: dig(r, "networkx", "ready"), 5.0, False),
        ("service memory (PSS, all workers) ≤ 1.5 GB", lambda r: dig(r, "networkx", "memory", "pss") / GB,
         1.5, False),
        ("API implementers p99 ≤ 50 ms", api("networkx", "implementers"), 50.0, False),
        ("API coverage district p99 ≤ 50 ms", api("networkx", "coverage_district"), 50.0, False),
        ("API coverage commune p99 ≤ 50 ms", api("networkx", "coverage_commune"), 50.0, False),
        ("API resolve p99 ≤ 20 ms", api("networkx", "resolve"), 20.0, False),
        ("API document (most cited) p99 ≤ 50 ms", api("networkx", "document_big"), 50.0, False),
        ("API stats p99 ≤ 100 ms", api("networkx", "stats"), 100.0, False),
        ("wrk ≥ 3,000 requests/s", lambda r: dig(r, "networkx", "wrk", "rps"), 3000.0, True),
        ("wrk p99 ≤ 200 ms", lambda r: dig(r, "networkx", "wrk", "p99"), 200.0, False),
        ("wrk 0 errors", lambda r: dig(r, "networkx", "wrk", "errors"), 0.0, False),
        ("Neo4j API implementers (whole tree) p99 ≤ 100 ms", api("neo4j", "implementers"), 100.0, False),
        ("Neo4j API coverage district p99 ≤ 100 ms", api("neo4j", "coverage_district"), 100.0, False),
        ("Neo4j API coverage commune p99 ≤ 100 ms", api("neo4j", "coverage_commune"), 100.0, False),
        ("Neo4j fresh load ≥ 200,000 relationships/s", lambda r: dig(r, "neo4j", "load", "rel_s"),
         200_000.0, True),
    ]
    checks += [(f"score {k} ≥ 0.98", lambda r, k=k: dig(r, "score", k), 0.98, True) for k in SCORES]
    return checks


def targets(results: list[dict[str, Any]]) -> list[str]:
    """Each target of issue 13 at 100k (else the largest size measured): met, or missed by which factor."""
    if not results:
        return ["- nothing measured."]
    at = [r for r in results if r["docs"] == 100_000] or results[-1:]
    r = at[0]
    note = "" if r["docs"] == 100_000 else " (the targets are for 100k)"
    out = [f"At {r['docs']:,} documents{note}:"]
    met = 0
    for name, get, target, higher in _checks():
        try:
            value = float(get(r))
        except Missing as exc:
            out.append(f"- {name}: not measured ({exc.text}).")
            continue
        except (KeyError, TypeError, ZeroDivisionError, ValueError):
            out.append(f"- {name}: not measured.")
            continue
        if (value >= target) if higher else (value <= target):
            met += 1
            out.append(f"- {name}: met ({value:,.3g}).")
        elif target == 0:
            out.append(f"- {name}: **MISSED** ({value:,.0f}).")
        else:
            factor = target / value if higher else value / target
            out.append(f"- {name}: **MISSED** ({value:,.3g}; {factor:,.2f}× off the target).")
    out.insert(1, f"- {met} of {len(_checks())} met.")
    return out


# ------------------------------------------------------------------ growth and projection

GROWTH: tuple[tuple[str, str, Callable[[dict[str, Any]], float]], ...] = (
    ("ingest wall", "s", lambda r: dig(r, "ingest", "wall")),
    ("ingest peak RSS", "MB", lambda r: dig(r, "ingest", "peak_rss") / MB),
    ("snapshot build", "s", lambda r: dig(r, "snapshot", "build_s")),
    ("snapshot size", "MB", lambda r: _snapshot_mb(r)),
    ("serve ready (networkx)", "s", lambda r: dig(r, "networkx", "ready")),
    ("service PSS (networkx, all workers)", "MB", lambda r: dig(r, "networkx", "memory", "pss") / MB),
    ("serve ready (Neo4j)", "s", lambda r: dig(r, "neo4j", "ready")),
    ("service PSS (Neo4j backend, Python side)", "MB", lambda r: dig(r, "neo4j", "memory", "pss") / MB),
    ("API implementers p99 (networkx)", "ms", lambda r: dig(r, "networkx", "api", "implementers", "p99")),
    ("API coverage commune p99 (networkx)", "ms",
     lambda r: dig(r, "networkx", "api", "coverage_commune", "p99")),
    ("API document (most cited) p99 (networkx)", "ms",
     lambda r: dig(r, "networkx", "api", "document_big", "p99")),
    ("API resolve p99 (networkx)", "ms", lambda r: dig(r, "networkx", "api", "resolve", "p99")),
    ("API stats p99 (networkx)", "ms", lambda r: dig(r, "networkx", "api", "stats", "p99")),
    ("API implementers p99 (Neo4j)", "ms", lambda r: dig(r, "neo4j", "api", "implementers", "p99")),
    ("API coverage district p99 (Neo4j)", "ms", lambda r: dig(r, "neo4j", "api", "coverage_district", "p99")),
    ("Neo4j fresh load wall", "s", lambda r: dig(r, "neo4j", "load", "wall")),
    ("Neo4j data dir", "MB", lambda r: dig(r, "neo4j", "load", "store_bytes") / MB),
    ("Neo4j server RSS after the API", "MB", lambda r: dig(r, "neo4j", "server_rss") / MB),
    ("corpus", "MB", lambda r: dig(r, "synth", "mb")),
    ("data dir", "MB", lambda r: dig(r, "disk", "data_dir") / MB),
)
MILLION = 1_000_000


def fit(points: list[tuple[int, float]]) -> tuple[float, float] | None:
    """Least squares of log(cost) = log(a) + b·log(N): (b, the cost at 1M projected from the largest N)."""
    pts = [(n, v) for n, v in points if v > 0]
    big = [(n, v) for n, v in pts if n >= 10_000]
    pts = big if len(big) >= 2 else pts
    if len(pts) < 2:
        return None
    xs, ys = [math.log(n) for n, _ in pts], [math.log(v) for _, v in pts]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    den = sum((x - mx) ** 2 for x in xs)
    if den == 0:
        return None
    b = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / den
    n_last, v_last = pts[-1]
    return b, v_last * (MILLION / n_last) ** b


def _series(results: list[dict[str, Any]], get: Callable[[dict[str, Any]], float]) -> list[tuple[int, float]]:
    out = []
    for r in results:
        try:
            out.append((r["docs"], float(get(r))))
        except (Missing, KeyError, TypeError, ZeroDivisionError, ValueError):
            continue
    return out


def growth(results: list[dict[str, Any]]) -> list[str]:
    """Per cost: the measured values, the fitted exponent (1 = linear), the value projected to 1M."""
    sizes = [r["docs"] for r in results]
    lines = [
        "Fit: least squares of log(cost) against log(documents) over the sizes ≥ 10,000 measured (all sizes "
        "when fewer than two), cost ∝ N^b; b = 1 is linear growth, b ≈ 0 a cost that does not grow. The 1M "
        "column extrapolates from the largest size measured with that b: an estimate, not a measurement.",
        "",
        "| cost | unit | " + " | ".join(f"{n:,}" for n in sizes) + " | b | 1,000,000 (projected) |",
        "|---|---|" + "---:|" * (len(sizes) + 2),
    ]
    for label, unit, get in GROWTH:
        series = dict(_series(results, get))
        if not series:
            continue
        fitted = fit(sorted(series.items()))
        cells = [fmt(series[n], 1) if n in series else "—" for n in sizes]
        tail = [f"{fitted[0]:.2f}", fmt(fitted[1], 1)] if fitted else ["—", "—"]
        lines.append(f"| {label} | {unit} | " + " | ".join(cells + tail) + " |")
    return lines


def deployment(results: list[dict[str, Any]]) -> list[str]:
    """RAM, disk and time of a 1,000,000-document deployment, from the fitted costs."""
    def proj(get: Callable[[dict[str, Any]], float]) -> float | None:
        fitted = fit(_series(results, get))
        return fitted[1] if fitted else None

    ingest_s = proj(lambda r: dig(r, "ingest", "wall"))
    ingest_rss = proj(lambda r: dig(r, "ingest", "peak_rss") / GB)
    pss = proj(lambda r: dig(r, "networkx", "memory", "pss") / GB)
    ready = proj(lambda r: dig(r, "networkx", "ready"))
    corpus = proj(lambda r: dig(r, "synth", "mb") * 1e6 / GB)
    data = proj(lambda r: dig(r, "disk", "data_dir") / GB)
    export = proj(lambda r: dig(r, "disk", "export") / GB)
    store = proj(lambda r: dig(r, "neo4j", "load", "store_bytes") / GB)
    load_s = proj(lambda r: dig(r, "neo4j", "load", "wall"))
    neo_rss = proj(lambda r: dig(r, "neo4j", "server_rss") / GB)
    if ingest_s is None:
        return ["- fewer than two sizes measured: nothing to project yet."]

    def g(v: float | None, unit: str = "GB", digits: int = 1) -> str:
        return "not measured" if v is None else f"{v:,.{digits}f} {unit}"

    neo_ram = max(neo_rss or 0.0, 2.0 + store) if store is not None else neo_rss
    lines = [
        "Projected with the fits above (each cost ∝ N^b from the measured sizes; the corpus of 1M "
        "generated documents has the same mix of levels and lengths):",
        "",
        f"- **Time**: ingest {g(ingest_s / 60 if ingest_s else None, 'min')}; fresh Neo4j load "
        f"{g(load_s / 60 if load_s else None, 'min')}; `cpgraph serve` ready in {g(ready, 's')}.",
        f"- **RAM**: ingest peak {g(ingest_rss)} (the ingest runs alone); the service's processes {g(pss)} "
        f"(PSS, 2 workers, networkx). With the Neo4j backend its server: RSS {g(neo_rss)} by the fit, or "
        f"its 2 GB heap (as `cpgraph neo4j start` sets it) plus a page cache as large as its data dir "
        f"({g(store)}) to answer from memory; the larger of the two: {g(neo_ram)}.",
        f"- **Disk**: corpus {g(corpus)}, data dir {g(data)}, export JSON {g(export)} (only when exported), "
        f"Neo4j data dir {g(store)}: "
        f"{g(sum(v for v in (corpus, data, store) if v is not None))} without the export.",
    ]
    return lines
