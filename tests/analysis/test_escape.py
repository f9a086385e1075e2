"""Dataset text reaches pandoc as inert text: every payload reads back literally, in HTML and in Typst, from
every producer that writes data into markdown (tables, the audit's definition lists, inline values)."""

from __future__ import annotations

import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pypandoc
import pytest

from analysis import audit, data, endnotes, escape, fmt
from tests.payloads import PAYLOADS

PANDOC = pypandoc.get_pandoc_path()
#: Elements pandoc writes for tables, definition lists and emphasis; anything else came from the data.
#: `span[lang]` is the package's mark on a title in another language (analysis/language.py).
STRUCTURE = {"p", "table", "thead", "tbody", "tr", "th", "td", "colgroup", "col", "dl", "dt", "dd", "em", "strong"}
STRUCTURE |= {"span[lang]"}
#: pandoc's smart quotes curl the apostrophe and the double quote, as they do in the prose.
STRAIGHT = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"'})


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: set[str] = set()
        self.attributes: list[tuple[str, str | None]] = []
        self.comments: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if (
            tag == "span"
            and len(attrs) == 1
            and attrs[0][0] == "lang"
            and re.fullmatch("[a-z]{2,3}", attrs[0][1] or "")
        ):
            self.tags.add("span[lang]")
            return
        self.tags.add(tag)
        self.attributes += [a for a in attrs if a[0] not in ("style", "class")]

    def handle_comment(self, data: str) -> None:
        self.comments.append(data)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def pandoc(markdown: str, to: str) -> str:
    # the reader Quarto and the offline builder use: pandoc markdown, all default extensions on
    args = [PANDOC, "--from", "markdown", "--to", to, "--wrap=none"]
    return subprocess.run(args, input=markdown, capture_output=True, text=True, check=True).stdout


def assert_inert(markdown: str, texts: list[str]) -> None:
    """`markdown` becomes no element, attribute or comment of its own, and shows every text literally."""
    page = _Page()
    page.feed(pandoc(markdown, "html"))
    assert page.tags <= STRUCTURE, f"elements from data: {page.tags - STRUCTURE}\n{markdown}"
    assert not page.attributes and not page.comments, (page.attributes, page.comments)
    shown = "".join(page.text).translate(STRAIGHT)
    plain = pandoc(markdown, "plain").translate(STRAIGHT)
    for text in texts:
        assert text in shown, f"{text!r} not shown literally in HTML:\n{shown}"
        assert text in plain.replace("\n", " ") or text in pandoc(markdown, "typst"), text


@pytest.mark.parametrize("payload", PAYLOADS)
def test_escaped_text_reads_back_literally(payload: str) -> None:
    """At the start of a block (where '#', '1.' and '-' mean something) and inside a sentence."""
    assert_inert(escape.text(payload), [payload])
    assert_inert(f"Before {escape.text(payload)} after.", [payload])


@pytest.mark.parametrize("payload", PAYLOADS)
def test_escaped_text_is_plain_typst(payload: str) -> None:
    """Typst gets the text in its own escaping: no markup, no code (`#`), no math (`$`), no label (`@`)."""
    typst = pandoc(escape.text(payload), "typst").strip()
    unescaped = typst.replace("\\", "")
    assert unescaped.replace("\n", "") == payload.replace("\\", "")
    for special in "#$@<*_`[]":
        assert special not in typst.replace(f"\\{special}", ""), typst


def test_table_cells_are_escaped_unless_marked_as_markdown() -> None:
    df = pd.DataFrame({"Text": list(PAYLOADS), "Code": ["`x`"] * len(PAYLOADS), "Value": range(len(PAYLOADS))})
    assert_inert(fmt.markdown_table(df), list(PAYLOADS))
    marked = fmt.markdown_table(escape.markdown_columns(df, "Code"))
    assert "<code>x</code>" in pandoc(marked, "html")


def _spread(copy: Path, table: str, columns: list[str]) -> None:
    df = pd.read_csv(copy / f"{table}.csv", dtype=str, keep_default_na=False)
    for i, column in enumerate(columns):
        df[column] = [PAYLOADS[(i + r) % len(PAYLOADS)] for r in range(len(df))]
    df.to_csv(copy / f"{table}.csv", index=False)


def test_audit_findings_are_inert(data_copy: Path) -> None:
    _spread(data_copy, "audit", ["passage", "finding", "evidence"])
    for severity in audit.SEVERITY_ORDER:
        markdown = audit.findings_markdown(severity)
        rows = audit.findings(severity)
        assert_inert(markdown, [str(v) for c in ("passage", "finding", "evidence") for v in rows[c]])


def test_endnote_titles_are_inert(data_copy: Path) -> None:
    _spread(data_copy, "works", ["author", "title"])
    df = endnotes.table()
    # a long title is cut at 67 characters: check the payloads, which are shorter
    titles = set(data.table("works")["title"])
    assert_inert(fmt.markdown_table(df), sorted(titles & set(PAYLOADS)))


def test_inline_text_value_is_inert() -> None:
    for payload in PAYLOADS:
        assert_inert(f"Method {fmt.text(payload).data}.", [payload])


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (1648195, None, "1,648,195"),
        (85.03, None, "85.03"),
        (0.00001, None, "0.00001"),
        (1e-5, 2, "0.00"),
        (float("1.5e-7"), None, "0.00000015"),
        (2.5e-14, None, "2.5 × 10⁻¹⁴"),
        (1e20, None, "1 × 10²⁰"),
        (-3.2e300, None, "-3.2 × 10³⁰⁰"),
        (-0.0, None, "0"),
        (-0.0, 1, "0.0"),
        (-0.004, 2, "0.00"),
        (123456789.25, None, "123,456,789.25"),
    ],
)
def test_every_valid_number_formats(value: float, decimals: int | None, expected: str) -> None:
    assert fmt.number(value, decimals) == expected


@pytest.mark.parametrize("value", [float("inf"), float("-inf"), float("nan")])
def test_a_number_that_is_not_finite_is_refused_by_name(value: float) -> None:
    with pytest.raises(ValueError, match="not a finite number"):
        fmt.number(value)
