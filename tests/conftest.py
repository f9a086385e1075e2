"""Shared fixtures: a private copy of the datasets for tests that corrupt them."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from analysis import data

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def data_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A copy of data/ that `analysis.data` reads instead of the shipped one."""
    copy = tmp_path / "data"
    shutil.copytree(ROOT / "data", copy)
    monkeypatch.setenv("STUDY_DATA_DIR", str(copy))
    data.clear_cache()
    yield copy
    data.clear_cache()
