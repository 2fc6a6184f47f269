"""`make html`: the notebooks as static, offline HTML pages with their plots visible."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.slow  # runs nbconvert on notebooks


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("html")
    notebooks = [ROOT / "notebooks" / n for n in ("00_start_here.ipynb", "02_case1.ipynb")]
    subprocess.run(
        [
            sys.executable,
            str(ROOT / "tools" / "export_html.py"),
            "--output",
            str(out),
            *map(str, notebooks),
        ],
        check=True,
        capture_output=True,
    )
    return out


def test_every_page_and_an_index_are_written(pages):
    assert {p.name for p in pages.iterdir()} == {
        "index.html",
        "plotly.min.js",
        "00_start_here.html",
        "02_case1.html",
    }
    index = (pages / "index.html").read_text(encoding="utf-8")
    assert 'href="02_case1.html"' in index and "For education only" in index


def test_stored_figures_are_drawn_with_the_local_plotly_js(pages):
    page = (pages / "02_case1.html").read_text(encoding="utf-8")
    assert '<script src="plotly.min.js"' in page
    assert page.count("Plotly.newPlot") >= 1
    assert "application/vnd.plotly.v1+json" not in page
    assert len((pages / "plotly.min.js").read_bytes()) > 1_000_000


def test_pages_load_no_script_from_the_network(pages):
    for page in pages.glob("*.html"):
        srcs = re.findall(r'<script[^>]*\bsrc="([^"]*)"', page.read_text(encoding="utf-8"))
        assert all(not s.startswith(("http:", "https:", "//")) for s in srcs), (page, srcs)


def test_exercises_say_they_need_jupyterlab(pages):
    page = (pages / "02_case1.html").read_text(encoding="utf-8")
    assert "application/vnd.jupyter.widget-view+json" not in page
    assert "Interactive exercise." in page and "make lab" in page
    assert "not for clinical decisions" in page.lower() or "education" in page.lower()


def test_missing_notebook_is_a_clear_error(tmp_path):
    proc = subprocess.run(
        [
            sys.executable,
            str(ROOT / "tools" / "export_html.py"),
            "--output",
            str(tmp_path),
            "nope.ipynb",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 2
    assert "no such notebook: nope.ipynb" in proc.stderr and "Traceback" not in proc.stderr


def test_make_html_runs_the_exporter_on_every_notebook():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "tools/export_html.py --output build/html $(NOTEBOOKS)" in makefile
