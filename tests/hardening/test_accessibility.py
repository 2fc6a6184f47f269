"""Accessibility, headless: every input has a visible label (its description, or a Label/HTML
beside it in the same HBox), every button has text, tooltips are never the only label, and
feedback says correct/incorrect in words and symbols, not only in colour. (Keyboard operation is
covered by the browser tests.)"""

from __future__ import annotations

import html
import re

import ipywidgets as w
import pytest
from hardkit import by_class, click, exercise_all, fill_ice, page, press, shown

from casebook.loading import load_case, load_vignettes
from casebook.widgets import decision_exercise, ice_exercise, vignette_exercise

TEXT_WIDGETS = (w.HTML, w.HTMLMath, w.Label)


def with_parents(widget, parent=None):
    yield widget, parent
    for child in getattr(widget, "children", ()):
        yield from with_parents(child, widget)


def visible_text(fragment: str) -> str:
    """The text a sighted reader sees, with every tag and attribute (colour, class) removed."""
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", fragment))).strip()


def has_words(text: str) -> bool:
    return bool(re.search(r"[A-Za-z]{2,}", text or ""))


@pytest.fixture(scope="module")
def all_widgets(tmp_path_factory):
    import os

    from casebook import responses

    saved = dict(responses._settings)
    old_env = os.environ.get("CASEBOOK_RESPONSES")
    os.environ["CASEBOOK_RESPONSES"] = str(tmp_path_factory.mktemp("a11y") / "r.jsonl")
    responses._settings["learner"] = "a11y"  # an exercise without an id records nothing
    try:
        made = [wid for c in ("case1", "case2") for wid in exercise_all(load_case(c))]
        for vignette in load_vignettes()[:3]:
            ex = vignette_exercise(vignette.id)
            for choice in by_class(ex, "casebook-vignette-icans") + by_class(
                ex, "casebook-vignette-crs"
            ):
                choice.value = 2
            click(by_class(ex, "casebook-vignette-check")[0])
            made.append(ex)
    finally:
        responses._settings.update(saved)
        if old_env is None:
            os.environ.pop("CASEBOOK_RESPONSES", None)
        else:
            os.environ["CASEBOOK_RESPONSES"] = old_env
    return made


def inputs_of(widgets):
    for top in widgets:
        for widget, parent in with_parents(top):
            if isinstance(widget, w.ValueWidget) and not isinstance(widget, TEXT_WIDGETS):
                yield widget, parent


def test_there_are_inputs_of_every_kind(all_widgets):
    kinds = {type(widget).__name__ for widget, _ in inputs_of(all_widgets)}
    assert "Checkbox" in kinds and len(kinds) >= 3, kinds


def test_every_input_has_a_visible_label(all_widgets):
    for widget, parent in inputs_of(all_widgets):
        label = widget.description
        if not has_words(label) and isinstance(parent, w.HBox):
            beside = [c for c in parent.children if isinstance(c, TEXT_WIDGETS)]
            label = " ".join(visible_text(c.value) for c in beside)
        assert has_words(label), f"{type(widget).__name__} {widget._dom_classes} has no label"


def test_every_input_drawn_in_the_page_has_a_label(all_widgets):
    """The answer areas (casebook.widgets.answer) draw their inputs in the page from a spec:
    each checkbox and radio button has a label with words, each radio group a legend."""
    from casebook.widgets.answer import AnswerArea

    areas = [d for top in all_widgets for d, _ in with_parents(top) if isinstance(d, AnswerArea)]
    assert {a.kind for a in areas} == {"ice", "decision"}
    for area in areas:
        spec = area.spec
        assert has_words(spec["button"]) and has_words(spec["tooltip"])
        if area.kind == "ice":
            assert has_words(spec["orientation"]["legend"])
            assert all(has_words(p["label"]) for p in spec["orientation"]["parts"])
            for item in spec["items"]:
                assert has_words(item["legend"]) and item["options"]
                assert all(has_words(o["label"]) for o in item["options"])
        else:
            assert all(has_words(o["label"]) for o in spec["options"]), spec["options"]


def test_tooltips_are_never_the_only_label(all_widgets):
    for widget, _ in inputs_of(all_widgets):
        tips = [getattr(widget, "tooltip", None)]
        tips += list(getattr(widget, "tooltips", None) or [])
        if any(tips):
            assert has_words(widget.description), widget._dom_classes


def test_every_choice_has_a_text_label(all_widgets):
    for widget, _ in inputs_of(all_widgets):
        for label in getattr(widget, "_options_labels", ()):
            assert str(label).strip(), f"an empty option label in {widget._dom_classes}"


def test_every_button_has_text_not_only_an_icon(all_widgets):
    buttons = [
        wid for top in all_widgets for wid, _ in with_parents(top) if isinstance(wid, w.Button)
    ]
    assert buttons
    for button in buttons:
        assert has_words(button.description), f"button {button._dom_classes} has only an icon"


VERDICT = re.compile(r'<span class="casebook-verdict[^"]*"[^>]*>(.*?)</span>', re.S)


def test_each_verdict_tag_has_a_symbol_and_words(all_widgets):
    areas = [
        value
        for top in all_widgets
        for cls in (
            "casebook-ice-feedback-area",
            "casebook-decision-feedback-area",
            "casebook-vignette-feedback-area",
        )
        for value in shown(top, cls)
    ]
    tags = [visible_text(t) for area in areas for t in VERDICT.findall(area)]
    assert len(tags) > 10
    for tag in tags:
        assert tag[0] in "✓✗!–", tag
        assert has_words(tag), tag


def test_ice_feedback_meaning_survives_without_colour(response_file):
    case = load_case("case1")
    day = next(d for d, e in sorted(case.exams.items()) if e.testable)
    reference = case.exams[day].items
    ex = ice_exercise(case, day)
    fill_ice(ex, full=True)
    press(ex)
    text = visible_text(page(ex).feedback)
    full = {"orientation": 4, "naming": 3}
    if any(item.points != full.get(name, 1) for name, item in reference.items()):
        assert "✗" in text and "differs" in text
    assert "✓" in text and "same" in text
    # the grades carry number and words, not only a badge colour
    assert re.search(r"ICANS grade \d \(", text)


def test_decision_feedback_meaning_survives_without_colour(response_file):
    case = load_case("case2")
    decision = next(
        d for d in case.decisions if any(o.classification == "harmful" for o in d.options)
    )
    ex = decision_exercise(case, decision.id)
    harmful = {o.id for o in decision.options if o.classification == "harmful"}
    page(ex).choose(harmful)  # harmful ones chosen (each group has at most one): incorrect
    press(ex)
    wrong = visible_text(page(ex).feedback)
    assert "✗" in wrong and re.search(r"[1-9]\d* harmful", wrong)
    ex = decision_exercise(case, decision.id)
    essential = {o.id for o in decision.options if o.classification == "essential"}
    page(ex).choose(essential)
    press(ex)
    right = visible_text(page(ex).feedback)
    assert "✓" in right and "✗" not in right
    assert re.search(rf"{len(essential)}/{len(essential)} essential, 0 harmful", right)
