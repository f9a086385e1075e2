"""Runs pandoc (from pypandoc-binary) on assembled markdown: crossref.lua first, then citeproc."""

from __future__ import annotations

import functools
import importlib.util
import os
import re
import subprocess
from pathlib import Path
from typing import Any

import yaml

from bookbuild.errors import BuildError

LUA_FILTER = Path(__file__).with_name("crossref.lua")
MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#@|~^$])")


def escape_markdown(text: str) -> str:
    """`text` read literally by pandoc's markdown reader (its typography, quotes and dashes, still applies)."""
    return MD_SPECIAL.sub(r"\\\1", text)


@functools.cache
def pandoc_path() -> str:
    """pandoc from the pypandoc-binary wheel, found without importing pypandoc: its own search runs pandoc
    several times, most of a rebuild where nothing changed."""
    spec = importlib.util.find_spec("pypandoc")
    bundled = Path(spec.origin).parent / "files" / "pandoc" if spec and spec.origin else None
    if bundled is not None and bundled.is_file():
        return str(bundled)
    import pypandoc

    return pypandoc.get_pandoc_path()


def convert(markdown: str, to: str, xref_file: Path, page: str, meta: dict[str, Any], *extra: str, cwd: Path) -> bytes:
    """pandoc's output for the page `page` ("" for the whole book), run in the project folder `cwd`: a fragment, or
    with `extra` such as `--standalone` a whole document (a Word file with `--output -`, which is binary). Citation
    arguments (`Project.citeproc`) go in `extra`: after the Lua filter, which must turn @fig-… into links before
    citeproc sees them. Paths stay relative to the project: Word keeps them in its properties."""
    header = "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=True) + "---\n\n" if meta else ""
    args = ["--from", "markdown", "--to", to, "--wrap", "none", "--lua-filter", str(LUA_FILTER), *extra]
    args += ["--metadata", f"bookbuild-page={page}", "--metadata", f"bookbuild-xref={xref_file}"]
    proc = subprocess.run(
        [pandoc_path(), *args],
        input=(header + markdown).encode("utf-8"),
        capture_output=True,
        cwd=cwd,
        # Word files are zip archives stamped with a time: a fixed one, so equal books give equal bytes.
        env={**os.environ, "SOURCE_DATE_EPOCH": os.environ.get("SOURCE_DATE_EPOCH", "0")},
    )
    stderr = proc.stderr.decode("utf-8", errors="replace")
    if proc.returncode != 0:
        raise BuildError(f"pandoc failed writing {to} for {page or 'the whole book'}:\n{stderr.strip()}")
    for line in filter(str.strip, stderr.splitlines()):
        print(f"  pandoc ({page or to}): {line}")
    return proc.stdout
