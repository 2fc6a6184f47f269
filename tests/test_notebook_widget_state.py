"""The notebooks store no widget state: a learner's answers (the ticked boxes, the feedback, the
feedback tables of the exercises drawn in the page) are never written into a .ipynb. JupyterLab
saves widget state only when its "saveState" setting is on (off by default); nothing here turns
it on, and every stored exercise output is the widget view plus the plain sentence of
``casebook.widgets.common.Shown``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
STATE = "application/vnd.jupyter.widget-state+json"
VIEW = "application/vnd.jupyter.widget-view+json"
EXERCISES = ("ice_exercise(", "decision_exercise(")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_no_widget_state_is_stored(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    assert "widgets" not in nb["metadata"], f"{path.name}: metadata.widgets holds widget state"
    for index, cell in enumerate(nb["cells"]):
        for output in cell.get("outputs", []):
            assert STATE not in output.get("data", {}), f"{path.name}: cell {index}"
            if VIEW in output.get("data", {}):
                assert set(output["data"]) == {VIEW, "text/plain"}, f"{path.name}: cell {index}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_stored_exercises_are_the_sentence_not_their_state(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    for index, cell in enumerate(nb["cells"]):
        source = "".join(cell["source"])
        if cell["cell_type"] != "code" or not any(e in source for e in EXERCISES):
            continue
        for output in cell.get("outputs", []):
            plain = "".join(output.get("data", {}).get("text/plain", ""))
            assert plain.startswith("Run this cell, or Run > Run All Cells, to "), (
                f"{path.name}: cell {index} stores {plain[:80]!r}"
            )


def test_nothing_turns_on_saving_widget_state():
    for folder in ("notebooks", "casebook", ".ci", "binder", "docs"):
        for path in (ROOT / folder).rglob("*.json"):
            assert '"saveState": true' not in path.read_text(encoding="utf-8"), path


def test_the_exercises_plain_text_is_the_sentence():
    from casebook.loading import load_case
    from casebook.widgets import decision_exercise, ice_exercise
    from casebook.widgets.common import START

    case = load_case("case1")
    assert repr(ice_exercise(case, 5)) == START
    assert repr(decision_exercise(case, "c1-grade2")) == START
