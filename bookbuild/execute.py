"""Runs the chapters' Python in one Jupyter kernel and caches what each chapter displayed.

One kernel serves the whole book because starting it and importing the analysis stack cost far more
than the chapters themselves; every chapter still starts from an empty namespace (`%reset -f`).
A chapter is re-run only when its cache key changes (see `chapter_key`).
"""

from __future__ import annotations

import ast
import hashlib
import json
import os
import queue
import re
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from subprocess import DEVNULL
from typing import Any

from jupyter_client import BlockingKernelClient, KernelManager
from jupyter_client.kernelspec import KernelSpec, KernelSpecManager

from bookbuild import __version__
from bookbuild.errors import BuildError, ChapterError
from bookbuild.qmd import Cell, Qmd

KEPT_MIMES = ("text/html", "image/svg+xml", "image/png", "text/markdown", "text/plain")
ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")

# Installed once per kernel as a module, so `%reset -f` between chapters cannot remove it.
KERNEL_HELPERS = '''
import json as _json, sys as _sys, types as _types
_m = _types.ModuleType("_bookbuild_kernel")
exec("""
import json, sys

def reset():
    data = sys.modules.get("analysis.data")
    if hasattr(data, "reset_accessed"):
        data.reset_accessed()

def accessed():
    data = sys.modules.get("analysis.data")
    files = data.accessed_files() if hasattr(data, "accessed_files") else []
    return json.dumps(sorted(str(f) for f in files))

def inline(value):
    if isinstance(value, str):
        return json.dumps(["md", value])
    markdown = getattr(value, "_repr_markdown_", None)
    if callable(markdown):
        text = markdown()
        return json.dumps(["md", text[0] if isinstance(text, tuple) else (text or "")])
    return json.dumps(["text", str(value)])
""", _m.__dict__)
_sys.modules["_bookbuild_kernel"] = _m
del _json, _sys, _types, _m
'''
RESET = "get_ipython().run_line_magic('reset', '-f')\n__import__('_bookbuild_kernel').reset()"


@dataclass
class Executed:
    """What a chapter's code produced: the outputs of each cell and the value of each inline expression."""

    cells: list[list[dict[str, Any]]] = field(default_factory=list)
    inline: list[list[str]] = field(default_factory=list)  # [kind ("md" | "text"), value]
    accessed: list[str] = field(default_factory=list)
    seconds: float = 0.0
    status: str = "no code"  # executed | cached | no code


