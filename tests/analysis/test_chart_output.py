"""The chart's HTML block: data text stays text, the data table is the chart's own data, bytes are stable."""

from __future__ import annotations

import base64
import csv
import hashlib
import html
import io
import json
import re
from pathlib import Path

import altair as alt
import pandas as pd
import pytest

from analysis import build_contract, chart_downloads, chart_output, charts
from analysis import threat as T

PAYLOADS = ["</script><script>alert(1)</script>", "<!--<script>", "<img src=x onerror=alert(1)>", "a & b > c"]


def hostile_chart() -> dict:
    frame = pd.DataFrame({"label": PAYLOADS, "value": [1, 2, 3, 4], "value_text": PAYLOADS, "note_text": PAYLOADS})
    return charts.grouped_bars(frame, source="</script><!--", x_title="<b>x</b>", colour="label").to_dict()


def test_no_data_value_can_close_the_script_or_open_a_comment() -> None:
    html = chart_output.html_snippet(hostile_chart(), svg="<svg/>")
    scripts = re.findall(r"<script[^>]*>(.*?)</script>", html, re.S)
    assert len(scripts) == html.count("<script") == 3, "a data value opened or closed a script element"
    for body in scripts:
        assert "<!--" not in body and "<script" not in body.lower() and "</" not in body
    assert "<img src=x" not in html and "<!--" not in html


def test_the_embedded_spec_reads_back_as_the_same_spec() -> None:
    spec = hostile_chart()
    html = chart_output.html_snippet(spec, svg="<svg/>")
    embedded = re.search(r'<script type="application/json" class="chart-spec">(.*?)</script>', html, re.S)
    assert json.loads(embedded.group(1)) == json.loads(json.dumps(spec))


def test_the_data_table_is_the_charts_data_with_its_tooltip_columns() -> None:
    spec = charts.factor_heatmap(T.heatmap_frame(), T.source_line()).to_dict()
    [(headers, rows)] = chart_output.data_tables(spec)
    assert headers == ["Actor", "Factor", "Rating", "Article", "Notes", "Judged by", "Why"]
    frame = T.heatmap_frame()
    columns = ["actor", "factor_label", "level_label", "passage_text", "notes_text", "judged_text", "justification"]
    assert rows == frame[columns].fillna("").values.tolist()


def test_data_table_cells_are_escaped() -> None:
    html = chart_output.html_snippet(hostile_chart(), svg="<svg/>")
    table = html[html.index("<table>") : html.index("</table>")]
    assert "<td>&lt;img src=x onerror=alert(1)&gt;</td>" in table
    assert "<script" not in table


def test_the_block_is_the_same_bytes_for_the_same_chart() -> None:
    spec = charts.threat_ranker(T.ranker_frame(), T.FACTOR_LABELS, T.source_line()).to_dict()
    assert chart_output.html_snippet(spec) == chart_output.html_snippet(json.loads(json.dumps(spec)))


def contrast(a: str, b: str) -> float:
    def luminance(colour: str) -> float:
        rgb = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    hi, lo = sorted([luminance(a), luminance(b)], reverse=True)
    return (hi + 0.05) / (lo + 0.05)


@pytest.mark.parametrize("level", range(len(charts.HEAT_COLOURS)))
def test_heat_map_labels_contrast_with_their_cell(level: int) -> None:
    text = "#ffffff" if level >= charts.HEAT_LABEL_WHITE_FROM else charts.TEXT
    assert contrast(text, charts.HEAT_COLOURS[level]) >= 4.5


def test_heat_map_legend_swatches_stand_out_from_the_background() -> None:
    spec = charts.factor_heatmap(T.heatmap_frame(), T.source_line()).to_dict()
    legend = json.dumps(spec)
    assert f'"symbolStrokeColor": "{charts.LEGEND_OUTLINE}"' in legend
    for fill in charts.HEAT_COLOURS:
        assert max(contrast(fill, "#ffffff"), contrast(charts.LEGEND_OUTLINE, "#ffffff")) >= 3


def test_no_chart_text_is_set_below_11px() -> None:
    spec = charts.factor_heatmap(T.heatmap_frame(), T.source_line()).to_dict()
    sizes = [v for k, v in _walk(spec) if k.lower().endswith("fontsize")]
    assert sizes and min(sizes) >= 11


