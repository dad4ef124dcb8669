"""The explorer reads at a glance (issue 18): in a real headless Chromium, no two labels overlap
at the default zoom, the drawing is centred in the canvas, the side panel shows names before
codes; the same for the ``--png`` picture. Boxes come from the page itself: vis-network's node
positions and the label sizes it measured with the canvas's text metrics."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from chainatlas.graph.embedded.store import NetworkXStore
from chainatlas.graph.store import Store
from typer.testing import CliRunner

from chainatlas.api import load_paths, load_sample
from chainatlas.browser import (
    BrowserUnavailable,
    find_chromedriver,
    find_chromium,
    headless_session,
    page_requests,
    wait_ready,
)
from chainatlas.cli import app
from chainatlas.explorer import build_chain_view, write_html
from chainatlas.explorer.view import ExplorerView
from tests.conftest import FIXTURES, require
from tests.explorer_support import colour_box, drawing_box, overlaps

pytestmark = pytest.mark.browser
TALL = FIXTURES / "tall"
COVERAGE_RGB = [(0xE5, 0x39, 0x35), (0xFB, 0xC0, 0x2D), (0x43, 0xA0, 0x47)]


def _browser() -> None:
    try:
        find_chromium(), find_chromedriver()
    except BrowserUnavailable as exc:
        require(False, str(exc))


@pytest.fixture(scope="module")
def driver() -> Iterator[Any]:
    _browser()
    with headless_session(1600, 1000) as d:
        yield d


@pytest.fixture(scope="module")
def stores(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Store]:
    sample = NetworkXStore(tmp_path_factory.mktemp("sample") / "s")
    load_sample(sample)
    tall = NetworkXStore(tmp_path_factory.mktemp("tall") / "s")
    load_paths(tall, sorted(TALL.iterdir()))
    return {"sample": sample, "tall": tall}


def geometry(driver: Any, path: Path, fragment: str = "") -> dict[str, Any]:
    page_requests(driver)
    driver.get(path.resolve().as_uri() + fragment)
    wait_ready(driver)
    assert [u for u in page_requests(driver) if not u.startswith("data:")] == [
        path.resolve().as_uri()
    ], "the page must open offline"
    return dict(driver.execute_script("return window.chainatlasView.geometry()"))


def assert_reads_at_a_glance(g: dict[str, Any], view: ExplorerView) -> None:
    shown = [n for n in g["nodes"]]
    assert len(shown) == len(view.nodes)
    assert all(n["label"] and n["label"]["right"] > n["label"]["left"] for n in shown)
    assert overlaps(g) == []
    box = drawing_box(g)
    left, right = box["left"], g["width"] - box["right"]
    top, bottom = box["top"], g["height"] - box["bottom"]
    assert min(left, right, top, bottom) >= 0, f"the drawing leaves the canvas: {box}"
    assert abs(left - right) <= 2 and abs(top - bottom) <= 2, f"not centred: {box} in {g}"
    if g["scale"] < 0.999:  # zoomed out to fit: one side fills the view
        fill = max(
            (box["right"] - box["left"]) / g["width"], (box["bottom"] - box["top"]) / g["height"]
        )
        assert fill >= 0.9, f"the drawing fills {fill:.0%} of the view"


def _cases(stores: dict[str, Store]) -> list[tuple[Store, str]]:
    sample = stores["sample"]
    return [(sample, c.id) for c in sample.chains()] + [(stores["tall"], "tall-chain")]


def test_overlap_check_sees_overlapping_labels(
    driver: Any, stores: dict[str, Store], tmp_path: Path
) -> None:
    """The check can fail: two nodes drawn at the same place are reported."""
    view = build_chain_view(stores["tall"], ["tall-chain"], "410700")
    view.nodes[1].x, view.nodes[1].y = view.nodes[0].x + 10, view.nodes[0].y + 10
    g = geometry(driver, write_html(view, tmp_path / "bad.html"))
    kinds = {k for k, a, b in overlaps(g) if {a, b} == {view.nodes[0].id, view.nodes[1].id}}
    assert {"label/label", "dot/dot"} <= kinds


def test_each_chain_reads_at_a_glance(
    driver: Any, stores: dict[str, Store], tmp_path: Path
) -> None:
    cases = _cases(stores)
    assert len(cases) >= 4
    for store, chain_id in cases:
        view = build_chain_view(store, [chain_id], "410700")
        g = geometry(driver, write_html(view, tmp_path / f"{chain_id}.html"))
        assert_reads_at_a_glance(g, view)
        # after the reader resizes the window the drawing is fitted again (not yet moved)
        driver.set_window_size(1200, 900)
        driver.execute_async_script("setTimeout(arguments[0], 400)")
        resized = dict(driver.execute_script("return window.chainatlasView.geometry()"))
        assert resized["width"] < g["width"]
        assert_reads_at_a_glance(resized, view)
        driver.set_window_size(1600, 1000)


def test_tall_tier_has_room_for_its_official_marks(
    driver: Any, stores: dict[str, Store], tmp_path: Path
) -> None:
    view = build_chain_view(stores["tall"], ["tall-chain"], "410700")
    marked = [n for n in view.nodes if n.official and n.tier == "midstream"]
    assert len(marked) >= 4 and all("[官方" in n.label for n in marked)
    assert len(view.nodes) == 11
    g = geometry(driver, write_html(view, tmp_path / "tall.html"))
    mid = sorted(
        (n for n in g["nodes"] if re.fullmatch(r"seg:m\d", n["id"])), key=lambda n: n["dot"]["top"]
    )
    assert len(mid) == 8
    for upper, lower in zip(mid, mid[1:], strict=False):
        assert upper["label"]["bottom"] <= lower["dot"]["top"], (upper["id"], lower["id"])


def test_panel_names_before_codes(driver: Any, stores: dict[str, Store], tmp_path: Path) -> None:
    view = build_chain_view(stores["tall"], ["tall-chain"], "410700")
    geometry(driver, write_html(view, tmp_path / "panel.html"))
    driver.execute_script("window.chainatlasView.select('seg:m2')")
    text = driver.find_element("id", "ca-detail").text
    assert "重庆硅业" in text
    assert "总部 重庆市 (500000)" in text
    assert not re.search(r"HQ \d{6}", text), text
    assert "高塔测试链 (tall-chain)" in text
    subtitle = driver.find_element("id", "ca-subtitle").text
    assert "新乡市 (410700)" in subtitle


def test_png_is_fitted_and_centred(stores: dict[str, Store], tmp_path: Path, driver: Any) -> None:
    _browser()
    store_dir = Path(str(getattr(stores["tall"], "location", "")))
    html, png = tmp_path / "t.html", tmp_path / "t.png"
    result = CliRunner().invoke(
        app,
        [
            "--store",
            str(store_dir),
            "explore",
            "-c",
            "tall-chain",
            "-r",
            "410700",
            "-o",
            str(html),
            "--png",
            str(png),
        ],
    )
    assert result.exit_code == 0, result.output
    # the page as the picture is taken (#print: no toolbar, no panel), measured in the browser
    view = build_chain_view(stores["tall"], ["tall-chain"], "410700")
    driver.set_window_size(1600, 1000)
    g = geometry(driver, html, "#print")
    driver.execute_script("window.chainatlasView.fit()")
    g = dict(driver.execute_script("return window.chainatlasView.geometry()"))
    assert_reads_at_a_glance(g, view)
    canvas = driver.execute_script(
        "var r = document.querySelector('#ca-network canvas').getBoundingClientRect();"
        "return [r.top, r.bottom];"
    )
    # and in the PNG itself: the dots sit around the middle of the canvas, not in one half
    box = colour_box(png.read_bytes(), COVERAGE_RGB, int(canvas[0]) + 2, int(canvas[1]))
    assert box is not None
    middle, centre = (box[1] + box[3]) / 2, (canvas[0] + canvas[1]) / 2
    assert abs(middle - centre) < 0.1 * (canvas[1] - canvas[0]), (box, canvas)
    assert box[3] - box[1] > 0.6 * (canvas[1] - canvas[0])  # the tall tier fills the height
