"""The explorer in a real headless Chromium, with the network blocked.

Each page is loaded from a file with DNS resolving nothing, a proxy that does not exist and
DevTools blocking http(s)/ws(s)/ftp; the DevTools network log then lists every request the page
made and the console log every message. The first test proves both detectors see a request
and an error when a page does try to go out, so the others' "nothing" means nothing.
"""

from __future__ import annotations

import struct
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from chainatlas.graph.embedded.store import NetworkXStore
from typer.testing import CliRunner

from chainatlas import find_candidates
from chainatlas.api import load_sample
from chainatlas.browser import (
    BrowserUnavailable,
    console_messages,
    find_chromedriver,
    find_chromium,
    headless_session,
    page_requests,
    wait_ready,
)
from chainatlas.cli import app
from chainatlas.explorer import build_around_view, build_chain_view, write_html
from chainatlas.explorer.view import ExplorerView
from chainatlas.words import say
from tests.conftest import MINI, ROOT, require
from tests.explorer_support import CENTRE, load_explorer_fixtures, write_synthetic

pytestmark = pytest.mark.browser
OUT = ROOT / "out"


@pytest.fixture(scope="module")
def driver() -> Iterator[Any]:
    try:
        find_chromium(), find_chromedriver()
    except BrowserUnavailable as exc:
        require(False, str(exc))
    with headless_session(1600, 1000) as d:
        yield d


@pytest.fixture
def ex_store(tmp_path: Path) -> NetworkXStore:
    store = NetworkXStore(tmp_path / "store")
    load_explorer_fixtures(store)
    return store


def open_page(driver: Any, path: Path, fragment: str = "") -> tuple[list[str], list[dict]]:
    """Load ``path``, wait until drawn; the requests and console messages of the load."""
    page_requests(driver)
    console_messages(driver)
    driver.get(path.resolve().as_uri() + fragment)
    wait_ready(driver)
    return page_requests(driver), console_messages(driver)


def assert_offline_and_clean(driver: Any, path: Path, requests: list[str], console: list[dict]):
    assert [u for u in requests if not u.startswith("data:")] == [path.resolve().as_uri()]
    assert [m for m in console if m["level"] in ("SEVERE", "WARNING")] == []


def js(driver: Any, script: str, *args: Any) -> Any:
    return driver.execute_script(script, *args)


def view_counts(driver: Any) -> tuple[int, int]:
    return tuple(js(driver, "var v = window.chainatlasView; return [v.nodes, v.edges];"))


def panel_text(driver: Any) -> str:
    return str(driver.find_element("id", "ca-detail").text)


def test_the_detectors_see_a_page_that_tries_to_go_out(driver: Any, tmp_path: Path) -> None:
    leaky = tmp_path / "leaky.html"
    leaky.write_text(
        '<!DOCTYPE html><html><body><img src="http://example.com/a.png">'
        "<script>fetch('https://example.org/x').catch(function () {});"
        "window.chainatlasView = {ready: true};</script>"
        "<script>notDefinedAnywhere();</script></body></html>",
        encoding="utf-8",
    )
    page_requests(driver)
    console_messages(driver)
    driver.get(leaky.as_uri())
    wait_ready(driver)
    driver.execute_async_script("setTimeout(arguments[0], 300)")
    requests = page_requests(driver)
    assert "http://example.com/a.png" in requests
    assert "https://example.org/x" in requests
    errors = [m["message"] for m in console_messages(driver) if m["level"] == "SEVERE"]
    assert any("notDefinedAnywhere" in m for m in errors)
    assert js(driver, "return document.images[0].complete && document.images[0].naturalWidth") == 0


