"""The reviewer's audit of the article: findings by severity, as data."""

from __future__ import annotations

import pandas as pd

from analysis import data
from analysis.escape import text
from analysis.metadata import CHAPTERS

SEVERITY_ORDER = ("likely error", "ambiguity", "note")
SECTION_ORDER = (*CHAPTERS, "notes")


def findings(severity: str | None = None) -> pd.DataFrame:
    df = data.table("audit")
    if severity is not None:
        df = df[df["severity"] == severity]
    rank = {**{s: i for i, s in enumerate(SEVERITY_ORDER)}, **{s: i for i, s in enumerate(SECTION_ORDER)}}
    keyed = df.assign(_s=df["severity"].map(rank), _p=df["section"].map(rank))
    return keyed.sort_values(["_s", "_p", "finding_id"]).drop(columns=["_s", "_p"]).reset_index(drop=True)


def counts() -> pd.DataFrame:
    """Findings by severity and kind (zeros included, in severity order)."""
    df = data.table("audit")
    table = pd.crosstab(df["severity"], df["kind"]).reindex(list(SEVERITY_ORDER), fill_value=0)
    return table


def count(severity: str | None = None) -> int:
    return len(findings(severity))


def counts_long() -> pd.DataFrame:
    """Findings counted by severity and kind, for `charts.count_bars`."""
    df = data.table("audit")
    out = df.groupby(["severity", "kind"]).size().rename("count").reset_index()
    return out.sort_values("severity", key=lambda s: s.map({v: i for i, v in enumerate(SEVERITY_ORDER)}))


SECTION_WORDS = {
    "introduction": "Introduction",
    "relations": "Relations to 1991",
    "major_powers": "Major powers",
    "regional_powers": "Regional powers",
    "implications": "Implications",
    "limits": "Limits",
    "notes": "Endnotes",
}


def findings_markdown(severity: str) -> str:
    """The findings of one severity as a definition list: where, what, the evidence and the notes.

    The finding's own text is escaped (`escape.text`): it is data, never markup."""
    blocks = []
    for row in findings(severity).itertuples(index=False):
        notes = "" if pd.isna(row.notes) else f" Notes concerned: {row.notes.replace(';', ', ')}."
        blocks.append(
            f"**{SECTION_WORDS[row.section]}: {text(row.passage)}** ({text(row.kind)})\n"
            f": {text(row.finding)}\n\n    *Evidence:* {text(row.evidence)}{notes}\n"
        )
    return "\n".join(blocks) if blocks else "None."
