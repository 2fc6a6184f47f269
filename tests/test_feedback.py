"""casebook.feedback: ICE scoring and decision choices against the reference, without widgets.

The cases here are built directly from the model (``make_case``), so every expected grade and
verdict is known by construction; tests/test_html.py reuses ``make_case``.
"""

from __future__ import annotations

import json
from types import MappingProxyType

import pytest

from casebook.feedback import (
    VERDICTS,
    assess_decision,
    compare_ice,
    ice_bands_rule,
    ice_not_testable,
    plain_problems,
)
from casebook.model import (
    Case,
    DayNote,
    Decision,
    Exam,
    IceItem,
    Intervention,
    Observation,
    Option,
    Patient,
    Reference,
    TeamAction,
)

SCRIPT = "<script>alert(1)</script>"

# day -> (consciousness, seizure, extra findings)
DAYS = {
    0: ("alert", "none", {}),
    1: ("alert", "none", {}),  # reference ICE 6 -> grade 2
    2: ("alert", "none", {"aphasia": "global"}),  # ICE 0 awake with global aphasia -> grade 3
    3: ("unarousable", "prolonged_or_repetitive", {}),  # ICE not testable -> grade 4
    4: ("alert", "rapidly_resolving", {"tremor": "fine"}),  # ICE 8, seizure -> grade 3
}
# reference orientation parts, naming, commands, writing, attention
EXAMS = {
    0: ({"year": True, "month": True, "city": True, "hospital": True}, 3, 1, 1, 1),
    1: ({"year": True, "month": True, "city": True, "hospital": False}, 1, 1, 0, 1),
    2: ({"year": False, "month": False, "city": False, "hospital": False}, 0, 0, 0, 0),
    4: ({"year": True, "month": True, "city": False, "hospital": True}, 2, 1, 1, 1),
}


def _exam(day, parts, naming, commands, writing, attention, text):
    items = {
        "orientation": IceItem(
            "orientation",
            sum(parts.values()),
            tuple(f'{p}? "{"right" if ok else "wrong"}"{text}' for p, ok in parts.items()),
            f"{sum(parts.values())} of 4 parts correct{text}",
            MappingProxyType(dict(parts)),
        ),
        "naming": IceItem("naming", naming, (f"Named {naming} objects{text}",), f"naming {naming}"),
        "commands": IceItem("commands", commands, ("Two fingers.",), f"commands {commands}"),
        "writing": IceItem("writing", writing, ("Writes.",), f"writing {writing}"),
        "attention": IceItem("attention", attention, ("100, 90...",), f"attention {attention}"),
    }
    return Exam(day, "reconstructed", f"Ward round day {day}{text}", True, MappingProxyType(items))


