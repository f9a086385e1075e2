"""A build never deletes what it did not write, runs one at a time per project, never leaves the output
dangling, and reports an operating-system failure (disk full, read-only folder) as one line."""

from __future__ import annotations

import errno
import multiprocessing
import os
from pathlib import Path

import pytest

from bookbuild import build as build_module
from studybuild import cli
from studybuild.publish import build_lock, new_stage, publish
from tests.conftest import FIXTURE, copy_project, run_cli, tree_bytes


@pytest.fixture
def fresh(tmp_path: Path) -> Path:
    """The fixture project, not built (these tests stop before any chapter runs)."""
    return copy_project(FIXTURE, tmp_path / "book")


def _one_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in err, err
    return lines[0]


def test_output_that_is_not_a_previous_build_is_refused_before_building(fresh: Path, tmp_path: Path) -> None:
    mine = tmp_path / "site"
    mine.mkdir()
    (mine / "index.html").write_text("my own site")
    (mine / "photo.jpg").write_bytes(b"\xff\xd8")
    before = tree_bytes(mine)
    run = run_cli(fresh, "render", "--output", str(mine))
    assert run.code == 1
    assert "is not a previous build" in _one_line(run.err)
    assert tree_bytes(mine) == before
    assert "executed" not in run.out  # refused before any work


def test_a_second_build_of_the_project_stops_at_once(fresh: Path) -> None:
    with build_lock(fresh):
        run = run_cli(fresh, "render")
    assert run.code == 1
    assert f"another build of this project is running (process {os.getpid()})" in _one_line(run.err)
    assert not (fresh / "_book").exists()


def _publish_many(output: str, tag: str, times: int) -> None:
    for i in range(times):
        stage = new_stage(Path(output))
        (stage / "index.html").write_text(f"{tag} {i}")
        publish(stage, Path(output))


def test_concurrent_publishes_never_leave_the_output_dangling(tmp_path: Path) -> None:
    output = tmp_path / "_book"
    ctx = multiprocessing.get_context("fork")
    workers = [ctx.Process(target=_publish_many, args=(str(output), tag, 25)) for tag in "ab"]
    for w in workers:
        w.start()
    seen_dangling = False
    while any(w.is_alive() for w in workers):
        if output.is_symlink() and not output.exists():
            seen_dangling = True
    for w in workers:
        w.join()
        assert w.exitcode == 0
    assert not seen_dangling
    assert (output / "index.html").read_text() in ("a 24", "b 24")


@pytest.mark.parametrize(
    ("code", "words"),
    [(errno.ENOSPC, "the disk is full"), (errno.EROFS, "read-only"), (errno.EACCES, "permission denied")],
)
def test_disk_full_or_read_only_is_one_line_and_keeps_the_output(
    fresh: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], code: int, words: str
) -> None:
    output = fresh / "_book"
    stage = new_stage(output)
    (stage / "index.html").write_text("previous")
    publish(stage, output)
    before = tree_bytes(output)

    def fails(*args: object, **kwargs: object) -> None:
        raise OSError(code, os.strerror(code), str(fresh / ".build" / "stage-1"))

    # the first write of a build (prepare would import the fixture's own `analysis` into this process)
    monkeypatch.setattr(cli, "prepare", fails)
    monkeypatch.setattr(build_module, "build", fails)
    monkeypatch.chdir(fresh)
    assert cli.main(["render", "--offline", "--project", str(fresh)]) == 1
    line = _one_line(capsys.readouterr().err)
    assert words in line and "stage-1" in line and "previous output is untouched" in line
    assert tree_bytes(output) == before


def test_unwritable_build_folder_is_one_line(fresh: Path) -> None:
    """`.build` cannot be made (here a file stands in its place, which stops root as well)."""
    (fresh / ".build").write_text("not a folder")
    run = run_cli(fresh, "render")
    assert run.code == 1
    assert ".build" in _one_line(run.err)
