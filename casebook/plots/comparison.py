"""``plot_comparison``: several courses (usually the two cases) on one day axis.

One style per case: colour, marker symbol and line dash all differ, so that the cases stay apart
without colour (print, colour-vision deficiencies). Provenance keeps ``plot_course``'s key:
filled markers are reported values, hollow markers reconstructed (teaching) ones.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import takewhile
from typing import TYPE_CHECKING, Any

from casebook.model import Case, Observation
from casebook.plots.points import (
    Point,
    check_shared_day,
    daily_until,
    ice_points,
    numeric_points,
    observations,
    positive,
)
from casebook.plots.style import (
    BLUE,
    GREEN,
    GREY,
    PURPLE,
    VERMILLION,
    case_hovertemplate,
    case_label,
    layout,
    words,
)
from casebook.plots.traces import (
    day_axes,
    fever_line,
    ice_bands,
    legend_key,
    line_trace,
    marker_trace,
    stacked_panels,
    untestable_marks,
)
from casebook.vocab import ICE_MAX, PROVENANCE_LEGEND

if TYPE_CHECKING:  # plotly is imported when the function is called
    import plotly.graph_objects as go

__all__ = ["plot_comparison"]

_CASE_STYLES = (
    (BLUE, "circle", "solid"),
    (VERMILLION, "diamond", "dot"),
    (GREEN, "square", "dashdot"),
    (PURPLE, "triangle-up", "longdash"),
)
# Panels, top to bottom: (key, subplot title with units, y-axis title, height in px).
PANELS = (
    ("dose", "Blinatumomab dose (mcg/day)", "mcg/day", 110),
    (
        "ice",
        f"ICE score (points, 0-{ICE_MAX}; lower is worse) on the ASTCT ICANS grade bands",
        "ICE",
        220,
    ),
    ("icans", "Computed ICANS grade (ASTCT 2019)", "grade", 130),
    ("temp", "Temperature (°C, daily maximum)", "°C", 140),
    ("crs", "Computed CRS grade (ASTCT 2019)", "grade", 110),
    ("il6", "IL-6 (pg/mL), log scale", "pg/mL", 140),
)
_MARGIN = {"l": 80, "r": 150, "t": 130, "b": 60}
_DODGE = 0.12  # days: the cases' markers sit side by side instead of on top of each other


@dataclass(frozen=True)
class _CaseStyle:
    key: str  # legend group
    label: str
    color: str
    symbol: str
    dash: str
    offset: float


def _check_cases(cases: Any) -> list[Case]:
    if isinstance(cases, Case):
        cases = [cases]
    try:
        cases = list(cases)
    except TypeError:
        raise TypeError(f"cases must be a sequence of Case objects; got {cases!r}") from None
    if not cases or len(cases) > len(_CASE_STYLES):
        raise ValueError(f"cases must hold 1 to {len(_CASE_STYLES)} cases; got {len(cases)}")
    bad = [c for c in cases if not isinstance(c, Case)]
    if bad:
        raise TypeError(f"cases must be Case objects (casebook.load_case); got {bad[0]!r}")
    ids = [c.id for c in cases]
    if len(set(ids)) != len(ids):
        raise ValueError(f"each case may appear once; got the ids {ids}")
    return cases


def _series(
    fig: go.Figure,
    points: Sequence[Point],
    style: _CaseStyle,
    *,
    row: int,
    label: str,
    shape: str = "linear",
) -> None:
    """One case's series: a line in the case's dash (broken where ``y`` is None) and markers in
    the case's symbol, filled when reported, hollow when reconstructed."""
    points = sorted(points, key=lambda p: p.day)
    ys = [p.y for p in points]
    if sum(y is not None for y in ys) > 1:
        line_trace(
            fig,
            [p.day + style.offset for p in points],
            ys,
            row=row,
            color=style.color,
            dash=style.dash,
            shape=shape,
            connectgaps=False,
            legendgroup=style.key,
            name=f"{style.label}: {label}, line",
        )
    marker_trace(
        fig,
        points,
        row=row,
        color=style.color,
        base=style.symbol,
        hovertemplate=case_hovertemplate(style.label, label),
        name=f"{style.label}: {label}",
        offset=style.offset,
        with_day=True,
        legendgroup=style.key,
    )


def _ice(
    fig: go.Figure, case: Case, obs: list[Observation], style: _CaseStyle, last: int, row: int
) -> None:
    days = takewhile(lambda day: day <= last, case.day_numbers)
    points, untestable = ice_points(case, obs, days, 0.0)
    _series(fig, points, style, row=row, label="ICE score")
    if untestable:
        untestable_marks(
            fig,
            row=row,
            x=[p.day + style.offset for p in untestable],
            y=[p.y for p in untestable],
            sources=[p.source for p in untestable],
            color=style.color,
            customdata=[[*p.custom, p.day] for p in untestable],
            hovertemplate=case_hovertemplate(style.label, "ICE score"),
            name=f"{style.label}: ICE not testable",
            legendgroup=style.key,
        )


def _grade(value: Any) -> float | None:
    """A grade of ``daily()`` as a y value; None (a gap) on a day without that grade."""
    import pandas as pd

    return None if pd.isna(value) else float(value)


