"""Render notebooks to static HTML pages for an LMS or for reading without a kernel (``make html``).

Each notebook is first run top to bottom in a fresh kernel started in its own folder (answers
and the learner id go to a temp folder, never into the repository) with the widgets' state kept.
Then every output becomes static HTML:

- plotly figures are drawn with plotly.js, written once beside the pages (``plotly.min.js``), so
  the pages work offline;
- every exercise is written out as the resident sees it before answering: the bedside transcript
  or the situation, the question, and the choices as a list (buttons, the empty feedback area and
  the running total left out), under a line saying that answering and feedback need the
  interactive casebook. Nothing that appears only after an answer is in the widget before it,
  so nothing of the feedback reaches the page.

Usage: python tools/export_html.py --output build/html NOTEBOOK.ipynb [...]
       (``--stored`` renders the stored outputs without running the notebooks; exercises then
       get the note only, since their text exists only in a running kernel)
"""

from __future__ import annotations

import argparse
import ast
import html
import json
import os
import re
import subprocess
import sys
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import nbformat
import plotly.io as pio
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError
from nbconvert import HTMLExporter
from plotly.offline import get_plotlyjs

PLOTLY_MIME = "application/vnd.plotly.v1+json"
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
STATE_MIME = "application/vnd.jupyter.widget-state+json"
CDN_SCRIPT = re.compile(r'<script[^>]*\bsrc="https?://[^"]*"[^>]*>\s*</script>\s*')
MODEL_REF = "IPY_MODEL_"

# Where answering happens, in words a resident reading the page on a learning platform knows.
INTERACTIVE = (
    "the interactive casebook (the same notebook opened in JupyterLab, in your web browser; "
    "your course page or instructor says where to find it)"
)
KIND_BY_CLASS = {
    "casebook-ice-exercise": "Exercise: score the ICE",
    "casebook-ice-not-testable-exercise": "Exercise: the ICE that could not be done",
    "casebook-decision-exercise": "Exercise: decision",
    "casebook-vignette-exercise": "Practice vignette",
    "casebook-calculator": "ICANS calculator",
    "casebook-course-view": "Course, day by day",
    "casebook-learner-form": "Your learner id",
    "casebook-whole-course": "The whole course",
    "casebook-progress-view": "Your answers",
}
CHECK_LINE = {
    "casebook-calculator": "Working out a grade with the calculator needs " + INTERACTIVE + ".",
    "casebook-course-view": (
        "This shows the first day only. Stepping through the days needs " + INTERACTIVE + "."
    ),
}
DEFAULT_CHECK_LINE = (
    "Read-only copy: you can read the exercise here, but answering it and seeing the feedback "
    "need " + INTERACTIVE + "."
)
NOTE_ONLY = (
    "This exercise needs " + INTERACTIVE + "; this read-only page cannot show it. "
    "Open the notebook there to read and answer it."
)
# Parts of a widget that only make sense with a kernel (class-name suffixes, see the widgets'
# docstrings): buttons, the feedback area (empty before an answer), the running total, errors.
SKIP_SUFFIXES = ("-feedback-area", "-total", "-error", "-result", "-check", "-submit")
SKIP_CLASSES = {
    "casebook-keyboard-hint",
    "casebook-error",
    "casebook-learner-form",  # the id box: the page is nobody's
    "casebook-quick-verdict",  # the short verdict beside Check/Submit (empty before an answer)
    "casebook-keyguard",  # keeps JupyterLab's shortcuts out of the exercise (invisible)
    "casebook-course-reveal",  # "Show what the team did"
    "casebook-course-hold",  # "Not shown yet ... once you have answered" (stepping needs a kernel)
}
# A widget that is all kernel (nothing to read before using it): what to say instead.
ROOT_LINE = {
    "casebook-learner-form": (
        "Your learner id: in " + INTERACTIVE + ", you type the id your instructor gave you here "
        "and press Save. This read-only page records nothing."
    ),
    "casebook-progress-view": (
        "Your results so far, and the Download my answers link, appear here in " + INTERACTIVE + "."
    ),
    "casebook-whole-course": (
        "The whole course, figure and table, is shown here on request in " + INTERACTIVE + ", "
        "after the exercises."
    ),
}
BOXES = {"VBoxModel", "HBoxModel", "BoxModel", "GridBoxModel", "AccordionModel", "TabModel"}
CHOICES = {"RadioButtonsModel", "DropdownModel", "ToggleButtonsModel", "SelectModel"}
TEXT_INPUTS = {"TextModel", "TextareaModel"}
NUMBER_INPUTS = {"IntTextModel", "BoundedIntTextModel", "FloatTextModel", "BoundedFloatTextModel"}

