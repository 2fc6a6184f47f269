"""The course of a case at a glance: a stacked plotly figure and a styled day-by-day table.

``plot_course`` and ``course_table`` follow the plotly.express style: keyword-only options, they
return the object and never show it, write it or embed plotly.js. Nothing here reads files.
Both take ``until_day`` so that a stepper can reveal the course one day at a time: the returned
object then holds no value from a later day (not merely a narrowed axis).

Grades are never read from the data: they come from ``Case.daily()``, which calls the grading
engine. Every value keeps its provenance: reported points are filled markers on solid lines,
reconstructed (teaching) points hollow markers on dashed lines.
"""

from __future__ import annotations

import html
import numbers
import textwrap
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise, takewhile
from typing import TYPE_CHECKING, Any

from casebook.grading import ICE_BANDS
from casebook.model import DRUG_ITEMS, EVENTS, FEVER_C, Case, Observation

if TYPE_CHECKING:  # plotly and pandas are imported when a function is called
    import plotly.graph_objects as go
    from pandas.io.formats.style import Styler

__all__ = [
    "case_label",
    "course_table",
    "patient_table",
    "plot_comparison",
    "plot_course",
    "risk_table",
]

# ICANS grade bands of the ICE domain, taken from the engine's table (casebook.grading.ICE_BANDS),
# source ASTCT 2019 (Lee et al., Biol Blood Marrow Transplant 2019;25:625-638): ICE 7-9 is grade
# 1, 3-6 grade 2, 0-2 grade 3; 10 is normal (ICE 0 because the patient is unarousable: grade 4).
ICE_GRADE_BANDS = tuple((b.grade, b.low, b.high) for b in ICE_BANDS if b.grade > 0)

# Okabe-Ito palette (Okabe & Ito 2008), distinguishable with the common colour-vision deficiencies.
BLACK = "#000000"
ORANGE = "#E69F00"
SKY_BLUE = "#56B4E9"
GREEN = "#009E73"
YELLOW = "#F0E442"
BLUE = "#0072B2"
VERMILLION = "#D55E00"
PURPLE = "#CC79A7"
GREY = "#6E6E6E"

# Band fill and table background per grade: a light-to-dark sequence from the same palette.
# The grade is always written as text too; colour is never the only signal.
_BAND_FILL = {1: YELLOW, 2: ORANGE, 3: VERMILLION}
_GRADE_BACKGROUND = {1: "#FBF5B5", 2: "#F6CF7A", 3: "#EE9A6B", 4: "#A23B00"}
_GRADE_TEXT = {0: GREY, 1: BLACK, 2: BLACK, 3: VERMILLION, 4: VERMILLION}

PROVENANCE_LABELS = {
    "report": "reported (case report)",
    # the fact is in the report; the day (and any detail) is reconstructed: drawn as reconstructed
    "report_fact": "fact reported (case report); day reconstructed (teaching)",
    "reconstructed": "reconstructed (teaching)",
}