def test_chain_page_is_offline_clean_and_complete(
    driver: Any, ex_store: NetworkXStore, tmp_path: Path
) -> None:
    view = build_chain_view(ex_store, ["mini-battery"], "410700")
    path = write_html(view, tmp_path / "chain.html")
    requests, console = open_page(driver, path)
    assert_offline_and_clean(driver, path, requests, console)
    segments = ex_store.chain_segments("mini-battery")
    links = ex_store.chain_links("mini-battery")
    parents = [s for s in segments if s.parent]
    assert view_counts(driver) == (len(segments), len(links) + len(parents)) == (6, 6)
    assert js(driver, "return window.chainatlasView.meta.counts['edge:feeds']") == len(links)


def test_clicking_a_gap_shows_its_candidates_and_toggles_them_on_the_map(
    driver: Any, ex_store: NetworkXStore, tmp_path: Path
) -> None:
    from selenium.webdriver.common.action_chains import ActionChains

    view = build_chain_view(ex_store, ["mini-battery"], "410700")
    path = write_html(view, tmp_path / "c.html")
    open_page(driver, path)
    canvas = driver.find_element("css selector", "#ca-network canvas")
    pos = js(driver, "return window.chainatlasView.domPosition('seg:separator')")
    size = canvas.size
    ActionChains(driver).move_to_element_with_offset(
        canvas, int(pos["x"] - size["width"] / 2), int(pos["y"] - size["height"] / 2)
    ).click().perform()
    text = panel_text(driver)
    expected = find_candidates(ex_store, "separator", region="410700", top=5).candidates
    assert text.startswith("隔膜")
    assert f"候选企业 ({len(expected)})" in text
    shown = next(n for n in view.nodes if n.id == "seg:separator").candidates
    assert [c.enterprise_id for c in shown] == [c.enterprise_id for c in expected]
    for cand in shown:
        assert cand.name in text
        factor = say(f"factor.{cand.factors[0].name}", "zh")  # the page speaks Chinese
        assert f"{factor} " in text and cand.factors[0].evidence in text
    assert "标注于环节 隔膜 (separator)" in text  # names before codes
    before = view_counts(driver)
    driver.find_element("id", "ca-toggle-candidates").click()
    assert view_counts(driver) == (before[0] + len(expected), before[1] + len(expected))
    assert "从图上隐藏候选企业" in driver.find_element("id", "ca-toggle-candidates").text
    driver.find_element("id", "ca-toggle-candidates").click()
    assert view_counts(driver) == before
    driver.find_element("id", "ca-cand-all").click()  # every gap's candidates at once
    shown = view_counts(driver)
    assert shown[0] > before[0]
    driver.find_element("id", "ca-cand-all").click()
    assert view_counts(driver) == before
    assert [m for m in console_messages(driver) if m["level"] == "SEVERE"] == []


def test_search_by_alias_and_filters(driver: Any, ex_store: NetworkXStore, tmp_path: Path) -> None:
    view = build_chain_view(ex_store, ["mini-battery", "mini-ev"], "410700")
    path = write_html(view, tmp_path / "fused.html")
    requests, console = open_page(driver, path)
    assert_offline_and_clean(driver, path, requests, console)
    assert view_counts(driver) == (view.counts()["nodes"], view.counts()["edges"]) == (7, 8)
    box = driver.find_element("id", "ca-search")
    box.send_keys("锂电池隔膜")  # an alias of 隔膜
    hits = driver.find_elements("css selector", "#ca-results button")
    assert [h.get_attribute("data-node") for h in hits] == ["seg:separator"]
    hits[0].click()
    assert panel_text(driver).startswith("隔膜")
    box.clear()
    missing = sum(1 for n in view.nodes if n.coverage == "missing")
    driver.find_element(
        "css selector", 'input[data-field="coverage"][data-value="missing"]'
    ).click()
    assert js(driver, "return window.chainatlasView.hiddenCount()") == missing > 0
    driver.find_element("css selector", 'input[data-field="tier"][data-value="upstream"]').click()
    upstream_or_missing = sum(
        1 for n in view.nodes if n.coverage == "missing" or n.tier == "upstream"
    )
    assert js(driver, "return window.chainatlasView.hiddenCount()") == upstream_or_missing
    for sel in ('[data-value="missing"]', '[data-value="upstream"]'):
        driver.find_element("css selector", f"input{sel}").click()
    assert js(driver, "return window.chainatlasView.hiddenCount()") == 0


