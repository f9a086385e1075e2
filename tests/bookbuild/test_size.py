"""bookbuild stays a thin layer over its engines: its Python and Lua within the size the project set for it."""

from __future__ import annotations

from tests.conftest import REPO

LIMIT = 1600  # lines of Python and Lua (templates and supported.yml are data, not counted)


def test_bookbuild_python_and_lua_stay_within_the_limit() -> None:
    sources = sorted([*(REPO / "bookbuild").glob("*.py"), *(REPO / "bookbuild").glob("*.lua")])
    lines = {path.name: len(path.read_text(encoding="utf-8").splitlines()) for path in sources}
    assert sum(lines.values()) <= LIMIT, lines
