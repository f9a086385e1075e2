"""How numbers, dates and tables are written in the prose: one place, so every chapter reads alike."""

from __future__ import annotations

import pandas as pd
from IPython.display import Markdown

from analysis.schemas import PARTIAL_DATE

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def number(x: float, decimals: int | None = None) -> str:
    """1648195 -> '1,648,195'; 85.03 -> '85.03'; decimals fixes the digits after the point."""
    if decimals is None:
        decimals = 0 if float(x).is_integer() else len(f"{x}".split(".")[1])
    return f"{x:,.{decimals}f}"


def percent(x: float, decimals: int = 0) -> str:
    return f"{number(x, decimals)}%"


def date(value: str) -> str:
    """A partial ISO date as prose: '1918-05-28' -> '28 May 1918', '1992-03' -> 'March 1992'."""
    match = PARTIAL_DATE.fullmatch(value)
    if not match:
        raise ValueError(f"not a date: {value!r}")
    year, month, day = match.groups()
    if month is None:
        return year
    if day is None:
        return f"{MONTHS[int(month) - 1]} {year}"
    return f"{int(day)} {MONTHS[int(month) - 1]} {year}"


def year(value: str) -> str:
    return value[:4]


def span(start: str, end: str | None) -> str:
    """'2016'–'2020' -> '2016–2020'; a single point in time is written once."""
    if end is None or pd.isna(end) or end == start:
        return date(start)
    return f"{date(start)}–{date(end)}"


def listing(items: list[str]) -> str:
    """['a', 'b', 'c'] -> 'a, b and c'."""
    items = list(items)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def markdown_table(df: pd.DataFrame, align: dict[str, str] | None = None) -> str:
    """A pipe table that pandoc and Quarto both read (numbers right-aligned unless told otherwise)."""
    align = align or {}

    def cell(v: object) -> str:
        return (
            ""
            if v is None or (not isinstance(v, str) and pd.isna(v))
            else str(v).replace("|", "\\|").replace("@", "\\@")
        )

    cols = list(df.columns)
    rule = {"left": ":---", "right": "---:", "center": ":---:"}
    marks = [rule[align.get(c, "right" if pd.api.types.is_numeric_dtype(df[c]) else "left")] for c in cols]
    lines = ["| " + " | ".join(cols) + " |", "| " + " | ".join(marks) + " |"]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in df.itertuples(index=False)]
    return "\n".join(lines)


def table(df: pd.DataFrame, align: dict[str, str] | None = None) -> Markdown:
    """A table for a chapter cell: Quarto and the offline builder both take `text/markdown` as is.

    In HTML the table sits in its own scroll box, which takes the keyboard focus, so a table wider than the
    page can be scrolled without a mouse (the PDF ignores the box). The box is a named group rather than a
    region: a page has many tables, and landmarks must have unique names."""
    name = "Table, scrolls sideways if wide: " + ", ".join(str(c) for c in df.columns)
    attrs = f'tabindex="0" role="group" aria-label="{_attribute(name)}"'
    return Markdown(f"::: {{.table-scroll {attrs}}}\n{markdown_table(df, align)}\n:::")


def _attribute(text: str) -> str:
    """Text for a quoted pandoc attribute: no quote or backslash can end it early."""
    return text.replace("\\", " ").replace('"', "'")
