"""How fast the explorer opens: build, render and first draw in headless Chromium.

    .venv/bin/python benchmarks/explorer.py                    # chainkg import if ../shared/data has it
    .venv/bin/python benchmarks/explorer.py --synthetic        # a 1,511-node synthetic product graph
    .venv/bin/python benchmarks/explorer.py --around 锂电池 --depth 2

Prints seconds; "first draw" is the page's own clock (navigation start to the first
``afterDrawing`` of vis-network), "redraw" a zoom-and-redraw once the page is up.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from chainatlas.graph.embedded.store import NetworkXStore  # noqa: E402

from chainatlas.browser import headless_session, page_requests, wait_ready  # noqa: E402
from chainatlas.explorer import build_around_view, write_html  # noqa: E402

CHAINKG = ROOT.parent / "shared" / "data" / "chainkg"


def _store(tmp: Path, synthetic: bool) -> tuple[NetworkXStore, str]:
    store = NetworkXStore(tmp / "store")
    if synthetic or not CHAINKG.is_dir():
        from tests.explorer_support import write_synthetic

        write_synthetic(store)
        return store, "synthetic product graph"
    from chainatlas.loaders.chainkg import read_chainkg

    start = time.perf_counter()
    report, _ = read_chainkg(CHAINKG)
    store.write(report.valid[0])
    return store, f"chainkg import ({time.perf_counter() - start:.1f} s to import)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--around", default="锂电池")
    parser.add_argument("--depth", type=int, default=2)
    parser.add_argument("--synthetic", action="store_true")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        store, what = _store(tmp, args.synthetic)
        start = time.perf_counter()
        view = build_around_view(store, args.around, args.depth)
        built = time.perf_counter() - start
        start = time.perf_counter()
        page = write_html(view, tmp / "around.html")
        rendered = time.perf_counter() - start
        print(f"data: {what}")
        print(f"view: {args.around} depth {args.depth}: {view.counts()}")
        print(
            f"build {built:.2f} s, render {rendered:.2f} s, page {page.stat().st_size / 1e6:.1f} MB"
        )
        with headless_session() as driver:
            for run in range(args.runs):
                page_requests(driver)
                start = time.perf_counter()
                driver.get(page.as_uri())
                wait_ready(driver, timeout=60)
                wall = time.perf_counter() - start
                first = driver.execute_script("return window.chainatlasView.readyMs") / 1000
                redraw = driver.execute_async_script(
                    "var done = arguments[arguments.length - 1], v = window.chainatlasView;"
                    "var t = performance.now(); v.network.moveTo({scale: 0.6});"
                    "v.network.redraw(); requestAnimationFrame(function () {"
                    " done(performance.now() - t); });"
                )
                outside = [u for u in page_requests(driver) if not u.startswith(("file:", "data:"))]
                print(
                    f"run {run + 1}: first draw {first:.2f} s (wall {wall:.2f} s), "
                    f"redraw {redraw / 1000:.3f} s, requests outside the file: {len(outside)}"
                )


if __name__ == "__main__":
    main()
