"""Screenshots of every page at 1366 and 390 px, into docs/screenshots/ (linked from the README).

    .venv/bin/python scripts/screenshots.py [--data-dir DIR] [--out docs/screenshots]

Ingests the example corpus into a temporary data dir (unless --data-dir is given), starts a real
`cpgraph serve` on a free 127.0.0.1 port, and drives Debian's /usr/bin/chromium headless with Playwright
(nothing is downloaded; every request leaving 127.0.0.1 is aborted). Long pages are cut at the first
2,400 px so the images stay readable. Run it again after changing a page.
"""
from __future__ import annotations

import argparse
import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote, urlsplit

import httpx

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
WIDTHS = {"1366": (1366, 768), "390": (390, 844)}
MAX_HEIGHT = 2400

DIRECTIVE = "ct-tw-28-2023"
PROVINCE_PLAN = "kh-ubnd-58-2024@ubnd-tinh-quang-ngai"
# Three levels: this letter of the Sở carries out the province plan, which carries out the directive.
CHAIN_END = "sldtbxh-bvcste-812-2024@so-lao-dong-thuong-binh-va-xa-hoi-tinh-quang-ngai"

# name, path, what to wait for (a CSS selector)
PAGES: list[tuple[str, str, str]] = [
    ("search", "/?q=k%E1%BA%BF%20ho%E1%BA%A1ch%20145", "main"),
    ("search-filters", "/?type=ke_hoach&level=district", "main"),
    ("document-directive", f"/documents/{DIRECTIVE}", "#implementers-tree"),
    ("document-lineage", f"/documents/{quote(CHAIN_END, safe='')}", "nav.lineage"),
    ("coverage-province", f"/coverage/{DIRECTIVE}?level=province", "#coverage-map"),
    ("coverage-commune", f"/coverage/{DIRECTIVE}?level=commune", "#province-table"),
    ("coverage-quang-ngai", f"/coverage/{DIRECTIVE}?level=district&province=Qu%E1%BA%A3ng%20Ng%C3%A3i"
                            "&overdue_days=120", "#coverage-table"),
    ("coverage-uncovered", f"/coverage/{DIRECTIVE}?level=commune&province=Qu%E1%BA%A3ng%20Ng%C3%A3i"
                           "&status=uncovered", "#coverage-table"),
    ("coverage-2025", f"/coverage/{DIRECTIVE}?level=province&map=2025", "#coverage-map"),
    ("graph", f"/graph/{DIRECTIVE}?depth=2", "body[data-graph-stable='1']"),
    ("graph-levels", f"/graph/{DIRECTIVE}?depth=2&layout=levels", "body[data-graph-stable='1']"),
    ("stats", "/stats", "main"),
    ("docs", "/docs", ".opblock"),
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def serve(data_dir: Path) -> Iterator[str]:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("CPGRAPH_")}
    proc = subprocess.Popen([sys.executable, "-m", "graphsvc.cli", "serve", "--data-dir", str(data_dir),
                             "--host", "127.0.0.1", "--port", str(port)], cwd=REPO, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(base + "/api/health", timeout=1).status_code == 200:
                    break
            if proc.poll() is not None:
                raise SystemExit("cpgraph serve stopped")
            time.sleep(0.1)
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def local_only(route, request) -> None:  # noqa: ANN001
    host = urlsplit(request.url).hostname
    if host == "127.0.0.1" or urlsplit(request.url).scheme in ("data", "blob"):
        route.continue_()
    else:
        route.abort()


def card_shot(page, base: str, out: Path, width_name: str, phone: bool) -> Path:  # noqa: ANN001
    """The graph after a tap (phone) or click on the province plan: its card, with the open button."""
    page.goto(f"{base}/graph/{DIRECTIVE}?depth=1", wait_until="networkidle")
    page.wait_for_selector("body[data-graph-stable='1']", state="attached", timeout=60_000)
    page.locator("#network").scroll_into_view_if_needed()
    x, y = page.evaluate(
        "(id) => { const n = window.cpgraphNetwork; const d = n.canvasToDOM(n.getPositions([id])[id]);"
        " const r = document.getElementById('network').getBoundingClientRect();"
        " return [r.left + d.x, r.top + d.y]; }", PROVINCE_PLAN)
    if phone:
        page.touchscreen.tap(x, y)
    else:
        page.mouse.click(x, y)
    page.wait_for_selector("#graph-card:not([hidden])", timeout=10_000)
    target = out / f"graph-card-{width_name}.png"
    page.screenshot(path=str(target))
    print(f"{target.relative_to(REPO)}  (viewport)")
    return target


def take(base: str, out: Path) -> list[Path]:
    from playwright.sync_api import sync_playwright

    written = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        for width_name, (width, height) in WIDTHS.items():
            phone = width_name == "390"
            context = browser.new_context(viewport={"width": width, "height": height}, has_touch=phone,
                                          is_mobile=phone, service_workers="block")
            context.route("**/*", local_only)
            page = context.new_page()
            for name, path, ready in PAGES:
                page.goto(base + path, wait_until="networkidle")
                page.wait_for_selector(ready, state="attached", timeout=60_000)
                full = page.evaluate("document.documentElement.scrollHeight")
                target = out / f"{name}-{width_name}.png"
                page.screenshot(path=str(target), full_page=True,
                                clip={"x": 0, "y": 0, "width": width, "height": min(full, MAX_HEIGHT)})
                written.append(target)
                print(f"{target.relative_to(REPO)}  ({width}×{min(full, MAX_HEIGHT)})")
            written.append(card_shot(page, base, out, width_name, phone))
            context.close()
        browser.close()
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, help="a data dir to serve (default: ingest examples/corpus)")
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "screenshots")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = args.data_dir
        if data_dir is None:
            data_dir = Path(tmp) / "data"
            subprocess.run([sys.executable, "-m", "graphsvc.cli", "ingest", str(REPO / "examples" / "corpus"),
                            "--data-dir", str(data_dir)], cwd=REPO, check=True, stdout=subprocess.DEVNULL)
        with serve(data_dir) as base:
            take(base, args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
