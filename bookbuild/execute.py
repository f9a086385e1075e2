"""Runs each chapter as a Jupyter notebook through nbclient, as Quarto's Jupyter engine does, and caches
what it displayed.

Chapters are independent (each starts from an empty namespace, `%reset -f`), so they are shared out
among up to two kernels that run side by side; a kernel is reused from one chapter to the next because
starting it and importing the analysis stack cost far more than most chapters. Cell options follow
Quarto's engine (src/resources/jupyter/notebook.py): `eval: false` cells are not sent to the kernel,
`error: true` adds the `raises-exception` tag, and an error output (e.g. raised by a display method)
fails the chapter unless errors are allowed. Inline `` `{python} expr` `` values come back as
`user_expressions` of one empty execute request.
"""

from __future__ import annotations

import ast
import asyncio
import hashlib
import importlib
import json
import os
import re
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from subprocess import DEVNULL
from typing import Any

from bookbuild import __version__
from bookbuild.errors import BuildError, ChapterError
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
    inline: list[list[str]] = field(default_factory=list)  # [kind ("md" | "text"), value]
    reads: list[str] = field(default_factory=list)  # resolved paths of the data files the chapter read
    seconds: float = 0.0


def import_from(root: Path, name: str):
    """Imports `name` from the project folder, even if a package of that name came from elsewhere."""
    if str(root) not in sys.path:
        sys.path.insert(0, str(root))
    top = sys.modules.get(name.split(".")[0])
    if top is not None and not str(getattr(top, "__file__", "") or "").startswith(str(root)):
        for mod in [m for m in sys.modules if m == top.__name__ or m.startswith(top.__name__ + ".")]:
            del sys.modules[mod]
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as err:
        if err.name and name.startswith(err.name):
            return None  # the project has no such module
        raise


def load_contract(root: Path) -> Any:
    """`analysis/build_contract.py`: the one place where the project tells bookbuild what its code reads."""
    if not (root / "analysis" / "build_contract.py").is_file():
        return None
    return import_from(root, "analysis.build_contract")


def prune_outputs(root: Path, recorded: list[str]) -> None:
    """Lets the project delete the files its chapters wrote in earlier builds and none recorded in this one
    (`prune_outputs` of its build contract, if it has one)."""
    contract = load_contract(root)
    if contract is not None and hasattr(contract, "prune_outputs"):
        contract.prune_outputs(sorted(set(recorded)))


def _client() -> type:
    """nbclient's client, imported only when a chapter must run (the import takes half a second, most of a
    build where nothing changed), noting when a cell ran past its time limit (it then interrupts the kernel)."""
    from nbclient import NotebookClient

    class Client(NotebookClient):
        timed_out = False

        async def _async_handle_timeout(self, timeout: int, cell: Any = None) -> Any:
            self.timed_out = True
            return await super()._async_handle_timeout(timeout, cell)

    return Client


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
        n = found
        path, line = qmd.origin(cell.line + n)
        lines = [f"{path}: {where}, line {line}: {what}", f"    {line} | {code[n - 1].strip()}"]
    else:
        path, line = qmd.origin(cell.line)
        lines = [f"{path}: {where} (opened on line {line}) failed: {what}"]
    if timeout is None:
        lines += ["  last lines of the traceback:", *("    " + t for t in trace[-12:])]
    return ChapterError("\n".join(lines))


def _kept(output: dict[str, Any]) -> dict[str, Any] | None:
    """The part of an nbformat output the assembly uses (the cache stores only this)."""
    kind = output["output_type"]
    if kind == "stream":
        return {"output_type": kind, "name": output["name"], "text": output["text"]}
    if kind in ("display_data", "execute_result"):
        return {"output_type": kind, "data": {m: v for m, v in output["data"].items() if m in KEPT_MIMES}}
    if kind == "error":
        return {
            "output_type": kind,
            "ename": output["ename"],
            "evalue": output["evalue"],
            "traceback": _traceback(output),
        }
    return None


def _inline_value(qmd: Qmd, expr: str, line: int, result: dict[str, Any]) -> list[str]:
    """As Quarto: `text/markdown` as markdown, else `text/plain`, a string's quotes removed (and escaped)."""
    if result.get("status") != "ok":
        path, line = qmd.origin(line)
        raise ChapterError(
            f"{path}: inline expression `{{python}} {expr}` on line {line} "
            f"failed: {result.get('ename')}: {result.get('evalue')}"
        )
    data = result.get("data", {})
    if "text/markdown" in data:
        return ["md", data["text/markdown"]]
    text = data.get("text/plain", "")
    if text[:1] in ("'", '"', "("):  # a str's repr (IPython wraps a long one in parentheses)
        try:
            value = ast.literal_eval(text)
        except (ValueError, SyntaxError):
            value = None
        if isinstance(value, str):
            return ["text", value]
    return ["md", text]


