"""A figure as plain dicts: the few ``plotly.graph_objects.Figure`` methods the course figure
uses (``add_trace`` with a dict and ``row``, ``add_shape``, ``add_annotation``,
``update_layout``, ``update_xaxes``/``update_yaxes`` with ``row``), without plotly's property
validation.

Why: validating every property costs about 80-250 ms per course figure, which the day stepper
(``casebook.widgets.course``) would pay on every step. The drawing code in ``panels``,
``timeline`` and ``traces`` writes traces as dicts and works on a ``Sketch`` or a real ``Figure``
alike; ``plot_course`` validates the finished sketch once (``go.Figure(sketch.to_dict())``), so
both paths draw the same figure (tests/test_plots.py checks it for every day of every case).
Nothing here imports plotly.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

__all__ = ["NONE_TEMPLATE", "Sketch", "axis_names", "stacked_sketch"]

# plotly's "none" template (plotly.io.templates["none"]), as the figure JSON carries it:
# plotly.js takes a template object, never a name. tests/test_plots.py checks it is plotly's.
NONE_TEMPLATE: dict[str, Any] = {"data": {"scatter": [{"type": "scatter"}]}}


def axis_names(row: int) -> tuple[str, str]:
    """("x", "y") for row 1, ("x2", "y2") for row 2: the axes of a one-column figure's row."""
    suffix = "" if row == 1 else str(row)
    return f"x{suffix}", f"y{suffix}"


def _merge(target: dict[str, Any], updates: dict[str, Any]) -> None:
    """Merge ``updates`` into ``target``: nested dicts merge, None removes a key (as plotly's
    ``update`` does)."""
    for key, value in updates.items():
        if value is None:
            target.pop(key, None)
        elif isinstance(value, dict) and isinstance(target.get(key), dict):
            _merge(target[key], value)
        else:
            target[key] = _plain(value)


def _plain(value: Any) -> Any:
    """Tuples as lists, nested dicts copied, None entries of dicts dropped: what plotly's
    validation leaves of a value."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items() if v is not None}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


class Sketch:
    """A figure under construction as ``{"data": [...], "layout": {...}}``."""

    def __init__(self, layout: dict[str, Any] | None = None, rows: int = 1) -> None:
        self.data: list[dict[str, Any]] = []
        self.layout: dict[str, Any] = layout or {}
        self.rows = rows

    def add_trace(
        self, trace: dict[str, Any], row: int | None = None, col: int | None = None
    ) -> Sketch:
        trace = _plain(trace)
        if row is not None:
            trace["xaxis"], trace["yaxis"] = axis_names(row)
        self.data.append(trace)
        return self

    def add_shape(self, **shape: Any) -> Sketch:
        self.layout.setdefault("shapes", []).append(_plain(shape))
        return self

    def add_annotation(self, **annotation: Any) -> Sketch:
        self.layout.setdefault("annotations", []).append(_plain(annotation))
        return self

    def update_layout(self, **updates: Any) -> Sketch:
        _merge(self.layout, updates)
        return self

    def _update_axes(self, letter: str, row: int | None, updates: dict[str, Any]) -> None:
        rows = range(1, self.rows + 1) if row is None else (row,)
        for r in rows:
            name = axis_names(r)[0 if letter == "x" else 1].replace(letter, f"{letter}axis", 1)
            _merge(self.layout.setdefault(name, {}), updates)

    def update_xaxes(
        self, row: int | None = None, col: int | None = None, **updates: Any
    ) -> Sketch:
        self._update_axes("x", row, updates)
        return self

    def update_yaxes(
        self, row: int | None = None, col: int | None = None, **updates: Any
    ) -> Sketch:
        self._update_axes("y", row, updates)
        return self

    def to_dict(self) -> dict[str, Any]:
        return {"data": self.data, "layout": self.layout}


def stacked_sketch(titles: Sequence[str], panel_px: Sequence[int], spacing_px: int) -> Sketch:
    """One column of panels on a shared day axis, as ``plotly.subplots.make_subplots(rows=n,
    cols=1, shared_xaxes=True, vertical_spacing=..., row_heights=..., subplot_titles=...)`` lays
    them out: ``panel_px`` high, ``spacing_px`` apart, the bottom x axis the one shown; each
    title left-aligned above its panel."""
    rows = len(panel_px)
    plot_px = sum(panel_px) + spacing_px * (rows - 1)
    spacing = spacing_px / plot_px
    room = 1 - spacing * (rows - 1)
    layout: dict[str, Any] = {"annotations": []}
    top = 1.0
    for row, px in enumerate(panel_px, start=1):
        x, y = axis_names(row)
        bottom = top - room * px / sum(panel_px)
        xaxis: dict[str, Any] = {"anchor": y, "domain": [0.0, 1.0]}
        if row < rows:
            xaxis |= {"matches": axis_names(rows)[0], "showticklabels": False}
        layout[x.replace("x", "xaxis", 1)] = xaxis
        layout[y.replace("y", "yaxis", 1)] = {"anchor": x, "domain": [max(bottom, 0.0), top]}
        if titles[row - 1]:
            layout["annotations"].append(
                {
                    "font": {"size": 13, "color": "#000000"},
                    "showarrow": False,
                    "text": titles[row - 1],
                    "x": 0,
                    "xanchor": "left",
                    "xref": "paper",
                    "y": top,
                    "yanchor": "bottom",
                    "yref": "paper",
                }
            )
        top = bottom - spacing
    return Sketch(layout, rows)
