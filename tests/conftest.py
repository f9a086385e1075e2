"""Shared fixtures: a private copy of the datasets for tests that corrupt them; where Quarto is; the fixture book
(tests/fixtures/book) built once per session, for the tests of the renderer and of the build driver."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
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


def need_quarto() -> None:
    """Skips the test, saying why, where Quarto is not installed; fails it in CI here, where .ci/run installs it."""
    if QUARTO is None:
        if os.environ.get("CI") and (ROOT.parent / "shared" / "quarto" / "install").exists():
            pytest.fail("Quarto is required in CI here: .ci/run installs it from ../shared/quarto")
        pytest.skip("Quarto is not installed (put quarto on PATH, or run ../shared/quarto/install)")


def quarto_env() -> dict[str, str]:
    """Quarto on PATH, with this environment's Python for the kernels and the pre-render step."""
    assert QUARTO is not None
    path = os.pathsep.join([str(QUARTO.parent), str(Path(sys.executable).parent), os.environ["PATH"]])
    return {**os.environ, "PATH": path, "QUARTO_PYTHON": sys.executable}


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


REPO = ROOT
FIXTURE = REPO / "tests" / "fixtures" / "book"
SLUG = "A-Fixture-Book--Été-à-Moscou"  # the title, made safe as Quarto makes it (no output-file)
#: The package's own CSL style; the fixture's `_quarto.yml` names a copy of it at the fixture's root.
CSL = REPO / "report" / "csl" / "chicago-notes-bibliography.csl"


@dataclass
class Run:
    code: int
    out: str
    err: str


def run_cli(project: Path, *args: str, env: dict[str, str] | None = None) -> Run:
    """`python -m studybuild …` in its own process, as a user runs it (exit codes, stdout and stderr)."""
    env = {**os.environ, "PYTHONPATH": str(REPO), **(env or {})}
    env.pop("SOURCE_DATE_EPOCH", None)
    proc = subprocess.run(
        [sys.executable, "-m", "studybuild", *args, "--project", str(project)],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    return Run(proc.returncode, proc.stdout, proc.stderr)


def copy_project(source: Path, target: Path) -> Path:
    """Copies a project with its cache and output (`_book` stays a relative symlink into `.build`)."""
    shutil.copytree(source, target, symlinks=True, ignore=shutil.ignore_patterns("__pycache__"))
    return target


def tree_bytes(folder: Path) -> dict[str, bytes]:
    files = sorted(p for p in folder.rglob("*") if p.is_file())
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in files}


@dataclass
class Built:
    root: Path
    run: Run

    @property
    def book(self) -> Path:
        return self.root / "_book"


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The fixture book, rendered once (cold: empty cache)."""
    root = copy_project(FIXTURE, tmp_path_factory.mktemp("built") / "book")
    shutil.copyfile(CSL, root / CSL.name)
    run = run_cli(root, "render")
    assert run.code == 0, run.err
    return Built(root, run)


@pytest.fixture
def project(built: Built, tmp_path: Path) -> Path:
    """A private copy of the built project (warm cache, existing `_book`) for tests that change things."""
    return copy_project(built.root, tmp_path / "book")


@pytest.fixture(autouse=True)
def _study_analysis_stays_imported() -> Iterator[None]:
    """`prepare` run in process imports the fixture book's own `analysis` package in place of the study's
    (bookbuild imports a project's package from its folder): put the study's back after each test."""
    saved = {k: m for k, m in sys.modules.items() if k == "analysis" or k.startswith("analysis.")}
    path = list(sys.path)
    yield
    for name in [k for k in sys.modules if k == "analysis" or k.startswith("analysis.")]:
        del sys.modules[name]
    sys.modules.update(saved)
    sys.path[:] = path