def _walk(node: object) -> list[tuple[str, object]]:
    found = []
    if isinstance(node, dict):
        for k, v in node.items():
            found += [(k, v)] if not isinstance(v, dict | list) else _walk(v)
    elif isinstance(node, list):
        for v in node:
            found += _walk(v)
    return found


def test_altair_renderer_is_the_studys() -> None:
    assert alt.renderers.active == "study"


def test_missing_values_travel_as_json_null() -> None:
    frame = pd.DataFrame({"label": ["a"], "value": [float("nan")], "value_text": ["–"], "note_text": [None]})
    html = chart_output.html_snippet(charts.grouped_bars(frame, "s", "x", colour="label").to_dict(), svg="<svg/>")
    embedded = re.search(r'class="chart-spec">(.*?)</script>', html, re.S).group(1)
    assert "NaN" not in embedded and "Infinity" not in embedded
    json.loads(embedded)  # what JSON.parse in the browser must accept


def test_clip_ids_do_not_depend_on_the_charts_drawn_before() -> None:
    """Vega's clip-path counter runs on across charts: the SVG must not carry it (kernels share chapters)."""
    import altair as alt
    import pandas as pd
    import vl_convert

    frame = pd.DataFrame({"x": [1, 2, 3], "y": [3, 1, 2]})
    spec = alt.Chart(frame).mark_line(clip=True).encode(x="x:Q", y="y:Q").to_dict()  # a clipped mark
    assert 'id="clip' in vl_convert.vegalite_to_svg(spec)  # (and this advances the counter)
    first = chart_output.mimebundle(spec)["text/markdown"]
    vl_convert.vegalite_to_svg(spec)
    assert chart_output.mimebundle(spec)["text/markdown"] == first


# The chart's files to take away (analysis/chart_downloads.py).


@pytest.fixture(autouse=True)
def downloads(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The download folder, in a temporary place: these tests never write into the project."""
    monkeypatch.setattr(chart_downloads, "FOLDER", tmp_path / "downloads")
    return tmp_path / "downloads"


def linked(snippet: str) -> dict[str, Path]:
    """Each download link's visible text -> the file it points to."""
    found = re.findall(r'<a href="_generated/downloads/([^"]+)"[^>]*>([^<]+)</a>', snippet)
    return {text: chart_downloads.FOLDER / name for name, text in found}


def read_csv(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))


def test_csv_download_holds_the_data_tables_rows_with_the_source(downloads: Path) -> None:
    spec = charts.factor_heatmap(T.heatmap_frame(), T.source_line()).to_dict()
    files = linked(chart_output.markdown(spec))
    assert set(files) == {"Data (CSV)", "Chart (SVG)", "Chart (PNG)"}
    [(headers, rows)] = chart_output.data_tables(spec)
    header, *body = read_csv(files["Data (CSV)"])
    assert header == [*headers, "Chart source"]
    assert [r[:-1] for r in body] == rows
    assert {r[-1] for r in body} == {T.source_line()}


def test_csv_numbers_have_no_thousands_separators_the_tables_do() -> None:
    frame = pd.DataFrame({"label": ["a", "b"], "value": [1234567.0, -2500.0]})
    tooltip = [alt.Tooltip("label:N"), alt.Tooltip("value:Q", format=",.0f")]
    spec = alt.Chart(frame).mark_bar().encode(x="value:Q", y="label:N", tooltip=tooltip).to_dict()
    assert chart_output.data_tables(spec)[0][1] == [["a", "1,234,567"], ["b", "-2,500"]]
    assert chart_output.data_tables(spec, grouping=False)[0][1] == [["a", "1234567"], ["b", "-2500"]]


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+1+1", "'+1+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
        ("\tx", "'\tx"),
        ("-1.5", "-1.5"),  # a negative number stays a number
        ("+3", "+3"),
        ("1e-3", "1e-3"),
        ("Israel", "Israel"),
        ("", ""),
    ],
)
def test_csv_cells_a_spreadsheet_would_run_as_formulas_are_text(cell: str, written: str) -> None:
    [header, row] = read_csv_bytes(chart_downloads.csv_bytes(["h"], [[cell]]))
    assert header == ["h"] and row == [written]


def read_csv_bytes(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))


