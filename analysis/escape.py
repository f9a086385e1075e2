"""Dataset text as inert pandoc markdown: one place that turns a value into text that cannot become markup.

A value from a CSV file may hold anything a contributor typed: `<img onerror=…>`, `[x](javascript:…)`,
`$x$`, `@key`, `<!--`. Chapters hand such text to pandoc (Quarto or the offline builder) as markdown, so
every character pandoc could read as syntax is backslash-escaped here; pandoc then writes it as plain text,
and escapes it correctly itself for HTML and for Typst. The apostrophe and the double quote are left alone
(they carry no markup, and pandoc's smart quotes should still curl them) and so are letters, digits, spaces
and non-ASCII characters.
"""

from __future__ import annotations

import re

import pandas as pd

#: Every ASCII punctuation character pandoc may read as syntax somewhere (emphasis, code, links, raw HTML,
#: math, citations, shortcodes, attributes, lists, headings, tables, definition lists, entities, bare URIs).
SPECIALS = frozenset("\\`*_{}[]()<>#+-.!|$@~^&:=")
_SPECIAL = re.compile("([" + re.escape("".join(sorted(SPECIALS))) + "])")
#: Line breaks and other control characters (refused by validation anyway): never a new block in a table.
_BREAKS = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]+")

#: `DataFrame.attrs` key naming the columns a table producer wrote as markdown itself (see `markdown_columns`).
MARKDOWN_COLUMNS = "markdown_columns"


def text(value: object) -> str:
    """`value` as markdown that reads back as exactly its text: '<b>$1</b>' -> '\\<b\\>\\$1\\</b\\>'."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    plain = _BREAKS.sub(" ", str(value)).strip()
    return _SPECIAL.sub(r"\\\1", plain)


def markdown_columns(df: pd.DataFrame, *columns: str) -> pd.DataFrame:
    """Marks `columns` of `df` as markdown the package composed (with any data inside already escaped by
    `text`); every other column is escaped when the table is written. Returns `df`."""
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise KeyError(f"no column(s) {', '.join(missing)} to mark as markdown")
    df.attrs[MARKDOWN_COLUMNS] = tuple(columns)
    return df


def is_markdown_column(df: pd.DataFrame, column: str) -> bool:
    return column in df.attrs.get(MARKDOWN_COLUMNS, ())