def _grades(fig: go.Figure, daily: Any, style: _CaseStyle, row_of: dict[str, int]) -> None:
    icans, crs = [], []
    for rec in daily.itertuples(index=False):
        day, source = int(rec.day), rec.source
        drivers = f"set by: {words(rec.icans_drivers)}" if rec.icans_drivers else ""
        icans.append(
            Point(day, _grade(rec.icans_grade), f"ICANS grade {rec.icans_grade}", drivers, source)
        )
        crs_note = f"hypotension: {words(rec.hypotension)}; oxygen: {words(rec.oxygen)}"
        if rec.fever_masked:
            crs_note += "; fever masked (an antipyretic or anti-cytokine drug is acting)"
        crs.append(
            Point(day, _grade(rec.crs_grade), f"CRS grade {rec.crs_grade}", crs_note, source)
        )
    _series(fig, icans, style, row=row_of["icans"], label="computed ICANS grade")
    _series(fig, crs, style, row=row_of["crs"], label="computed CRS grade")


def plot_comparison(cases: Sequence[Case], *, until_day: int | None = None) -> go.Figure:
    """Several courses (usually the two cases) on one day axis, as stacked panels.

    Panels: blinatumomab dose; ICE score on the ASTCT ICANS grade bands (a day whose ICE could
    not be done is an X at 0, labelled); the computed ICANS grade; temperature with the 38.0 C
    fever line; the computed CRS grade; IL-6 on a log scale. Grades come from ``Case.daily()``
    (the grading engine), never from the data.

    Each case has its own colour, marker symbol and line dash, and a legend entry naming it
    ("Case 1 (69 y)"); clicking it hides or shows that case everywhere. Markers are filled for
    reported values and hollow for reconstructed (teaching) ones, as in ``plot_course``; the
    markers of the cases sit slightly apart on the day axis so they do not hide each other
    (hover shows the true day).

    ``cases``: 1 to 4 ``Case`` objects with different ids. ``until_day`` keeps only days up to
    and including it. Returns a ``plotly.graph_objects.Figure``; it is not shown and holds no
    plotly.js.
    """
    cases = _check_cases(cases)
    last = check_shared_day(cases, until_day)
    days = sorted({d for c in cases for d in c.day_numbers})
    items = {o.item for c in cases for o in c.observations}
    keep = {"dose": "blinatumomab" in items, "il6": "il6" in items}
    layout_panels = tuple(p for p in PANELS if keep.get(p[0], True))
    row_of = {key: i + 1 for i, (key, *_rest) in enumerate(layout_panels)}
    panel_px = [px for *_, px in layout_panels]
    fig, plot_px = stacked_panels(layout_panels, panel_px)
    total = plot_px + _MARGIN["t"] + _MARGIN["b"]

    # ICANS grade bands of the ICE domain and the fever line (ASTCT 2019), behind the data.
    ice_bands(fig, row_of["ice"])
    fever_line(fig, row_of["temp"])

    temps: list[float] = []
    for i, case in enumerate(cases):
        color, symbol, dash = _CASE_STYLES[i]
        style = _CaseStyle(
            key=f"case-{case.id}",
            label=case_label(case),
            color=color,
            symbol=symbol,
            dash=dash,
            offset=round((i - (len(cases) - 1) / 2) * 2 * _DODGE, 3),
        )
        # Legend entry naming the case, drawn in its colour, symbol and dash.
        legend_key(fig, name=style.label, group=style.key, color=color, symbol=symbol, dash=dash)
        obs = observations(case, last)
        daily = daily_until(case, last)
        if "dose" in row_of:
            dose = numeric_points(obs, "blinatumomab", "mcg/day")
            _series(fig, dose, style, row=row_of["dose"], label="blinatumomab", shape="hv")
        _ice(fig, case, obs, style, last, row_of["ice"])
        _grades(fig, daily, style, row_of)
        temp = numeric_points(obs, "temperature", "°C")
        temps += [p.y for p in temp if p.y is not None]
        _series(fig, temp, style, row=row_of["temp"], label="temperature")
        if "il6" in row_of:
            il6 = positive(numeric_points(obs, "il6", "pg/mL"))
            _series(fig, il6, style, row=row_of["il6"], label="IL-6")

    # Provenance key, the same shapes as plot_course's markers.
    for source, base in (("report", "circle"), ("reconstructed", "circle-open")):
        legend_key(
            fig,
            name=f"{PROVENANCE_LEGEND[source]} values",
            group=f"provenance-{source}",
            color=GREY,
            symbol=base,
        )

    grade_ticks = {"tickvals": [0, 1, 2, 3, 4], "range": [-0.5, 4.5]}
    if "dose" in row_of:
        fig.update_yaxes(range=[0, 28 * 1.3], row=row_of["dose"], col=1)
    fig.update_yaxes(range=[-1.3, 11], tickvals=[0, 2, 4, 6, 8, 10], row=row_of["ice"], col=1)
    fig.update_yaxes(**grade_ticks, row=row_of["icans"], col=1)
    fig.update_yaxes(**grade_ticks, row=row_of["crs"], col=1)
    fig.update_yaxes(
        range=[min([36.0, *temps]) - 0.4, max([39.6, *temps]) + 0.4], row=row_of["temp"], col=1
    )
    if "il6" in row_of:
        fig.update_yaxes(type="log", dtick=1, row=row_of["il6"], col=1)
    titles = {c.therapy.day_axis_title for c in cases}
    zeros = {c.therapy.day_zero_tick for c in cases}
    day_axes(
        fig,
        days,
        layout_panels,
        title=titles.pop() if len(titles) == 1 else "Day (day 0 as each case defines it)",
        zero=zeros.pop() if len(zeros) == 1 else "day 0",
    )

    names = " and ".join(case_label(c) for c in cases)
    layout(
        fig,
        total=total,
        title=(
            f"{names}: courses on one day axis, up to day {last}<br><sup>Filled markers:"
            " reported; hollow: reconstructed (teaching). Hover a point for its value, note"
            " and source. For education only.</sup>"
        ),
        legend_y=62,
        margin=_MARGIN,
        uirevision="comparison-" + "-".join(c.id for c in cases),
    )
    return fig
