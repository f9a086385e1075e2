"""The balance-of-threat model against cases worked out by hand."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from analysis import threat
from analysis.metadata import FACTORS

# Two actors, hand-checked: A = (3, 0, 0, 0), B = (1, 1, 1, 1).
# Score(A) = 3·w1, Score(B) = 1 (weights sum to 1). A ranks first alone iff w1 > 1/3.
HAND = pd.DataFrame([[3, 0, 0, 0], [1, 1, 1, 1]], index=["A", "B"], columns=list(FACTORS))


def test_equal_weights_give_the_mean_rating() -> None:
    out = threat.scores(HAND, threat.EQUAL_WEIGHTS)
    assert out.loc["A", "score"] == pytest.approx(0.75)
    assert out.loc["B", "score"] == pytest.approx(1.0)
    assert list(out.index) == ["B", "A"] and list(out["rank"]) == [1, 2]


def test_weights_are_normalised_and_ties_share_the_better_rank() -> None:
    out = threat.scores(
        HAND, {"aggregate_power": 1, "proximity": 1, "offensive_capabilities": 0, "offensive_intentions": 0}
    )  # A = 1.5, B = 1
    assert out.loc["A", "score"] == pytest.approx(1.5)
    tie = threat.scores(pd.DataFrame([[1, 1, 1, 1]] * 2, index=["x", "y"], columns=list(FACTORS)), threat.EQUAL_WEIGHTS)
    assert list(tie["rank"]) == [1, 1]


def test_zero_weights_are_refused() -> None:
    with pytest.raises(ValueError, match="positive weight"):
        threat.scores(HAND, dict.fromkeys(FACTORS, 0))


def test_grid_covers_the_simplex() -> None:
    grid = threat.weight_grid(4)
    assert len(grid) == math.comb(4 + 3, 3)  # 35 compositions of 4 into 4 parts
    assert (grid.sum(axis=1).round(12) == 1).all()
    assert len(threat.weight_grid(20)) == 1771


def test_sensitivity_matches_the_hand_count() -> None:
    """With step 1/4: A first alone iff w1 > 1/3, i.e. w1 in {2/4, 3/4, 4/4}; w1 = k/4 leaves
    C(4 - k + 2, 2) ways to split the rest: k=2 → 6, k=3 → 3, k=4 → 1, so 10 of 35. B is first (alone or
    tied) in the other 25."""
    out = threat.sensitivity(HAND, steps=4)
    assert out.loc["A", "first_share"] == pytest.approx(10 / 35 * 100)
    assert out.loc["B", "first_share"] == pytest.approx(25 / 35 * 100)
    assert out.attrs["weightings"] == 35
    assert not out.loc["A", "stable"]


def test_dominance_means_never_outranked() -> None:
    ratings = pd.DataFrame([[2, 2, 2, 2], [1, 2, 0, 2]], index=["hi", "lo"], columns=list(FACTORS))
    assert threat.dominates(ratings) == [("hi", "lo")]
    assert (threat.sensitivity(ratings, steps=5).loc["hi", "worst_rank"]) == 1


def test_shipped_coding_is_complete() -> None:
    coding = threat.coding()
    assert list(coding.columns) == list(FACTORS)
    assert coding.notna().all().all()
    frame = threat.heatmap_frame()
    assert len(frame) == coding.size
    assert set(frame["level_label"]) <= set(threat.LEVEL_LABELS.values())
