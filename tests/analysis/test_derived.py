"""Derived figures against values computed by hand from the article's numbers."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis import arms, build_contract, economy, events, figures, fmt, power


def test_azeris_in_iran_is_16_percent_of_85_03_million() -> None:
    assert power.azeris_in_iran_million() == pytest.approx(0.16 * 85.03)  # 13.6048


def test_iran_is_about_nineteen_azerbaijans() -> None:
    assert power.area_ratio() == pytest.approx(1_648_195 / 86_600)
    assert power.population_ratio() == pytest.approx(85.03 / 10.2)


def test_square_miles_match_the_article() -> None:
    assert round(power.sq_mi(1_648_195)) == 636_372


def test_south_caucasus_share_from_reference_areas() -> None:
    # Azerbaijan 86,600 km², Armenia 29,800 km², Georgia 69,700 km² (the reference list in power.csv)
    assert power.south_caucasus_share() == pytest.approx(86_600 / (86_600 + 29_800 + 69_700) * 100)


def test_trade_growth_608_to_688() -> None:
    assert economy.growth_percent("iran_aze_trade_from", "iran_aze_trade_to") == pytest.approx(80 / 608 * 100)


def test_amounts_are_worded_for_prose() -> None:
    assert figures.amount("iran_aze_trade_from") == "$608 million"
    assert figures.amount("turkish_projects_value") == "$17 billion"
    assert figures.amount("israel_share_aze_arms_imports") == "69%"
    assert figures.amount("iran_area_km2") == "1,648,195 km²"
    assert figures.amount("aze_rank_israel_arms_exports") == "second"
    assert figures.amount("btk_freight_target") == "6.5 million tonnes a year"
    assert figures.period("israel_share_aze_arms_imports") == "2016–2020"


def test_unknown_figure_names_the_datasets() -> None:
    with pytest.raises(KeyError, match="no figure 'nope'"):
        figures.figure("nope")


def test_dates_in_prose() -> None:
    assert fmt.date("1918-05-28") == "28 May 1918"
    assert fmt.date("1992-03") == "March 1992"
    assert fmt.span("2016", "2020") == "2016–2020"
    assert events.when("adr_independence") == "28 May 1918"


def test_war_of_44_days() -> None:
    war = events.event("karabakh_war_2020")
    assert str(war["date"]) == "2020-09-27"
    assert events.days("karabakh_war_2020") == 44


def test_recomputed_arms_figures_are_shares_of_the_register() -> None:
    suppliers = arms.suppliers_of_azerbaijan()
    assert suppliers["share"].sum() == pytest.approx(100, abs=0.5)
    assert list(suppliers["rank"]) == sorted(suppliers["rank"])
    # the share is Israel's transfers (TIV) over all of Azerbaijan's imports in the register, recomputed here
    israel = suppliers.loc[suppliers["counterpart"] == "Israel", "tiv"].sum()
    assert arms.recomputed_share() == pytest.approx(israel / suppliers["tiv"].sum() * 100, abs=0.05)
    table = arms.side_by_side()
    assert list(table["Article"]) == ["69%", "second"]


def test_number_words() -> None:
    assert fmt.number(1648195) == "1,648,195"
    assert fmt.number(85.03) == "85.03"
    assert fmt.number(13.6048, 1) == "13.6"
    assert fmt.listing(["a", "b", "c"]) == "a, b and c"


def _reads(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The file the report builder would read (see analysis.build_contract), emptied."""
    log = tmp_path / "reads.txt"
    log.write_text("")
    monkeypatch.setenv(build_contract.READS_ENV, str(log))
    return log


def test_every_lookup_records_the_data_it_reads(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The report builder re-executes a chapter when a file it read changes: a second lookup of a figure
    must record its files again, not hide behind a cache."""
    figures.value("iran_area_km2")
    log = _reads(tmp_path, monkeypatch)
    figures.value("iran_area_km2")
    assert str((build_contract.data_dir() / "power.csv").resolve()) in log.read_text().splitlines()


def test_a_lookup_records_only_the_table_that_holds_the_figure(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    log = _reads(tmp_path, monkeypatch)
    figures.value("iran_area_km2")
    assert set(log.read_text().splitlines()) == {str((build_contract.data_dir() / "power.csv").resolve())}


def test_reads_are_recorded_where_the_data_is(data_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Under STUDY_DATA_DIR the file read is the copy's, and the copy's folder is part of the cache key."""
    log = _reads(tmp_path, monkeypatch)
    figures.value("iran_area_km2")
    assert log.read_text().splitlines() == [str((data_copy / "power.csv").resolve())]
    assert build_contract.cache_inputs() == [str(data_copy.resolve())]


def test_ordinals_past_fifth() -> None:
    from analysis.figures import ordinal

    assert [ordinal(n) for n in (2, 11, 12, 13, 21, 22, 23, 101, 111)] == [
        "second", "11th", "12th", "13th", "21st", "22nd", "23rd", "101st", "111th"
    ]  # fmt: skip
