"""icans_calculator driven headless: every change updates the total and the grade live."""

from __future__ import annotations

import ipywidgets as w
import pytest
from widgetkit import descendants, find, read_records, text_of

import casebook.widgets.calculator as calculator_module
from casebook.grading import LABELS, ArgumentProblem, GradingError
from casebook.widgets import icans_calculator


def result(calc: w.VBox) -> str:
    return text_of(find(calc, "casebook-calc-result").value)


@pytest.fixture
def calc():
    return icans_calculator()


def test_starts_normal(calc):
    text = result(calc)
    assert "ICE total: 10/10" in text
    assert "ICANS grade 0 (no ICANS)" in text
    assert "ASTCT 2019" in text


def test_labelled_inputs(calc):
    for name in ("consciousness", "seizure", "motor", "edema", "tremor"):
        group = find(calc, f"casebook-calc-{name}")
        assert isinstance(group, w.RadioButtons)  # keyboard-safe in JupyterLab, unlike Dropdown
        assert group.description and group.style.description_width == "initial"
        assert [label for label, _ in group.options] == list(LABELS[name].values())
        assert group.value == next(iter(LABELS[name]))  # starts at the normal finding
    for name in ("aphasia", "unarousable"):
        assert find(calc, f"casebook-calc-{name}").description
    for cls in ("year", "month", "city", "hospital", "naming", "commands", "writing", "attention"):
        assert find(calc, f"casebook-ice-{cls}").description
    assert not any(isinstance(d, w.Output) for d in descendants(calc))


def test_ice_items_update_live(calc):
    find(calc, "casebook-ice-naming").value = 0
    assert "ICE total: 7/10" in result(calc) and "ICANS grade 1 (mild)" in result(calc)
    find(calc, "casebook-ice-year").value = False
    find(calc, "casebook-ice-month").value = False
    assert "ICE total: 5/10" in result(calc) and "ICANS grade 2 (moderate)" in result(calc)
    find(calc, "casebook-ice-attention").value = 0
    find(calc, "casebook-ice-writing").value = 0
    assert "ICE total: 3/10" in result(calc) and "ICANS grade 2" in result(calc)
    find(calc, "casebook-ice-commands").value = 0
    assert "ICE total: 2/10" in result(calc) and "ICANS grade 3 (severe)" in result(calc)


def test_domains_update_live(calc):
    find(calc, "casebook-calc-consciousness").value = "awakens_to_voice"
    assert "ICANS grade 2 (moderate)" in result(calc)
    find(calc, "casebook-calc-seizure").value = "rapidly_resolving"
    assert "ICANS grade 3 (severe)" in result(calc)
    find(calc, "casebook-calc-motor").value = "deep_focal_weakness"
    assert "ICANS grade 4 (life-threatening)" in result(calc)


def test_tremor_never_changes_the_grade(calc):
    find(calc, "casebook-calc-tremor").value = "coarse"
    text = result(calc)
    assert "ICANS grade 0" in text
    assert "do not change the ICANS grade" in text


def test_ice_zero_awake_with_global_aphasia_is_grade_3(calc):
    for part in ("year", "month", "city", "hospital"):
        find(calc, f"casebook-ice-{part}").value = False
    for name in ("naming", "commands", "writing", "attention"):
        find(calc, f"casebook-ice-{name}").value = 0
    find(calc, "casebook-calc-aphasia").value = True
    text = result(calc)
    assert "ICE total: 0/10" in text and "ICANS grade 3 (severe)" in text
    assert "grade 3, not 4" in text


def test_ticking_unarousable_sets_the_consciousness(calc):
    find(calc, "casebook-calc-consciousness").value = "awakens_to_voice"
    find(calc, "casebook-calc-unarousable").value = True
    assert find(calc, "casebook-calc-consciousness").value == "unarousable"
    text = result(calc)
    assert "ICE: not testable" in text and "ICANS grade 4 (life-threatening)" in text
    assert all(find(calc, f"casebook-ice-{n}").disabled for n in ("year", "naming", "writing"))
    find(calc, "casebook-calc-unarousable").value = False
    assert not find(calc, "casebook-ice-year").disabled
    assert "ICE total: 10/10" in result(calc)


def test_arousable_with_ice_not_done_is_explained_in_words(calc):
    find(calc, "casebook-calc-unarousable").value = True
    find(calc, "casebook-calc-consciousness").value = "awakens_to_voice"
    text = result(calc)
    assert "These findings cannot be graded together" in text
    assert (
        "ICE 'cannot be done' is only possible when the patient is unarousable: set the level of "
        "consciousness to 'unarousable', or score the ICE items." in text
    )
    assert "ice=None" not in text and "awakens_to_voice" not in text
    assert "Traceback" not in text


def test_other_engine_problems_use_the_widget_labels(calc, monkeypatch):
    def refuse(**kwargs):
        choices = ("none", "prolonged_or_repetitive")
        raise GradingError(
            [
                ArgumentProblem("seizure", "rapidly_resolving", "category", "one of: ...", choices),
                ArgumentProblem("global_aphasia", 3, "flag", "True or False", (True, False)),
            ]
        )

    monkeypatch.setattr(calculator_module, "grade_icans", refuse)
    find(calc, "casebook-calc-motor").value = "deep_focal_weakness"
    text = result(calc)
    assert (
        "Seizure 'seizure that resolves rapidly' cannot be used; expected one of: 'none', "
        "'prolonged (> 5 min) or repetitive seizures'" in text
    )
    assert "Global aphasia 3 cannot be used; expected yes or no" in text
    assert "arguments are not allowed" not in text and "_" not in text


def test_failing_update_shows_a_message(calc, monkeypatch):
    def boom(**kwargs):
        raise RuntimeError("engine down")

    monkeypatch.setattr(calculator_module, "grade_icans", boom)
    find(calc, "casebook-calc-seizure").value = "rapidly_resolving"
    assert "Something went wrong: engine down" in result(calc)


def test_nothing_is_recorded(calc, response_file):
    find(calc, "casebook-ice-naming").value = 1
    assert read_records(response_file) == []
