"""Reading a downloaded text file safely: refuse empty, binary and wrongly encoded files up front."""

from __future__ import annotations

from pathlib import Path

from sources.errors import SourceFormatError


def read_text(path: str | Path, encoding: str) -> str:
    """Return the decoded text of `path`, or raise `SourceFormatError` saying why it is not text.

    A NUL byte never occurs in the CSV files the importers read, so it marks a binary file (a zip or an
    Excel workbook saved under a .csv name) before decoding turns it into nonsense text.
    """
    path = Path(path)
    data = path.read_bytes()
    if not data.strip():
        raise SourceFormatError(path, "the file is empty")
    if b"\x00" in data:
        raise SourceFormatError(path, f"binary content (NUL bytes), not a {encoding} CSV text file")
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as err:
        raise SourceFormatError(
            path, f"cannot be decoded as {encoding} (byte 0x{data[err.start]:02x} at offset {err.start})"
        ) from None
