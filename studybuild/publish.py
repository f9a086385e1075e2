"""Swaps a finished build in atomically: the output folder is always the complete old or complete new one.

The output (`_book`) is a symlink to `.build/out-<name>-<digest>/` beside it. A build writes into
`.build/stage-<pid>-<random>/`, renames that to its `out-…` name, points a new symlink at it and
`os.replace`s the symlink over the output: one atomic rename. A build killed at any moment leaves the
old output in place and at most a stale stage folder, which the next build removes.

A build never deletes what it did not write: every output carries a `.bookbuild` stamp, and an existing
output folder without one (and not empty, and not a build's symlink) is refused before anything runs. One
build at a time per project holds `.build/lock`; the swap itself holds `.build/publish.lock` beside the
output, and keeps whatever folder the output points to at that moment.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import hashlib
import os
import secrets
import shutil
from collections.abc import Iterator
from pathlib import Path

from bookbuild.errors import BuildError

#: Written into every output: marks a folder as one a build made, and so may replace.
STAMP = ".bookbuild"
STAMP_TEXT = "This folder was written by studybuild; the next build replaces it as a whole.\n"


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


def check_output(output: Path) -> None:
    """Refuses an output that a build did not make: the swap would delete everything in it."""
    if output.is_symlink() or not output.exists():
        return  # replacing a symlink never deletes its target
    if output.is_dir() and ((output / STAMP).is_file() or not any(output.iterdir())):
        return
    raise BuildError(
        f"{output} exists and is not a previous build (it has no {STAMP} stamp); "
        "not replacing it: choose a new or empty folder, or remove it yourself"
    )


@contextlib.contextmanager
def _locked(path: Path, busy: str) -> Iterator[None]:
    """Holds an exclusive fcntl lock on `path` (released when the process ends, however it ends)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+", encoding="utf-8") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip()
            raise BuildError(busy.format(pid=holder or "unknown")) from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"{os.getpid()}\n")
        handle.flush()
        yield


#: Set, for its child processes, by the build holding the project's lock: Quarto's pre-render step
#: (`python -m studybuild prepare`), started by that build's `quarto render`, works under it instead of waiting.
LOCK_HOLDER_ENV = "BOOKBUILD_LOCK_HOLDER"


@contextlib.contextmanager
def build_lock(root: Path, step_of_holder: bool = False) -> Iterator[None]:
    """One build at a time per project: a second one stops at once with a clear message.

    `step_of_holder`: the `prepare` command, which Quarto runs as the pre-render step of the build that holds
    the lock, runs under that lock when the holder named itself in its environment."""
    path = root / ".build" / "lock"
    holder = os.environ.get(LOCK_HOLDER_ENV) if step_of_holder else None
    if holder and path.is_file() and path.read_text(encoding="utf-8").strip() == holder:
        yield  # a step of the build that holds the lock
        return
    busy = "another build of this project is running (process {pid}); wait for it to finish, then render again"
    with _locked(path, busy):
        os.environ[LOCK_HOLDER_ENV] = str(os.getpid())
        try:
            yield
        finally:
            os.environ.pop(LOCK_HOLDER_ENV, None)


def publish(stage: Path, output: Path) -> Path:
    """Makes `output` point at the staged build; returns the folder it now points to."""
    check_output(output)
    (stage / STAMP).write_text(STAMP_TEXT, encoding="utf-8")
    builds = stage.parent
    # Two publishes to one output (two projects, or a lock-less caller) take turns: waits, never fails.
    with open(builds / "publish.lock", "a+", encoding="utf-8") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        return _swap(stage, output, builds)


def _swap(stage: Path, output: Path, builds: Path) -> Path:
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
    # Keep the folder the output points to now (normally `final`): never leave the output dangling.
    current = (output.parent / os.readlink(output)).resolve() if output.is_symlink() else None
    for other in builds.glob(f"out-{output.name}-*"):
        if other != final and other.resolve() != current:
            shutil.rmtree(other, ignore_errors=True)
    return final


def describe(err: OSError) -> str:
    """An operating-system failure as one line: what could not be written, and why."""
    where = f" {err.filename}" if err.filename else ""
    why = {
        errno.ENOSPC: "the disk is full",
        errno.EDQUOT: "the disk quota is exhausted",
        errno.EROFS: "the file system is read-only",
        errno.EACCES: "permission denied",
        errno.EPERM: "operation not permitted",
    }.get(err.errno, err.strerror or str(err))
    return f"cannot write{where}: {why}; the previous output is untouched"
