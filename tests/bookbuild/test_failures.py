"""Failures stop the build with a clear message and a distinct exit status, leaving the old output."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import run_cli, tree_bytes

pytestmark = pytest.mark.build


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def _no_stage_left(project: Path) -> None:
    assert not list((project / ".build").glob("stage-*"))


def test_failing_cell(project: Path) -> None:
    before = tree_bytes(project / "_book")
    target = (project / "_book").readlink()
    _edit(project / "report" / "trade.qmd", 'rows = load("trade")\n', 'rows = load("trade")\nratio = 1 / 0\n')
    run = run_cli(project, "render")
    assert run.code == 3
    assert "error: report/trade.qmd: cell 1 (fig-trade), line 17: ZeroDivisionError: division by zero" in run.err
    assert "17 | ratio = 1 / 0" in run.err
    assert (project / "_book").readlink() == target and tree_bytes(project / "_book") == before
    _no_stage_left(project)


def test_failing_inline_expression(project: Path) -> None:
    _edit(project / "index.qmd", '`{python} peak["year"]`', '`{python} peak["month"]`')
    run = run_cli(project, "render")
    assert run.code == 3
    assert re.search(
        r"index.qmd: inline expression `\{python\} peak\[\"month\"\]` on line \d+ "
        r"failed: KeyError: 'month'",
        run.err,
    )


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("type: book", "type: [book"), r"_quarto.yml: not valid YAML at line \d+, column \d+"),
        (
            ("- index.qmd", "- report/missing.qmd"),
            "_quarto.yml: 'book.chapters' lists report/missing.qmd, which does not exist",
        ),
        (('subtitle: "Testing the offline builder"', "subtitle: [1, 2]"), "_quarto.yml: 'book.subtitle' must be text"),
        (
            ('part: "Evidence"', 'part: "report/appendix.qmd"'),
            r"'book.chapters' part report/appendix.qmd: a part page \(\.qmd\) is not supported by the offline builder",
        ),
        (("  execute-dir: project\n", ""), "_quarto.yml: project.execute-dir must be 'project'"),
        (
            ("  execute-dir: project", "  execute-dir: project\n  post-render: x.py"),
            "'project.post-render: x.py' is not",
        ),
        (
            ("lang: en", "lang: en\nfilters: [x.lua]"),
            r"_quarto.yml: 'filters: \['x.lua'\]' is not supported by the offline",
        ),
        (
            ("  echo: false", "  echo: fenced"),
            "_quarto.yml: 'execute.echo: fenced' is not supported by the offline builder",
        ),
        (("toc: true", "toc: false"), r"_quarto.yml: 'format.html.toc: False' is not supported by the offline builder"),
        (("  typst:", "  pdf:"), "_quarto.yml: format 'pdf' is not written by the offline builder"),
        (
            ('subtitle: "Testing the offline builder"', "downloads: [pdf, epub]"),
            "_quarto.yml: book.downloads: 'epub' is not supported by the offline builder",
        ),
    ],
)
def test_malformed_config(project: Path, change: tuple[str, str], message: str) -> None:
    before = tree_bytes(project / "_book")
    _edit(project / "_quarto.yml", *change)
    run = run_cli(project, "render")
    assert run.code == 4, run.err
    assert re.search(message, run.err), run.err
    assert tree_bytes(project / "_book") == before


def test_bad_data_stops_before_anything_is_written(project: Path) -> None:
    before = tree_bytes(project / "_book")
    (project / "references.json").unlink()
    _edit(project / "data" / "trade.csv", "2020,95", "2020,lots")
    run = run_cli(project, "render")
    assert run.code == 2
    assert run.err.strip() == "error: data/trade.csv, line 3: value must be a whole number"
    assert not (project / "references.json").exists()
    assert tree_bytes(project / "_book") == before
    _no_stage_left(project)


def test_prepare_writes_bibliography(project: Path) -> None:
    (project / "references.json").unlink()
    run = run_cli(project, "prepare")
    assert run.code == 0, run.err
    assert run.out.strip() == "prepare: wrote references.json"
    assert "Южный Кавказ" in (project / "references.json").read_text(encoding="utf-8")
    assert run_cli(project, "prepare").out == ""  # nothing changed: nothing rewritten


def test_missing_csl_is_a_config_error(project: Path) -> None:
    """The CSL style is a file of the project (the package keeps its own); nothing regenerates it."""
    before = tree_bytes(project / "_book")
    (project / "chicago-notes-bibliography.csl").unlink()
    run = run_cli(project, "render")
    assert run.code == 4, run.err
    assert "_quarto.yml: csl chicago-notes-bibliography.csl does not exist" in run.err
    assert tree_bytes(project / "_book") == before