class _PythonSpecs(KernelSpecManager):
    """Always the interpreter running bookbuild, whatever kernelspecs the machine has installed."""

    def get_kernel_spec(self, kernel_name: str) -> KernelSpec:
        return KernelSpec(
            argv=[sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
            display_name="Python 3",
            language="python",
        )


class Kernel:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.km = KernelManager(kernel_name="python3", kernel_spec_manager=_PythonSpecs())
        self.kc: BlockingKernelClient | None = None

    def __enter__(self) -> Kernel:
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join([str(self.root), *filter(None, [env.get("PYTHONPATH")])])
        env.setdefault("PYTHONHASHSEED", "0")  # stable set/dict orders in what chapters print
        env["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"  # silences a debugger warning on the kernel's stderr
        env["MPLBACKEND"] = "agg"
        self.km.start_kernel(cwd=str(self.root), env=env, stdout=DEVNULL, stderr=DEVNULL)
        self.kc = self.km.client()
        self.kc.start_channels()
        try:
            self.kc.wait_for_ready(timeout=120)
        except RuntimeError as err:
            self.__exit__()
            raise BuildError(f"the Jupyter kernel did not start: {err}") from None
        self.run(KERNEL_HELPERS, silent=True)
        return self

    def __exit__(self, *exc: object) -> None:
        if self.kc is not None:
            self.kc.stop_channels()
        self.km.shutdown_kernel(now=True)

    def run(
        self, code: str, silent: bool = False, user_expressions: dict[str, str] | None = None
    ) -> tuple[list[dict[str, Any]], dict[str, Any]]:
        """Executes code; returns its outputs (stdout, displays, results; never stderr) and the reply."""
        msg_id = self.kc.execute(
            code, silent=silent, store_history=not silent, allow_stdin=False, user_expressions=user_expressions or {}
        )
        outputs: list[dict[str, Any]] = []
        while True:
            try:
                msg = self.kc.get_iopub_msg(timeout=1)
            except queue.Empty:
                if not self.km.is_alive():
                    raise BuildError("the Jupyter kernel died while running the chapters") from None
                continue
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            kind, content = msg["msg_type"], msg["content"]
            if kind == "status" and content["execution_state"] == "idle":
                break
            if kind == "stream" and content["name"] == "stdout":
                if outputs and outputs[-1]["output_type"] == "stream":
                    outputs[-1]["text"] += content["text"]
                else:
                    outputs.append({"output_type": "stream", "text": content["text"]})
            elif kind in ("display_data", "execute_result"):
                data = {m: v for m, v in content["data"].items() if m in KEPT_MIMES}
                outputs.append({"output_type": kind, "data": data})
            elif kind == "clear_output":
                outputs.clear()
        while True:
            reply = self.kc.get_shell_msg(timeout=60)
            if reply["parent_header"].get("msg_id") == msg_id:
                return outputs, reply["content"]


def _cell_error(qmd: Qmd, cell: Cell, content: dict[str, Any]) -> ChapterError:
    trace = [ANSI.sub("", t) for t in content.get("traceback", [])]
    where = f"cell {cell.index}" + (f" ({cell.label})" if cell.label else "")
    found = next((m for t in trace for m in [re.search(r"Cell In\[\d+\], line (\d+)", t)] if m), None)
    lines = [f"{qmd.path}: {where} failed: {content.get('ename')}: {content.get('evalue')}"]
    if found:
        n = int(found.group(1))
        qline = cell.line + n
        code = cell.code.splitlines()
        shown = code[n - 1].strip() if 0 < n <= len(code) else ""
        lines[0] = f"{qmd.path}: {where}, line {qline}: {content.get('ename')}: {content.get('evalue')}"
        lines.append(f"    {qline} | {shown}")
    tail = "\n".join(trace).strip().splitlines()[-12:]
    lines += ["  last lines of the traceback:", *("    " + t for t in tail)]
    return ChapterError("\n".join(lines))


def run_chapter(kernel: Kernel, qmd: Qmd) -> Executed:
    start = time.perf_counter()
    kernel.run(RESET, silent=True)
    cells = []
    for cell in qmd.cells:
        outputs, reply = kernel.run(cell.code)
        if reply.get("status") != "ok":
            raise _cell_error(qmd, cell, reply)
        cells.append(outputs)
    inlines = qmd.inlines
    exprs = {f"i{x.index}": f"__import__('_bookbuild_kernel').inline((\n{x.expr}\n))" for x in inlines}
    exprs["accessed"] = "__import__('_bookbuild_kernel').accessed()"
    _, reply = kernel.run("", user_expressions=exprs)
    results = reply.get("user_expressions", {})
    values = []
    for x in inlines:
        res = results.get(f"i{x.index}", {})
        if res.get("status") != "ok":
            raise ChapterError(
                f"{qmd.path}: inline expression `{{python}} {x.expr}` on line {x.line} "
                f"failed: {res.get('ename')}: {res.get('evalue')}"
            )
        values.append(json.loads(ast.literal_eval(res["data"]["text/plain"])))
    accessed_res = results["accessed"]
    accessed = (
        json.loads(ast.literal_eval(accessed_res["data"]["text/plain"])) if accessed_res.get("status") == "ok" else []
    )
    return Executed(cells, values, accessed, time.perf_counter() - start, "executed")


def _file_digest(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return "missing"


def base_key(root: Path, qmd: Qmd) -> str:
    """The part of the key known before running: chapter text, analysis code, bookbuild version."""
    h = hashlib.sha256(f"bookbuild {__version__}\0{qmd.path}\0".encode())
    h.update(qmd.text.encode())
    for path in sorted((root / "analysis").rglob("*.py")):
        if "__pycache__" not in path.parts:
            h.update(f"\0{path.relative_to(root).as_posix()}\0".encode())
            h.update(path.read_bytes())
    return h.hexdigest()


def chapter_key(root: Path, base: str, accessed: list[str]) -> str:
    """Adds the content of every data file the chapter read last time it ran."""
    h = hashlib.sha256(base.encode())
    for rel in sorted(accessed):
        h.update(f"\0{rel}\0{_file_digest(root / rel)}".encode())
    return h.hexdigest()


class Cache:
    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def _file(self, qmd: Qmd) -> Path:
        return self.directory / (re.sub(r"[^\w.-]", "_", qmd.path) + ".json")

    def get(self, root: Path, qmd: Qmd, base: str) -> Executed | None:
        try:
            entry = json.loads(self._file(qmd).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if entry.get("key") != chapter_key(root, base, entry.get("accessed", [])):
            return None
        return Executed(entry["cells"], entry["inline"], entry["accessed"], 0.0, "cached")

    def put(self, root: Path, qmd: Qmd, base: str, run: Executed) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        entry = {
            "key": chapter_key(root, base, run.accessed),
            "path": qmd.path,
            "accessed": run.accessed,
            "cells": run.cells,
            "inline": run.inline,
        }
        tmp = self._file(qmd).with_suffix(".tmp")
        tmp.write_text(json.dumps(entry, ensure_ascii=False, sort_keys=True), encoding="utf-8")
        os.replace(tmp, self._file(qmd))  # a killed build never leaves a half-written entry


def execute_book(root: Path, qmds: list[Qmd], cache: Cache | None, log: Callable[[str], None]) -> dict[str, Executed]:
    """Runs (or takes from the cache) every chapter with code; starts a kernel only if one must run."""
    results: dict[str, Executed] = {}
    todo: list[tuple[Qmd, str]] = []
    for qmd in qmds:
        if not qmd.needs_kernel:
            results[qmd.path] = Executed()
            continue
        base = base_key(root, qmd)
        hit = cache.get(root, qmd, base) if cache else None
        if hit:
            results[qmd.path] = hit
            log(f"  cached    {qmd.path}")
        else:
            todo.append((qmd, base))
    if todo:
        start = time.perf_counter()
        with Kernel(root) as kernel:
            log(f"  kernel    started in {time.perf_counter() - start:.1f} s")
            for qmd, base in todo:
                run = run_chapter(kernel, qmd)
                results[qmd.path] = run
                if cache:
                    cache.put(root, qmd, base, run)
                log(f"  executed  {qmd.path} in {run.seconds:.1f} s")
    return results
