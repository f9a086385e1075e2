"""Trade and economic ties: growth rates and the frames the economy charts draw."""

from __future__ import annotations

import pandas as pd

from analysis import data, figures
from analysis.metadata import DataError, Problem


def growth_percent(before: str, after: str) -> float:
    """Percentage change from figure `before` to figure `after`; a base of zero is reported as a data
    problem, since its schema allows it but no rate can be computed from it."""
    base = figures.value(before)
    if base == 0:
        table = figures.figure_table(before)
        rule = f"figure '{before}' must not be 0: the chapters compute a growth rate from it"
        raise DataError([Problem(data.shown_path(table), None, "value", rule, str(base))])
    return (figures.value(after) / base - 1) * 100


def bars(
    figure_ids: list[str],
    labels: dict[str, str],
    group: str = "actor",
    groups: dict[str, str] | None = None,
    facets: dict[str, str] | None = None,
) -> pd.DataFrame:
    """The frame `charts.grouped_bars` draws for a list of stated figures; `facets` (figure id -> panel
    title) adds a `facet` column for figures in different units."""
    rows = []
    for fid in figure_ids:
        f = figures.figure(fid)
        row = {
            "label": labels[fid],
            "value": float(f["value"]),
            "value_text": figures.amount(fid, True),
            "note_text": f"note {f['notes']}" if pd.notna(f["notes"]) else str(f["source"]),
            group: (groups or {}).get(fid, str(f["subject"])),
            "notes": f["notes"],
            "source": f["source"],
        }
        if facets is not None:
            row["facet"] = facets[fid]
        rows.append(row)
    return pd.DataFrame(rows)


TRADE_FROM, TRADE_TO, TRANSPORT_GROWTH = "iran_aze_trade_from", "iran_aze_trade_to", "baku_tehran_transport_growth"


def iran_trade_frame() -> pd.DataFrame:
    """Iran–Azerbaijan trade in the two Iranian years the article compares, and, in a second panel, the
    growth of that trade (derived) beside the growth of Baku–Tehran transport (as stated): two different
    measures, shown apart from the money."""
    money, growth = "Bilateral trade (USD million)", "Growth (%)"
    df = bars(
        [TRADE_FROM, TRADE_TO, TRANSPORT_GROWTH],
        {
            TRADE_FROM: f"Trade, {figures.period(TRADE_FROM)}",
            TRADE_TO: f"Trade, {figures.period(TRADE_TO)}",
            TRANSPORT_GROWTH: "International transport Baku–Tehran (as stated)",
        },
        groups={TRADE_FROM: "Iran", TRADE_TO: "Iran", TRANSPORT_GROWTH: "Azerbaijan"},
        facets={TRADE_FROM: money, TRADE_TO: money, TRANSPORT_GROWTH: growth},
    )
    rate = growth_percent(TRADE_FROM, TRADE_TO)
    derived = {
        "label": "Trade value, year on year (derived)",
        "value": rate,
        "value_text": f"{rate:.1f}%",
        "note_text": "derived from the two trade figures (note 40)",
        "actor": "Iran",
        "notes": "40",
        "source": pd.NA,
        "facet": growth,
    }
    return pd.concat([df, pd.DataFrame([derived])], ignore_index=True)