STATIC_CSS = """
.casebook-static{border:1px solid #9ca3af;border-radius:4px;padding:.5rem .75rem;margin:.25rem 0;
background:#fff;max-width:60rem}
.casebook-static-kind{font-weight:600;margin:0 0 .25rem 0}
.casebook-static-kind .tag{font-weight:400;font-size:.85em;border:1px solid #6b7280;
border-radius:3px;padding:0 .3em;margin-left:.4em;color:#374151}
.casebook-static-choice{margin:.35rem 0}
.casebook-static-choice ul{list-style:none;margin:.15rem 0 .15rem 1rem;padding:0}
.casebook-static-option{margin:.2rem 0}
.casebook-static-check{border-top:1px dashed #9ca3af;margin:.5rem 0 0 0;padding-top:.35rem;
color:#1f2937}
"""


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _classes(state: Mapping[str, Any]) -> list[str]:
    classes = state.get("_dom_classes") or []
    if isinstance(classes, str):  # anywidget models store their traits as text
        try:
            classes = ast.literal_eval(classes)
        except (ValueError, SyntaxError):
            classes = []
    return [c for c in classes if isinstance(c, str)]


def _trait(value: object) -> object:
    """A trait as stored in the widget state (anywidget models may store theirs as text)."""
    if isinstance(value, str) and value[:1] in "{[":
        try:
            return json.loads(value)
        except ValueError:
            try:
                return ast.literal_eval(value)
            except (ValueError, SyntaxError):
                return value
    return value


def _skipped(state: Mapping[str, Any]) -> bool:
    return any(c in SKIP_CLASSES or c.endswith(SKIP_SUFFIXES) for c in _classes(state))


class _Renderer:
    """Static HTML for one widget tree, from the widget state a kernel run stored."""

    def __init__(self, models: Mapping[str, Mapping[str, Any]]) -> None:
        self.models = models
        self.figures = 0

    def model(self, ref: object) -> Mapping[str, Any] | None:
        if not isinstance(ref, str):
            return None
        found = self.models.get(ref.removeprefix(MODEL_REF))
        return found if isinstance(found, Mapping) else None

    def render(self, ref: object) -> str:
        model = self.model(ref)
        if model is None:
            return ""
        name, state = model.get("model_name", ""), model.get("state", {})
        if _skipped(state):
            return ""
        if name in BOXES:
            return "".join(self.render(child) for child in state.get("children", []))
        if name in ("HTMLModel", "HTMLMathModel"):
            value = str(state.get("value") or "")  # the casebook's own, already escaped HTML
            return f"<div>{value}</div>" if value else ""
        if name == "LabelModel":
            value = state.get("value") or ""
            return f"<p>{_e(value)}</p>" if value else ""
        if name == "CheckboxModel":
            label = state.get("description") or ""
            return f'<div class="casebook-static-option">&#9744; {_e(label)}</div>'
        if name in CHOICES:
            return self._choice(state)
        if name in NUMBER_INPUTS:  # e.g. the course view's day: the value it starts on
            label = state.get("description") or ""
            return f"<p>{_e(label)}: {_e(state.get('value', ''))}</p>" if label else ""
        if name in TEXT_INPUTS:
            label = state.get("description") or state.get("placeholder") or ""
            return f"<p>{_e(label)}: ________</p>" if label else ""
        if name == "OutputModel":
            return "".join(self._output(out) for out in state.get("outputs", []))
        if name == "AnyModel":
            return self._answer_area(state) or self._figure(state)
        return ""  # buttons and anything else that only works with a kernel

    def _answer_area(self, state: Mapping[str, Any]) -> str:
        """The inputs of an ICE or decision exercise drawn in the page
        (``casebook.widgets.answer``), from their labels only (``spec``): never its feedback
        table, nor the button, verdict or feedback."""
        spec = _trait(state.get("spec"))
        kind = _trait(state.get("kind"))
        if not isinstance(spec, Mapping) or kind not in ("ice", "decision"):
            return ""
        if kind == "decision":
            return "".join(
                f'<div class="casebook-static-option">&#9744; {_e(o.get("label", ""))}'
                f'<div style="font-size:.9em;margin-left:1.4em">{_e(o.get("description", ""))}'
                "</div></div>"
                for o in spec.get("options", [])
            )
        orientation = spec.get("orientation", {})
        parts = "".join(
            f'<li class="casebook-static-option">&#9744; {_e(p.get("label", ""))}</li>'
            for p in orientation.get("parts", [])
        )
        out = f"<p><strong>{_e(spec.get('heading', ''))}</strong></p>"
        out += (
            f'<div class="casebook-static-choice">{_e(orientation.get("legend", ""))}'
            f"<ul>{parts}</ul></div>"
        )
        for item in spec.get("items", []):
            options = "".join(
                f'<li class="casebook-static-option">&#9675; {_e(o.get("label", ""))}</li>'
                for o in item.get("options", [])
            )
            out += (
                f'<div class="casebook-static-choice">{_e(item.get("legend", ""))}'
                f"<ul>{options}</ul></div>"
            )
        return out

    def _choice(self, state: Mapping[str, Any]) -> str:
        label = state.get("description") or ""
        options = "".join(
            f'<li class="casebook-static-option">&#9675; {_e(o)}</li>'
            for o in state.get("_options_labels", [])
        )
        return f'<div class="casebook-static-choice">{_e(label)}<ul>{options}</ul></div>'

    def _output(self, out: Mapping[str, Any]) -> str:
        data = out.get("data", {})
        if "text/html" in data:
            return "".join(data["text/html"])
        if "text/plain" in data:
            return f"<pre>{_e(''.join(data['text/plain']))}</pre>"
        if out.get("output_type") == "stream":
            return f"<pre>{_e(''.join(out.get('text', '')))}</pre>"
        return ""

    def _figure(self, state: Mapping[str, Any]) -> str:
        """A figure widget drawn as a static figure: the course view's ``CourseFigure`` (its
        ``figure`` trait holds plain dicts) or a plotly FigureWidget (an anywidget)."""
        figure = state.get("figure")
        try:
            if isinstance(figure, Mapping) and isinstance(figure.get("data"), list):
                data, layout = figure["data"], dict(figure.get("layout") or {})
            elif "plotly" in str(state.get("_anywidget_id", "")):
                data = ast.literal_eval(str(state.get("_widget_data", "[]")))
                layout = ast.literal_eval(str(state.get("_widget_layout", "{}")))
            else:
                return ""
            for trace in data:  # a FigureWidget gives its traces random uids
                trace.pop("uid", None)
            fig = pio.from_json(json.dumps({"data": data, "layout": layout}), skip_invalid=True)
        except (ValueError, SyntaxError, TypeError, AttributeError):
            return ""
        self.figures += 1
        return pio.to_html(
            fig,
            include_plotlyjs=False,
            full_html=False,
            div_id=f"casebook-widget-figure-{self.figures}",
        )


