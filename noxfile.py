# /// script
# dependencies = ["nox>=2025.2.9"]
# ///
"""The package's single entry point: `nox -s render` builds the study, `nox -s tests` checks it.

Every session installs what it needs from the pinned lock files in `requirements/`, into an environment that
is kept between runs and reinstalled only when its lock file changes.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import nox

nox.needs_version = ">=2025.2.9"
# uv installs in seconds where pip takes close to a minute; plain virtualenv + pip is the fallback.
nox.options.default_venv_backend = "uv|virtualenv"
nox.options.reuse_venv = "yes"
nox.options.sessions = ["render", "tests"]

ROOT = Path(__file__).parent
LOCKS = ROOT / "requirements"


def install(session: nox.Session, lock: str) -> None:
    """Install `requirements/<lock>.txt` unless this environment already has exactly that lock."""
    lock_file = LOCKS / f"{lock}.txt"
    digest = hashlib.sha256(lock_file.read_bytes()).hexdigest()
    stamp = Path(session.virtualenv.location) / f".installed-{lock}"
    if stamp.exists() and stamp.read_text() == digest:
        return
    # The lock is the whole closure; --no-deps installs exactly it (requirements/overrides.txt says why a
    # resolver would otherwise refuse it).
    session.install("--no-deps", "-r", str(lock_file))
    stamp.write_text(digest)


@nox.session(default=True)
def render(session: nox.Session) -> None:
    """Build the HTML book, the single-file HTML and the PDF into _book/."""
    install(session, "render")
    session.run("python", "-m", "studybuild", "render", *session.posargs)


@nox.session(default=True)
def tests(session: nox.Session) -> None:
    """Run every check: schemas, analysis, importers, builder, the built book in Chromium and the PDF."""
    install(session, "test")
    session.run("python", "-m", "pytest", *session.posargs)


@nox.session(default=False)
def quick(session: nox.Session) -> None:
    """The tests that need no rendered book, no kernel and no browser: seconds, not minutes."""
    install(session, "test")
    session.run("python", "-m", "pytest", "-m", "not build and not browser", *session.posargs)


@nox.session(default=False)
def validate(session: nox.Session) -> None:
    """Check every dataset against its schema without rendering anything."""
    install(session, "render")
    session.run("python", "-m", "analysis", "validate")


@nox.session(default=False)
def refresh(session: nox.Session) -> None:
    """Recompute the package's figures from downloaded primary files.

    nox -s refresh -- --sipri trade-register.csv --sipri-date 2026-11-01 \\
        --population worldbank-population.csv --population-date 2025-07-01
        [--nmc ... --measures-date ...]  (the measured-factor files; see sources/refresh.py for the full command)
    """
    install(session, "render")
    session.run("python", "-m", "sources.refresh", *session.posargs)


@nox.session(default=False)
def bench(session: nox.Session) -> None:
    """Time cold, unchanged, one-chapter and one-dataset rebuilds against the floor the engines set."""
    install(session, "render")
    session.run("python", "-m", "studybuild.bench", *session.posargs)


@nox.session(default=False)
def preview(session: nox.Session) -> None:
    """Serve _book on 127.0.0.1 and rebuild it (offline builder) on every save; the page reloads itself.

    nox -s preview -- --port 8765 --formats html
    """
    install(session, "render")
    session.run("python", "-m", "studybuild.preview", *session.posargs)


@nox.session(default=False)
def lint(session: nox.Session) -> None:
    install(session, "test")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")


@nox.session(default=False, venv_backend="uv")
def lock(session: nox.Session) -> None:
    """Re-pin requirements/*.txt from pyproject.toml (needs uv)."""
    session.install("uv")
    common = ["uv", "pip", "compile", "pyproject.toml", "--python-version", "3.11", "--quiet"]
    common += ["--override", "requirements/overrides.txt"]
    session.run(*common, "-o", "requirements/render.txt")
    session.run(*common, "--group", "test", "-o", "requirements/test.txt")
