"""The data dictionary, generated from the declarations in `analysis.metadata` and the data itself."""

from __future__ import annotations

import pandas as pd

from analysis import data
from analysis.escape import markdown_columns
from analysis.metadata import NUMBER_KINDS, TABLES, TABLES_BY_NAME, TEXT_KINDS, Field

KIND_WORDS = {
    "str": "text",
    "int": "whole number",
    "float": "number",
    "date": "date (YYYY[-MM[-DD]])",
    "notes": "endnote numbers",
    "bool": "true/false",
}


def rules(f: Field) -> str:
    parts = [] if f.required else ["may be empty"]
    if f.allowed is not None:
        parts.append("one of " + ", ".join(f.allowed))
    if f.minimum is not None:
        parts.append(f"≥ {f.minimum:g}")
    if f.maximum is not None:
        parts.append(f"≤ {f.maximum:g}")
    if f.pattern is not None:
        parts.append(f"pattern `{f.pattern}`")
    if f.references is not None:
        target, column = f.references.split(".")
        parts.append(f"a `{column}` of `{target}`")
    if f.kind in TEXT_KINDS:
        parts.append("no control characters")
    if f.kind in NUMBER_KINDS:
        parts.append("finite")
    return "; ".join(parts)


def datasets() -> pd.DataFrame:
    """One row per dataset: file, title, rows, key, description and origin."""
    return pd.DataFrame(
        [
            {
                "Dataset": t.title,
                "File": f"data/{t.file}",
                "Rows": len(data.table(t.name)),
                "Key": ", ".join(t.key),
                "Description": t.description,
                "Origin": t.origin,
            }
            for t in TABLES
        ]
    )


def columns(name: str) -> pd.DataFrame:
    """One row per column of dataset `name`: type, unit, rules and description.

    Names, rules and descriptions come from the declarations (the package's own markdown), not from data."""
    df = pd.DataFrame(
        [
            {
                "Column": f"`{f.name}`",
                "Type": KIND_WORDS[f.kind],
                "Unit": f.unit or "",
                "Rules": rules(f),
                "Description": f.description.replace("@", "\\@"),  # '[@key]' is shown, not cited
            }
            for f in TABLES_BY_NAME[name].fields
        ]
    )
    return markdown_columns(df, "Column", "Rules", "Description")


#: The most rows of one dataset the appendix lists (the article states about ten per table). A dataset grown
#: far beyond that is summarised by one row pointing to its file: a table of 20,000 rows is read in the CSV,
#: not in a 600-page appendix that takes minutes and gigabytes to typeset.
LISTED_PER_DATASET = 200


def figure_sources(limit: int = LISTED_PER_DATASET) -> pd.DataFrame:
    """Every figure the article states, with its value, period, endnotes and primary source (at most
    `limit` per dataset, then a row naming how many more its file holds).

    Each row is worded from the row itself: looking every figure up again by its id would copy whole tables
    once per row (minutes for a table of 20,000 rows)."""
    from analysis import figures

    df = figures.all_figures()
    counts = df["dataset"].value_counts()
    df = df[df.groupby("dataset").cumcount() < limit]
    rows = [row for _, row in df.iterrows()]
    out = pd.DataFrame(
        {
            "Figure": [f"`{i}`" for i in df.index],  # ids match [a-z0-9_]+: safe in a code span
            "What": df["subject"] + ": " + df["indicator"],
            "Value": [figures.amount_of(row, qualified=True) for row in rows],
            "Period": [figures.period_of(row) for row in rows],
            "Notes": df["notes"].fillna("").str.replace(";", ", "),
            "Source": df["source"].fillna(""),
            "Dataset": df["dataset"],
        }
    ).reset_index(drop=True)
    more = [
        {"Figure": "…", "What": f"{n - limit:,} more figures, not listed here: see data/{name}.csv", "Dataset": name}
        for name, n in counts.items()
        if n > limit
    ]
    if more:  # each after the rows of its own dataset
        order = {name: i for i, name in enumerate(dict.fromkeys(out["Dataset"]))}
        out = pd.concat([out, pd.DataFrame(more)], ignore_index=True).fillna("")
        out = out.sort_values("Dataset", key=lambda d: d.map(order), kind="stable").reset_index(drop=True)
    return markdown_columns(out, "Figure")


def table_names() -> list[str]:
    return [t.name for t in TABLES]


def title(name: str) -> str:
    return TABLES_BY_NAME[name].title
