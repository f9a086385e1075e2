"""Walt's factors measured with the field's standard data, beside the package's coding of the article.

The measures come from the imported datasets (`capabilities`, `milex`, `gdp`, `iran_contiguity`,
`distances`, `trade`, `trade_totals`, `arms_register`). The measured composite puts three of the four factors
on the coding's 0–3 scale (see `measured_ratings`) and runs them through the same composite score and
sensitivity analysis as the coding (`analysis.threat`). No dataset here measures intentions, so that factor
keeps the coded rating in both composites.
"""

from __future__ import annotations

import math

import pandas as pd

from analysis import data, fmt, threat
from analysis.metadata import FACTORS, MEASURED_ACTORS, NOT_ASSESSED

IRAN = "Iran"
RATED = tuple(a for a in MEASURED_ACTORS if a != IRAN)
#: Half the Earth's circumference: no two places on the surface are farther apart, so 0 on the scale.
FARTHEST_KM = 20_000.0
#: COW's water contiguity types 2–5: at most this many miles of water between the two states.
WATER_MILES = {2: 12, 3: 24, 4: 150, 5: 400}
CONTTYPE_WORDS = {1: "land border", **{t: f"across up to {m} miles of water" for t, m in WATER_MILES.items()}}
COMPOSITES = ("coded", "measured")


# --- aggregate power ------------------------------------------------------------------------------------


def capabilities() -> pd.DataFrame:
    return data.table("capabilities")


def cinc_year() -> int:
    """The latest year with a CINC score for every measured actor."""
    c = capabilities()
    return int(c.groupby("actor")["year"].max().min())


def cinc_percent(actor: str, year: int | None = None) -> float:
    """The actor's share of the state system's material capabilities, in percent."""
    c = capabilities().set_index(["actor", "year"])["cinc"]
    return float(c[(actor, year or cinc_year())]) * 100


def cinc_ratio(actor: str, year: int | None = None) -> float:
    """How many times Iran's capabilities the actor has."""
    return cinc_percent(actor, year) / cinc_percent(IRAN, year)


def cinc_series() -> pd.DataFrame:
    """actor, year, value (CINC in percent) for `charts.measure_lines`."""
    c = capabilities()
    return pd.DataFrame({"actor": c["actor"], "year": c["year"], "value": c["cinc"].astype(float) * 100})


def cinc_trend(actor: str) -> float:
    """Change of the actor's CINC share from 1991 (or its first year) to `cinc_year()`, in percent."""
    s = capabilities().query("actor == @actor").set_index("year")["cinc"].astype(float)
    return (s[cinc_year()] / s.iloc[0] - 1) * 100


# --- spending and the economy ----------------------------------------------------------------------------


def milex_series(measure: str = "const2023_usd_m") -> pd.DataFrame:
    """actor, year, value (constant 2023 USD billion, or percent of GDP), years with a figure only."""
    m = data.table("milex").query("measure == @measure").dropna(subset=["value"])
    value = m["value"].astype(float) / (1000 if measure == "const2023_usd_m" else 1)
    return pd.DataFrame({"actor": m["actor"], "year": m["year"].astype(int), "value": value}).reset_index(drop=True)


def milex_year() -> int:
    s = milex_series()
    return int(s.groupby("actor")["year"].max().min())


def milex_bn(actor: str, year: int | None = None) -> float:
    """Military spending in constant 2023 USD billion."""
    s = milex_series().set_index(["actor", "year"])["value"]
    return float(s[(actor, year or milex_year())])


def burden(actor: str, year: int | None = None) -> float:
    """Military spending as a percent of GDP (SIPRI)."""
    s = milex_series("share_gdp").set_index(["actor", "year"])["value"]
    return float(s[(actor, year or milex_year())])


def milex_ratio(actor: str, other: str = IRAN, year: int | None = None) -> float:
    return milex_bn(actor, year) / milex_bn(other, year)


def gdp_series() -> pd.DataFrame:
    g = data.table("gdp")
    return pd.DataFrame({"actor": g["actor"], "year": g["year"].astype(int), "value": g["gdp"].astype(float) / 1000})


def gdp_year() -> int:
    return int(gdp_series().groupby("actor")["year"].max().min())


def gdp_bn(actor: str, year: int | None = None) -> float:
    """GDP in current USD billion."""
    s = gdp_series().set_index(["actor", "year"])["value"]
    return float(s[(actor, year or gdp_year())])


# --- proximity -------------------------------------------------------------------------------------------