class Worker:
    """One kernel (started as Quarto's engine starts it) running chapters one after another."""

    def __init__(self, root: Path, timeout: float, env: dict[str, str], reads: Path | None) -> None:
        self.root = root
        import nbformat

        self.reads, self.env = reads, env
        # The `python3` kernelspec, as Quarto's engine uses it: jupyter_client starts it with this interpreter.
        self.client = _client()(
            nbformat.v4.new_notebook(),
            kernel_name="python3",
            timeout=timeout,
            interrupt_on_timeout=True,
            resources={"metadata": {"path": str(root)}},
        )

    async def start(self) -> None:
        self.client.create_kernel_manager()
        try:
            await self.client.async_start_new_kernel(stdout=DEVNULL, stderr=DEVNULL, env=self.env)
            await self.client.async_start_new_kernel_client()
        except RuntimeError as err:
            raise BuildError(f"the Jupyter kernel did not start: {err}") from None

    async def stop(self) -> None:
        await self.client._async_cleanup_kernel()

    async def _request(self, code: str, **kw: Any) -> dict[str, Any]:
        msg_id = self.client.kc.execute(code, silent=True, store_history=False, allow_stdin=False, **kw)
        reply = await self.client.async_wait_for_reply(msg_id)
        return reply["content"] if reply else {}

    async def run(self, qmd: Qmd, defaults: dict[str, Any]) -> Executed:
        import nbformat
        from nbclient.exceptions import CellExecutionError, DeadKernelError

        start = time.perf_counter()
        if self.reads is not None:
            self.reads.write_text("", encoding="utf-8")
        await self._request(RESET)
        # One code cell per `{python}` cell, its `#|` option lines left in: they are comments.
        self.client.nb = nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c.code) for c in qmd.cells])
        outputs: list[list[dict[str, Any]]] = []
        for index, (cell, nb_cell) in enumerate(zip(qmd.cells, nb.cells, strict=True)):
            opts = cell_options(defaults, qmd, cell)
            if not opts["eval"]:
                outputs.append([])
                continue
            if opts["error"]:
                nb_cell.metadata["tags"] = ["raises-exception"]
            self.client.timed_out = False
            try:
                await self.client.async_execute_cell(nb_cell, index)
                error = next((o for o in nb_cell.outputs if o["output_type"] == "error"), None)
            except CellExecutionError as err:
                # An exception in a display method reaches the reply as "NoneType: None"; the error
                # output the kernel sent before the reply names the real one.
                shown = [o for o in nb_cell.outputs if o["output_type"] == "error"]
                error = shown[0] if shown else {"ename": err.ename, "evalue": err.evalue, "traceback": []}
            except DeadKernelError:
                path, line = qmd.origin(cell.line)
                raise ChapterError(f"{path}: cell {cell.index} (line {line}): the Jupyter kernel died") from None
            if self.client.timed_out:
                raise _cell_error(qmd, cell, error or {}, self.client.timeout)
            if error is not None and not opts["error"]:
                raise _cell_error(qmd, cell, error)
            outputs.append([k for o in nb_cell.outputs if (k := _kept(o))])
        inlines = qmd.inlines
        values: list[list[str]] = []
        if inlines:
            reply = await self._request("", user_expressions={str(x.index): x.expr for x in inlines})
            results = reply.get("user_expressions", {})
            values = [_inline_value(qmd, x.expr, x.line, results.get(str(x.index), {})) for x in inlines]
        reads = []
        if self.reads is not None:
            lines = set(self.reads.read_text(encoding="utf-8").splitlines()) - {""}
            reads = sorted(_project_relative(self.root, p) for p in lines)
        return Executed(outputs, values, reads, time.perf_counter() - start)


