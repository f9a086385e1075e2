"""Walt's balance of threat as an explicit model of the article's judgements.

The coding (dataset `threat`) rates each actor on the four factors: none, low, moderate or high (scored 0 to
3), or "not assessed" where the article is silent. Silence is not a rating, so it has no score: an actor's
composite is the weighted mean of its *assessed* factors, the weights re-normalised over those factors alone,
and an actor none of whose assessed factors gets any weight has no composite under that weighting and is left
out of its ranking. The sensitivity analysis recomputes the ranking for every weighting on a grid over the
simplex, to show which conclusions hold whatever weight a reader gives each factor; `bounds` shows how far
they move if every silent cell were read as "none" or as "high" instead. This is a coding of the article's
judgements, not a measurement.

`scores`, `weight_grid`, `sensitivity` and `dominates` take any score table (actors as rows, factors as
columns, NaN where a cell is not assessed), so other codings or measures can reuse them.
"""

from __future__ import annotations

from itertools import product

import numpy as np
import pandas as pd

from analysis import data, fmt, provenance
from analysis.metadata import FACTORS, NOT_ASSESSED, THREAT_LEVELS

FACTOR_LABELS = {
    "aggregate_power": "Aggregate power",
    "proximity": "Geographical proximity",
    "offensive_capabilities": "Offensive capabilities",
    "offensive_intentions": "Offensive intentions",
}
EQUAL_WEIGHTS = dict.fromkeys(FACTORS, 1 / len(FACTORS))
#: The score of each assessed level; "not assessed" has none (NaN).
LEVEL_SCORES = {level: float(i) for i, level in enumerate(t for t in THREAT_LEVELS if t != NOT_ASSESSED)}
TOP_SCORE = max(LEVEL_SCORES.values())


def coding() -> pd.DataFrame:
    """The ratings as scores: one row per actor, one column per factor (in Walt's order), NaN where the
    article does not assess the factor."""
    long = data.table("threat")
    long = long.assign(score=long["level"].map(LEVEL_SCORES).astype(float))
    return long.pivot(index="actor", columns="factor", values="score").loc[:, list(FACTORS)].astype(float)


