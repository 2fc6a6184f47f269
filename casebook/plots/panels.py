"""The panels of ``plot_course`` above the timeline: blinatumomab dose and status, ICE score with
the computed ICANS grade, temperature with the computed CRS grade, inflammatory markers, sodium.
Each draws into the row it is given, from the visible days only."""

from __future__ import annotations

import html
from collections.abc import Collection
from typing import TYPE_CHECKING, Any

from casebook.model import Case, Observation
from casebook.plots.points import Point, ice_points, numeric_points, positive, runs
from casebook.plots.style import (
    BLACK,
    BLUE,
    GRADE_TEXT,
    GREEN,
    GREY,
    ORANGE,
    PURPLE,
    SKY_BLUE,
    VERMILLION,
    hovertemplate,
    note_html,
    number,
    provenance,
    symbol,
    words,
)
from casebook.plots.traces import (
    fever_line,
    ice_bands,
    legend_key,
    marker_trace,
    provenance_lines,
    untestable_marks,
)

if TYPE_CHECKING:  # plotly is imported when a function is called
    import plotly.graph_objects as go

# Laboratory series of the log-scale panel: item -> (label with unit, unit, colour, name in the
# panel title). Inflammatory markers first, then the markers of macrophage activation that
# CAR-T cases report (LDH, fibrinogen, D-dimer).
_LABS = {
    "il6": ("IL-6 (pg/mL)", "pg/mL", PURPLE, "IL-6"),
    "ifn_gamma": ("IFN-γ (pg/mL)", "pg/mL", SKY_BLUE, "IFN-γ"),
    "crp": ("CRP (mg/L)", "mg/L", GREEN, "CRP"),
    "ferritin": ("Ferritin (ng/mL)", "ng/mL", ORANGE, "ferritin"),
    "ldh": ("LDH (U/L)", "U/L", BLACK, "LDH"),
    "fibrinogen": ("Fibrinogen (g/L)", "g/L", VERMILLION, "fibrinogen"),
    "d_dimer": ("D-dimer (mg/L)", "mg/L", BLUE, "D-dimer"),
}


def lab_items(obs: list[Observation]) -> list[str]:
    """The log-panel series a course has, in panel order."""
    have = {o.item for o in obs if isinstance(o.value, float)}
    return [item for item in _LABS if item in have]


def legend_name(item: str) -> str:
    """A lab series' legend entry: "IL-6", "Ferritin" (the unit is in the panel title)."""
    name = _LABS[item][3]
    return name[0].upper() + name[1:]


def labs_title(items: list[str]) -> str:
    """The log panel's title, naming the series ``items`` by unit: "Inflammatory markers, log
    scale: IL-6 (pg/mL), CRP (mg/L), ferritin (ng/mL)" (never a series that is not drawn, such
    as IFN-γ in a case without it); "Inflammatory markers, log scale" for none."""
    if not items:
        return "Inflammatory markers, log scale"
    groups: list[tuple[str, list[str]]] = []
    for item in items:
        _label, unit, _color, name = _LABS[item]
        if groups and groups[-1][0] == unit:
            groups[-1][1].append(name)
        else:
            groups.append((unit, [name]))
    parts = [f"{' and '.join(names)} ({unit})" for unit, names in groups]
    return "Inflammatory markers, log scale: " + ", ".join(parts)


STATUS_TEXT = {
    "not_started": "not started",
    "held": "held",
    "discontinued": "discontinued",
    "completed": "completed",
}


def _series(
    fig: go.Figure,
    points: list[Point],
    *,
    row: int,
    label: str,
    color: str,
    legendgroup: str | None = None,
    days: Collection[int] | None = None,
) -> None:
    """Lines (solid between reported points, dashed otherwise; broken across days the case does
    not have, ``days``) and markers of one series."""
    points = sorted(points, key=lambda p: p.day)
    provenance_lines(
        fig, points, row=row, label=label, color=color, legendgroup=legendgroup, days=days
    )
    marker_trace(
        fig,
        points,
        row=row,
        color=color,
        base="circle",
        hovertemplate=hovertemplate(label),
        name=label,
        legendgroup=legendgroup,
    )


