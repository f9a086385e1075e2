"""The data dictionary, generated from the declarations in `analysis.metadata` and the data itself."""

from __future__ import annotations

import pandas as pd

from analysis import data
from analysis.metadata import TABLES, TABLES_BY_NAME, Field

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
    """One row per column of dataset `name`: type, unit, rules and description."""
    return pd.DataFrame(
        [
            {
                "Column": f"`{f.name}`",
                "Type": KIND_WORDS[f.kind],
                "Unit": f.unit or "",
                "Rules": rules(f),
                "Description": f.description,
            }
            for f in TABLES_BY_NAME[name].fields
        ]
    )


def figure_sources() -> pd.DataFrame:
    """Every figure the article states, with its value, period, endnotes and primary source."""
    from analysis import figures

    df = figures.all_figures()
    return pd.DataFrame(
        {
            "Figure": [f"`{i}`" for i in df.index],
            "What": df["subject"] + ": " + df["indicator"],
            "Value": [figures.amount(i, qualified=True) for i in df.index],
            "Period": [figures.period(i) for i in df.index],
            "Notes": df["notes"].fillna("").str.replace(";", ", "),
            "Source": df["source"].fillna(""),
            "Dataset": df["dataset"],
        }
    ).reset_index(drop=True)


def table_names() -> list[str]:
    return [t.name for t in TABLES]


def title(name: str) -> str:
    return TABLES_BY_NAME[name].title
