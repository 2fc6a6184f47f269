"""decision_exercise driven headless (as the page does: tests/widgets/widgetkit.Page): choose,
Submit, revise, read feedback, the Saved status and the records."""

from __future__ import annotations

import dataclasses
import json

import ipywidgets as w
import pytest
from widgetkit import (
    SCRIPT,
    assert_no_raw_script,
    descendants,
    find,
    page,
    read_records,
    text_of,
    with_script,
)

import casebook.widgets.decision as decision_module
from casebook.widgets import decision_exercise


def choose(exercise: w.VBox, ids) -> None:
    page(exercise).choose(ids)


def submit(exercise: w.VBox) -> str:
    page(exercise).click()
    return text_of(page(exercise).feedback)


@pytest.fixture
def grade2(case1):
    return case1.decision("c1-grade2")


def test_situation_question_and_labelled_options(case1, grade2):
    ex = decision_exercise(case1, "c1-grade2")
    situation = text_of(find(ex, "casebook-decision-situation-area").value)
    assert grade2.situation in situation and grade2.question in situation
    assert f"source: {grade2.source}" in situation
    spec = page(ex).area.spec
    by_id = {o["id"]: o for o in spec["options"]}
    assert set(by_id) == {o.id for o in grade2.options}
    for option in grade2.options:
        assert by_id[option.id]["label"] == option.label
        assert by_id[option.id]["description"] == option.intervention.description
    shown = " ".join(text_of(d.value) for d in descendants(ex) if isinstance(d, w.HTML))
    shown += json.dumps(spec)
    for option in grade2.options:
        assert option.rationale not in shown  # no answer before Submit
    assert page(ex).feedback == ""


def test_reference_choice(case1, grade2, response_file, capsys):
    ex = decision_exercise(case1, "c1-grade2")
    essential = grade2.ids("essential")
    choose(ex, essential)
    text = submit(ex)
    assert f"✓ This attempt: {len(essential)}/{len(essential)} essential, 0 harmful." in text
    for option in grade2.options:
        assert option.label in text and option.rationale in text
        assert case1.cite(option.ref) in text
    for oid in essential:
        assert f"✓ essential - chosen {grade2.option(oid).label}" in text
    for oid in grade2.ids("harmful"):
        assert f"✓ harmful - avoided {grade2.option(oid).label}" in text
    assert "First attempt" not in text
    assert capsys.readouterr() == ("", "")
    [record] = read_records(response_file)
    assert (record["case"], record["day"], record["exercise"]) == ("case1", 5, "decision")
    assert record["answer"] == {"chosen": list(essential)}
    assert record["result"]["score"] == 1.0 and record["result"]["correct"] is True
    assert record["result"]["reference"] == list(essential)
    assert record["result"]["decision"] == "c1-grade2"
    assert record["result"]["items"] == {
        o.id: {"chosen": o.id in essential, "class": o.classification} for o in grade2.options
    }


def test_team_did_and_guidelines_are_kept_apart(case1, grade2):
    ex = decision_exercise(case1, "c1-grade2")
    choose(ex, ["eeg"])
    text = submit(ex)
    team, guide = text.index("What the team did"), text.index("What the guidelines advise")
    last_option = max(text.index(o.rationale) for o in grade2.options)
    assert last_option < team < guide
    for action in grade2.team_did:
        assert action.sentence in text[team:guide]
    assert grade2.guideline in text[guide:]
    for ref in grade2.guideline_refs:
        assert case1.cite(ref) in text[guide:]


def test_harmful_and_missed_then_resubmit_keeps_first_scored(case1, grade2, response_file):
    ex = decision_exercise(case1, "c1-grade2")
    harmful = grade2.ids("harmful")
    essential = grade2.ids("essential")
    assert harmful and essential
    choose(ex, harmful[:1])
    text = submit(ex)
    assert f"✗ harmful - chosen {grade2.option(harmful[0]).label}" in text
    assert f"✗ essential - missed {grade2.option(essential[0]).label}" in text
    choose(ex, essential)
    text = submit(ex)
    assert f"First attempt (scored): 0/{len(essential)} essential, 1 harmful." in text
    assert f"This attempt: {len(essential)}/{len(essential)} essential, 0 harmful." in text
    records = read_records(response_file)
    assert [r["attempt"] for r in records] == [1, 2]
    assert [r["result"]["score"] for r in records] == [0.0, 1.0]
    choose(ex, essential[:1])
    text = submit(ex)  # the first attempt stays the scored one
    assert f"First attempt (scored): 0/{len(essential)} essential, 1 harmful." in text
    choose(ex, [])
    assert "Choose at least one option" in submit(ex)  # refused, not recorded
    assert len(read_records(response_file)) == 3
    assert [r["attempt"] for r in page(ex).replies] == [1, 2, 3]


