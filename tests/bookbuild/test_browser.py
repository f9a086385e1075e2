"""The HTML book in headless Chromium: charts draw, and nothing is fetched from outside `_book`."""

from __future__ import annotations

import shutil
from urllib.parse import unquote

import pytest

from tests.conftest import SLUG, Built

pytestmark = [pytest.mark.build, pytest.mark.browser]
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.skipif(CHROMIUM is None, reason="needs Debian's chromium")
@pytest.mark.parametrize("page", ["report/trade.html", f"{SLUG}-single.html"])
def test_chart_draws_without_network(built: Built, page: str) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    book = built.book.resolve()
    requests: list[str] = []
    errors: list[str] = []
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        try:
            tab = browser.new_page(viewport={"width": 390, "height": 800})
            tab.on("request", lambda r: requests.append(r.url))
            tab.on("pageerror", lambda e: errors.append(str(e)))
            tab.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            tab.goto((book / page).as_uri())
            tab.wait_for_selector("#fig-trade svg.marks, #fig-trade canvas", timeout=15000)
            marks = tab.locator("#fig-trade .mark-rect path").count()
        finally:
            browser.close()
    assert marks == 3  # one bar per year
    assert errors == []
    outside = [u for u in requests if not u.startswith(book.as_uri() + "/")]
    assert outside == []
    expected = {"site.css", "report/vega-bundle.js", page} if page == "report/trade.html" else {page}
    assert {unquote(u.removeprefix(book.as_uri() + "/")) for u in requests} == expected
