"""The article's endnotes as a table: which work each note cites, where, and how the article prints it."""

from __future__ import annotations

import pandas as pd

from analysis import data, language
from analysis.escape import markdown_columns, text

FORM_WORDS = {"full": "full reference", "short": "short form of an earlier note", "incomplete": "cut off"}


def short_title(work: pd.Series) -> str:
    """'Kulagina, *Россия и Иран …*' — the first author's family name and the title, shortened, as markdown
    (the data inside escaped; a title in another language marked with it)."""
    author = "" if pd.isna(work["author"]) else str(work["author"]).split(";")[0].split(",")[0].strip()
    title = str(work["title"])
    lang = None if pd.isna(work["language"]) else str(work["language"])
    title = title if len(title) <= 70 else title[:67].rstrip() + "…"
    marked = text(title)
    if language.written_in(title, lang):
        marked = language.in_language(marked, str(lang))
    return f"{text(author)}, *{marked}*" if author else f"*{marked}*"


def table() -> pd.DataFrame:
    notes = data.table("notes")
    works = data.table("works").set_index("key")
    df = pd.DataFrame(
        {
            "Note": notes["note"].astype(int),
            "Work": [short_title(works.loc[w]) for w in notes["work"]],
            "Pages": notes["locator"].fillna(""),
            "As printed": notes["form"].map(FORM_WORDS),
        }
    )
    return markdown_columns(df, "Work")


def count() -> int:
    return len(data.table("notes"))


def works_count() -> int:
    """Distinct works the endnotes cite (the package's own dataset citations are not counted)."""
    works = data.table("works")
    return int((works["cited_by"] == "article").sum())
