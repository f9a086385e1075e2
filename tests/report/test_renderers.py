"""Real Quarto and the offline builder render the same sources to the same book, chapter by chapter.

Quarto is taken from the PATH or from where `../shared/quarto/install` puts it (`tests/conftest.py`); without
it these tests are skipped, saying so (in CI, `.ci/run` installs it). Quarto renders a clean copy of the
project with a plain `quarto render`, exactly as a user would; the offline book is the session's `book`.

Where the two must differ, the difference is named here and the comparison normalises only that:
- the page chrome (Quarto's Bootstrap sidebar, search box and title block; bookbuild's own layout);
- the one-file edition (`*-single.html`), which only the offline builder writes (Quarto has no such format);
- the PDF's page count, within 15 %: Quarto's Typst template and bookbuild's set the same text differently.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import QUARTO, need_quarto, quarto_env
from tests.report.conftest import ROOT, chapters, page_name
from tests.report.test_downloads import download_problems, stray_downloads

pytestmark = [pytest.mark.build, pytest.mark.quarto]

# Lines Quarto prints as warnings that the package's sources do not cause, each with the reason.
KNOWN_WARNINGS = {
    "typst-gather analyze failed": "the source-built Quarto of ../shared/quarto has no typst-gather (its README)",
    "Kernel is running over TCP without encryption": "ipykernel 7's notice for every kernel Quarto starts",
}

#: Planted in the copy Quarto renders: a chart download an earlier build wrote that no page links to any more.
STALE_DOWNLOAD = "report/_generated/downloads/stale-chart-data-0000000000000000.csv"

# What a reader of a chapter page gets, read in the browser the same way from either renderer's page.
READ_PAGE = """() => {
  const main = document.querySelector('main');
  const norm = s => s.replace(/\\s+/g, ' ').trim();
  const skip = 'figure, .quarto-float, #footnotes, nav, #refs, header, #title-block-header, .sidebar';
  const prose = [...main.querySelectorAll('p, li')]
    .filter(e => !e.closest(skip) && !e.querySelector('p'))
    .map(e => norm(e.textContent)).filter(t => t);
  const captions = [...document.querySelectorAll('figcaption, caption')]
    .map(e => norm(e.textContent)).filter(t => /^(Figure|Table) [0-9A-Z]+\\.[0-9]+/.test(t));
  return {
    title: [...main.querySelectorAll('h1')].map(h => norm(h.textContent)).join(' | '),
    captions: captions,
    footnotes: document.querySelectorAll('#footnotes li').length,
    prose: prose,
    charts: document.querySelectorAll('.study-chart').length,
    drawn: document.querySelectorAll('.study-chart.is-live .vega-chart svg').length,
  };
}"""


def _copy_project(target: Path) -> Path:
    """The project as a fresh clone has it: no caches, no outputs, no environments."""
    ignore = shutil.ignore_patterns(".git", ".nox", ".build", "_book", "_freeze", "__pycache__", ".pytest_cache")
    shutil.copytree(ROOT, target, ignore=ignore, symlinks=True)
    shutil.rmtree(target / "report" / "_generated", ignore_errors=True)
    return target


@pytest.fixture(scope="session")
def quarto_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, subprocess.CompletedProcess]:
    need_quarto()
    project = _copy_project(tmp_path_factory.mktemp("quarto") / "project")
    (project / STALE_DOWNLOAD).parent.mkdir(parents=True)
    (project / STALE_DOWNLOAD).write_text("stale\r\n", encoding="utf-8")
    done = subprocess.run(
        [str(QUARTO), "render"], cwd=project, env=quarto_env(), capture_output=True, text=True, timeout=1800
    )
    return project, done


@pytest.fixture(scope="session")
def quarto_book(quarto_run: tuple[Path, subprocess.CompletedProcess]) -> Path:
    project, done = quarto_run
    assert done.returncode == 0, f"quarto render failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return project / "_book"


def test_plain_quarto_render_succeeds_without_warnings_from_our_sources(
    quarto_run: tuple[Path, subprocess.CompletedProcess],
) -> None:
    _, done = quarto_run
    assert done.returncode == 0, done.stderr[-3000:]
    log = (done.stdout + done.stderr).splitlines()
    warnings = [line for line in log if re.search(r"\bWARN(ING)?\b|\bERROR\b", line)]
    unexplained = [w for w in warnings if not any(known in w for known in KNOWN_WARNINGS)]
    assert unexplained == []


def test_quarto_book_has_sidebar_search_and_pager(quarto_book: Path) -> None:
    index = (quarto_book / "index.html").read_text(encoding="utf-8")
    assert 'id="quarto-sidebar"' in index and 'id="quarto-search"' in index
    assert (quarto_book / "search.json").is_file()
    for chapter in chapters():
        assert page_name(chapter) in index or chapter.name == "index.qmd"  # every chapter in the sidebar
    second = (quarto_book / page_name(chapters()[1])).read_text(encoding="utf-8")
    assert "nav-page-previous" in second and "nav-page-next" in second


def test_quarto_pages_fit_a_phone(quarto_book: Path, browser: object) -> None:
    """As tests/report/test_accessibility.py checks the offline pages: at 390 px no chart and no page of
    Quarto's book scrolls sideways (Quarto's own layout and styles around the same charts and text)."""
    from tests.report.test_accessibility import CHARTS_DRAWN, PHONE_OVERFLOW

    wide = {}
    context = browser.new_context(viewport={"width": 390, "height": 900})  # type: ignore[attr-defined]
    try:
        for path in sorted(quarto_book.glob("**/*.html")):
            page = context.new_page()
            page.goto(path.resolve().as_uri())
            page.wait_for_function(CHARTS_DRAWN, timeout=30_000)
            found = page.evaluate(PHONE_OVERFLOW)
            if found["page"] > 0 or found["charts"]:
                wide[path.name] = found
            page.close()
    finally:
        context.close()
    assert wide == {}


def test_quarto_and_offline_books_have_the_same_files(quarto_book: Path, book: Path) -> None:
    def pages(folder: Path) -> set[str]:
        found = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.suffix in {".html", ".pdf"}}
        return {p for p in found if not p.startswith("site_libs/") and not p.endswith("-single.html")}

    assert pages(quarto_book) == pages(book)
    assert (quarto_book / "report" / "_generated" / "vega-bundle.js").is_file()


@pytest.mark.parametrize("renderer", ["quarto", "offline"])
def test_every_page_links_to_the_pdf_and_word_editions(renderer: str, request: pytest.FixtureRequest) -> None:
    """`book: downloads:` in _quarto.yml: both sidebars link to the PDF and the Word file, relative to the page."""
    folder = request.getfixturevalue("quarto_book" if renderer == "quarto" else "book")
    for chapter in chapters():
        page = folder / page_name(chapter)
        hrefs = re.findall(r'href="([^"#]+\.(?:pdf|docx))"', page.read_text(encoding="utf-8"))
        assert {Path(h).suffix for h in hrefs} == {".pdf", ".docx"}, page_name(chapter)
        for href in hrefs:
            assert (page.parent / href).resolve().is_file(), f"{page_name(chapter)} links to a missing {href}"


def test_quarto_book_links_every_charts_downloads_and_holds_no_others(quarto_book: Path) -> None:
    """Quarto copies the files a page links to (its resource discovery): the chart downloads the chapters
    wrote while running are there, and no stale one from an earlier build."""
    problems = [p for chapter in chapters() for p in download_problems(quarto_book, page_name(chapter))]
    assert problems == []
    assert stray_downloads(quarto_book) == []
    assert not (quarto_book / STALE_DOWNLOAD).exists()
    assert any((quarto_book / "report" / "_generated" / "downloads").glob("*.png"))


@pytest.fixture(scope="session")
def readings(quarto_book: Path, book: Path, browser: object) -> dict[str, dict[str, dict]]:
    """Every chapter page as read in Chromium, for each renderer."""
    out: dict[str, dict[str, dict]] = {"quarto": {}, "offline": {}}
    for name, folder in (("quarto", quarto_book), ("offline", book)):
        context = browser.new_context()  # type: ignore[attr-defined]
        page = context.new_page()
        for chapter in chapters():
            page.goto((folder / page_name(chapter)).resolve().as_uri())
            page.wait_for_function(
                "() => [...document.querySelectorAll('.study-chart')].every(d => d.querySelector('.vega-chart svg'))",
                timeout=30_000,
            )
            out[name][chapter.name] = page.evaluate(READ_PAGE)
        context.close()
    return out


@pytest.mark.browser
@pytest.mark.parametrize("chapter", chapters(), ids=lambda c: c.stem)
def test_chapter_reads_the_same_in_both_renderers(readings: dict[str, dict[str, dict]], chapter: Path) -> None:
    quarto, offline = readings["quarto"][chapter.name], readings["offline"][chapter.name]
    assert quarto["title"] == offline["title"]
    assert quarto["captions"] == offline["captions"]
    assert quarto["footnotes"] == offline["footnotes"]
    assert quarto["charts"] == offline["charts"] == quarto["drawn"] == offline["drawn"]
    assert quarto["prose"] == offline["prose"]


def _pdf(folder: Path) -> Path:
    return next(folder.glob("*.pdf"))


def _pdftext(pdf: Path) -> str:
    return subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def _pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"Pages:\s+(\d+)", info).group(1))


def test_quarto_pdf_is_declared_pdf_ua_1(quarto_book: Path) -> None:
    """Quarto's PDF passes Typst's PDF/UA-1 check too (report/typst/outline.typ) and says so."""
    from tests.report.test_pdf import test_pdf_is_declared_pdf_ua_1 as declared

    declared(_pdf(quarto_book))


def test_pdf_page_counts_within_15_percent(quarto_book: Path, book: Path) -> None:
    q, o = _pages(_pdf(quarto_book)), _pages(_pdf(book))
    assert abs(q - o) <= 0.15 * max(q, o), (q, o)


REF = r"\b(?:Chapter|Appendix|Figure|Table|Section) [0-9A-Z]+(?:\.[0-9]+)*"
# Quarto's book template once printed "(Chapter 2.)" and "Appendix B..)": a period the text never had.
DOUBLED = re.compile(REF + r"\.[.,;:]")
PERIOD_THEN_PAREN = re.compile(REF + r"\.\)")


@pytest.mark.parametrize("renderer", ["quarto", "offline"])
def test_no_stray_punctuation_after_cross_references(quarto_book: Path, book: Path, renderer: str) -> None:
    text = " ".join(_pdftext(_pdf(quarto_book if renderer == "quarto" else book)).split())
    sources = "".join(c.read_text(encoding="utf-8") for c in chapters())
    assert DOUBLED.findall(text) == []
    # "(… see @sec-audit.)" ends a sentence inside parentheses: those, and only those, may show ".)".
    assert len(PERIOD_THEN_PAREN.findall(text)) == len(re.findall(r"@[a-z]+-[\w-]+\.\)", sources))


@pytest.mark.parametrize("renderer", ["quarto", "offline"])
def test_no_figure_or_table_number_used_twice(quarto_book: Path, book: Path, renderer: str) -> None:
    text = " ".join(_pdftext(_pdf(quarto_book if renderer == "quarto" else book)).split())
    numbers = re.findall(r"\b((?:Figure|Table) [0-9A-Z]+\.[0-9]+):", text)
    repeated = sorted({n for n in numbers if numbers.count(n) > 1})
    assert numbers and repeated == []


def _executed(log: str) -> set[str]:
    """Chapters Quarto executed, from its progress lines ("Executing 'trade.quarto_ipynb'")."""
    return set(re.findall(r"Executing '([^']+)\.quarto_ipynb'", log))


def test_nox_render_with_quarto_thaws_exactly_what_a_data_edit_touches(tmp_path: Path) -> None:
    """`nox -s render` under Quarto: freeze, with studybuild's data-aware key deciding what is stale."""
    if QUARTO is None:
        pytest.skip("Quarto is not installed (put quarto on PATH, or run ../shared/quarto/install)")
    project = _copy_project(tmp_path / "project")

    def render() -> subprocess.CompletedProcess:
        cmd = [sys.executable, "-m", "studybuild", "render", "--formats", "html"]
        done = subprocess.run(cmd, cwd=project, env=quarto_env(), capture_output=True, text=True, timeout=1800)
        assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
        assert "renderer: quarto" in done.stdout
        return done

    first = render()
    every = {c.stem for c in chapters() if "```{python}" in c.read_text(encoding="utf-8")}
    assert _executed(first.stdout + first.stderr) == every
    reads = {
        f.name.removesuffix(".qmd.txt")
        for f in (project / ".build" / "reads").rglob("*.txt")
        if "arms.csv" in f.read_text(encoding="utf-8")
    }
    assert reads and reads < every  # some chapters read the arms table, not all

    arms = project / "data" / "arms.csv"
    arms.write_text(arms.read_text(encoding="utf-8").replace(",69,percent,", ",68,percent,", 1), encoding="utf-8")
    second = render()
    assert _executed(second.stdout + second.stderr) == reads  # exactly the chapters that read the edited file

    third = render()
    assert "nothing changed" in third.stdout and _executed(third.stdout + third.stderr) == set()
