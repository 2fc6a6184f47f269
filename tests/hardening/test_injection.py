"""Injection: HTML and script in any case text (every free-text field of every file) or in
learner input (response files) is shown as text, never as markup: in every widget, in plots and
tables, in the class report and in my_progress."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import ipywidgets as w
import pytest
from hardkit import (
    PAYLOAD,
    PAYLOAD_ESCAPED,
    ROOT,
    SCRIPT_ESCAPED,
    assert_inert,
    copy_bundled,
    descendants,
    exercise_all,
    fill_ice,
    inject_payload,
    page,
    press,
    shown,
)

from casebook import loading, responses
from casebook.loading import load_case
from casebook.plots import course_table, patient_table, plot_comparison, plot_course
from casebook.report import build_report, my_progress
from casebook.widgets.answer import _ESM as ANSWER_ESM
from casebook.widgets.answer import AnswerArea


@pytest.fixture(scope="module")
def payload_cases(tmp_path_factory):
    """Every bundled case with PAYLOAD in every free-text field; they must still validate."""
    parent = tmp_path_factory.mktemp("payload")
    cases = []
    bundled = loading.list_cases()  # every bundled case, however many
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(loading.paths, "data_dir", lambda: parent / "data")
        for case_id in bundled:
            folder = copy_bundled(parent, case_id)
            inject_payload(folder)
            cases.append(load_case(folder))
    return cases


def test_the_payload_reached_every_kind_of_text(payload_cases):
    """Guard against a payload case that silently lost its payload."""
    for case in payload_cases:
        assert PAYLOAD in case.title and PAYLOAD in case.summary
        assert all(PAYLOAD in d.title and PAYLOAD in d.narrative for d in case.days)
        assert all(PAYLOAD in o.note for o in case.observations)
        for exam in case.exams.values():
            assert PAYLOAD in exam.setting
            for item in exam.items.values():
                assert PAYLOAD in item.reason and all(PAYLOAD in t for t in item.transcript)
        for d in case.decisions:
            assert PAYLOAD in d.situation and PAYLOAD in d.guideline and PAYLOAD in d.question
            assert all(PAYLOAD in t.text for t in d.team_did)
            for o in d.options:
                assert PAYLOAD in o.rationale and PAYLOAD in o.intervention.label
                assert PAYLOAD in o.intervention.description
        assert all(PAYLOAD in r.citation and PAYLOAD in r.short for r in case.references.values())
        assert PAYLOAD in case.patient.facts["diagnosis"].value


def _walk_strings(value, path=""):
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _walk_strings(v, f"{path}.{k}")
    elif isinstance(value, (list, tuple)):
        for i, v in enumerate(value):
            yield from _walk_strings(v, f"{path}[{i}]")
    elif hasattr(value, "tolist"):  # numpy arrays in plotly JSON
        yield from _walk_strings(value.tolist(), path)


def assert_figure_inert(fig, where: str) -> str:
    """Every string of the figure (titles, names, text, hover templates, custom data,
    annotations) is inert; returns them joined, to look for the escaped payload."""
    strings = list(_walk_strings(fig.to_plotly_json()))
    for path, text in strings:
        assert_inert(text, f"{where}{path}")
    return "\n".join(text for _, text in strings)


def assert_widget_inert(widget, where: str) -> str:
    """No HTML value carries markup from the payload; no description is rendered as HTML;
    nothing failed. Returns the HTML values joined."""
    shown = []
    for d in descendants(widget):
        name = f"{where}/{type(d).__name__}{list(getattr(d, '_dom_classes', ()))}"
        if isinstance(d, AnswerArea):  # every fragment the page may show, and what it shows
            for path, text in _walk_strings(d.table):
                assert_inert(text, f"{name}.table{path}")
                shown.append(text)
            page = getattr(widget, "_test_page", None)
            for text in (page.feedback, page.verdict) if page else ():
                assert_inert(text, f"{name} shown")
                assert not page.error, text
                shown.append(text)
            for _, text in _walk_strings(d.spec):
                shown.append(text)  # set with textContent in the page: text, never markup
        assert "casebook-error" not in getattr(d, "_dom_classes", ()), d.value
        if isinstance(d, (w.HTML, w.HTMLMath)):
            assert_inert(d.value, name)
            shown.append(d.value)
        if hasattr(d, "description_allow_html"):
            assert d.description_allow_html is False, name
        if hasattr(d, "description"):
            shown.append(d.description)  # text, never markup (checked above)
    for d in descendants(widget):
        for fig in getattr(d, "children", ()):
            if hasattr(fig, "to_plotly_json"):
                shown.append(assert_figure_inert(fig, where + "/figure"))
    return "\n".join(shown)


def test_every_widget_shows_case_text_as_text(payload_cases, response_file):
    for case in payload_cases:
        widgets = exercise_all(case)
        everything = "\n".join(assert_widget_inert(widget, case.id) for widget in widgets)
        # the payload was shown (escaped), in feedback as well as in the questions
        assert PAYLOAD_ESCAPED in everything
        feedback = "\n".join(
            value
            for widget in widgets
            for cls in ("casebook-ice-feedback-area", "casebook-decision-feedback-area")
            for value in shown(widget, cls)
        )
        assert SCRIPT_ESCAPED in feedback
    assert response_file.exists()  # the Checks and Submits were recorded


def record_some(case) -> None:
    """Real records from the payload case: one ICE Check and one decision Submit."""
    from casebook.widgets import decision_exercise, ice_exercise

    day = next(d for d, exam in sorted(case.exams.items()) if exam.testable)
    ex = ice_exercise(case, day)
    fill_ice(ex)
    press(ex)
    ex = decision_exercise(case, case.decisions[0].id)
    page(ex).choose([case.decisions[0].options[0].id])
    press(ex)


def test_checkbox_labels_carry_the_payload_as_plain_text(payload_cases):
    from casebook.widgets import decision_exercise

    case = payload_cases[0]
    ex = decision_exercise(case, case.decisions[0].id)
    options = page(ex).area.spec["options"]  # drawn in the page with textContent
    assert options and all(PAYLOAD in o["label"] for o in options)
    assert "node.textContent = text" in ANSWER_ESM  # labels are text, never markup
    assigned = set(re.findall(r"innerHTML = ([^;]+);", ANSWER_ESM))
    assert assigned == {"v", "f", "msg.warning + feedback.innerHTML", "msg.verdict"}
    for o in options:  # nothing else of the case is in the spec
        assert set(o) == {"id", "label", "description"}


def test_plots_and_tables_show_case_text_as_text(payload_cases):
    for case in payload_cases:
        joined = assert_figure_inert(plot_course(case), f"plot_course({case.id})")
        assert SCRIPT_ESCAPED in joined  # notes and titles shown, escaped
        days = case.day_numbers
        for day in (days[0], days[len(days) // 2], days[-1]):
            assert_figure_inert(plot_course(case, until_day=day), f"{case.id} day {day}")
            assert_inert(course_table(case, until_day=day).to_html(), f"table {day}")
        table = course_table(case).to_html()
        assert_inert(table, f"course_table({case.id})")
        assert SCRIPT_ESCAPED in table
        facts = patient_table(case).to_html()
        assert_inert(facts, f"patient_table({case.id})")
        assert SCRIPT_ESCAPED in facts
    joined = assert_figure_inert(plot_comparison(payload_cases), "plot_comparison")
    assert SCRIPT_ESCAPED in joined


# -- learner input: response files ---------------------------------------------------------------
def hostile_records() -> list[dict]:
    """Records a hand-edited or forged response file could hold: markup in every free field."""
    base = {
        "v": 1,
        "time": "2026-11-25T19:30:00+00:00",
        "learner": "tester",
        "day": 3,
        "attempt": 1,
        "mode": "practice",
    }
    return [
        {
            **base,
            "case": PAYLOAD,
            "exercise": "ice",
            "answer": {"orientation": {PAYLOAD: True}, "naming": PAYLOAD},
            "result": {
                "score": 7,
                "reference": 8,
                "correct": False,
                "items": {PAYLOAD: {"learner": PAYLOAD, "reference": 1, "correct": False}},
                "grade": 1,
                "reference_grade": 1,
            },
        },
        {
            **base,
            "learner": PAYLOAD,
            "case": "case1",
            "exercise": "decision",
            "answer": {"chosen": [PAYLOAD]},
            "result": {
                "score": 0.5,
                "reference": [PAYLOAD],
                "correct": False,
                "items": {
                    PAYLOAD: {"chosen": True, "class": "harmful"},
                    "x" + PAYLOAD: {"chosen": False, "class": "essential"},
                },
                "decision": PAYLOAD,
            },
        },
        {
            **base,
            "case": "case1",
            "exercise": "decision",
            "answer": {},
            "result": {"correct": True, "score": 1, "decision": PAYLOAD, "items": {}},
        },
    ]


def write_hostile_file(path: Path) -> None:
    lines = [json.dumps(r, ensure_ascii=False) for r in hostile_records()]
    lines.append(PAYLOAD)  # a line that is not JSON: its problem message quotes nothing raw
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_learner_id_with_markup_is_refused():
    for bad in (PAYLOAD, "<b>x</b>", 'a"onmouseover=alert(1)'):
        with pytest.raises(ValueError):
            responses.set_learner(bad)


def test_class_report_shows_learner_input_as_text(tmp_path, payload_cases, response_file):
    record_some(payload_cases[1])
    hostile = tmp_path / "class" / "hostile.jsonl"
    hostile.parent.mkdir()
    write_hostile_file(hostile)
    records, problems = responses.read_responses([response_file, hostile])
    assert len(records) >= 3 and len(problems) == 1
    document = build_report(records, problems)
    assert_inert(document, "build_report")
    assert "<script" not in document.lower()
    assert SCRIPT_ESCAPED in document
    out = tmp_path / "report.html"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "casebook",
            "report",
            str(response_file),
            str(hostile.parent),
            "-o",
            str(out),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    written = out.read_text(encoding="utf-8")
    assert_inert(written, "python -m casebook report")
    assert SCRIPT_ESCAPED in written


def test_my_progress_shows_learner_input_as_text(tmp_path, payload_cases, response_file):
    record_some(payload_cases[0])
    with open(response_file, "a", encoding="utf-8") as fh:
        for record in hostile_records():
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
        fh.write(PAYLOAD + "\n")
    progress = my_progress()
    page = progress._repr_html_()
    assert_inert(page, "my_progress")
    assert SCRIPT_ESCAPED in page  # the case name and decision id, escaped
    assert "not a complete JSON object" in page
    assert len(progress.rows) >= 3
