"""The execution cache: what is re-run after which change."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bookbuild.execute import base_key, chapter_key
from bookbuild.qmd import parse_qmd

from .conftest import Built, run_cli, tree_bytes

CHAPTERS = ("index.qmd", "report/trade.qmd", "report/appendix.qmd")


def _status(out: str) -> dict[str, str]:
    return {m.group(2): m.group(1) for m in re.finditer(r"^\s+(executed|cached)\s+(\S+\.qmd)", out, re.M)}


@pytest.mark.build
def test_second_build_executes_nothing(built: Built, project: Path) -> None:
    run = run_cli(project, "render")
    assert run.code == 0, run.err
    assert _status(run.out) == dict.fromkeys(CHAPTERS, "cached")
    assert "kernel    started" not in run.out  # no kernel is even started
    assert tree_bytes(project / "_book") == tree_bytes(built.book)


@pytest.mark.build
def test_editing_one_chapter_reexecutes_only_it(project: Path) -> None:
    qmd = project / "report" / "appendix.qmd"
    qmd.write_text(qmd.read_text(encoding="utf-8") + "\nA sentence added later.\n", encoding="utf-8")
    run = run_cli(project, "render")
    assert run.code == 0, run.err
    assert _status(run.out) == {
        "index.qmd": "cached",
        "report/trade.qmd": "cached",
        "report/appendix.qmd": "executed",
    }
    assert "A sentence added later." in (project / "_book" / "report" / "appendix.html").read_text(encoding="utf-8")


@pytest.mark.build
def test_changing_data_reexecutes_the_chapters_that_read_it(project: Path) -> None:
    csv = project / "data" / "trade.csv"
    csv.write_text(csv.read_text(encoding="utf-8").replace("2021,140", "2021,150"), encoding="utf-8")
    run = run_cli(project, "render")
    assert run.code == 0, run.err
    assert _status(run.out) == {
        "index.qmd": "executed",
        "report/trade.qmd": "executed",
        "report/appendix.qmd": "cached",
    }
    assert "Trade peaked at 150 million" in (project / "_book" / "index.html").read_text(encoding="utf-8")


def test_key_covers_chapter_analysis_code_and_data(tmp_path: Path) -> None:
    (tmp_path / "analysis" / "sub").mkdir(parents=True)
    (tmp_path / "analysis" / "sub" / "x.py").write_text("A = 1\n")
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "t.csv").write_text("a\n1\n")
    qmd = parse_qmd("c.qmd", "# C\n\n```{python}\nx = 1\n```\n")
    base = base_key(tmp_path, qmd)
    key = chapter_key(tmp_path, base, ["data/t.csv"])
    assert base_key(tmp_path, parse_qmd("c.qmd", qmd.text + "\nMore.\n")) != base
    assert chapter_key(tmp_path, base, []) != key
    (tmp_path / "data" / "t.csv").write_text("a\n2\n")
    assert chapter_key(tmp_path, base, ["data/t.csv"]) != key
    (tmp_path / "analysis" / "sub" / "x.py").write_text("A = 2\n")
    assert base_key(tmp_path, qmd) != base
