"""Dated events: corrections keep the article's date beside the record's, and imprecise dates are spans."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis import charts, events, provenance


def test_a_corrected_date_keeps_the_articles_and_draws_the_records() -> None:
    df = events.events().set_index("event_id")
    caspian = df.loc["caspian_legal_status_convention"]
    assert caspian["start"] == "2018-08-12"  # signed at Aktau
    assert caspian["stated_at"] == "2018-10-12"  # as the article dates it
    assert events.stated("caspian_legal_status_convention") == "12 October 2018"
    assert events.when("caspian_legal_status_convention") == provenance.added("12 August 2018")


def test_the_ceasefire_is_dated_to_its_signing() -> None:
    assert events.event("karabakh_ceasefire_2020")["date"] == "2020-11-09"


def test_imprecise_dates_are_spans_and_exact_ones_points() -> None:
    df = events.events()
    rough = df[df["precision"] != "day"]
    assert (rough["end"] > rough["start"]).all()
    assert not rough["exact"].any()
    assert ((rough["at"] > rough["start"]) & (rough["at"] < rough["end"])).all()
    single = df[(df["precision"] == "day") & df["date_end"].isna()]
    assert (single["end"] == single["start"]).all()


def test_turkey_recognises_azerbaijan_after_its_independence() -> None:
    df = events.events().set_index("event_id")
    assert df.loc["aze_independence", "at"] < df.loc["turkey_recognises_aze", "at"]


def test_package_dates_are_marked_in_prose() -> None:
    assert events.when("turkey_recognises_aze") == provenance.added("9 November 1991")
    assert events.year("turkey_recognises_aze") == "1991"  # the article's year, unmarked
    assert events.when("adr_independence") == "28 May 1918"  # the article's own date


def test_added_escapes_its_text() -> None:
    assert provenance.added("a_b") == "[a\\_b^†^]{.package-added}"


def test_timelines_mark_the_articles_wrong_date() -> None:
    df = events.events(chapter="major-powers")
    spec = charts.timeline(df, events.source_line(df)).to_dict()
    layers = spec["vconcat"][0]["layer"]
    assert any("stated_at" in str(layer.get("encoding", {}).get("x", {})) for layer in layers)
    assert pd.notna(df.set_index("event_id").loc["caspian_legal_status_convention", "stated_at"])


def test_a_source_the_article_does_not_name_is_marked() -> None:
    from analysis import figures

    assert figures.added_source("israel_share_aze_arms_imports") == provenance.added("SIPRI Arms Transfers Database")


def test_a_chapter_not_in_the_book_is_refused_not_an_empty_selection() -> None:
    with pytest.raises(ValueError, match=r"no such chapter in _quarto\.yml"):
        events.events(chapter="regional_powers")
