"""The day view (casebook.model.day): one frozen Day per case day, from which every grade of the
day is computed, so the learner's grade and the reference grade share their inputs."""

from __future__ import annotations

import dataclasses
import inspect

import pytest

from casebook.feedback import compare_ice
from casebook.grading import grade_crs, grade_icans
from casebook.loading import load_case
from casebook.model import Case, Day


@pytest.fixture(scope="module", params=["case1", "case2"])
def case(request) -> Case:
    return load_case(request.param)


def test_the_grading_inputs_are_the_engines_arguments(case):
    view = case.day(case.day_numbers[0])
    assert set(view.icans_inputs) == set(inspect.signature(grade_icans).parameters) - {
        "myoclonus",
        "intracranial_hemorrhage",
    }
    assert set(view.crs_inputs) == set(inspect.signature(grade_crs).parameters) - {
        "fever_other_cause"
    }


def test_every_grade_of_a_day_comes_from_its_view(case):
    daily = case.daily().set_index("day")
    for d in case.day_numbers:
        view = case.day(d)
        assert view.icans == grade_icans(**view.icans_inputs) == case.icans(d)
        assert view.crs == grade_crs(**view.crs_inputs) == case.crs(d)
        assert view.icans_for(view.ice) == view.icans
        assert daily.loc[d, "icans_grade"] == view.icans.grade
        assert daily.loc[d, "crs_grade"] == view.crs.grade
        assert daily.loc[d, "source"] == view.source
        assert view.fever_masked == case.fever_masked(d)  # the grade input
        assert bool(daily.loc[d, "fever_masked"]) == view.crs.fever_masked  # the grade counted it
        assert view.exam is case.exams.get(d)
        assert view.ice == case.ice_total(d)
        assert view.note == case.day_note(d)


def test_the_view_is_frozen(case):
    view = case.day(case.day_numbers[-1])
    with pytest.raises(dataclasses.FrozenInstanceError):
        view.ice = 3  # type: ignore[misc]
    with pytest.raises(TypeError):
        view.findings["consciousness"] = "alert"  # type: ignore[index]
    with pytest.raises(TypeError):
        view.icans_inputs["ice"] = 0  # type: ignore[index]
    assert all(not isinstance(v, list) for v in view.findings.values())


def test_an_unknown_day_names_the_days(case):
    with pytest.raises(KeyError, match="days are"):
        case.day(999)


def test_learner_and_reference_grades_share_one_view(case, monkeypatch):
    """compare_ice reads the day once, through Case.day, and never regrades through Case."""
    day = next(d for d, e in sorted(case.exams.items()) if e.testable)
    prebuilt = case.day(day)
    views: list[Day] = []

    def spy(self, d):
        assert (self, d) == (case, day)
        views.append(prebuilt)
        return prebuilt

    monkeypatch.setattr(Case, "day", spy)
    for name in ("icans", "crs", "findings", "ice_total"):
        monkeypatch.setattr(Case, name, lambda *_a, **_k: pytest.fail("feedback reached into Case"))
    answer = case.exams[day].answer_key()
    result = compare_ice(case, day, answer)
    assert len(views) == 1
    assert result.reference_grade == views[0].icans
    assert result.learner_grade == views[0].icans_for(result.learner_total)
