"""The pieces both course figures are built from: stacked panels on one day axis, the ICE grade
bands and the fever line, legend keys, and the line and marker traces of a series (one marker
trace for every series of every figure)."""

from __future__ import annotations

import html
from collections.abc import Collection, Sequence
from itertools import pairwise
from typing import TYPE_CHECKING, Any

from casebook.grading import ICE_BANDS
from casebook.plots.points import Point
from casebook.plots.sketch import Sketch, axis_names
from casebook.plots.style import AXIS_LINE, BAND_FILL, BLACK, GREY, GRID, markers, symbol
from casebook.vocab import FEVER_THRESHOLD_C, ICE_MAX

if TYPE_CHECKING:  # plotly is imported when a function is called
    import plotly.graph_objects as go

# ICANS grade bands of the ICE domain, taken from the engine's table (casebook.grading.ICE_BANDS),
# source ASTCT 2019 (Lee et al., Biol Blood Marrow Transplant 2019;25:625-638): ICE 7-9 is grade
# 1, 3-6 grade 2, 0-2 grade 3; 10 is normal (ICE 0 because the patient is unarousable: grade 4).
ICE_GRADE_BANDS = tuple((b.grade, b.low, b.high) for b in ICE_BANDS if b.grade > 0)
SPACING_PX = 52


# -- panels --------------------------------------------------------------------------------------
def stacked_panels(panels: Sequence[tuple], panel_px: list[int]) -> tuple[go.Figure, int]:
    """One column of ``panels`` (key, subplot title, ...) on a shared day axis, ``panel_px`` high
    and SPACING_PX apart, their titles left-aligned; returns the figure and the plot height."""
    from plotly.subplots import make_subplots

    plot_px = sum(panel_px) + SPACING_PX * (len(panels) - 1)
    fig = make_subplots(
        rows=len(panels),
        cols=1,
        shared_xaxes=True,
        vertical_spacing=SPACING_PX / plot_px,
        row_heights=[px / sum(panel_px) for px in panel_px],
        subplot_titles=[title for _, title, *_ in panels],
    )
    for annotation in fig.layout.annotations:  # the subplot titles
        annotation.update(x=0, xanchor="left", font={"size": 13, "color": BLACK})
    return fig, plot_px


def day_axes(
    fig: go.Figure,
    days: Sequence[int],
    panels: Sequence[tuple],
    *,
    title: str = "Day of blinatumomab cycle",
    zero: str = "baseline",
) -> None:
    """The shared day axis titled ``title`` (day 0 marked ``zero``, e.g. "baseline" or
    "infusion"; ``Therapy.day_axis_title`` and ``Therapy.day_zero_tick``) and the y axes' grid
    and titles."""
    # Upright tick labels (never turned on their side and cut at the figure's edge); the
    # blinatumomab cycles write "0 (baseline)" under day 0 on two lines, other therapies name
    # day 0 in the axis title. Tick marks on the bottom axis only (the panels above have the
    # day grid), and no checks for labels overflowing (none can: they are upright and short):
    # both make each redraw of the day stepper about a quarter faster.
    fig.update_xaxes(
        tickangle=0,
        ticklabeloverflow="allow",
        tickmode="array",
        tickvals=days,
        ticktext=[f"0<br>({zero})" if d == 0 and zero == "baseline" else str(d) for d in days],
        range=[min(days) - 0.6, max(days) + 0.6],
        showgrid=True,
        gridcolor=GRID,
        zeroline=False,
        showline=True,
        linecolor=AXIS_LINE,
    )
    # the title names the case's product, text from case.yaml: escaped for plotly's HTML labels
    fig.update_xaxes(title={"text": html.escape(title)}, ticks="outside", row=len(panels), col=1)
    fig.update_yaxes(
        showgrid=True,
        gridcolor=GRID,
        zeroline=False,
        showline=True,
        linecolor=AXIS_LINE,
        ticklabeloverflow="allow",
    )
    for i, (_, _, ytitle, _) in enumerate(panels, start=1):
        if ytitle:
            fig.update_yaxes(title={"text": ytitle, "font": {"size": 11}}, row=i, col=1)


