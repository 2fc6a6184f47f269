"""Render notebooks to static HTML with their plots visible (``make html``).

For an LMS or for reading without a kernel. Plotly figures stored in the notebooks are rendered
with plotly.js, which is written once beside the pages (``plotly.min.js``), so the pages work
offline. Interactive exercises need a running kernel; in the static pages each one is replaced by
a short note saying so.

Usage: python tools/export_html.py --output build/html NOTEBOOK.ipynb [...]
"""

from __future__ import annotations

import argparse
import html
import json
import re
import sys
from pathlib import Path

import nbformat
import plotly.io as pio
from nbconvert import HTMLExporter
from plotly.offline import get_plotlyjs

PLOTLY_MIME = "application/vnd.plotly.v1+json"
CDN_SCRIPT = re.compile(r'<script[^>]*\bsrc="https?://[^"]*"[^>]*>\s*</script>\s*')
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
WIDGET_NOTE = (
    '<p style="border:1px solid #888;padding:0.5em;background:#f6f6f6">'
    "<strong>Interactive exercise.</strong> Open this notebook in JupyterLab "
    "(<code>make lab</code>) and run it to use the exercise.</p>"
)


def _static_outputs(nb: nbformat.NotebookNode) -> int:
    """Give every plotly output an HTML rendering and every widget a note; return figure count."""
    figures = 0
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            if PLOTLY_MIME in data:
                figures += 1
                spec = data[PLOTLY_MIME]
                fig = pio.from_json(json.dumps(spec), skip_invalid=True)
                div_id = f"casebook-figure-{figures}"
                data["text/html"] = pio.to_html(
                    fig, include_plotlyjs=False, full_html=False, div_id=div_id
                )
                del data[PLOTLY_MIME]
            elif WIDGET_MIME in data:
                out["data"] = {"text/html": WIDGET_NOTE}
    return figures


def export(path: Path, output: Path) -> Path:
    nb = nbformat.read(path, as_version=4)
    figures = _static_outputs(nb)
    exporter = HTMLExporter(template_name="lab")
    body, _ = exporter.from_notebook_node(nb)
    # Offline pages: drop the template's CDN scripts (require.js would also capture plotly.js
    # as an AMD module, so the figures would not draw; the notebooks use no MathJax).
    body = CDN_SCRIPT.sub("", body)
    if figures:
        # Load the local copy of plotly.js before the first figure.
        script = '<script src="plotly.min.js" charset="utf-8"></script>'
        body = body.replace("</head>", f"{script}\n</head>", 1)
    target = output / f"{path.stem}.html"
    target.write_text(body, encoding="utf-8")
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=Path("build/html"))
    parser.add_argument("notebooks", nargs="+", type=Path)
    args = parser.parse_args(argv)
    missing = [str(p) for p in args.notebooks if not p.is_file()]
    if missing:
        print(f"error: no such notebook: {', '.join(missing)}", file=sys.stderr)
        return 2
    args.output.mkdir(parents=True, exist_ok=True)
    (args.output / "plotly.min.js").write_text(get_plotlyjs(), encoding="utf-8")
    pages = [export(p, args.output) for p in args.notebooks]
    index = "".join(
        f'<li><a href="{html.escape(p.name)}">{html.escape(p.stem)}</a></li>' for p in pages
    )
    (args.output / "index.html").write_text(
        "<!doctype html><meta charset='utf-8'><title>ICANS casebook</title>"
        "<h1>ICANS casebook</h1><p>For education only, not for clinical decisions.</p>"
        f"<ul>{index}</ul>",
        encoding="utf-8",
    )
    for page in pages:
        print(f"wrote {page}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
