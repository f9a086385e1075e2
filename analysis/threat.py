"""Walt's balance of threat as an explicit model of the article's judgements.

The coding (dataset `threat`) rates each actor on the four factors from 0 to 3. A composite score is the
weighted sum of the ratings; the sensitivity analysis recomputes the ranking for every weighting on a grid
over the simplex, to show which conclusions hold whatever weight a reader gives each factor. This is a
coding of the article's judgements, not a measurement.
"""

from __future__ import annotations

from itertools import product

import numpy as np
import pandas as pd

from analysis import data, provenance
from analysis.metadata import FACTORS

FACTOR_LABELS = {
    "aggregate_power": "Aggregate power",
    "proximity": "Geographical proximity",
    "offensive_capabilities": "Offensive capabilities",
    "offensive_intentions": "Offensive intentions",
}
EQUAL_WEIGHTS = dict.fromkeys(FACTORS, 1 / len(FACTORS))


def coding() -> pd.DataFrame:
    """The ratings as a table: one row per actor, one column per factor (in Walt's order)."""
    long = data.table("threat")
    return long.pivot(index="actor", columns="factor", values="level").loc[:, list(FACTORS)].astype(int)


def scores(ratings: pd.DataFrame, weights: dict[str, float]) -> pd.DataFrame:
    """Composite score and rank (1 = most threatening; ties share the better rank) for one weighting."""
    w = pd.Series(weights, dtype=float).reindex(ratings.columns).fillna(0.0)
    if w.sum() <= 0:
        raise ValueError("at least one factor needs a positive weight")
    score = ratings.astype(float) @ (w / w.sum())
    out = pd.DataFrame({"score": score.round(12)})
    out["rank"] = out["score"].rank(ascending=False, method="min").astype(int)
    return out.sort_values(["rank", "score"], ascending=[True, False])


def weight_grid(steps: int = 20) -> pd.DataFrame:
    """Every weighting whose weights are multiples of 1/steps and sum to 1 (C(steps+3, 3) rows)."""
    rows = [c for c in product(range(steps + 1), repeat=len(FACTORS) - 1) if sum(c) <= steps]
    grid = np.array([(*c, steps - sum(c)) for c in rows], dtype=float) / steps
    return pd.DataFrame(grid, columns=list(FACTORS))


def sensitivity(ratings: pd.DataFrame, steps: int = 20) -> pd.DataFrame:
    """Per actor, over every weighting on the grid: how often it ranks first, and its best and worst rank.

    Weightings that give a factor no weight at all are included: a reader may well discard a factor.
    A tie for first counts as first for each tied actor.
    """
    grid = weight_grid(steps)
    score = ratings.astype(float).to_numpy() @ grid.to_numpy().T  # actors x weightings
    score = score.round(12)
    # rank = 1 + number of actors with a strictly higher score (ties share the better rank)
    rank = 1 + (score[None, :, :] > score[:, None, :]).sum(axis=1)
    out = pd.DataFrame(
        {
            "first_share": (rank == 1).mean(axis=1) * 100,
            "best_rank": rank.min(axis=1),
            "worst_rank": rank.max(axis=1),
        },
        index=ratings.index,
    )
    out["stable"] = out["best_rank"] == out["worst_rank"]
    out.attrs["weightings"] = len(grid)
    return out.sort_values(["first_share", "best_rank"], ascending=[False, True])


def dominates(ratings: pd.DataFrame) -> list[tuple[str, str]]:
    """Pairs (a, b) where a is rated at least as high as b on every factor and higher on one:
    a then outranks or ties b under every weighting, whatever the weights."""
    pairs = []
    for a, b in product(ratings.index, repeat=2):
        ra, rb = ratings.loc[a], ratings.loc[b]
        if a != b and (ra >= rb).all() and (ra > rb).any():
            pairs.append((a, b))
    return pairs


LEVEL_LABELS = {0: "none", 1: "low", 2: "moderate", 3: "high"}


def heatmap_frame() -> pd.DataFrame:
    """The coding, one row per actor and factor, with the labels `charts.factor_heatmap` shows."""
    df = data.table("threat")
    order = {f: i for i, f in enumerate(FACTORS)}
    actors = list(sensitivity(coding()).index)  # most often first at the top
    df = df.assign(
        factor_label=df["factor"].map(FACTOR_LABELS),
        level_label=df["level"].map(LEVEL_LABELS),
        notes_text=df["notes"].map(provenance.notes_text),
        _f=df["factor"].map(order),
        _a=df["actor"].map({a: i for i, a in enumerate(actors)}),
    )
    return df.sort_values(["_a", "_f"]).drop(columns=["_f", "_a"]).reset_index(drop=True)


def ranker_frame() -> pd.DataFrame:
    """The coding with one column per factor and an `actor` column, for `charts.threat_ranker`."""
    return coding().reset_index()


def source_line() -> str:
    notes = ", ".join(map(str, provenance.notes_of(data.table("threat"))))
    return f"Data: threat (the package's coding of the article's judgements); notes {notes}."


def sensitivity_frame(steps: int = 20) -> pd.DataFrame:
    """`sensitivity` with the actor as a column, for `charts.sensitivity_bars`."""
    return sensitivity(coding(), steps).rename_axis("actor").reset_index()


def default_ranking() -> pd.DataFrame:
    """Scores and ranks with every factor weighted equally."""
    return scores(coding(), EQUAL_WEIGHTS).rename_axis("actor").reset_index()


def coding_table() -> pd.DataFrame:
    """The ratings as words, one row per actor, for a table in the text."""
    wide = coding().replace(LEVEL_LABELS)
    return wide.rename(columns=FACTOR_LABELS).rename_axis("Actor").reset_index()


def sensitivity_table(steps: int = 20) -> pd.DataFrame:
    s = sensitivity_frame(steps)
    return pd.DataFrame(
        {
            "Actor": s["actor"],
            "Ranks first (% of weightings)": s["first_share"].map(lambda v: f"{v:.1f}"),
            "Best rank": s["best_rank"],
            "Worst rank": s["worst_rank"],
        }
    )


def leader() -> str:
    """The actor ranked first with equal weights."""
    return str(default_ranking()["actor"].iloc[0])


def first_share(actor: str, steps: int = 20) -> float:
    """Percentage of weightings on the grid in which `actor` ranks first (alone or tied)."""
    return float(sensitivity_frame(steps).set_index("actor").loc[actor, "first_share"])


def never_first(steps: int = 20) -> list[str]:
    s = sensitivity_frame(steps)
    return list(s.loc[s["first_share"] == 0, "actor"])


def weightings(steps: int = 20) -> int:
    return len(weight_grid(steps))


def dominance_pairs() -> list[str]:
    """'Israel over Turkey' for each pair where one actor is rated at least as high on every factor."""
    return [f"{a} over {b}" for a, b in dominates(coding())]