def test_hostile_names_show_as_text_and_run_nothing(
    driver: Any, ex_store: NetworkXStore, tmp_path: Path
) -> None:
    from selenium.webdriver.common.action_chains import ActionChains

    view = build_chain_view(ex_store, ["mini-battery", "mini-ev"], "410700")
    path = write_html(view, tmp_path / "xss.html")
    requests, console = open_page(driver, path)
    assert_offline_and_clean(driver, path, requests, console)
    assert js(driver, "return typeof window.__xss") == "undefined"
    js(driver, "window.chainatlasView.select('seg:separator')")
    assert '<img src=x onerror="window.__xss=1">' in panel_text(driver)
    assert "</script><script>window.__xss=2</script>" in panel_text(driver)
    js(driver, "window.chainatlasView.select('seg:vehicles')")
    assert '<svg onload="window.__xss=3">&amp;' in panel_text(driver)
    js(driver, "window.chainatlasView.search('<img')")
    js(driver, "window.chainatlasView.showCandidates('seg:separator')")
    js(driver, "window.chainatlasView.select('cand:xss-img')")
    assert panel_text(driver).startswith('<img src=x onerror="window.__xss=1">')
    # the tooltip of a hostile candidate node: plain text (innerText: only <br> for newlines)
    canvas = driver.find_element("css selector", "#ca-network canvas")
    pos = js(driver, "return window.chainatlasView.domPosition('cand:xss-script')")
    size = canvas.size
    ActionChains(driver).move_to_element_with_offset(
        canvas, int(pos["x"] - size["width"] / 2), int(pos["y"] - size["height"] / 2)
    ).perform()
    driver.execute_async_script("setTimeout(arguments[0], 600)")
    tip = js(
        driver,
        "var t = document.querySelector('.vis-tooltip');"
        "return t ? [t.innerText, Array.from(t.children).map(function (c) {"
        " return c.tagName; })] : null;",
    )
    assert tip is not None and tip[0].startswith("</script><script>window.__xss=2</script>")
    assert set(tip[1]) <= {"BR"}
    injected = "#ca-panel img, #ca-panel svg, #ca-panel b, #ca-results img, .vis-tooltip img"
    assert js(driver, f"return document.querySelectorAll('{injected}').length") == 0
    assert js(driver, "return typeof window.__xss") == "undefined"
    assert [m for m in console_messages(driver) if m["level"] == "SEVERE"] == []


def _cjk_renders(driver: Any) -> bool:
    """Two different CJK characters draw differently (missing glyphs all draw the same box)."""
    return bool(
        js(
            driver,
            """
            function draw(ch) {
              var c = document.createElement('canvas'); c.width = 40; c.height = 40;
              var g = c.getContext('2d'); g.font = getComputedStyle(document.body).fontSize
                + ' ' + getComputedStyle(document.body).fontFamily;
              g.font = '32px ' + getComputedStyle(document.body).fontFamily;
              g.fillText(ch, 2, 32); return c.toDataURL();
            }
            var blank = document.createElement('canvas'); blank.width = 40; blank.height = 40;
            var a = draw('电'), b = draw('池');
            return a !== b && a !== blank.toDataURL();
            """,
        )
    )


