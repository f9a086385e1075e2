"""Shared fixtures: a private copy of the datasets for tests that corrupt them; where Quarto is."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from analysis import data

ROOT = Path(__file__).resolve().parent.parent
# Where ../shared/quarto/install puts Quarto by default (and .ci/run too).
QUARTO_HOME = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "quarto-offline"


def _find_quarto() -> Path | None:
    on_path = shutil.which("quarto")
    if on_path:
        return Path(on_path)
    installed = QUARTO_HOME / "bin" / "quarto"
    return installed if installed.is_file() else None


QUARTO = _find_quarto()
# Tests of the offline builder must not switch to Quarto because it happens to be installed: Quarto is
# taken off PATH here, and the tests that want it call `QUARTO` by its full path.
os.environ["PATH"] = os.pathsep.join(
    d for d in os.environ.get("PATH", "").split(os.pathsep) if d and not (Path(d) / "quarto").exists()
)


@pytest.fixture
def data_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A copy of data/ that `analysis.data` reads instead of the shipped one."""
    copy = tmp_path / "data"
    shutil.copytree(ROOT / "data", copy)
    monkeypatch.setenv("STUDY_DATA_DIR", str(copy))
    data.clear_cache()
    yield copy
    data.clear_cache()