def axis_ref(fig: go.Figure | Sketch, row: int) -> tuple[str, str]:
    """("x2", "y2")-style references of a panel's axes (one column of panels)."""
    return axis_names(row)


def right_label(fig: go.Figure, row: int, y: float, text: str, color: str = BLACK) -> None:
    """A label just right of a panel, level with ``y`` (band names, the fever line)."""
    xref, yref = axis_ref(fig, row)
    fig.add_annotation(
        x=1.01,
        xref=f"{xref} domain",
        xanchor="left",
        y=y,
        yref=yref,
        text=text,
        showarrow=False,
        font={"size": 11, "color": color},
        align="left",
    )


def _band(fig: go.Figure, row: int, y0: float, y1: float, color: str) -> None:
    """A shaded horizontal band across a panel, behind the data."""
    xref, yref = axis_ref(fig, row)
    fig.add_shape(
        type="rect",
        xref=f"{xref} domain",
        x0=0,
        x1=1,
        yref=yref,
        y0=y0,
        y1=y1,
        fillcolor=color,
        opacity=0.22,
        line={"width": 0},
        layer="below",
    )


def ice_bands(fig: go.Figure, row: int) -> None:
    """The ICANS grade bands of the ICE domain (ASTCT 2019) behind the data, named on the right."""
    for grade, low, high in ICE_GRADE_BANDS:
        _band(fig, row, low - 0.5, high + 0.5, BAND_FILL[grade])
        right_label(fig, row, (low + high) / 2, f"grade {grade}: ICE {low}-{high}")
    right_label(fig, row, ICE_MAX, f"ICE {ICE_MAX}: normal", GREY)


def fever_line(fig: go.Figure, row: int) -> None:
    """Fever: a temperature of at least 38.0 C (ASTCT 2019, Lee et al.; casebook.vocab)."""
    xref, yref = axis_ref(fig, row)
    fig.add_shape(
        type="line",
        xref=f"{xref} domain",
        x0=0,
        x1=1,
        yref=yref,
        y0=FEVER_THRESHOLD_C,
        y1=FEVER_THRESHOLD_C,
        line={"color": GREY, "width": 1.5, "dash": "dash"},
        layer="below",
    )
    right_label(
        fig, row, FEVER_THRESHOLD_C, f"fever ≥ {FEVER_THRESHOLD_C:.1f} °C<br>(ASTCT 2019)", GREY
    )


# -- traces --------------------------------------------------------------------------------------
def legend_key(
    fig: go.Figure,
    *,
    name: str,
    group: str,
    color: str,
    symbol: str,
    dash: str | None = None,
    line: bool | None = None,
    row: int = 1,
    size: int = 9,
    outline: bool = True,
    showlegend: bool | None = None,
) -> None:
    """A legend entry with no data: the marker and, with ``line`` (default: given a ``dash``),
    the line it stands for."""
    line = dash is not None if line is None else line
    style = {"color": color, "width": 2} | ({"dash": dash} if dash else {})
    marker: dict[str, Any] = {"color": color, "symbol": symbol, "size": size}
    if outline:
        marker["line"] = {"width": 2}
    fig.add_trace(
        dict(
            type="scatter",
            x=[None],
            y=[None],
            mode="lines+markers" if line else "markers",
            line=style if line else None,
            marker=marker,
            name=name,
            legendgroup=group,
            showlegend=showlegend,
            hoverinfo="skip",
        ),
        row=row,
        col=1,
    )


def line_trace(
    fig: go.Figure,
    xs: list,
    ys: list,
    *,
    row: int,
    color: str,
    dash: str,
    name: str,
    legendgroup: str | None = None,
    shape: str | None = None,
    connectgaps: bool | None = None,
) -> None:
    """A series' line (no hover, no legend entry); ``None`` in ``ys`` breaks it."""
    style = {"color": color, "width": 2, "dash": dash} | ({"shape": shape} if shape else {})
    fig.add_trace(
        dict(
            type="scatter",
            x=xs,
            y=ys,
            mode="lines",
            line=style,
            connectgaps=connectgaps,
            hoverinfo="skip",
            showlegend=False,
            legendgroup=legendgroup,
            name=name,
        ),
        row=row,
        col=1,
    )


