"""The Frictionless data package: generated from the metadata, never stale, and valid for `frictionless`."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from analysis import datapackage
from analysis.metadata import TABLES

ROOT = Path(__file__).resolve().parents[2]
FRICTIONLESS = Path(sys.executable).parent / "frictionless"


def validate(folder: Path) -> dict[str, Any]:
    """`frictionless validate --json datapackage.json` in `folder`: its report as a dict."""
    done = subprocess.run(
        [str(FRICTIONLESS), "validate", "--json", "datapackage.json"],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.stdout.strip(), done.stderr
    return json.loads(done.stdout)


def errors(report: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(resource, error type, note) for every error in a report."""
    return [(task["name"], e["type"], e["note"]) for task in report["tasks"] for e in task["errors"]]


def test_committed_datapackage_is_a_fresh_generation() -> None:
    committed = (ROOT / "datapackage.json").read_text(encoding="utf-8")
    assert committed == datapackage.render(), "datapackage.json is stale: run `python -m analysis datapackage`"


def test_every_table_and_column_is_described() -> None:
    package = datapackage.descriptor()
    resources = {r["name"]: r for r in package["resources"]}
    assert list(resources) == [t.name for t in TABLES]
    for table in TABLES:
        schema = resources[table.name]["schema"]
        assert [f["name"] for f in schema["fields"]] == [f.name for f in table.fields]
        assert schema["primaryKey"] == list(table.key)
        assert resources[table.name]["path"] == f"data/{table.file}"
        assert resources[table.name]["sources"], table.name


def test_frictionless_validates_the_package_and_its_data() -> None:
    report = validate(ROOT)
    assert report["valid"], errors(report)
    assert {task["name"] for task in report["tasks"]} == {t.name for t in TABLES}


@pytest.mark.parametrize(
    ("file", "old", "new", "expected"),
    [
        pytest.param("notes.csv", "1,kulagina_2010,", "1,no_such_work,", ("notes", "foreign-key"), id="foreign_key"),
        pytest.param("notes.csv", "\n2,", "\n1,", ("notes", "primary-key"), id="primary_key"),
        pytest.param("audit.csv", ",2;3\n", ",2;x\n", ("audit", "constraint-error"), id="endnote_list"),
        pytest.param("population.csv", "ARM,1991,", "ARM,1891,", ("population", "constraint-error"), id="minimum"),
    ],
)
def test_frictionless_rejects_broken_data(
    tmp_path: Path, file: str, old: str, new: str, expected: tuple[str, str]
) -> None:
    """The constraints and keys in the descriptor are live: a copy with one broken value fails validation."""
    shutil.copy(ROOT / "datapackage.json", tmp_path)
    shutil.copytree(ROOT / "data", tmp_path / "data")
    target = tmp_path / "data" / file
    text = target.read_text(encoding="utf-8")
    assert old in text
    target.write_text(text.replace(old, new, 1), encoding="utf-8")
    report = validate(tmp_path)
    assert not report["valid"]
    assert {(name, kind) for name, kind, _ in errors(report)} == {expected}, errors(report)