def test_not_indicated_is_a_gentle_warning(case1, case2):
    found = [
        (case, d, d.ids("not_indicated")[0])
        for case in (case1, case2)
        for d in case.decisions
        if d.ids("not_indicated")
    ]
    assert found, "the bundled cases offer no not-indicated option"
    case, decision, option_id = found[0]
    ex = decision_exercise(case, decision.id)
    choose(ex, [*decision.ids("essential"), option_id])
    text = submit(ex)
    assert f"! not indicated - chosen {decision.option(option_id).label}" in text
    assert "✓ This attempt:" in text  # still correct: a warning, not a fault


def test_by_day_and_by_id(case1, case2):
    by_day = decision_exercise(case2, 4)
    assert page(by_day).area.spec["ids"] == [o.id for o in case2.decision(4).options]
    assert case2.decision(4).situation in text_of(
        find(by_day, "casebook-decision-situation-area").value
    )
    by_id = decision_exercise(case1, "c1-tremor")
    assert case1.decision("c1-tremor").title in text_of(
        find(by_id, "casebook-decision-situation-area").value
    )
    with pytest.raises(KeyError, match="no decision point 'nope'"):
        decision_exercise(case1, "nope")


def test_assessment_mode_withholds_feedback(case1, grade2, response_file, assessment):
    ex = decision_exercise(case1, "c1-grade2")
    choose(ex, grade2.ids("harmful"))
    text = submit(ex)
    assert "Answer recorded (attempt 1). Feedback is withheld" in text
    for option in grade2.options:
        assert option.rationale not in text
    assert "harmful" not in text and "What the team did" not in text
    table = json.dumps(page(ex).area.table)
    assert "key" not in page(ex).area.table and "harmful" not in table
    for option in grade2.options:
        assert option.rationale[:40] not in table
    [record] = read_records(response_file)
    assert record["mode"] == "assessment"
    assert page(ex).status == "✓ Saved"


def test_unwritable_file_warns(case1, tmp_path, monkeypatch):
    target = tmp_path / "no" / "such" / "r.jsonl"
    monkeypatch.setenv("CASEBOOK_RESPONSES", str(target))
    ex = decision_exercise(case1, "c1-grade2")
    choose(ex, ["eeg"])
    text = submit(ex)
    assert "Answer not saved" in text and str(target) in text
    assert "What the team did" in text


def test_failing_callback_shows_a_message(case1, monkeypatch):
    def boom(*args, **kwargs):
        raise KeyError("missing reference")

    monkeypatch.setattr(decision_module, "assess_decision", boom)
    ex = decision_exercise(case1, "c1-grade2")
    choose(ex, ["eeg"])
    assert "Something went wrong: 'missing reference'" in submit(ex)


def test_case_text_is_escaped(case1):
    evil = with_script(case1)
    ex = decision_exercise(evil, "c1-grade2")
    assert SCRIPT in text_of(find(ex, "casebook-decision-situation-area").value)
    choose(ex, ["eeg"])
    text = submit(ex)
    assert SCRIPT in text
    assert "<script" not in page(ex).feedback.lower()
    assert "<script" not in page(ex).verdict.lower()
    assert_no_raw_script(ex)


@pytest.mark.parametrize("case_id", ["case1", "case2"])
def test_every_bundled_decision_reference_choice_is_correct(case1, case2, case_id):
    case = {"case1": case1, "case2": case2}[case_id]
    for decision in case.decisions:
        ex = decision_exercise(case, decision.id)
        choose(ex, decision.ids("essential"))
        assert "✓ This attempt:" in submit(ex), decision.id


def test_a_day_with_several_decisions_names_the_others(case1):
    extra = dataclasses.replace(case1.decision("c1-grade2"), id="c1-grade2-later", title="Later")
    case = dataclasses.replace(case1, decisions=(*case1.decisions, extra))
    by_day = decision_exercise(case, 5)
    assert "this is the first" in text_of(by_day.children[0].value)
    assert "c1-grade2-later" in text_of(by_day.children[0].value)
    by_id = decision_exercise(case, "c1-grade2-later")
    assert "this is the first" not in " ".join(
        text_of(d.value) for d in descendants(by_id) if isinstance(d, w.HTML)
    )
    assert "Later" in text_of(find(by_id, "casebook-decision-situation-area").value)
