"""How numbers, dates and tables are written in the prose: one place, so every chapter reads alike."""

from __future__ import annotations

import math
import re
from decimal import Decimal

import pandas as pd
from IPython.display import Markdown

from analysis import escape
from analysis.schemas import PARTIAL_DATE


class Md(str):
    """A string that is already markdown, for inline expressions.

    Quarto inserts an inline value's `text/markdown` as it is, but escapes only some characters of a plain
    string's `text/plain`; this class gives the value a `text/markdown` form, so that a span such as
    `[1723†]{.package-added}` renders the same under Quarto and the offline builder. It stays a `str`.
    """

    def _repr_markdown_(self) -> str:
        return str(self)


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


#: The most digits after the point a number is written with when none are asked for; a smaller value, or
#: one of `HUGE` or more, is written in scientific notation ('2.5 × 10⁻¹⁴') rather than as a row of zeros.
MAX_DECIMALS = 12
HUGE = 1e15
_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def scientific(x: float, digits: int = 3) -> str:
    """2.5e-14 -> '2.5 × 10⁻¹⁴' (at most `digits` significant digits)."""
    mantissa, exponent = f"{x:.{digits - 1}e}".split("e")
    mantissa = mantissa.rstrip("0").rstrip(".") if "." in mantissa else mantissa
    return f"{mantissa} × 10{str(int(exponent)).translate(_SUPERSCRIPT)}"


def number(x: float, decimals: int | None = None) -> str:
    """1648195 -> '1,648,195'; 85.03 -> '85.03'; 1e-05 -> '0.00001'; -0.0 -> '0'; 3e20 -> '3 × 10²⁰'.

    Without `decimals`, as many digits after the point as the value's shortest form needs. Infinities and
    NaN are refused by validation and raise here.
    """
    x = float(x)
    if not math.isfinite(x):
        raise ValueError(f"not a finite number: {x!r}")
    if x == 0:
        x = 0.0  # negative zero reads as zero
    if abs(x) >= HUGE:
        return scientific(x)
    if decimals is None:
        decimals = 0 if x.is_integer() else max(0, -int(Decimal(repr(x)).as_tuple().exponent))
        if decimals > MAX_DECIMALS:
            return scientific(x)
    text = f"{x:,.{decimals}f}"
    # a small negative value rounded to zero digits reads as zero, not as '-0.0'
    return text[1:] if text.startswith("-") and not text.strip("-0.,") else text


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


def text(value: object) -> Markdown:
    """Dataset text for the prose, as an inline `` `{python} fmt.text(…)` `` value: shown literally."""
    return Markdown(escape.text(value))


def markdown_table(df: pd.DataFrame, align: dict[str, str] | None = None) -> str:
    """A pipe table that pandoc and Quarto both read (numbers right-aligned unless told otherwise).

    Every cell is escaped as text (`escape.text`), except in the columns the table's producer marked as
    markdown it composed itself (`escape.markdown_columns`).
    """
    align = align or {}

    def cell(v: object, markdown: bool) -> str:
        if v is None or (not isinstance(v, str) and pd.isna(v)):
            return ""
        # in composed markdown, data is escaped already ('\\|'); a bare '|' of the producer's would end the cell
        return re.sub(r"(?<!\\)\|", r"\\|", str(v)) if markdown else escape.text(v)

    cols = list(df.columns)
    as_markdown = [escape.is_markdown_column(df, c) for c in cols]
    rule = {"left": ":---", "right": "---:", "center": ":---:"}
    marks = [rule[align.get(c, "right" if pd.api.types.is_numeric_dtype(df[c]) else "left")] for c in cols]
    lines = ["| " + " | ".join(escape.text(c) for c in cols) + " |", "| " + " | ".join(marks) + " |"]
    lines += [
        "| " + " | ".join(cell(v, md) for v, md in zip(row, as_markdown, strict=True)) + " |"
        for row in df.itertuples(index=False)
    ]
    return "\n".join(lines)


def table(df: pd.DataFrame, align: dict[str, str] | None = None, caption: str | None = None) -> Markdown:
    """A table for a chapter cell: Quarto and the offline builder both take `text/markdown` as is.

    In HTML the table sits in its own scroll box, which takes the keyboard focus, so a table wider than the
    page can be scrolled without a mouse (the PDF ignores the box). The box is a named group rather than a
    region: a page has many tables, and landmarks must have unique names. `caption` gives an unnumbered
    table its caption (pandoc's `: caption` line), for pages outside the numbered chapters, where a `tbl-`
    label would borrow the previous chapter's number."""
    name = "Table, scrolls sideways if wide: " + ", ".join(str(c) for c in df.columns)
    attrs = f'tabindex="0" role="group" aria-label="{_attribute(name)}"'
    text = markdown_table(df, align) + (f"\n\n: {caption}" if caption else "")
    return Markdown(f"::: {{.table-scroll {attrs}}}\n{text}\n:::")


def _attribute(text: str) -> str:
    """Text for a quoted pandoc attribute: no quote or backslash can end it early."""
    return text.replace("\\", " ").replace('"', "'")