def contiguity() -> pd.DataFrame:
    return data.table("iran_contiguity")


def contiguity_words(actor: str) -> str:
    """'land border since December 1991', or 'none (land border until December 1991)', or 'none'."""
    spells = contiguity().query("actor == @actor").sort_values("begin")
    if spells.empty:
        return "none"
    last = spells.iloc[-1]
    kind = CONTTYPE_WORDS[int(last["conttype"])]
    if str(last["end"]) == latest_month():
        return f"{kind} since {fmt.date(str(last['begin']))}"
    return f"none (a {kind} until {fmt.date(str(last['end']))})"


def latest_month() -> str:
    """The last month COW's contiguity data covers; a spell ending then is still in force."""
    return str(contiguity()["end"].max())


def neighbours(land: bool) -> list[str]:
    """COW abbreviations of Iran's land (conttype 1) or water (2–5) neighbours in force at the data's end."""
    c = contiguity()
    now = c[c["end"] == latest_month()]
    chosen = now[(now["conttype"] == 1) == land]
    return sorted(chosen["state"])


def distances() -> pd.DataFrame:
    return data.table("distances")


def border_year() -> int:
    d = distances().query("measure == 'border_km'")
    return int(d["year"].max())


def border_km(actor: str, year: int | None = None) -> float:
    d = distances().query("measure == 'border_km'").set_index(["actor", "year"])["value"]
    return float(d[(actor, year or border_year())])


def distance_km(actor: str, measure: str) -> float:
    d = distances().query("measure == @measure").set_index("actor")["value"]
    return float(d[actor])


def distance_frame() -> pd.DataFrame:
    """actor, measure label, value (km) for `charts.distance_dots`: the latest border distance, capitals, CEPII."""
    labels = {
        "border_km": f"Nearest borders, {border_year()} (CShapes 2.0)",
        "capital_km": "Capitals, great circle (COW capitals)",
        "cepii_distcap_km": "Capitals (CEPII GeoDist)",
        "cepii_dist_km": "Main cities (CEPII GeoDist)",
    }
    d = distances()
    d = d[(d["measure"] != "border_km") | (d["year"] == border_year())]
    return pd.DataFrame(
        {"actor": d["actor"], "measure": d["measure"].map(labels), "value": d["value"].astype(float)}
    ).reset_index(drop=True)


def proximity_table() -> pd.DataFrame:
    """Per actor: COW contiguity with Iran and the distances, for a table in the text."""
    return pd.DataFrame(
        {
            "Actor": list(RATED),
            "COW contiguity with Iran": [contiguity_words(a) for a in RATED],
            f"Nearest borders, {border_year()} (km)": [fmt.number(border_km(a), 0) for a in RATED],
            "Capitals (km)": [fmt.number(distance_km(a, "capital_km"), 0) for a in RATED],
            "CEPII capitals (km)": [fmt.number(distance_km(a, "cepii_distcap_km"), 0) for a in RATED],
        }
    )


# --- offensive capabilities: arms flows into Azerbaijan --------------------------------------------------


def arms_blocks() -> pd.DataFrame:
    """Azerbaijan's arms imports by supplier per five-year block: period, supplier, tiv, share."""
    r = data.table("arms_register").query("view == 'imports_by_supplier' and country == 'Azerbaijan'")
    r = r[(r["period_end"] - r["period_start"]) <= 4]  # the blocks (the article's 2016–2020 view is one)
    period = r["period_start"].astype(str) + "–" + r["period_end"].astype(str)
    return pd.DataFrame(
        {
            "period": period,
            "supplier": r["counterpart"],
            "tiv": r["tiv"].astype(float),
            "share": r["share"].astype(float),
        }
    ).reset_index(drop=True)


def arms_tiv(supplier: str, start: int | None = None, end: int | None = None) -> float:
    """TIV (million) delivered to Azerbaijan by `supplier` over the blocks between `start` and `end`."""
    b = arms_blocks()
    years = b["period"].str[:4].astype(int)
    keep = (b["supplier"] == supplier) & (years >= (start or 0)) & (years <= (end or 9999))
    return float(b.loc[keep, "tiv"].sum())


def arms_total(start: int | None = None, end: int | None = None) -> float:
    b = arms_blocks()
    years = b["period"].str[:4].astype(int)
    return float(b.loc[(years >= (start or 0)) & (years <= (end or 9999)), "tiv"].sum())


def arms_first(period: str) -> str:
    """The largest supplier in a block."""
    b = arms_blocks().query("period == @period").sort_values("tiv", ascending=False)
    return str(b["supplier"].iloc[0])


