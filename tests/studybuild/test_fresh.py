"""A build with nothing changed starts no renderer; any edit in the project, or a missing output, builds again."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import Built, run_cli, tree_bytes

pytestmark = pytest.mark.build
UP_TO_DATE = "nothing changed since the last build"


def test_nothing_changed_renders_nothing(built: Built, project: Path) -> None:
    run = run_cli(project, "render")
    assert run.code == 0, run.err
    assert UP_TO_DATE in run.out
    assert "running" not in run.out and "cached" not in run.out  # no chapter is even looked at
    assert tree_bytes(project / "_book") == tree_bytes(built.book)


def test_an_edit_outside_the_chapters_renders_again(project: Path) -> None:
    """A directory-metadata header (no chapter's text, no data file) still reaches every page of its folder."""
    meta = project / "report" / "_metadata.yml"
    meta.write_text(meta.read_text(encoding="utf-8").replace("</script>", "</script><!-- edited -->"))
    run = run_cli(project, "render")
    assert run.code == 0, run.err
    assert UP_TO_DATE not in run.out
    assert "<!-- edited -->" in (project / "_book" / "report" / "trade.html").read_text(encoding="utf-8")


def test_a_removed_output_or_no_cache_renders_again(project: Path) -> None:
    (project / "_book").unlink()
    run = run_cli(project, "render")
    assert run.code == 0, run.err
    assert UP_TO_DATE not in run.out and (project / "_book" / "index.html").is_file()
    run = run_cli(project, "render", "--no-cache")
    assert run.code == 0, run.err
    assert UP_TO_DATE not in run.out


def test_other_formats_are_not_up_to_date(project: Path) -> None:
    run = run_cli(project, "render", "--formats", "html")
    assert run.code == 0, run.err
    assert UP_TO_DATE not in run.out and not list((project / "_book").glob("*.pdf"))
