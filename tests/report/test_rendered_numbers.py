"""Every number a reader sees in a chapter's rendered prose is a dataset cell or a value the chapter
computes from the data (an inline expression), never one typed by hand."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from analysis import citation
from tests.report.conftest import chapters, page_name
from tests.report.test_prose import NUMBER, data_numbers

pytestmark = pytest.mark.build

CELL = re.compile(r"^```\{python\}\n(.*?)^```", re.S | re.M)
INLINE = re.compile(r"(?<!`)`\{python\} ([^`]+)`")
# Not prose: scripts, charts, figures and tables (drawn from data), footnotes (the notes' own page
# numbers), navigation, headings (section numbers) and note markers.
NOT_PROSE = [
    re.compile(p, re.S)
    for p in (
        r"<script.*?</script>",
        r"<figure.*?</figure>",
        r"<table.*?</table>",
        r'<div class="bb-chart.*?</div>\s*</div>',
        r'<section id="footnotes".*?</section>',
        r"<nav.*?</nav>",
        r"<h[1-6].*?</h[1-6]>",
        r"<sup>.*?</sup>",
        r'<div class="topbar">.*?</div>',
    )
]
CROSS_REF = re.compile(r"\b(?:Figure|Table|Chapter|Section|Appendix)\s+[A-Z0-9]+(?:\.\d+)*")


def rendered_prose(page: Path) -> str:
    text = page.read_text(encoding="utf-8")
    text = text[text.index('<main id="content">') :]
    text = text.split('<div id="refs"')[0]  # the bibliography prints the works' own numbers (pages, volumes)
    for pattern in NOT_PROSE:
        text = pattern.sub(" ", text)
    return CROSS_REF.sub(" ", html.unescape(re.sub(r"<[^>]+>", " ", text)))


def inline_values(chapter: Path) -> set[str]:
    """The numbers the chapter's inline expressions produce, evaluated here over the same data."""
    source = chapter.read_text(encoding="utf-8")
    namespace: dict[str, object] = {}
    for cell in CELL.findall(source):
        exec(cell, namespace)  # builds frames and chart objects only; nothing is drawn or written
    prose = CELL.sub(" ", source)
    values = {str(getattr(v, "data", v)) for v in (eval(e, namespace) for e in INLINE.findall(prose))}
    return {n.replace(",", "") for v in values for n in NUMBER.findall(v)}


def citation_numbers() -> set[str]:
    """The numbers of the 'Cite this edition' block (the edition's version and date), read from CITATION.cff."""
    return {n.replace(",", "") for n in NUMBER.findall(citation.cite_markdown())}


@pytest.mark.parametrize("chapter", chapters(), ids=lambda c: c.stem)
def test_every_rendered_number_comes_from_data_or_an_inline_expression(book: Path, chapter: Path) -> None:
    explained = data_numbers() | inline_values(chapter) | citation_numbers()
    seen = NUMBER.findall(rendered_prose(book / page_name(chapter)))
    unexplained = sorted({n for n in seen if n.replace(",", "").rstrip(".") not in explained})
    assert unexplained == [], (
        f"numbers on the page that neither the data nor the chapter's code explains: {unexplained}"
    )


def test_the_page_check_sees_prose_numbers_and_skips_numbering(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(
        '<main id="content"><h2>4.1 Trade</h2><p>Trade rose to 689 (<a href="#f">Figure 3.1</a>).<sup>2</sup></p>'
        "<figure><p>Figure 3.1: 1999</p></figure></main>",
        encoding="utf-8",
    )
    assert NUMBER.findall(rendered_prose(page)) == ["689"]
