"""Altair chart builders with one house theme. Chapters call these; none styles a chart itself.

Every builder takes tidy frames from the analysis modules and returns a chart whose foot names the datasets
and endnotes it is drawn from. Colours are the Okabe–Ito palette, which stays distinct for the common
forms of colour blindness.
"""

from __future__ import annotations

import textwrap

import altair as alt
import pandas as pd

from analysis import chart_output

PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]
ACTOR_COLOURS = {
    "Iran": "#009E73",
    "Azerbaijan": "#0072B2",
    "Russia": "#D55E00",
    "United States": "#CC79A7",
    "Turkey": "#E69F00",
    "Israel": "#56B4E9",
    "Armenia": "#000000",
}
WIDTH = 560
ZOOM_HINT = (
    "Hover over a mark for its details; drag across the lower strip to zoom. The data table under the chart "
    "lists every entry."
)
FONT = "Helvetica, Arial, sans-serif"
TEXT = "#1f2328"
#: Heat-map fills for ratings 0–3; labels are TEXT on the first three and white on the last (each ≥ 4.5:1).
HEAT_COLOURS = ["#f7f7f7", "#c6dbef", "#6baed6", "#08519c"]
HEAT_LABEL_WHITE_FROM = 3
#: Outline of legend swatches, so a pale swatch still stands out from the white background (≥ 3:1).
LEGEND_OUTLINE = "#6e6e6e"


def _theme() -> alt.theme.ThemeConfig:
    return alt.theme.ThemeConfig(
        config={
            "font": FONT,
            "background": "#ffffff",
            "view": {"stroke": None, "continuousWidth": WIDTH, "continuousHeight": 260},
            "range": {"category": PALETTE},
            "axis": {
                "labelColor": TEXT,
                "titleColor": TEXT,
                "labelFontSize": 11,
                "titleFontSize": 12,
                "gridColor": "#e6e6e6",
                "domainColor": "#888888",
                "tickColor": "#888888",
            },
            "legend": {
                "labelColor": TEXT,
                "titleColor": TEXT,
                "labelFontSize": 11,
                "titleFontSize": 12,
                "orient": "bottom",
            },
            "title": {
                "color": TEXT,
                "fontSize": 14,
                "anchor": "start",
                "subtitleColor": "#555555",
                "subtitleFontSize": 11,
            },
            "header": {"labelColor": TEXT, "titleColor": TEXT, "labelFontSize": 12, "titleFontSize": 12},
        }
    )


alt.theme.register("study", enable=True)(_theme)
chart_output.enable()


def actor_scale(actors: list[str] | None = None) -> alt.Scale:
    names = actors or list(ACTOR_COLOURS)
    return alt.Scale(domain=names, range=[ACTOR_COLOURS.get(a, "#777777") for a in names])


def _foot(chart: alt.TopLevelMixin, source: str, description: str, hint: str | None = None) -> alt.TopLevelMixin:
    """The source line sits under the chart as a bottom title, so it travels with the chart; a long line is
    wrapped at word boundaries rather than cut off. `description` names the chart for screen readers (and is
    the static image's alt text); `hint` says how to use the live chart, and is shown in the HTML only."""
    if hint:
        chart = chart.properties(usermeta={"hint": hint})
    return chart.properties(
        description=description,
        title=alt.TitleParams(
            text=textwrap.wrap(source, 100) or [""],
            orient="bottom",
            anchor="start",
            fontSize=11,
            fontWeight="normal",
            color="#555555",
            offset=12,
            limit=WIDTH + 100,
        ),
    )


