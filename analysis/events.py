"""The dated events: selections for the timelines and dates as the prose writes them."""

from __future__ import annotations

import pandas as pd

from analysis import book, data, fmt, provenance
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
    if chapter is not None and chapter not in book.chapters():
        raise ValueError(f"events(chapter={chapter!r}): no such chapter in _quarto.yml; one of {book.chapters()}")
    if chapter is not None:
        df = df[df["chapter"] == chapter]
    if partners is not None:
        df = df[df["partner"].isin(partners)]
    if categories is not None:
        df = df[df["category"].isin(categories)]
    if until is not None:
        df = df[df["date"].str[:4] <= until]
    bounds = df["date"].map(date_bounds)
    start = bounds.map(lambda b: b[0])
    exact = df["precision"] == "day"
    corrected = df["date_change"] == "corrected"
    stated = df["date_stated"].where(corrected)
    df = df.assign(
        start=start,
        # an event that lasted runs to its end; a date known only to the month or year is drawn as the span
        # it covers, so that it is never placed on the first day of that month or year
        end=[b[1] if pd.isna(e) else date_bounds(e)[1] for b, e in zip(bounds, df["date_end"], strict=True)],
        exact=exact,
        # where a point is drawn: the day itself, or the middle of the month or year the date covers
        at=[b[0] if x else _middle(*b) for b, x in zip(bounds, exact, strict=True)],
        when=[_when(r) for r in df.itertuples(index=False)],
        stated_at=stated.map(lambda d: None if pd.isna(d) else date_bounds(d)[0]),
        stated_when=stated.map(lambda d: None if pd.isna(d) else f"the article: {fmt.date(d)}"),
        notes_text=df["notes"].map(provenance.notes_text),
    )
    return df.sort_values(["start", "event_id"]).reset_index(drop=True)


def _middle(first: str, last: str) -> str:
    a, b = pd.Timestamp(first), pd.Timestamp(last)
    return (a + (b - a) / 2).strftime("%Y-%m-%d")


def _when(row: object) -> str:
    """The date as a tooltip writes it, saying where it comes from when it is not the article's."""
    text = fmt.span(row.date, None if pd.isna(row.date_end) else row.date_end)
    if row.date_change == "corrected":
        return f"{text} (corrected; the article: {fmt.date(row.date_stated)})"
    if row.date_change == "added":
        return f"{text} (the package's date; the article gives none)"
    if row.date_change == "refined":
        return f"{text} (the package's precision; the article: {fmt.date(row.date_stated)})"
    return text if row.precision == "day" else f"{text} (day not known)"


def event(event_id: str) -> pd.Series:
    df = data.table("events").set_index("event_id")
    if event_id not in df.index:
        raise KeyError(f"no event {event_id!r} in data/events.csv")
    return df.loc[event_id]


def when(event_id: str) -> str:
    """The event's date as prose: '28 May 1918', 'March 1992', '27 September – 10 November 2020'; marked as
    the package's (`provenance.added`) where it corrects the article's date or is more precise than it."""
    row = event(event_id)
    text = fmt.span(str(row["date"]), None if pd.isna(row["date_end"]) else str(row["date_end"]))
    return text if pd.isna(row["date_change"]) else provenance.added(text)


def stated(event_id: str) -> str:
    """The date as the article gives it (the same as `when` where the package changes nothing)."""
    row = event(event_id)
    return fmt.date(str(row["date"] if pd.isna(row["date_stated"]) else row["date_stated"]))


def year(event_id: str) -> str:
    """The event's year; marked as the package's where the article gives no date or a different year."""
    row = event(event_id)
    text = fmt.year(str(row["date"]))
    changed = row["date_change"] == "added" or (
        row["date_change"] == "corrected" and fmt.year(str(row["date_stated"])) != text
    )
    return provenance.added(text) if changed else text


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