def make_case(text: str = "", *, team_did=None) -> Case:
    """A five-day case; ``text`` is appended to every piece of case prose (e.g. a <script>)."""
    text = f" {text}" if text else ""
    obs = []
    row = 2
    for day, (consciousness, seizure, extra) in DAYS.items():
        values = {
            "temperature": 37.0,
            "consciousness": consciousness,
            "seizure": seizure,
            "motor": "none",
            **extra,
        }
        if day == 3:
            values["ice"] = "not_testable"
        for item, value in values.items():
            unit = "C" if item == "temperature" else ("points" if item == "ice" else "-")
            obs.append(Observation(day, item, value, unit, "reconstructed", text, row))
            row += 1
    exams = {day: _exam(day, *spec, text=text) for day, spec in EXAMS.items()}
    exams[3] = Exam(
        3,
        "report",
        f"ICU, 02:00{text}",
        False,
        transcript=(f"No response to voice or touch{text}",),
        reason=f"Unarousable: the ICE cannot be done{text}",
    )
    catalogue = {
        i: Intervention(i, f"Label {i}{text}", "drugs", f"Description {i}{text}")
        for i in ("ess_a", "ess_b", "harm", "ok", "noind")
    }
    decision = Decision(
        id="d-1",
        day=1,
        title=f"Grade 2{text}",
        situation=f"Situation{text}",
        source="reconstructed",
        question=f"What now?{text}",
        options=(
            Option(catalogue["ess_a"], "essential", f"Because A{text}", "REF1"),
            Option(catalogue["ess_b"], "essential", f"Because B{text}", "REF2"),
            Option(catalogue["harm"], "harmful", f"Harms{text}", "REF1"),
            Option(catalogue["ok"], "acceptable", f"Fine{text}", "REF2"),
            Option(catalogue["noind"], "not_indicated", f"Not needed{text}", "UNKNOWN"),
        ),
        team_did=team_did
        if team_did is not None
        else (
            TeamAction(f"The team continued{text}", "report"),
            TeamAction(f"whether steroids were given{text}", "not_reported"),
            TeamAction(f"A neurologist came{text}", "reconstructed"),
        ),
        guideline=f"Guidelines say this{text}",
        guideline_refs=("REF1", "REF2"),
    )
    second = Decision(
        "d-2", 1, "Second", "Later that day", "report", "And then?",
        (Option(catalogue["ok"], "acceptable", "Fine", "REF1"),), (), "Advice", ("REF1",),
    )  # fmt: skip
    return Case(
        id="tcase",
        title=f"Test case{text}",
        summary=f"Summary{text}",
        path="/nonexistent",
        patient=Patient(MappingProxyType({})),
        days=tuple(
            DayNote(d, f"Day {d} title{text}", f"Narrative of day {d}{text}", "reconstructed")
            for d in DAYS
        ),
        observations=tuple(obs),
        exams=MappingProxyType(exams),
        decisions=(decision, second),
        catalogue=MappingProxyType(catalogue),
        references=MappingProxyType(
            {
                "REF1": Reference("REF1", "Full citation one", "Ref One 2021"),
                "REF2": Reference("REF2", "Full citation two", "Ref Two 2019"),
            }
        ),
        reported=MappingProxyType({}),
    )


def answer_from(case: Case, day: int, **changes) -> dict:
    """The reference answer of a day's exam, with some items changed."""
    answer = case.exam(day).answer_key()
    answer["orientation"] = dict(answer["orientation"])
    for key, value in changes.items():
        if key in ("year", "month", "city", "hospital"):
            answer["orientation"][key] = value
        else:
            answer[key] = value
    return answer


@pytest.fixture
def case() -> Case:
    return make_case()


# ---------------------------------------------------------------------------------------------
# ICE
def test_reference_answer_is_correct_everywhere(case):
    fb = compare_ice(case, 1, answer_from(case, 1))
    assert fb.correct and fb.grade_correct
    assert fb.wrong_items == ()
    assert (fb.learner_total, fb.reference_total) == (6, 6)
    assert fb.learner_grade.grade == fb.reference_grade.grade == 2
    assert all(item.correct for item in fb.items)
    assert fb.result == {
        "score": 6,
        "reference": 6,
        "correct": True,
        "items": {
            name: {"learner": pts, "reference": pts, "correct": True}
            for name, pts in {
                "orientation": 3,
                "naming": 1,
                "commands": 1,
                "writing": 0,
                "attention": 1,
            }.items()
        },
        "grade": 2,
        "reference_grade": 2,
    }
    json.dumps(fb.result)  # the record must be JSON


def test_reference_grade_is_the_case_engine_grade(case):
    for day in (0, 1, 2, 4):
        assert compare_ice(case, day, answer_from(case, day)).reference_grade == case.icans(day)


