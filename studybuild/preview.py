"""`python -m studybuild.preview` (`nox -s preview`): serve the book locally and rebuild it on every save.

It serves the output folder (`_book`) on 127.0.0.1, polls the sources the book is built from (chapters,
`data/`, `analysis/`, `_quarto.yml`) and, when one changes, runs the offline builder again; its cache
re-executes only the chapters the change touches. Pages are served with a small script that asks the server
for the build number once a second and reloads when a new build is in place. The script is added to each
response only: the files in `_book` stay exactly as the builder wrote them.
"""

from __future__ import annotations

import argparse
import json
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from bookbuild.project import load_project

STATE_PATH = "/__preview__/state"
WATCHED_DIRS = ("report", "data", "analysis")
SKIPPED_DIRS = {"__pycache__", "_generated", ".ipynb_checkpoints"}
RELOAD_SCRIPT = """<script>/* bookbuild preview: reload when a new build is served */
(function () {{
  var shown = {generation};
  setInterval(function () {{
    fetch("{state}", {{cache: "no-store"}}).then(function (r) {{ return r.json(); }}).then(function (s) {{
      if (s.generation !== shown) {{ location.reload(); }}
    }}).catch(function () {{}});
  }}, 1000);
}})();
</script>
"""
BUILDING_PAGE = (
    "<!doctype html><title>Building…</title><p>The book is being built; this page reloads when it is ready.</p>"
)


class Preview:
    """The build state shared by the watcher thread and the HTTP handlers."""

    def __init__(self, root: Path, formats: str, interval: float) -> None:
        self.root = root
        project = load_project(root)
        self.output = root / project.output_dir
        # Files the build itself writes must not trigger another build.
        self.written = {(root / project.bibliography).resolve()} if project.bibliography else set()
        self.formats = formats
        self.interval = interval
        self.generation = 0
        self.building = False
        self.error: str | None = None
        self.stopped = threading.Event()
        self._child: subprocess.Popen[str] | None = None

    def sources(self) -> Iterator[Path]:
        yield self.root / "_quarto.yml"
        yield from self.root.glob("*.qmd")
        for name in WATCHED_DIRS:
            for path in (self.root / name).rglob("*"):
                parts = set(path.relative_to(self.root).parts)
                if path.is_file() and not parts & SKIPPED_DIRS and not path.name.startswith((".", "#", "~")):
                    yield path

    def snapshot(self) -> dict[Path, tuple[int, int]]:
        state = {}
        for path in self.sources():
            if path.resolve() in self.written:
                continue
            try:
                info = path.stat()
            except FileNotFoundError:
                continue  # removed between listing and stat: the next snapshot sees it gone
            state[path] = (info.st_mtime_ns, info.st_size)
        return state

    def build(self) -> None:
        """One run of the offline builder in its own process, so changed `analysis` code is imported afresh."""
        self.building = True
        start = time.perf_counter()
        print("preview: building…", flush=True)
        command = [sys.executable, "-m", "studybuild", "render", "--offline", "--formats", self.formats]
        self._child = subprocess.Popen(
            [*command, "--project", str(self.root)],
            cwd=self.root,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        out, _ = self._child.communicate()
        code, self._child = self._child.returncode, None
        self.building = False
        if self.stopped.is_set():
            return
        if code == 0:
            self.error = None
            self.generation += 1
            print(f"preview: build {self.generation} ready in {time.perf_counter() - start:.1f} s", flush=True)
        else:
            self.error = out.strip()
            print(f"preview: the build failed (exit {code}); still serving the last good one:\n{out}", flush=True)

    def watch(self) -> None:
        """Build once, then again whenever the sources change (after they have been still for one interval)."""
        last = self.snapshot()
        self.build()
        while not self.stopped.wait(self.interval):
            now = self.snapshot()
            if now == last:
                continue
            while not self.stopped.wait(self.interval) and (settled := self.snapshot()) != now:
                now = settled  # an editor or `git checkout` still writing: wait until it is done
            last = now
            self.build()

    def stop(self) -> None:
        self.stopped.set()
        if self._child is not None and self._child.poll() is None:
            self._child.terminate()  # the builder leaves the last complete output in place when stopped


class Handler(SimpleHTTPRequestHandler):
    """Serves the current output folder; adds the reload script to HTML pages."""

    def __init__(self, *args, preview: Preview, **kwargs) -> None:
        self.preview = preview
        # `_book` is a symlink the builder swaps: resolve it for every request.
        super().__init__(*args, directory=str(preview.output.resolve()), **kwargs)

    def log_message(self, format: str, *args: object) -> None:
        pass  # one line per request would bury the build messages

    def do_GET(self) -> None:
        if self.path.split("?")[0] == STATE_PATH:
            p = self.preview
            self._send(json.dumps({"generation": p.generation, "building": p.building, "error": p.error}), "json")
            return
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if not self.preview.output.exists() and self.path.split("?")[0] in ("/", "/index.html"):
            self._send(BUILDING_PAGE + self._script(), "html")
            return
        if path.suffix == ".html" and path.is_file():
            html = path.read_text(encoding="utf-8")
            at = html.rfind("</body>")
            at = at if at >= 0 else len(html)
            self._send(html[:at] + self._script() + html[at:], "html")
            return
        super().do_GET()

    def _script(self) -> str:
        return RELOAD_SCRIPT.format(generation=self.preview.generation, state=STATE_PATH)

    def _send(self, text: str, kind: str) -> None:
        body = text.encode("utf-8")
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", f"{'text/html' if kind == 'html' else 'application/json'}; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")  # a reload must fetch the new build's files
        super().end_headers()


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m studybuild.preview", description=__doc__)
    parser.add_argument("--project", type=Path, default=Path("."), help="project folder (default: .)")
    parser.add_argument("--port", type=int, default=8765, help="port on 127.0.0.1 (0: any free port)")
    parser.add_argument("--formats", default="html,pdf", help="what each rebuild writes (default: html,pdf)")
    parser.add_argument("--interval", type=float, default=0.5, help="seconds between looks at the sources")
    return parser


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    preview = Preview(args.project.resolve(), args.formats, args.interval)
    server = ThreadingHTTPServer(("127.0.0.1", args.port), partial(Handler, preview=preview))
    server.daemon_threads = True
    host, port = server.server_address[:2]
    print(f"preview: serving {preview.output.name}/ at http://{host}:{port}/ (Ctrl-C to stop)", flush=True)
    signal.signal(signal.SIGTERM, _interrupt)  # `kill` stops it as cleanly as Ctrl-C
    watcher = threading.Thread(target=preview.watch, name="watch", daemon=True)
    watcher.start()
    try:
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        print("preview: stopped", flush=True)
    finally:
        preview.stop()
        server.server_close()
        watcher.join(timeout=30)
    return 0


if __name__ == "__main__":
    sys.exit(main())
