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

    consciousness = calc.get_by_label("Level of consciousness")
    text = labkit.text_changes(result, lambda: consciousness.select_option("awakens to voice"))
    assert "ICANS grade 2 (moderate)" in text

    seizure = calc.get_by_label("Seizure")
    text = labkit.text_changes(
        result, lambda: seizure.select_option("seizure that resolves rapidly")
    )
    assert "ICANS grade 3 (severe)" in text

    # An ICE item: naming 3 -> 0 takes the total to 7 (the grade stays 3: the worst domain).
    naming = calc.locator(".casebook-ice-naming select")
    text = labkit.text_changes(result, lambda: naming.select_option("0"))
    assert "ICE total: 7/10" in text
    assert "ICANS grade 3 (severe)" in text

    unarousable = calc.get_by_role("checkbox", name="Unarousable: cannot do the ICE")
    text = labkit.text_changes(result, unarousable.check)
    assert "not testable" in text
    expect(calc.locator(".casebook-ice-year input")).to_be_disabled()
    shot(calc, "primer-calculator")
    assert labkit.unlabelled_inputs(calc) == []


def test_vignette_wrong_then_right(notebook, shot):
    vignette = notebook.locator(
        ".casebook-vignette-exercise",
        has=notebook.get_by_text("ICE 7: the bottom of the grade 1 band"),
    )
    expect(vignette).to_have_count(1)
    area = vignette.locator(".casebook-vignette-feedback-area")
    check = vignette.locator("button.casebook-vignette-check")
    grades = vignette.locator(".casebook-vignette-icans")

    text = labkit.text_changes(area, check.click)
    assert "Choose a grade before checking" in text

    grades.locator("button", has_text="2").click()
    text = labkit.text_changes(area, check.click)
    assert "✗ Not correct: you chose ICANS grade 2" in text
    assert "ICANS grade 1 (mild)" in text

    grades.locator("button", has_text="1").click()
    text = labkit.text_changes(area, check.click)
    assert "✓ Correct: ICANS grade 1" in text
    assert "Teaching point" in text
    shot(vignette, "primer-vignette-ice-7")
    assert labkit.unlabelled_inputs(vignette) == []
