"""Runs pandoc (from pypandoc-binary) on assembled markdown: crossref.lua first, then citeproc."""

from __future__ import annotations

import functools
import importlib.util
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from bookbuild.errors import BuildError

LUA_FILTER = Path(__file__).with_name("crossref.lua")


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


def pandoc_version() -> str:
    out = subprocess.run([pandoc_path(), "--version"], capture_output=True, text=True, check=True).stdout
    return out.split()[1]


@dataclass(frozen=True)
class Citations:
    bibliography: str | None  # relative to the project root (pandoc runs there)
    csl: str | None


def convert_bytes(
    markdown: str,
    to: str,
    root: Path,
    xref_file: Path,
    page: str,
    citations: Citations,
    meta: dict[str, Any],
    extra: tuple[str, ...] = (),
) -> bytes:
    """pandoc's output as bytes: a fragment, or with `extra` such as `--standalone -o -` a whole document
    (a Word file, which is binary)."""
    header = "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=True) + "---\n\n" if meta else ""
    text = header + markdown
    args = ["--from", "markdown", "--to", to, "--wrap", "none", "--lua-filter", str(LUA_FILTER), *extra]
    args += ["--metadata", f"bookbuild-page={page}"]
    if citations.bibliography:
        # Order matters: the Lua filter must turn @fig-… into links before citeproc sees them.
        args += ["--citeproc", "--bibliography", citations.bibliography]
        if citations.csl:
            args += ["--csl", citations.csl]

    proc = subprocess.run(
        [pandoc_path(), *args, "--metadata", f"bookbuild-xref={xref_file}"],
        input=text.encode("utf-8"),
        capture_output=True,
        cwd=root,
        # Word files are zip archives stamped with a time: a fixed one, so equal books give equal bytes.
        env={**os.environ, "SOURCE_DATE_EPOCH": os.environ.get("SOURCE_DATE_EPOCH", "0")},
    )
    stderr = proc.stderr.decode("utf-8", errors="replace")
    if proc.returncode != 0:
        raise BuildError(f"pandoc failed writing {to} for {page or 'the whole book'}:\n{stderr.strip()}")
    for line in filter(str.strip, stderr.splitlines()):
        print(f"  pandoc ({page or to}): {line}")
    return proc.stdout


def convert(*args: Any, **kwargs: Any) -> str:
    """`convert_bytes` decoded: an HTML or Typst fragment, or a whole page with a template."""
    return convert_bytes(*args, **kwargs).decode()
