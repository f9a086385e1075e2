"""Swaps a finished build in atomically: the output folder is always the complete old or complete new one.

The output (`_book`) is a symlink to `.build/out-<name>-<digest>/` beside it. A build writes into
`.build/stage-<pid>-<random>/`, renames that to its `out-…` name, points a new symlink at it and
`os.replace`s the symlink over the output: one atomic rename. A build killed at any moment leaves the
old output in place and at most a stale stage folder, which the next build removes.
"""

from __future__ import annotations

import ctypes
import hashlib
import os
import secrets
import shutil
from pathlib import Path

from bookbuild.errors import BuildError


def builds_dir(output: Path) -> Path:
    return output.parent / ".build"


def new_stage(output: Path) -> Path:
    builds = builds_dir(output)
    builds.mkdir(parents=True, exist_ok=True)
    stage = builds / f"stage-{os.getpid()}-{secrets.token_hex(4)}"
    stage.mkdir()
    return stage


def tree_digest(folder: Path) -> str:
    h = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        h.update(path.relative_to(folder).as_posix().encode() + b"\0")
        h.update(hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()


def _exchange(a: Path, b: Path) -> bool:
    """renameat2(RENAME_EXCHANGE): swaps two paths atomically (Linux); False where unavailable."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    return renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_stale(output: Path) -> None:
    """Cleans up after builds that died: their stage folders, and a real output folder swapped out."""
    builds = builds_dir(output)
    if not builds.is_dir():
        return
    for stage in [*builds.glob("stage-*"), *builds.glob("link-*")]:
        pid = stage.name.split("-")[1]
        if pid.isdigit() and int(pid) != os.getpid() and not _pid_alive(int(pid)):
            if stage.is_symlink():
                stage.unlink()
            else:
                shutil.rmtree(stage, ignore_errors=True)
    for old in builds.glob(f"old-{output.name}-*"):
        if not output.exists() and not output.is_symlink():
            os.rename(old, output)  # killed between the two steps of the fallback swap: put it back
        else:
            shutil.rmtree(old, ignore_errors=True)


def publish(stage: Path, output: Path) -> Path:
    """Makes `output` point at the staged build; returns the folder it now points to."""
    if (
        output.exists()
        and not output.is_symlink()
        and (not output.is_dir() or (not (output / "index.html").is_file() and any(output.iterdir())))
    ):
        raise BuildError(f"{output.name} exists and does not look like a rendered book; not replacing it")
    builds = stage.parent
    final = builds / f"out-{output.name}-{tree_digest(stage)[:16]}"
    if final.is_dir():
        shutil.rmtree(stage)  # an identical build is already there
    else:
        os.rename(stage, final)
    # Made inside .build/ (dangling there: its target is relative to the output's folder), then renamed.
    link = builds / f"link-{os.getpid()}-{output.name}"
    if link.is_symlink() or link.exists():
        link.unlink()
    os.symlink(os.path.relpath(final, output.parent), link)
    if output.exists() and not output.is_symlink():
        # A real folder from an earlier tool: swap it out atomically where the OS allows, else in two steps.
        old = builds / f"old-{output.name}-{secrets.token_hex(4)}"
        if _exchange(link, output):
            os.rename(link, old)
        else:
            os.rename(output, old)
            os.replace(link, output)
        shutil.rmtree(old, ignore_errors=True)
    else:
        os.replace(link, output)
    for other in builds.glob(f"out-{output.name}-*"):
        if other != final:
            shutil.rmtree(other, ignore_errors=True)
    return final