def timeline(
    events: pd.DataFrame, source: str, colour: str = "partner", lanes: str = "category", height: int = 220
) -> alt.TopLevelMixin:
    """Dated events as points (and spans for events that lasted), with an overview strip whose brush
    zooms the detail view; hover for the event, its date and its notes.

    `events` needs: start, end (ISO day strings), when, title, notes_text, and the `colour`/`lanes` columns.
    """
    brush = alt.selection_interval(encodings=["x"], name="period")
    base = alt.Chart(events)
    tooltip = [
        alt.Tooltip("when:N", title="When"),
        alt.Tooltip("title:N", title="Event"),
        alt.Tooltip(f"{colour}:N", title=colour.capitalize()),
        alt.Tooltip("notes_text:N", title="Notes"),
    ]
    scale = actor_scale(sorted(events[colour].unique())) if colour == "partner" else alt.Undefined
    colour_enc = alt.Color(f"{colour}:N", title=colour.capitalize(), scale=scale)
    x_detail = alt.X("start:T", title=None, scale=alt.Scale(domain=brush, padding=8))
    y = alt.Y(f"{lanes}:N", title=None, sort=None)
    spans = (
        base.transform_filter("datum.end != datum.start")
        .mark_rule(strokeWidth=4, opacity=0.5)
        .encode(x=x_detail, x2="end:T", y=y, color=colour_enc, tooltip=tooltip)
    )
    points = base.mark_point(filled=True, size=70, opacity=0.9).encode(
        x=x_detail, y=y, color=colour_enc, shape=alt.Shape(f"{colour}:N", legend=None), tooltip=tooltip
    )
    detail = (spans + points).properties(width=WIDTH, height=height)
    overview = (
        base.mark_tick(thickness=2, size=14)
        .encode(
            x=alt.X("start:T", title="The whole period"),
            color=alt.Color(f"{colour}:N", legend=None, scale=scale),
        )
        .add_params(brush)
        .properties(width=WIDTH, height=30)
    )
    description = f"Timeline of {len(events)} dated events, {_span(events)}, in lanes by {lanes}."
    return _foot(alt.vconcat(detail, overview, spacing=8), source, description, ZOOM_HINT)


def _span(frame: pd.DataFrame) -> str:
    """'1991–2023' from the frame's start and end columns."""
    years = pd.to_datetime(pd.concat([frame["start"], frame["end"]])).dt.year
    return f"{years.min()}–{years.max()}"


def factor_heatmap(coding_long: pd.DataFrame, source: str) -> alt.TopLevelMixin:
    """Actor × factor ratings, darker for a higher threat; the justification shows on hover.

    `coding_long` needs: actor, factor_label, level, level_label, justification, notes_text."""
    base = alt.Chart(coding_long).encode(
        x=alt.X("factor_label:N", title=None, sort=None, axis=alt.Axis(labelAngle=0, labelLimit=140)),
        y=alt.Y("actor:N", title=None, sort=None),
    )
    tooltip = [
        alt.Tooltip("actor:N", title="Actor"),
        alt.Tooltip("factor_label:N", title="Factor"),
        alt.Tooltip("level_label:N", title="Rating"),
        alt.Tooltip("justification:N", title="Why"),
        alt.Tooltip("notes_text:N", title="Notes"),
    ]
    cells = base.mark_rect(stroke="#ffffff", strokeWidth=2).encode(
        color=alt.Color(
            "level:O",
            title="Threat rating (0 none – 3 high)",
            scale=alt.Scale(domain=[0, 1, 2, 3], range=HEAT_COLOURS),
            legend=alt.Legend(symbolStrokeColor=LEGEND_OUTLINE, symbolStrokeWidth=1),
        ),
        tooltip=tooltip,
    )
    labels = base.mark_text(fontSize=12).encode(
        text="level_label:N",
        color=alt.condition(f"datum.level >= {HEAT_LABEL_WHITE_FROM}", alt.value("#ffffff"), alt.value(TEXT)),
        tooltip=tooltip,
    )
    description = (
        f"Heat map of threat ratings from none to high: {coding_long['actor'].nunique()} actors by "
        f"{coding_long['factor_label'].nunique()} factors."
    )
    hint = "Hover over a cell for the reason and the notes; the data table under the chart lists every cell."
    chart = (cells + labels).properties(width=WIDTH, height=40 * coding_long["actor"].nunique())
    return _foot(chart, source, description, hint)


