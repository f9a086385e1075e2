"""A broken dataset stops the build with a message naming file, row, column and rule, and the last good
report stays exactly as it was."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from tests.corruptions import ALL, Corruption
from tests.report.conftest import ROOT, render

pytestmark = pytest.mark.build

# One corruption of each kind the build must refuse (all of them are also run in process, per table, by
# tests/analysis/test_schemas.py; here each costs a separate build command).
KINDS = {
    ("economy", "missing column"),
    ("events", "extra column"),
    ("power", "value not a number"),
    ("economy", "value below minimum"),
    ("arms", "share over 100"),
    ("events", "duplicate key"),
    ("events", "date impossible date"),
    ("events", "reversed dates"),
    ("threat", "notes unknown endnote"),
    ("notes", "header only"),
    ("works", "wrong delimiter"),
}
CASES = [c for c in ALL if (c.table, c.name) in KINDS]


def digest(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_every_kind_is_exercised() -> None:
    assert len(CASES) == len(KINDS)


@pytest.mark.parametrize("corruption", CASES, ids=lambda c: f"{c.table}-{c.name}")
def test_bad_dataset_stops_the_build_and_keeps_the_last_report(
    corruption: Corruption, book: Path, tmp_path: Path
) -> None:
    previous = tmp_path / "_book"
    shutil.copytree(book, previous, symlinks=False)
    before = digest(previous)
    bad_data = tmp_path / "data"
    shutil.copytree(ROOT / "data", bad_data)
    corruption.apply(bad_data / f"{corruption.table}.csv")

    done = render(previous, env={"STUDY_DATA_DIR": str(bad_data)})

    assert done.returncode == 2, done.stdout + done.stderr
    message = done.stderr
    assert f"{corruption.table}.csv" in message
    assert corruption.rule in message
    if corruption.column:
        assert f"column '{corruption.column}'" in message
    if corruption.row:
        assert "row " in message
    assert "Traceback" not in message
    assert digest(previous) == before
