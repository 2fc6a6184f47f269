"""The primer (notebooks/01_ice_and_icans_primer.ipynb) in a real JupyterLab and Chromium: the
live ICANS calculator and one practice vignette."""

from __future__ import annotations

import labkit
import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

NOTEBOOK = "notebooks/01_ice_and_icans_primer.ipynb"


def test_calculator_grade_updates_live(notebook, shot):
    calc = notebook.locator(".casebook-calculator")
    expect(calc).to_have_count(1)
    result = calc.locator(".casebook-calc-result")
    expect(result).to_contain_text("ICE total: 10/10")
    expect(result).to_contain_text("ICANS grade 0")

    consciousness = calc.locator(".casebook-calc-consciousness")
    expect(consciousness.get_by_role("radio", name="alert", exact=True)).to_be_checked()
    voice = consciousness.get_by_role("radio", name="awakens to voice")
    text = labkit.text_changes(result, voice.check)
    assert "ICANS grade 2 (moderate)" in text

    seizure = calc.locator(".casebook-calc-seizure")
    rapid = seizure.get_by_role("radio", name="seizure that resolves rapidly")
    text = labkit.text_changes(result, rapid.check)
    assert "ICANS grade 3 (severe)" in text

    # An ICE item: naming 3 -> 0 takes the total to 7 (the grade stays 3: the worst domain).
    text = labkit.text_changes(result, labkit.radio(calc, "naming", 0).check)
    assert "ICE total: 7/10" in text
    assert "ICANS grade 3 (severe)" in text

    # "Cannot do the ICE" means unarousable: ticking it sets the level of consciousness.
    unarousable = calc.get_by_role("checkbox", name="Unarousable: cannot do the ICE")
    text = labkit.text_changes(result, unarousable.check)
    assert "not testable" in text and "ICANS grade 4 (life-threatening)" in text
    expect(consciousness.get_by_role("radio", name="unarousable (stupor, coma)")).to_be_checked()
    expect(calc.locator(".casebook-ice-year input")).to_be_disabled()
    shot(calc, "primer-calculator")
    assert labkit.unlabelled_inputs(calc) == []

    # Arousable again while the ICE is still marked "cannot be done": said in words.
    text = labkit.text_changes(result, voice.check)
    assert "only possible when the patient is unarousable" in text
    assert "ice=None" not in text and "awakens_to_voice" not in text
    shot(calc.locator(".casebook-calc-result"), "primer-calculator-conflict")
    text = labkit.text_changes(result, unarousable.uncheck)
    assert "ICE total: 7/10" in text


def test_vignette_wrong_then_right(notebook, shot):
    vignette = notebook.locator(
        ".casebook-vignette-exercise",
        has=notebook.get_by_text("Day 6: awake and chatting"),
    )
    expect(vignette).to_have_count(1)
    area = vignette.locator(".casebook-vignette-feedback-area")
    check = vignette.locator("button.casebook-vignette-check")
    grades = vignette.locator(".casebook-vignette-icans")

    text = labkit.text_changes(area, check.click)
    assert "Choose a grade before checking" in text

    expect(grades.locator(":scope > label.widget-label")).to_have_text(
        "ICANS grade (0-4, ASTCT 2019):"
    )
    expect(grades.locator("input:checked")).to_have_count(0)
    grades.get_by_role("radio", name="ICANS 2").check()
    text = labkit.text_changes(area, check.click)
    assert "✗ Not correct: you chose ICANS grade 2" in text
    assert "ICANS grade 1 (mild)" in text

    grades.get_by_role("radio", name="ICANS 1").check()
    text = labkit.text_changes(area, check.click)
    assert "✓ Correct: ICANS grade 1" in text
    assert "Teaching point" in text
    shot(vignette, "primer-vignette-ice-7")
    assert labkit.unlabelled_inputs(vignette) == []
