"""The balance-of-threat model against cases worked out by hand."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from analysis import data, provenance, threat
from analysis.metadata import FACTORS, NOT_ASSESSED, THREAT_LEVELS
from tests import article_text

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
    """Every actor has a cell for every factor; silence is a level of its own, scored NaN, not zero."""
    long = data.table("threat")
    assert len(long) == long["actor"].nunique() * len(FACTORS)
    coding = threat.coding()
    assert list(coding.columns) == list(FACTORS)
    silent = long["level"] == NOT_ASSESSED
    assert coding.isna().sum().sum() == silent.sum()
    frame = threat.heatmap_frame()
    assert len(frame) == coding.size
    assert set(frame["level_label"]) <= set(THREAT_LEVELS)


# Unassessed cells: A = (3, NaN, NaN, NaN) is scored on power alone; B = (1, 2, 2, 2) everywhere.
SILENT = pd.DataFrame([[3, None, None, None], [1, 2, 2, 2]], index=["A", "B"], columns=list(FACTORS), dtype=float)


def test_unassessed_factors_are_left_out_and_weights_renormalised() -> None:
    out = threat.scores(SILENT, threat.EQUAL_WEIGHTS)
    assert out.loc["A", "score"] == pytest.approx(3.0)  # its one assessed factor, not 3/4
    assert out.loc["B", "score"] == pytest.approx(7 / 4)
    intentions = threat.scores(SILENT, {"offensive_intentions": 1})
    assert pd.isna(intentions.loc["A", "score"]) and pd.isna(intentions.loc["A", "rank"])
    assert intentions.loc["B", "rank"] == 1 and list(intentions.index) == ["B", "A"]  # unscored listed last


def test_sensitivity_counts_unscored_weightings() -> None:
    """Step 1/4 (35 weightings). A is unscored when w1 = 0: C(4 + 2, 2) = 15 weightings. Otherwise A scores 3
    and B at most 2, so A is first in the other 20."""
    out = threat.sensitivity(SILENT, steps=4)
    assert out.loc["A", "unscored_share"] == pytest.approx(15 / 35 * 100)
    assert out.loc["A", "first_share"] == pytest.approx(20 / 35 * 100)
    assert out.loc["B", "first_share"] == pytest.approx(15 / 35 * 100)
    assert out.loc["A", "best_rank"] == 1 and out.loc["A", "worst_rank"] == 1


def test_filling_silence_bounds_the_result() -> None:
    assert threat.fill_unassessed(SILENT, 0).loc["A"].tolist() == [3, 0, 0, 0]
    high = threat.sensitivity(threat.fill_unassessed(SILENT, 3), steps=4)
    assert high.loc["A", "first_share"] == pytest.approx(100)


def test_dominance_needs_the_same_assessed_factors() -> None:
    ratings = pd.DataFrame(
        [[3, None, 3, 3], [2, None, 1, 3], [1, 1, 1, 1]], index=["a", "b", "c"], columns=list(FACTORS), dtype=float
    )
    assert threat.dominates(ratings) == [("a", "b")]  # a over c would not survive a proximity-only weighting


def test_russia_is_coded_as_the_article_says() -> None:
    """The article says Tehran sees no threat in the Russia–Azerbaijan partnership."""
    russia = data.table("threat").query("actor == 'Russia'")
    assert set(russia["level"]) == {"none"}
    assert "Russia" in threat.never_first()


def _article() -> str:
    if not article_text.ARTICLE.exists():
        pytest.skip(f"the article is not at {article_text.ARTICLE}")
    return article_text.body()


RATED = [
    pytest.param(row, id=f"{row.actor}-{row.factor}")
    for row in data.table("threat").itertuples(index=False)
    if row.level != NOT_ASSESSED
]


@pytest.mark.parametrize("row", RATED)
def test_passage_stands_in_the_article_with_its_notes(row: object) -> None:
    """Each rated cell quotes the article exactly (whitespace aside) and cites the notes printed with it."""
    printed = article_text.printed_notes(row.passage, _article())
    assert printed, f"{row.passage!r} is not in the article"
    cited = provenance.note_list(row.notes)
    assert cited in printed, f"{row.passage!r} is printed with notes {printed}, the coding cites {cited}"


@pytest.mark.parametrize("row", RATED)
def test_passage_is_short(row: object) -> None:
    """Under nine words, so that the data quotes the article and never copies it (tools/copied_text.py)."""
    assert len(article_text.WORD.findall(row.passage.lower())) < 9


def test_printed_notes_reads_the_three_marker_forms() -> None:
    text = "Alpha beta. (12) Gamma [18] delta ⁽⁹⁾\n\nEpsilon with no marker.\n\nZeta runs on a\n\npage break. (4)"
    assert article_text.printed_notes("Alpha", text) == [[12]]
    assert article_text.printed_notes("Gamma", text) == [[18]]
    assert article_text.printed_notes("delta", text) == [[9]]
    assert article_text.printed_notes("Epsilon", text) == [[]]
    assert article_text.printed_notes("runs on a page", text) == [[4]]
