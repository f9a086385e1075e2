"""`python -m studybuild render|prepare`: exit 0 ok, 1 other failure, 2 bad data, 3 failing chapter,
4 malformed configuration."""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import time
from pathlib import Path

from bookbuild import __version__
from bookbuild.errors import BuildError, ConfigError
from bookbuild.project import Project, load_project
from studybuild import fresh
from studybuild.prepare import prepare
from studybuild.publish import build_lock, check_output, describe, new_stage, publish, remove_stale


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m studybuild", description=__doc__)
    parser.add_argument("--version", action="version", version=f"bookbuild {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    render = sub.add_parser("render", help="validate data, then render the book (HTML pages and PDF)")
    render.add_argument("--project", type=Path, default=Path("."), help="project folder (default: .)")
    render.add_argument("--output", type=Path, help="output folder (default: the project's output-dir)")
    render.add_argument(
        "--formats", default="html,pdf,docx", help="comma-separated: html, pdf, docx (default: all three)"
    )
    render.add_argument("--no-cache", action="store_true", help="re-run every chapter")
    render.add_argument("--timeout", type=float, help="seconds a cell may run (default: execute: timeout, or 600)")
    render.add_argument("--offline", action="store_true", help="never use quarto, even if installed")
    prep = sub.add_parser("prepare", help="validate data and write the bibliography and CSL files")
    prep.add_argument("--project", type=Path, default=Path("."), help="project folder (default: .)")
    return parser


def _formats(text: str) -> tuple[str, ...]:
    from bookbuild.build import FORMATS

    formats = tuple(dict.fromkeys(f.strip() for f in text.split(",") if f.strip()))
    unknown = [f for f in formats if f not in FORMATS]
    if unknown or not formats:
        raise ConfigError(
            f"--formats: unknown format(s) {', '.join(unknown) or '(none)'}; choose from {', '.join(FORMATS)}"
        )
    return formats


def _render(args: argparse.Namespace) -> None:
    root = args.project.resolve()
    formats = _formats(args.formats)
    project = load_project(root)
    output = args.output.absolute() if args.output else root / project.output_dir
    check_output(output)  # before any work: a folder the build did not make is never replaced
    with build_lock(root):
        _render_locked(args, root, project, output, formats)


def _render_locked(
    args: argparse.Namespace, root: Path, project: Project, output: Path, formats: tuple[str, ...]
) -> None:
    from studybuild import quarto

    for path in prepare(root, project):
        print(f"prepare: wrote {path}")
    start = time.perf_counter()
    use_quarto = not args.offline and quarto.usable()
    if use_quarto:
        renderer = f"quarto {'.'.join(map(str, quarto.quarto_version()))}"
        print(f"renderer: {renderer} (found on PATH)")
    else:
        renderer = f"bookbuild {__version__}"
        print(
            f"renderer: {renderer} offline (Jupyter kernel, pandoc {_pandoc_version()}, typst {_typst_version()}); "
            + ("--offline given" if args.offline else f"no quarto >= {'.'.join(map(str, quarto.MINIMUM))} on PATH")
        )
    if not args.no_cache and fresh.is_fresh(root, output, fresh.book_key(root, output, renderer, formats)):
        print("nothing changed since the last build: the book is up to date")
    else:
        if use_quarto:
            if args.no_cache:
                (root / quarto.KEYS).unlink(missing_ok=True)  # every chapter counts as stale
            quarto.render(root, project, output, formats)
        else:
            _offline(root, output, formats, args)
        # Taken after the build: its chapters have written the files their pages link to.
        fresh.remember(root, output, fresh.book_key(root, output, renderer, formats))
    shown = _shown(output)
    print(f"done in {time.perf_counter() - start:.1f} s; outputs in {shown}/:")
    for name in sorted(p.relative_to(output).as_posix() for p in output.rglob("*") if _is_output(p, output)):
        print(f"  {shown}/{name}")


def _offline(root: Path, output: Path, formats: tuple[str, ...], args: argparse.Namespace) -> None:
    """The offline renderer writes into a stage folder, then the stage is swapped in (as for Quarto)."""
    from bookbuild.build import build

    remove_stale(output)
    stage = new_stage(output)
    try:
        build(root, stage, formats, use_cache=not args.no_cache, timeout=args.timeout)
        final = publish(stage, output)
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise
    print(f"  published {final.name}")


def _is_output(path: Path, output: Path) -> bool:
    """The files a reader opens (pages, PDF), not Quarto's site libraries."""
    return path.is_file() and path.suffix in {".html", ".pdf", ".docx"} and "site_libs" not in path.parts


def _pandoc_version() -> str:
    from bookbuild.pandoc import pandoc_path

    return subprocess.run([pandoc_path(), "--version"], capture_output=True, text=True, check=True).stdout.split()[1]


def _typst_version() -> str:
    from importlib.metadata import version

    return version("typst")


def _shown(path: Path) -> str:
    try:
        return path.relative_to(Path.cwd()).as_posix() or "."
    except ValueError:
        return str(path)


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "prepare":
            with build_lock(args.project.resolve(), step_of_holder=True):
                for path in prepare(args.project.resolve()):
                    print(f"prepare: wrote {path}")
        else:
            _render(args)
    except BuildError as err:
        print(f"error: {err}", file=sys.stderr)
        return err.exit_code
    except OSError as err:  # disk full, read-only folder: one line, not a traceback
        print(f"error: {describe(err)}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted: the previous output is untouched", file=sys.stderr)
        return 130
    return 0