def _composite(ratings: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """actors x weightings: the weighted mean of each actor's assessed factors (weights re-normalised over
    them), NaN where none of its assessed factors has a positive weight."""
    assessed = ~np.isnan(ratings)
    total = np.nan_to_num(ratings) @ weights.T
    weight = assessed.astype(float) @ weights.T
    with np.errstate(invalid="ignore", divide="ignore"):
        score = np.where(weight > 0, total / np.where(weight > 0, weight, 1), np.nan)
    return score.round(12)


def _ranks(score: np.ndarray) -> np.ndarray:
    """1 + the number of actors scoring strictly higher (ties share the better rank); NaN where unscored."""
    higher = (score[None, :, :] > score[:, None, :]).sum(axis=1)  # NaN compares False
    return np.where(np.isnan(score), np.nan, 1 + higher)


def scores(ratings: pd.DataFrame, weights: dict[str, float]) -> pd.DataFrame:
    """Composite score and rank (1 = most threatening; ties share the better rank) for one weighting.

    Unassessed (NaN) cells are left out and the weights re-normalised over the rest; an actor with no
    weighted assessed factor gets no score and no rank and is listed last."""
    w = pd.Series(weights, dtype=float).reindex(ratings.columns).fillna(0.0)
    if w.sum() <= 0:
        raise ValueError("at least one factor needs a positive weight")
    score = _composite(ratings.astype(float).to_numpy(), (w / w.sum()).to_numpy()[None, :])[:, 0]
    out = pd.DataFrame({"score": score}, index=ratings.index)
    out["rank"] = pd.array(_ranks(score[:, None])[:, 0], dtype="Int64")
    return out.sort_values(["rank", "score"], ascending=[True, False], na_position="last")


def weight_grid(steps: int = 20) -> pd.DataFrame:
    """Every weighting whose weights are multiples of 1/steps and sum to 1 (C(steps+3, 3) rows)."""
    rows = [c for c in product(range(steps + 1), repeat=len(FACTORS) - 1) if sum(c) <= steps]
    grid = np.array([(*c, steps - sum(c)) for c in rows], dtype=float) / steps
    return pd.DataFrame(grid, columns=list(FACTORS))


def sensitivity(ratings: pd.DataFrame, steps: int = 20) -> pd.DataFrame:
    """Per actor, over every weighting on the grid: how often it ranks first, its best and worst rank, and
    how often it has no score at all (every factor it is assessed on weighted zero).

    Weightings that give a factor no weight at all are included: a reader may well discard a factor.
    A tie for first counts as first for each tied actor. Ranks are counted among the actors scored under
    each weighting; `first_share` and `unscored_share` are percentages of all weightings.
    """
    grid = weight_grid(steps)
    rank = _ranks(_composite(ratings.astype(float).to_numpy(), grid.to_numpy()))
    scored = ~np.isnan(rank)
    with np.errstate(invalid="ignore"):
        best = np.where(scored.any(axis=1), np.nanmin(np.where(scored, rank, np.inf), axis=1), np.nan)
        worst = np.where(scored.any(axis=1), np.nanmax(np.where(scored, rank, -np.inf), axis=1), np.nan)
    out = pd.DataFrame(
        {
            "first_share": (rank == 1).mean(axis=1) * 100,
            "best_rank": pd.array(best, dtype="Int64"),
            "worst_rank": pd.array(worst, dtype="Int64"),
            "unscored_share": (~scored).mean(axis=1) * 100,
        },
        index=ratings.index,
    )
    out["stable"] = (out["best_rank"] == out["worst_rank"]).fillna(False).astype(bool)
    out.attrs["weightings"] = len(grid)
    return out.sort_values(["first_share", "best_rank"], ascending=[False, True])


def dominates(ratings: pd.DataFrame) -> list[tuple[str, str]]:
    """Pairs (a, b) assessed on the same factors where a is rated at least as high as b on each and higher
    on one: a then outranks or ties b under every weighting that scores them. (Pairs assessed on different
    factors are never listed: re-normalising over different factors can reverse them.)"""
    pairs = []
    for a, b in product(ratings.index, repeat=2):
        ra, rb = ratings.loc[a], ratings.loc[b]
        if a == b or not (ra.isna() == rb.isna()).all():
            continue
        ra, rb = ra.dropna(), rb.dropna()
        if (ra >= rb).all() and (ra > rb).any():
            pairs.append((a, b))
    return pairs


def fill_unassessed(ratings: pd.DataFrame, value: float) -> pd.DataFrame:
    """The ratings with every unassessed cell read as `value` (0 = none, 3 = high), to bound its effect."""
    return ratings.fillna(value)


def heatmap_frame() -> pd.DataFrame:
    """The coding, one row per actor and factor, with the labels `charts.factor_heatmap` shows."""
    df = data.table("threat")
    order = {f: i for i, f in enumerate(FACTORS)}
    actors = list(sensitivity(coding()).index)  # most often first at the top
    df = df.assign(
        factor_label=df["factor"].map(FACTOR_LABELS),
        score=df["level"].map(LEVEL_SCORES).astype(float),
        level_label=df["level"],
        passage_text=df["passage"].map(lambda p: "" if pd.isna(p) else f"“{p}”"),
        judged_text=df["judged_by"].map(JUDGED_WORDS).fillna("nobody: the article is silent"),
        notes_text=df["notes"].map(provenance.notes_text),
        _f=df["factor"].map(order),
        _a=df["actor"].map({a: i for i, a in enumerate(actors)}),
    )
    return df.sort_values(["_a", "_f"]).drop(columns=["_f", "_a"]).reset_index(drop=True)


JUDGED_WORDS = {"article": "the article", "package": "the package, from facts the article gives"}


def ranker_frame() -> pd.DataFrame:
    """The coding with one column per factor and an `actor` column, for `charts.threat_ranker`."""
    return coding().reset_index()


def source_line() -> str:
    notes = ", ".join(map(str, provenance.notes_of(data.table("threat"))))
    return f"Data: threat (the package's coding of the article's judgements); notes {notes}."


def sensitivity_frame(steps: int = 20) -> pd.DataFrame:
    """`sensitivity` with the actor as a column, for `charts.sensitivity_bars` (ranks as floats, NaN for
    an actor never scored, so that the frame serialises to JSON)."""
    out = sensitivity(coding(), steps).rename_axis("actor").reset_index()
    return out.astype({"best_rank": float, "worst_rank": float})


def default_ranking() -> pd.DataFrame:
    """Scores and ranks with every factor weighted equally."""
    return scores(coding(), EQUAL_WEIGHTS).rename_axis("actor").reset_index()


def coding_table() -> pd.DataFrame:
    """The ratings as words, one row per actor (in the heat map's order), for a table in the text; a
    rating the package reads into the article's facts is marked with an asterisk."""
    df = data.table("threat")
    word = df["level"] + df["judged_by"].map({"package": " *"}).fillna("")
    wide = df.assign(word=word).pivot(index="actor", columns="factor", values="word").loc[:, list(FACTORS)]
    wide = wide.reindex(list(sensitivity(coding()).index))
    return wide.rename(columns=FACTOR_LABELS).rename_axis("Actor").reset_index()


def sensitivity_table(steps: int = 20) -> pd.DataFrame:
    s = sensitivity_frame(steps)
    return pd.DataFrame(
        {
            "Actor": s["actor"],
            "Ranks first (% of weightings)": s["first_share"].map(lambda v: f"{v:.1f}"),
            "Best rank": s["best_rank"].astype(str).replace("<NA>", "–"),
            "Worst rank": s["worst_rank"].astype(str).replace("<NA>", "–"),
            "No score (% of weightings)": s["unscored_share"].map(lambda v: f"{v:.1f}"),
        }
    )


def bounds(steps: int = 20) -> pd.DataFrame:
    """How often each actor ranks first (% of weightings) as coded, and with every unassessed cell read as
    "none" or as "high" instead: how far the ranking rests on the article's silences."""
    ratings = coding()
    cases = {
        "as coded": ratings,
        "silence read as none": fill_unassessed(ratings, 0.0),
        "silence read as high": fill_unassessed(ratings, TOP_SCORE),
    }
    out = pd.DataFrame({name: sensitivity(r, steps)["first_share"] for name, r in cases.items()})
    return out.reindex(list(sensitivity(ratings, steps).index))


def bound_share(actor: str, case: str, steps: int = 20) -> float:
    return float(bounds(steps).loc[actor, case])


def bound_leader(case: str, steps: int = 20) -> str:
    """The actor(s) ranking first most often in one of the `bounds` cases ('Israel and Azerbaijan' if tied)."""
    shares = bounds(steps)[case].round(9)
    return fmt.listing(list(shares.index[shares == shares.max()]))


def bounds_table(steps: int = 20) -> pd.DataFrame:
    b = bounds(steps)
    return b.map(lambda v: f"{v:.1f}").rename_axis("Actor").reset_index()


def cells(level: str | None = None, judged_by: str | None = None) -> int:
    """How many cells of the coding have this level and/or this judge."""
    df = data.table("threat")
    if level is not None:
        df = df[df["level"] == level]
    if judged_by is not None:
        df = df[df["judged_by"] == judged_by]
    return len(df)


def _possessive(actor: str) -> str:
    return "the United States'" if actor == "United States" else f"{actor}'s"


def unassessed_cells() -> list[str]:
    """'Turkey's aggregate power' for each cell the article does not assess."""
    df = data.table("threat")
    df = df[df["level"] == NOT_ASSESSED]
    return [f"{_possessive(a)} {FACTOR_LABELS[f].lower()}" for a, f in zip(df["actor"], df["factor"], strict=True)]


def package_cells() -> list[str]:
    """'the United States' offensive capabilities' for each cell the package, not the article, judges."""
    df = data.table("threat")
    df = df[df["judged_by"] == "package"]
    return [f"{_possessive(a)} {FACTOR_LABELS[f].lower()}" for a, f in zip(df["actor"], df["factor"], strict=True)]


def level_of(actor: str, factor: str) -> str:
    df = data.table("threat").set_index(["actor", "factor"])
    return str(df.loc[(actor, factor), "level"])


def leader() -> str:
    """The actor ranked first with equal weights."""
    return str(default_ranking()["actor"].iloc[0])


def first_share(actor: str, steps: int = 20) -> float:
    """Percentage of weightings on the grid in which `actor` ranks first (alone or tied)."""
    return float(sensitivity_frame(steps).set_index("actor").loc[actor, "first_share"])


def never_first(steps: int = 20) -> list[str]:
    """Actors that rank first under no weighting on the grid."""
    s = sensitivity_frame(steps)
    return list(s.loc[s["first_share"] == 0, "actor"])


def listing_or_none(items: list[str]) -> str:
    """'a, b and c', or 'none' for an empty list (for prose that must read whatever the coding gives)."""
    return fmt.listing(items) if items else "none"


def weightings(steps: int = 20) -> int:
    return len(weight_grid(steps))


def dominance_pairs() -> list[str]:
    """'Israel over Turkey' for each pair where one actor is rated at least as high on every factor."""
    return [f"{a} over {b}" for a, b in dominates(coding())]
