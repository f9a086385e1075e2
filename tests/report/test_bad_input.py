"""A broken dataset stops the build with a message naming file, row, column and rule, and the last good
report stays exactly as it was."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from analysis import data
from studybuild import cli
from studybuild.publish import STAMP, STAMP_TEXT
from tests.corruptions import ALL, Corruption
from tests.report.conftest import ROOT, render

# One corruption of each kind the build must refuse (all of them are also run in process, per table, by
# tests/analysis/test_schemas.py). Each goes through the render command in process; two of them also
# through the real command, beside a built book that must stay as it was.
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
THROUGH_THE_COMMAND = {("events", "duplicate key"), ("works", "wrong delimiter")}


def digest(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_every_kind_is_exercised() -> None:
    assert len(CASES) == len(KINDS)


def _check_message(corruption: Corruption, message: str) -> None:
    assert f"{corruption.table}.csv" in message
    assert corruption.rule in message
    if corruption.column:
        assert f"column '{corruption.column}'" in message
    if corruption.row:
        assert "row " in message
    assert "Traceback" not in message


def _bad_data(corruption: Corruption, tmp_path: Path) -> Path:
    bad_data = tmp_path / "data"
    shutil.copytree(ROOT / "data", bad_data)
    corruption.apply(bad_data / f"{corruption.table}.csv")
    return bad_data


@pytest.mark.parametrize("corruption", CASES, ids=lambda c: f"{c.table}-{c.name}")
def test_bad_dataset_stops_the_render_command(
    corruption: Corruption, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    previous = tmp_path / "_book"
    previous.mkdir()
    (previous / "index.html").write_text("the last good report")
    (previous / STAMP).write_text(STAMP_TEXT)  # a previous build's output, which a build may replace
    monkeypatch.setenv("STUDY_DATA_DIR", str(_bad_data(corruption, tmp_path)))
    monkeypatch.chdir(ROOT)
    data.clear_cache()
    try:
        code = cli.main(["render", "--offline", "--output", str(previous)])
    finally:
        data.clear_cache()
    assert code == 2
    _check_message(corruption, capsys.readouterr().err)
    assert digest(previous)["index.html"] == hashlib.sha256(b"the last good report").hexdigest()


@pytest.mark.build
@pytest.mark.parametrize(
    "corruption", [c for c in CASES if (c.table, c.name) in THROUGH_THE_COMMAND], ids=lambda c: f"{c.table}-{c.name}"
)
def test_bad_dataset_stops_the_build_and_keeps_the_last_report(
    corruption: Corruption, book: Path, tmp_path: Path
) -> None:
    previous = tmp_path / "_book"
    shutil.copytree(book, previous, symlinks=False)
    before = digest(previous)

    done = render(previous, env={"STUDY_DATA_DIR": str(_bad_data(corruption, tmp_path))})

    assert done.returncode == 2, done.stdout + done.stderr
    _check_message(corruption, done.stderr)
    assert digest(previous) == before
