"""Quarto's side of `nox -s bench`: the same rebuilds as the offline builder's, through `nox -s render`'s path.

Each build is `python -m studybuild render` with Quarto on PATH, so it measures what a Quarto user of the
package gets: Quarto's `freeze` with studybuild deciding which chapters are stale (`studybuild.quarto`).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

IGNORE = shutil.ignore_patterns(
    ".git", ".build", "_book", "_freeze", ".nox", "__pycache__", ".pytest_cache", ".ruff_cache"
)


def find_quarto() -> Path | None:
    """`quarto` on PATH, else where ../shared/quarto/install puts it by default."""
    on_path = shutil.which("quarto")
    if on_path:
        return Path(on_path)
    home = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "quarto-offline" / "bin" / "quarto"
    return home if home.is_file() else None


def _render(project: Path, quarto: Path) -> tuple[float, list[str]]:
    """Wall time of one build, and the chapters Quarto executed."""
    env = {**os.environ, "PATH": os.pathsep.join([str(quarto.parent), os.environ.get("PATH", "")])}
    env["QUARTO_PYTHON"] = sys.executable
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "studybuild", "render", "--project", str(project)],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
    )
    seconds = time.perf_counter() - start
    log = proc.stdout + proc.stderr
    if proc.returncode != 0 or "renderer: quarto" not in proc.stdout:
        raise SystemExit(f"the Quarto build failed:\n{log[-4000:]}")
    return seconds, sorted(set(re.findall(r"Executing '([^']+)\.quarto_ipynb'", log)))


def quarto_rows(
    source: Path, workdir: Path, quarto: Path, chapter: str | None, dataset: str | None
) -> list[tuple[str, float, list[str]]]:
    """Cold, nothing changed, `chapter` edited and `dataset` edited, in a copy of the project."""
    project = workdir / "quarto-project"
    shutil.copytree(source, project, ignore=IGNORE)
    shutil.rmtree(project / "report" / "_generated", ignore_errors=True)
    rows = [("cold build (nothing frozen)", *_render(project, quarto))]
    rows.append(("nothing changed", *_render(project, quarto)))
    if chapter:
        path = project / chapter
        path.write_text(path.read_text(encoding="utf-8") + "\n<!-- bench -->\n", encoding="utf-8")
        rows.append((f"one chapter edited ({chapter})", *_render(project, quarto)))
    if dataset:
        path = project / dataset
        path.write_bytes(path.read_bytes() + b"\n")  # a blank line: new content, same table
        rows.append((f"one dataset edited ({dataset})", *_render(project, quarto)))
    return rows