def test_sample_chains_open_offline_and_are_photographed(driver: Any, tmp_path: Path) -> None:
    store = NetworkXStore(tmp_path / "store")
    load_sample(store)
    chains = store.chains()
    assert len(chains) >= 3
    OUT.mkdir(exist_ok=True)
    for chain in chains:
        view: ExplorerView = build_chain_view(store, [chain.id], "410700")
        path = write_html(view, tmp_path / f"explorer-{chain.id}.html")
        requests, console = open_page(driver, path)
        assert_offline_and_clean(driver, path, requests, console)
        assert view_counts(driver) == (
            len(store.chain_segments(chain.id)),
            len(store.chain_links(chain.id))
            + sum(1 for s in store.chain_segments(chain.id) if s.parent),
        )
        assert _cjk_renders(driver)
        gaps = [n for n in view.nodes if n.candidates and n.coverage != "strong"]
        if gaps:
            top = max(gaps, key=lambda n: (n.priority or 0, n.id))
            js(driver, f"window.chainatlasView.showCandidates({top.id!r})")
            js(driver, f"window.chainatlasView.select({top.id!r})")
        driver.execute_async_script(
            "var done = arguments[arguments.length - 1];"
            "requestAnimationFrame(function () { requestAnimationFrame(done); });"
        )
        shot = OUT / f"explorer-{chain.id}.png"
        assert driver.save_screenshot(str(shot))
        assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_a_1500_node_neighbourhood_opens(driver: Any, tmp_path: Path) -> None:
    store = NetworkXStore(tmp_path / "store")
    expected = write_synthetic(store)
    view = build_around_view(store, CENTRE, depth=2)
    path = write_html(view, tmp_path / "around.html")
    requests, console = open_page(driver, path)
    assert_offline_and_clean(driver, path, requests, console)
    assert view_counts(driver) == (expected, expected - 1)
    assert js(driver, "return window.chainatlasView.network.physics.options.enabled") is False
    js(driver, f"window.chainatlasView.focus('prod:{CENTRE}')")
    assert panel_text(driver).startswith(CENTRE)


def test_cli_png_renders_the_same_view(tmp_path: Path) -> None:
    try:
        find_chromium(), find_chromedriver()
    except BrowserUnavailable as exc:
        require(False, str(exc))
    store = tmp_path / "store"
    runner = CliRunner()
    assert (
        runner.invoke(
            app, ["--store", str(store), "load", *map(str, sorted(MINI.iterdir()))]
        ).exit_code
        == 0
    )
    assert runner.invoke(app, ["--store", str(store), "init", "--region", "410700"]).exit_code == 0
    html, png = tmp_path / "x.html", tmp_path / "x.png"
    result = runner.invoke(
        app,
        [
            "--store",
            str(store),
            "explore",
            "-c",
            "mini-battery",
            "-o",
            str(html),
            "--png",
            str(png),
        ],
    )
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[-1] == f"已写入 {png}"
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert width == 1600 and 600 <= height <= 1000


def test_notebook_frame_runs_the_page_inside_its_sandboxed_iframe(
    driver: Any, ex_store: NetworkXStore, tmp_path: Path
) -> None:
    from chainatlas.explorer import notebook_frame

    view = build_chain_view(ex_store, ["mini-battery", "mini-ev"], "410700")
    outer = tmp_path / "notebook.html"
    outer.write_text(
        "<!DOCTYPE html><html><head><meta charset='utf-8'></head><body>"
        + notebook_frame(view).data
        + "</body></html>",
        encoding="utf-8",
    )
    page_requests(driver)
    console_messages(driver)
    driver.get(outer.as_uri())
    driver.switch_to.frame(driver.find_element("css selector", "iframe"))
    try:
        wait_ready(driver)
        assert view_counts(driver) == (7, 8)
        assert js(driver, "return typeof window.__xss") == "undefined"
        js(driver, "window.chainatlasView.select('seg:separator')")
        assert "</script><script>window.__xss=2</script>" in panel_text(driver)
    finally:
        driver.switch_to.default_content()
    assert [u for u in page_requests(driver) if not u.startswith(("data:", "about:"))] == [
        outer.as_uri()
    ]
    assert [m for m in console_messages(driver) if m["level"] == "SEVERE"] == []
