"""The article's stated figures (tables economy, arms, power): look-up and wording for the prose."""

from __future__ import annotations

import pandas as pd

from analysis import data, fmt, provenance
from analysis.metadata import FIGURE_TABLES
from analysis.provenance import notes_of, source_line

__all__ = ["amount", "amount_of", "figure", "notes_of", "period", "period_of", "source_line", "value"]


# How each unit reads after a number; money goes before it.
UNIT_WORDS = {
    "percent": "%",
    "count": "",
    "rank": "",
    "km2": " km²",
    "sq mi": " square miles",
    "persons": " people",
    "million persons": " million people",
    "passengers per year": " passengers a year",
    "tonnes per year": " tonnes a year",
    "years": " years",
    "days": " days",
}
QUALIFIER_WORDS = {"exact": "", "about": "about ", "more than": "more than ", "estimate": "an estimated "}


def all_figures() -> pd.DataFrame:
    """Every stated figure, indexed by `figure_id`, with the dataset it comes from."""
    frames = [data.table(name).assign(dataset=name) for name in FIGURE_TABLES]
    return pd.concat(frames, ignore_index=True).set_index("figure_id")


def figure_table(figure_id: str) -> str:
    """The name of the table that holds `figure_id`."""
    for name in FIGURE_TABLES:
        if figure_id in set(data.table(name, record=False)["figure_id"]):
            return name
    raise KeyError(f"no figure {figure_id!r} in the datasets {', '.join(FIGURE_TABLES)}")


def figure(figure_id: str) -> pd.Series:
    """The row of one figure. Only the table that holds it counts as read, so that editing one figure
    table re-executes only the chapters that quote a figure from it."""
    return data.table(figure_table(figure_id)).set_index("figure_id").loc[figure_id]


def value(figure_id: str) -> float:
    return float(figure(figure_id)["value"])


def amount(figure_id: str, qualified: bool = False) -> str:
    """The figure as prose: '$608 million', '69%', 'about 5,000', '1,648,195 km²'."""
    return amount_of(figure(figure_id), qualified)


def amount_of(row: pd.Series, qualified: bool = False) -> str:
    """`amount` for a row already at hand (a listing of every figure looks each one up once)."""
    v, unit = float(row["value"]), str(row["unit"])
    if unit == "USD million":
        text = f"${fmt.number(v)} million"
    elif unit == "USD billion":
        text = f"${fmt.number(v)} billion"
    elif unit in ("passengers per year", "tonnes per year") and v >= 1_000_000:
        text = f"{fmt.number(v / 1_000_000)} million{UNIT_WORDS[unit]}"
    elif unit == "rank":
        text = ordinal(int(v))
    else:
        text = f"{fmt.number(v)}{UNIT_WORDS[unit]}"
    return (QUALIFIER_WORDS[str(row["qualifier"])] if qualified else "") + text


def ordinal(n: int) -> str:
    words = {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth"}
    if n in words:
        return words[n]
    suffix = "th" if n % 100 in (11, 12, 13) else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def added_source(figure_id: str) -> str:
    """The primary source the figure's row names, marked as the package's addition (the article does not
    name it)."""
    source = figure(figure_id)["source"]
    if pd.isna(source):
        raise KeyError(f"figure {figure_id!r} names no primary source")
    return provenance.added(str(source))


def period(figure_id: str) -> str:
    return period_of(figure(figure_id))


def period_of(row: pd.Series) -> str:
    end = None if pd.isna(row["period_end"]) else str(row["period_end"])
    return fmt.span(str(row["period_start"]), end)
