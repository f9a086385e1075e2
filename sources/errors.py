"""The one error the importers raise for a file they cannot read as the expected format."""

from __future__ import annotations

from pathlib import Path


class SourceFormatError(ValueError):
    """A source file is empty, binary, wrongly encoded, has the wrong header or an unreadable value.

    The message always starts with the file's name so a user knows which download to look at.
    """

    def __init__(self, path: str | Path, problem: str, line: int | None = None) -> None:
        self.path = Path(path)
        self.problem = problem
        self.line = line
        where = f"{self.path}" + (f", line {line}" if line is not None else "")
        super().__init__(f"{where}: {problem}")