# --- economic ties ---------------------------------------------------------------------------------------


FOCUS = ("Iran", "Azerbaijan")


def trade_series() -> pd.DataFrame:
    """focus, partner, year, total (USD million, both directions): each pair once from each focus's side."""
    t = data.table("trade")
    total = (t["imports1"].astype("Float64") + t["imports2"].astype("Float64")).astype(float)
    parts = []
    for focus in FOCUS:
        for mine, other in (("actor1", "actor2"), ("actor2", "actor1")):
            rows = t[mine] == focus
            parts.append(
                pd.DataFrame(
                    {
                        "focus": focus,
                        "partner": t.loc[rows, other],
                        "year": t.loc[rows, "year"].astype(int),
                        "total": total[rows],
                    }
                )
            )
    return pd.concat(parts, ignore_index=True).dropna(subset=["total"])


def trade_year() -> int:
    return int(data.table("trade")["year"].max())


def trade_total(focus: str, partner: str, year: int | None = None) -> float:
    """Trade between the two (imports both ways), USD million."""
    t = trade_series().set_index(["focus", "partner", "year"])["total"]
    return float(t[(focus, partner, year or trade_year())])


def _national_totals() -> pd.Series:
    n = data.table("trade_totals")
    return pd.Series(
        (n["imports"].astype(float) + n["exports"].astype(float)).to_numpy(),
        index=pd.MultiIndex.from_arrays([n["actor"], n["year"].astype(int)]),
    )


def trade_share(focus: str, partner: str, year: int | None = None) -> float:
    """`partner`'s share (%) of `focus`'s total trade (imports plus exports, COW national totals)."""
    year = year or trade_year()
    return trade_total(focus, partner, year) / float(_national_totals()[(focus, year)]) * 100


def dependence_frame() -> pd.DataFrame:
    """focus, partner, year, value (partner's share of focus's trade, %) for `charts.dependence_lines`."""
    s = trade_series()
    totals = _national_totals()
    key = pd.MultiIndex.from_arrays([s["focus"], s["year"]])
    value = s["total"].to_numpy() / totals.reindex(key).to_numpy() * 100
    return s.assign(value=value).dropna(subset=["value"]).reset_index(drop=True)


# --- the measured composite ------------------------------------------------------------------------------


def _balance(x: float, iran: float) -> float:
    """3 × the actor's share of the pair's combined amount: 0 with nothing, 1.5 at parity, near 3 far above."""
    return 3 * x / (x + iran)


def _nearness(km: float) -> float:
    """3 at a shared border, 0 at the farthest two places can be, on a logarithmic scale of distance."""
    return 3 * (1 - math.log1p(km) / math.log1p(FARTHEST_KM))


def measured_ratings() -> pd.DataFrame:
    """The measured composite's inputs on the coding's 0–3 scale, one row per rated actor (as `threat.coding`).

    - aggregate power: 3 × actor's CINC / (actor's + Iran's CINC), latest year for all;
    - proximity: 3 × (1 − ln(1 + km) / ln(1 + 20,000)) of the nearest-border distance (CShapes, latest year);
    - offensive capabilities: 3 × actor's military spending / (actor's + Iran's), constant 2023 USD, SIPRI;
    - offensive intentions: the coded rating (no dataset measures intentions).
    """
    coded = threat.coding()
    rows = {
        a: {
            "aggregate_power": _balance(cinc_percent(a), cinc_percent(IRAN)),
            "proximity": _nearness(border_km(a)),
            "offensive_capabilities": _balance(milex_bn(a), milex_bn(IRAN)),
            "offensive_intentions": float(coded.loc[a, "offensive_intentions"]),
        }
        for a in coded.index
        if a in RATED
    }
    return pd.DataFrame.from_dict(rows, orient="index").loc[:, list(FACTORS)].rename_axis("actor")


def ratings(composite: str) -> pd.DataFrame:
    return threat.coding().astype(float) if composite == "coded" else measured_ratings()


def ranking(composite: str) -> pd.DataFrame:
    """Equal-weight scores and ranks, with the sensitivity results, of one composite."""
    r = ratings(composite)
    out = threat.scores(r, threat.EQUAL_WEIGHTS).join(threat.sensitivity(r))
    return out.rename_axis("actor").reset_index()


def compare_frame() -> pd.DataFrame:
    """Both composites, long: composite, actor, score, rank, first_share, best_rank, worst_rank."""
    return pd.concat([ranking(c).assign(composite=c) for c in COMPOSITES], ignore_index=True)


