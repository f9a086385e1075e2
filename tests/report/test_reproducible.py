"""Same inputs, same bytes; nothing private in the outputs; a killed build costs nothing."""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.report.conftest import ROOT, render
from tests.report.test_bad_input import digest

pytestmark = pytest.mark.build


#: Another machine: Tehran's time zone (UTC+3:30, and +3:25:44 local mean time before 1946, which shifts old
#: dates across midnight) and a French locale (ICU, which Vega's runtime uses, reads it from the environment
#: even where the C library has no such locale installed); another user.
ELSEWHERE = {
    "TZ": "Asia/Tehran",
    "LC_ALL": "fr_FR.UTF-8",
    "LANG": "fr_FR.UTF-8",
    "LANGUAGE": "fr",
    "USER": "autre",
    "LOGNAME": "autre",
}


def test_a_fresh_build_elsewhere_gives_the_same_bytes(book: Path, tmp_path: Path) -> None:
    """A build that executes every chapter again (no cache), in another time zone and locale, writes exactly
    the files of the first build (HTML, PDF and the charts' SVG)."""
    again = tmp_path / "_book"
    done = render(again, "--no-cache", env=ELSEWHERE)
    assert done.returncode == 0, done.stderr
    first, second = digest(book), digest(again)
    assert sorted(first) == sorted(second)
    assert [name for name in first if first[name] != second[name]] == []


def test_no_output_names_the_machine_that_built_it(book: Path) -> None:
    private = [str(ROOT), str(Path.home()), "/tmp/"]
    leaks = [
        (p.name, s)
        for p in book.rglob("*")
        if p.is_file() and p.suffix in {".html", ".js", ".css", ".svg", ".json", ".pdf"}
        for s in private
        if s.encode() in p.read_bytes()
    ]
    assert leaks == []


def test_a_killed_build_leaves_the_last_report_and_the_next_build_works(book: Path, tmp_path: Path) -> None:
    previous = tmp_path / "_book"
    shutil.copytree(book, previous)
    before = digest(previous)
    proc = subprocess.Popen(
        [sys.executable, "-m", "studybuild", "render", "--no-cache", "--output", str(previous)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    time.sleep(4)  # well into executing the chapters
    assert proc.poll() is None, "the build finished before it could be interrupted"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    subprocess.run(["pkill", "-KILL", "-s", str(proc.pid)], check=False)  # its kernel too
    assert digest(previous) == before

    done = render(previous)
    assert done.returncode == 0, done.stderr
    assert digest(previous) == before