def marker_trace(
    fig: go.Figure,
    points: Sequence[Point],
    *,
    row: int,
    color: str,
    base: str,
    hovertemplate: str,
    name: str,
    offset: float | None = None,
    with_day: bool = False,
    legendgroup: str | None = None,
) -> None:
    """A series' markers (filled: reported, hollow: reconstructed), one per point with a value.
    ``offset`` shifts them along the day axis; ``with_day`` adds the true day as customdata[3]."""
    shown = [p for p in points if p.y is not None]
    if not shown:
        return
    fig.add_trace(
        dict(
            type="scatter",
            x=[p.day if offset is None else p.day + offset for p in shown],
            y=[p.y for p in shown],
            mode="markers",
            marker=markers(color, base, shown),
            customdata=[[*p.custom, p.day] if with_day else p.custom for p in shown],
            hovertemplate=hovertemplate,
            showlegend=False,
            legendgroup=legendgroup,
            name=name,
        ),
        row=row,
        col=1,
    )


def _line_xy(pairs: Sequence[tuple[Point, Point]]) -> tuple[list, list]:
    """Join segments into one x/y pair of lists, with None between separate runs."""
    xs: list = []
    ys: list = []
    for p, q in pairs:
        if not (xs and xs[-1] == p.day and ys[-1] == p.y):
            if xs:
                xs.append(None)
                ys.append(None)
            xs += [p.day]
            ys += [p.y]
        xs.append(q.day)
        ys.append(q.y)
    return xs, ys


def joined(p: Point, q: Point, days: Collection[int] | None) -> bool:
    """Whether a line joins two consecutive points: both have a value and no day between them is
    missing from the case (``days``): a gap in the days is drawn as a gap."""
    if p.y is None or q.y is None:
        return False
    return days is None or all(d in days for d in range(p.day + 1, q.day))


def provenance_lines(
    fig: go.Figure,
    points: Sequence[Point],
    *,
    row: int,
    label: str,
    color: str,
    legendgroup: str | None = None,
    days: Collection[int] | None = None,
) -> None:
    """Lines between consecutive points: solid between two reported points, dashed where either
    end is not (wholly) reported. A point with ``y`` None breaks the line, and so does a day
    missing from ``days`` (the case's days) between two points."""
    pairs = [(p, q) for p, q in pairwise(points) if joined(p, q, days)]
    solid = [(p, q) for p, q in pairs if p.source == "report" and q.source == "report"]
    dashed = [(p, q) for p, q in pairs if not (p.source == "report" and q.source == "report")]
    for segs, dash in ((solid, "solid"), (dashed, "dash")):
        if segs:
            xs, ys = _line_xy(segs)
            line_trace(
                fig,
                xs,
                ys,
                row=row,
                color=color,
                dash=dash,
                name=f"{label}, {dash} line",
                legendgroup=legendgroup,
            )


def untestable_marks(
    fig: go.Figure,
    *,
    row: int,
    x: list,
    y: list,
    sources: list[str],
    color: str,
    customdata: list,
    hovertemplate: str,
    name: str,
    legendgroup: str | None = None,
) -> None:
    """An X, labelled, on each day whose ICE could not be done."""
    fig.add_trace(
        dict(
            type="scatter",
            x=x,
            y=y,
            mode="markers+text",
            text=["not testable<br>(unarousable)"] * len(x),
            textposition="top center",
            textfont={"size": 10, "color": color},
            marker={
                "symbol": [symbol("x", source) for source in sources],
                "size": 11,
                "color": color,
                "line": {"color": color, "width": 1.5},
            },
            customdata=customdata,
            hovertemplate=hovertemplate,
            showlegend=False,
            legendgroup=legendgroup,
            name=name,
        ),
        row=row,
        col=1,
    )
