"""The house style of every figure and table, in one place: palette, grade colours, provenance
words, marker shapes, text helpers, table styles and the figure layout.

Reported values are filled markers on solid lines, reconstructed (teaching) values hollow
markers on dashed lines, in every figure. The grade is always written as text too: colour is
never the only signal.
"""

from __future__ import annotations

import html
import numbers
import textwrap
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from casebook.model import Case
from casebook.plots.sketch import NONE_TEMPLATE
from casebook.vocab import PROVENANCE_LEGEND

if TYPE_CHECKING:
    import plotly.graph_objects as go

    from casebook.plots.points import Point

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
GRID = "#EBEBEB"
AXIS_LINE = "#9A9A9A"
FONT = "Arial, Helvetica, sans-serif"

# Band fill and table background per grade: a light-to-dark sequence from the same palette.
BAND_FILL = {1: YELLOW, 2: ORANGE, 3: VERMILLION}
GRADE_BACKGROUND = {1: "#FBF5B5", 2: "#F6CF7A", 3: "#EE9A6B", 4: "#A23B00"}
GRADE_TEXT = {0: GREY, 1: BLACK, 2: BLACK, 3: VERMILLION, 4: VERMILLION}


# -- words ---------------------------------------------------------------------------------------
def words(value: str) -> str:
    return str(value).replace("_", " ")


def number(value: float) -> str:
    """A number as a resident writes it: 38.4, 28, 1500, 0.35."""
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.2f}".rstrip("0").rstrip(".")


def note_html(note: str) -> str:
    """A note from a case file, escaped for plotly's hover HTML, wrapped, with a leading break."""
    if not note:
        return ""
    lines = textwrap.wrap(note, 60) or [note]
    return "<br>" + "<br>".join(html.escape(line) for line in lines)


def provenance(source: str) -> str:
    return PROVENANCE_LEGEND.get(source, html.escape(source))


def short_name(case: Case) -> str:
    """The case's short name: its title before the colon ("Case 2"), else its id. Full titles
    name the outcome ("grade 4 ICANS on day 4"), which a figure of the early days must not."""
    return case.title.split(":", 1)[0].strip() if ":" in case.title else case.id


def shown_title(case: Case, last: int) -> str:
    """The case title, or only its short name ("Case 2") while later days are hidden: full
    titles name the outcome ("grade 4 ICANS on day 4"), which the day stepper must not reveal."""
    return case.title if last >= max(case.day_numbers) else short_name(case)


def case_label(case: Case, *, escape: bool = True) -> str:
    """A short label for a case: "Case 1 (69 y)" (the title before its colon and the patient's
    age; the case id when the title has no colon), HTML-escaped unless ``escape`` is False."""
    name = short_name(case)
    age = case.patient.age
    if isinstance(age, numbers.Integral) and not isinstance(age, bool):
        name = f"{name} ({age} y)"
    return html.escape(name) if escape else name


# -- markers and hover ---------------------------------------------------------------------------
def symbol(base: str, source: str) -> str:
    """Filled marker for reported values, hollow for reconstructed ones."""
    return base if source == "report" else f"{base}-open"


def markers(color: str, base: str, points: Iterable[Point]) -> dict[str, Any]:
    """Series markers: filled where reported, hollow where reconstructed."""
    return {
        "color": color,
        "size": 9,
        "symbol": [symbol(base, p.source) for p in points],
        "line": {"color": color, "width": 2},
    }


def hovertemplate(label: str) -> str:
    """Value with unit, escaped note and provenance (customdata[0], [1], [2])."""
    return (
        f"<b>{label}</b> · day %{{x}}<br>%{{customdata[0]}}%{{customdata[1]}}"
        "<br><i>%{customdata[2]}</i><extra></extra>"
    )


def case_hovertemplate(case: str, label: str) -> str:
    """As ``hovertemplate``, naming the case; the true day is customdata[3] (x is offset)."""
    return (
        f"<b>{case}</b> · {label} · day %{{customdata[3]}}<br>"
        "%{customdata[0]}%{customdata[1]}<br><i>%{customdata[2]}</i><extra></extra>"
    )


# -- tables --------------------------------------------------------------------------------------
_CAPTION = {
    "selector": "caption",
    "props": "caption-side: top; text-align: left; font-weight: bold; padding: 4px 0;",
}
_HEADER = {
    "selector": "th",
    "props": "text-align: left; padding: 3px 8px; border-bottom: 1px solid #9A9A9A;",
}


def table_styles(*, top_aligned: bool = True) -> list[dict[str, str]]:
    """The tables' caption, header and cell styles. ``top_aligned``: text cells left and top
    aligned (fact and figure tables); the course table leaves its cells' alignment alone (grade
    cells are centred)."""
    align = "text-align: left; vertical-align: top; " if top_aligned else ""
    cells = {
        "selector": "td",
        "props": f"{align}padding: 3px 8px; border-bottom: 1px solid {GRID};",
    }
    return [dict(_CAPTION), dict(_HEADER), cells]


def grade_css(grade: Any) -> str:
    """A grade cell's style: background by grade (from grade 1), bold from grade 2."""
    try:
        g = int(grade)
    except (TypeError, ValueError):
        return ""
    if g <= 0:
        return ""
    background = GRADE_BACKGROUND[min(g, 4)]
    color = "#FFFFFF" if g >= 4 else BLACK
    weight = "font-weight: bold; " if g >= 2 else ""
    return f"background-color: {background}; color: {color}; {weight}text-align: center"


# -- figure layout -------------------------------------------------------------------------------
def layout(
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
    settings: dict[str, Any] = {
        "template": NONE_TEMPLATE,
        "height": total,
        "title": {
            "text": title,
            "x": 0.01,
            "xanchor": "left",
            # plotly anchors a two-line title at its first line: 24 px puts its top 8 px down
            "y": 1 - 24 / total,
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
        "font": {"family": FONT, "size": 12, "color": BLACK},
        "plot_bgcolor": "#FFFFFF",
        "paper_bgcolor": "#FFFFFF",
        "hovermode": "closest",
        "hoverlabel": {"align": "left", "bgcolor": "#FFFFFF", "font": {"size": 12}},
        # The tool bar stands on the right edge, beside the title and the legend, never over them.
        "modebar": {"orientation": "v"},
    }
    if bargap is not None:
        settings["bargap"] = bargap
    fig.update_layout(**settings, showlegend=True, uirevision=uirevision)
