"""The dated events: selections for the timelines and dates as the prose writes them."""

from __future__ import annotations

import pandas as pd

from analysis import data, fmt, provenance
from analysis.schemas import date_bounds


def events(
    chapter: str | None = None,
    partners: list[str] | None = None,
    categories: list[str] | None = None,
    until: str | None = None,
) -> pd.DataFrame:
    """Events in date order, with `start`/`end` (first and last ISO day covered), `when` (as prose) and
    `notes_text`, optionally restricted to a chapter, partners, categories or a last year."""
    df = data.table("events")
    if chapter is not None:
        df = df[df["chapter"] == chapter]
    if partners is not None:
        df = df[df["partner"].isin(partners)]
    if categories is not None:
        df = df[df["category"].isin(categories)]
    if until is not None:
        df = df[df["date"].str[:4] <= until]
    start = df["date"].map(lambda d: date_bounds(d)[0])
    df = df.assign(
        start=start,
        # a point in time is drawn as a point; only events with an end date become spans
        end=[s if pd.isna(e) else date_bounds(e)[1] for s, e in zip(start, df["date_end"], strict=True)],
        when=[fmt.span(d, None if pd.isna(e) else e) for d, e in zip(df["date"], df["date_end"], strict=True)],
        notes_text=df["notes"].map(provenance.notes_text),
    )
    return df.sort_values(["start", "event_id"]).reset_index(drop=True)


def event(event_id: str) -> pd.Series:
    df = data.table("events").set_index("event_id")
    if event_id not in df.index:
        raise KeyError(f"no event {event_id!r} in data/events.csv")
    return df.loc[event_id]


def when(event_id: str) -> str:
    """The event's date as prose: '28 May 1918', 'March 1992', '27 September – 10 November 2020'."""
    row = event(event_id)
    return fmt.span(str(row["date"]), None if pd.isna(row["date_end"]) else str(row["date_end"]))


def year(event_id: str) -> str:
    return fmt.year(str(event(event_id)["date"]))


def end_year(event_id: str) -> str:
    return fmt.year(str(event(event_id)["date_end"]))


def days(event_id: str) -> int:
    """Days from the event's first day to its last, both counted (a war of 44 days)."""
    row = event(event_id)
    start = pd.Timestamp(date_bounds(str(row["date"]))[0])
    end = pd.Timestamp(date_bounds(str(row["date_end"]))[1])
    return int((end - start).days) + 1


def source_line(df: pd.DataFrame) -> str:
    return provenance.source_line(df, ["events"])


# statements that threaten or reassure by force, shown with the exercises
FORCE_STATEMENTS = ("kalin_support_statement", "heydari_border_statement")


def shows_of_force(since: str = "2020") -> pd.DataFrame:
    """Joint and national military exercises, and the statements that framed them, from `since` on."""
    df = events()
    keep = (df["category"] == "exercise") | df["event_id"].isin(FORCE_STATEMENTS)
    return df[keep & (df["start"].str[:4] >= since)].reset_index(drop=True)
