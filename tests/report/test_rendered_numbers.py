"""Every number a reader sees in a chapter's rendered prose is a value the chapter computes from the data
(an inline expression) or one the chapter itself shows in a table or chart, never one typed by hand."""

from __future__ import annotations

import ast
import html
import json
import re
from pathlib import Path
from typing import Any

import pytest

from analysis import citation
from tests.report.conftest import chapters, page_name
from tests.report.test_prose import NUMBER

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
        r'<header class="topbar">.*?</header>',
        r'<header class="title-block">.*?</header>',  # the book's title and date, from _quarto.yml
        # a reference to a chapter from an unnumbered page reads "2  Its title", as Quarto writes it
        r'<a href="[^"]*#sec-[^"]*">.*?</a>',
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
    """The numbers the chapter's inline expressions produce and the values its cells display (the last
    expression of each cell: tables, charts' data, markdown), evaluated here over the same data."""
    source = chapter.read_text(encoding="utf-8")
    namespace: dict[str, object] = {}
    values: list[object] = []
    for cell in CELL.findall(source):
        tree = ast.parse(cell)
        last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
        exec(compile(tree, "<cell>", "exec"), namespace)  # builds frames and chart objects; nothing is drawn
        if last is not None:
            values.append(eval(compile(ast.Expression(last.value), "<cell>", "eval"), namespace))
    prose = CELL.sub(" ", source)
    values += [eval(e, namespace) for e in INLINE.findall(prose)]
    shown: list[str] = []
    for v in values:
        if hasattr(v, "to_dict") and hasattr(v, "mark"):  # an Altair chart: the data it draws
            shown += [str(x) for x in _scalars(v.to_dict())]
        else:
            # markdown the analysis composed: its backslash escapes (`escape.text`) are not part of the text
            shown.append(re.sub(r"\\(.)", r"\1", str(getattr(v, "data", v))))
    return {n.replace(",", "") for v in shown for n in NUMBER.findall(v)}


def _scalars(node: Any) -> list[Any]:
    """Every value in the data of a Vega-Lite spec (`datasets`, `data.values`, at any nesting)."""
    found: list[Any] = []
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("values", "datasets"):
                stack = [value]
                while stack:
                    item = stack.pop()
                    if isinstance(item, dict):
                        stack += item.values()
                    elif isinstance(item, list):
                        stack += item
                    else:
                        found.append(item)
            else:
                found += _scalars(value)
    elif isinstance(node, list):
        for item in node:
            found += _scalars(item)
    return found


def shown_numbers(page: Path) -> set[str]:
    """The numbers in the cells of the tables and in the data of the charts the page itself shows."""
    text = page.read_text(encoding="utf-8")
    cells = " ".join(re.findall(r"<t[dh]\b[^>]*>(.*?)</t[dh]>", text, re.S))
    values = [html.unescape(re.sub(r"<[^>]+>", " ", cells))]
    for spec in re.findall(r'<script type="application/json" class="chart-spec">(.*?)</script>', text, re.S):
        values += [str(v) for v in _scalars(json.loads(spec))]
    return {n.replace(",", "") for v in values for n in NUMBER.findall(v)}


def citation_numbers() -> set[str]:
    """The numbers of the 'Cite this edition' block (the edition's version and date), read from CITATION.cff."""
    return {n.replace(",", "") for n in NUMBER.findall(citation.cite_markdown())}


@pytest.mark.parametrize("chapter", chapters(), ids=lambda c: c.stem)
def test_every_rendered_number_comes_from_an_inline_expression_or_what_the_chapter_shows(
    book: Path, chapter: Path
) -> None:
    page = book / page_name(chapter)
    explained = inline_values(chapter) | shown_numbers(page) | citation_numbers()
    seen = NUMBER.findall(rendered_prose(page))
    unexplained = sorted({n for n in seen if n.replace(",", "").rstrip(".") not in explained})
    assert unexplained == [], (
        f"numbers in the prose that neither the chapter's inline values nor its tables and charts explain: "
        f"{unexplained}"
    )


def test_shown_numbers_are_the_pages_own_table_cells_and_chart_data(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(
        "<p>Prose 12.</p><table><tr><th>Year</th><td>1,918</td></tr></table>"
        '<script type="application/json" class="chart-spec">{"width": 300, '
        '"datasets": {"d": [{"year": 2020, "label": "44 days"}]}}</script>',
        encoding="utf-8",
    )
    assert shown_numbers(page) == {"1918", "2020", "44"}  # not the prose's 12, not the chart's width


def test_the_page_check_sees_prose_numbers_and_skips_numbering(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(
        '<main id="content"><h2>4.1 Trade</h2><p>Trade rose to 689 (<a href="#f">Figure 3.1</a>).<sup>2</sup></p>'
        "<figure><p>Figure 3.1: 1999</p></figure></main>",
        encoding="utf-8",
    )
    assert NUMBER.findall(rendered_prose(page)) == ["689"]
