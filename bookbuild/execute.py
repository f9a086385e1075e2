"""Runs each chapter as a notebook through nbclient, as Quarto's Jupyter engine does, and caches what it showed.

Chapters are independent (each starts with `%reset -f`), so up to two kernels share them out, each reused from one
chapter to the next: a kernel start and the analysis imports cost more than most chapters. Cell options follow
Quarto's engine (src/resources/jupyter/notebook.py): `eval: false` cells are not sent, `error: true` tags the cell
`raises-exception`, and an error output (a display method's too) fails the chapter unless errors are allowed.
Inline `` `{python} expr` `` values come back as `user_expressions` of one empty execute request.
"""

from __future__ import annotations

import ast
import asyncio
import hashlib
import json
import os
import re
import runpy
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from subprocess import DEVNULL
from types import SimpleNamespace
from typing import Any

from bookbuild import __version__
from bookbuild.errors import BuildError, ChapterError
from bookbuild.pandoc import escape_markdown
from bookbuild.qmd import Cell, Qmd, cell_options

KEPT_MIMES = ("text/html", "image/svg+xml", "image/png", "text/markdown", "text/plain")
ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
DEFAULT_TIMEOUT = 600  # seconds per cell; `execute: timeout:` in _quarto.yml or `--timeout`
LOCK_FILE = "requirements/render.txt"
RESET = "get_ipython().run_line_magic('reset', '-f')"


@dataclass
class Executed:
    """What a chapter's code produced: nbformat outputs per cell and each inline expression's value."""

    cells: list[list[dict[str, Any]]] = field(default_factory=list)
    inline: list[str] = field(default_factory=list)  # each inline expression's value, as markdown
    reads: list[str] = field(default_factory=list)  # the data files the chapter read (project-relative inside it)


def load_contract(root: Path) -> SimpleNamespace | None:
    """The project's `analysis/build_contract.py`, the one place its code and bookbuild meet (read its docstring),
    run as a file of its own: it imports nothing of the analysis, so nothing is looked up in `sys.modules`."""
    path = root / "analysis" / "build_contract.py"
    return SimpleNamespace(**runpy.run_path(str(path))) if path.is_file() else None


def _traceback(content: dict[str, Any]) -> list[str]:
    return "\n".join(ANSI.sub("", t) for t in content.get("traceback", [])).splitlines()


def _cell_error(qmd: Qmd, cell: Cell, content: dict[str, Any], timeout: float | None = None) -> ChapterError:
    trace = _traceback(content)
    where = f"cell {cell.index}" + (f" ({cell.label})" if cell.label else "")
    what = f"{content.get('ename')}: {content.get('evalue')}"
    if timeout is not None:
        what = f"still running after the time limit of {timeout:g} s (execute: timeout in _quarto.yml, or --timeout)"
    found = next((int(m.group(1)) for t in trace for m in [re.search(r"Cell In\[\d+\], line (\d+)", t)] if m), 0)
    code = cell.code.splitlines()
    if 0 < found <= len(code):
        path, line = qmd.origin(cell.line + cell.option_lines + found)
        lines = [f"{path}: {where}, line {line}: {what}", f"    {line} | {code[found - 1].strip()}"]
    else:
        path, line = qmd.origin(cell.line)
        lines = [f"{path}: {where} (opened on line {line}) failed: {what}"]
    if timeout is None:
        lines += ["  last lines of the traceback:", *("    " + t for t in trace[-12:])]
    return ChapterError("\n".join(lines))


def _kept(output: dict[str, Any]) -> dict[str, Any]:
    """The part of an nbformat output the assembly uses (the cache stores only this)."""
    kind = output["output_type"]
    if kind == "stream":
        return {"output_type": kind, "name": output["name"], "text": output["text"]}
    if kind == "error":
        return {**{k: output[k] for k in ("output_type", "ename", "evalue")}, "traceback": _traceback(output)}
    return {"output_type": kind, "data": {m: v for m, v in output["data"].items() if m in KEPT_MIMES}}


def _inline_value(qmd: Qmd, expr: str, line: int, result: dict[str, Any]) -> str:
    """The value as Quarto inserts it: `text/markdown` as it is, else `text/plain`, a string's text escaped."""
    if result.get("status") != "ok":
        path, line = qmd.origin(line)
        raise ChapterError(
            f"{path}: inline expression `{{python}} {expr}` on line {line} "
            f"failed: {result.get('ename')}: {result.get('evalue')}"
        )
    data = result.get("data", {})
    if "text/markdown" in data:
        return data["text/markdown"]
    text = data.get("text/plain", "")
    try:  # a str's repr (IPython wraps a long one in parentheses)
        value = ast.literal_eval(text) if text[:1] in ("'", '"', "(") else None
    except (ValueError, SyntaxError):
        value = None
    return escape_markdown(value) if isinstance(value, str) else text


