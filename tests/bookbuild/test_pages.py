"""The page template: titles from `_quarto.yml` and the chapters reach the sidebar, the pager, the title block
and `<title>` as literal text, whatever markup they hold (pandoc reads metadata as markdown)."""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

import lxml.etree
import lxml.html
import pytest
import yaml

from bookbuild import html
from bookbuild.crossref import number_book
from bookbuild.pandoc import convert
from bookbuild.project import load_project
from bookbuild.qmd import read_qmd
from tests.conftest import CSL, FIXTURE

#: Markup of every kind the page could misread: HTML, an entity, markdown, math, a citation, a list marker.
HOSTILE = '1. <script>alert(1)</script> &amp; & $x$ "q" *em* [a](b) @smith2020 # \\ <b>'
CHAPTER = '<img src=x onerror="alert(2)"> &lt; $y$ 2) > @k'  # a heading: plain_title drops * _ ` and links
LANG = 'en" onload="alert(3)'
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, lxml.html.HtmlElement]:
    """The home page, the chapter page "report/trade" and the one-file edition of a fixture copy whose book
    title, subtitle, authors, date, part, chapter title and language are hostile (bodies are one line: no kernel)."""
    root = shutil.copytree(FIXTURE, tmp_path_factory.mktemp("pages") / "book")
    shutil.copyfile(CSL, root / CSL.name)
    config = yaml.safe_load((root / "_quarto.yml").read_text(encoding="utf-8"))
    config["book"].update(title=HOSTILE, subtitle=HOSTILE, author=[HOSTILE, "B"], date=HOSTILE)
    config["book"]["chapters"][1]["part"] = HOSTILE
    config["lang"] = LANG
    (root / "_quarto.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    trade = root / "report" / "trade.qmd"
    trade.write_text(trade.read_text(encoding="utf-8").replace("Trade in figures", CHAPTER), encoding="utf-8")
    project = load_project(root)
    book = number_book(list(project.chapters), {c.path: read_qmd(root, c.path) for c in project.chapters})
    (xref := root / "xref.json").write_text("{}", encoding="utf-8")
    (root / "report" / "vega-bundle.js").write_text("/* the prepare step's */\n", encoding="utf-8")

    def page(name: str, meta: dict, *extra: str) -> lxml.html.HtmlElement:
        text = html.render(project, xref, name, "Body.\n", meta, *extra)
        return lxml.html.fromstring(html.finish(text, None if name else html.single_head(project, "p { color: red; }")))

    downloads = [("PDF", "book.pdf")]
    return {
        "index": page("index", html.page_meta(project, book, 0, downloads)),
        "report/trade": page("report/trade", html.page_meta(project, book, 1, downloads)),
        "single": page("", html.page_meta(project, book, None, []), "--shift-heading-level-by=1"),
    }


def _texts(doc: lxml.html.HtmlElement, xpath: str) -> list[str]:
    return [e.text_content() for e in doc.xpath(xpath)]


@pytest.mark.parametrize("name", ["index", "report/trade", "single"])
def test_titles_add_no_element_or_attribute(pages: dict[str, lxml.html.HtmlElement], name: str) -> None:
    doc = pages[name]
    assert doc.xpath("//img | //b | //em | //*[@onload] | //*[@onerror] | //main//a[@href='b']") == []
    assert not [s for s in _texts(doc, "//script") if "alert" in s]
    assert doc.get("lang") == LANG.replace('"', "%22")  # an attribute's quote is percent-encoded


@pytest.mark.parametrize("name", ["index", "report/trade", "single"])
def test_titles_read_literally_in_topbar_and_sidebar(pages: dict[str, lxml.html.HtmlElement], name: str) -> None:
    doc = pages[name]
    assert _texts(doc, "//header[@class='topbar']/a[1]") == [HOSTILE]
    assert _texts(doc, "//nav[@id='toc']/p[@class='book-title']/a") == [HOSTILE]
    assert _texts(doc, "//nav[@id='toc']//li[@class='toc-part']") == [HOSTILE, "Appendices"]
    assert f"2{CHAPTER}" in _texts(doc, "//nav[@id='toc']//li/a")


def test_titles_read_literally_in_title_pager_and_title_block(pages: dict[str, lxml.html.HtmlElement]) -> None:
    index, trade, single = pages["index"], pages["report/trade"], pages["single"]
    assert _texts(trade, "//title") == [f"2 {CHAPTER} – {HOSTILE}"]
    assert _texts(trade, "//nav[@id='toc']//a[@aria-current='page']") == [f"2{CHAPTER}"]
    assert _texts(index, "//nav[@class='pager']/a[@rel='next']") == [f"2{CHAPTER} →"]
    assert _texts(trade, "//nav[@class='pager']/a[@rel='prev']") == ["← 1Introduction"]
    curled = HOSTILE.replace('"q"', "“q”")  # pandoc's smart quotes, as Quarto sets the book's title
    for doc in (index, single):
        assert _texts(doc, "//header[@class='title-block']/*") == [curled, curled, f"{HOSTILE}, B", HOSTILE]
    assert _texts(trade, "//header[@class='title-block']") == []


def test_word_title_block_reads_literally(tmp_path: Path) -> None:
    """The Word edition's title, subtitle, author and date are the book's text, never markup."""
    config = {"project": {"type": "book", "execute-dir": "project"}, "book": {"chapters": ["index.qmd"]}}
    config["book"].update(title=HOSTILE, subtitle=HOSTILE, author=[HOSTILE], date=HOSTILE)
    (tmp_path / "_quarto.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    (tmp_path / "index.qmd").write_text("# Home\n", encoding="utf-8")
    (xref := tmp_path / "xref.json").write_text('{"targets": {}, "files": {}}', encoding="utf-8")
    meta = html.title_block(load_project(tmp_path))
    docx = convert("Body.\n", "docx", xref, "", meta, "--standalone", "--output", "-", cwd=tmp_path)
    with zipfile.ZipFile(io.BytesIO(docx)) as word:
        body = lxml.etree.fromstring(word.read("word/document.xml"))
    styled = {}
    for para in body.iter(f"{{{W}}}p"):
        style = para.find(f"{{{W}}}pPr/{{{W}}}pStyle")
        styled[style.get(f"{{{W}}}val") if style is not None else ""] = "".join(
            t.text or "" for t in para.iter(f"{{{W}}}t")
        )
    curled = HOSTILE.replace('"q"', "“q”")
    assert [styled[s] for s in ("Title", "Subtitle", "Author", "Date")] == [curled, curled, HOSTILE, HOSTILE]