def threat_ranker(coding_wide: pd.DataFrame, labels: dict[str, str], source: str) -> alt.TopLevelMixin:
    """Composite threat by actor with one slider per factor weight: moving a slider re-ranks the actors
    in the browser. The static version shows equal weights.

    `coding_wide` needs: actor and one column per factor."""
    factors = [c for c in coding_wide.columns if c != "actor"]
    params = [
        alt.param(name=f"w_{f}", value=1, bind=alt.binding_range(min=0, max=3, step=0.5, name=f"{labels[f]} ×"))
        for f in factors
    ]
    total = " + ".join(f"w_{f}" for f in factors)
    weighted = " + ".join(f"w_{f} * datum.{f}" for f in factors)
    frame = coding_wide.assign(equal=coding_wide[factors].mean(axis=1))
    chart = (
        alt.Chart(frame)
        .add_params(*params)
        .transform_calculate(score=f"({total}) > 0 ? ({weighted}) / ({total}) : 0")
        .mark_bar()
        .encode(
            y=alt.Y("actor:N", title=None, sort=alt.EncodingSortField("score", order="descending")),
            x=alt.X("score:Q", title="Composite threat (weighted mean rating, 0–3)", scale=alt.Scale(domain=[0, 3])),
            color=alt.Color("actor:N", scale=actor_scale(list(coding_wide["actor"])), legend=None),
            tooltip=[
                alt.Tooltip("actor:N", title="Actor"),
                alt.Tooltip("score:Q", title="Score", format=".2f"),
                alt.Tooltip("equal:Q", title="Score, equal weights", format=".2f"),
            ]
            + [alt.Tooltip(f"{f}:Q", title=labels[f]) for f in factors],
        )
        .properties(width=WIDTH, height=34 * len(coding_wide))
    )
    description = f"Bar chart of the composite threat score of {len(coding_wide)} actors, sorted from highest."
    hint = "Move a slider to change a factor's weight; the bars re-rank and the new ranking is announced."
    chart = _foot(chart, source, description, hint)
    # The page announces the ranking after each change of weight (see analysis/chart_loader.py).
    return chart.properties(
        usermeta={
            "hint": hint,
            "announce": {"controls": "Factor weights", "label": "actor", "value": "score", "text": "New ranking:"},
        }
    )


def sensitivity_bars(result: pd.DataFrame, source: str) -> alt.TopLevelMixin:
    """How often each actor ranks first over all weightings, with its best–worst rank in the tooltip.

    `result` needs: actor, first_share, best_rank, worst_rank."""
    chart = (
        alt.Chart(result)
        .mark_bar()
        .encode(
            y=alt.Y("actor:N", title=None, sort="-x"),
            x=alt.X(
                "first_share:Q",
                title="Share of weightings in which the actor ranks first (%)",
                scale=alt.Scale(domain=[0, 100]),
            ),
            color=alt.Color("actor:N", scale=actor_scale(list(result["actor"])), legend=None),
            tooltip=[
                alt.Tooltip("actor:N", title="Actor"),
                alt.Tooltip("first_share:Q", title="Ranks first (%)", format=".1f"),
                alt.Tooltip("best_rank:Q", title="Best rank"),
                alt.Tooltip("worst_rank:Q", title="Worst rank"),
            ],
        )
        .properties(width=WIDTH, height=34 * len(result))
    )
    description = f"Bar chart of how often each of {len(result)} actors ranks first over all weightings."
    return _foot(chart, source, description)


def grouped_bars(
    df: pd.DataFrame,
    source: str,
    x_title: str,
    colour: str = "actor",
    facet: str | None = None,
    log: bool = False,
    height: int | None = None,
    label_format: str = ",.0f",
) -> alt.TopLevelMixin:
    """Horizontal bars of `value` by `label`, coloured by `colour`, labelled with their value; optionally
    one panel per `facet` (each with its own scale, since units differ).

    `df` needs: label, value, value_text, note_text, and `colour` (and `facet`)."""
    scale = alt.Scale(type="log") if log else alt.Scale(zero=True)
    colour_scale = actor_scale(sorted(df[colour].unique())) if colour == "actor" else alt.Undefined
    tooltip = [
        alt.Tooltip("label:N", title="What"),
        alt.Tooltip("value_text:N", title="Figure"),
        alt.Tooltip("note_text:N", title="Source"),
    ]
    base = alt.Chart(df).encode(
        y=alt.Y("label:N", title=None, sort=None, axis=alt.Axis(labelLimit=260)),
        x=alt.X("value:Q", title=x_title, scale=scale),
        tooltip=tooltip,
    )
    bars = base.mark_bar().encode(color=alt.Color(f"{colour}:N", scale=colour_scale, legend=None))
    text = base.mark_text(align="left", dx=4, fontSize=11, color=TEXT).encode(text="value_text:N")
    layer = (bars + text).properties(
        width=WIDTH - 180 if facet else WIDTH,
        height=height or 30 * df.groupby(facet or colour)["label"].nunique().max(),
    )
    if facet:
        layer = alt.vconcat(
            *[layer.transform_filter(alt.datum[facet] == value).properties(title=value) for value in df[facet].unique()]
        ).resolve_scale(x="independent")
    description = f"Bar chart of {df['label'].nunique()} figures: {x_title}."
    return _foot(layer, source, description)


