"""`make html`: the notebooks as static, offline HTML pages with their plots visible, and every
exercise written out read-only as the resident sees it before answering."""

from __future__ import annotations

import html
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from casebook import load_case

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.slow  # runs the notebooks in kernels and nbconvert on them
EXPORTER = str(ROOT / "tools" / "export_html.py")
READ_ONLY = "answering it and seeing the feedback need the interactive casebook"


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("html")
    names = ("00_start_here.ipynb", "02_case1.ipynb", "04_comparison_and_risk.ipynb")
    notebooks = [ROOT / "notebooks" / n for n in names]
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
        "04_comparison_and_risk.html",
    }
    index = (pages / "index.html").read_text(encoding="utf-8")
    assert 'href="02_case1.html"' in index and "For education only" in index


def test_stored_figures_are_drawn_with_the_local_plotly_js(pages):
    page = (pages / "04_comparison_and_risk.html").read_text(encoding="utf-8")
    assert '<script src="plotly.min.js"' in page
    assert page.count("Plotly.newPlot") >= 1
    assert "application/vnd.plotly.v1+json" not in page
    assert len((pages / "plotly.min.js").read_bytes()) > 1_000_000


def test_pages_load_no_script_from_the_network(pages):
    for page in pages.glob("*.html"):
        srcs = re.findall(r'<script[^>]*\bsrc="([^"]*)"', page.read_text(encoding="utf-8"))
        assert all(not s.startswith(("http:", "https:", "//")) for s in srcs), (page, srcs)


def _blocks(page: str) -> list[str]:
    """The read-only blocks that stand for the exercises and other widgets."""
    pattern = r'<section[^>]*\bclass="casebook-static"[^>]*>.*?</section>'
    return re.findall(pattern, page, flags=re.S)


def _cells(notebook: Path) -> list[dict]:
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    for cell in cells:
        cell["source"] = "".join(cell["source"])
    return [c for c in cells if c["cell_type"] == "code"]


def _text(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", fragment))


def test_exercises_are_written_out_as_before_answering(pages):
    page = (pages / "02_case1.html").read_text(encoding="utf-8")
    assert "application/vnd.jupyter.widget-view+json" not in page
    case = load_case("case1")
    blocks = _blocks(page)
    kinds = [re.search(r'casebook-static-kind">([^<]*)<', b).group(1) for b in blocks]
    ice = [b for k, b in zip(kinds, blocks, strict=True) if k == "Exercise: score the ICE"]
    decisions = [b for k, b in zip(kinds, blocks, strict=True) if k == "Exercise: decision"]
    sources = [c["source"] for c in _cells(ROOT / "notebooks" / "02_case1.ipynb")]
    assert len(ice) == sum("ice_exercise(" in src for src in sources) >= 3
    assert len(decisions) == sum("decision_exercise(" in src for src in sources) >= 3
    # The day-0 decision: its situation, question and every option's label, as text ...
    day0 = _text(decisions[0])
    decision = case.decision("c1-day0")
    assert " ".join(decision.situation.split()) in " ".join(day0.split())
    assert decision.question in day0
    assert all(option.label in day0 for option in decision.options)
    # ... with the line that answering needs the interactive casebook, and nothing of the
    # feedback: no classification, rationale or what the team did.
    assert READ_ONLY in day0 and "make lab" not in page
    assert not re.search(r"\b(essential|harmful|not indicated)\b", day0)
    assert not any(o.rationale[:40] in day0 for o in decision.options)
    assert not any(t.text[:40] in day0 for t in decision.team_did)
    # The ICE exercise of day 3: the bedside transcript and the items to score.
    day3 = _text(next(b for b in ice if "Bedside ICE exam, day 3" in b))
    assert all(line in day3 for line in case.exam(3).items["naming"].transcript)
    assert "Naming (0-3)" in day3 and READ_ONLY in day3
    assert "Your ICE total so far" not in day3  # the running total needs a kernel
    # The exercises' feedback tables (casebook.html.table) never reach the page.
    text = " ".join(_text(page).split())
    for day in (3, 5):
        assert not any(
            " ".join(item.reason.split())[:50] in text for item in case.exam(day).items.values()
        )


def test_the_course_view_shows_its_first_day_only(pages):
    page = (pages / "02_case1.html").read_text(encoding="utf-8")
    case = load_case("case1")
    course = next(b for b in _blocks(page) if "Course, day by day" in b)
    first, last = case.day_note(case.day_numbers[0]), case.day_note(case.day_numbers[-1])
    assert " ".join(first.narrative.split())[:60] in " ".join(_text(course).split())
    assert last.narrative[:40] not in page
    assert "Stepping through the days needs the interactive casebook" in _text(course)
    # A figure in the view (once its day is not held back) is drawn offline like the others.
    assert "Plotly.newPlot" not in course or '<script src="plotly.min.js"' in page


def test_no_exercise_block_carries_a_button_or_an_answer_area(pages):
    for page in pages.glob("*.html"):
        for block in _blocks(page.read_text(encoding="utf-8")):
            assert "<button" not in block and "<input" not in block, page.name


def test_stored_mode_writes_a_note_without_running(tmp_path):
    proc = subprocess.run(
        [
            sys.executable,
            EXPORTER,
            "--stored",
            "--output",
            str(tmp_path),
            str(ROOT / "notebooks" / "02_case1.ipynb"),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "wrote" in proc.stdout
    page = (tmp_path / "02_case1.html").read_text(encoding="utf-8")
    assert "this read-only page cannot show it" in _text(page)


def test_a_notebook_that_fails_to_run_is_named_without_a_traceback(tmp_path):
    broken = tmp_path / "broken.ipynb"
    cell = {
        "cell_type": "code",
        "metadata": {},
        "outputs": [],
        "execution_count": None,
        "source": "1 / 0",
    }
    broken.write_text(
        json.dumps({"cells": [cell], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}),
        encoding="utf-8",
    )
    proc = subprocess.run(
        [sys.executable, EXPORTER, "--output", str(tmp_path / "out"), str(broken)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 1
    assert f"error: {broken}: a cell failed" in proc.stderr and "ZeroDivisionError" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_widgets_that_are_all_kernel_get_one_line_and_leak_nothing(tmp_path):
    notebooks = [ROOT / "notebooks" / n for n in ("00_start_here.ipynb", "05_my_answers.ipynb")]
    subprocess.run(
        [sys.executable, EXPORTER, "--output", str(tmp_path), *map(str, notebooks)],
        check=True,
        capture_output=True,
    )
    start = _text((tmp_path / "00_start_here.html").read_text(encoding="utf-8"))
    assert "you type the id your instructor gave you here and press Save" in start
    answers = (tmp_path / "05_my_answers.html").read_text(encoding="utf-8")
    assert "Download my answers link, appear here in the interactive casebook" in _text(answers)
    for page in (start, answers):  # not the export's own id or temp folder
        assert "static-page" not in page and "casebook-html-" not in page


def test_running_the_notebooks_writes_nothing_into_the_repository(pages):
    assert not (ROOT / "notebooks" / "casebook-responses.jsonl").exists()
    assert not (ROOT / "notebooks" / "casebook-learner.txt").exists()


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