# -- panels --------------------------------------------------------------------------------------
def dose_panel(fig: go.Figure, row: int, obs: list[Observation]) -> None:
    doses = sorted(numeric_points(obs, "blinatumomab", "mcg/day"), key=lambda p: p.day)
    top = max([28.0, *(p.y or 0.0 for p in doses)]) * 1.45
    if doses:
        changes = []
        previous = None
        for p in doses:
            changes.append(number(p.y) if p.y != previous and p.y else "")
            previous = p.y
        fig.add_trace(
            dict(
                type="bar",
                x=[p.day for p in doses],
                y=[p.y for p in doses],
                text=changes,
                textposition="outside",
                cliponaxis=False,
                textfont={"size": 11, "color": BLUE},
                marker={
                    "color": [BLUE if p.source == "report" else "#FFFFFF" for p in doses],
                    "line": {"color": BLUE, "width": 1.5},
                    "pattern": {
                        "shape": ["" if p.source == "report" else "/" for p in doses],
                        "fgcolor": BLUE,
                        "size": 6,
                    },
                },
                customdata=[p.custom for p in doses],
                hovertemplate=hovertemplate("Blinatumomab"),
                showlegend=False,
                name="Blinatumomab dose",
            ),
            row=row,
            col=1,
        )
    statuses = sorted((o for o in obs if o.item == "blinatumomab_status"), key=lambda o: o.day)
    starts = set(runs([(o.day, str(o.value)) for o in statuses]))
    marked = [o for o in statuses if o.value in STATUS_TEXT]
    if marked:
        stopped = ("held", "discontinued")
        colors = [VERMILLION if o.value in stopped else GREY for o in marked]
        fig.add_trace(
            dict(
                type="scatter",
                x=[o.day for o in marked],
                y=[top * 0.12 for _ in marked],
                mode="markers+text",
                text=[STATUS_TEXT[str(o.value)] if o.day in starts else "" for o in marked],
                # to the right of the marker: centred, "not started" on the first day would be
                # cut at the y axis
                textposition="top right",
                textfont={"size": 11, "color": colors},
                marker={
                    "symbol": [symbol("x", o.source) for o in marked],
                    "size": 9,
                    "color": colors,
                },
                customdata=[
                    [
                        f"infusion {STATUS_TEXT[str(o.value)]}",
                        note_html(o.note),
                        provenance(o.source),
                    ]
                    for o in marked
                ],
                hovertemplate=hovertemplate("Blinatumomab"),
                showlegend=False,
                name="Blinatumomab status",
            ),
            row=row,
            col=1,
        )
        # A dotted line through every panel where a hold or the discontinuation starts.
        for o in marked:
            if o.value in stopped and o.day in starts:
                fig.add_shape(
                    type="line",
                    x0=o.day - 0.5,
                    x1=o.day - 0.5,
                    xref="x",
                    y0=0,
                    y1=1,
                    yref="paper",
                    line={"color": VERMILLION, "width": 1, "dash": "dot"},
                    layer="below",
                )
    fig.update_yaxes(range=[0, top], row=row, col=1)


def _grade_labels(
    fig: go.Figure, *, row: int, y: float, days: list[int], grades: list[int], hover: list[list]
) -> None:
    fig.add_trace(
        dict(
            type="scatter",
            x=days,
            y=[y] * len(days),
            mode="text",
            text=[f"<b>G{g}</b>" if g >= 2 else f"G{g}" for g in grades],
            textfont={"size": 12, "color": [GRADE_TEXT[min(g, 4)] for g in grades]},
            customdata=hover,
            hovertemplate="%{customdata[0]}<br><i>%{customdata[2]}</i><extra></extra>",
            showlegend=False,
            name="computed grade",
        ),
        row=row,
        col=1,
    )


def _grade_source(source: str) -> str:
    if source == "report":
        return "computed from reported findings"
    return "computed; includes reconstructed (teaching) findings"


