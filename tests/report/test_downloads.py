"""Every chart's data and picture to take away, in the built book: links under each chart, the files beside
the pages, the CSV the rows of the chart's Data table; nothing of it on paper or in the one-page edition.

`download_problems` and `stray_downloads` also check the Quarto-rendered book (tests/report/test_renderers.py).
"""

from __future__ import annotations

import csv
import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import lxml.html
import pytest

from tests.report.conftest import ROOT, chapters, page_name, render

pytestmark = pytest.mark.build

PNG = b"\x89PNG\r\n\x1a\n"
CHARTS = "//div[contains(concat(' ', @class, ' '), ' study-chart ')]"
FORMULA = ("=", "+", "-", "@", "\t", "\r")


def _cls(name: str) -> str:
    return f"contains(concat(' ', @class, ' '), ' {name} ')"


def _table_cell(cell: str) -> str:
    """A Data table cell as the CSV writes it: numbers without thousands separators."""
    return cell.replace(",", "") if re.fullmatch(r"-?\d{1,3}(,\d{3})+(\.\d+)?", cell) else cell


def _csv_cell(cell: str) -> str:
    """A CSV cell back as the table shows it: the apostrophe before a would-be formula removed."""
    return cell[1:] if cell.startswith("'") and cell[1:].startswith(FORMULA) else cell


def download_links(book: Path, page: str) -> list[Path]:
    """Every file the page's download links point to."""
    path = book / page
    doc = lxml.html.fromstring(path.read_text(encoding="utf-8"))
    return [(path.parent / a.get("href")).resolve() for a in doc.xpath(f"//p[{_cls('chart-downloads')}]/a")]


def _chart_problems(path: Path, n: int, chart: lxml.html.HtmlElement) -> list[str]:
    where = f"{path.name}, chart {n}"
    description = chart.xpath(f".//img[{_cls('chart-static')}]/@alt")[0]
    tables = chart.xpath(f".//details[{_cls('chart-data')}]//table")
    links = chart.xpath(f".//p[{_cls('chart-downloads')}]/a")
    csv_names = ["Data (CSV)"] if len(tables) == 1 else [f"Data, part {i} (CSV)" for i in range(1, len(tables) + 1)]
    names = [a.text_content() for a in links]
    if names != [*csv_names, "Chart (SVG)", "Chart (PNG)"]:
        return [f"{where}: links {names}"]
    problems = []
    source = " ".join(chart.xpath(f".//p[{_cls('chart-source')}]")[0].text_content().split())
    for a, name in zip(links, names, strict=True):
        fmt = name[name.index("(") + 1 : -1]
        target = (path.parent / a.get("href")).resolve()
        label = a.get("aria-label") or ""
        if not (label.startswith("Download the") and f"({fmt})" in label and label.endswith(description)):
            problems.append(f"{where}: {name} is named {label!r}")
        if not (a.get("download") or "").endswith(f".{fmt.lower()}"):
            problems.append(f"{where}: {name} has download={a.get('download')!r}")
        if not target.is_file():
            problems.append(f"{where}: {name} links to {a.get('href')}, which is not in the book")
            continue
        data = target.read_bytes()
        if fmt == "PNG" and not data.startswith(PNG):
            problems.append(f"{where}: {name} is not a PNG")
        if fmt == "SVG" and not ElementTree.fromstring(data).tag.endswith("svg"):
            problems.append(f"{where}: {name} is not an SVG")
        if fmt == "CSV":
            table = tables[csv_names.index(name)]
            headers = [th.text_content() for th in table.xpath(".//thead//th")]
            rows = [[_table_cell(td.text_content()) for td in tr.xpath("./td")] for tr in table.xpath(".//tbody/tr")]
            header, *body = csv.reader(io.StringIO(data.decode("utf-8"), newline=""))
            if header != [*headers, "Chart source"]:
                problems.append(f"{where}: {name} has the columns {header}, the table {headers}")
            if [[_csv_cell(c) for c in r[:-1]] for r in body] != rows:
                problems.append(f"{where}: {name} has other rows than the chart's Data table")
            if {r[-1] for r in body} - {source}:
                problems.append(f"{where}: {name}'s source column is not the chart's source line")
    return problems


