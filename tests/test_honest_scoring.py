"""Honest scoring (issue 13): options in a fixed shuffle, contradictory and empty choices
refused, harmful and missed options named first."""

from __future__ import annotations

import re

import pytest

from casebook import html as h
from casebook.feedback import assess_decision, choice_problems, option_order
from casebook.loading import load_case


@pytest.fixture(scope="module")
def case1():
    return load_case("case1")


@pytest.fixture(scope="module")
def case2():
    return load_case("case2")


def test_option_order_is_fixed_and_not_the_file_order(case1, case2):
    for case in (case1, case2):
        for decision in case.decisions:
            shown = [o.id for o in option_order(decision)]
            assert shown == [o.id for o in option_order(decision)]  # same every call
            assert sorted(shown) == sorted(o.id for o in decision.options)
            assert shown != [o.id for o in decision.options], decision.id
    # The essential options do not all come first, as they do in the files.
    grade2 = case1.decision("c1-grade2")
    classes = [o.classification for o in option_order(grade2)]
    first = classes[: classes.count("essential")]
    assert first != ["essential"] * len(first)


def test_option_order_does_not_depend_on_file_order(case1):
    decision = case1.decision("c1-grade2")
    shuffled = type(decision)(**{**decision.__dict__, "options": decision.options[::-1]})
    assert [o.id for o in option_order(shuffled)] == [o.id for o in option_order(decision)]


def test_every_decision_offers_the_infusion_options_as_one_exclusive_group(case1, case2):
    grade4 = case2.decision("c2-grade4")
    groups = {g.id: g.members for g in grade4.exclusive_groups}
    assert groups["blinatumomab_infusion"] == (
        "continue_blinatumomab",
        "hold_blinatumomab",
        "discontinue_blinatumomab",
        "restart_9mcg",
    )
    assert {g.id for g in case1.decision("c1-day0").exclusive_groups} >= {
        "blinatumomab_start",
        "premedication",
        "first_days_setting",
    }
    assert "stay_or_discharge" in {g.id for g in case2.decision("c2-day3").exclusive_groups}


def test_two_exclusive_options_are_refused_by_name(case1):
    tremor = case1.decision("c1-tremor")
    problems = choice_problems(tremor, ["continue_blinatumomab", "hold_blinatumomab"])
    assert len(problems) == 1
    assert "Continue blinatumomab at the current dose" in problems[0]
    assert "Interrupt (hold) blinatumomab" in problems[0]
    assert "exclude each other" in problems[0]
    with pytest.raises(ValueError, match="exclude each other"):
        assess_decision(tremor, ["continue_blinatumomab", "hold_blinatumomab"])
    day0 = case1.decision("c1-day0")
    assert choice_problems(day0, ["start_blinatumomab", "start_stepup_9", "baseline_ice"])
    assert choice_problems(day0, ["start_blinatumomab", "baseline_ice"]) == []


def test_an_empty_choice_is_refused(case1):
    assert choice_problems(case1.decision("c1-day0"), []) == [
        "Choose at least one option before submitting."
    ]


def test_feedback_puts_harmful_then_missed_first_and_names_them(case1):
    grade2 = case1.decision("c1-grade2")
    fb = assess_decision(grade2, ["discontinue_blinatumomab", "eeg", "tocilizumab"])
    order = [(o.classification, o.chosen) for o in fb.options]
    harmful = order.count(("harmful", True))
    missed = order.count(("essential", False))
    assert harmful == 2 and missed == 5
    assert order[:harmful] == [("harmful", True)] * harmful
    assert order[harmful : harmful + missed] == [("essential", False)] * missed
    harmful_part, missed_part = fb.headline.split(" Essential, missed: ")
    assert harmful_part.startswith("Harmful: ")
    assert "Discontinue blinatumomab permanently" in harmful_part and "Tocilizumab" in harmful_part
    assert "Neurology review" in missed_part
    assert "and 1 more" in fb.headline  # at most four missed ones are named
    text = re.sub(r"<[^>]+>", " ", h.decision_feedback(fb))
    assert text.index("Discontinue blinatumomab permanently") < text.index("Neurology review")
    assert "Harmful: " in h.decision_verdict(fb)


def test_headline_when_all_is_right(case1):
    tremor = case1.decision("c1-tremor")
    fb = assess_decision(tremor, list(tremor.ids("essential")))
    assert fb.headline == "All 2 essential options chosen, nothing harmful."


def test_exclusive_note_names_the_groups(case1):
    note = re.sub(r"<[^>]+>", " ", h.exclusive_note(case1.decision("c1-grade2")))
    assert "These exclude each other" in note
    assert "“Continue blinatumomab at the current dose”" in note
    assert "what happens to the infusion" in note
