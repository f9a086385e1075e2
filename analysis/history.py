"""History and the major-power partnerships: the frames behind the charts of the introduction, the
Iran–Azerbaijan history chapter and the major-powers chapter.

Every frame is built from the validated tables (events, power) through `analysis.events` and
`analysis.figures`; nothing here types a date or a figure.
"""

from __future__ import annotations

import pandas as pd

from analysis import events as E
from analysis import figures, fmt, provenance
from analysis.schemas import date_bounds


def source_line(df: pd.DataFrame, datasets: list[str]) -> str:
    """The chart's foot: datasets, notes and primary sources, and whether some figures are the article's own
    without a note."""
    line = figures.source_line(df, datasets)
    if "source" in df and df["source"].fillna("").str.lower().str.startswith("article").any():
        line = line[:-1] + "; some figures as the article states them, without a note."
    return line


# --- Eras: periods drawn as bands above a timeline -------------------------------------------------------------

# (label, lane, first event, event that ends it, what the tooltip adds)
SOVEREIGNTY = (
    (
        "Iranian empires",
        "Who ruled today's Azerbaijan",
        "astrakhan_taken",
        "treaty_gulistan",
        "Safavid, Afsharid and Qajar Persia; the band opens where the chart does, with Astrakhan's fall",
    ),
    (
        "Russian Empire",
        "Who ruled today's Azerbaijan",
        "treaty_gulistan",
        "adr_independence",
        "Ceded at Gulistan; Turkmenchay completed the loss",
    ),
    (
        "Azerbaijan Democratic Republic",
        "Who ruled today's Azerbaijan",
        "adr_independence",
        "soviet_invasion_azerbaijan",
        "Independent until the Red Army's invasion",
    ),
    (
        "Azerbaijan SSR",
        "Who ruled today's Azerbaijan",
        "soviet_invasion_azerbaijan",
        "tsfsr_established",
        "Soviet republic proclaimed by the Baku Bolsheviks",
    ),
    (
        "Transcaucasian SFSR (in the USSR)",
        "Who ruled today's Azerbaijan",
        "tsfsr_established",
        "tsfsr_abolished",
        "Federation of Azerbaijan, Georgia and Armenia",
    ),
    (
        "Azerbaijan SSR (union republic)",
        "Who ruled today's Azerbaijan",
        "tsfsr_abolished",
        "aze_independence",
        "A republic of the USSR in its own right until independence",
    ),
    (
        "Russian occupation of the Caspian coast",
        "Russian occupation",
        "russia_takes_caspian_towns",
        "treaty_ganja",
        "From Peter the Great's campaign to the withdrawal agreed at Ganja",
    ),
)


def _era(label: str, lane: str, first: str, last: str, detail: str, notes: str = "") -> dict[str, str]:
    a, b = E.event(first), E.event(last)
    return {
        "label": label,
        "lane": lane,
        "start": date_bounds(str(a["date"]))[0],
        "end": date_bounds(str(b["date"]))[0],
        "when": fmt.span(str(a["date"]), str(b["date"])),
        "title": detail,
        "notes_text": notes,
    }


RELATIONS_LANES = {
    "conquest": "Conquests",
    "war": "Wars",
    "treaty": "Treaties",
    "state": "Changes of state",
    "independence": "Independence",
}


def relations_events() -> pd.DataFrame:
    """The relations chapter's events from Muscovy's capture of Astrakhan to Azerbaijan's independence."""
    df = E.events(chapter="relations")
    first = df.loc[df["event_id"] == "astrakhan_taken", "start"].iloc[0]
    df = df[df["start"] >= first]
    return df.assign(lane=df["category"].map(RELATIONS_LANES).fillna("Other")).reset_index(drop=True)


def sovereignty_periods() -> pd.DataFrame:
    """Who held the lands of today's Azerbaijan between the relations chapter's events, as bands."""
    rows = []
    for label, lane, first, last, detail in SOVEREIGNTY:
        notes = sorted({n for e in (first, last) for n in str(E.event(e)["notes"]).split(";") if n != "nan"})
        rows.append(_era(label, lane, first, last, detail, provenance.notes_text(";".join(notes)) if notes else ""))
    return pd.DataFrame(rows)