def static_widget(renderer: _Renderer | None, model_id: str) -> str:
    """One widget output as a static block: what it is, its text before any answer, and the
    line saying that answering needs the interactive casebook."""
    root = renderer.model(model_id) if renderer else None
    classes = _classes(root.get("state", {})) if root else []
    kind = next((KIND_BY_CLASS[c] for c in classes if c in KIND_BY_CLASS), "Interactive part")
    body = renderer.render(model_id) if renderer and root else ""
    root_line = next((ROOT_LINE[c] for c in classes if c in ROOT_LINE), None)
    if root_line:
        return (
            f'<section class="casebook-static" aria-label="{_e(kind)} (read-only)">'
            f'<p class="casebook-static-kind">{_e(kind)}<span class="tag">read-only</span></p>'
            f"<p>{_e(root_line)}</p></section>"
        )
    if body:
        line = next((CHECK_LINE[c] for c in classes if c in CHECK_LINE), DEFAULT_CHECK_LINE)
    else:
        line = NOTE_ONLY
    return (
        f'<section class="casebook-static" aria-label="{_e(kind)} (read-only)">'
        f'<p class="casebook-static-kind">{_e(kind)}<span class="tag">read-only</span></p>'
        f'{body}<p class="casebook-static-check">{_e(line)}</p></section>'
    )


def _static_outputs(nb: nbformat.NotebookNode) -> int:
    """Give every plotly output an HTML rendering and every widget its static text; return the
    number of plotly figures drawn (stored figures and figures inside widgets)."""
    widget_state = nb.metadata.get("widgets", {}).get(STATE_MIME, {}).get("state")
    renderer = _Renderer(widget_state) if widget_state else None
    figures = 0
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            if PLOTLY_MIME in data:
                figures += 1
                fig = pio.from_json(json.dumps(data[PLOTLY_MIME]), skip_invalid=True)
                data["text/html"] = pio.to_html(
                    fig,
                    include_plotlyjs=False,
                    full_html=False,
                    div_id=f"casebook-figure-{figures}",
                )
                del data[PLOTLY_MIME]
            elif WIDGET_MIME in data:
                model_id = str(data[WIDGET_MIME].get("model_id", ""))
                out["data"] = {"text/html": static_widget(renderer, model_id)}
    nb.metadata.pop("widgets", None)
    return figures + (renderer.figures if renderer else 0)


