"""Every dataset passes its schema, and every rule its schema declares catches a bad value."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis import data
from analysis.metadata import TABLES, TABLES_BY_NAME, DataError
from tests.corruptions import ALL, Corruption


@pytest.mark.parametrize("name", [t.name for t in TABLES])
def test_shipped_dataset_passes_its_schema(name: str) -> None:
    data.clear_cache()
    df = data.table(name)
    assert len(df) > 0
    assert list(df.columns) == [f.name for f in TABLES_BY_NAME[name].fields]


@pytest.mark.parametrize("corruption", ALL, ids=lambda c: f"{c.table}-{c.name}")
def test_corruption_is_named_by_file_row_column_and_rule(corruption: Corruption, data_copy: Path) -> None:
    corruption.apply(data_copy / f"{corruption.table}.csv")
    with pytest.raises(DataError) as caught:
        data.table(corruption.table)
    problems = caught.value.problems
    assert any(
        p.file.endswith(f"{corruption.table}.csv")
        and corruption.rule in p.rule
        and (corruption.column is None or p.column == corruption.column)
        and (corruption.row is None or p.row == corruption.row or corruption.name == "duplicate key")
        for p in problems
    ), f"expected {corruption.rule!r} on column {corruption.column!r}, got:\n{caught.value}"
    message = str(caught.value)
    if corruption.row is not None:
        assert f"row {problems[0].row}" in message


def test_unknown_endnote_is_checked_against_the_notes_dataset(data_copy: Path) -> None:
    """Dropping note 40 from the endnotes makes the references to it unknown in the other tables."""
    users = [t.name for t in TABLES if any(f.kind == "notes" for f in t.fields)]
    assert any("40" in str(v).split(";") for n in users for v in data.table(n)["notes"].dropna())
    notes = data_copy / "notes.csv"
    lines = notes.read_text(encoding="utf-8").splitlines()
    notes.write_text("\n".join(line for line in lines if not line.startswith("40,")) + "\n", encoding="utf-8")
    data.clear_cache()
    with pytest.raises(DataError, match=r"endnote numbers of the article \(1-39\)"):
        data.validate_all()


def test_validate_all_reports_every_broken_table_at_once(data_copy: Path) -> None:
    (data_copy / "events.csv").write_text("", encoding="utf-8")
    (data_copy / "economy.csv").write_text("", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        data.validate_all()
    files = {p.file for p in caught.value.problems}
    assert {"events.csv", "economy.csv"} <= {Path(f).name for f in files}


def test_a_broken_endnotes_table_is_reported_once_beside_the_others(data_copy: Path) -> None:
    notes = data_copy / "notes.csv"
    notes.write_text(notes.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    events = data_copy / "events.csv"
    lines = events.read_text(encoding="utf-8").splitlines()
    cells = lines[1].split(",")
    cells[1] = "1999-13"
    events.write_text("\n".join([lines[0], ",".join(cells), *lines[2:]]) + "\n", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        data.validate_all()
    rules = [(Path(p.file).name, p.rule) for p in caught.value.problems]
    assert rules.count(("notes.csv", "the table must have at least one row")) == 1
    assert any(f == "events.csv" and "real date" in r for f, r in rules)


def test_a_figure_id_is_unique_across_the_figure_tables(data_copy: Path) -> None:
    """A figure id in two tables would let the first silently win in `figures.figure`."""
    taken = data.table("economy")["figure_id"].iloc[0]
    power = data_copy / "power.csv"
    lines = power.read_text(encoding="utf-8").splitlines()
    first = lines[1].split(",", 1)
    lines[1] = f"{taken},{first[1]}"
    power.write_text("\n".join(lines) + "\n", encoding="utf-8")
    data.clear_cache()
    with pytest.raises(DataError) as caught:
        data.validate_all()
    problem = next(p for p in caught.value.problems if p.column == "figure_id")
    assert problem.file.endswith("power.csv") and problem.row == 1
    assert "also in" in problem.rule and "economy.csv" in problem.rule