def download_problems(book: Path, page: str) -> list[str]:
    """What is wrong with the download links of every chart on one page of a built book."""
    path = book / page
    doc = lxml.html.fromstring(path.read_text(encoding="utf-8"))
    return [p for n, chart in enumerate(doc.xpath(CHARTS), start=1) for p in _chart_problems(path, n, chart)]


def stray_downloads(book: Path) -> list[str]:
    """Files in the book's download folder that no page links to (stale ones from earlier builds)."""
    linked = {p for chapter in chapters() for p in download_links(book, page_name(chapter))}
    folder = book / "report" / "_generated" / "downloads"
    return sorted(p.name for p in folder.glob("*") if p.resolve() not in linked)


@pytest.mark.parametrize("chapter", chapters(), ids=lambda c: c.stem)
def test_every_chart_links_its_data_and_picture(book: Path, chapter: Path) -> None:
    assert download_problems(book, page_name(chapter)) == []


def test_the_book_holds_the_linked_files_and_no_others(book: Path) -> None:
    linked = [p for chapter in chapters() for p in download_links(book, page_name(chapter))]
    figures = sum(c.read_text(encoding="utf-8").count("#| label: fig-") for c in chapters())
    assert len(linked) >= 3 * figures  # a CSV, an SVG and a PNG per chart at least
    assert stray_downloads(book) == []


def test_the_one_page_edition_has_no_links_to_files_beside_it(book: Path) -> None:
    single = next(book.glob("*-single.html")).read_text(encoding="utf-8")
    assert 'class="chart-downloads"' not in single and "_generated/downloads/" not in single


def test_paper_and_word_editions_have_no_download_links(book: Path) -> None:
    pdf = next(book.glob("*.pdf"))
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    document = zipfile.ZipFile(next(book.glob("*.docx"))).read("word/document.xml").decode("utf-8")
    for edition in (text, document):
        assert "Chart (PNG)" not in edition and "Data (CSV)" not in edition


@pytest.mark.browser
def test_download_links_are_reached_by_keyboard_and_not_printed(book: Path, browser: object) -> None:
    page_file = next(book / page_name(c) for c in chapters() if "#| label: fig-" in c.read_text(encoding="utf-8"))
    context = browser.new_context()  # type: ignore[attr-defined]
    page = context.new_page()
    page.goto(page_file.resolve().as_uri())
    for _ in range(300):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.matches('.chart-downloads a')"):
            break
    else:
        pytest.fail("no download link is reachable with the Tab key")
    assert page.locator(".chart-downloads").first.is_visible()
    page.emulate_media(media="print")
    shown = page.locator(".chart-downloads")
    assert shown.count() > 0 and not any(shown.nth(i).is_visible() for i in range(shown.count()))
    context.close()


def test_after_the_generated_folder_is_removed_the_chapters_with_charts_write_their_files_again(
    book: Path, tmp_path: Path
) -> None:
    """A chapter served from the cache does not run: its downloads are recorded with the files it read, so
    when they are gone (`rm -rf report/_generated`) it runs again, and the pages never link to a missing file.
    Works on a copy of the project that keeps the session build's cache (`book` filled it)."""
    skip = shutil.ignore_patterns(
        ".git", ".nox", "_book", "_freeze", "__pycache__", ".pytest_cache", "out-*", "stage-*"
    )
    project = shutil.copytree(ROOT, tmp_path / "project", ignore=skip, symlinks=True)
    shutil.rmtree(project / "report" / "_generated")
    done = render(project / "_book", cwd=project)
    assert done.returncode == 0, done.stderr
    executed = set(re.findall(r"executed\s+(\S+)", done.stdout))
    with_charts = {c.relative_to(ROOT).as_posix() for c in chapters() if "#| label: fig-" in c.read_text("utf-8")}
    assert executed == with_charts  # and only those: the others are still served from the cache
    problems = [p for c in chapters() for p in download_problems(project / "_book", page_name(c))]
    assert problems == []