def count_bars(counts: pd.DataFrame, source: str) -> alt.TopLevelMixin:
    """Stacked horizontal bars of `count` by `severity`, split by `kind`."""
    chart = (
        alt.Chart(counts)
        .mark_bar()
        .encode(
            y=alt.Y("severity:N", title=None, sort=list(dict.fromkeys(counts["severity"]))),
            x=alt.X("sum(count):Q", title="Findings"),
            color=alt.Color("kind:N", title="What was checked"),
            tooltip=[
                alt.Tooltip("severity:N", title="Severity"),
                alt.Tooltip("kind:N", title="Kind"),
                alt.Tooltip("count:Q", title="Findings"),
            ],
        )
        .properties(width=WIDTH, height=110)
    )
    description = f"Stacked bar chart of {int(counts['count'].sum())} findings by severity and kind."
    return _foot(chart, source, description)


ERA_COLOURS = ["#cfe3f3", "#f6dfb6", "#c7e9df", "#f2c9b5", "#ead1e2", "#d6ecf8", "#f9f3b8", "#dddddd"]


def timeline_eras(
    events: pd.DataFrame, eras: pd.DataFrame, source: str, lanes: str = "lane", era_title: str = "Period"
) -> alt.TopLevelMixin:
    """A timeline with periods (presidencies, regimes, phases) as labelled bands in their own lanes above the
    dated events, which show as points (spans for events that lasted); drag across the overview strip to
    zoom. Hover for the event or period, its dates and its notes.

    `eras` needs: label, lane, start, end, when, title, notes_text. `events` needs: start, end, when, title,
    notes_text and the `lanes` column (which also sets the colour)."""
    cols = ["label", "lane", "start", "end", "when", "title", "notes_text"]
    starts = pd.to_datetime(pd.concat([eras["start"], events["start"]]))
    ends = pd.to_datetime(pd.concat([eras["end"], events["end"]]))
    full = (ends.max() - starts.min()).days or 1
    share = (pd.to_datetime(eras["end"]) - pd.to_datetime(eras["start"])).dt.days / full
    band_rows = eras[cols].assign(kind="era", text=eras["label"].where(share > 0.15, ""))
    event_rows = events.assign(lane=events[lanes], label=events[lanes])[cols].assign(kind="event", text="")
    frame = pd.concat([band_rows, event_rows], ignore_index=True)
    lane_order = list(dict.fromkeys([*band_rows["lane"], *event_rows["lane"]]))

    brush = alt.selection_interval(encodings=["x"], name="period")
    x = alt.X("start:T", title=None, scale=alt.Scale(domain=brush, padding=8))
    y = alt.Y("lane:N", title=None, sort=lane_order, axis=alt.Axis(labelLimit=200))
    tooltip = [
        alt.Tooltip("label:N", title="Kind"),
        alt.Tooltip("when:N", title="When"),
        alt.Tooltip("title:N", title="What"),
        alt.Tooltip("notes_text:N", title="Notes"),
    ]
    base = alt.Chart(frame)
    era_base = base.transform_filter("datum.kind == 'era'")
    event_base = base.transform_filter("datum.kind == 'event'")
    era_scale = alt.Scale(domain=list(eras["label"]), range=ERA_COLOURS[: max(len(eras), 1)])
    bands = era_base.mark_bar(clip=True, stroke="#ffffff", strokeWidth=1).encode(
        x=x,
        x2="end:T",
        y=y,
        color=alt.Color(
            "label:N",
            title=era_title,
            scale=era_scale,
            legend=alt.Legend(columns=2, symbolType="square", labelLimit=260),
        ),
        tooltip=tooltip,
    )
    band_text = era_base.mark_text(clip=True, align="left", dx=4, fontSize=11, color=TEXT).encode(
        x=x, y=y, text="text:N", tooltip=tooltip
    )
    event_lanes = list(dict.fromkeys(event_rows["lane"]))
    colour = alt.Color("lane:N", legend=None, scale=alt.Scale(domain=event_lanes, range=PALETTE[: len(event_lanes)]))
    spans = (
        event_base.transform_filter("datum.end != datum.start")
        .mark_rule(strokeWidth=5, opacity=0.55, clip=True)
        .encode(x=x, x2="end:T", y=y, color=colour, tooltip=tooltip)
    )
    points = event_base.mark_point(filled=True, size=80, opacity=0.9, clip=True).encode(
        x=x, y=y, color=colour, tooltip=tooltip
    )
    detail = (
        alt.layer(bands, band_text, spans, points)
        .resolve_scale(color="independent")
        .properties(width=WIDTH, height=30 * len(lane_order))
    )
    x_all = alt.X("start:T", title="The whole period", scale=alt.Scale(padding=8))
    overview = (
        alt.layer(
            era_base.mark_bar(height=6, opacity=0.8).encode(
                x=x_all, x2="end:T", color=alt.Color("label:N", legend=None, scale=era_scale)
            ),
            event_base.mark_tick(thickness=2, size=14).encode(x=x_all, color=colour).add_params(brush),
        )
        .resolve_scale(color="independent")
        .properties(width=WIDTH, height=30)
    )
    description = f"Timeline of {len(events)} dated events and {len(eras)} periods, {_span(pd.concat([eras, events]))}."
    return _foot(alt.vconcat(detail, overview, spacing=8), source, description, ZOOM_HINT)