# Panels, top to bottom: (key, subplot title with units, y-axis title, height in px).
_PANELS = (
    ("dose", "Blinatumomab dose (mcg/day)", "mcg/day", 120),
    ("ice", "ICE score (points, 0-10; lower is worse) and computed ICANS grade", "ICE", 240),
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
_ROW = {key: i + 1 for i, (key, *_rest) in enumerate(_PANELS)}
_SPACING_PX = 52
_MARGIN = {"l": 175, "r": 150, "t": 155, "b": 70}

# Laboratory series of the log-scale panel: item -> (label with unit, unit, colour).
_LABS = {
    "il6": ("IL-6 (pg/mL)", "pg/mL", PURPLE),
    "ifn_gamma": ("IFN-γ (pg/mL)", "pg/mL", SKY_BLUE),
    "crp": ("CRP (mg/L)", "mg/L", GREEN),
    "ferritin": ("Ferritin (ng/mL)", "ng/mL", ORANGE),
}

# Timeline rows. Findings that feed the grades (shown when not normal), with short marker words.
_FINDING_ROWS = {
    "consciousness": (
        "Consciousness",
        {
            "awakens_spontaneously": "drowsy",
            "awakens_to_voice": "voice",
            "awakens_to_touch": "touch",
            "unarousable": "unarousable",
        },
    ),
    "seizure": ("Seizure", {"rapidly_resolving": "brief", "prolonged_or_repetitive": "prolonged"}),
    "motor": ("Motor weakness", {"deep_focal_weakness": "focal"}),
    "edema": ("Cerebral oedema", {"focal": "focal", "diffuse": "diffuse"}),
    "aphasia": ("Aphasia", {"expressive": "expressive", "global": "global"}),
    "tremor": ("Tremor", {"fine": "fine", "coarse": "coarse"}),
    "headache": ("Headache", {"present": ""}),
    "hypotension": (
        "Hypotension (CRS)",
        {
            "fluids": "fluids",
            "one_vasopressor": "1 pressor",
            "multiple_vasopressors": "≥2 pressors",
        },
    ),
    "oxygen": (
        "Oxygen (CRS)",
        {
            "comfort_only": "comfort",
            "low_flow": "low flow",
            "high_flow": "high flow",
            "positive_pressure": "CPAP/vent",
        },
    ),
}
_DRUG_LABELS = {drug: drug.capitalize() for drug in DRUG_ITEMS} | {
    "intrathecal_chemo": "Intrathecal chemo"
}
_EVENT_LABELS = {
    "admission": "Admission",
    "neurology_review": "Neurology review",
    "ct_head": "CT head",
    "mri_brain": "MRI brain",
    "eeg": "EEG",
    "lumbar_puncture": "Lumbar puncture",
    "icu_admission": "ICU admission",
    "intubation": "Intubation",
    "extubation": "Extubation",
    "icu_discharge": "ICU discharge",
    "discharge": "Discharge",
    "crs_resolved": "CRS judged resolved",
}


def _event_label(event: str) -> str:
    return _EVENT_LABELS.get(event) or html.escape(_words(event).capitalize())


_STATUS_TEXT = {
    "not_started": "not started",
    "held": "held",
    "discontinued": "discontinued",
    "completed": "completed",
}


# -- small helpers -------------------------------------------------------------------------------
def _is_day(value: Any, days: Collection[int]) -> bool:
    """A whole number (not a bool) that is one of ``days``."""
    return not isinstance(value, bool) and isinstance(value, numbers.Integral) and value in days


def _check_until_day(case: Case, until_day: Any) -> int:
    """The last day to show; ValueError naming the argument, its value and the allowed range."""
    days = case.day_numbers
    first, last = min(days), max(days)
    if until_day is None:
        return last
    if not _is_day(until_day, days):
        raise ValueError(
            f"until_day must be a whole day number from {first} to {last} (the days of case "
            f"{case.id!r}) or None for the whole course; got {until_day!r}"
        )
    return int(until_day)


def _check_height(height: Any) -> int | None:
    if height is None:
        return None
    if isinstance(height, bool) or not isinstance(height, numbers.Integral) or height < 300:
        raise ValueError(
            f"height must be a whole number of pixels, at least 300, or None; got {height!r}"
        )
    return int(height)


def _number(value: float) -> str:
    """A number as a resident writes it: 38.4, 28, 1500, 0.35."""
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _note_html(note: str) -> str:
    """A note from a case file, escaped for plotly's hover HTML, wrapped, with a leading break."""
    if not note:
        return ""
    lines = textwrap.wrap(note, 60) or [note]
    return "<br>" + "<br>".join(html.escape(line) for line in lines)


def _provenance(source: str) -> str:
    return PROVENANCE_LABELS.get(source, html.escape(source))


def _symbol(base: str, source: str) -> str:
    """Filled marker for reported values, hollow for reconstructed ones."""
    return base if source == "report" else f"{base}-open"


def _markers(color: str, symbol: str, points: Iterable[_Point]) -> dict[str, Any]:
    """Series markers: filled where reported, hollow where reconstructed."""
    return {
        "color": color,
        "size": 9,
        "symbol": [_symbol(symbol, p.source) for p in points],
        "line": {"color": color, "width": 2},
    }


def _words(value: str) -> str:
    return str(value).replace("_", " ")


def _hovertemplate(label: str) -> str:
    """Value with unit, escaped note and provenance (customdata[0], [1], [2])."""
    return (
        f"<b>{label}</b> · day %{{x}}<br>%{{customdata[0]}}%{{customdata[1]}}"
        "<br><i>%{customdata[2]}</i><extra></extra>"
    )


def _case_hovertemplate(case: str, label: str) -> str:
    """As ``_hovertemplate``, naming the case; the true day is customdata[3] (x is offset)."""
    return (
        f"<b>{case}</b> · {label} · day %{{customdata[3]}}<br>"
        "%{customdata[0]}%{customdata[1]}<br><i>%{customdata[2]}</i><extra></extra>"
    )


@dataclass(frozen=True)
class _Point:
    day: int
    y: float | None  # None: a gap (the line breaks here, no marker)
    value: str  # value with unit, for hover
    note: str
    source: str

    @property
    def custom(self) -> list[str]:
        return [self.value, _note_html(self.note), _provenance(self.source)]


def _observations(case: Case, last: int) -> list[Observation]:
    return [o for o in case.observations if o.day <= last]


def _numeric_points(obs: Iterable[Observation], item: str, unit: str) -> list[_Point]:
    return [
        _Point(o.day, float(o.value), f"{_number(float(o.value))} {unit}", o.note, o.source)
        for o in obs
        if o.item == item and isinstance(o.value, float)
    ]


def _line_xy(pairs: Sequence[tuple[_Point, _Point]]) -> tuple[list, list]:
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


def _add_series(
    fig: go.Figure,
    points: Sequence[_Point],
    *,
    row: int,
    label: str,
    color: str,
    symbol: str = "circle",
    legendgroup: str | None = None,
) -> None:
    """Markers (filled: reported, hollow: reconstructed) and lines (solid between two reported
    points, dashed where either end is reconstructed). A point with ``y`` None breaks the line."""
    import plotly.graph_objects as go

    points = sorted(points, key=lambda p: p.day)
    pairs = list(pairwise(points))
    pairs = [(p, q) for p, q in pairs if p.y is not None and q.y is not None]
    solid = [(p, q) for p, q in pairs if p.source == "report" and q.source == "report"]
    dashed = [(p, q) for p, q in pairs if not (p.source == "report" and q.source == "report")]
    for segs, dash in ((solid, "solid"), (dashed, "dash")):
        if segs:
            xs, ys = _line_xy(segs)
            fig.add_trace(
                go.Scatter(
                    x=xs,
                    y=ys,
                    mode="lines",
                    line={"color": color, "width": 2, "dash": dash},
                    hoverinfo="skip",
                    showlegend=False,
                    legendgroup=legendgroup,
                    name=f"{label}, {dash} line",
                ),
                row=row,
                col=1,
            )
    shown = [p for p in points if p.y is not None]
    if shown:
        fig.add_trace(
            go.Scatter(
                x=[p.day for p in shown],
                y=[p.y for p in shown],
                mode="markers",
                marker=_markers(color, symbol, shown),
                customdata=[p.custom for p in shown],
                hovertemplate=_hovertemplate(label),
                showlegend=False,
                legendgroup=legendgroup,
                name=label,
            ),
            row=row,
            col=1,
        )


def _axis_ref(fig: go.Figure, row: int) -> tuple[str, str]:
    """("x2", "y2")-style references of a panel's axes."""
    sub = fig.get_subplot(row, 1)
    return (
        sub.xaxis.plotly_name.replace("axis", ""),
        sub.yaxis.plotly_name.replace("axis", ""),
    )


def _right_label(fig: go.Figure, row: int, y: float, text: str, color: str = BLACK) -> None:
    """A label just right of a panel, level with ``y`` (band names, the fever line)."""
    xref, yref = _axis_ref(fig, row)
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
    xref, yref = _axis_ref(fig, row)
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


def _stacked_panels(panels: Sequence[tuple], panel_px: list[int]) -> tuple[go.Figure, int]:
    """One column of ``panels`` (key, subplot title, ...) on a shared day axis, ``panel_px`` high
    and _SPACING_PX apart, their titles left-aligned; returns the figure and the plot height."""
    from plotly.subplots import make_subplots

    plot_px = sum(panel_px) + _SPACING_PX * (len(panels) - 1)
    fig = make_subplots(
        rows=len(panels),
        cols=1,
        shared_xaxes=True,
        vertical_spacing=_SPACING_PX / plot_px,
        row_heights=[px / sum(panel_px) for px in panel_px],
        subplot_titles=[title for _, title, *_ in panels],
    )
    for annotation in fig.layout.annotations:  # the subplot titles
        annotation.update(x=0, xanchor="left", font={"size": 13, "color": BLACK})
    return fig, plot_px


def _legend_key(
    fig: go.Figure, *, name: str, group: str, color: str, symbol: str, dash: str | None = None
) -> None:
    """A legend entry with no data: the marker and, given ``dash``, the line it stands for."""
    import plotly.graph_objects as go

    fig.add_trace(
        go.Scatter(
            x=[None],
            y=[None],
            mode="lines+markers" if dash else "markers",
            line={"color": color, "width": 2, "dash": dash} if dash else None,
            marker={"color": color, "symbol": symbol, "size": 9, "line": {"width": 2}},
            name=name,
            legendgroup=group,
            hoverinfo="skip",
        ),
        row=1,
        col=1,
    )


def _ice_bands(fig: go.Figure, row: int) -> None:
    """The ICANS grade bands of the ICE domain (ASTCT 2019) behind the data, named on the right."""
    for grade, low, high in ICE_GRADE_BANDS:
        _band(fig, row, low - 0.5, high + 0.5, _BAND_FILL[grade])
        _right_label(fig, row, (low + high) / 2, f"grade {grade}: ICE {low}-{high}")
    _right_label(fig, row, 10, "ICE 10: normal", GREY)


def _fever_line(fig: go.Figure, row: int) -> None:
    """Fever: a temperature of at least 38.0 C (ASTCT 2019, Lee et al.); FEVER_C in model.py."""
    xref, yref = _axis_ref(fig, row)
    fig.add_shape(
        type="line",
        xref=f"{xref} domain",
        x0=0,
        x1=1,
        yref=yref,
        y0=FEVER_C,
        y1=FEVER_C,
        line={"color": GREY, "width": 1.5, "dash": "dash"},
        layer="below",
    )
    _right_label(fig, row, FEVER_C, f"fever ≥ {FEVER_C:.1f} °C<br>(ASTCT 2019)", GREY)


def _day_axes(fig: go.Figure, days: Sequence[int], panels: Sequence[tuple]) -> None:
    """The shared day axis (day 0 marked baseline) and the y axes' grid and titles."""
    fig.update_xaxes(
        tickmode="array",
        tickvals=days,
        ticktext=["0<br>(baseline)" if d == 0 else str(d) for d in days],
        range=[min(days) - 0.6, max(days) + 0.6],
        showgrid=True,
        gridcolor="#EBEBEB",
        zeroline=False,
        showline=True,
        linecolor="#9A9A9A",
        ticks="outside",
    )
    fig.update_xaxes(title_text="Day of blinatumomab cycle", row=len(panels), col=1)
    fig.update_yaxes(
        showgrid=True, gridcolor="#EBEBEB", zeroline=False, showline=True, linecolor="#9A9A9A"
    )
    for i, (_, _, ytitle, _) in enumerate(panels, start=1):
        if ytitle:
            fig.update_yaxes(title_text=ytitle, title_font={"size": 11}, row=i, col=1)


def _layout(
    fig: go.Figure,
    *,
    total: int,
    title: str,
    legend_y: int,
    margin: dict[str, int],
    uirevision: str,
    bargap: float | None = None,
) -> None:
    """The house layout: white, Arial, title and a horizontal legend ``legend_y`` px from the
    top of a ``total`` px high figure, hover labels left-aligned."""
    layout: dict[str, Any] = {
        "template": "none",
        "height": total,
        "title": {
            "text": title,
            "x": 0.01,
            "xanchor": "left",
            "y": 1 - 12 / total,
            "yanchor": "top",
            "yref": "container",
            "font": {"size": 17},
        },
        "legend": {
            "orientation": "h",
            "x": 0,
            "xanchor": "left",
            "y": 1 - legend_y / total,
            "yanchor": "top",
            "yref": "container",
            "font": {"size": 12},
        },
        "margin": margin,
        "font": {"family": "Arial, Helvetica, sans-serif", "size": 12, "color": BLACK},
        "plot_bgcolor": "#FFFFFF",
        "paper_bgcolor": "#FFFFFF",
        "hovermode": "closest",
        "hoverlabel": {"align": "left", "bgcolor": "#FFFFFF", "font": {"size": 12}},
    }
    if bargap is not None:
        layout["bargap"] = bargap
    fig.update_layout(**layout, showlegend=True, uirevision=uirevision)


def _daily_until(case: Case, last: int) -> Any:
    """The engine's grades per day (``Case.daily()``) up to and including day ``last``."""
    daily = case.daily()
    return daily[daily["day"] <= last].reset_index(drop=True)


def _positive(points: Iterable[_Point]) -> list[_Point]:
    """Points for a log axis: a value that is not above zero becomes a gap."""
    return [
        p if p.y and p.y > 0 else _Point(p.day, None, p.value, p.note, p.source) for p in points
    ]


def _ice_points(
    case: Case, obs: list[Observation], days: Iterable[int], untestable_y: float | None
) -> tuple[list[_Point], list[_Point]]:
    """The ICE total of each of ``days`` with an exam or an ICE row (a gap where the patient
    could not be tested), and the untestable days as points at ``untestable_y``."""
    ice_rows = {o.day: o for o in obs if o.item == "ice"}
    points: list[_Point] = []
    untestable: list[_Point] = []
    for day in days:
        exam = case.exams.get(day)
        if exam is not None:
            source = exam.source
            note = exam.setting if exam.testable else " ".join([exam.setting, exam.reason]).strip()
        elif day in ice_rows:
            source, note = ice_rows[day].source, ice_rows[day].note
        else:
            continue
        total = case.ice_total(day)
        if total is None:
            untestable.append(_Point(day, untestable_y, "not testable (unarousable)", note, source))
            points.append(_Point(day, None, "", note, source))
        else:
            points.append(_Point(day, float(total), f"{total}/10 points", note, source))
    return points, untestable


def _untestable_marks(
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
    import plotly.graph_objects as go

    fig.add_trace(
        go.Scatter(
            x=x,
            y=y,
            mode="markers+text",
            text=["not testable<br>(unarousable)"] * len(x),
            textposition="top center",
            textfont={"size": 10, "color": color},
            marker={
                "symbol": [_symbol("x", source) for source in sources],
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


def _runs(days_status: Sequence[tuple[int, str]]) -> list[int]:
    """Days on which a status run starts (a status differs from the previous day's)."""
    starts = []
    previous = None
    for day, status in days_status:
        if status != previous:
            starts.append(day)
        previous = status
    return starts


# -- panels --------------------------------------------------------------------------------------
def _dose_panel(fig: go.Figure, obs: list[Observation]) -> None:
    import plotly.graph_objects as go

    row = _ROW["dose"]
    doses = sorted(_numeric_points(obs, "blinatumomab", "mcg/day"), key=lambda p: p.day)
    top = max([28.0, *(p.y or 0.0 for p in doses)]) * 1.45
    if doses:
        changes = []
        previous = None
        for p in doses:
            changes.append(_number(p.y) if p.y != previous and p.y else "")
            previous = p.y
        fig.add_trace(
            go.Bar(
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
                hovertemplate=_hovertemplate("Blinatumomab"),
                showlegend=False,
                name="Blinatumomab dose",
            ),
            row=row,
            col=1,
        )
    statuses = sorted((o for o in obs if o.item == "blinatumomab_status"), key=lambda o: o.day)
    starts = set(_runs([(o.day, str(o.value)) for o in statuses]))
    marked = [o for o in statuses if o.value in _STATUS_TEXT]
    if marked:
        stopped = ("held", "discontinued")
        fig.add_trace(
            go.Scatter(
                x=[o.day for o in marked],
                y=[top * 0.12 for _ in marked],
                mode="markers+text",
                text=[_STATUS_TEXT[str(o.value)] if o.day in starts else "" for o in marked],
                # to the right of the marker: centred, "not started" on the first day would be
                # cut at the y axis
                textposition="top right",
                textfont={
                    "size": 11,
                    "color": [VERMILLION if o.value in stopped else GREY for o in marked],
                },
                marker={
                    "symbol": [_symbol("x", o.source) for o in marked],
                    "size": 9,
                    "color": [VERMILLION if o.value in stopped else GREY for o in marked],
                },
                customdata=[
                    [
                        f"infusion {_STATUS_TEXT[str(o.value)]}",
                        _note_html(o.note),
                        _provenance(o.source),
                    ]
                    for o in marked
                ],
                hovertemplate=_hovertemplate("Blinatumomab"),
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
    import plotly.graph_objects as go

    fig.add_trace(
        go.Scatter(
            x=days,
            y=[y] * len(days),
            mode="text",
            text=[f"<b>G{g}</b>" if g >= 2 else f"G{g}" for g in grades],
            textfont={"size": 12, "color": [_GRADE_TEXT[min(g, 4)] for g in grades]},
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


def _ice_panel(fig: go.Figure, case: Case, obs: list[Observation], daily: Any) -> None:
    row = _ROW["ice"]
    label_y = 11.4
    _ice_bands(fig, row)
    points, untestable = _ice_points(case, obs, (int(d) for d in daily["day"]), None)
    _add_series(fig, points, row=row, label="ICE score", color=BLACK)
    if untestable:
        _untestable_marks(
            fig,
            row=row,
            x=[p.day for p in untestable],
            y=[0] * len(untestable),
            sources=[p.source for p in untestable],
            color=VERMILLION,
            customdata=[p.custom for p in untestable],
            hovertemplate=_hovertemplate("ICE score"),
            name="ICE not testable",
        )

    hover = []
    for rec in daily.itertuples(index=False):
        f = case.findings(int(rec.day))
        lines = [f"<b>ICANS grade {rec.icans_grade}</b> · day {int(rec.day)}"]
        if rec.icans_drivers:
            lines.append(f"set by: {html.escape(_words(rec.icans_drivers))}")
        excluded = f.get("excluded_domain", [])
        if excluded:
            lines.append(
                "not counted (another cause): " + html.escape(", ".join(map(_words, excluded)))
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


def _temperature_panel(fig: go.Figure, obs: list[Observation], daily: Any) -> None:
    row = _ROW["temp"]
    points = _numeric_points(obs, "temperature", "°C")
    temps = [p.y for p in points if p.y is not None]
    low = min([36.0, *temps]) - 0.4
    high = max([39.6, *temps]) + 0.9
    label_y = high - 0.35
    _add_series(fig, points, row=row, label="Temperature", color=VERMILLION)
    _fever_line(fig, row)

    hover = []
    for rec in daily.itertuples(index=False):
        lines = [
            f"<b>CRS grade {rec.crs_grade}</b> · day {int(rec.day)}",
            f"hypotension: {html.escape(_words(rec.hypotension))}; "
            f"oxygen: {html.escape(_words(rec.oxygen))}",
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


def _labs_panel(fig: go.Figure, obs: list[Observation]) -> None:
    import plotly.graph_objects as go

    row = _ROW["labs"]
    for item, (label, unit, color) in _LABS.items():
        points = _positive(_numeric_points(obs, item, unit))
        if not points:
            continue
        _add_series(fig, points, row=row, label=label, color=color, legendgroup=item)
        # Legend entry for the series (the points themselves carry the provenance key's shapes).
        fig.add_trace(
            go.Scatter(
                x=[None],
                y=[None],
                mode="lines+markers",
                line={"color": color, "width": 2},
                marker={"color": color, "symbol": "square", "size": 8},
                name=label,
                legendgroup=item,
                showlegend=True,
                hoverinfo="skip",
            ),
            row=row,
            col=1,
        )
    fig.update_yaxes(type="log", dtick=1, row=row, col=1)  # one tick per power of ten


def _sodium_panel(fig: go.Figure, obs: list[Observation]) -> None:
    row = _ROW["sodium"]
    points = _numeric_points(obs, "sodium", "mmol/L")
    _add_series(fig, points, row=row, label="Sodium", color=BLUE)
    values = [p.y for p in points if p.y is not None]
    if values:
        fig.update_yaxes(range=[min(values) - 4, max(values) + 4], row=row, col=1)


def _timeline_rows(obs: list[Observation]) -> tuple[list[str], dict[str, list]]:
    """Row labels (top to bottom) and the points of each marker group, from visible data only."""
    groups: dict[str, list] = {"finding": [], "drug": [], "event": []}
    findings_seen, drugs_seen, events_seen = set(), set(), set()
    for o in obs:
        if o.item in _FINDING_ROWS:
            label, words = _FINDING_ROWS[o.item]
            if o.value not in words:
                continue  # normal ("none", "alert") is not drawn
            findings_seen.add(o.item)
            groups["finding"].append((o, label, words[o.value], _words(o.value)))
        elif o.item in _DRUG_LABELS:
            drugs_seen.add(o.item)
            if isinstance(o.value, float):
                text, value = _number(o.value), f"{_number(o.value)} {o.unit}"
            else:
                text, value = "", _words(o.value)
            groups["drug"].append((o, _DRUG_LABELS[o.item], text, value))
        elif o.item == "event":
            events_seen.add(o.value)
            groups["event"].append((o, _event_label(o.value), "", "event"))
    rows = (
        [_FINDING_ROWS[k][0] for k in _FINDING_ROWS if k in findings_seen]
        + [_DRUG_LABELS[k] for k in _DRUG_LABELS if k in drugs_seen]
        + [
            _event_label(k)
            for k in (*EVENTS, *sorted(events_seen - set(EVENTS)))
            if k in events_seen
        ]
    )
    return rows, groups


def _timeline_panel(fig: go.Figure, rows: list[str], groups: dict[str, list]) -> None:
    import plotly.graph_objects as go

    row = _ROW["timeline"]
    style = {
        "finding": ("triangle-up", VERMILLION, "Finding"),
        "drug": ("square", BLUE, "Drug"),
        "event": ("diamond", BLACK, "Event"),
    }
    for key, entries in groups.items():
        if not entries:
            continue
        symbol, color, kind = style[key]
        fig.add_trace(
            go.Scatter(
                x=[o.day for o, *_ in entries],
                y=[label for _, label, *_ in entries],
                mode="markers+text",
                text=[text for *_, text, _ in entries],
                textposition="top center",
                textfont={"size": 10, "color": color},
                marker={
                    "symbol": [_symbol(symbol, o.source) for o, *_ in entries],
                    "size": 10,
                    "color": color,
                    "line": {"color": color, "width": 1.5},
                },
                customdata=[
                    [html.escape(value), _note_html(o.note), _provenance(o.source)]
                    for o, _, _, value in entries
                ],
                hovertemplate=(
                    f"<b>%{{y}}</b> ({kind.lower()}) · day %{{x}}<br>%{{customdata[0]}}"
                    "%{customdata[1]}<br><i>%{customdata[2]}</i><extra></extra>"
                ),
                showlegend=False,
                name=kind,
                cliponaxis=False,
            ),
            row=row,
            col=1,
        )
    fig.update_yaxes(
        type="category",
        categoryorder="array",
        categoryarray=rows,
        autorange="reversed",
        range=None,
        showgrid=True,
        row=row,
        col=1,
    )


# -- public --------------------------------------------------------------------------------------
def _shown_title(case: Case, last: int) -> str:
    """The case title, or only its short name ("Case 2") while later days are hidden: full
    titles name the outcome ("grade 4 ICANS on day 4"), which the day stepper must not reveal."""
    if last >= max(case.day_numbers):
        return case.title
    return case.title.split(":", 1)[0].strip() if ":" in case.title else case.id


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
    last = _check_until_day(case, until_day)
    height = _check_height(height)
    obs = _observations(case, last)
    daily = _daily_until(case, last)
    timeline_rows, groups = _timeline_rows(obs)

    panel_px = [px for *_, px in _PANELS[:-1]] + [max(90, 30 * len(timeline_rows) + 30)]
    fig, plot_px = _stacked_panels(_PANELS, panel_px)
    natural = plot_px + _MARGIN["t"] + _MARGIN["b"]
    total = height or natural

    # Provenance key: the shapes every panel uses.
    for source, symbol, dash in (
        ("report", "circle", "solid"),
        ("reconstructed", "circle-open", "dash"),
    ):
        _legend_key(
            fig,
            name=PROVENANCE_LABELS[source],
            group=f"provenance-{source}",
            color=GREY,
            symbol=symbol,
            dash=dash,
        )

    _dose_panel(fig, obs)
    _ice_panel(fig, case, obs, daily)
    _temperature_panel(fig, obs, daily)
    _labs_panel(fig, obs)
    _sodium_panel(fig, obs)
    _timeline_panel(fig, timeline_rows, groups)

    days = list(case.day_numbers)
    _day_axes(fig, days, _PANELS)

    shown = f"days {min(days)}-{last} of {min(days)}-{max(days)}"
    _layout(
        fig,
        total=total,
        title=(
            f"{html.escape(_shown_title(case, last))}<br><sup>Course, {shown}."
            " Hover a point for its value, note and source. For education only.</sup>"
        ),
        legend_y=50,
        margin=_MARGIN,
        uirevision=case.id,
        bargap=0.35,
    )
    return fig


# -- table ---------------------------------------------------------------------------------------
_TABLE_COLUMNS = {
    "day": "Day",
    "temperature": "Temp (C)",
    "crs_grade": "CRS grade",
    "ice": "ICE (0-10)",
    "consciousness": "Consciousness",
    "seizure": "Seizure",
    "icans_grade": "ICANS grade",
    "blinatumomab": "Blinatumomab (mcg/day)",
    "blinatumomab_status": "Blinatumomab status",
    "il6": "IL-6 (pg/mL)",
    "crp": "CRP (mg/L)",
    "ferritin": "Ferritin (ng/mL)",
    "sodium": "Sodium (mmol/L)",
    "drugs": "Drugs",
    "events": "Events",
    "source": "Provenance",
}


def _grade_css(grade: Any) -> str:
    try:
        g = int(grade)
    except (TypeError, ValueError):
        return ""
    if g <= 0:
        return ""
    background = _GRADE_BACKGROUND[min(g, 4)]
    color = "#FFFFFF" if g >= 4 else BLACK
    weight = "font-weight: bold; " if g >= 2 else ""
    return f"background-color: {background}; color: {color}; {weight}text-align: center"


def course_table(case: Case, *, until_day: int | None = None) -> Styler:
    """``case.daily()`` as a styled table, one row per day up to ``until_day`` (default: all).

    Headers carry units; ICANS and CRS grades are computed by the engine, written as numbers and
    highlighted by background colour; text from the case files is HTML-escaped. The table id is
    fixed (``course-<case id>``) so that ``.to_html()`` gives the same output on every run.
    """
    last = _check_until_day(case, until_day)
    daily = _daily_until(case, last)
    table = daily[list(_TABLE_COLUMNS)].rename(columns=_TABLE_COLUMNS)

    def words(value: Any) -> str:
        return _words(value) if value else ""

    def events(value: Any) -> str:  # already HTML-escaped by the Styler
        return ", ".join(_EVENT_LABELS.get(e, _words(e)) for e in str(value).split(", ") if e)

    def number(value: Any) -> str:
        return _number(float(value))

    provenance = {"report": "reported", "reconstructed": "reconstructed (teaching)"}
    numeric = ["IL-6 (pg/mL)", "CRP (mg/L)", "Ferritin (ng/mL)", "Blinatumomab (mcg/day)"]
    from pandas.io.formats.style import Styler

    # cell_ids=False: only styled (grade) cells carry an id, which keeps the HTML small.
    styler = (
        Styler(table, cell_ids=False)
        .format(
            {
                "Day": lambda d: "0 (baseline)" if d == 0 else str(d),
                "Temp (C)": "{:.1f}",
                "Sodium (mmol/L)": "{:.0f}",
                **dict.fromkeys(numeric, number),
                **dict.fromkeys(
                    ["Consciousness", "Seizure", "Blinatumomab status", "Drugs"], words
                ),
                "Events": events,
                "Provenance": lambda s: provenance.get(s, s),
                "ICANS grade": "{:d}",
                "CRS grade": "{:d}",
            },
            na_rep="–",
            escape="html",
        )
        .format("{:d}", subset=["ICE (0-10)"], na_rep="not testable", escape="html")
        .map(_grade_css, subset=["ICANS grade", "CRS grade"])
        .hide(axis="index")
        .set_uuid(f"course-{case.id}")
        .set_caption(
            f"{html.escape(_shown_title(case, last))}: course, "
            f"days {min(case.day_numbers)}-{last}. "
            "Grades are computed from the findings (ASTCT 2019). For education only."
        )
        .set_table_styles(
            [
                {
                    "selector": "caption",
                    "props": "caption-side: top; text-align: left; "
                    "font-weight: bold; padding: 4px 0;",
                },
                {
                    "selector": "th",
                    "props": "text-align: left; padding: 3px 8px; "
                    "border-bottom: 1px solid #9A9A9A;",
                },
                {"selector": "td", "props": "padding: 3px 8px; border-bottom: 1px solid #EBEBEB;"},
            ]
        )
    )
    return styler


# -- comparison of several courses ---------------------------------------------------------------
# One style per case: colour, marker symbol and line dash all differ, so that the cases stay
# apart without colour (print, colour-vision deficiencies). Provenance keeps plot_course's key:
# filled markers are reported values, hollow markers reconstructed (teaching) ones.
_CASE_STYLES = (
    (BLUE, "circle", "solid"),
    (VERMILLION, "diamond", "dot"),
    (GREEN, "square", "dashdot"),
    (PURPLE, "triangle-up", "longdash"),
)
# Panels, top to bottom: (key, subplot title with units, y-axis title, height in px).
_CMP_PANELS = (
    ("dose", "Blinatumomab dose (mcg/day)", "mcg/day", 110),
    ("ice", "ICE score (points, 0-10; lower is worse) on the ASTCT ICANS grade bands", "ICE", 220),
    ("icans", "Computed ICANS grade (ASTCT 2019)", "grade", 130),
    ("temp", "Temperature (°C, daily maximum)", "°C", 140),
    ("crs", "Computed CRS grade (ASTCT 2019)", "grade", 110),
    ("il6", "IL-6 (pg/mL), log scale", "pg/mL", 140),
)
_CMP_ROW = {key: i + 1 for i, (key, *_rest) in enumerate(_CMP_PANELS)}
_CMP_MARGIN = {"l": 80, "r": 150, "t": 130, "b": 60}
_DODGE = 0.12  # days: the cases' markers sit side by side instead of on top of each other


def case_label(case: Case, *, escape: bool = True) -> str:
    """A short label for a case: "Case 1 (69 y)" (the title before its colon and the patient's
    age; the case id when the title has no colon), HTML-escaped unless ``escape`` is False."""
    name = case.title.split(":", 1)[0].strip() if ":" in case.title else case.id
    age = case.patient.age
    if isinstance(age, numbers.Integral) and not isinstance(age, bool):
        name = f"{name} ({age} y)"
    return html.escape(name) if escape else name


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


def _check_shared_day(cases: Sequence[Case], until_day: Any) -> int:
    days = sorted({d for c in cases for d in c.day_numbers})
    if until_day is None:
        return days[-1]
    if not _is_day(until_day, days):
        raise ValueError(
            f"until_day must be a whole day number from {days[0]} to {days[-1]} (the days of the "
            f"cases) or None for the whole courses; got {until_day!r}"
        )
    return int(until_day)


def _cmp_series(
    fig: go.Figure,
    points: Sequence[_Point],
    style: _CaseStyle,
    *,
    row: int,
    label: str,
    shape: str = "linear",
) -> None:
    """One case's series: a line in the case's dash (broken where ``y`` is None) and markers in
    the case's symbol, filled when reported, hollow when reconstructed."""
    import plotly.graph_objects as go

    points = sorted(points, key=lambda p: p.day)
    xs = [p.day + style.offset for p in points]
    ys = [p.y for p in points]
    if sum(y is not None for y in ys) > 1:
        fig.add_trace(
            go.Scatter(
                x=xs,
                y=ys,
                mode="lines",
                line={"color": style.color, "width": 2, "dash": style.dash, "shape": shape},
                connectgaps=False,
                hoverinfo="skip",
                showlegend=False,
                legendgroup=style.key,
                name=f"{style.label}: {label}, line",
            ),
            row=row,
            col=1,
        )
    shown = [p for p in points if p.y is not None]
    if shown:
        fig.add_trace(
            go.Scatter(
                x=[p.day + style.offset for p in shown],
                y=[p.y for p in shown],
                mode="markers",
                marker=_markers(style.color, style.symbol, shown),
                customdata=[[*p.custom, p.day] for p in shown],
                hovertemplate=_case_hovertemplate(style.label, label),
                showlegend=False,
                legendgroup=style.key,
                name=f"{style.label}: {label}",
            ),
            row=row,
            col=1,
        )


def _cmp_ice(fig: go.Figure, case: Case, obs: list[Observation], style: _CaseStyle, last: int):
    row = _CMP_ROW["ice"]
    days = takewhile(lambda day: day <= last, case.day_numbers)
    points, untestable = _ice_points(case, obs, days, 0.0)
    _cmp_series(fig, points, style, row=row, label="ICE score")
    if untestable:
        _untestable_marks(
            fig,
            row=row,
            x=[p.day + style.offset for p in untestable],
            y=[p.y for p in untestable],
            sources=[p.source for p in untestable],
            color=style.color,
            customdata=[[*p.custom, p.day] for p in untestable],
            hovertemplate=_case_hovertemplate(style.label, "ICE score"),
            name=f"{style.label}: ICE not testable",
            legendgroup=style.key,
        )


def _cmp_grades(fig: go.Figure, case: Case, daily: Any, style: _CaseStyle) -> None:
    icans, crs = [], []
    for rec in daily.itertuples(index=False):
        day, source = int(rec.day), rec.source
        drivers = f"set by: {_words(rec.icans_drivers)}" if rec.icans_drivers else ""
        icans.append(
            _Point(day, float(rec.icans_grade), f"ICANS grade {rec.icans_grade}", drivers, source)
        )
        crs_note = f"hypotension: {_words(rec.hypotension)}; oxygen: {_words(rec.oxygen)}"
        if rec.fever_masked:
            crs_note += "; fever masked (an antipyretic or anti-cytokine drug is acting)"
        crs.append(
            _Point(day, float(rec.crs_grade), f"CRS grade {rec.crs_grade}", crs_note, source)
        )
    _cmp_series(fig, icans, style, row=_CMP_ROW["icans"], label="computed ICANS grade")
    _cmp_series(fig, crs, style, row=_CMP_ROW["crs"], label="computed CRS grade")


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
    last = _check_shared_day(cases, until_day)
    days = sorted({d for c in cases for d in c.day_numbers})
    panel_px = [px for *_, px in _CMP_PANELS]
    fig, plot_px = _stacked_panels(_CMP_PANELS, panel_px)
    total = plot_px + _CMP_MARGIN["t"] + _CMP_MARGIN["b"]

    # ICANS grade bands of the ICE domain and the fever line (ASTCT 2019), behind the data.
    _ice_bands(fig, _CMP_ROW["ice"])
    _fever_line(fig, _CMP_ROW["temp"])

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
        _legend_key(fig, name=style.label, group=style.key, color=color, symbol=symbol, dash=dash)
        obs = _observations(case, last)
        daily = _daily_until(case, last)
        dose = _numeric_points(obs, "blinatumomab", "mcg/day")
        _cmp_series(fig, dose, style, row=_CMP_ROW["dose"], label="blinatumomab", shape="hv")
        _cmp_ice(fig, case, obs, style, last)
        _cmp_grades(fig, case, daily, style)
        temp = _numeric_points(obs, "temperature", "°C")
        temps += [p.y for p in temp if p.y is not None]
        _cmp_series(fig, temp, style, row=_CMP_ROW["temp"], label="temperature")
        il6 = _positive(_numeric_points(obs, "il6", "pg/mL"))
        _cmp_series(fig, il6, style, row=_CMP_ROW["il6"], label="IL-6")

    # Provenance key, the same shapes as plot_course's markers.
    for source, symbol in (("report", "circle"), ("reconstructed", "circle-open")):
        _legend_key(
            fig,
            name=f"{PROVENANCE_LABELS[source]} values",
            group=f"provenance-{source}",
            color=GREY,
            symbol=symbol,
        )

    grade_ticks = {"tickvals": [0, 1, 2, 3, 4], "range": [-0.5, 4.5]}
    fig.update_yaxes(range=[0, 28 * 1.3], row=_CMP_ROW["dose"], col=1)
    fig.update_yaxes(range=[-1.3, 11], tickvals=[0, 2, 4, 6, 8, 10], row=_CMP_ROW["ice"], col=1)
    fig.update_yaxes(**grade_ticks, row=_CMP_ROW["icans"], col=1)
    fig.update_yaxes(**grade_ticks, row=_CMP_ROW["crs"], col=1)
    fig.update_yaxes(
        range=[min([36.0, *temps]) - 0.4, max([39.6, *temps]) + 0.4], row=_CMP_ROW["temp"], col=1
    )
    fig.update_yaxes(type="log", dtick=1, row=_CMP_ROW["il6"], col=1)
    _day_axes(fig, days, _CMP_PANELS)

    names = " and ".join(case_label(c) for c in cases)
    _layout(
        fig,
        total=total,
        title=(
            f"{names}: courses on one day axis, up to day {last}<br><sup>Filled markers:"
            " reported; hollow: reconstructed (teaching). Hover a point for its value, note"
            " and source. For education only.</sup>"
        ),
        legend_y=62,
        margin=_CMP_MARGIN,
        uirevision="comparison-" + "-".join(c.id for c in cases),
    )
    return fig


# -- small tables: the patient's facts, the risk figures -----------------------------------------
_TABLE_STYLES = [
    {
        "selector": "caption",
        "props": "caption-side: top; text-align: left; font-weight: bold; padding: 4px 0;",
    },
    {
        "selector": "th",
        "props": "text-align: left; padding: 3px 8px; border-bottom: 1px solid #9A9A9A;",
    },
    {
        "selector": "td",
        "props": "text-align: left; vertical-align: top; padding: 3px 8px; "
        "border-bottom: 1px solid #EBEBEB;",
    },
]
_FACT_LABELS = {
    "age": "Age (years)",
    "sex": "Sex",
    "diagnosis": "Diagnosis",
    "disease_status": "Disease status",
    "genetics": "Genetics",
    "prior_therapy": "Prior therapy",
    "weight_band": "Weight",
    "regimen": "Blinatumomab regimen",
    "premedication": "Premedication",
    "hospitalization": "Hospital stay",
}


def _fact_text(value: Any) -> str:
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    return str(value)


def patient_table(case: Case) -> Styler:
    """The patient's facts, one row each, with provenance ("reported (case report)" or
    "reconstructed (teaching)") and the note that explains a reconstruction. Text from the case
    files is HTML-escaped; the table id is fixed (``patient-<case id>``)."""
    import pandas as pd
    from pandas.io.formats.style import Styler

    rows = [
        {
            "Fact": _FACT_LABELS.get(name, _words(name).capitalize()),
            "Value": _fact_text(fact.value),
            "Provenance": PROVENANCE_LABELS.get(fact.source, fact.source),
            "Note": fact.note,
        }
        for name, fact in case.patient.facts.items()
    ]
    table = pd.DataFrame(rows, columns=["Fact", "Value", "Provenance", "Note"])
    return (
        Styler(table, cell_ids=False)
        .format(escape="html")
        .hide(axis="index")
        .set_uuid(f"patient-{case.id}")
        .set_caption(f"{html.escape(case_label(case, escape=False))}: the patient")
        .set_table_styles(_TABLE_STYLES)
    )


_RISK_GROUP_LABELS = {
    "incidence": "How often: neurological events",
    "risk_factor": "Risk factor for neurological events",
    "crs": "How often and when: CRS",
    "hypothesis": "The case authors' hypothesis",
}
_EVIDENCE_LABELS = {
    "published": "published figure",
    "hypothesis": "hypothesis only, not a finding",
}


def risk_table(figures: Iterable[Any]) -> Styler:
    """The figures of ``casebook.loading.load_risk_factors()`` as a styled table: what, figure,
    population or setting, evidence, source and note. Hypothesis rows are set in italics and
    say so in words. Text is HTML-escaped; the table id is fixed (``risk-factors``)."""
    import pandas as pd
    from pandas.io.formats.style import Styler

    rows = [
        {
            "What": _RISK_GROUP_LABELS.get(f.group, _words(f.group)),
            "Finding": f.finding,
            "Figure": f.figure,
            "Population or setting": f.population,
            "Evidence": _EVIDENCE_LABELS.get(f.evidence, f.evidence),
            "Source": f.citation,
            "Note": f.note,
        }
        for f in figures
    ]
    if not rows:
        raise ValueError(
            "risk_table needs at least one figure (casebook.loading.load_risk_factors())"
        )
    table = pd.DataFrame(rows)
    hypothesis = _EVIDENCE_LABELS["hypothesis"]

    def italic_if_hypothesis(row: Any) -> list[str]:
        css = (
            "font-style: italic; background-color: #F3F4F6" if row["Evidence"] == hypothesis else ""
        )
        return [css] * len(row)

    return (
        Styler(table, cell_ids=False)
        .format(escape="html")
        .apply(italic_if_hypothesis, axis=1)
        .hide(axis="index")
        .set_uuid("risk-factors")
        .set_caption(
            "Neurological events and CRS on blinatumomab: how often, who is at risk, and what"
            " the case authors propose. For education only."
        )
        .set_table_styles(_TABLE_STYLES)
    )
