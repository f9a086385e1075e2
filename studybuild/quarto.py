"""Real Quarto, when a recent enough `quarto` executable is installed: `quarto render` with a data-aware freeze.

Quarto's `freeze` re-executes a chapter only when the chapter's own text changes, so on its own it would keep
stale numbers after a data or code edit. Here it is turned on (the `freeze` profile, `_quarto-freeze.yml`)
and this module decides which frozen chapters are stale, with the key the offline builder uses: the chapter's
text, the `analysis` code, the lock file, the Python version and the content of every data file the chapter
read when it last ran (recorded by `analysis.data` under Quarto in `.build/reads/`). Stale chapters have
their `_freeze/` entry removed, so Quarto executes exactly those. A plain `quarto render` (no profile) never
freezes and always executes everything: slower, never stale.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from bookbuild import __version__
from bookbuild.errors import BuildError
from bookbuild.project import Project
from studybuild.publish import new_stage, publish, remove_stale

MINIMUM = (1, 9, 18)  # first release that renders a book project to Typst
TO = {"html": "html", "pdf": "typst", "docx": "docx"}
PROFILE = "freeze"
KEYS = Path(".build") / "quarto-keys.json"


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


def _digest(*parts: bytes) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(hashlib.sha256(part).digest())
    return h.hexdigest()


def _read(path: Path) -> bytes:
    return path.read_bytes() if path.is_file() else b"<missing>"


def code_digest(root: Path) -> bytes:
    """What every chapter depends on besides its text: analysis code, lock file, Python, the renderer."""
    files = sorted((root / "analysis").rglob("*.py")) + sorted((root / "requirements").glob("*.txt"))
    parts = [f"{sys.version}\0{__version__}".encode()]
    parts += [f.relative_to(root).as_posix().encode() + b"\0" + f.read_bytes() for f in files]
    return _digest(*parts).encode()


def _reads(root: Path, chapter: str) -> list[str]:
    """The files the chapter recorded in its last run under Quarto (`.build/reads/<chapter>.txt`)."""
    reads_file = root / ".build" / "reads" / f"{chapter}.txt"
    return reads_file.read_text(encoding="utf-8").split() if reads_file.is_file() else []


def chapter_key(root: Path, chapter: str, common: bytes) -> str:
    reads = _reads(root, chapter)
    return _digest(common, _read(root / chapter), *(f"{r}\0".encode() + _read(Path(r)) for r in sorted(reads)))


def thaw_stale(root: Path, project: Project, keys: dict[str, str], common: bytes) -> list[str]:
    """Removes the frozen results of chapters whose key changed; returns those chapters."""
    stale = []
    for ch in project.chapters:
        if keys.get(ch.path) == chapter_key(root, ch.path, common):
            continue
        stale.append(ch.path)
        shutil.rmtree(root / "_freeze" / Path(ch.path).with_suffix(""), ignore_errors=True)
    return stale


def render(
    root: Path, project: Project, output: Path, formats: tuple[str, ...], log: Callable[[str], None] = print
) -> Path:
    """`quarto render --profile freeze` into a stage folder, then the offline path's atomic swap."""
    keys_file = root / KEYS
    keys = json.loads(keys_file.read_text(encoding="utf-8")) if keys_file.is_file() else {}
    common = code_digest(root)
    stale = thaw_stale(root, project, keys, common)
    log(f"  chapters to execute: {', '.join(stale) or 'none (all frozen results are current)'}")
    remove_stale(output)
    stage = new_stage(output)
    try:
        out_dir = stage.relative_to(root).as_posix() if stage.is_relative_to(root) else str(stage)
        env = {**os.environ, "QUARTO_PYTHON": os.environ.get("QUARTO_PYTHON", sys.executable)}
        # One run renders every format of _quarto.yml; name them only when a subset is asked for.
        runs = [[]] if set(formats) == set(TO) else [["--to", TO[f]] for f in formats]
        for to in runs:
            cmd = ["quarto", "render", *to, "--profile", PROFILE, "--output-dir", out_dir]
            proc = subprocess.run(cmd, cwd=root, env=env)
            if proc.returncode != 0:
                raise BuildError(f"{' '.join(cmd[:-2])} failed (exit {proc.returncode})")
        final = publish(stage, output)
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise
    from bookbuild.execute import load_contract  # only after a render: an unchanged book skips its imports

    contract = load_contract(root)
    if contract is not None and hasattr(contract, "prune_outputs"):
        contract.prune_outputs(sorted({line for c in project.chapters for line in _reads(root, c.path)}))
    # Keys are taken after the render: the chapters that ran have just written which files they read.
    keys = {c.path: chapter_key(root, c.path, common) for c in project.chapters}
    keys_file.parent.mkdir(parents=True, exist_ok=True)
    tmp = keys_file.with_name(f".{keys_file.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(keys, indent=1, sort_keys=True), encoding="utf-8")
    os.replace(tmp, keys_file)
    return final
