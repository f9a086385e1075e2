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
from analysis.metadata import ACTORS, NOT_ASSESSED, THREAT_LEVELS

PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]
# one colour per actor, in the order `metadata.ACTORS` declares them
ACTOR_COLOURS = dict(
    zip(ACTORS, ["#009E73", "#0072B2", "#D55E00", "#CC79A7", "#E69F00", "#56B4E9", "#000000"], strict=True)
)
WIDTH = 560
#: Dates are days, not instants: every time scale is in UTC, so that neither the build machine's time zone
#: nor the reader's shifts an axis (Vega otherwise uses local time).
UTC = alt.Scale(type="utc")
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
# Altair refuses to inline more than 5,000 rows; a long timeline is data, not a mistake. Every chart's rows
# are written into its spec (no files, nothing fetched), however many there are.
alt.data_transformers.disable_max_rows()


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
    x_detail = alt.X("start:T", title=None, scale=alt.Scale(type="utc", domain=brush, padding=8))
    y = alt.Y(f"{lanes}:N", title=None, sort=None)
    spans = (
        base.transform_filter("datum.end != datum.start")
        .mark_rule(strokeWidth=4, opacity=0.5)
        .encode(x=x_detail, x2="end:T", y=y, color=colour_enc, tooltip=tooltip)
    )
    points = _event_points(base, {"domain": brush, "padding": 8}, y, colour_enc, tooltip, shape=f"{colour}:N")
    detail = alt.layer(spans, *points).properties(width=WIDTH, height=height)
    overview = (
        base.mark_tick(thickness=2, size=14)
        .encode(
            x=alt.X("start:T", title="The whole period", scale=UTC),
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


def _event_points(
    base: alt.Chart, scale: dict, y: alt.Y, colour: alt.Color, tooltip: list, shape: str | None = None
) -> list[alt.Chart]:
    """An event's point: filled on the day where the day is known, hollow in the middle of the span drawn for
    a date known only to the month or year; and, where the package corrects the article's date, a grey cross
    at the date the article gives. Needs: at, exact, stated_at, stated_when."""
    utc = alt.Scale(**{**scale, "type": "utc"})  # as every time scale here (see UTC)
    x = alt.X("at:T", title=None, scale=utc)
    extra = {"shape": alt.Shape(shape, legend=None)} if shape else {}
    exact = base.transform_filter("datum.exact").mark_point(filled=True, size=70, opacity=0.9)
    rough = base.transform_filter("!datum.exact").mark_point(filled=False, size=70, opacity=0.9, strokeWidth=1.5)
    stated = (
        base.transform_filter("isValid(datum.stated_at)")
        .mark_point(shape="cross", size=70, color="#777777", filled=True, opacity=0.8)
        .encode(
            x=alt.X("stated_at:T", title=None, scale=utc),
            y=y,
            tooltip=[alt.Tooltip("title:N", title="Event"), alt.Tooltip("stated_when:N", title="Wrong date")],
        )
    )
    return [
        exact.encode(x=x, y=y, color=colour, tooltip=tooltip, **extra),
        rough.encode(x=x, y=y, color=colour, tooltip=tooltip, **extra),
        stated,
    ]


def factor_heatmap(coding_long: pd.DataFrame, source: str) -> alt.TopLevelMixin:
    """Actor × factor ratings, darker for a higher threat; a cell the article does not assess is left white
    with a dashed outline and says so. The passage, its notes and who judged it show on hover.

    `coding_long` needs: actor, factor_label, level_label (one of `THREAT_LEVELS`), score (NaN when not
    assessed), justification, passage_text, judged_text, notes_text."""
    base = alt.Chart(coding_long).encode(
        x=alt.X("factor_label:N", title=None, sort=None, axis=alt.Axis(labelAngle=0, labelLimit=140)),
        y=alt.Y("actor:N", title=None, sort=None),
    )
    tooltip = [
        alt.Tooltip("actor:N", title="Actor"),
        alt.Tooltip("factor_label:N", title="Factor"),
        alt.Tooltip("level_label:N", title="Rating"),
        alt.Tooltip("passage_text:N", title="Article"),
        alt.Tooltip("notes_text:N", title="Notes"),
        alt.Tooltip("judged_text:N", title="Judged by"),
        alt.Tooltip("justification:N", title="Why"),
    ]
    cells = base.mark_rect(stroke="#ffffff", strokeWidth=2).encode(
        color=alt.Color(
            "level_label:N",
            title="Threat rating",
            scale=alt.Scale(domain=list(THREAT_LEVELS), range=["#ffffff", *HEAT_COLOURS]),
            legend=alt.Legend(symbolStrokeColor=LEGEND_OUTLINE, symbolStrokeWidth=1),
        ),
        tooltip=tooltip,
    )
    silent = (
        base.transform_filter(f"datum.level_label == '{NOT_ASSESSED}'")
        .mark_rect(fill=None, stroke="#888888", strokeDash=[4, 3], strokeWidth=1)
        .encode(tooltip=tooltip)
    )
    labels = base.mark_text(fontSize=12).encode(
        text="level_label:N",
        color=alt.condition(f"datum.score >= {HEAT_LABEL_WHITE_FROM}", alt.value("#ffffff"), alt.value(TEXT)),
        tooltip=tooltip,
    )
    description = (
        f"Heat map of threat ratings from none to high, or not assessed: {coding_long['actor'].nunique()} actors "
        f"by {coding_long['factor_label'].nunique()} factors."
    )
    hint = "Hover over a cell for the quoted passage, its notes and the reason; the data table lists every cell."
    chart = (cells + silent + labels).properties(width=WIDTH, height=40 * coding_long["actor"].nunique())
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
    # unassessed (null) factors are left out and the weights re-normalised over the rest, as in
    # `threat.scores`; an actor with no weighted assessed factor gets no bar
    total = " + ".join(f"(isValid(datum.{f}) ? w_{f} : 0)" for f in factors)
    weighted = " + ".join(f"(isValid(datum.{f}) ? w_{f} * datum.{f} : 0)" for f in factors)
    frame = coding_wide.assign(equal=coding_wide[factors].mean(axis=1))  # over the assessed factors
    chart = (
        alt.Chart(frame)
        .add_params(*params)
        .transform_calculate(score=f"({total}) > 0 ? ({weighted}) / ({total}) : null")
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
    point_cols = ["at", "exact", "stated_at", "stated_when"]
    starts = pd.to_datetime(pd.concat([eras["start"], events["start"]]))
    ends = pd.to_datetime(pd.concat([eras["end"], events["end"]]))
    full = (ends.max() - starts.min()).days or 1
    share = (pd.to_datetime(eras["end"]) - pd.to_datetime(eras["start"])).dt.days / full
    band_rows = eras[cols].assign(kind="era", text=eras["label"].where(share > 0.15, ""))
    event_rows = events.assign(lane=events[lanes], label=events[lanes])[cols + point_cols]
    event_rows = event_rows.assign(kind="event", text="")
    frame = pd.concat([band_rows, event_rows], ignore_index=True)
    lane_order = list(dict.fromkeys([*band_rows["lane"], *event_rows["lane"]]))

    brush = alt.selection_interval(encodings=["x"], name="period")
    x = alt.X("start:T", title=None, scale=alt.Scale(type="utc", domain=brush, padding=8))
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
    points = _event_points(event_base, {"domain": brush, "padding": 8}, y, colour, tooltip)
    detail = (
        alt.layer(bands, band_text, spans, *points)
        .resolve_scale(color="independent")
        .properties(width=WIDTH, height=30 * len(lane_order))
    )
    x_all = alt.X("start:T", title="The whole period", scale=alt.Scale(type="utc", padding=8))
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


def measure_lines(
    series: pd.DataFrame, source: str, y_title: str, log: bool = False, fmt: str = ",.2f"
) -> alt.TopLevelMixin:
    """One line per actor over the years, the actor named at the line's end; hover for the year's value.

    `series` needs: actor, year, value."""
    actors = [a for a in ACTOR_COLOURS if a in set(series["actor"])]
    colour = alt.Color("actor:N", title=None, scale=actor_scale(actors), legend=None)
    x = alt.X("year:Q", title=None, axis=alt.Axis(format="d", tickMinStep=1))
    y = alt.Y("value:Q", title=y_title, scale=alt.Scale(type="log") if log else alt.Scale(zero=True))
    base = alt.Chart(series).encode(x=x, y=y, color=colour)
    tooltip = [
        alt.Tooltip("actor:N", title="Actor"),
        alt.Tooltip("year:Q", title="Year", format="d"),
        alt.Tooltip("value:Q", title=y_title, format=fmt),
    ]
    lines = base.mark_line(strokeWidth=2)
    dots = base.mark_point(filled=True, size=24, opacity=0.7).encode(tooltip=tooltip)
    last = series.loc[series.groupby("actor")["year"].idxmax()]
    labels = alt.Chart(last).mark_text(align="left", dx=6, fontSize=11).encode(x=x, y=y, text="actor:N", color=colour)
    description = (
        f"Line chart of {y_title.lower()} for {len(actors)} actors, {series['year'].min()}–{series['year'].max()}."
    )
    hint = "Hover over a point for the year's value; the data table lists them all."
    chart = alt.layer(lines, dots, labels).properties(width=WIDTH - 80, height=280)
    return _foot(chart, source, description, hint)


def distance_dots(frame: pd.DataFrame, source: str) -> alt.TopLevelMixin:
    """Each actor's distance from Iran by several measures, on a symmetric-log axis so that 0 (a shared
    border) and 10,000 km both show; hover for the figure.

    `frame` needs: actor, measure, value (km)."""
    actors = [a for a in ACTOR_COLOURS if a in set(frame["actor"])]
    chart = (
        alt.Chart(frame)
        .mark_point(filled=True, size=90)
        .encode(
            y=alt.Y("actor:N", title=None, sort=actors),
            x=alt.X(
                "value:Q",
                title="Distance from Iran (km, symmetric log scale)",
                scale=alt.Scale(type="symlog", constant=10),
                axis=alt.Axis(values=[0, 30, 100, 300, 1000, 3000, 10000], format=",.0f", formatType="number"),
            ),
            shape=alt.Shape("measure:N", title=None),
            color=alt.Color("measure:N", title=None, legend=alt.Legend(orient="bottom", columns=2, labelLimit=300)),
            tooltip=[
                alt.Tooltip("actor:N", title="Actor"),
                alt.Tooltip("measure:N", title="Measure"),
                alt.Tooltip("value:Q", title="km", format=",.0f"),
            ],
        )
        .properties(width=WIDTH, height=36 * len(actors))
    )
    description = "Dot chart of the distance from Iran to each actor by four measures, in kilometres."
    return _foot(chart, source, description)


def supplier_bars(blocks: pd.DataFrame, source: str) -> alt.TopLevelMixin:
    """Stacked bars of arms delivered per period, one colour per supplier; hover for TIV and share.

    `blocks` needs: period, supplier, tiv, share."""
    totals = blocks.groupby("supplier")["tiv"].sum().sort_values(ascending=False)
    suppliers = list(totals.index)
    colours = [PALETTE[i] if i < len(PALETTE) else "#aaaaaa" for i in range(len(suppliers))]
    chart = (
        alt.Chart(blocks)
        .mark_bar()
        .encode(
            x=alt.X("period:N", title="Delivery years", sort=None, axis=alt.Axis(labelAngle=0)),
            y=alt.Y("tiv:Q", title="SIPRI TIV delivered (million)", stack="zero"),
            color=alt.Color(
                "supplier:N",
                title="Supplier",
                scale=alt.Scale(domain=suppliers, range=colours),
                legend=alt.Legend(columns=4),
            ),
            order=alt.Order("tiv:Q", sort="descending"),
            tooltip=[
                alt.Tooltip("period:N", title="Years"),
                alt.Tooltip("supplier:N", title="Supplier"),
                alt.Tooltip("tiv:Q", title="TIV (million)", format=",.1f"),
                alt.Tooltip("share:Q", title="Share of the period (%)", format=".1f"),
            ],
        )
        .properties(width=WIDTH, height=280)
    )
    description = "Stacked bar chart of major arms delivered to Azerbaijan by supplier and block of years, in TIV."
    return _foot(chart, source, description)


def dependence_lines(frame: pd.DataFrame, source: str) -> alt.TopLevelMixin:
    """Each partner's share of Iran's and of Azerbaijan's trade over the years, one panel per country.

    `frame` needs: focus, partner, year, value (percent)."""
    partners = [a for a in ACTOR_COLOURS if a in set(frame["partner"])]
    panels = []
    for focus in frame["focus"].unique():
        part = frame[frame["focus"] == focus]
        chart = (
            alt.Chart(part)
            .mark_line(point=alt.OverlayMarkDef(filled=True, size=20))
            .encode(
                x=alt.X("year:Q", title=None, axis=alt.Axis(format="d")),
                y=alt.Y("value:Q", title=f"Share of {focus}'s trade (%)"),
                color=alt.Color("partner:N", title="Partner", scale=actor_scale(partners)),
                tooltip=[
                    alt.Tooltip("partner:N", title="Partner"),
                    alt.Tooltip("year:Q", title="Year", format="d"),
                    alt.Tooltip("value:Q", title="Share (%)", format=".2f"),
                    alt.Tooltip("total:Q", title="Trade (USD million)", format=",.0f"),
                ],
            )
            .properties(width=WIDTH, height=200, title=f"{focus}'s trade with each partner")
        )
        panels.append(chart)
    description = "Line charts of each partner's share of Iran's and of Azerbaijan's total trade, by year."
    return _foot(alt.vconcat(*panels, spacing=16), source, description)


def composite_switch(frame: pd.DataFrame, source: str) -> alt.TopLevelMixin:
    """Coded and measured composite side by side; in HTML a radio button shows one of them alone.

    The static picture (the PDF) shows both. `frame` needs: composite, actor, score, first_share, rank."""
    choice = alt.param(
        name="composite_shown",
        value="both",
        bind=alt.binding_radio(options=["both", "coded", "measured"], name="Composite shown: "),
    )
    actors = [a for a in ACTOR_COLOURS if a in set(frame["actor"])]
    base = (
        alt.Chart(frame)
        .add_params(choice)
        .transform_filter("composite_shown == 'both' || datum.composite == composite_shown")
        .encode(
            y=alt.Y("actor:N", title=None, sort=actors),
            yOffset=alt.YOffset("composite:N", sort=["coded", "measured"]),
        )
    )
    tooltip = [
        alt.Tooltip("composite:N", title="Composite"),
        alt.Tooltip("actor:N", title="Actor"),
        alt.Tooltip("score:Q", title="Score, equal weights (0–3)", format=".2f"),
        alt.Tooltip("rank:Q", title="Rank"),
        alt.Tooltip("first_share:Q", title="Ranks first (% of weightings)", format=".1f"),
    ]
    bars = base.mark_bar().encode(
        x=alt.X("score:Q", title="Composite threat, equal weights (0–3)", scale=alt.Scale(domain=[0, 3])),
        color=alt.Color(
            "composite:N",
            title="Composite",
            scale=alt.Scale(domain=["coded", "measured"], range=["#999999", "#0072B2"]),
        ),
        tooltip=tooltip,
    )
    text = base.mark_text(align="left", dx=4, fontSize=11, color=TEXT).encode(
        x="score:Q", text=alt.Text("label:N"), tooltip=tooltip
    )
    chart = (bars + text).transform_calculate(
        label="format(datum.score, '.2f') + ' · first in ' + format(datum.first_share, '.0f') + '%'"
    )
    description = f"Bar chart of the coded and the measured composite threat score of {len(actors)} actors."
    return _foot(chart.properties(width=WIDTH - 60, height=56 * len(actors)), source, description)