class ExportError(Exception):
    """A notebook could not be run; the message names it and the cell."""


def run_notebook(path: Path, *, timeout: int = 300) -> nbformat.NotebookNode:
    """Run ``path`` in a fresh kernel in its own folder and keep the widgets' state. Answers,
    the saved learner id and any other casebook file go to a temp folder."""
    nb = nbformat.read(path, as_version=4)
    with tempfile.TemporaryDirectory(prefix="casebook-html-") as tmp:
        env = {
            k: v for k, v in os.environ.items() if not k.startswith(("CASEBOOK_", "JUPYTERHUB_"))
        }
        env["CASEBOOK_RESPONSES"] = str(Path(tmp) / "responses.jsonl")
        env["CASEBOOK_LEARNER"] = "static-page"
        client = NotebookClient(
            nb,
            timeout=timeout,
            kernel_name="python3",
            store_widget_state=True,
            record_timing=False,
            resources={"metadata": {"path": str(path.parent.resolve())}},
        )
        try:
            # The kernel's own stderr (warnings, and now and then a ZeroMQ traceback while it
            # shuts down) is not for the reader: a failed cell is reported below, in one line.
            client.execute(env=env, stderr=subprocess.DEVNULL)
        except (CellExecutionError, CellTimeoutError) as exc:
            first = str(exc).strip().splitlines()
            raise ExportError(
                f"{path}: a cell failed while running the notebook: {first[-1] if first else exc}"
            ) from None
    return nb


def export(path: Path, output: Path, *, run: bool = True) -> Path:
    nb = run_notebook(path) if run else nbformat.read(path, as_version=4)
    figures = _static_outputs(nb)
    exporter = HTMLExporter(template_name="lab")
    body, _ = exporter.from_notebook_node(nb)
    # Offline pages: drop the template's CDN scripts (require.js would also capture plotly.js
    # as an AMD module, so the figures would not draw; the notebooks use no MathJax).
    body = CDN_SCRIPT.sub("", body)
    head = f"<style>{STATIC_CSS}</style>"
    if figures:
        # Load the local copy of plotly.js before the first figure.
        head += '\n<script src="plotly.min.js" charset="utf-8"></script>'
    body = body.replace("</head>", f"{head}\n</head>", 1)
    target = output / f"{path.stem}.html"
    target.write_text(body, encoding="utf-8")
    return target


def _title(path: Path) -> str:
    """The notebook's first heading, or its file name."""
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return path.stem


def write_index(output: Path, notebooks: list[Path], pages: list[Path]) -> Path:
    items = "".join(
        f'<li><a href="{_e(page.name)}">{_e(_title(nb))}</a> <small>({_e(nb.name)})</small></li>'
        for nb, page in zip(notebooks, pages, strict=True)
    )
    index = output / "index.html"
    index.write_text(
        "<!doctype html><html lang='en'><meta charset='utf-8'><title>ICANS casebook</title>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        "<style>body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;max-width:48rem;"
        "margin:2rem auto;padding:0 1rem;line-height:1.5;color:#1a1a1a}li{margin:.3rem 0}"
        "small{color:#555}</style>"
        "<h1>ICANS casebook</h1><p><strong>For education only, not for clinical decisions.</strong>"
        "</p><p>These pages are a read-only copy of the casebook: you can read every notebook, "
        "its figures and each exercise's question, but answering an exercise and seeing the "
        f"feedback need {_e(INTERACTIVE)}.</p><ol>{items}</ol></html>",
        encoding="utf-8",
    )
    return index


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=Path("build/html"))
    parser.add_argument(
        "--stored",
        action="store_true",
        help="render the stored outputs without running the notebooks (exercises: a note only)",
    )
    parser.add_argument("notebooks", nargs="+", type=Path)
    args = parser.parse_args(argv)
    missing = [str(p) for p in args.notebooks if not p.is_file()]
    if missing:
        print(f"error: no such notebook: {', '.join(missing)}", file=sys.stderr)
        return 2
    args.output.mkdir(parents=True, exist_ok=True)
    (args.output / "plotly.min.js").write_text(get_plotlyjs(), encoding="utf-8")
    pages = []
    for path in args.notebooks:
        try:
            pages.append(export(path, args.output, run=not args.stored))
        except ExportError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
        print(f"wrote {pages[-1]}", flush=True)
    write_index(args.output, args.notebooks, pages)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
