"""Headless Chromium for the explorer: PNG pictures for reports, and the browser tests.

Uses the system Chromium and chromedriver (Debian: ``apt install chromium chromium-driver
fonts-noto-cjk``) through selenium, never a downloaded browser. A session starts with a fresh
profile, background networking off, and page network access blocked three ways: DNS resolves
nothing, every request goes to a proxy that does not exist, and the DevTools protocol blocks
http(s)/ws(s)/ftp URLs. Only ``file://`` and ``data:`` documents load.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from chainatlas.graph.errors import ChainAtlasError

__all__ = [
    "BrowserUnavailable",
    "CHROME_FLAGS",
    "BLOCKED_URL_PATTERNS",
    "find_chromium",
    "find_chromedriver",
    "headless_session",
    "wait_ready",
    "page_requests",
    "console_messages",
    "screenshot_html",
]

CHROME_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
    "--disable-domain-reliability",
    "--disable-client-side-phishing-detection",
    "--metrics-recording-only",
    "--disable-dev-shm-usage",
    "--hide-scrollbars",
    "--host-resolver-rules=MAP * ~NOTFOUND",
    "--proxy-server=http://127.0.0.1:9",
    "--proxy-bypass-list=<-loopback>",
)
BLOCKED_URL_PATTERNS = ("http://*", "https://*", "ws://*", "wss://*", "ftp://*")
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
DRIVER_PATHS = ("/usr/lib/chromium/chromedriver", "/usr/lib/chromium-browser/chromedriver")
INSTALL_HINT = (
    "install Chromium and its driver (Debian/Ubuntu: apt install chromium chromium-driver "
    "fonts-noto-cjk) or set {var} to its path"
)


class BrowserUnavailable(ChainAtlasError):
    """Chromium, chromedriver or selenium is missing, or the browser did not start."""


def _find(env: str, names: tuple[str, ...], paths: tuple[str, ...], what: str) -> Path:
    given = os.environ.get(env)
    if given:
        if Path(given).is_file():
            return Path(given)
        raise BrowserUnavailable(f"{what} not found at {given!r} (from ${env})")
    for name in names:
        found = shutil.which(name)
        if found:
            return Path(found)
    for p in paths:
        if Path(p).is_file():
            return Path(p)
    raise BrowserUnavailable(f"{what} not found; " + INSTALL_HINT.format(var=f"${env}"))


def find_chromium() -> Path:
    """The Chromium executable: ``$CHAINATLAS_CHROMIUM``, else the first on ``PATH``."""
    return _find("CHAINATLAS_CHROMIUM", CHROMIUM_NAMES, (), "Chromium")


def find_chromedriver() -> Path:
    """The chromedriver executable: ``$CHAINATLAS_CHROMEDRIVER``, else ``PATH``."""
    return _find("CHAINATLAS_CHROMEDRIVER", ("chromedriver",), DRIVER_PATHS, "chromedriver")


@contextmanager
def headless_session(width: int = 1600, height: int = 1000) -> Iterator[Any]:
    """A selenium ``WebDriver`` on headless Chromium with a throwaway profile, network blocked.

    Console messages (``browser``) and DevTools network events (``performance``) are logged
    so that :func:`console_messages` and :func:`page_requests` can read them.
    """
    try:
        from selenium import webdriver
        from selenium.common.exceptions import WebDriverException
        from selenium.webdriver.chrome.service import Service
    except ImportError as exc:  # pragma: no cover - depends on the install
        raise BrowserUnavailable(
            "selenium is not installed: pip install 'chainatlas[browser]'"
        ) from exc
    chromium, driver_path = find_chromium(), find_chromedriver()
    profile = tempfile.mkdtemp(prefix="chainatlas-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = str(chromium)
    for flag in (*CHROME_FLAGS, f"--window-size={width},{height}", f"--user-data-dir={profile}"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    try:
        driver = webdriver.Chrome(
            service=Service(executable_path=str(driver_path)), options=options
        )
    except WebDriverException as exc:
        shutil.rmtree(profile, ignore_errors=True)
        first = (exc.msg or str(exc)).strip().splitlines()[0]
        raise BrowserUnavailable(f"headless Chromium did not start ({chromium}): {first}") from exc
    try:
        driver.execute_cdp_cmd("Network.enable", {})
        driver.execute_cdp_cmd("Network.setBlockedURLs", {"urls": list(BLOCKED_URL_PATTERNS)})
        page_requests(driver)  # drop what the start page logged
        console_messages(driver)
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def wait_ready(driver: Any, timeout: float = 30.0) -> float:
    """Wait until the explorer has drawn (``window.chainatlasView.ready``); returns seconds."""
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        if driver.execute_script("return !!(window.chainatlasView && window.chainatlasView.ready)"):
            return time.monotonic() - start
        time.sleep(0.05)
    raise BrowserUnavailable(f"the explorer page did not finish drawing within {timeout:g} s")


def page_requests(driver: Any) -> list[str]:
    """URLs the page asked for since the last call (DevTools ``Network.requestWillBeSent``)."""
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message.get("method") == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


def console_messages(driver: Any) -> list[dict[str, Any]]:
    """Console messages since the last call: dicts with ``level`` and ``message``."""
    return list(driver.get_log("browser"))


def screenshot_html(
    html: str | Path, png: str | Path, *, width: int = 1600, height: int = 1000
) -> Path:
    """Render the explorer page ``html`` to ``png`` without the panel (the report picture)."""
    html, png = Path(html).resolve(), Path(png)
    if not html.is_file():
        raise ChainAtlasError(f"no explorer page at {html}")
    png.parent.mkdir(parents=True, exist_ok=True)
    with headless_session(width, height) as driver:
        driver.get(html.as_uri() + "#print")
        wait_ready(driver)
        driver.execute_async_script(
            "var done = arguments[arguments.length - 1];"
            "var v = window.chainatlasView; v.fit();"  # every dot and label, centred
            "requestAnimationFrame(function () { requestAnimationFrame(done); });"
        )
        if not driver.save_screenshot(str(png)):
            raise BrowserUnavailable(f"Chromium could not write the screenshot {png}")
    return png
