"""The execution cache: what is re-run after which change."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from bookbuild.execute import Cache, Executed, base_key, chapter_key
from bookbuild.qmd import parse_qmd
from tests.conftest import Built, run_cli, tree_bytes

CHAPTERS = ("index.qmd", "report/trade.qmd", "report/appendix.qmd")


def _status(out: str) -> dict[str, str]:
    return {m.group(2): m.group(1) for m in re.finditer(r"^\s+(executed|cached)\s+(\S+\.qmd)", out, re.M)}


@pytest.mark.build
def test_every_chapter_comes_from_the_cache_when_the_book_must_be_rendered_again(built: Built, project: Path) -> None:
    (project / "report" / "notes.txt").write_text("not read by any chapter", encoding="utf-8")  # not up to date
    run = run_cli(project, "render")
    assert run.code == 0, run.err
    assert _status(run.out) == dict.fromkeys(CHAPTERS, "cached")
    assert not re.search(r"kernel\s+\d+ started", run.out)  # no kernel is even started
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


@pytest.mark.build
def test_data_under_study_data_dir_is_keyed_by_the_file_actually_read(project: Path, tmp_path: Path) -> None:
    """With STUDY_DATA_DIR pointing at another folder, a changed value there re-runs the chapters that
    read it; changing it again re-runs them again (the key hashes the files read, not data/ in the project)."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    csv = elsewhere / "trade.csv"
    csv.write_text((project / "data" / "trade.csv").read_text(encoding="utf-8").replace("2021,140", "2021,150"))
    env = {"STUDY_DATA_DIR": str(elsewhere)}
    run = run_cli(project, "render", env=env)
    assert run.code == 0, run.err
    assert _status(run.out)["index.qmd"] == "executed"
    assert "Trade peaked at 150 million" in (project / "_book" / "index.html").read_text(encoding="utf-8")
    csv.write_text(csv.read_text(encoding="utf-8").replace("2021,150", "2021,160"))
    run = run_cli(project, "render", env=env)
    assert _status(run.out) == {
        "index.qmd": "executed",
        "report/trade.qmd": "executed",
        "report/appendix.qmd": "cached",
    }
    assert "Trade peaked at 160 million" in (project / "_book" / "index.html").read_text(encoding="utf-8")


def test_key_covers_chapter_analysis_code_lock_file_and_data(tmp_path: Path) -> None:
    (tmp_path / "analysis" / "sub").mkdir(parents=True)
    (tmp_path / "analysis" / "sub" / "x.py").write_text("A = 1\n")
    (tmp_path / "requirements").mkdir()
    (tmp_path / "requirements" / "render.txt").write_text("pandas==2.0\n")
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "t.csv").write_text("a\n1\n")
    outside = tmp_path / "elsewhere.csv"
    outside.write_text("a\n1\n")
    qmd = parse_qmd("c.qmd", "# C\n\n```{python}\nx = 1\n```\n")
    base = base_key(tmp_path, qmd, {})
    key = chapter_key(tmp_path, base, ["data/t.csv", str(outside)])
    assert base_key(tmp_path, parse_qmd("c.qmd", qmd.text + "\nMore.\n"), {}) != base
    assert base_key(tmp_path, qmd, {"eval": False}) != base  # execute options decide what runs
    assert chapter_key(tmp_path, base, ["data/t.csv"]) != key
    (tmp_path / "data" / "t.csv").write_text("a\n2\n")
    key2 = chapter_key(tmp_path, base, ["data/t.csv", str(outside)])
    assert key2 != key
    outside.write_text("a\n2\n")  # a file outside the project (STUDY_DATA_DIR) counts as much
    assert chapter_key(tmp_path, base, ["data/t.csv", str(outside)]) != key2
    (tmp_path / "requirements" / "render.txt").write_text("pandas==2.1\n")
    assert base_key(tmp_path, qmd, {}) != base
    base = base_key(tmp_path, qmd, {})
    (tmp_path / "analysis" / "sub" / "x.py").write_text("A = 2\n")
    assert base_key(tmp_path, qmd, {}) != base


def test_cache_writes_use_unique_temporary_names(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two builds writing one entry must not share a temporary file: each write gets its own name."""
    qmd = parse_qmd("report/c.qmd", "# C\n")
    cache = Cache(tmp_path)
    names: list[str] = []
    real_replace = os.replace
    monkeypatch.setattr(os, "replace", lambda a, b: (names.append(str(a)), real_replace(a, b)))
    cache.put(qmd, "base", Executed())
    cache.put(qmd, "base", Executed())
    assert len(set(names)) == 2
    assert cache.get(qmd, "base") is not None and cache.get(qmd, "other") is None
    assert not list(cache.directory.glob("*.tmp"))