def leader(composite: str) -> str:
    return str(ranking(composite)["actor"].iloc[0])


def order(composite: str) -> list[str]:
    return list(ranking(composite)["actor"])


def first_share(composite: str, actor: str) -> float:
    return float(ranking(composite).set_index("actor").loc[actor, "first_share"])


def factor_table() -> pd.DataFrame:
    """Coded and measured rating of each actor on the three measured factors, for a table in the text."""
    coded, measured = threat.coding(), measured_ratings()
    out = {"Actor": list(measured.index)}
    for f in FACTORS[:3]:
        out[f"{threat.FACTOR_LABELS[f]}: coded"] = [
            NOT_ASSESSED if pd.isna(coded.loc[a, f]) else str(int(coded.loc[a, f])) for a in measured.index
        ]
        out[f"{threat.FACTOR_LABELS[f]}: measured"] = [f"{measured.loc[a, f]:.2f}" for a in measured.index]
    return pd.DataFrame(out)


def rating(actor: str, factor: str, composite: str = "measured") -> float:
    return float(ratings(composite).loc[actor, factor])


def comparison_table() -> pd.DataFrame:
    c = compare_frame()
    return pd.DataFrame(
        {
            "Composite": c["composite"],
            "Actor": c["actor"],
            "Score (equal weights)": c["score"].map(lambda v: f"{v:.2f}"),
            "Rank": c["rank"],
            "Ranks first (% of weightings)": c["first_share"].map(lambda v: f"{v:.1f}"),
            "Best–worst rank": c["best_rank"].astype(str) + "–" + c["worst_rank"].astype(str),
        }
    )


def source_line(*tables: str) -> str:
    return "Data: " + ", ".join(tables) + " (imported from primary files by sources/; see the data appendix)."


# --- figures worded for the prose -----------------------------------------------------------------------


def cinc_text(actor: str, year: int | None = None) -> str:
    """'1.64%' of the system's capabilities."""
    return fmt.percent(cinc_percent(actor, year), 2)


def times(x: float) -> str:
    """A ratio worded for prose: '2.3 times', or 'a fifth'-like fractions as '0.08 times'."""
    return f"{fmt.number(x, 1 if x >= 1 else 2)} times"


def billion(x: float) -> str:
    return f"${fmt.number(x, 1)} billion"


def milex_text(actor: str, year: int | None = None) -> str:
    return billion(milex_bn(actor, year))


def burden_text(actor: str, year: int | None = None) -> str:
    return fmt.percent(burden(actor, year), 1)


def gdp_text(actor: str, year: int | None = None) -> str:
    return billion(gdp_bn(actor, year))


def km(x: float) -> str:
    return f"{fmt.number(x, 0)} km"


def trend_text(actor: str) -> str:
    """'grew by 55%' / 'fell by 63%' from the first year to `cinc_year()`."""
    change = cinc_trend(actor)
    return f"{'grew' if change >= 0 else 'fell'} by {fmt.percent(abs(change))}"


def share_text(focus: str, partner: str, year: int | None = None) -> str:
    return fmt.percent(trade_share(focus, partner, year), 1)


def million(x: float) -> str:
    return f"${fmt.number(x, 0)} million"


def score_text(composite: str, actor: str) -> str:
    return f"{float(ranking(composite).set_index('actor').loc[actor, 'score']):.2f}"


def first_text(composite: str, actor: str) -> str:
    return fmt.percent(first_share(composite, actor), 1)


def percent_of(x: float) -> str:
    """A ratio below one worded as a percentage: 0.56 -> '56%'."""
    return fmt.percent(x * 100)


def most_often_first(composite: str) -> str:
    """The actor that ranks first in the most weightings (not necessarily first with equal weights)."""
    r = ranking(composite).sort_values("first_share", ascending=False, kind="stable")
    return str(r["actor"].iloc[0])


def can_lead(composite: str) -> list[str]:
    """Actors that rank first (alone or tied) under at least one weighting on the grid."""
    r = ranking(composite)
    return list(r.loc[r["best_rank"] == 1, "actor"])


def water_miles_text() -> str:
    """'12, 24, 150 or 400': COW's limits for the water contiguity types."""
    miles = [str(m) for m in WATER_MILES.values()]
    return f"{', '.join(miles[:-1])} or {miles[-1]}"


def parity_score() -> str:
    """The power or spending rating of an actor level with Iran."""
    return fmt.number(_balance(1.0, 1.0))