def bars_with_reference(
    df: pd.DataFrame, source: str, x_title: str, reference: float, reference_label: str, colour: str = "actor"
) -> alt.TopLevelMixin:
    """Horizontal bars of `value` by `label` (as `grouped_bars`) with a dashed rule at `reference`, e.g. the
    article's own figure beside a recomputed one; the rule is labelled at the foot of the plot.

    `df` needs: label, value, value_text, note_text and `colour`."""
    height = 30 * df["label"].nunique()
    colour_scale = actor_scale(sorted(df[colour].unique())) if colour == "actor" else alt.Undefined
    tooltip = [
        alt.Tooltip("label:N", title="What"),
        alt.Tooltip("value_text:N", title="Figure"),
        alt.Tooltip("note_text:N", title="Source"),
    ]
    top = max(float(df["value"].max()), float(reference)) * 1.25
    x = alt.X("value:Q", title=x_title, scale=alt.Scale(zero=True, domain=[0, top]))
    base = alt.Chart(df).encode(
        y=alt.Y("label:N", title=None, sort=None, axis=alt.Axis(labelLimit=260)), x=x, tooltip=tooltip
    )
    bars = base.mark_bar().encode(color=alt.Color(f"{colour}:N", scale=colour_scale, legend=None))
    text = base.mark_text(align="left", dx=4, fontSize=11, color=TEXT).encode(text="value_text:N")
    ref = pd.DataFrame({"value": [float(reference)], "label": [reference_label]})
    ref_tooltip = [alt.Tooltip("label:N", title="Reference")]
    rule = (
        alt.Chart(ref)
        .mark_rule(strokeDash=[6, 4], color=TEXT, strokeWidth=1.5)
        .encode(x="value:Q", tooltip=ref_tooltip)
    )
    rule_text = (
        alt.Chart(ref)
        .mark_text(align="left", baseline="bottom", dx=5, dy=-4, fontSize=11, fontStyle="italic", color=TEXT)
        .encode(x="value:Q", y=alt.value(height), text="label:N", tooltip=ref_tooltip)
    )
    description = f"Bar chart of {df['label'].nunique()} figures with a reference line: {x_title}."
    return _foot((bars + text + rule + rule_text).properties(width=WIDTH, height=height), source, description)