def test_one_wrong_item_is_named_with_transcript_and_reason(case):
    fb = compare_ice(case, 1, answer_from(case, 1, naming=3))
    assert fb.wrong_items == ("naming",)
    naming = next(i for i in fb.items if i.name == "naming")
    assert (naming.learner, naming.reference, naming.maximum) == (3, 1, 3)
    assert naming.transcript == ("Named 1 objects",)
    assert naming.reason == "naming 1"
    assert "you gave 3/3, the reference is 1/3" in naming.message
    assert (fb.learner_total, fb.reference_total) == (8, 6)
    assert fb.learner_grade.grade == 1 and fb.reference_grade.grade == 2
    assert not fb.correct and not fb.grade_correct
    assert fb.result["items"]["naming"] == {"learner": 3, "reference": 1, "correct": False}
    assert fb.result["correct"] is False
    assert any("Your ICE total 8 puts the ICE domain at grade 1" in line for line in fb.rule)


def test_orientation_parts_that_differ_even_with_the_same_points(case):
    # reference: year, month, city right, hospital wrong; learner swaps city and hospital
    fb = compare_ice(case, 1, answer_from(case, 1, city=False, hospital=True))
    orientation = fb.items[0]
    assert orientation.parts_differ == ("city", "hospital")
    assert orientation.learner == orientation.reference == 3
    assert not orientation.correct
    assert "City (you: not correct, reference: correct)" in orientation.message
    assert "Hospital (you: correct, reference: not correct)" in orientation.message
    assert fb.learner_total == fb.reference_total
    assert fb.grade_correct and not fb.correct


def test_same_grade_with_a_different_total_says_why(case):
    fb = compare_ice(case, 1, answer_from(case, 1, naming=0))  # 5 vs 6: both grade 2
    assert fb.grade_correct and not fb.correct
    assert any("both totals fall in the band for grade 2" in line for line in fb.rule)


def test_other_domain_dominates(case):
    # day 4: seizure (grade 3) dominates; ICE 10 vs reference 8 changes nothing
    fb = compare_ice(case, 4, answer_from(case, 4, city=True, naming=3))
    assert (fb.learner_total, fb.reference_total) == (10, 8)
    assert fb.learner_grade.grade == fb.reference_grade.grade == 3
    assert fb.learner_grade.drivers == ("seizure",)
    assert any("another domain (grade 3) is more severe" in line for line in fb.rule)
    assert ("Seizure", "seizure that resolves rapidly") in fb.findings
    assert ("Tremor", "fine tremor") in fb.findings
    assert any("do not change the ICANS grade" in line for line in fb.reference_grade.explanation)


def test_ice_zero_awake_aphasic_is_grade_3_not_4(case):
    fb = compare_ice(case, 2, answer_from(case, 2))
    assert fb.reference_total == 0 and fb.reference_grade.grade == 3
    assert fb.learner_grade.grade == 3
    assert any("ICE 0 in a patient who is awake" in line for line in fb.rule)
    assert ("Aphasia", "global") in fb.findings
    # a learner who gives points to an aphasic patient gets a lower grade and is told why
    wrong = compare_ice(case, 2, answer_from(case, 2, year=True, month=True, naming=3, commands=1))
    assert wrong.learner_total == 6 and wrong.learner_grade.grade == 2


def test_unarousable_day_cannot_be_scored(case):
    with pytest.raises(ValueError, match="cannot be scored on day 3") as info:
        compare_ice(case, 3, answer_from(case, 1))
    assert "ice_not_testable" in str(info.value)
    nt = ice_not_testable(case, 3)
    assert nt.grade.grade == 4
    assert nt.grade == case.icans(3)
    assert nt.transcript == ("No response to voice or touch",)
    assert any("grade 4 because the patient is unarousable" in line for line in nt.rule)
    assert all("ASTCT 2019" in line for line in nt.rule)
    with pytest.raises(ValueError, match="could be done"):
        ice_not_testable(case, 1)


def test_day_without_exam_is_a_key_error(case):
    with pytest.raises(KeyError, match="no bedside ICE exam on day 7"):
        compare_ice(case, 7, answer_from(case, 1))


def test_every_rule_line_names_its_source(case):
    fb = compare_ice(case, 1, answer_from(case, 1, naming=3, attention=0))
    assert fb.rule and all("ASTCT 2019" in line for line in fb.rule)
    assert "7-9: grade 1" in ice_bands_rule() and "3-6: grade 2" in ice_bands_rule()
    assert "0-2: grade 3" in ice_bands_rule()
    assert "unarousable" in ice_bands_rule()


