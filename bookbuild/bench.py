"""`python -m bookbuild.bench`: times rebuilds of a copy of the project against the engines' floor.

Builds run in a temporary copy (the project itself is not touched): cold (empty cache), unchanged,
after editing one chapter, and after editing one data file a chapter reads. The floor is what the
engines cost at the least: starting a kernel and importing the analysis, one pandoc run, one Typst run.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bookbuild.bench_quarto import find_quarto, quarto_rows

IGNORE = shutil.ignore_patterns(".git", ".build", "_book", ".nox", "__pycache__", ".pytest_cache", ".ruff_cache")


def _render(project: Path) -> tuple[float, list[str]]:
    """Wall time of one build, and the chapters it executed (rather than took from the cache)."""
    start = time.perf_counter()
    command = [sys.executable, "-m", "bookbuild", "render", "--offline", "--project", str(project)]
    proc = subprocess.run(command, capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(f"the build failed:\n{proc.stdout}\n{proc.stderr}")
    executed = [line.split()[1] for line in proc.stdout.splitlines() if line.strip().startswith("executed")]
    return time.perf_counter() - start, executed


def _floor(project: Path) -> dict[str, float]:
    from bookbuild.execute import Worker, kernel_env
    from bookbuild.pandoc import pandoc_path

    async def kernel() -> None:
        worker = Worker(project, 600, kernel_env(project), None)
        await worker.start()
        if (project / "analysis").is_dir():
            await worker._request(
                "import analysis, importlib, pkgutil\n"
                "[importlib.import_module('analysis.' + m.name) for m in pkgutil.iter_modules("
                "analysis.__path__) if m.name != '__main__']"
            )
        await worker.stop()

    times = {}
    start = time.perf_counter()
    asyncio.run(kernel())
    times["kernel start + analysis imports"] = time.perf_counter() - start
    start = time.perf_counter()
    subprocess.run([pandoc_path(), "-t", "html5"], input="# x\n", capture_output=True, text=True, check=True)
    times["one pandoc run"] = time.perf_counter() - start
    import typst

    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "x.typ").write_text("= x\n")
        start = time.perf_counter()
        typst.compile(str(Path(tmp) / "x.typ"), root=tmp, ignore_system_fonts=True)
        times["one typst run"] = time.perf_counter() - start
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bookbuild.bench", description=__doc__)
    parser.add_argument("--project", type=Path, default=Path("."), help="project folder (default: .)")
    parser.add_argument("--no-quarto", action="store_true", help="time the offline builder only")
    args = parser.parse_args(argv)
    quarto = None if args.no_quarto else find_quarto()
    source = args.project.resolve()
    rows: list[tuple[str, float, list[str]]] = []
    with tempfile.TemporaryDirectory(prefix="bookbuild-bench-") as tmp:
        project = Path(tmp) / "project"
        shutil.copytree(source, project, ignore=IGNORE)
        rows.append(("cold build (empty cache)", *_render(project)))
        rows.append(("nothing changed", *_render(project)))
        cache = sorted((project / ".build" / "cache").glob("*.json"))
        entries = [json.loads(p.read_text(encoding="utf-8")) for p in cache]
        if entries:
            chapter = project / entries[-1]["path"]
            chapter.write_text(chapter.read_text(encoding="utf-8") + "\n<!-- bench -->\n", encoding="utf-8")
            rows.append((f"one chapter edited ({entries[-1]['path']})", *_render(project)))
        data = sorted({f for e in entries for f in e["reads"]})
        if data:
            path = project / data[0]
            path.write_bytes(path.read_bytes() + b"\n")  # a blank line: new content, same table
            readers = sorted(e["path"] for e in entries if data[0] in e["reads"])
            rows.append((f"one dataset edited ({data[0]}, read by {len(readers)} chapter(s))", *_render(project)))
        # pandoc and Typst alone on the already-executed book: chapters cached, conversions not
        shutil.rmtree(project / ".build" / "cache" / "converted", ignore_errors=True)
        convert, _ = _render(project)
        floor = _floor(project)
        edited = entries[-1]["path"] if entries else None
        timed_quarto = quarto_rows(source, Path(tmp), quarto, edited, data[0] if data else None) if quarto else []
    floor["pandoc + Typst on the executed book (chapters cached)"] = convert
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    width = max(len(name) for name in [*(r[0] for r in rows), *floor]) + 2
    for name, seconds, executed in rows:
        print(f"{name:<{width}}{seconds:6.2f} s   executed: {', '.join(executed) or 'nothing'}")
    if data:
        print(f"  chapters that read {data[0]}: {', '.join(readers)}")
    print("floor:")
    for name, seconds in floor.items():
        print(f"  {name:<{width - 2}}{seconds:6.2f} s")
    total = floor["kernel start + analysis imports"] + convert
    cold = rows[0][1]
    print(f"floor total {total:.2f} s; cold build = {cold / total:.1f} x floor (target <= 3 x and < 30 s)")
    print(f"peak memory of any one process: {peak_mb:.0f} MiB (target < 1024 MiB)")
    if not timed_quarto:
        print("quarto: not timed (" + ("--no-quarto" if args.no_quarto else "not installed") + ")")
        return 0
    print("the same builds with Quarto (nox -s render's path: freeze, thawed by bookbuild), measured in this run:")
    for (name, seconds, executed), offline in zip(timed_quarto, rows, strict=False):
        ratio = f"{seconds / offline[1]:5.1f} x offline, {seconds / total:5.1f} x floor"
        print(f"  {name:<{width - 2}}{seconds:6.2f} s   {ratio}   executed: {', '.join(executed) or 'nothing'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