def population_lines(series: pd.DataFrame, points: pd.DataFrame, source: str) -> alt.TopLevelMixin:
    """Population by year, one line per country, with figures stated in the text as labelled diamonds;
    hover a line or a diamond for the value.

    `series` needs: actor, year, million. `points` needs: actor, year, million, label, value_text,
    note_text."""
    actors = list(dict.fromkeys([*series["actor"], *points["actor"]]))
    colour = alt.Color("actor:N", title=None, scale=actor_scale(actors))
    x = alt.X("year:Q", title=None, axis=alt.Axis(format="d", tickMinStep=1))
    y = alt.Y("million:Q", title="Population (million)", scale=alt.Scale(zero=True))
    hover = alt.selection_point(fields=["year"], nearest=True, on="pointerover", empty=False, name="year_hover")
    lines = alt.Chart(series).mark_line(strokeWidth=2).encode(x=x, y=y, color=colour)
    dots = (
        alt.Chart(series)
        .mark_point(filled=True, size=30)
        .encode(
            x=x,
            y=y,
            color=colour,
            opacity=alt.condition(hover, alt.value(1), alt.value(0)),
            tooltip=[
                alt.Tooltip("actor:N", title="Country"),
                alt.Tooltip("year:Q", title="Year", format="d"),
                alt.Tooltip("million:Q", title="Million people (World Bank)", format=".2f"),
            ],
        )
        .add_params(hover)
    )
    stated = (
        alt.Chart(points)
        .mark_point(shape="diamond", filled=True, size=140, stroke="#000000", strokeWidth=1)
        .encode(
            x=x,
            y=y,
            color=colour,
            tooltip=[
                alt.Tooltip("label:N", title="Figure"),
                alt.Tooltip("value_text:N", title="Value"),
                alt.Tooltip("year:Q", title="Year", format="d"),
                alt.Tooltip("note_text:N", title="Source"),
            ],
        )
    )
    offsets = sorted(points["offset"].unique()) if "offset" in points else [0]
    labels = [
        alt.Chart(points)
        .transform_filter(f"datum.offset == {int(dy)}" if "offset" in points else "true")
        .mark_text(align="right", dx=-10, dy=int(dy), fontSize=11, color=TEXT)
        .encode(x=x, y=y, text="value_text:N")
        for dy in offsets
    ]
    description = (
        f"Line chart of population by year, {series['year'].min()}–{series['year'].max()}, for "
        f"{', '.join(actors)}, with {len(points)} stated figures as diamonds."
    )
    chart = alt.layer(lines, dots, stated, *labels).properties(width=WIDTH, height=300)
    return _foot(chart, source, description, "Hover over a line for a year's value; the data table lists them all.")


def unit_rows(units: pd.DataFrame, source: str, unit_title: str) -> alt.TopLevelMixin:
    """One square per counted unit (a country, say), one row per group, with the count at the row's end.

    `units` needs: label, position (1, 2, … within the label), value_text, note_text."""
    tooltip = [
        alt.Tooltip("label:N", title="What"),
        alt.Tooltip("value_text:N", title="Count"),
        alt.Tooltip("note_text:N", title="Source"),
    ]
    base = alt.Chart(units).encode(y=alt.Y("label:N", title=None, sort=None, axis=alt.Axis(labelLimit=220)))
    squares = base.mark_square(size=420, color=PALETTE[2], opacity=0.9).encode(
        x=alt.X("position:O", title=unit_title, axis=alt.Axis(labels=False, ticks=False, domain=False)),
        tooltip=tooltip,
    )
    counts = (
        base.transform_aggregate(n="max(position)", groupby=["label", "value_text"])
        .transform_calculate(text="datum.value_text")
        .mark_text(align="left", dx=18, fontSize=12, fontWeight="bold", color=TEXT)
        .encode(x=alt.X("n:O"), text="text:N")
    )
    description = f"Unit chart, one row for each of {units['label'].nunique()} groups ({unit_title.lower()})."
    return _foot(
        (squares + counts).properties(width=WIDTH - 200, height=34 * units["label"].nunique()), source, description
    )