def test_bad_answer_lists_every_problem(case):
    bad = {
        "orientation": {"year": 1, "month": True, "town": True},
        "naming": 4,
        "commands": "1",
        "attention": True,
        "mood": 3,
    }
    with pytest.raises(ValueError) as info:
        compare_ice(case, 1, bad)
    text = str(info.value)
    for expected in (
        "9 problems",
        "writing: missing; expected a whole number from 0 to 1",
        "'mood': not an ICE item",
        "orientation.city: missing",
        "orientation.hospital: missing",
        "orientation.town: not an orientation part",
        "orientation.year: got 1; expected True or False",
        "naming: got 4; expected a whole number from 0 to 3",
        "commands: got '1'; expected a whole number from 0 to 1",
        "attention: got True; expected a whole number from 0 to 1",
    ):
        assert expected in text


@pytest.mark.parametrize(
    ("answer", "fragment"),
    [
        (None, "must be a mapping"),
        ({"orientation": 3}, "orientation: got 3; expected a mapping"),
        ({"naming": None}, "naming: got None"),
        ({"naming": -1}, "naming: got -1"),
        ({"naming": 1.0}, "naming: got 1.0"),
    ],
)
def test_bad_answer_shapes(case, answer, fragment):
    with pytest.raises(ValueError) as info:
        compare_ice(case, 1, answer)
    assert fragment in str(info.value)


def test_feedback_is_frozen(case):
    fb = compare_ice(case, 1, answer_from(case, 1))
    with pytest.raises(AttributeError):
        fb.learner_total = 10
    with pytest.raises(TypeError):
        fb.items[0].learner_parts["year"] = False


# ---------------------------------------------------------------------------------------------
# Decisions
def test_all_essential_and_no_harm_is_correct(case):
    fb = assess_decision(case.decision("d-1"), ["ess_a", "ess_b"], cite=case.cite)
    assert fb.correct and fb.score == 1.0
    assert fb.summary == "2/2 essential, 0 harmful"
    verdicts = {o.id: o.verdict.text for o in fb.options}
    assert verdicts == {
        "ess_a": "essential - chosen",
        "ess_b": "essential - chosen",
        "harm": "harmful - avoided",
        "ok": "acceptable - not chosen",
        "noind": "not indicated - not chosen",
    }
    assert fb.result == {
        "score": 1.0,
        "reference": ["ess_a", "ess_b"],
        "correct": True,
        "items": {
            "ess_a": {"chosen": True, "class": "essential"},
            "ess_b": {"chosen": True, "class": "essential"},
            "harm": {"chosen": False, "class": "harmful"},
            "ok": {"chosen": False, "class": "acceptable"},
            "noind": {"chosen": False, "class": "not_indicated"},
        },
        "decision": "d-1",
    }


def test_every_verdict_kind(case):
    fb = assess_decision(case.decision("d-1"), ["ess_a", "harm", "ok", "noind"], cite=case.cite)
    got = {o.id: (o.verdict.text, o.verdict.tone, o.verdict.symbol) for o in fb.options}
    assert got == {
        "ess_a": ("essential - chosen", "good", "✓"),
        "ess_b": ("essential - missed", "bad", "✗"),
        "harm": ("harmful - chosen", "bad", "✗"),
        "ok": ("acceptable - chosen", "neutral", "✓"),
        "noind": ("not indicated - chosen", "warning", "!"),
    }
    assert not fb.correct and fb.score == 0.0  # a harmful choice scores 0
    assert (fb.essential_chosen, fb.essential_missed, fb.harmful_chosen) == (1, 1, 1)
    assert (fb.acceptable_chosen, fb.not_indicated_chosen) == (1, 1)
    assert fb.summary == "1/2 essential, 1 harmful, 1 not indicated"
    assert len(VERDICTS) == 8 and {v.text for v in VERDICTS.values()} >= {
        t for t, _, _ in got.values()
    }


