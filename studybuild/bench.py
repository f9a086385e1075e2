"""`python -m studybuild.bench`: times rebuilds of a copy of the project against the engines' floor.

Builds run in a temporary copy (the project itself is not touched): cold (empty cache), unchanged,
after editing one chapter, and after editing one data file a chapter reads. Then the scale runs (alone with
`--scale`): cold builds with `economy.csv` grown to 20,000 rows and `events.csv` to 50,000. The floor is what the
engines cost at the least: starting a kernel and importing the analysis, one pandoc run, one Typst run.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from studybuild import fresh
from studybuild.bench_quarto import find_quarto, quarto_rows

IGNORE = shutil.ignore_patterns(".git", ".build", "_book", ".nox", "__pycache__", ".pytest_cache", ".ruff_cache")


def _render(project: Path) -> tuple[float, list[str]]:
    """Wall time of one build, and the chapters it executed (rather than took from the cache)."""
    start = time.perf_counter()
    command = [sys.executable, "-m", "studybuild", "render", "--offline", "--project", str(project)]
    proc = subprocess.run(command, capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(f"the build failed:\n{proc.stdout}\n{proc.stderr}")
    executed = [line.split()[1] for line in proc.stdout.splitlines() if line.strip().startswith("executed")]
    return time.perf_counter() - start, executed


#: The scale runs: a table (its key column) grown to this many rows by repeating its rows under new keys, and
#: the most seconds its cold build may take (None: it must only succeed). Every run must stay under 1 GiB.
SCALE = {"economy": ("figure_id", 20_000, 60.0), "events": ("event_id", 50_000, None)}
SCALE_TARGET_MIB = 1024


def grow_table(path: Path, key: str, rows: int) -> None:
    """Repeats the rows of the CSV at `path` until it has `rows` data rows; copies get keys `<key>_<n>`."""
    table = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    header, body = table[0], table[1:]
    i = header.index(key)
    grown = [*body]
    while len(grown) < rows:
        row = list(body[len(grown) % len(body)])
        row[i] = f"{row[i]}_{len(grown)}"
        grown.append(row)
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows([header, *grown])
    path.write_text(buf.getvalue(), encoding="utf-8")


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def _cold_build(source: Path, grow: tuple[str, str, int] | None) -> tuple[float, float, float] | str:
    """Seconds, peak MiB and CPU seconds of a cold build of a copy of `source`, one table grown; the log if
    it failed."""
    with tempfile.TemporaryDirectory(prefix="bookbuild-scale-") as tmp:
        project = Path(tmp) / "project"
        shutil.copytree(source, project, ignore=IGNORE)
        if grow:
            name, key, rows = grow
            grow_table(project / "data" / f"{name}.csv", key, rows)
        # in its own process, so that the peak memory is this build's alone
        code = f"import sys; from studybuild.bench import _timed; sys.exit(_timed({str(project)!r}))"
        proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
        if proc.returncode != 0:
            return proc.stdout + proc.stderr
        seconds, peak, cpu = (float(x) for x in proc.stdout.split())
        return seconds, peak, cpu


def scale_runs(source: Path) -> int:
    """Cold builds of copies whose one table is grown to `SCALE` rows, beside a cold build of the data as
    shipped (on a busy machine, compare the two); 1 if a run fails or misses its target."""
    failed = 0
    reference = _cold_build(source, None)
    if isinstance(reference, str):
        print(f"scale: the reference build failed\n{reference}")
        return 1
    seconds, peak, cpu = reference
    print(f"scale: data as shipped: cold build {seconds:.1f} s ({cpu:.1f} s CPU), peak {peak:.0f} MiB")
    for name, (key, rows, target_s) in SCALE.items():
        if not (source / "data" / f"{name}.csv").is_file():
            continue
        run = _cold_build(source, (name, key, rows))
        if isinstance(run, str):
            print(f"scale: {name}.csv at {rows:,} rows: the build failed\n{run}")
            failed = 1
            continue
        seconds, peak, cpu = run
        ok = (target_s is None or seconds < target_s) and peak < SCALE_TARGET_MIB
        failed |= not ok
        target = f"< {target_s:.0f} s and " if target_s else ""
        print(
            f"scale: {name}.csv at {rows:,} rows: cold build {seconds:.1f} s ({cpu:.1f} s CPU; "
            f"{seconds / reference[0]:.1f} x the data as shipped), peak {peak:.0f} MiB "
            f"(target {target}< {SCALE_TARGET_MIB} MiB){'' if ok else '  MISSED'}"
        )
    return failed


def _timed(project: str) -> int:
    seconds, _ = _render(Path(project))
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(seconds, _peak_mib(), usage.ru_utime + usage.ru_stime)
    return 0


def _floor(project: Path) -> dict[str, float]:
    from bookbuild.execute import execute_book
    from bookbuild.pandoc import pandoc_path
    from bookbuild.qmd import parse_qmd

    imports = "pass"
    if (project / "analysis").is_dir():
        imports = (
            "import analysis, importlib, pkgutil\n"
            "[importlib.import_module('analysis.' + m.name) for m in pkgutil.iter_modules("
            "analysis.__path__) if m.name != '__main__']"
        )
    times = {}
    start = time.perf_counter()
    execute_book(project, [parse_qmd("floor.qmd", f"```{{python}}\n{imports}\n```\n")], None, lambda _: None, jobs=1)
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
    parser = argparse.ArgumentParser(prog="python -m studybuild.bench", description=__doc__)
    parser.add_argument("--project", type=Path, default=Path("."), help="project folder (default: .)")
    parser.add_argument("--no-quarto", action="store_true", help="time the offline builder only")
    parser.add_argument(
        "--scale",
        action="store_true",
        help=f"only the scale runs: {', '.join(f'{n}.csv at {r:,} rows' for n, (_, r, _) in SCALE.items())}",
    )
    args = parser.parse_args(argv)
    quarto = None if args.no_quarto else find_quarto()
    source = args.project.resolve()
    if args.scale:
        return scale_runs(source)
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
        # pandoc and Typst alone on the already-executed book: chapters cached, the book not up to date
        (project / fresh.KEY_FILE).unlink()
        convert, _ = _render(project)
        floor = _floor(project)
        edited = entries[-1]["path"] if entries else None
        timed_quarto = quarto_rows(source, Path(tmp), quarto, edited, data[0] if data else None) if quarto else []
    floor["pandoc + Typst on the executed book (chapters cached)"] = convert
    peak_mb = _peak_mib()
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
    print(f"floor total {total:.2f} s; cold build = {cold / total:.1f} x floor (target <= 2 x)")
    print(f"peak memory of any one process: {peak_mb:.0f} MiB (target < 1024 MiB)")
    if not timed_quarto:
        print("quarto: not timed (" + ("--no-quarto" if args.no_quarto else "not installed") + ")")
        return 0
    print("the same builds with Quarto (nox -s render's path: freeze, thawed by studybuild), measured in this run:")
    for (name, seconds, executed), offline in zip(timed_quarto, rows, strict=False):
        ratio = f"{seconds / offline[1]:5.1f} x offline, {seconds / total:5.1f} x floor"
        print(f"  {name:<{width - 2}}{seconds:6.2f} s   {ratio}   executed: {', '.join(executed) or 'nothing'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
