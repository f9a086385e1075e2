"""The GitHub Actions workflow: actionlint accepts it, and it runs what the README promises."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
WORKFLOW = ROOT / ".github" / "workflows" / "ci.yml"


def actionlint() -> str:
    """The actionlint executable of the test environment (or on PATH); skip if it cannot run here."""
    exe = Path(sys.executable).parent / "actionlint"
    found = str(exe) if exe.is_file() else shutil.which("actionlint")
    if found is None:
        pytest.skip("actionlint is not installed (it comes with the test group: nox -s tests)")
    try:
        subprocess.run([found, "-version"], capture_output=True, check=True, timeout=60)
    except (OSError, subprocess.SubprocessError) as err:
        pytest.skip(f"the actionlint binary cannot run on this machine: {err}")
    return found


def test_actionlint_accepts_the_workflow() -> None:
    done = subprocess.run(
        [actionlint(), "-no-color", str(WORKFLOW)], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_actionlint_catches_a_broken_workflow(tmp_path: Path) -> None:
    """The check is live: an expression naming an unknown context fails it."""
    broken = tmp_path / "ci.yml"
    broken.write_text(
        WORKFLOW.read_text(encoding="utf-8").replace("run: nox -s tests", "run: nox -s ${{ matrix.nothing }}"),
        encoding="utf-8",
    )
    done = subprocess.run([actionlint(), "-no-color", str(broken)], capture_output=True, text=True, timeout=120)
    assert done.returncode != 0 and "matrix" in done.stdout, done.stdout + done.stderr


def _steps() -> list[dict]:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))["jobs"]["build"]["steps"]


def test_workflow_tests_renders_and_publishes_the_book() -> None:
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    steps = _steps()
    runs = [s.get("run", "") for s in steps]
    uses = [s.get("uses", "").split("@")[0] for s in steps]
    assert runs.index("nox -s tests") < runs.index("nox -s render")
    assert "quarto-dev/quarto-actions/setup" in uses
    python = next(s for s in steps if s.get("uses", "").startswith("actions/setup-python"))
    assert python["with"]["python-version"] == "3.11"
    assert any("chromium" in r and "poppler-utils" in r and "apt-get install" in r for r in runs)
    cache = next(s for s in steps if s.get("uses", "").startswith("actions/cache"))
    assert ".nox" in cache["with"]["path"] and "requirements/*.txt" in cache["with"]["key"]
    upload = next(s for s in steps if s.get("uses", "").startswith("actions/upload-pages-artifact"))
    assert upload["with"]["path"] == "_book"
    deploy = workflow["jobs"]["deploy"]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert "default_branch" in deploy["if"] and "default_branch" in upload["if"]
