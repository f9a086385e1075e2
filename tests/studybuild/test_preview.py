"""`python -m studybuild.preview`: serves the book, rebuilds it when a source changes, and reloads the page."""

from __future__ import annotations

import json
import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import REPO, Built, copy_project

pytestmark = pytest.mark.build

DEADLINE = 240  # seconds for each wait: a cold kernel start plus one rebuild take well under a minute here


class Server:
    def __init__(self, proc: subprocess.Popen[str]) -> None:
        self.proc = proc
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.put(line)

    def wait_for(self, pattern: str) -> re.Match[str]:
        end = time.monotonic() + DEADLINE
        while time.monotonic() < end:
            try:
                line = self.lines.get(timeout=1)
            except queue.Empty:
                assert self.proc.poll() is None, "preview exited:\n" + "".join(self.seen)
                continue
            self.seen.append(line)
            if match := re.search(pattern, line):
                return match
        pytest.fail(f"no line matching {pattern!r} within {DEADLINE} s:\n" + "".join(self.seen))


def get(url: str) -> str:
    with urllib.request.urlopen(urllib.parse.quote(url, safe=":/"), timeout=30) as response:
        return response.read().decode("utf-8")


@pytest.fixture
def preview(built: Built, tmp_path: Path) -> Iterator[tuple[Path, Server]]:
    project = copy_project(built.root, tmp_path / "book")
    proc = subprocess.Popen(
        [sys.executable, "-m", "studybuild.preview", "--project", str(project), "--port", "0", "--formats", "html"],
        cwd=project,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,  # its own process group, so the builds it starts are stopped with it
    )
    server = Server(proc)
    try:
        yield project, server
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
        server.reader.join(timeout=10)
        assert proc.stdout is not None
        proc.stdout.close()


def test_preview_serves_the_book_and_the_rebuild_after_a_change(preview: tuple[Path, Server]) -> None:
    project, server = preview
    address = server.wait_for(r"at (http://127\.0\.0\.1:\d+/)").group(1)
    server.wait_for(r"build 1 ready")
    home = get(address)
    assert "bookbuild preview: reload" in home and "var shown = 1;" in home
    pages = sorted(p.relative_to(project / "_book").as_posix() for p in (project / "_book").glob("**/*.html"))
    assert not any("bookbuild preview" in (project / "_book" / p).read_text(encoding="utf-8") for p in pages)

    marker = "Preview marker 4217."
    chapter = project / "report" / "trade.qmd"
    chapter.write_text(chapter.read_text(encoding="utf-8") + f"\n{marker}\n", encoding="utf-8")
    server.wait_for(r"build 2 ready")
    state = json.loads(get(address + "__preview__/state"))
    assert state == {"generation": 2, "building": False, "error": None}
    served = [p for p in pages if marker in get(address + p)]
    assert served, "no served page shows the change"
    assert "var shown = 2;" in get(address + served[0])