def _span_eras(ids: dict[str, str], lane_of: dict[str, str] | None = None) -> pd.DataFrame:
    """Eras from events that have an end date: `ids` maps event id -> short label."""
    df = E.events()
    df = df[df["event_id"].isin(ids)].copy()
    df["end"] = [date_bounds(str(e))[1] for e in df["date_end"]]
    df["label"] = df["event_id"].map(ids)
    df["lane"] = df["event_id"].map(lane_of or {}).fillna("Period")
    order = {k: i for i, k in enumerate(ids)}
    df = df.sort_values("event_id", key=lambda s: s.map(order))
    cols = ["label", "lane", "start", "end", "when", "title", "notes_text", "notes", "source"]
    return df[cols].reset_index(drop=True)


# --- The partnerships with the United States and Russia --------------------------------------------------------

PRESIDENCIES = {
    "clinton_administration": "Clinton",
    "bush_administration": "George W. Bush",
    "obama_administration": "Obama",
}
US_MILESTONES = (
    "us_recognises_aze",
    "us_embassy_baku",
    "aze_troops_afghanistan",
    "aze_troops_iraq",
    "btc_pipeline_inaugurated",
    "tanap_inaugurated",
    "tap_commercial_operations",
    "pelosi_visits_armenia",
)
LANES = {
    "recognition": "Diplomacy",
    "diplomacy": "Diplomacy",
    "agreement": "Agreements",
    "treaty": "Agreements",
    "infrastructure": "Energy routes",
    "visit": "Visits",
    "statement": "Visits",
    "war": "War and ceasefire",
    "state": "Leadership",
}
LANE_OVERRIDES = {
    "aze_troops_afghanistan": "Troops for US-led missions",
    "aze_troops_iraq": "Troops for US-led missions",
    "karabakh_ceasefire_2020": "War and ceasefire",
}


def _with_lanes(df: pd.DataFrame) -> pd.DataFrame:
    lane = df["category"].map(LANES).fillna("Other")
    override = df["event_id"].map(LANE_OVERRIDES)
    return df.assign(lane=override.fillna(lane))


def us_presidencies() -> pd.DataFrame:
    """The administrations the article names, as eras."""
    return _span_eras(PRESIDENCIES, dict.fromkeys(PRESIDENCIES, "Presidency"))


def us_milestones() -> pd.DataFrame:
    """Milestones of the US–Azerbaijan partnership the article names (recognition, embassy, troops for US-led
    missions, the energy routes, Pelosi's visit), each in a lane by kind."""
    df = E.events()
    return _with_lanes(df[df["event_id"].isin(US_MILESTONES)]).reset_index(drop=True)


RUSSIA_PERIODS = {
    "russia_non_interference": "Russian non-interference",
    "russia_aze_cool_1990s": "Poor relations",
    "russia_aze_partnership": "Strategic partnership built",
}
RUSSIA_PERIOD_LANES = {
    "russia_non_interference": "Russia's policy",
    "russia_aze_cool_1990s": "Moscow–Baku relations",
    "russia_aze_partnership": "Moscow–Baku relations",
}


def russia_periods() -> pd.DataFrame:
    """The phases of Russia's policy and of Moscow–Baku relations the article describes, as eras."""
    return _span_eras(RUSSIA_PERIODS, RUSSIA_PERIOD_LANES)


def russia_milestones() -> pd.DataFrame:
    """Dated events of the Russia–Azerbaijan partnership, with the 2020 war it helped to end."""
    df = E.events(chapter="major-powers")
    keep = (df["partner"] == "Russia") | (df["event_id"] == "karabakh_war_2020")
    df = df[keep & ~df["event_id"].isin(RUSSIA_PERIODS)]
    return _with_lanes(df).reset_index(drop=True)


def combined_source_line(*frames: pd.DataFrame) -> str:
    """The foot line for a chart drawn from several event frames."""
    cols = ["notes", "source"]
    return E.source_line(pd.concat([f[cols] for f in frames], ignore_index=True))