async def _request(client: Any, code: str, **kw: Any) -> dict[str, Any]:
    msg_id = client.kc.execute(code, silent=True, store_history=False, allow_stdin=False, **kw)
    reply = await client.async_wait_for_reply(msg_id)
    return reply["content"] if reply else {}


async def _run(client: Any, qmd: Qmd, defaults: dict[str, Any], root: Path, reads: Path | None) -> Executed:
    """One chapter in a started kernel: its cells one by one, then its inline expressions."""
    import nbformat
    from nbclient.exceptions import CellExecutionError, DeadKernelError

    run = Executed()
    if reads is not None:
        reads.write_text("", encoding="utf-8")
    await _request(client, RESET)
    client.nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c.code) for c in qmd.cells])
    for index, (cell, nb_cell) in enumerate(zip(qmd.cells, client.nb.cells, strict=True)):
        opts = cell_options(defaults, qmd, cell)
        if opts["error"]:
            nb_cell.metadata["tags"] = ["raises-exception"]
        error, began = None, time.perf_counter()
        try:
            if opts["eval"]:
                await client.async_execute_cell(nb_cell, index)
        except CellExecutionError as err:
            error = {"ename": err.ename, "evalue": err.evalue}
        except DeadKernelError:
            path, line = qmd.origin(cell.line)
            raise ChapterError(f"{path}: cell {cell.index} (line {line}): the Jupyter kernel died") from None
        # The error output names the real exception, where the reply says "NoneType: None" (a display method's).
        error = next((o for o in nb_cell.outputs if o["output_type"] == "error"), error)
        if error is not None and time.perf_counter() - began >= client.timeout:  # interrupted
            raise _cell_error(qmd, cell, error, client.timeout)
        if error is not None and not opts["error"]:
            raise _cell_error(qmd, cell, error)
        run.cells.append([_kept(o) for o in nb_cell.outputs])
    if qmd.inlines:
        reply = await _request(client, "", user_expressions={str(k): x.expr for k, x in enumerate(qmd.inlines)})
        results = reply.get("user_expressions", {})
        run.inline = [_inline_value(qmd, x.expr, x.line, results.get(str(k), {})) for k, x in enumerate(qmd.inlines)]
    if reads is not None:  # a file inside the project by its relative path (a copied project keeps its cache)
        paths = {Path(p) for p in reads.read_text(encoding="utf-8").splitlines() if p}
        run.reads = sorted(p.relative_to(root).as_posix() if p.is_relative_to(root) else str(p) for p in paths)
    return run


