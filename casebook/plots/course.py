"""``plot_course``: the course of one case as stacked panels on one day axis.

plotly.express style: keyword-only options, returns the figure, never shows it, writes it or
embeds plotly.js. ``until_day`` lets a stepper reveal the course one day at a time: the figure
then holds no value from a later day (not merely a narrowed axis). Grades are never read from
the data: they come from ``Case.daily()``, which calls the grading engine. The panels are drawn
by ``casebook.plots.panels`` and ``casebook.plots.timeline``.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

from casebook.model import Case
from casebook.plots.panels import (
    dose_panel,
    ice_panel,
    lab_items,
    labs_panel,
    labs_title,
    legend_name,
    sodium_panel,
    temperature_panel,
)
from casebook.plots.points import check_height, check_until_day, daily_until, observations
from casebook.plots.sketch import stacked_sketch
from casebook.plots.style import GREY, layout, shown_title
from casebook.plots.timeline import timeline_panel, timeline_rows
from casebook.plots.traces import day_axes, legend_key
from casebook.vocab import ICE_MAX, PROVENANCE_LEGEND

if TYPE_CHECKING:  # plotly is imported when the function is called
    import plotly.graph_objects as go

__all__ = ["PANELS", "course_figure", "panels", "plot_course"]

# Every panel the figure can have: key -> (subplot title with units, y-axis title, height in px).
# A case shows only the panels its course fills (``panels``), so a CAR-T case has no
# blinatumomab dose panel; the ICE panel and the timeline are always there.
PANELS = {
    "dose": ("Blinatumomab dose (mcg/day)", "mcg/day", 75),
    "ice": (
        f"ICE score (points, 0-{ICE_MAX}; lower is worse) and computed ICANS grade",
        "ICE",
        185,
    ),
    "temp": ("Temperature (°C, daily maximum) and computed CRS grade", "°C", 135),
    "labs": ("", "log scale", 140),  # the title names the course's series (labs_title)
    "sodium": ("Sodium (mmol/L)", "mmol/L", 90),
    "timeline": ("Findings, drugs and events", "", 0),
}


def panels(case: Case) -> tuple[tuple[str, str, str, int], ...]:
    """The panels of ``case``'s figure, top to bottom: (key, title, y-axis title, height px).

    Chosen from the whole course, never from the days shown, so the figure keeps its layout
    while the stepper reveals days (and an empty panel is never drawn)."""
    items = {o.item for o in case.observations}
    shown = {
        "dose": bool(items & {"blinatumomab", "blinatumomab_status"}),
        "ice": True,
        "temp": "temperature" in items,
        "labs": bool(lab_items(list(case.observations))),
        "sodium": "sodium" in items,
        "timeline": True,
    }
    out = []
    for key, (title, ytitle, px) in PANELS.items():
        if not shown[key]:
            continue
        if key == "labs":
            title = labs_title(lab_items(list(case.observations)))
        elif key == "timeline" and not case.drugs:  # every dose is a mg/day course item
            title = "Findings, drugs (dose in mg/day) and events"
        out.append((key, title, ytitle, px))
    return tuple(out)


# Compact, so that at 1400x900 the day stepper, the day's narrative and the ICE panel are in
# view together: the title and a one-row legend above the first panel, panels SPACING_PX apart
# (room for a panel title), timeline rows ROW_PX apart (room for a word above and below).
_MARGIN = {"l": 185, "r": 150, "t": 108, "b": 62}
SPACING_PX = 44
ROW_PX = 28
LEGEND_ROW_PX = 22
# plotly wraps a horizontal legend at the width of the plot area; room is made above the panels
# for as many rows as it takes in JupyterLab's output at a 1400 px window (968 px, less the
# margins); a wider output leaves some room unused.
LEGEND_WIDTH_PX = 968 - _MARGIN["l"] - _MARGIN["r"]


def legend_rows(case: Case) -> int:
    """Rows the legend takes in LEGEND_WIDTH_PX: an entry is about 40 px of symbol and gap and
    6.5 px per character (Arial, 12 px)."""
    provenance = [PROVENANCE_LEGEND[s] for s in ("report", "reconstructed")]
    names = [*provenance, *map(legend_name, lab_items(list(case.observations)))]
    width, rows = 0, 1
    for name in names:
        entry = 40 + round(6.5 * len(name))
        if width and width + entry > LEGEND_WIDTH_PX:
            rows, width = rows + 1, 0
        width += entry
    return rows


# -- the figure ----------------------------------------------------------------------------------
def plot_course(
    case: Case, *, until_day: int | None = None, height: int | None = None
) -> go.Figure:
    """The course of ``case`` as vertically stacked panels sharing one day axis.

    Panels (only those the course fills, ``panels``): blinatumomab dose (holds and
    discontinuation marked); ICE score on the ASTCT grade bands with the computed ICANS grade
    per day; temperature with the 38.0 C fever line and the computed CRS grade; IL-6, IFN-γ,
    CRP, ferritin (and LDH, fibrinogen, D-dimer) on a log scale; sodium; a timeline of abnormal
    neurological and CRS findings, investigation results, drugs (course items and drugs.csv,
    intrathecal ones marked IT) and events. The day axis follows the case's therapy ("Day of
    blinatumomab cycle", "Day relative to axi-cel infusion"); a day the case does not have is a
    gap in every line. Reported values are filled markers
    on solid lines, reconstructed (teaching) values hollow markers on dashed lines.

    ``until_day`` keeps only days up to and including it: no later value is in the figure. The
    day axis still spans the whole course, so stepping through days does not move it.
    ``height`` (pixels) defaults to a height that fits the panels.

    Returns a ``plotly.graph_objects.Figure``; it is not shown and holds no plotly.js.
    """
    import plotly.graph_objects as go

    return go.Figure(course_figure(case, until_day=until_day, height=height))


def course_figure(
    case: Case, *, until_day: int | None = None, height: int | None = None
) -> dict[str, Any]:
    """``plot_course``'s figure as plain JSON-ready dicts (``{"data": [...], "layout": {...}}``),
    built without plotly's property validation: what the day stepper sends to the browser on
    each step. ``plot_course`` is ``go.Figure(course_figure(...))``."""
    last = check_until_day(case, until_day)
    height = check_height(height)
    obs = observations(case, last)
    daily = daily_until(case, last)
    rows, groups = timeline_rows(obs, [d for d in case.drugs if d.day <= last])
    # The panels are the whole course's (the layout stays while days are revealed); the log
    # panel's title names only the series drawn so far.
    drawn = labs_title(lab_items(obs))
    layout_panels = tuple(
        (key, drawn if key == "labs" else title, *rest) for key, title, *rest in panels(case)
    )
    row_of = {key: i + 1 for i, (key, *_rest) in enumerate(layout_panels)}
    days = list(case.day_numbers)

    panel_px = [px for *_, px in layout_panels[:-1]] + [max(80, ROW_PX * len(rows) + 24)]
    margin = _MARGIN | {"t": _MARGIN["t"] + LEGEND_ROW_PX * (legend_rows(case) - 1)}
    fig = stacked_sketch([title for _, title, *_ in layout_panels], panel_px, SPACING_PX)
    plot_px = sum(panel_px) + SPACING_PX * (len(panel_px) - 1)
    natural = plot_px + margin["t"] + margin["b"]
    total = height or natural

    # Provenance key: the shapes every panel uses.
    for source, base, dash in (
        ("report", "circle", "solid"),
        ("reconstructed", "circle-open", "dash"),
    ):
        legend_key(
            fig,
            name=PROVENANCE_LEGEND[source],
            group=f"provenance-{source}",
            color=GREY,
            symbol=base,
            dash=dash,
        )

    if "dose" in row_of:
        dose_panel(fig, row_of["dose"], obs)
    ice_panel(fig, row_of["ice"], case, obs, daily)
    if "temp" in row_of:
        temperature_panel(fig, row_of["temp"], obs, daily, days)
    if "labs" in row_of:
        labs_panel(fig, row_of["labs"], obs, lab_items(list(case.observations)), days)
    if "sodium" in row_of:
        sodium_panel(fig, row_of["sodium"], obs, days)
    timeline_panel(fig, row_of["timeline"], rows, groups, days)

    therapy = case.therapy
    day_axes(fig, days, layout_panels, title=therapy.day_axis_title, zero=therapy.day_zero_tick)

    dash = " to " if min(days) < 0 else "-"  # "days -5 to 3", not "days -5-3"
    shown = f"days {min(days)}{dash}{last} of {min(days)}{dash}{max(days)}"
    layout(
        fig,
        total=total,
        title=(
            f"{html.escape(shown_title(case, last))}<br><sup>Course, {shown}."
            " Hover a point for its value, note and source. For education only.</sup>"
        ),
        legend_y=52,
        margin=margin,
        uirevision=case.id,
        bargap=0.35,
    )
    # The legend starts at the figure's left edge, not the plot's, so that it keeps to one row.
    fig.update_layout(legend={"x": 0.01, "xref": "container"})
    return fig.to_dict()