def test_partial_score_is_a_fraction_rounded(case):
    fb = assess_decision(case.decision("d-1"), ["ess_b"], cite=case.cite)
    assert fb.score == 0.5 and not fb.correct
    assert fb.chosen == ("ess_b",)


def test_no_essential_option(case):
    assert assess_decision(case.decision("d-2"), []).score == 1.0
    assert assess_decision(case.decision("d-2"), ["ok"]).correct


def test_sources_rationales_and_the_apart_sections(case):
    fb = assess_decision(case.decision("d-1"), ["harm"], cite=case.cite)
    harm = next(o for o in fb.options if o.id == "harm")
    assert harm.source == "Ref One 2021"
    assert harm.message == "Label harm: harmful - chosen. Harms (Source: Ref One 2021)"
    assert next(o for o in fb.options if o.id == "noind").source == "UNKNOWN"  # key shown
    assert [(n.sentence, n.label) for n in fb.team_did] == [
        ("The team continued", "report"),
        ("The report does not say whether steroids were given.", "not reported"),
        ("A neurologist came", "reconstructed"),
    ]
    assert fb.guideline == "Guidelines say this"
    assert fb.guideline_sources == ("Ref One 2021", "Ref Two 2019")
    plain = assess_decision(case.decision("d-1"), ["harm"])
    assert plain.guideline_sources == ("REF1", "REF2")


def test_unknown_or_repeated_ids_are_refused(case):
    dec = case.decision("d-1")
    with pytest.raises(ValueError, match=r"unknown option ids \['nope', 'x'\]") as info:
        assess_decision(dec, ["ess_a", "nope", "x"])
    assert "'ess_a', 'ess_b', 'harm', 'ok', 'noind'" in str(info.value)
    with pytest.raises(ValueError, match="more than once"):
        assess_decision(dec, ["ess_a", "ess_a"])
    with pytest.raises(ValueError, match="collection of option ids"):
        assess_decision(dec, "ess_a")


def test_decision_result_is_json(case):
    fb = assess_decision(case.decision("d-1"), ("ess_a",))
    assert json.loads(json.dumps(fb.result)) == fb.result


# ---------------------------------------------------------------------------------------------
# The bundled cases
def test_bundled_cases_reference_answers_agree_with_the_engine():
    from casebook.loading import load_case

    for case_id in ("case1", "case2"):
        bundled = load_case(case_id)
        assert bundled.exams, case_id
        for day, exam in bundled.exams.items():
            if exam.testable:
                fb = compare_ice(bundled, day, answer_from(bundled, day))
                assert fb.correct and fb.grade_correct
                assert fb.reference_grade.grade == int(
                    bundled.daily().set_index("day").loc[day, "icans_grade"]
                )
            else:
                assert ice_not_testable(bundled, day).grade.grade == 4


def test_bundled_decisions_reference_choice_is_correct():
    from casebook.loading import load_case

    for case_id in ("case1", "case2"):
        bundled = load_case(case_id)
        for dec in bundled.decisions:
            fb = assess_decision(dec, dec.ids("essential"), cite=bundled.cite)
            assert fb.correct and fb.score == 1.0, dec.id
            assert all(o.source != o.ref or o.ref not in bundled.references for o in fb.options)


# -- engine messages in words ------------------------------------------------------------------
NAMES = {"ice": "ICE total", "consciousness": "Level of consciousness", "seizure": "Seizure"}


def _refusal(**findings):
    from casebook.grading import GradingError, grade_icans

    with pytest.raises(GradingError) as err:
        grade_icans(**findings)
    return err.value


def test_plain_problems_ice_not_done_while_arousable():
    message = _refusal(ice=None, consciousness="awakens_to_voice")
    assert plain_problems(message, NAMES) == (
        "ICE 'cannot be done' is only possible when the patient is unarousable: set the level of "
        "consciousness to 'unarousable', or score the ICE items.",
    )


