"""The reviewer's audit of the article: findings by severity, as data."""

from __future__ import annotations

import pandas as pd

from analysis import data

SEVERITY_ORDER = ("likely error", "ambiguity", "note")


def findings(severity: str | None = None) -> pd.DataFrame:
    df = data.table("audit")
    if severity is not None:
        df = df[df["severity"] == severity]
    order = {s: i for i, s in enumerate(SEVERITY_ORDER)}
    return df.sort_values(
        ["severity", "section", "finding_id"], key=lambda s: s.map(order) if s.name == "severity" else s
    ).reset_index(drop=True)


def counts() -> pd.DataFrame:
    """Findings by severity and kind (zeros included, in severity order)."""
    df = data.table("audit")
    table = pd.crosstab(df["severity"], df["kind"]).reindex(list(SEVERITY_ORDER), fill_value=0)
    return table


def count(severity: str | None = None) -> int:
    return len(findings(severity))
