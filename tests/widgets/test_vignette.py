"""vignette_exercise driven headless: labelled grade choices, feedback with the engine's grade,
its explanation and the teaching point with its source; nothing recorded; errors in the widget."""

from __future__ import annotations

import dataclasses

import ipywidgets as w
import pytest
from widgetkit import SCRIPT, all_state, assert_no_raw_script, descendants, find, has, text_of

import casebook.widgets.vignette as vignette_module
from casebook.loading import CaseDataError, Problem, load_vignettes
from casebook.widgets import vignette_exercise


def feedback(ex: w.VBox) -> str:
    return text_of(find(ex, "casebook-vignette-feedback-area").value)


def answer(ex: w.VBox, icans: int, crs: int | None = None) -> str:
    find(ex, "casebook-vignette-icans").value = icans
    if crs is not None:
        find(ex, "casebook-vignette-crs").value = crs
    find(ex, "casebook-vignette-check").click()
    return feedback(ex)


def test_shows_the_story_with_provenance_and_labelled_choices():
    ex = vignette_exercise("awake-global-aphasia")
    assert "casebook-vignette-exercise" in ex._dom_classes
    story = text_of(find(ex, "casebook-vignette-text").value)
    assert "global aphasia" in story.lower() or "intelligible" in story
    assert "source: reconstructed" in story
    icans = find(ex, "casebook-vignette-icans")
    assert isinstance(icans, w.RadioButtons)
    assert icans.description == "ICANS grade (0-4, ASTCT 2019):" and icans.value is None
    assert icans.style.description_width == "initial"
    assert icans.options == tuple((f"ICANS {g}", g) for g in range(5))
    assert not has(ex, "casebook-vignette-crs")
    assert not any(isinstance(d, w.Output) for d in descendants(ex))
    assert "not recorded" in all_state(ex)


def test_crs_choice_only_when_the_vignette_has_crs_findings():
    ex = vignette_exercise("comfort-oxygen")
    crs = find(ex, "casebook-vignette-crs")
    assert "CRS grade" in crs.description and crs.value is None
    assert isinstance(crs, w.RadioButtons) and crs.options[4] == ("CRS 4", 4)


def test_check_without_a_choice_asks_for_one():
    ex = vignette_exercise("masked-fever-fluids")
    find(ex, "casebook-vignette-icans").value = 0
    find(ex, "casebook-vignette-check").click()
    text = feedback(ex)
    assert "Not checked" in text and "CRS grade" in text and "Teaching point" not in text


def test_correct_answer_shows_symbol_words_rule_and_source():
    text = answer(vignette_exercise("awake-global-aphasia"), 3)
    assert "✓ Correct: ICANS grade 3" in text
    assert "grade 3, not 4" in text  # the engine's explanation line for the ICE domain
    assert "Teaching point:" in text and "global aphasia" in text
    assert "Source: ASTCT 2019 (Lee et al.)" in text and "Biol Blood Marrow Transplant" in text


def test_wrong_answer_shows_the_engine_grade():
    text = answer(vignette_exercise("unarousable"), 3)
    assert "✗ Not correct: you chose ICANS grade 3" in text
    assert "The engine gives ICANS grade 4 (life-threatening)" in text
    assert "unarousable" in text


def test_both_scales_judged_separately():
    text = answer(vignette_exercise("masked-fever-fluids"), 0, 1)
    assert "✓ Correct: ICANS grade 0" in text
    assert "✗ Not correct: you chose CRS grade 1" in text
    assert "The engine gives CRS grade 2" in text
    assert "fever is masked" in text


def test_tremor_explanation_says_it_never_changes_the_grade():
    text = answer(vignette_exercise("tremor-ice-10"), 1)
    assert "The engine gives ICANS grade 0" in text
    assert "do not change the ICANS grade" in text


def test_answers_are_not_recorded(response_file):
    ex = vignette_exercise("temp-38-0")
    answer(ex, 0, 1)
    answer(ex, 1, 0)
    assert not response_file.exists()


def test_every_bundled_vignette_builds_and_grades():
    for v in load_vignettes():
        ex = vignette_exercise(v.id)
        text = answer(ex, v.icans().grade, v.crs().grade if v.crs() else None)
        assert "Not correct" not in text and text.count("✓ Correct") == (2 if v.crs() else 1)


def test_unknown_id_is_shown_in_the_widget():
    ex = vignette_exercise("no-such-vignette")
    assert "casebook-vignette-error" in ex._dom_classes
    text = feedback(ex)
    assert "There is no vignette 'no-such-vignette'" in text and "awake-global-aphasia" in text


def test_a_broken_vignette_file_is_shown_in_the_widget(monkeypatch):
    problem = Problem("CB602", "vignettes.yaml", "unknown reference key 'X'", line=9)

    def broken():
        raise CaseDataError("data/vignettes.yaml", [problem])

    monkeypatch.setattr(vignette_module, "load_vignettes", broken)
    text = feedback(vignette_exercise("ice-7"))
    assert "vignettes.yaml, line 9" in text and "[CB602]" in text


def test_text_from_the_file_is_escaped(monkeypatch):
    original = load_vignettes()[0]
    tampered = dataclasses.replace(
        original,
        title=original.title + SCRIPT,
        text=original.text + SCRIPT,
        teaching_point=original.teaching_point + SCRIPT,
    )
    monkeypatch.setattr(vignette_module, "load_vignettes", lambda: (tampered,))
    ex = vignette_exercise(original.id)
    answer(ex, 2)
    assert_no_raw_script(ex)
    assert "&lt;script&gt;" in find(ex, "casebook-vignette-feedback-area").value


def test_a_failure_in_the_callback_is_shown(monkeypatch):
    def fail(*_args):
        raise RuntimeError("boom")

    monkeypatch.setattr(vignette_module, "assess_vignette", fail)
    ex = vignette_exercise("ice-7")
    text = answer(ex, 1)
    assert "Something went wrong: boom" in text
    assert "casebook-error" in find(ex, "casebook-vignette-feedback-area")._dom_classes


def test_findings_the_engine_refuses_are_named_in_words(monkeypatch):
    from casebook.grading import grade_icans

    def refuse(*_args):
        return grade_icans(ice=None, consciousness="alert")  # the engine refuses

    monkeypatch.setattr(vignette_module, "assess_vignette", refuse)
    ex = vignette_exercise("ice-7")
    text = answer(ex, 1)
    assert "This vignette cannot be graded" in text
    assert "ICE 'cannot be done' is only possible when the patient is unarousable" in text
    assert "ice=None" not in text and "Something went wrong" not in text


@pytest.mark.parametrize("vignette_id", ["ice-6", "sedated"])
def test_practice_note_is_visible(vignette_id):
    assert "Practice: your answer is not recorded" in all_state(vignette_exercise(vignette_id))