def ice_panel(fig: go.Figure, row: int, case: Case, obs: list[Observation], daily: Any) -> None:
    label_y = 11.4
    ice_bands(fig, row)
    points, untestable = ice_points(case, obs, (int(d) for d in daily["day"]), None)
    _series(fig, points, row=row, label="ICE score", color=BLACK, days=case.day_numbers)
    if untestable:
        untestable_marks(
            fig,
            row=row,
            x=[p.day for p in untestable],
            y=[0] * len(untestable),
            sources=[p.source for p in untestable],
            color=VERMILLION,
            customdata=[p.custom for p in untestable],
            hovertemplate=hovertemplate("ICE score"),
            name="ICE not testable",
        )

    hover = []
    daily = daily[daily["icans_grade"].notna()]  # a day without neurological findings: no grade
    for rec in daily.itertuples(index=False):
        lines = [f"<b>ICANS grade {rec.icans_grade}</b> · day {int(rec.day)}"]
        if rec.icans_drivers:
            lines.append(f"set by: {html.escape(words(rec.icans_drivers))}")
        excluded = case.day(int(rec.day)).findings.get("excluded_domain", ())
        if excluded:
            lines.append(
                "not counted (another cause): " + html.escape(", ".join(map(words, excluded)))
            )
        hover.append(["<br>".join(lines), "", _grade_source(rec.source)])
    _grade_labels(
        fig,
        row=row,
        y=label_y,
        days=[int(d) for d in daily["day"]],
        grades=[int(g) for g in daily["icans_grade"]],
        hover=hover,
    )
    fig.update_yaxes(
        range=[-1.3, 12.3],
        tickvals=[0, 2, 4, 6, 8, 10, label_y],
        ticktext=["0", "2", "4", "6", "8", "10", "<b>ICANS</b>"],
        row=row,
        col=1,
    )


def temperature_panel(
    fig: go.Figure, row: int, obs: list[Observation], daily: Any, days: Collection[int]
) -> None:
    points = numeric_points(obs, "temperature", "°C")
    temps = [p.y for p in points if p.y is not None]
    low = min([36.0, *temps]) - 0.4
    high = max([39.6, *temps]) + 0.9
    label_y = high - 0.35
    _series(fig, points, row=row, label="Temperature", color=VERMILLION, days=days)
    fever_line(fig, row)

    hover = []
    daily = daily[daily["crs_grade"].notna()]  # a day without a temperature: no CRS grade
    for rec in daily.itertuples(index=False):
        lines = [
            f"<b>CRS grade {rec.crs_grade}</b> · day {int(rec.day)}",
            f"hypotension: {html.escape(words(rec.hypotension))}; "
            f"oxygen: {html.escape(words(rec.oxygen))}",
        ]
        if rec.fever_masked:
            lines.append("fever masked: an antipyretic or anti-cytokine drug is acting")
        hover.append(["<br>".join(lines), "", _grade_source(rec.source)])
    _grade_labels(
        fig,
        row=row,
        y=label_y,
        days=[int(d) for d in daily["day"]],
        grades=[int(g) for g in daily["crs_grade"]],
        hover=hover,
    )
    ticks = [float(t) for t in range(int(low) + 1, int(label_y - 0.3) + 1)]
    fig.update_yaxes(
        range=[low, high],
        tickvals=[*ticks, label_y],
        ticktext=[*(f"{t:.0f}" for t in ticks), "<b>CRS</b>"],
        row=row,
        col=1,
    )


def labs_panel(
    fig: go.Figure, row: int, obs: list[Observation], items: list[str], days: Collection[int]
) -> None:
    """The series ``items`` (``lab_items`` of the whole course) that have a value by the last
    day shown, each with its legend entry."""
    for item in items:
        label, unit, color, _name = _LABS[item]
        points = positive(numeric_points(obs, item, unit))
        if not points:
            continue
        _series(fig, points, row=row, label=label, color=color, legendgroup=item, days=days)
        # Legend entry for the series (the points themselves carry the provenance key's shapes),
        # its name without the unit, which the panel title gives, so that the legend keeps to
        # one row.
        legend_key(
            fig,
            name=legend_name(item),
            group=item,
            color=color,
            symbol="square",
            line=True,
            row=row,
            size=8,
            outline=False,
            showlegend=True,
        )
    fig.update_yaxes(type="log", dtick=1, row=row, col=1)  # one tick per power of ten


def sodium_panel(fig: go.Figure, row: int, obs: list[Observation], days: Collection[int]) -> None:
    points = numeric_points(obs, "sodium", "mmol/L")
    _series(fig, points, row=row, label="Sodium", color=BLUE, days=days)
    values = [p.y for p in points if p.y is not None]
    if values:
        fig.update_yaxes(range=[min(values) - 4, max(values) + 4], row=row, col=1)
