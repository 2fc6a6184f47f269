"""``plot_course``: the course of one case as stacked panels on one day axis.

plotly.express style: keyword-only options, returns the figure, never shows it, writes it or
embeds plotly.js. ``until_day`` lets a stepper reveal the course one day at a time: the figure
then holds no value from a later day (not merely a narrowed axis). Grades are never read from
the data: they come from ``Case.daily()``, which calls the grading engine. The panels are drawn
by ``casebook.plots.panels`` and ``casebook.plots.timeline``.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from casebook.model import Case
from casebook.plots.panels import (
    dose_panel,
    ice_panel,
    labs_panel,
    sodium_panel,
    temperature_panel,
)
from casebook.plots.points import check_height, check_until_day, daily_until, observations
from casebook.plots.style import GREY, layout, shown_title
from casebook.plots.timeline import timeline_panel, timeline_rows
from casebook.plots.traces import day_axes, legend_key, stacked_panels
from casebook.vocab import ICE_MAX, PROVENANCE_LEGEND

if TYPE_CHECKING:  # plotly is imported when the function is called
    import plotly.graph_objects as go

__all__ = ["plot_course"]

PANELS = (
    ("dose", "Blinatumomab dose (mcg/day)", "mcg/day", 120),
    (
        "ice",
        f"ICE score (points, 0-{ICE_MAX}; lower is worse) and computed ICANS grade",
        "ICE",
        240,
    ),
    ("temp", "Temperature (°C, daily maximum) and computed CRS grade", "°C", 170),
    (
        "labs",
        "Inflammatory markers, log scale: IL-6 and IFN-γ (pg/mL), CRP (mg/L), ferritin (ng/mL)",
        "log scale",
        170,
    ),
    ("sodium", "Sodium (mmol/L)", "mmol/L", 110),
    ("timeline", "Findings, drugs (dose in mg/day) and events", "", 0),
)
_ROW = {key: i + 1 for i, (key, *_rest) in enumerate(PANELS)}
_MARGIN = {"l": 175, "r": 150, "t": 155, "b": 70}


# -- the figure ----------------------------------------------------------------------------------
def plot_course(
    case: Case, *, until_day: int | None = None, height: int | None = None
) -> go.Figure:
    """The course of ``case`` as vertically stacked panels sharing one day axis.

    Panels: blinatumomab dose (holds and discontinuation marked); ICE score on the ASTCT grade
    bands with the computed ICANS grade per day; temperature with the 38.0 C fever line and the
    computed CRS grade; IL-6, IFN-γ, CRP and ferritin on a log scale; sodium; a timeline of
    abnormal neurological and CRS findings, drugs and events. Reported values are filled markers
    on solid lines, reconstructed (teaching) values hollow markers on dashed lines.

    ``until_day`` keeps only days up to and including it: no later value is in the figure. The
    day axis still spans the whole course, so stepping through days does not move it.
    ``height`` (pixels) defaults to a height that fits the panels.

    Returns a ``plotly.graph_objects.Figure``; it is not shown and holds no plotly.js.
    """
    last = check_until_day(case, until_day)
    height = check_height(height)
    obs = observations(case, last)
    daily = daily_until(case, last)
    rows, groups = timeline_rows(obs)

    panel_px = [px for *_, px in PANELS[:-1]] + [max(90, 30 * len(rows) + 30)]
    fig, plot_px = stacked_panels(PANELS, panel_px)
    natural = plot_px + _MARGIN["t"] + _MARGIN["b"]
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

    dose_panel(fig, _ROW["dose"], obs)
    ice_panel(fig, _ROW["ice"], case, obs, daily)
    temperature_panel(fig, _ROW["temp"], obs, daily)
    labs_panel(fig, _ROW["labs"], obs)
    sodium_panel(fig, _ROW["sodium"], obs)
    timeline_panel(fig, _ROW["timeline"], rows, groups)

    days = list(case.day_numbers)
    day_axes(fig, days, PANELS)

    shown = f"days {min(days)}-{last} of {min(days)}-{max(days)}"
    layout(
        fig,
        total=total,
        title=(
            f"{html.escape(shown_title(case, last))}<br><sup>Course, {shown}."
            " Hover a point for its value, note and source. For education only.</sup>"
        ),
        legend_y=50,
        margin=_MARGIN,
        uirevision=case.id,
        bargap=0.35,
    )
    return fig
