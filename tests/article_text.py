"""The article as the tests read it: its body with whitespace normalised, and the endnote markers it prints.

The article prints a note marker three ways: `(12)`, `[18]` and superscript `⁽⁹⁾`. A marker closes the
passage before it, up to the previous marker, within one paragraph. A paragraph here is a run of text between
blank lines, joined again where the text conversion broke it at a page end (the line stops mid-sentence), and
split before each of Walt's factor headings ("Offensive intentions: ...") where the conversion ran two of them
into one line. So the notes printed with a passage are the markers of the first marker run that follows it
in its paragraph, or none when the paragraph has no marker after it.
"""

from __future__ import annotations

import re
from pathlib import Path

ARTICLE = Path(__file__).resolve().parents[2] / "shared" / "study" / "article.txt"
WORD = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?")  # how tools/copied_text.py counts words
SUPERSCRIPT = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
MARKER = re.compile(r"\((\d{1,2})\)|\[(\d{1,2})\]|⁽([⁰-⁹]{1,2})⁾")
MARKER_RUN = re.compile(rf"(?:\s*(?:{MARKER.pattern}))+")
HEADINGS = ("Aggregate power", "Geographical proximity", "Offensive capabilities", "Offensive intentions")
FACTOR_HEADING = re.compile(rf"(?=\b(?:{'|'.join(HEADINGS)}):)")
SENTENCE_END = re.compile(r"""[.?!"”)\]⁾:]$""")


def normalise(text: str) -> str:
    return " ".join(text.split())


def body(path: Path = ARTICLE) -> str:
    """The article before its list of endnotes."""
    return path.read_text(encoding="utf-8").split("\nEndnotes\n")[0]


def paragraphs(text: str) -> list[str]:
    """Paragraphs with whitespace normalised, page-end breaks rejoined and factor headings split off."""
    joined: list[str] = []
    for block in (normalise(b) for b in re.split(r"\n\s*\n", text)):
        if not block:
            continue
        if joined and not SENTENCE_END.search(joined[-1]):
            joined[-1] = f"{joined[-1]} {block}"
        else:
            joined.append(block)
    return [part.strip() for p in joined for part in FACTOR_HEADING.split(p) if part.strip()]


def markers(run: str) -> list[int]:
    return [int((a or b or c).translate(SUPERSCRIPT)) for a, b, c in MARKER.findall(run)]


def printed_notes(passage: str, text: str) -> list[list[int]]:
    """For each occurrence of `passage` (whitespace normalised) in a paragraph of `text`, the notes printed
    with it; an empty list where none follows it in its paragraph."""
    wanted = normalise(passage)
    found = []
    for para in paragraphs(text):
        start = para.find(wanted)
        while start >= 0:
            rest = para[start + len(wanted) :]
            first = MARKER.search(rest)
            found.append(markers(MARKER_RUN.match(rest, first.start()).group()) if first else [])
            start = para.find(wanted, start + 1)
    return found
