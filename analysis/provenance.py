"""Where a row comes from, in words: its endnotes and primary sources, for chart feet and tooltips."""

from __future__ import annotations

import re

import pandas as pd

from analysis.fmt import Md

#: The mark set after whatever the package adds to the article (a more precise date, a corrected date, a
#: source or a name the article does not give), in every edition: a span class for the HTML and a visible
#: dagger that the PDF keeps.
ADDED_MARK = "†"
ADDED_CLASS = "package-added"
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|^~$@])")


def added(text: str) -> Md:
    """`text` (plain text, escaped here) marked as the package's addition, as inline markdown."""
    escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", text)
    return Md(f"[{escaped}^{ADDED_MARK}^]{{.{ADDED_CLASS}}}")


def note_list(cell: object) -> list[int]:
    """'31;32' -> [31, 32]; an empty cell -> []."""
    if cell is None or pd.isna(cell):
        return []
    return [int(n) for n in str(cell).split(";")]


def notes_text(cell: object) -> str:
    """'31;32' -> 'notes 31, 32'; '12' -> 'note 12'; an empty cell -> ''."""
    numbers = note_list(cell)
    if not numbers:
        return ""
    return ("note " if len(numbers) == 1 else "notes ") + ", ".join(map(str, numbers))


def notes_of(rows: pd.DataFrame) -> list[int]:
    """Sorted endnote numbers cited by any of `rows`."""
    return sorted({n for cell in rows["notes"] for n in note_list(cell)})


def primary_sources(rows: pd.DataFrame) -> list[str]:
    """The primary sources named by `rows` (the article itself is cited through its notes)."""
    return sorted({s for s in rows["source"].dropna() if not s.lower().startswith("article")})


def source_line(rows: pd.DataFrame, datasets: list[str]) -> str:
    """'Data: economy; notes 24, 40; SIPRI Arms Transfers Database.' for a chart's foot."""
    parts = [f"Data: {', '.join(datasets)}"]
    if "notes" in rows:
        notes = notes_text(";".join(map(str, notes_of(rows))) or None)
        parts += [notes] if notes else []
    if "source" in rows:
        parts += primary_sources(rows)
    return "; ".join(parts) + "."
