"""The HTML book in headless Chromium with the network blocked: charts drawn, no error, no request out."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.report.conftest import chapters, page_name

pytestmark = [pytest.mark.build, pytest.mark.browser]


@dataclass
class Visit:
    charts: int
    drawn: int
    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)


def visit(browser: object, page_file: Path, book_dir: Path | None = None) -> Visit:
    """Open a page from disk, refusing every request that leaves the book's folder."""
    context = browser.new_context()  # type: ignore[attr-defined]
    page = context.new_page()
    errors: list[str] = []
    outside: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    root = (book_dir or page_file.parent).resolve().as_uri() + "/"

    def route(r: object) -> None:
        url = r.request.url  # type: ignore[attr-defined]
        if url.startswith(root) or url.startswith("data:") or url.startswith("about:"):
            r.continue_()  # type: ignore[attr-defined]
        else:
            outside.append(url)
            r.abort()  # type: ignore[attr-defined]

    page.route("**/*", route)
    page.goto(page_file.resolve().as_uri())
    charts = page.locator(".vega-chart").count()
    if charts:
        page.wait_for_function(
            "() => [...document.querySelectorAll('.vega-chart')].every(d => d.querySelector('svg, canvas'))",
            timeout=20_000,
        )
    drawn = page.locator(".vega-chart svg, .vega-chart canvas").count()
    context.close()
    return Visit(charts, drawn, errors, outside)


@pytest.mark.parametrize("chapter", chapters(), ids=lambda c: c.stem)
def test_chapter_page_draws_its_charts_offline(book: Path, browser: object, chapter: Path) -> None:
    source = chapter.read_text(encoding="utf-8")
    expected = source.count("#| label: fig-")
    seen = visit(browser, book / page_name(chapter), book)
    assert seen.requests == [], f"requests left the book: {seen.requests}"
    assert seen.errors == [], f"console errors: {seen.errors}"
    assert seen.charts >= expected, f"{seen.charts} charts on the page, {expected} figures in the chapter"
    assert seen.drawn >= seen.charts


def test_single_file_html_is_self_contained_and_live(book: Path, browser: object) -> None:
    single = next(book.glob("*-single.html"))
    seen = visit(browser, single)
    assert seen.requests == [] and seen.errors == []
    assert seen.charts == seen.drawn > 0
    assert seen.charts == sum(c.read_text(encoding="utf-8").count("#| label: fig-") for c in chapters())
