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

from analysis import data
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