def test_plain_problems_use_labels_for_names_and_values_one_line_each():
    message = _refusal(ice=11, consciousness="awake_ish", seizure="rapidly_resolving")
    lines = plain_problems(message, NAMES)
    assert lines[0] == "ICE total 11 cannot be used; expected a whole number from 0 to 10"
    assert lines[1].startswith("Level of consciousness 'awake ish' cannot be used; expected one")
    assert "'awakens only to touch'" in lines[1] and "'unarousable (stupor, coma)'" in lines[1]
    assert len(lines) == 2 and not any("=" in line or "_" in line for line in lines)


def test_plain_problems_unknown_names_lose_their_underscores():
    lines = plain_problems(_refusal(ice=3, global_aphasia="yes"), {})
    assert lines == ("global aphasia 'yes' cannot be used; expected yes or no",)


def test_plain_problems_cover_every_kind_of_refusal():
    from casebook.grading import GradingError, grade_crs

    lines = plain_problems(_refusal(ice=3, other_cause=("ice", "mood_swing")), {})
    assert lines == (
        "other cause ('ice', 'mood swing') cannot be used ('mood swing' unknown); expected "
        "domain names from: 'ice', 'consciousness', 'seizure', 'motor', 'edema'",
    )
    lines = plain_problems(_refusal(ice=3, other_cause="ice"), {"other_cause": "Another cause"})
    assert lines == (
        "Another cause 'ice' cannot be used; expected a collection (e.g. a tuple) of domain "
        "names from: 'ice', 'consciousness', 'seizure', 'motor', 'edema'",
    )
    with pytest.raises(GradingError) as err:
        grade_crs(temperature_c=50, oxygen="mask")
    assert plain_problems(err.value, {"temperature_c": "Temperature (C)"}) == (
        "Temperature (C) 50 cannot be used; expected a number of degrees Celsius from 25 to 45",
        "oxygen 'mask' cannot be used; expected one of: 'none', 'oxygen for comfort only', "
        "'oxygen for another cause (e.g. after a seizure)', 'low flow (<= 6 L/min) or blow-by', "
        "'high flow (> 6 L/min), facemask, non-rebreather "
        "or Venturi', 'positive pressure (CPAP, BiPAP, ventilation)'",
    )


def test_plain_problems_read_no_message_text(monkeypatch):
    """Rewording the engine's messages changes nothing a person reads."""
    from casebook.grading import ArgumentProblem, GradingError

    err = _refusal(ice=11, consciousness="awake_ish")
    before = plain_problems(err, NAMES)
    monkeypatch.setattr(ArgumentProblem, "message", property(lambda self: "reworded"))
    monkeypatch.setattr(GradingError, "__str__", lambda self: "reworded entirely")
    assert str(err) == "reworded entirely"
    assert plain_problems(err, NAMES) == before


# -- practice vignettes ---------------------------------------------------------------------------
def test_assess_vignette_judges_each_scale_against_the_engine():
    from casebook.feedback import assess_vignette
    from casebook.loading import load_vignettes

    vignettes = load_vignettes()
    with_crs = next(v for v in vignettes if v.crs_findings is not None)
    icans, crs = with_crs.icans().grade, with_crs.crs().grade
    fb = assess_vignette(with_crs, icans, crs)
    assert fb.correct and fb.icans.correct and fb.crs.correct
    assert fb.icans.grade == with_crs.icans() and fb.crs.grade == with_crs.crs()
    assert fb.teaching_point == with_crs.teaching_point and fb.reference == with_crs.reference
    wrong = assess_vignette(with_crs, icans, (crs + 1) % 5)
    assert not wrong.correct and wrong.icans.correct and not wrong.crs.correct
    assert assess_vignette(with_crs, icans).crs is None  # no CRS grade chosen: not judged
    without = next(v for v in vignettes if v.crs_findings is None)
    assert assess_vignette(without, 0, 3).crs is None
    assert "consciousness: " in fb.icans.findings and "temperature (C): " in fb.crs.findings