def _file_digest(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return "missing"


def base_key(root: Path, qmd: Qmd, defaults: dict[str, Any], contract: Any = None) -> str:
    """The part of the key known before running: the chapter's text (includes expanded), its execute options, the
    analysis code, the lock file, the Python and bookbuild versions, bookbuild's own code that runs chapters and
    what the project's contract says decides which data files are read (its data folder)."""
    h = hashlib.sha256(f"bookbuild {__version__}\0{sys.version}\0{qmd.path}\0{qmd.text}".encode())
    h.update(json.dumps([defaults, contract.cache_inputs() if contract else []], sort_keys=True, default=str).encode())
    files = [root / LOCK_FILE, *(p for p in (root / "analysis").rglob("*.py") if "__pycache__" not in p.parts)]
    for path in sorted(files):
        h.update(f"\0{path.relative_to(root).as_posix()}\0{_file_digest(path)}".encode())
    for module in ("execute.py", "qmd.py"):  # what runs a chapter, and what an entry holds
        h.update(f"\0{module}\0{_file_digest(Path(__file__).with_name(module))}".encode())
    return h.hexdigest()


def chapter_key(root: Path, base: str, reads: list[str]) -> str:
    """Adds the resolved path and content of every data file the chapter read when it last ran."""
    h = hashlib.sha256(base.encode())
    for path in sorted(reads):
        h.update(f"\0{path}\0{_file_digest(root / path)}".encode())
    return h.hexdigest()


class Cache:
    """A chapter's outputs in `.build/cache/<chapter>.json`, valid while its key holds."""

    def __init__(self, root: Path) -> None:
        self.root, self.directory = root, root / ".build" / "cache"

    def _file(self, qmd: Qmd) -> Path:
        return self.directory / (re.sub(r"[^\w.-]", "_", qmd.path) + ".json")

    def get(self, qmd: Qmd, base: str) -> Executed | None:
        try:
            entry = json.loads(self._file(qmd).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        valid = entry.get("key") == chapter_key(self.root, base, entry.get("reads", []))
        return Executed(entry["cells"], entry["inline"], entry["reads"]) if valid else None

    def put(self, qmd: Qmd, base: str, run: Executed) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        entry = {"key": chapter_key(self.root, base, run.reads), "path": qmd.path, "reads": run.reads}
        # A unique temporary name: two builds writing one entry never collide, and a killed build never leaves
        # a half-written one.
        fd, tmp = tempfile.mkstemp(dir=self.directory, prefix=self._file(qmd).name, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(json.dumps(entry | {"cells": run.cells, "inline": run.inline}, ensure_ascii=False, sort_keys=True))
        os.replace(tmp, self._file(qmd))


def execute_book(
    root: Path,
    qmds: list[Qmd],
    cache: Cache | None,
    log: Callable[[str], None],
    defaults: dict[str, Any] | None = None,
    timeout: float | None = None,
    jobs: int | None = None,
    contract: Any = None,
) -> dict[str, Executed]:
    """Runs (or takes from the cache) every chapter with code; starts kernels only if some must run."""
    defaults = dict(defaults or {})
    timeout = float(timeout or defaults.pop("timeout", None) or DEFAULT_TIMEOUT)
    defaults.pop("timeout", None)
    results = {q.path: Executed() for q in qmds if not (q.cells or q.inlines)}  # nothing to run
    todo: list[tuple[Qmd, str]] = []
    for qmd in (q for q in qmds if q.path not in results):
        base = base_key(root, qmd, defaults, contract)
        if hit := cache.get(qmd, base) if cache else None:
            results[qmd.path] = hit
            log(f"  cached    {qmd.path}")
        else:
            todo.append((qmd, base))

    async def work(n: int, scratch: str) -> None:
        """One kernel (the `python3` kernelspec, started with this interpreter, as Quarto's engine starts it)
        running chapters one after another."""
        import nbformat  # with nbclient, imported only when a chapter must run: half a second
        from nbclient import NotebookClient

        env = dict(os.environ, PYDEVD_DISABLE_FILE_VALIDATION="1", MPLBACKEND="agg")  # no debugger warning
        env["PYTHONPATH"] = os.pathsep.join([str(root), *filter(None, [os.environ.get("PYTHONPATH")])])
        env.setdefault("PYTHONHASHSEED", "0")  # stable set/dict orders in what chapters print
        reads = Path(scratch, f"reads-{n}.txt") if contract is not None else None
        if reads is not None:  # the analysis appends each file it reads to the file this variable names
            env[contract.READS_ENV] = str(reads)
        client = NotebookClient(
            nbformat.v4.new_notebook(),
            kernel_name="python3",
            timeout=timeout,
            interrupt_on_timeout=True,  # the interrupted cell's traceback names the line it was running
            resources={"metadata": {"path": str(root)}},
        )
        start = time.perf_counter()
        client.create_kernel_manager()
        try:
            try:
                await client.async_start_new_kernel(stdout=DEVNULL, stderr=DEVNULL, env=env)
                await client.async_start_new_kernel_client()
            except RuntimeError as err:
                raise BuildError(f"the Jupyter kernel did not start: {err}") from None
            log(f"  kernel    {n + 1} started in {time.perf_counter() - start:.1f} s")
            while todo:
                (qmd, base), start = todo.pop(0), time.perf_counter()
                log(f"  running   {qmd.path}")
                try:
                    results[qmd.path] = run = await _run(client, qmd, defaults, root, reads)
                except BaseException:
                    todo.clear()  # the other kernel finishes its chapter, then stops
                    raise
                if cache:
                    cache.put(qmd, base, run)
                log(f"  executed  {qmd.path} in {time.perf_counter() - start:.1f} s")
        finally:
            await client._async_cleanup_kernel()

    async def run_all(scratch: str) -> None:
        kernels = min(jobs or int(os.environ.get("BOOKBUILD_JOBS", 0)) or min(2, os.cpu_count() or 1), len(todo))
        for error in await asyncio.gather(*(work(n, scratch) for n in range(kernels)), return_exceptions=True):
            if isinstance(error, BaseException):
                raise error

    if todo:
        with tempfile.TemporaryDirectory(prefix="bookbuild-") as scratch:
            asyncio.run(run_all(scratch))
    return {q.path: results[q.path] for q in qmds}
