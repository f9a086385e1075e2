"""Real Quarto, when a recent enough `quarto` executable is installed (it is not on the study's machines)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

from bookbuild.errors import BuildError
from bookbuild.publish import new_stage, publish, remove_stale

MINIMUM = (1, 9, 18)  # first release that renders a book project to Typst
TO = {"html": "html", "pdf": "typst"}


def quarto_version() -> tuple[int, ...] | None:
    exe = shutil.which("quarto")
    if exe is None:
        return None
    try:
        out = subprocess.run([exe, "--version"], capture_output=True, text=True, timeout=60).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    m = re.match(r"\s*(\d+)\.(\d+)\.(\d+)", out)
    return tuple(int(x) for x in m.groups()) if m else None


def usable() -> bool:
    version = quarto_version()
    return version is not None and version >= MINIMUM


def render(root: Path, output: Path, formats: tuple[str, ...]) -> Path:
    """`quarto render` into a stage folder, then the same atomic swap as the offline path."""
    remove_stale(output)
    stage = new_stage(output)
    try:
        out_dir = stage.relative_to(root).as_posix() if stage.is_relative_to(root) else str(stage)
        # One run renders every format of _quarto.yml; name them only when a subset is asked for.
        runs = [[]] if set(formats) == set(TO) else [["--to", TO[f]] for f in formats]
        for to in runs:
            proc = subprocess.run(["quarto", "render", *to, "--output-dir", out_dir], cwd=root)
            if proc.returncode != 0:
                raise BuildError(f"{' '.join(['quarto render', *to])} failed (exit {proc.returncode})")
        from bookbuild.build import vega_bundle
        from bookbuild.html import VEGA_BUNDLE

        (stage / VEGA_BUNDLE).write_text(vega_bundle(root / ".build" / "cache"), encoding="utf-8")
        return publish(stage, output)
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise
