"""Every value that passes validation can be written: each chapter's code runs, in process, over datasets
whose numbers are tiny, huge, negative zero or written in scientific notation."""

from __future__ import annotations

import ast
import csv
import io
from pathlib import Path
from typing import Any

import altair as alt
import pytest

from analysis import build_contract
from analysis.metadata import DataError
from bookbuild.qmd import parse_qmd
from tests.report.conftest import ROOT, chapters

#: Values every `value` cell of economy.csv is set to (its schema only asks for at least 0).
EXTREMES = {"tiny": "0.00001", "scientific": "2.5e-7", "huge": "3e20", "negative zero": "-0.0"}
FIGURE_TABLES = ("economy",)


def run_chapter(chapter: Path) -> list[Any]:
    """Runs every cell and inline expression of `chapter` as the kernel would; returns what they show.

    A chart is turned into its Vega-Lite spec, which is where Altair checks it."""
    qmd = parse_qmd(chapter.name, chapter.read_text(encoding="utf-8"))
    namespace: dict[str, Any] = {"__name__": "__chapter__"}
    shown: list[Any] = []
    for cell in qmd.cells:
        tree = ast.parse(cell.code)
        last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
        exec(compile(tree, f"{chapter.name} cell {cell.index}", "exec"), namespace)
        if last is not None:
            shown.append(eval(compile(ast.Expression(last.value), chapter.name, "eval"), namespace))
    shown += [eval(x.expr, namespace) for x in qmd.inlines]
    for value in shown:
        if isinstance(value, alt.TopLevelMixin):
            value.to_dict()
    return shown


def _set_every(path: Path, column: str, value: str) -> None:
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    i = rows[0].index(column)
    for row in rows[1:]:
        row[i] = value
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")


@pytest.mark.parametrize("value", EXTREMES.values(), ids=EXTREMES.keys())
def test_every_chapter_runs_over_extreme_figures(
    value: str, data_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    reads = tmp_path / "reads.txt"  # the file a builder listens on (analysis/build_contract.py)
    reads.write_text("")
    monkeypatch.setenv(build_contract.READS_ENV, str(reads))
    for name in FIGURE_TABLES:
        _set_every(data_copy / f"{name}.csv", "value", value)
        _set_every(data_copy / f"{name}.csv", "unit", "count")  # no percent over 100, no rank out of range
    for chapter in chapters():
        try:
            run_chapter(chapter)
        except DataError as err:
            # zero passes the schema, but a growth rate from it does not exist: named, not a crash
            assert float(value) == 0 and "must not be 0" in str(err) and "economy.csv" in str(err), str(err)
        except Exception as err:
            pytest.fail(f"{chapter.relative_to(ROOT)} fails with {value}: {type(err).__name__}: {err}")
    assert str(data_copy.resolve()) in reads.read_text()  # the chapters did read the changed data
