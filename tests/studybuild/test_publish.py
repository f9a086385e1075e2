"""Atomic output: a build that dies leaves the previous `_book`; identical inputs give identical bytes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bookbuild.errors import BuildError
from studybuild import cli
from studybuild.publish import STAMP, STAMP_TEXT, new_stage, publish
from tests.conftest import REPO, Built, run_cli, tree_bytes

pytestmark = pytest.mark.build


def test_exception_before_the_swap_keeps_the_old_output(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = tree_bytes(project / "_book")
    qmd = project / "report" / "references.qmd"
    qmd.write_text(qmd.read_text(encoding="utf-8") + "\nChanged.\n", encoding="utf-8")

    def killed(stage: Path, output: Path) -> Path:
        assert (stage / "report" / "references.html").is_file()  # the new build was complete in its stage
        raise KeyboardInterrupt  # what a Ctrl-C at this moment does

    monkeypatch.setattr(cli, "publish", killed)
    assert cli.main(["render", "--offline", "--project", str(project)]) == 130  # reported, not a traceback
    assert tree_bytes(project / "_book") == before
    assert not list((project / ".build").glob("stage-*"))


def test_sigkill_mid_build_then_rebuild(project: Path) -> None:
    before = tree_bytes(project / "_book")
    qmd = project / "report" / "references.qmd"
    qmd.write_text(qmd.read_text(encoding="utf-8") + "\nChanged.\n", encoding="utf-8")
    proc = subprocess.Popen(
        [sys.executable, "-m", "studybuild", "render"],
        cwd=project,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while not list((project / ".build").glob("stage-*")) and time.monotonic() < deadline:
            time.sleep(0.01)
        assert list((project / ".build").glob("stage-*")), "the build never started writing"
        time.sleep(0.05)  # into pandoc / typst, well before the swap
        assert proc.poll() is None, "the build finished before it could be killed"
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    assert tree_bytes(project / "_book") == before
    run = run_cli(project, "render")
    assert run.code == 0, run.err
    assert "Changed." in (project / "_book" / "report" / "references.html").read_text(encoding="utf-8")
    assert not list((project / ".build").glob("stage-*"))  # the dead build's stage was cleaned up
    assert len(list((project / ".build").glob("out-*"))) == 1


def test_replaces_a_real_output_folder_from_an_earlier_build(tmp_path: Path) -> None:
    """A previous build copied as a real folder (`cp -rL _book`) still carries the build's stamp."""
    output = tmp_path / "_book"
    output.mkdir()
    (output / "index.html").write_text("old")
    (output / STAMP).write_text(STAMP_TEXT)
    stage = new_stage(output)
    (stage / "index.html").write_text("new")
    publish(stage, output)
    assert output.is_symlink() and (output / "index.html").read_text() == "new"
    outs = [p.name for p in (tmp_path / ".build").iterdir() if p.is_dir()]
    assert outs == [Path(os.readlink(output)).name]


@pytest.mark.parametrize("files", [["notes.txt"], ["index.html", "thesis.tex"]], ids=["any folder", "a website"])
def test_refuses_to_replace_a_folder_no_build_made(tmp_path: Path, files: list[str]) -> None:
    """Holding an index.html is not enough (it used to be): only the build's stamp marks its own output."""
    output = tmp_path / "_book"
    output.mkdir()
    for name in files:
        (output / name).write_text("mine")
    stage = new_stage(output)
    with pytest.raises(BuildError, match="is not a previous build"):
        publish(stage, output)
    assert all((output / name).read_text() == "mine" for name in files)


def test_two_builds_give_identical_bytes(built: Built, project: Path, tmp_path: Path) -> None:
    run = run_cli(project, "render", "--no-cache", "--output", str(tmp_path / "again" / "_book"))
    assert run.code == 0, run.err
    assert "executed  report/trade.qmd" in run.out
    assert tree_bytes(tmp_path / "again" / "_book") == tree_bytes(built.book)


def _fake_quarto(bin_dir: Path, version: str) -> None:
    bin_dir.mkdir()
    script = bin_dir / "quarto"
    script.write_text(f"""#!{sys.executable}
import pathlib, sys
args = sys.argv[1:]
if args == ["--version"]:
    print("{version}")
elif args[0] == "render":
    out = pathlib.Path(args[args.index("--output-dir") + 1])
    out.mkdir(parents=True, exist_ok=True)
    to = args[args.index("--to") + 1] if "--to" in args else "all"
    for name in ["index.html"] * (to in ("html", "all")) + ["book.pdf"] * (to in ("typst", "all")):
        (out / name).write_text("fake quarto " + " ".join(args[:-2]))
""")
    script.chmod(0o755)


@pytest.mark.parametrize(("version", "expected"), [("1.9.20", "renderer: quarto 1.9.20"), ("1.6.40", "offline")])
def test_uses_quarto_when_new_enough(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, version: str, expected: str
) -> None:
    _fake_quarto(tmp_path / "bin", version)
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}{os.pathsep}{os.environ['PATH']}")
    run = run_cli(project, "render")
    assert run.code == 0, run.err
    assert expected in run.out
    index = (project / "_book" / "index.html").read_text(encoding="utf-8")
    # Quarto renders with the freeze profile, whose staleness studybuild decides (studybuild/quarto.py).
    assert (index == "fake quarto render --profile freeze") == (version == "1.9.20")
