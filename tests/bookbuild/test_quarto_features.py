"""Each Quarto feature the offline builder renders, compared with real Quarto's own rendering of it.

The features book (tests/fixtures/features) holds one of each: cell options, inline values, a data frame with a
caption, a cell's SVG figure, an included file, conditional content, a part, sections, an appendix and cross
references of every form. Quarto and the offline builder each render it;
every page must read the same, the sidebar must list the same entries, and the PDFs must hold the same feature
text. Quarto comes from PATH or `../shared/quarto/install` (tests/conftest.py); without it these tests are
skipped, saying so.

Normalised on purpose, and only this: link addresses are compared resolved, without the chapter anchor the offline
builder adds (Quarto writes `cells.html`, the offline builder `../chapters/cells.html#sec-cells`).
"""

from __future__ import annotations

import posixpath
import re
import shutil
import subprocess
from pathlib import Path

import lxml.html
import pytest

from tests.conftest import QUARTO, REPO, need_quarto, quarto_env, run_cli

pytestmark = [pytest.mark.build, pytest.mark.quarto]
FEATURES = REPO / "tests" / "fixtures" / "features"
PAGES = ["index", "chapters/cells", "chapters/layout", "chapters/titled", "chapters/extra"]
#: Outside what a reader of the page's own text reads: navigation, the notes, the sidebar.
ASIDE = (
    "ancestor-or-self::*[self::nav or @id='footnotes' or @id='quarto-sidebar'"
    " or contains(concat(' ', @class, ' '), ' sidebar ')]"
)


@pytest.fixture(scope="module")
def books(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    need_quarto()
    root = tmp_path_factory.mktemp("features")
    quarto, offline = (shutil.copytree(FEATURES, root / name) for name in ("quarto", "offline"))
    done = subprocess.run(
        [str(QUARTO), "render"], cwd=quarto, env=quarto_env(), capture_output=True, text=True, timeout=900
    )
    assert done.returncode == 0, f"quarto render failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    run = run_cli(offline, "render", "--offline")
    assert run.code == 0, run.err
    return {"quarto": quarto / "_book", "offline": offline / "_book"}


def _text(element: lxml.html.HtmlElement) -> str:
    return re.sub(r"\s+", " ", element.text_content().replace("\u00a0", " ")).strip()


def _read(book: Path, page: str) -> dict[str, list[str]]:
    """What a reader of the page reads in its `main`: headings, captions, cross references and links (with the
    page they lead to), prose, code and outputs, table cells and images' alternative text."""
    main = lxml.html.parse(book / f"{page}.html").getroot().xpath("//main")[0]
    titles = {p: _title_id(book, p) for p in PAGES}

    def target(href: str) -> str:
        path, _, anchor = href.partition("#")
        where = posixpath.normpath(posixpath.join(posixpath.dirname(page), path)) if path else f"{page}.html"
        return where + ("" if anchor in ("", titles.get(where.removesuffix(".html"))) else f"#{anchor}")

    links = main.xpath(f".//a[@href][not({ASIDE})][not(starts-with(@href, '#fn'))][not(starts-with(@href, '#cb'))]")
    return {
        "headings": [_text(h) for h in main.xpath(f".//*[self::h1 or self::h2 or self::h3][not({ASIDE})]")],
        "captions": [_text(c) for c in main.xpath(".//figcaption | .//caption")],
        "links": [f"{_text(a)} -> {target(a.get('href'))}" for a in links],
        "prose": [_text(p) for p in main.xpath(f".//p[not(ancestor::figure)][not(ancestor::header)][not({ASIDE})]")],
        "code": [_text(pre) for pre in main.xpath(".//pre")],
        "cells": [_text(cell) for cell in main.xpath(".//td | .//th")],
        "images": [img.get("alt") for img in main.xpath(".//img")],
    }


def _title_id(book: Path, page: str) -> str | None:
    """The id of the page's chapter title (on the heading, or on Quarto's span inside it)."""
    heading = lxml.html.parse(book / f"{page}.html").getroot().xpath("//main//h1[@id] | //main//h1/span[@id]")
    return heading[0].get("id") if heading else None


@pytest.mark.parametrize("page", PAGES)
def test_page_reads_as_quarto_renders_it(books: dict[str, Path], page: str) -> None:
    quarto, offline = _read(books["quarto"], page), _read(books["offline"], page)
    assert [k for k in quarto if quarto[k] != offline[k]] == [], (quarto, offline)
    assert quarto["headings"] and quarto["prose"]  # the page was read at all


def test_sidebar_lists_the_same_parts_chapters_and_appendices(books: dict[str, Path]) -> None:
    def entries(book: Path, xpath: str) -> list[str]:
        page = lxml.html.parse(book / "chapters" / "layout.html").getroot()
        return [re.sub(r"\s+", "", e.text_content()) for e in page.xpath(xpath)]

    quarto = entries(books["quarto"], "//*[@id='quarto-sidebar']//*[contains(@class, 'sidebar-item-text')]")
    offline = entries(books["offline"], "//nav[@id='toc']/ol/li")
    expected = ["Preface", "Partone", "1Cells", "2Layout", "3Titledbyitsfrontmatter", "Appendices", "AExtra"]
    assert offline == list(dict.fromkeys(quarto)) == expected


#: Feature text as each PDF must show it, or not at all (False).
PDF_TEXT = {
    "Table 1.1: A small data frame.": True,  # a data frame's HTML table, a real table with its caption
    "2021": True,
    "shown with its code": True,
    "ValueError: shown, not fatal": True,
    "Text written as markdown by a cell.": True,
    "after a hidden warning": True,
    "never shown": False,
    "The answer is 42, and a string stays literal: a*b*c.": True,
    "This paragraph comes from an included file, in a folder of its own": True,
    "Only off the web pages.": True,  # conditional content
    "Only on the web pages.": False,
    "LaTeX-only words": False,  # Quarto's "pdf" is LaTeX: not a Typst PDF
    "dataframe": False,  # pandas' screen styles
    "a caption": True,  # a data frame without a caption
    "A markdown value: bold text.": True,
    "?@sec-unnumbered and ?@sec-preface stay unresolved": True,  # Quarto names no unnumbered heading
    "A chapter without a heading of its own.": True,
    "Figure A.1: A square drawn by a cell.": True,  # a cell's SVG output as a figure
}


def test_pdf_holds_the_feature_text_quartos_holds(books: dict[str, Path]) -> None:
    def text(book: Path) -> str:
        pdf = next(book.glob("*.pdf"))
        out = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        return re.sub(r"\s+", " ", out)

    quarto, offline = text(books["quarto"]), text(books["offline"])
    assert {t: t in quarto for t in PDF_TEXT} == {t: t in offline for t in PDF_TEXT} == PDF_TEXT


def test_pdf_names_as_quarto_does(books: dict[str, Path]) -> None:
    assert [p.name for p in books["offline"].glob("*.pdf")] == [p.name for p in books["quarto"].glob("*.pdf")]
