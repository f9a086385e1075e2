"""Aggregate power: area and population, Iran against Azerbaijan, and the shares the article derives."""

from __future__ import annotations

import pandas as pd

from analysis import data, figures, fmt, provenance
from analysis.metadata import COUNTRIES

KM2_PER_SQ_MI = 2.589988110336  # international mile, exactly 1609.344 m


def sq_mi(km2: float) -> float:
    return km2 / KM2_PER_SQ_MI


def azeris_in_iran_million() -> float:
    """The article's share of Azeris in Iran applied to its population of Iran (both as stated)."""
    return figures.value("azeri_share_iran_population") / 100 * figures.value("iran_population_2021")


def area_ratio() -> float:
    """How many times Azerbaijan's area fits into Iran's."""
    return figures.value("iran_area_km2") / figures.value("aze_area_km2")


def population_ratio() -> float:
    return figures.value("iran_population_2021") / figures.value("aze_population_2023")


SOUTH_CAUCASUS = ("aze_area_km2_ref", "armenia_area_km2_ref", "georgia_area_km2_ref")


def south_caucasus_share() -> float:
    """Azerbaijan's share (%) of the three South Caucasus states' area, from the reference areas."""
    areas = [figures.value(f) for f in SOUTH_CAUCASUS]
    return areas[0] / sum(areas) * 100


def _derived_notes() -> str | None:
    """The notes behind the Azeris of Iran: those of the share (the article prints none) and of Iran's
    population."""
    ids = ("azeri_share_iran_population", POPULATION_FIGURES["Iran"])
    numbers = provenance.notes_of(pd.DataFrame({"notes": [figures.figure(i)["notes"] for i in ids]}))
    return ";".join(map(str, numbers)) or None


def series(countries: tuple[str, ...] = ("IRN", "AZE")) -> pd.DataFrame:
    """World Bank population by year, in millions, with country names for the legend."""
    df = data.table("population")
    df = df[df["country"].isin(countries)].copy()
    df["actor"] = df["country"].map(COUNTRIES)
    df["million"] = df["population"] / 1e6
    return df.reset_index(drop=True)


def population(country: str, year: int) -> float:
    """World Bank population of `country` (ISO3) in `year`, in millions."""
    df = series((country,))
    row = df[df["year"] == year]
    if row.empty:
        raise KeyError(f"no World Bank population for {country} in {year}")
    return float(row["million"].iloc[0])


def population_check() -> pd.DataFrame:
    """The article's two population figures beside the World Bank's for the same country and year."""
    rows = []
    for country, name, fid in (("IRN", "Iran", "iran_population_2021"), ("AZE", "Azerbaijan", "aze_population_2023")):
        f = figures.figure(fid)
        year = int(str(f["period_start"])[:4])
        wb = population(country, year)
        rows.append(
            {
                "Country": name,
                "Year": str(year),
                "Article (million)": fmt.number(float(f["value"])),
                "World Bank (million)": fmt.number(wb, 2),
                "Difference": f"{(float(f['value']) / wb - 1) * 100:+.1f}%",
            }
        )
    return pd.DataFrame(rows)


POPULATION_FIGURES = {"Iran": "iran_population_2021", "Azerbaijan": "aze_population_2023"}


def population_points() -> pd.DataFrame:
    """The article's population figures (and the Azeris of Iran they imply) as points for the World Bank
    lines: actor, year, million, label, value_text, note_text, and `offset` (pixels to move the label
    down, so that close points keep legible labels)."""
    rows = []
    for actor, fid in POPULATION_FIGURES.items():
        f = figures.figure(fid)
        rows.append(
            {
                "actor": actor,
                "year": int(str(f["period_start"])[:4]),
                "million": float(f["value"]),
                "label": f"{actor}, as the article gives it",
                "value_text": figures.amount(fid, True),
                "notes": f["notes"],
                "note_text": provenance.notes_text(f["notes"]),
                "offset": 12 if actor == "Azerbaijan" else 0,
            }
        )
    azeris = azeris_in_iran_million()
    share = figures.amount("azeri_share_iran_population")
    rows.append(
        {
            "actor": "Iran",
            "year": rows[0]["year"],
            "million": azeris,
            "label": f"Azeris in Iran ({share} of Iran's people, derived)",
            "value_text": f"{azeris:.1f} million Azeris",
            "notes": _derived_notes(),
            "note_text": f"the article's share × Iran's population ({provenance.notes_text(_derived_notes())})",
            "offset": -8,
        }
    )
    return pd.DataFrame(rows)


def population_source_line() -> str:
    """The foot of the population chart: the World Bank file(s) and the notes of the points drawn."""
    wb = series()
    files = ", ".join(sorted(set(wb["file_date"])))
    return (
        f"Data: population ({wb['source'].iloc[0]}, file of {files}); "
        f"points: power, {provenance.notes_text(';'.join(map(str, provenance.notes_of(population_points()))))}."
    )


def world_bank_population(figure_id: str, country: str) -> float:
    """The World Bank population (million) of `country` (ISO3) in the year an article figure refers to."""
    return population(country, int(str(figures.figure(figure_id)["period_start"])[:4]))
