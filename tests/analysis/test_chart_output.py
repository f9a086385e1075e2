"""The chart's HTML block: data text stays text, the data table is the chart's own data, bytes are stable."""

from __future__ import annotations

import json
import re

import altair as alt
import pandas as pd
import pytest

from analysis import chart_output, charts
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