def test_download_links_are_escaped_named_and_point_to_their_files(downloads: Path) -> None:
    spec = hostile_chart()
    snippet = chart_output.markdown(spec)
    block = re.search(r'<p class="chart-downloads"[^>]*>.*?</p>', snippet, re.S).group(0)
    assert "<img" not in block and "<script" not in block and "<!--" not in block
    description = html.escape(spec["description"])
    anchors = re.findall(r"<a ([^>]*)>([^<]*)</a>", block)
    assert [text for _, text in anchors] == ["Data (CSV)", "Chart (SVG)", "Chart (PNG)"]
    for attrs, text in anchors:
        fmt = text[text.index("(") + 1 : -1]
        label = re.search(r'aria-label="([^"]*)"', attrs).group(1)
        assert label.startswith("Download the ") and f"({fmt})" in label and label.endswith(description)
        assert text.lower() in label.lower()  # the visible text is part of the accessible name
        download = re.search(r'download="([^"]+)"', attrs).group(1)
        assert download.endswith(f".{fmt.lower()}") and "/" not in download
    assert all(p.is_file() for p in linked(snippet).values())


def test_download_files_are_named_by_their_bytes(downloads: Path) -> None:
    first = chart_downloads.write("stem", "csv", b"a\r\n1\r\n")
    assert chart_downloads.write("stem", "csv", b"a\r\n1\r\n") == first
    assert hashlib.sha256(b"a\r\n1\r\n").hexdigest()[:16] in first
    assert chart_downloads.write("stem", "csv", b"a\r\n2\r\n") != first
    assert sorted(p.name for p in downloads.iterdir()) == sorted(
        [first, chart_downloads.write("stem", "csv", b"a\r\n2\r\n")]
    )


def test_png_download_is_the_word_editions_image(downloads: Path) -> None:
    spec = charts.threat_ranker(T.ranker_frame(), T.FACTOR_LABELS, T.source_line()).to_dict()
    markdown = chart_output.markdown(spec)
    png = linked(markdown)["Chart (PNG)"].read_bytes()
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    assert base64.b64encode(png).decode() in markdown  # drawn once, used twice


def test_every_download_is_recorded_for_the_builder(downloads: Path, tmp_path: Path, monkeypatch) -> None:
    """A cached chapter is keyed on the files it recorded: a missing download makes it run again."""
    log = tmp_path / "reads.txt"
    monkeypatch.setenv(build_contract.READS_ENV, str(log))
    spec = charts.threat_ranker(T.ranker_frame(), T.FACTOR_LABELS, T.source_line()).to_dict()
    files = linked(chart_output.markdown(spec))
    assert {str(p.resolve()) for p in files.values()} <= set(log.read_text(encoding="utf-8").splitlines())


def test_a_chart_with_two_tables_offers_two_csv_files(downloads: Path) -> None:
    one = alt.Chart(pd.DataFrame({"a": [1, 2]})).mark_point().encode(x="a:Q", tooltip=["a:Q"])
    two = alt.Chart(pd.DataFrame({"b": ["=x"]})).mark_rule().encode(tooltip=["b:N"])
    spec = alt.layer(one, two).properties(description="Two tables").to_dict()
    files = linked(chart_output.markdown(spec))
    assert list(files)[:2] == ["Data, part 1 (CSV)", "Data, part 2 (CSV)"]
    assert read_csv(files["Data, part 1 (CSV)"]) == [["a"], ["1"], ["2"]]
    assert read_csv(files["Data, part 2 (CSV)"]) == [["b"], ["'=x"]]


def test_file_names_are_readable_slugs_of_the_description() -> None:
    assert chart_downloads.slug("Bar chart of 8 figures: Share of Azerbaijan's arms imports (%).") == (
        "bar-chart-of-8-figures-share-of-azerbaijans-arms"
    )
    assert chart_downloads.slug("<script>") == "script" and chart_downloads.slug("–") == "chart"


def test_pruning_deletes_only_unrecorded_chart_downloads(tmp_path: Path) -> None:
    folder = tmp_path / "downloads"
    (folder / "sub").mkdir(parents=True)
    kept, stale = folder / "bars-data-0123456789abcdef.csv", folder / "bars-fedcba9876543210.png"
    others = [
        folder / "notes.txt",
        folder / "bars-0123.csv",
        folder / "Bars-0123456789abcdef.csv",
        folder / "sub" / "x",
    ]
    for path in [kept, stale, *others]:
        path.write_text("x")
    assert build_contract.prune_outputs([str(kept)], folder) == [stale.name]
    assert kept.is_file() and not stale.exists() and all(p.exists() for p in others)
    assert build_contract.prune_outputs([], tmp_path / "absent") == []
