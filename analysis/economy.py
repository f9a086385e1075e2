"""Trade and economic ties: growth rates and the frames the economy charts draw."""

from __future__ import annotations

import pandas as pd

from analysis import data, figures


def growth_percent(before: str, after: str) -> float:
    """Percentage change from figure `before` to figure `after`."""
    return (figures.value(after) / figures.value(before) - 1) * 100


def bars(figure_ids: list[str], labels: dict[str, str], group: str = "actor",
         groups: dict[str, str] | None = None) -> pd.DataFrame:
    """The frame `charts.grouped_bars` draws for a list of stated figures."""
    rows = []
    for fid in figure_ids:
        f = figures.figure(fid)
        rows.append({"label": labels[fid], "value": float(f["value"]), "value_text": figures.amount(fid, True),
                     "note_text": f"note {f['notes']}" if pd.notna(f["notes"]) else str(f["source"]),
                     group: (groups or {}).get(fid, str(f["subject"])), "notes": f["notes"],
                     "source": f["source"]})
    return pd.DataFrame(rows)


def table() -> pd.DataFrame:
    return data.table("economy")