def _file_digest(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return "missing"


def _project_relative(root: Path, path: str) -> str:
    """A file inside the project by its relative path (a copied project keeps its cache), else absolute."""
    try:
        return Path(path).relative_to(root).as_posix()
    except ValueError:
        return path


def base_key(root: Path, qmd: Qmd, defaults: dict[str, Any], contract: Any = None) -> str:
    """The part of the key known before running: the chapter's text (includes expanded), its execute
    options, the analysis code, the lock file, the Python and bookbuild versions and whatever the
    project's contract says decides which data files are read (its data folder)."""
    h = hashlib.sha256(f"bookbuild {__version__}\0{sys.version}\0{qmd.path}\0".encode())
    h.update(qmd.text.encode())
    h.update(json.dumps(defaults, sort_keys=True, default=str).encode())
    if contract is not None:
        h.update(json.dumps(contract.cache_inputs(), sort_keys=True).encode())
    files = [root / LOCK_FILE, *(p for p in (root / "analysis").rglob("*.py") if "__pycache__" not in p.parts)]
    for path in sorted(files):
        h.update(f"\0{path.relative_to(root).as_posix()}\0{_file_digest(path)}".encode())
    return h.hexdigest()


def chapter_key(root: Path, base: str, reads: list[str]) -> str:
    """Adds the resolved path and content of every data file the chapter read when it last ran."""
    h = hashlib.sha256(base.encode())
    for path in sorted(reads):
        h.update(f"\0{path}\0{_file_digest(root / path)}".encode())
    return h.hexdigest()


class Cache:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.directory = root / ".build" / "cache"

    def _file(self, qmd: Qmd) -> Path:
        return self.directory / (re.sub(r"[^\w.-]", "_", qmd.path) + ".json")

    def get(self, qmd: Qmd, base: str) -> Executed | None:
        try:
            entry = json.loads(self._file(qmd).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if entry.get("key") != chapter_key(self.root, base, entry.get("reads", [])):
            return None
        return Executed(entry["cells"], entry["inline"], entry["reads"])

    def put(self, qmd: Qmd, base: str, run: Executed) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        entry = {"key": chapter_key(self.root, base, run.reads), "path": qmd.path, "reads": run.reads}
        entry |= {"cells": run.cells, "inline": run.inline}
        # A unique temporary name: two builds writing the same entry never collide, and os.replace
        # means a killed build never leaves a half-written entry.
        fd, tmp = tempfile.mkstemp(dir=self.directory, prefix=self._file(qmd).name, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(json.dumps(entry, ensure_ascii=False, sort_keys=True))
        os.replace(tmp, self._file(qmd))


def kernel_env(root: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(root), *filter(None, [env.get("PYTHONPATH")])])
    env.setdefault("PYTHONHASHSEED", "0")  # stable set/dict orders in what chapters print
    env["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"  # silences a debugger warning on the kernel's stderr
    env["MPLBACKEND"] = "agg"
    return env


async def _run_all(
    root: Path, todo: list[tuple[Qmd, str]], defaults: dict[str, Any], options: dict[str, Any]
) -> dict[str, Executed]:
    contract, log, cache = options["contract"], options["log"], options["cache"]
    queue: asyncio.Queue[tuple[Qmd, str]] = asyncio.Queue()
    for item in todo:
        queue.put_nowait(item)
    results: dict[str, Executed] = {}
    failed: list[str] = []

    async def work(n: int, scratch: Path) -> None:
        env = kernel_env(root)
        reads = None
        if contract is not None:
            reads = scratch / f"reads-{n}.txt"
            env[contract.READS_ENV] = str(reads)
        worker = Worker(root, options["timeout"], env, reads)
        start = time.perf_counter()
        await worker.start()
        log(f"  kernel    {n + 1} started in {time.perf_counter() - start:.1f} s")
        try:
            while not queue.empty() and not failed:
                qmd, base = queue.get_nowait()
                log(f"  running   {qmd.path}")
                try:
                    run = await worker.run(qmd, defaults)
                except BaseException:
                    failed.append(qmd.path)  # the other kernel finishes its chapter, then stops
                    raise
                results[qmd.path] = run
                if cache:
                    cache.put(qmd, base, run)
                log(f"  executed  {qmd.path} in {run.seconds:.1f} s")
        finally:
            await worker.stop()

    with tempfile.TemporaryDirectory(prefix="bookbuild-reads-") as scratch:
        jobs = min(options["jobs"], len(todo))
        done = await asyncio.gather(*(work(n, Path(scratch)) for n in range(jobs)), return_exceptions=True)
    for error in done:
        if isinstance(error, BaseException):
            raise error
    return results


def execute_book(
    root: Path,
    qmds: list[Qmd],
    cache: Cache | None,
    log: Callable[[str], None],
    defaults: dict[str, Any] | None = None,
    timeout: float | None = None,
    jobs: int | None = None,
) -> dict[str, Executed]:
    """Runs (or takes from the cache) every chapter with code; starts kernels only if some must run."""
    defaults = dict(defaults or {})
    timeout = float(timeout or defaults.pop("timeout", None) or DEFAULT_TIMEOUT)
    defaults.pop("timeout", None)
    contract = load_contract(root)
    results: dict[str, Executed] = {}
    todo: list[tuple[Qmd, str]] = []
    for qmd in qmds:
        if not qmd.needs_kernel:
            results[qmd.path] = Executed()
            continue
        base = base_key(root, qmd, defaults, contract)
        hit = cache.get(qmd, base) if cache else None
        if hit:
            results[qmd.path] = hit
            log(f"  cached    {qmd.path}")
        else:
            todo.append((qmd, base))
    if todo:
        jobs = jobs or int(os.environ.get("BOOKBUILD_JOBS", 0)) or min(2, os.cpu_count() or 1)
        options = {"contract": contract, "log": log, "cache": cache, "timeout": timeout, "jobs": jobs}
        results |= asyncio.run(_run_all(root, todo, defaults, options))
    return {q.path: results[q.path] for q in qmds}
