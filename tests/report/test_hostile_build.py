"""One build of a copy of the project whose every free-text cell carries a hostile payload (tests/payloads.py):
in Chromium no script runs, no request leaves, no element or link is added and no section or chart is lost;
in the HTML and the PDF every payload reads literally. The escaping itself is tested in process
(tests/analysis/test_escape.py); this is the one full build that checks it end to end, charts included
(their script element is escaped by analysis/chart_output.py)."""

from __future__ import annotations

import contextlib
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from studybuild.bench import IGNORE
from tests.payloads import PAYLOADS, poison
from tests.report.conftest import ROOT

pytestmark = [pytest.mark.build, pytest.mark.browser]

#: pandoc's smart quotes curl ' and " in the HTML and the PDF, as everywhere in the book.
STRAIGHT = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"'})
#: Elements and attributes only data could have added (the book itself has none of them).
ADDED = (
    "tag, [onerror], a[href^='javascript:' i], img[src='x'], img[src*='example.invalid'], a[href*='example.invalid']"
)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The book built once from the poisoned copy; returns its `_book`."""
    project = tmp_path_factory.mktemp("hostile") / "project"
    shutil.copytree(ROOT, project, ignore=IGNORE)
    poison(project / "data")
    done = subprocess.run(
        [sys.executable, "-m", "studybuild", "render", "--offline", "--project", str(project)],
        cwd=project,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, f"the poisoned book did not build:\n{done.stdout}\n{done.stderr}"
    return project / "_book"


@dataclass
class Seen:
    text: str = ""
    sections: list[str] = field(default_factory=list)
    charts: int = 0
    drawn: int = 0
    added: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)


def look(browser: object, page_file: Path, root: Path) -> Seen:
    """Opens a page from disk, refusing (and recording) every request outside the book's folder `root`."""
    seen = Seen()
    context = browser.new_context()  # type: ignore[attr-defined]
    page = context.new_page()
    page.on("dialog", lambda d: (seen.dialogs.append(d.message), d.dismiss()))
    book_dir = root.resolve().as_uri() + "/"

    def route(r: object) -> None:
        url = r.request.url  # type: ignore[attr-defined]
        allowed = url.startswith(book_dir) and not url.endswith("/x")  # '<img src=x>' asks for ./x
        if allowed or url.startswith("about:"):
            r.continue_()  # type: ignore[attr-defined]
        else:
            seen.requests.append(url)
            r.abort()  # type: ignore[attr-defined]

    page.route("**/*", route)
    page.goto(page_file.resolve().as_uri())
    seen.charts = page.locator(".study-chart").count()
    if seen.charts:
        with contextlib.suppress(PlaywrightTimeout):  # counted below: a chart the data broke is never drawn
            page.wait_for_function(
                "() => [...document.querySelectorAll('.study-chart')].every(d => d.classList.contains('is-live'))",
                timeout=20_000,
            )
    seen.drawn = page.locator(".study-chart.is-live .vega-chart svg").count()
    seen.sections = page.eval_on_selector_all("section[id], h1[id], h2[id], h3[id]", "els => els.map(e => e.id)")
    seen.added = page.eval_on_selector_all(ADDED, "els => els.map(e => e.outerHTML.slice(0, 120))")
    seen.text = page.inner_text("body").translate(STRAIGHT)
    page.wait_for_timeout(200)  # an onerror handler would have run by now
    context.close()
    return seen


def pages(book: Path) -> list[Path]:
    return sorted(book.glob("**/*.html"))


def test_no_payload_acts_and_every_one_reads_literally_in_chromium(hostile: Path, book: Path, browser: object) -> None:
    assert pages(hostile) and [p.relative_to(hostile) for p in pages(hostile)] == [
        p.relative_to(book) for p in pages(book)
    ]
    shown = ""
    problems: list[str] = []
    for page_file in pages(hostile):
        name = page_file.relative_to(hostile).as_posix()
        seen, normal = look(browser, page_file, hostile), look(browser, book / name, book)
        shown += seen.text
        problems += [f"{name}: script ran: {d}" for d in seen.dialogs]
        problems += [f"{name}: request left: {u}" for u in seen.requests]
        problems += [f"{name}: element from data: {e}" for e in seen.added]
        if seen.sections != normal.sections:
            problems.append(f"{name}: sections differ: {set(normal.sections) ^ set(seen.sections)}")
        if (seen.charts, seen.drawn) != (normal.charts, normal.drawn):
            problems.append(f"{name}: charts drawn {seen.drawn}/{seen.charts}, normally {normal.drawn}/{normal.charts}")
    missing = [p for p in PAYLOADS if p not in shown]
    assert problems == [] and missing == [], "\n".join([*problems, *(f"not shown literally: {p}" for p in missing)])


def test_every_payload_reads_literally_in_the_pdf(hostile: Path) -> None:
    pdf = next(hostile.glob("*.pdf"))
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    # table cells wrap lines: compare without any white space
    flat = re.sub(r"\s+", "", text.translate(STRAIGHT))
    missing = [p for p in PAYLOADS if re.sub(r"\s+", "", p) not in flat]
    assert missing == [], f"not in the PDF literally: {missing}"
