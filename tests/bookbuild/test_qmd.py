"""Parsing chapters: front matter, cells and their options, inline expressions, headings."""

from __future__ import annotations

import pytest

from bookbuild.errors import ConfigError
from bookbuild.qmd import Cell, Markdown, parse_qmd

CHAPTER = """---
execute:
  echo: true
---

# Trade {#sec-trade}

Peak of `{python} peak` in `{python} f"{year}"`; `python` and ```code``` are not expressions.

```{python}
#| label: fig-trade
#| fig-cap: "Trade, by year [@smith2020]."
#| fig-alt: A bar chart.
chart = make()
chart
```

```python
# {python} in a plain code block is not a cell: `{python} nope`
```

## Details {#sec-details .unnumbered}

```{python}
x = 1
```
"""


def test_front_matter_and_blocks() -> None:
    qmd = parse_qmd("report/trade.qmd", CHAPTER)
    assert qmd.meta == {"execute": {"echo": True}}
    kinds = [type(b) for b in qmd.blocks]
    assert kinds == [Markdown, Cell, Markdown, Cell]


def test_cell_options_and_lines() -> None:
    cell = parse_qmd("c.qmd", CHAPTER).cells[0]
    assert cell.index == 1 and cell.line == 10
    assert cell.label == "fig-trade"
    assert cell.options == {"label": "fig-trade", "fig-cap": "Trade, by year [@smith2020].", "fig-alt": "A bar chart."}
    assert cell.code == "chart = make()\nchart" and cell.option_lines == 3  # sent without them, as Quarto does


def test_inline_expressions() -> None:
    inlines = parse_qmd("c.qmd", CHAPTER).inlines
    assert [(i.expr, i.line) for i in inlines] == [("peak", 8), ('f"{year}"', 8)]


def test_headings() -> None:
    heads = parse_qmd("c.qmd", CHAPTER).headings
    assert [(h.level, h.title, h.id, h.unnumbered) for h in heads] == [
        (1, "Trade", "sec-trade", False),
        (2, "Details", "sec-details", True),
    ]


def test_no_front_matter_and_no_cells() -> None:
    qmd = parse_qmd("r.qmd", "# References {.unnumbered}\n\n::: {#refs}\n:::\n")
    assert qmd.meta == {} and not qmd.cells and not qmd.inlines


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("---\ntitle: [unclosed\n---\n# T\n", "front matter: not valid YAML at line 2"),
        ("---\ntitle: x\n# T\n", "never closed"),
        ("# T\n\n```{python}\nx = 1\n", "cell opened on line 3 is never closed"),
        ("# T\n\n```{python}\n#| label: [oops\nx = 1\n```\n", "options of the cell on line 3"),
    ],
)
def test_malformed_chapters_name_the_file(text: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message) as err:
        parse_qmd("report/bad.qmd", text)
    assert str(err.value).startswith("report/bad.qmd: ")
