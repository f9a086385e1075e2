"""The measured factors and the measured composite, against values worked out from the datasets directly."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from analysis import data, figures, measures, threat
from analysis.metadata import FACTORS, MEASURED_ACTORS


def test_measured_actors_are_iran_and_the_actors_the_threat_model_rates() -> None:
    assert set(MEASURED_ACTORS) == {"Iran", *data.table("threat")["actor"]}


def test_normalisations_hit_the_ends_of_the_coding_scale() -> None:
    assert measures._balance(1.0, 1.0) == 1.5  # parity with Iran
    assert measures._balance(0.0, 1.0) == 0
    assert measures._nearness(0) == 3  # a shared border
    assert measures._nearness(measures.FARTHEST_KM) == pytest.approx(0)
    assert measures._nearness(100) > measures._nearness(1000) > 0


def test_measured_ratings_have_the_codings_shape_and_keep_coded_intentions() -> None:
    measured, coded = measures.measured_ratings(), threat.coding()
    assert sorted(measured.index) == sorted(coded.index)
    assert list(measured.columns) == list(FACTORS)
    assert ((measured >= 0) & (measured <= 3)).all().all()
    pd.testing.assert_series_equal(
        measured["offensive_intentions"], coded["offensive_intentions"].astype(float).loc[measured.index]
    )


def test_power_rating_is_the_actors_share_of_the_pairs_cinc() -> None:
    c = data.table("capabilities")
    year = int(c["year"].max())
    cinc = c[c["year"] == year].set_index("actor")["cinc"].astype(float)
    expected = 3 * cinc["Russia"] / (cinc["Russia"] + cinc["Iran"])
    assert measures.rating("Russia", "aggregate_power") == pytest.approx(expected)


def test_proximity_rating_of_a_neighbour_is_3_and_of_russia_from_its_border_distance() -> None:
    d = data.table("distances").query("measure == 'border_km' and actor == 'Russia'")
    km = float(d.loc[d["year"].idxmax(), "value"])
    assert measures.rating("Azerbaijan", "proximity") == 3
    assert measures.rating("Russia", "proximity") == pytest.approx(3 * (1 - math.log1p(km) / math.log1p(20_000)))


def test_both_composites_go_through_the_threat_models_sensitivity() -> None:
    for composite in measures.COMPOSITES:
        r = measures.ranking(composite)
        expected = threat.sensitivity(measures.ratings(composite))
        assert r.set_index("actor")["first_share"].to_dict() == pytest.approx(expected["first_share"].to_dict())
        assert r["first_share"].sum() >= 100  # ties count for each tied actor
    assert measures.order("coded") == list(threat.scores(threat.coding(), threat.EQUAL_WEIGHTS).index)


def test_cow_confirms_the_articles_count_of_land_neighbours() -> None:
    assert len(measures.neighbours(land=True)) == figures.value("iran_land_neighbours")
    assert "RUS" not in measures.neighbours(land=True) + measures.neighbours(land=False)


def test_arms_blocks_are_shares_of_each_block_and_include_the_articles_period() -> None:
    blocks = measures.arms_blocks()
    assert blocks.groupby("period")["share"].sum().between(99.5, 100.5).all()
    article = data.table("arms_register").query(
        "view == 'imports_by_supplier' and country == 'Azerbaijan' and period_start == 2016 and period_end == 2020"
    )
    assert blocks.query("period == '2016–2020'")["tiv"].sum() == pytest.approx(article["tiv"].astype(float).sum())


def test_trade_share_from_the_dyad_and_the_national_totals() -> None:
    t = data.table("trade").query("actor1 == 'Iran' and actor2 == 'Turkey' and year == 2014").iloc[0]
    n = data.table("trade_totals").query("actor == 'Iran' and year == 2014").iloc[0]
    expected = (t["imports1"] + t["imports2"]) / (n["imports"] + n["exports"]) * 100
    assert measures.trade_share("Iran", "Turkey", 2014) == pytest.approx(float(expected))
    # the Iran–Azerbaijan pair is found from either side
    assert measures.trade_total("Azerbaijan", "Iran", 2014) == measures.trade_total("Iran", "Azerbaijan", 2014)


def test_contiguity_in_words() -> None:
    assert measures.contiguity_words("Azerbaijan") == "land border since December 1991"
    assert measures.contiguity_words("Russia").startswith("none (a land border until December 1991")
    assert measures.contiguity_words("Israel") == "none"
